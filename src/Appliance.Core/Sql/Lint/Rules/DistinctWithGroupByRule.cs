namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>SQL019: SELECT DISTINCT with a GROUP BY whose columns are all selected: the groups are already distinct.</summary>
internal sealed class DistinctWithGroupByRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL019",
        "distinct-with-group-by",
        "DISTINCT on an already grouped result",
        "GROUP BY returns one row per group; when every grouping column is in the select list those rows are already distinct, and DISTINCT only adds a second de-duplication pass.",
        LintSeverity.Info,
        LintRuleTarget.Query,
        CanRewrite: true);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var select in context.Selects)
        {
            if (select is not { Distinct: true, DistinctOn.Count: 0, GroupBy: { WithRollup: false, Items.Count: > 0 } groupBy } ||
                groupBy.Items.Any(i => i is GroupingExpression))
            {
                continue;
            }

            var outputs = select.Items.Select(i => SqlFacts.Unparen(i.Expression)).OfType<ColumnExpression>().ToList();
            var allSelected = groupBy.Items.All(g => SqlFacts.Unparen(g) is ColumnExpression column &&
                outputs.Any(o => SqlFacts.SameName(SqlFacts.Key(o), SqlFacts.Key(column)) && SameSource(o, column, context)));
            if (!allSelected)
            {
                continue;
            }

            var message = $"DISTINCT is redundant: the rows are grouped by {string.Join(", ", groupBy.Items.Select(context.Sql))}, every grouping column is selected, so they are already distinct.";
            yield return context.Finding(Rule, select, message, "Remove DISTINCT.", context.Rewrite(select, select with { Distinct = false }));
        }
    }

    private static bool SameSource(ColumnExpression a, ColumnExpression b, LintContext context)
    {
        var (sa, sb) = (context.Resolve(a).Source, context.Resolve(b).Source);
        return sa is null || sb is null
            ? a.Name.Parts.Count == b.Name.Parts.Count && a.Name.Parts.Zip(b.Name.Parts).All(p => SqlFacts.SameName(p.First.Value, p.Second.Value))
            : ReferenceEquals(sa, sb);
    }
}
