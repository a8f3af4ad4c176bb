using Appliance.Core.Schema;

namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>SQL102: a foreign key whose columns do not lead any index (a primary key or unique constraint counts).</summary>
internal sealed class UnindexedForeignKeyRule : ISchemaLintRule
{
    public LintRule Rule { get; } = new(
        "SQL102",
        "unindexed-foreign-key",
        "Foreign key without an index",
        "The database looks up the referencing rows whenever a referenced row is deleted or its key changes, and joins usually follow the foreign key: without an index starting with the foreign key columns, each of those reads the whole table.",
        LintSeverity.Warning,
        LintRuleTarget.Schema,
        CanRewrite: false);

    public IEnumerable<LintFinding> Check(Table table, SchemaLintContext context)
    {
        foreach (var key in table.ForeignKeys.Where(k => k.Columns.Count > 0))
        {
            if (SchemaFacts.Keys(table).Any(k => Leads(k.Columns, key.Columns)) || table.Indexes.Any(i => Serves(i, key.Columns)))
            {
                continue;
            }

            var columns = context.Columns(key.Columns);
            var referenced = context.Quote(key.ReferencedTable);
            var message = $"Foreign key {context.TableName(table)} ({columns}) → {referenced} ({context.Columns(key.ReferencedColumns)}) has no index starting with {columns}: deleting or updating a row of {referenced} reads all of {context.TableName(table)}, and joins along the key cannot seek.";
            var index = IndexNames.Create(table, key.Columns, context);
            var suggestion = $"CREATE INDEX {index} ON {IndexNames.Qualified(table, context)} ({columns});";
            yield return context.Finding(Rule, table, message, suggestion);
        }
    }

    private static bool Leads(IReadOnlyList<string> keyColumns, IReadOnlyList<string> foreignKey) =>
        keyColumns.Count >= foreignKey.Count && foreignKey.Select((c, i) => SqlFacts.SameName(c, keyColumns[i])).All(x => x);

    /// <summary>An index whose leading columns are the foreign key's, in order, usable for every lookup the key needs.</summary>
    private static bool Serves(TableIndex index, IReadOnlyList<string> foreignKey)
    {
        if (!SchemaFacts.IsSeekable(index) || index.Columns.Count < foreignKey.Count ||
            (SqlFacts.SameName(index.Method ?? "", "hash") && index.Columns.Count != foreignKey.Count))
        {
            return false;
        }

        // A partial index WHERE fk IS NOT NULL still covers every lookup, as a NULL key references nothing.
        if (index.Filter is { } filter && !foreignKey.Any(c => Normalized(filter) == Normalized(c + " IS NOT NULL")))
        {
            return false;
        }

        return foreignKey.Select((c, i) => !index.Columns[i].IsExpression && SqlFacts.SameName(index.Columns[i].Name, c)).All(x => x);
    }

    private static string Normalized(string text) =>
        string.Join(" ", text.Trim().TrimStart('(').TrimEnd(')').Replace("\"", "", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
}
