using Appliance.Core.Copilot.Deterministic;
using Appliance.Core.Copilot.Evaluation;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using static Appliance.Core.Tests.Copilot.CopilotTestSchemas;

namespace Appliance.Core.Tests.Copilot;

/// <summary>The shipped question sets: readable, large enough, gold SQL valid for its schema; and the engine's SQL always valid.</summary>
public sealed class QuestionSetTests
{
    public static TheoryData<string> SetNames => ["demo", "postgres-fixture"];

    private static (DatabaseSchema Schema, SqlDialect Dialect) DatabaseOf(string set) => set switch
    {
        "demo" => (Sql.TestSchemas.Demo, SqlDialect.Sqlite),
        _ => (Sql.TestSchemas.PostgresFixture, SqlDialect.Postgres),
    };

    [Fact]
    public void Both_sets_are_shipped_and_large_enough()
    {
        Assert.Equal(["demo", "postgres-fixture"], QuestionSets.Names);
        var demo = QuestionSets.Load("demo");
        var postgres = QuestionSets.Load("postgres-fixture");

        Assert.True(demo.Count >= 100, $"demo has {demo.Count} questions");
        Assert.True(postgres.Count >= 50, $"postgres-fixture has {postgres.Count} questions");
        Assert.True(demo.Count + postgres.Count >= 150);
        Assert.All(demo, q => Assert.Equal("demo", q.Database));
        Assert.All(postgres, q => Assert.Equal("postgres-fixture", q.Database));
    }

    [Theory]
    [MemberData(nameof(SetNames))]
    public void Each_set_has_about_ten_questions_to_refuse(string set)
    {
        var refusals = QuestionSets.Load(set).Count(q => q.ExpectsRefusal);

        Assert.InRange(refusals, 10, 20);
    }

    [Theory]
    [MemberData(nameof(SetNames))]
    public void Every_gold_sql_parses_binds_to_its_schema_and_is_read_only(string set)
    {
        var (schema, dialect) = DatabaseOf(set);

        foreach (var question in QuestionSets.Load(set).Where(q => q.GoldSql is not null))
        {
            AssertValid(question.GoldSql!, schema, dialect);
        }
    }

    [Theory]
    [MemberData(nameof(SetNames))]
    public void Every_sql_the_engine_writes_for_a_set_is_valid_in_every_dialect(string set)
    {
        var (schema, _) = DatabaseOf(set);
        var answered = 0;
        foreach (var dialect in Enum.GetValues<SqlDialect>())
        {
            var context = new QuestionContext(schema, dialect, QuestionSets.ReferenceDate);
            foreach (var question in QuestionSets.Load(set))
            {
                var answer = DeterministicSqlEngine.Answer(question.Question, context);
                if (answer.Sql is null)
                {
                    Assert.StartsWith("Not understood: ", answer.Problem, StringComparison.Ordinal);
                    continue;
                }

                AssertValid(answer.Sql, schema, dialect);
                Assert.NotEmpty(answer.TablesUsed);
                Assert.False(string.IsNullOrWhiteSpace(answer.Explanation));
                answered++;
            }
        }

        Assert.True(answered > 0);
    }

    [Theory]
    [MemberData(nameof(SetNames))]
    public void The_engine_refuses_every_question_the_gold_marks_for_refusal(string set)
    {
        var (schema, dialect) = DatabaseOf(set);
        var context = new QuestionContext(schema, dialect, QuestionSets.ReferenceDate);

        foreach (var question in QuestionSets.Load(set).Where(q => q.ExpectsRefusal))
        {
            Assert.True(DeterministicSqlEngine.Answer(question.Question, context).Sql is null, $"{question.Id} \"{question.Question}\" was answered");
        }
    }

    [Fact]
    public void Parse_reads_every_field_and_order_matters_is_optional()
    {
        var questions = QuestionSets.Parse("""
            [
              { "id": "a", "question": "How many orders?", "database": "demo", "gold_sql": "SELECT COUNT(*) FROM orders" },
              { "id": "b", "question": "Why?", "database": "demo", "gold_sql": null, "order_matters": false }
            ]
            """);

        Assert.Equal(2, questions.Count);
        Assert.Equal(new EvalQuestion("a", "How many orders?", "demo", "SELECT COUNT(*) FROM orders"), questions[0]);
        Assert.Null(questions[0].OrderMatters);
        Assert.True(questions[1].ExpectsRefusal);
        Assert.False(questions[1].OrderMatters);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("""{ "id": "a" }""", "expected a JSON array")]
    [InlineData("""[ 5 ]""", "entry 1 is not an object")]
    [InlineData("""[ { "question": "q", "database": "d", "gold_sql": null } ]""", "entry 1: \"id\" is missing")]
    [InlineData("""[ { "id": "a", "database": "d", "gold_sql": null } ]""", "entry 1 (id \"a\"): \"question\" is missing")]
    [InlineData("""[ { "id": "a", "question": "q", "database": "d" } ]""", "\"gold_sql\" is missing (write null")]
    [InlineData("""[ { "id": "a", "question": "q", "database": "d", "gold_sql": null, "gold": 1 } ]""", "unknown property \"gold\"")]
    [InlineData("""[ { "id": "a", "question": "", "database": "d", "gold_sql": null } ]""", "\"question\" must be a non-empty string")]
    [InlineData("""[ { "id": "a", "question": "q", "database": "d", "gold_sql": null, "order_matters": "yes" } ]""", "\"order_matters\" must be true, false or null")]
    [InlineData("""[ { "id": "a", "question": "q", "database": "d", "gold_sql": null }, { "id": "a", "question": "r", "database": "d", "gold_sql": null } ]""", "entry 2: the id \"a\" is used twice")]
    public void A_malformed_file_is_a_clear_error(string json, string message)
    {
        var error = Assert.Throws<QuestionSetFormatException>(() => QuestionSets.Parse(json));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_set_name_lists_the_sets()
    {
        var error = Assert.Throws<ArgumentException>(() => QuestionSets.Load("nope"));

        Assert.Contains("demo, postgres-fixture", error.Message, StringComparison.Ordinal);
    }
}
