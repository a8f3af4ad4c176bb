using Appliance.Core.Connections;
using Appliance.Core.Copilot.Deterministic;
using Appliance.Core.Copilot.Evaluation;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Copilot.Evaluation;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.MockData;
using Appliance.Infrastructure.Query;
using Appliance.Infrastructure.Tests.Engines;
using Appliance.Infrastructure.Tests.MockData;
using Appliance.Tests;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Tests.Copilot;

/// <summary>
/// The evaluation harness on a real PostgreSQL database built from the ingestion fixture and filled by the mock
/// generator (seed 7, 300 rows per table), the data the postgres-fixture question set was written against.
/// </summary>
public sealed class CopilotEvaluatorPostgresTests
{
    /// <summary>Measured: 75 of 75 answerable postgres-fixture questions; the bar sits just below.</summary>
    private const double DeterministicAccuracyFloor = 0.97;

    private readonly QueryRunner _runner = new(Options.Create(new QueryOptions()));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<(TemporaryDatabase Database, ConnectionSettings Settings, DatabaseSchema Schema)> FixtureAsync()
    {
        var database = await TestServers.CreatePostgresDatabaseAsync("copilot");
        await TestServers.ExecutePostgresAsync(database.ConnectionString, EngineTestSupport.ReadFixture("postgres.sql"));
        await TestServers.ExecutePostgresAsync(database.ConnectionString, "TRUNCATE public.customer RESTART IDENTITY CASCADE");
        var settings = MockTestSupport.Settings(DatabaseEngine.Postgres, database.ConnectionString);
        var schema = await new PostgresEngineAdapter().ReadSchemaAsync(settings, Token);
        await MockDataLoaders.For(DatabaseEngine.Postgres).LoadAsync(settings, MockTestSupport.Generate(schema), cancellationToken: Token);
        return (database, settings, schema);
    }

    [Fact]
    public async Task Every_gold_query_of_the_postgres_set_runs_and_returns_rows()
    {
        var (database, settings, _) = await FixtureAsync();
        await using var _ = database;

        foreach (var question in QuestionSets.Load("postgres-fixture").Where(q => q.GoldSql is not null))
        {
            var result = await _runner.ReadAsync(settings, question.GoldSql!, Token);
            Assert.True(result.RowCount > 0, $"{question.Id}: the gold SQL returns no rows, so it cannot tell answers apart");
            Assert.False(result.Truncated, $"{question.Id}: the gold result is cut at the row cap");
        }
    }

    [Fact]
    public async Task The_rule_engine_answers_the_postgres_set_above_the_bar_and_refuses_what_it_should()
    {
        var (database, settings, schema) = await FixtureAsync();
        await using var _ = database;
        var context = new QuestionContext(schema, SqlDialect.Postgres, QuestionSets.ReferenceDate);

        var report = await new CopilotEvaluator(_runner).EvaluateAsync(
            "postgres-fixture", QuestionSets.Load("postgres-fixture"), settings, schema,
            (question, _) => Task.FromResult(DeterministicSqlEngine.Answer(question, context)), cancellationToken: Token);

        Assert.True(report.ExecutionAccuracy >= DeterministicAccuracyFloor, report.ToText());
        Assert.Equal(report.ExpectedRefusals, report.CorrectRefusals);
        Assert.Equal(1.0, report.ValidSqlShare);
    }
}
