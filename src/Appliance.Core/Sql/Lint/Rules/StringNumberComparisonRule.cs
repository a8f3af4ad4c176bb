namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>
/// SQL016: a text column compared with a number literal. PostgreSQL refuses it; MySQL compares as floating-point
/// numbers ('1e1' = 10, 'abc' = 0); SQL Server converts every value and fails on the first non-number. (When the
/// column is indexed in MySQL or SQL Server, SQL002 reports it as a non-sargable predicate instead.)
/// </summary>
internal sealed class StringNumberComparisonRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL016",
        "string-number-comparison",
        "Text column compared with a number",
        "Comparing text with a number forces a conversion: depending on the database the statement fails, matches unexpected strings, or converts every row, which also keeps indexes unused.",
        LintSeverity.Warning,
        LintRuleTarget.Query,
        CanRewrite: true);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        var seen = new HashSet<SqlNode>(ReferenceEqualityComparer.Instance);
        foreach (var mismatch in Comparisons.TextWithNumber(context))
        {
            if ((context.Dialect != SqlDialect.Postgres && mismatch.Index is not null) || !seen.Add(mismatch.Comparison.Node))
            {
                continue;
            }

            var column = context.Describe(mismatch.Column);
            var number = context.Sql(mismatch.Numbers[0]);
            var (message, severity) = context.Dialect switch
            {
                SqlDialect.Postgres => ($"{column} is text but is compared with the number {number}: PostgreSQL rejects the statement (operator does not exist).", LintSeverity.Error),
                SqlDialect.MySql => ($"{column} is text but is compared with the number {number}: MySQL converts every value to a floating-point number, so '{number}abc' and ' {number}' match too.", LintSeverity.Warning),
                _ => ($"{column} is text but is compared with the number {number}: SQL Server converts every value to a number and fails on the first one that is not.", LintSeverity.Warning),
            };
            var rewrite = context.Rewrite(Comparisons.QuoteNumbers(mismatch.Numbers));
            yield return context.Finding(Rule, mismatch.Column, message, "Compare with a string literal, as the column holds text.", rewrite, severity, LintRewriteKind.Fix);
        }
    }
}
