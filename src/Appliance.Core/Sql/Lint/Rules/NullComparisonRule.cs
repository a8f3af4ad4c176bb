namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>
/// SQL015: comparisons with NULL through = or &lt;&gt; (never true), NOT IN lists holding NULL, and CASE x WHEN NULL.
/// Rewritten with IS [NOT] NULL.
/// </summary>
internal sealed class NullComparisonRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL015",
        "null-comparison",
        "Comparison with NULL using = or <>",
        "NULL means unknown, so x = NULL and x <> NULL are unknown for every row and never true: the condition silently filters out everything. IS NULL and IS NOT NULL test for NULL.",
        LintSeverity.Error,
        LintRuleTarget.Query,
        CanRewrite: true);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var node in SqlTree.Descendants(context.Statement))
        {
            switch (node)
            {
                case BinaryExpression binary when SqlFacts.IsComparison(binary.Operator) && !IsAssignment(binary, context):
                {
                    var (subject, isNull) = SqlFacts.IsNullLiteral(binary.Right) ? (binary.Left, binary.Right) : SqlFacts.IsNullLiteral(binary.Left) ? (binary.Right, binary.Left) : (null, null);
                    if (subject is null)
                    {
                        continue;
                    }

                    var negated = binary.Operator is "<>" or "!=";
                    var message = $"{context.Sql(binary)} is never true: nothing equals NULL, not even NULL.";
                    if (binary.Operator is "=" or "==" || negated)
                    {
                        var fix = new IsExpression(subject, negated, SqlIsTest.Null);
                        yield return context.Finding(Rule, binary, message, $"Write {context.Sql(fix)}.", context.Rewrite(binary, fix), kind: LintRewriteKind.Fix);
                    }
                    else
                    {
                        yield return context.Finding(Rule, binary, message, "Compare with a value, or test for NULL with IS NULL.");
                    }

                    break;
                }

                case InListExpression { Negated: true } notIn when notIn.Items.Any(SqlFacts.IsNullLiteral):
                {
                    var rest = notIn.Items.Where(i => !SqlFacts.IsNullLiteral(i)).ToList();
                    var message = $"{context.Sql(notIn)} is never true: a NULL in a NOT IN list makes the test unknown for every value.";
                    var rewrite = rest.Count == 0 ? null : context.Rewrite(notIn, notIn with { Items = NodeList.From(rest) });
                    yield return context.Finding(Rule, notIn, message, "Remove NULL from the list (and add OR … IS NULL if NULLs should be kept).", rewrite, kind: LintRewriteKind.Fix);
                    break;
                }

                case CaseExpression { Operand: { } operand } simple when simple.Whens.Any(w => SqlFacts.IsNullLiteral(w.Condition)):
                {
                    var message = $"CASE {context.Sql(operand)} WHEN NULL never matches: the simple CASE compares with =.";
                    string? rewrite = null;
                    if (SqlFacts.Unparen(operand) is ColumnExpression)
                    {
                        var searched = simple with
                        {
                            Operand = null,
                            Whens = NodeList.From(simple.Whens.Select(w => w with
                            {
                                Condition = SqlFacts.IsNullLiteral(w.Condition) ? new IsExpression(operand, false, SqlIsTest.Null) : new BinaryExpression(operand, "=", w.Condition),
                            })),
                        };
                        rewrite = context.Rewrite(simple, searched);
                    }

                    yield return context.Finding(Rule, simple, message, "Use the searched form: CASE WHEN x IS NULL THEN ….", rewrite, LintSeverity.Warning, LintRewriteKind.Fix);
                    break;
                }
            }
        }
    }

    /// <summary>T-SQL's SELECT alias = expression and MySQL's SET-like uses are assignments, not comparisons.</summary>
    private static bool IsAssignment(BinaryExpression binary, LintContext context) =>
        context.Dialect == SqlDialect.TSql && binary.Operator == "=" && context.ParentOf(binary) is SqlSelectItem;
}
