namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>
/// SQL020: IS NULL on a column declared NOT NULL (never true) or IS NOT NULL on one (always true). A column on the
/// outer side of an outer join can be NULL after the join, so it is left alone (the anti-join idiom).
/// </summary>
internal sealed class NotNullColumnIsNullRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL020",
        "not-null-column-is-null",
        "NULL test on a NOT NULL column",
        "A NOT NULL column is never NULL, so IS NULL on it is always false (the condition is probably testing the wrong column) and IS NOT NULL is always true (dead code that can mislead readers and the planner's estimates).",
        LintSeverity.Warning,
        LintRuleTarget.Query,
        CanRewrite: true);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        if (context.Schema is null)
        {
            yield break;
        }

        foreach (var site in context.Predicates)
        {
            if (site.Clause == PredicateClause.Having && site.Owner is SqlSelect { GroupBy: var groupBy } && (groupBy is null || groupBy.WithRollup || groupBy.Items.Any(i => i is GroupingExpression)))
            {
                continue;
            }

            var conjuncts = SqlFacts.Conjuncts(site.Condition);
            foreach (var test in SqlFacts.ExpressionNodes(site.Condition).OfType<IsExpression>())
            {
                if (test.Test != SqlIsTest.Null || SqlFacts.Unparen(test.Operand) is not ColumnExpression column ||
                    context.Resolve(column) is not { Table: { } table, Column: { } schemaColumn, Source: { } source } ||
                    !SchemaFacts.IsNotNull(table, schemaColumn.Name) || context.IsNullableByOuterJoin(source))
                {
                    continue;
                }

                if (!test.Negated)
                {
                    var message = $"{context.Describe(column)} is declared NOT NULL, so {context.Sql(test)} is never true.";
                    yield return context.Finding(Rule, test, message, "Check which column was meant; to find rows without a match, test a column of the outer-joined table.");
                    continue;
                }

                // An always-true conjunct of WHERE can simply go.
                string? rewrite = null;
                var conjunct = conjuncts.FirstOrDefault(c => ReferenceEquals(SqlFacts.Unparen(c), test));
                if (conjunct is not null && site is { Clause: PredicateClause.Where, Owner: SqlSelect select } && ReferenceEquals(select.Where, site.Condition))
                {
                    rewrite = context.Rewrite(select, select with { Where = SqlFacts.And(conjuncts.Where(c => !ReferenceEquals(c, conjunct))) });
                }

                var redundant = $"{context.Describe(column)} is declared NOT NULL, so {context.Sql(test)} is always true.";
                yield return context.Finding(Rule, test, redundant, "Remove the condition.", rewrite, LintSeverity.Info);
            }
        }
    }
}
