using Appliance.Core.Schema;

namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>
/// SQL002: a function, cast or arithmetic around an indexed column in WHERE or ON (and, in MySQL and T-SQL, a text
/// column compared with a number, which converts every value). date()/CAST AS DATE/year() comparisons with a
/// constant are rewritten as a range on the bare column. Expression indexes that match are respected.
/// </summary>
internal sealed class NonSargablePredicateRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL002",
        "non-sargable-predicate",
        "Function or conversion on an indexed column",
        "An index is ordered by the column's stored values; once a condition wraps the column in a function, cast or arithmetic, the engine cannot seek in that order and computes the expression for every row instead.",
        LintSeverity.Warning,
        LintRuleTarget.Query,
        CanRewrite: true);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        var seen = new HashSet<SqlNode>(ReferenceEqualityComparer.Instance);
        foreach (var comparison in Comparisons.In(context))
        {
            if (Check(comparison, context) is { } finding && seen.Add(comparison.Node))
            {
                yield return finding;
            }
        }

        if (context.Dialect is SqlDialect.MySql or SqlDialect.TSql)
        {
            foreach (var mismatch in Comparisons.TextWithNumber(context).Where(m => m.Index is not null))
            {
                if (!seen.Add(mismatch.Comparison.Node))
                {
                    continue;
                }

                var converted = context.Dialect == SqlDialect.MySql ? "compares every value as a number" : "converts every value to a number";
                var message = $"{context.Describe(mismatch.Column)} is text but is compared with {context.Sql(mismatch.Numbers[0])}: the database {converted}, so the index {context.Quote(mismatch.Index!)} on it cannot be used.";
                var rewrite = context.Rewrite(Comparisons.QuoteNumbers(mismatch.Numbers));
                yield return context.Finding(Rule, mismatch.Column, message, "Compare with a string literal of the same type as the column.", rewrite, kind: LintRewriteKind.Fix);
            }
        }
    }

    private LintFinding? Check(Comparison comparison, LintContext context)
    {
        if (comparison.Site.Clause == PredicateClause.Having || !Comparisons.IsSeekableOperator(comparison.Operator))
        {
            return null;
        }

        var wrapper = SqlFacts.Unparen(comparison.Subject);
        if (!IsWrapper(wrapper) || SqlFacts.HasSubquery(wrapper) || SqlFacts.ContainsAggregate(wrapper) || SqlFacts.ContainsWindowFunction(wrapper))
        {
            return null;
        }

        var columns = SqlFacts.ColumnsIn(wrapper).ToList();
        if (columns.Count != 1)
        {
            return null;
        }

        var column = columns[0];
        var origin = context.Resolve(column);
        if (comparison.Values.Any(v => SqlFacts.ContainsVolatile(v) || SqlFacts.ColumnsIn(v).Any(c => origin.Source is null || ReferenceEquals(context.Resolve(c).Source, origin.Source))))
        {
            return null; // Both sides read the same row: no index helps either way.
        }

        // SQL Server seeks through CAST(datetime AS date) itself.
        if (context.Dialect == SqlDialect.TSql && wrapper is CastExpression { Type.Name: [{ Value: var type }] } && SqlFacts.SameName(type, "date"))
        {
            return null;
        }

        string? index = null;
        if (origin.Table is { } table)
        {
            var pinned = context.EqualityColumns(SqlFacts.Conjuncts(comparison.Site.Condition)).Where(e => ReferenceEquals(e.Source, origin.Source)).Select(e => e.Column).ToList();
            index = SchemaFacts.SeekableIndexOn(table, origin.Column?.Name ?? column.Name.Name.Value, pinned);
            if (index is null || ExpressionIndexes.Covers(table, wrapper, context.Dialect))
            {
                return null;
            }
        }
        else if (context.Schema is not null || origin.Source is not (null or SqlNamedTable))
        {
            return null; // A column of a subquery, CTE or table function: it has no index to lose.
        }

        var what = Describe(wrapper);
        var range = DateRange.Rewrite(comparison, wrapper, column, origin.Column, context);
        var message = index is null
            ? $"{context.Sql(wrapper)} applies {what} to {context.Sql(column)}: if {context.Sql(column)} is indexed, the index cannot be used for this condition."
            : $"{context.Sql(wrapper)} applies {what} to {context.Describe(column)}, so the index {context.Quote(index)} cannot be used for this condition; the expression is computed for every row instead.";
        var suggestion = range is not null
            ? $"Compare the bare column with a range: {context.Sql(range)}."
            : Advice(wrapper, context);
        var rewrite = range is null ? null : context.RewriteCondition(comparison.Site, comparison.Node, range);
        return context.Finding(Rule, wrapper, message, suggestion, rewrite, index is null ? LintSeverity.Info : null);
    }

    private static bool IsWrapper(SqlExpression expression) => expression switch
    {
        FunctionCall call => !SqlFacts.IsAggregate(call) && !SqlFacts.IsWindowFunction(call),
        CastExpression or ExtractExpression => true,
        BinaryExpression binary => binary.Operator is "+" or "-" or "*" or "/" or "%" or "||",
        _ => false,
    };

    private static string Describe(SqlExpression wrapper) => wrapper switch
    {
        FunctionCall call => $"the function {call.Name.Name.Value}()",
        CastExpression => "a type conversion",
        ExtractExpression => "EXTRACT",
        _ => "arithmetic",
    };

    private static string Advice(SqlExpression wrapper, LintContext context)
    {
        if (wrapper is FunctionCall call && SqlFacts.NameOf(call) is "lower" or "upper" or "lcase" or "ucase")
        {
            return context.Dialect switch
            {
                SqlDialect.Postgres => $"Create an expression index on {context.Sql(wrapper)}, or make the column citext or use a case-insensitive collation and compare it directly.",
                SqlDialect.Sqlite => $"Create an expression index on {context.Sql(wrapper)}, or declare the column COLLATE NOCASE and compare it directly.",
                _ => "The column's default collation is usually case-insensitive already: compare the column directly.",
            };
        }

        return wrapper is BinaryExpression
            ? "Move the arithmetic to the other side of the comparison so the bare column is compared."
            : $"Compare the bare column (move the computation to the constant side), or index the expression {context.Sql(wrapper)}.";
    }
}
