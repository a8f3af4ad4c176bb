using System.Text;
using Appliance.Core.Schema;

namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>Index names, descriptions and DDL advice for the schema rules.</summary>
internal static class IndexNames
{
    public static string Signature(TableIndex index) =>
        string.Join(",", index.Columns.Select(c => (c.IsExpression ? "expr:" : "") + c.Name.ToLowerInvariant() + (c.Descending ? " desc" : ""))) +
        "|" + Method(index) +
        "|" + string.Join(" ", (index.Filter ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant() +
        "|" + string.Join(",", index.IncludedColumns.Select(c => c.ToLowerInvariant()).Order(StringComparer.Ordinal));

    private static string Method(TableIndex index) => index.Method?.ToLowerInvariant() switch
    {
        null or "" or "nonclustered" => "btree",
        var method => method,
    };

    public static string Describe(TableIndex index, SchemaLintContext context) =>
        string.Join(", ", index.Columns.Select(c => (c.IsExpression ? c.Name : context.Quote(c.Name)) + (c.Descending ? " DESC" : ""))) +
        (index.Filter is null ? "" : " WHERE " + index.Filter);

    public static string Qualified(Table table, SchemaLintContext context) =>
        context.Dialect == SqlDialect.Sqlite ? context.Quote(table.Name) : context.Quote(table.Schema) + "." + context.Quote(table.Name);

    /// <summary>A conventional name for a new index: ix_table_col1_col2, with anything odd replaced by underscores.</summary>
    public static string Create(Table table, IEnumerable<string> columns, SchemaLintContext context)
    {
        var name = new StringBuilder("ix");
        foreach (var part in columns.Prepend(table.Name))
        {
            name.Append('_');
            foreach (var c in part)
            {
                name.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
            }
        }

        return context.Quote(name.ToString());
    }

    public static string DropAdvice(TableIndex index, Table table, SchemaLintContext context)
    {
        if (index.IsPrimaryKey || table.UniqueConstraints.Any(u => u.Name == index.Name) || index.Name.StartsWith("sqlite_autoindex_", StringComparison.Ordinal))
        {
            return $"{context.Quote(index.Name)} backs a constraint: drop the duplicate constraint (or the other index) instead.";
        }

        var name = context.Quote(index.Name);
        return context.Dialect switch
        {
            SqlDialect.Postgres => $"DROP INDEX {context.Quote(table.Schema)}.{name};",
            SqlDialect.MySql => $"DROP INDEX {name} ON {Qualified(table, context)};",
            SqlDialect.TSql => $"DROP INDEX {name} ON {Qualified(table, context)};",
            _ => $"DROP INDEX {name};",
        };
    }
}
