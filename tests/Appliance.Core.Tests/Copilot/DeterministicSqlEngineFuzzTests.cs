using Appliance.Core.Copilot.Deterministic;
using Appliance.Core.Copilot.Evaluation;
using Appliance.Core.Sql;
using static Appliance.Core.Tests.Copilot.CopilotTestSchemas;

namespace Appliance.Core.Tests.Copilot;

/// <summary>Word salad from the question sets and awkward tokens: the engine never throws and never writes invalid SQL.</summary>
public sealed class DeterministicSqlEngineFuzzTests
{
    private static readonly string[] Awkward =
    [
        "not", "or", "and", "per", "by", "top", "5", "'x'", "2024", "last", "month", "more", "than", "with", "without", "in", "Japan",
        "Berlin", "each", "'", "\"", ">", "<=", "between", "-3", "1e9", "99999999999999999999", "#", "$5", "2025-02-30", "2025-13", "q5",
        "the", "of", "?", "—", "🙂", "ﬁ", "NULL", "DROP", ";", "9999", "years", "days", "0", "0.5", "customer's", "e-mail", "total_amount",
    ];

    [Theory]
    [InlineData("demo")]
    [InlineData("postgres-fixture")]
    public void Random_questions_never_throw_and_every_answer_is_valid_sql_or_a_refusal(string set)
    {
        var schema = set == "demo" ? Sql.TestSchemas.Demo : Sql.TestSchemas.PostgresFixture;
        var words = QuestionSets.Load(set).SelectMany(q => q.Question.Split(' ')).Concat(Awkward).Distinct(StringComparer.Ordinal).ToArray();
        var random = new Random(2026);
        var answered = 0;
        foreach (var dialect in Enum.GetValues<SqlDialect>())
        {
            var context = new QuestionContext(schema, dialect, QuestionSets.ReferenceDate);
            for (var i = 0; i < 1500; i++)
            {
                var question = string.Join(' ', Enumerable.Range(0, random.Next(1, 9)).Select(_ => words[random.Next(words.Length)]));

                var answer = DeterministicSqlEngine.Answer(question, context);

                if (answer.Sql is null)
                {
                    Assert.StartsWith("Not understood: ", answer.Problem, StringComparison.Ordinal);
                    continue;
                }

                AssertValid(answer.Sql, schema, dialect);
                answered++;
            }
        }

        Assert.True(answered > 100, $"only {answered} answered: the salad should still hit some shapes");
    }
}
