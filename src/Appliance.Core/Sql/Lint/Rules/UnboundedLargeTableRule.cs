using System.Globalization;

namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>SQL012: a query returning rows of a large table (by the catalog's estimate) without LIMIT, TOP or FETCH and without aggregating.</summary>
internal sealed class UnboundedLargeTableRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL012",
        "unbounded-large-table",
        "No row limit on a large table",
        "Without LIMIT (TOP, FETCH FIRST) a query over a large table can return millions of rows: the database reads them all, the network carries them and the client has to hold them.",
        LintSeverity.Warning,
        LintRuleTarget.Query,
        CanRewrite: false);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        if (context.TopQuery is not { Limit: null, Into: null } query || context.Bound is null)
        {
            yield break;
        }

        foreach (var select in SqlFacts.Branches(query.Body))
        {
            if (select.Top is not null || select.Into is not null || SqlFacts.IsAggregated(select))
            {
                continue;
            }

            var conjuncts = SqlFacts.Conjuncts(select.Where);
            var pinned = context.EqualityColumns(conjuncts);
            foreach (var leaf in SqlFacts.LeafSources(select.From))
            {
                if (context.Bound.SourceOf(leaf.Source)?.Table is not { RowEstimate: { } rows } table || rows < context.Options.LargeTableRows)
                {
                    continue;
                }

                // WHERE key = constant returns at most one row of this table.
                var keyColumns = pinned.Where(p => ReferenceEquals(p.Source, leaf.Source)).Select(p => p.Column);
                if (SchemaFacts.CoversUniqueKey(table, keyColumns))
                {
                    continue;
                }

                var filtered = conjuncts.SelectMany(SqlFacts.ColumnsIn).Any(c => ReferenceEquals(context.Resolve(c).Source, leaf.Source));
                var size = rows.ToString("N0", CultureInfo.InvariantCulture);
                var message = filtered
                    ? $"{context.Describe(table)} has about {size} rows and nothing limits how many of those matching the filter come back."
                    : $"{context.Describe(table)} has about {size} rows and the query returns all of them: there is no filter and no limit.";
                var limit = context.Dialect == SqlDialect.TSql ? "TOP (n) or OFFSET … FETCH NEXT n ROWS ONLY" : "LIMIT n";
                yield return context.Finding(Rule, leaf.Source, message, $"Add {limit} and page through the results, or aggregate in the database.", severity: filtered ? LintSeverity.Info : null);
            }
        }
    }
}
