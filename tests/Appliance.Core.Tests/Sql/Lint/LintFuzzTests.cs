using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Lint;

namespace Appliance.Core.Tests.Sql.Lint;

/// <summary>
/// Corpus statements with phrases the rules look for spliced in at random (fixed seed, so failures reproduce): whatever
/// parses must lint without throwing, and every rewrite must parse.
/// </summary>
public sealed class LintFuzzTests
{
    private const int Iterations = 5_000;

    private static readonly string[] Phrases =
    [
        "(", ")", ",", "*", "SELECT", "FROM", "WHERE", "JOIN", "ON", "AND", "OR", "NOT", "IN", "AS", "NULL", "= NULL", "1", "x", "'s'",
        "ORDER BY", "LIMIT 5000", "OFFSET 9999", "UNION", "DISTINCT", "GROUP BY x", "HAVING x > 1", "LIKE '%a'", "customers", "orders o",
        "(SELECT count(*) FROM orders)", "> 0", "date(x)", "= '2024-01-01'", "c.customer_id", "o.customer_id", "customer_id", "EXISTS",
        "NOT IN (SELECT sales_rep_id FROM orders)", "random()", "BETWEEN '2024-01-01' AND '2024-01-31'", "WITH q AS (SELECT 1)",
    ];

    [Fact]
    public void Linting_mutated_corpus_statements_never_throws_and_every_rewrite_parses()
    {
        var random = new Random(20_241_125);
        var options = new LintOptions { VerifyRewrites = false, LargeTableRows = 1, LargeOffset = 10 };
        var linted = 0;
        var rewrites = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var entry = SqlCorpus.All[random.Next(SqlCorpus.All.Count)];
            var words = entry.Sql.Split(' ').ToList();
            for (var m = random.Next(1, 5); m > 0; m--)
            {
                var at = random.Next(words.Count + 1);
                if (random.Next(3) == 0 && words.Count > 1)
                {
                    words.RemoveAt(Math.Min(at, words.Count - 1));
                }
                else
                {
                    words.Insert(at, Phrases[random.Next(Phrases.Length)]);
                }
            }

            var sql = string.Join(" ", words);
            var result = SqlParser.Parse(sql, entry.Dialect);
            foreach (var statement in result.Statements)
            {
                foreach (var schema in new DatabaseSchema?[] { null, TestSchemas.Demo, TestSchemas.PostgresFixture })
                {
                    linted++;
                    foreach (var finding in SqlLinter.Lint(statement, schema, entry.Dialect, options).Where(f => f.RewrittenSql is not null))
                    {
                        rewrites++;
                        var reparsed = SqlParser.Parse(finding.RewrittenSql!, entry.Dialect);
                        Assert.True(reparsed.Succeeded, $"{finding.RuleId}: {reparsed.Error}\n{sql}\n---\n{finding.RewrittenSql}");
                    }
                }
            }
        }

        // The mutations must leave enough parsable statements, and rewrites, for the test to mean something.
        Assert.True(linted > 1_000 && rewrites > 10, $"{linted} statements linted, {rewrites} rewrites");
    }
}
