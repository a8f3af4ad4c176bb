using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>
/// SQL009: OFFSET pagination with a large or variable offset. When the ORDER BY is a unique key of one table, the
/// query is rewritten for keyset pagination: WHERE key &gt; (the last key of the previous page), no OFFSET.
/// </summary>
internal sealed partial class LargeOffsetRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL009",
        "large-offset",
        "Deep OFFSET pagination",
        "OFFSET n still reads the n skipped rows and throws them away, so every page costs more than the one before and deep pages are slow; rows inserted meanwhile also shift the pages.",
        LintSeverity.Warning,
        LintRuleTarget.Query,
        CanRewrite: true);

    [GeneratedRegex(@"^\$(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberedParameter();

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var query in SqlTree.Descendants(context.Statement).OfType<SqlQuery>())
        {
            if (query.Limit?.Offset is not { } offset)
            {
                continue;
            }

            var value = SqlFacts.IntegerValue(offset);
            var variable = value is null && SqlFacts.ExpressionNodes(offset).Any(n => n is ParameterExpression);
            if (!(value >= context.Options.LargeOffset || variable))
            {
                continue;
            }

            var message = variable
                ? $"OFFSET {context.Sql(offset)} grows with the page number: a deep page reads and discards every row before it."
                : $"OFFSET {context.Sql(offset)} reads and discards {value.GetValueOrDefault().ToString("N0", CultureInfo.InvariantCulture)} rows before returning any.";
            var (rewrite, parameters) = Rewrite(query, context);
            var suggestion = "Use keyset pagination: remember the ORDER BY key of the last row shown and ask for the rows after it (WHERE key > last key ORDER BY key), with an index on the key.";
            if (rewrite is not null)
            {
                suggestion += $" In the rewrite, {string.Join(", ", parameters)} {(parameters.Count == 1 ? "is" : "are")} the key of the last row of the previous page.";
            }

            yield return context.Finding(Rule, offset, message, suggestion, rewrite, variable ? LintSeverity.Info : null, LintRewriteKind.Pattern);
        }
    }

    private static (string? Rewrite, List<string> Parameters) Rewrite(SqlQuery query, LintContext context)
    {
        var none = ((string?)null, new List<string>());
        if (query is not { Body: SqlSelect select, OrderBy.Count: > 0, Limit: { } limit } ||
            select is not { GroupBy: null, Having: null, Distinct: false, Top: null } || SqlFacts.IsAggregated(select))
        {
            return none;
        }

        var columns = new List<ColumnExpression>();
        SqlTableSource? source = null;
        foreach (var item in query.OrderBy)
        {
            if (item.Nulls != SqlNullsOrder.Unspecified || Direction(item) != Direction(query.OrderBy[0]) ||
                SqlFacts.Unparen(item.Expression) is not ColumnExpression column ||
                context.Resolve(column) is not { Table: { } table, Column: { } schemaColumn, IsCorrelated: false } origin ||
                (source is not null && !ReferenceEquals(source, origin.Source)) || !SchemaFacts.IsNotNull(table, schemaColumn.Name))
            {
                return none;
            }

            source = origin.Source;
            columns.Add(column);
        }

        var keyTable = context.Resolve(columns[0]).Table!;
        if (!SchemaFacts.CoversUniqueKey(keyTable, columns.Select(c => context.Resolve(c).Column!.Name)))
        {
            return none; // Without a unique order the key of the last row does not say where the next page starts.
        }

        var parameters = Parameters(columns, context);
        var op = Direction(query.OrderBy[0]) == SqlSortDirection.Descending ? "<" : ">";
        SqlExpression keyset;
        if (columns.Count == 1)
        {
            keyset = new BinaryExpression(columns[0], op, parameters[0]);
        }
        else if (context.Dialect is SqlDialect.Postgres or SqlDialect.Sqlite)
        {
            keyset = new BinaryExpression(new RowExpression(NodeList.From<SqlExpression>(columns)), op, new RowExpression(NodeList.From<SqlExpression>(parameters)));
        }
        else
        {
            // (a, b) > (x, y) spelled out: a > x OR (a = x AND b > y).
            var branches = new List<SqlExpression>();
            for (var i = 0; i < columns.Count; i++)
            {
                var equal = Enumerable.Range(0, i).Select(j => (SqlExpression)new BinaryExpression(columns[j], "=", parameters[j]));
                var branch = SqlFacts.And([.. equal, new BinaryExpression(columns[i], op, parameters[i])])!;
                branches.Add(i == 0 ? branch : new ParenthesizedExpression(branch));
            }

            keyset = SqlFacts.Or(branches)!;
        }

        SqlLimit? newLimit = limit.Style switch
        {
            SqlLimitStyle.OffsetFetch when context.Dialect == SqlDialect.TSql => limit with { Offset = new LiteralExpression(SqlLiteralKind.Number, "0", "0") },
            SqlLimitStyle.OffsetFetch => limit.Count is null ? null : limit with { Offset = null },
            _ => limit.Count is null ? null : new SqlLimit(limit.Count, null, SqlLimitStyle.Limit),
        };
        var rewritten = query with
        {
            Body = select with { Where = SqlFacts.And([.. SqlFacts.Conjuncts(select.Where), keyset]) },
            Limit = newLimit,
        };
        return (context.Rewrite(query, rewritten), parameters.Select(p => p.Name).ToList());
    }

    private static SqlSortDirection Direction(SqlOrderItem item) =>
        item.Direction == SqlSortDirection.Descending ? SqlSortDirection.Descending : SqlSortDirection.Ascending;

    /// <summary>New placeholders for the last key, in the dialect's style and clear of the statement's own.</summary>
    private static List<ParameterExpression> Parameters(List<ColumnExpression> columns, LintContext context)
    {
        if (context.Dialect == SqlDialect.Postgres)
        {
            var used = SqlTree.Descendants(context.Statement).OfType<ParameterExpression>()
                .Select(p => NumberedParameter().Match(p.Name))
                .Where(m => m.Success)
                .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
                .DefaultIfEmpty(0)
                .Max();
            return columns.Select((_, i) => new ParameterExpression("$" + (used + i + 1).ToString(CultureInfo.InvariantCulture))).ToList();
        }

        var prefix = context.Dialect == SqlDialect.Sqlite ? ":" : "@";
        return columns.Select(c => new ParameterExpression(prefix + "last_" + Word(c.Name.Name.Value))).ToList();
    }

    /// <summary>A column name reduced to what a placeholder name may hold.</summary>
    private static string Word(string name)
    {
        var word = new StringBuilder();
        foreach (var c in name)
        {
            word.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        return word.ToString().Trim('_') is { Length: > 0 } trimmed ? trimmed : "key";
    }
}
