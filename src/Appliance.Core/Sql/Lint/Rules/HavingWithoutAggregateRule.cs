namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>SQL014: HAVING conditions that use no aggregate, only GROUP BY columns: rewritten as WHERE conditions.</summary>
internal sealed class HavingWithoutAggregateRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL014",
        "having-without-aggregate",
        "HAVING condition without an aggregate",
        "HAVING filters groups after every row has been grouped and aggregated; a condition on a grouping column can filter the rows in WHERE instead, before the work, and can use an index.",
        LintSeverity.Warning,
        LintRuleTarget.Query,
        CanRewrite: true);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var select in context.Selects)
        {
            // Under ROLLUP, CUBE or GROUPING SETS a grouping column is NULL in the subtotal rows, so HAVING and WHERE differ.
            if (select is not { Having: { } having, GroupBy: { WithRollup: false } groupBy } || groupBy.Items.Any(i => i is GroupingExpression))
            {
                continue;
            }

            var grouping = groupBy.Items.Select(SqlFacts.Unparen).OfType<ColumnExpression>().ToList();
            var aliases = select.Items.Where(i => i.Alias is not null).Select(i => i.Alias!.Value).ToList();
            var conjuncts = SqlFacts.Conjuncts(having);
            var movable = conjuncts.Where(c => IsRowCondition(c, grouping, aliases, context)).ToList();
            if (movable.Count == 0)
            {
                continue;
            }

            var remaining = conjuncts.Where(c => !movable.Contains(c, ReferenceEqualityComparer.Instance)).ToList();
            var rewritten = select with
            {
                Where = SqlFacts.And([.. SqlFacts.Conjuncts(select.Where), .. movable]),
                Having = SqlFacts.And(remaining),
            };
            var message = $"HAVING {string.Join(" AND ", movable.Select(context.Sql))} uses no aggregate, only grouping columns: it can filter rows before grouping.";
            yield return context.Finding(Rule, movable[0], message, "Move the condition to WHERE.", context.Rewrite(select, rewritten));
        }
    }

    /// <summary>No aggregate, subquery, window or random function, and every column one of the plain GROUP BY columns (not an output alias).</summary>
    private static bool IsRowCondition(SqlExpression condition, List<ColumnExpression> grouping, List<string> aliases, LintContext context)
    {
        if (SqlFacts.ContainsAggregate(condition) || SqlFacts.HasSubquery(condition) || SqlFacts.ContainsWindowFunction(condition) || SqlFacts.ContainsVolatile(condition))
        {
            return false;
        }

        var columns = SqlFacts.ColumnsIn(condition).ToList();
        return columns.Count > 0 && columns.All(column =>
        {
            // MySQL resolves HAVING names to select-list aliases first: a name that is also an alias stays.
            if (context.Bound?.Resolve(column) is { IsOutputAlias: true } ||
                (column.Name.Qualifier is null && aliases.Any(a => SqlFacts.SameName(a, column.Name.Name.Value))))
            {
                return false;
            }

            var origin = context.Resolve(column);
            return grouping.Any(g => SqlFacts.SameName(SqlFacts.Key(g), SqlFacts.Key(column)) &&
                (origin.Source is null ? SameText(g, column) : ReferenceEquals(context.Resolve(g).Source, origin.Source)));
        });
    }

    private static bool SameText(ColumnExpression a, ColumnExpression b) =>
        a.Name.Parts.Count == b.Name.Parts.Count && a.Name.Parts.Zip(b.Name.Parts).All(p => SqlFacts.SameName(p.First.Value, p.Second.Value));
}
