namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>SQL008: ORDER BY RAND() / RANDOM() / NEWID() to pick random rows.</summary>
internal sealed class OrderByRandomRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL008",
        "order-by-random",
        "ORDER BY a random value",
        "Sorting by a random value computes it for every row and sorts the whole result, only to keep a few rows: the cost grows with the table, not with the number of rows wanted.",
        LintSeverity.Warning,
        LintRuleTarget.Query,
        CanRewrite: false);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var query in SqlTree.Descendants(context.Statement).OfType<SqlQuery>())
        {
            foreach (var item in query.OrderBy)
            {
                var random = SqlFacts.ExpressionNodes(item.Expression).OfType<FunctionCall>()
                    .FirstOrDefault(c => SqlFacts.NameOf(c) is "rand" or "random" or "newid" or "uuid" or "gen_random_uuid" && !SqlFacts.IsWindowFunction(c));
                if (random is null)
                {
                    continue;
                }

                var message = $"ORDER BY {context.Sql(item.Expression)} gives every row a random value and sorts all of them to return {(query.Limit is null && !HasTop(query) ? "them" : "a few")}.";
                yield return context.Finding(Rule, random, message, Advice(context.Dialect));
            }
        }
    }

    private static bool HasTop(SqlQuery query) => query.Body is SqlSelect { Top: not null };

    private static string Advice(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Postgres => "Sample with TABLESAMPLE SYSTEM (percent) or BERNOULLI (percent), or pick random keys: WHERE id >= (SELECT floor(random() * max(id)) FROM t) ORDER BY id LIMIT n.",
        SqlDialect.TSql => "Sample with TABLESAMPLE (n PERCENT), or pick random keys: WHERE id >= (SELECT FLOOR(RAND() * MAX(id)) FROM t) ORDER BY id with TOP (n).",
        SqlDialect.MySql => "Pick random keys instead: WHERE id >= (SELECT FLOOR(RAND() * MAX(id)) FROM t) ORDER BY id LIMIT n, or sample a precomputed random column that is indexed.",
        _ => "Pick random keys instead: WHERE rowid >= (SELECT abs(random()) % max(rowid) FROM t) ORDER BY rowid LIMIT n.",
    };
}
