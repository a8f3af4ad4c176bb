using Appliance.Core.Sql;

namespace Appliance.Core.Tests.Sql;

/// <summary>
/// Random mutations of corpus statements (fixed seed, so failures reproduce): the parser must only ever return a
/// tree or a ParseError, and a tree it returns must survive formatting.
/// </summary>
public sealed class SqlFuzzTests
{
    private const int Iterations = 5_000;

    private static readonly string[] TokenPool =
    [
        "(", ")", ",", ";", ".", "*", "SELECT", "FROM", "WHERE", "JOIN", "ON", "AND", "OR", "NOT", "IN", "AS", "CASE", "WHEN",
        "END", "UNION", "WITH", "BEGIN", "VALUES", "NULL", "'", "\"", "[", "]", "`", "$$", "/*", "*/", "--", "\n", "GO", "::",
        "->>", "@", "?", "$1", "1", "x", "'s'", "::int", "OVER", "(SELECT 1)", "ORDER BY", "LIMIT", "TOP", "INTERVAL",
    ];

    private const string CharacterPool = "()[]{},.;:'\"`$@#?*+-/\\<>=!~^&|% \n\t0aZé名\u00a0\uff1b";

    [Fact]
    public void Random_mutations_of_corpus_statements_give_a_tree_or_a_parse_error_and_never_throw()
    {
        var random = new Random(20_240_601);
        var corpus = SqlCorpus.All;
        var parsed = 0;
        var refused = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var entry = corpus[random.Next(corpus.Count)];
            var sql = entry.Sql;
            var mutations = random.Next(1, 4);
            for (var m = 0; m < mutations; m++)
            {
                sql = Mutate(sql, entry.Dialect, random);
            }

            var result = SqlParser.Parse(sql, entry.Dialect);
            if (result.Succeeded)
            {
                parsed++;
                Assert.Null(result.Error);
                foreach (var statement in result.Statements)
                {
                    Assert.Equal(sql[statement.Span.Start.Offset..statement.Span.End.Offset], statement.Text);
                    AssertRoundTrip(statement.Statement, entry.Dialect, sql);
                }
            }
            else
            {
                refused++;
                Assert.Empty(result.Statements);
                var error = result.Error!;
                Assert.InRange(error.Position.Offset, 0, sql.Length);
                Assert.True(error.Line >= 1 && error.Column >= 1, error.ToString());
                Assert.False(string.IsNullOrWhiteSpace(error.Message));
            }

            var script = SqlParser.ParseScript(sql, entry.Dialect);
            Assert.Equal(result.Succeeded, script.Succeeded);
        }

        // Both outcomes must be exercised, or the mutations are too weak or too strong to mean anything.
        Assert.True(parsed > Iterations / 10, $"{parsed} parsed");
        Assert.True(refused > Iterations / 10, $"{refused} refused");
    }

    private static void AssertRoundTrip(SqlStatement tree, SqlDialect dialect, string source)
    {
        var formatted = SqlFormatter.Format(tree, dialect);
        var again = SqlParser.Parse(formatted, dialect);
        Assert.True(again.Succeeded, $"formatted text does not parse: {again.Error}\n--- source\n{source}\n--- formatted\n{formatted}");
        Assert.True(tree.Equals(Assert.Single(again.Statements).Statement), $"tree changed\n--- source\n{source}\n--- formatted\n{formatted}");
    }

    private static string Mutate(string sql, SqlDialect dialect, Random random)
    {
        var tokens = SqlLexer.Tokenize(sql, dialect).Where(t => t.Kind is not (SqlTokenKind.End or SqlTokenKind.Error)).ToList();
        var operation = random.Next(tokens.Count > 1 ? 8 : 4);
        if (sql.Length == 0)
        {
            return TokenPool[random.Next(TokenPool.Length)];
        }

        switch (operation)
        {
            case 0:
            {
                var at = random.Next(sql.Length);
                return sql.Remove(at, 1);
            }

            case 1:
            {
                var at = random.Next(sql.Length + 1);
                return sql.Insert(at, CharacterPool[random.Next(CharacterPool.Length)].ToString());
            }

            case 2:
            {
                var at = random.Next(sql.Length);
                return sql.Remove(at, 1).Insert(at, CharacterPool[random.Next(CharacterPool.Length)].ToString());
            }

            case 3:
                return sql[..random.Next(sql.Length)];
            case 4:
            {
                var token = tokens[random.Next(tokens.Count)];
                return sql.Remove(token.Start, token.Length);
            }

            case 5:
            {
                var token = tokens[random.Next(tokens.Count)];
                return sql.Insert(token.End, " " + sql.Substring(token.Start, token.Length));
            }

            case 6:
            {
                var at = random.Next(tokens.Count - 1);
                var (first, second) = (tokens[at], tokens[at + 1]);
                var firstText = sql.Substring(first.Start, first.Length);
                var secondText = sql.Substring(second.Start, second.Length);
                return sql[..first.Start] + secondText + sql[first.End..second.Start] + firstText + sql[second.End..];
            }

            default:
            {
                var token = tokens[random.Next(tokens.Count)];
                return sql.Insert(random.Next(2) == 0 ? token.Start : token.End, " " + TokenPool[random.Next(TokenPool.Length)] + " ");
            }
        }
    }
}
