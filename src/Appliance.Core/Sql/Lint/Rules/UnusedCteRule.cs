namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>SQL017: a WITH query that nothing references; rewritten without it. Data-modifying CTEs run regardless and are left alone.</summary>
internal sealed class UnusedCteRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL017",
        "unused-cte",
        "Unused WITH query",
        "A WITH query that nothing reads is dead code: it makes the statement harder to read and often means a reference to it was meant, and the table was read directly by mistake.",
        LintSeverity.Info,
        LintRuleTarget.Query,
        CanRewrite: true);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var with in SqlTree.Descendants(context.Statement).OfType<SqlWithClause>())
        {
            var owner = context.ParentOf(with);
            if (owner is null)
            {
                continue;
            }

            foreach (var cte in with.Tables)
            {
                if (cte.Body is not SelectStatement || IsReferenced(cte, owner))
                {
                    continue;
                }

                var remaining = with.Tables.Where(t => !ReferenceEquals(t, cte)).ToList();
                string? rewrite = null;
                if (owner is SqlQuery query)
                {
                    rewrite = context.Rewrite(query, query with { With = remaining.Count == 0 ? null : with with { Tables = NodeList.From(remaining) } });
                }

                var message = $"The WITH query {context.Quote(cte.Name.Value)} is never used.";
                yield return context.Finding(Rule, cte, message, "Remove it, or reference it where it was meant to be used.", rewrite);
            }
        }
    }

    /// <summary>Whether any table reference in the statement that owns the WITH (other than inside the CTE itself) names it.</summary>
    private static bool IsReferenced(SqlCommonTableExpression cte, SqlNode owner)
    {
        var own = SqlTree.Descendants(cte).ToHashSet(ReferenceEqualityComparer.Instance);
        return SqlTree.Descendants(owner).OfType<SqlNamedTable>().Any(t =>
            !own.Contains(t) && t.Name.Parts.Count == 1 && SqlFacts.SameName(t.Name.Name.Value, cte.Name.Value));
    }
}
