namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>
/// SQL018: ORDER BY inside a subquery, derived table or WITH query without LIMIT/TOP/OFFSET: the order is not part of
/// the result. Removed in the rewrite where order cannot matter (IN, EXISTS, ANY/ALL and scalar subqueries).
/// </summary>
internal sealed class OrderByInSubqueryRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL018",
        "order-by-in-subquery",
        "ORDER BY in a subquery without a limit",
        "A subquery's rows have no order as far as the outer query is concerned: the sort is wasted work (and SQL Server rejects it), and any order it seems to give the final result is not guaranteed; sort in the outermost query.",
        LintSeverity.Info,
        LintRuleTarget.Query,
        CanRewrite: true);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var query in SqlTree.Descendants(context.Statement).OfType<SqlQuery>())
        {
            if (query is not { OrderBy.Count: > 0, Limit: null, OutputFormat.Count: 0 } || query.Body is SqlSelect { Top: not null })
            {
                continue;
            }

            var parent = context.ParentOf(query);
            var orderFree = parent is InSubqueryExpression or ExistsExpression ||
                (parent is SubqueryExpression && context.ParentOf(parent) is not ArraySubqueryExpression);
            var nested = orderFree || parent is SqlDerivedTable || (parent is SelectStatement && context.ParentOf(parent) is SqlCommonTableExpression);
            if (!nested)
            {
                continue; // The outer query itself, INSERT … SELECT … ORDER BY, ARRAY(SELECT … ORDER BY), a view's own ORDER BY.
            }

            var rejected = context.Dialect == SqlDialect.TSql;
            var message = rejected
                ? $"ORDER BY {string.Join(", ", query.OrderBy.Select(o => context.Sql(o.Expression)))} in a subquery without TOP or OFFSET is an error in SQL Server."
                : orderFree
                    ? $"ORDER BY {string.Join(", ", query.OrderBy.Select(o => context.Sql(o.Expression)))} inside this subquery has no effect on its result."
                    : $"ORDER BY {string.Join(", ", query.OrderBy.Select(o => context.Sql(o.Expression)))} in a derived table or WITH query does not order the final result; the order is not guaranteed to survive.";
            var rewrite = orderFree ? context.Rewrite(query, query with { OrderBy = NodeList<SqlOrderItem>.Empty }) : null;
            yield return context.Finding(Rule, query.OrderBy[0], message, "Remove the ORDER BY, and order the outermost query if the order matters.", rewrite, rejected ? LintSeverity.Error : null);
        }
    }
}
