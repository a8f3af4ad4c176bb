namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>
/// SQL021: timestamp BETWEEN … AND '2024-01-31': the upper bound is midnight at the start of that day, so the rest of
/// the day is left out. Rewritten as a half-open range ending at the next day.
/// </summary>
internal sealed class BetweenDateUpperBoundRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL021",
        "between-date-upper-bound",
        "BETWEEN with a date-only upper bound on a timestamp",
        "A date compared with a timestamp means midnight at the start of that day, so BETWEEN '…' AND '2024-01-31' stops at 2024-01-31 00:00:00 and drops the rest of the last day; a half-open range (< the next day) is exact.",
        LintSeverity.Warning,
        LintRuleTarget.Query,
        CanRewrite: true);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var site in context.Predicates)
        {
            foreach (var between in SqlFacts.ExpressionNodes(site.Condition).OfType<BetweenExpression>())
            {
                if (between is not { Negated: false, Symmetric: false } || SqlFacts.Unparen(between.Operand) is not ColumnExpression column ||
                    context.Resolve(column) is not { Column: { } schemaColumn } || !SchemaFacts.IsTimestamp(schemaColumn) ||
                    Comparisons.DateValue(between.High) is not { } last)
                {
                    continue;
                }

                var next = Comparisons.DateLiteral(last.AddDays(1), between.High, context.Dialect);
                var range = new BinaryExpression(new BinaryExpression(column, ">=", between.Low), "AND", new BinaryExpression(column, "<", next));
                var message = $"{context.Describe(column)} is a timestamp, so BETWEEN … AND {context.Sql(between.High)} ends at {last.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)} 00:00:00 and leaves out the rest of that day.";
                yield return context.Finding(Rule, between, message, $"Use a half-open range: {context.Sql(range)}.", context.RewriteCondition(site, between, range), kind: LintRewriteKind.Fix);
            }
        }
    }
}
