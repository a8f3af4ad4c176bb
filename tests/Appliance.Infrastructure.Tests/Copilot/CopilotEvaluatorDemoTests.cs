using Appliance.Core.Connections;
using Appliance.Core.Copilot;
using Appliance.Core.Copilot.Deterministic;
using Appliance.Core.Copilot.Evaluation;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Copilot.Evaluation;
using Appliance.Infrastructure.Demo;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.Query;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Tests.Copilot;

/// <summary>The evaluation harness on the real demo database (SQLite, filled by the mock generator with its fixed seed).</summary>
public sealed class CopilotEvaluatorDemoTests : IDisposable
{
    /// <summary>Measured: 155 of 157 answerable demo questions (98.7 %); the bar sits just below.</summary>
    private const double DeterministicAccuracyFloor = 0.97;

    private readonly string _directory = Directory.CreateTempSubdirectory("copilot-eval-").FullName;
    private readonly QueryRunner _runner = new(Options.Create(new QueryOptions()));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<(ConnectionSettings Settings, DatabaseSchema Schema)> DemoAsync()
    {
        var settings = new ConnectionSettings { Engine = DatabaseEngine.Sqlite, Database = DemoDatabase.EnsureCreated(_directory), ConnectTimeoutSeconds = 5 };
        return (settings, await new SqliteEngineAdapter().ReadSchemaAsync(settings, Token));
    }

    private static Func<string, CancellationToken, Task<CopilotAnswer>> RuleEngine(DatabaseSchema schema)
    {
        var context = new QuestionContext(schema, SqlDialect.Sqlite, QuestionSets.ReferenceDate);
        return (question, _) => Task.FromResult(DeterministicSqlEngine.Answer(question, context));
    }

    private static Func<string, CancellationToken, Task<CopilotAnswer>> Always(string? sql, string? problem = null) =>
        (question, _) => Task.FromResult(new CopilotAnswer { Question = question, Sql = sql, Problem = problem, Source = CopilotSource.Model });

    [Fact]
    public async Task Every_gold_query_of_the_demo_set_runs_and_returns_rows()
    {
        var (settings, _) = await DemoAsync();

        foreach (var question in QuestionSets.Load("demo").Where(q => q.GoldSql is not null))
        {
            var result = await _runner.ReadAsync(settings, question.GoldSql!, Token);
            Assert.True(result.RowCount > 0, $"{question.Id}: the gold SQL returns no rows, so it cannot tell answers apart");
            Assert.False(result.Truncated, $"{question.Id}: the gold result is cut at the row cap");
        }
    }

    [Fact]
    public async Task The_rule_engine_answers_the_demo_set_above_the_bar_refuses_what_it_should_and_writes_only_valid_sql()
    {
        var (settings, schema) = await DemoAsync();
        var questions = QuestionSets.Load("demo");
        var progress = new List<int>();

        var report = await new CopilotEvaluator(_runner).EvaluateAsync(
            "demo", questions, settings, schema, RuleEngine(schema), new SynchronousProgress(progress.Add), Token);

        Assert.True(report.ExecutionAccuracy >= DeterministicAccuracyFloor, report.ToText());
        Assert.Equal(report.ExpectedRefusals, report.CorrectRefusals);
        Assert.Equal(1.0, report.ValidSqlShare);
        Assert.Equal(Enumerable.Range(1, questions.Count), progress);
        Assert.All(report.Results.Where(r => r.PredictedSql is not null), r => Assert.True(r.Valid, r.Id));
    }

    [Fact]
    public async Task A_valid_query_with_other_rows_is_wrong_and_says_how_it_differs()
    {
        var (settings, schema) = await DemoAsync();
        EvalQuestion[] questions = [new("q", "How many orders are cancelled?", "demo", "SELECT COUNT(*) FROM orders WHERE status = 'cancelled'")];

        var report = await new CopilotEvaluator(_runner).EvaluateAsync("t", questions, settings, schema, Always("SELECT COUNT(*) FROM orders"), cancellationToken: Token);

        var result = Assert.Single(report.Results);
        Assert.True(result.Valid);
        Assert.False(result.Correct);
        Assert.Equal("a row differs: expected (114), got (600)", result.Error);
    }

    [Fact]
    public async Task Rows_in_another_order_are_wrong_only_when_the_gold_orders_them()
    {
        var (settings, schema) = await DemoAsync();
        EvalQuestion[] questions =
        [
            new("ordered", "Latest 3 orders", "demo", "SELECT order_id FROM orders ORDER BY ordered_at DESC LIMIT 3"),
            new("unordered", "Latest 3 orders", "demo", "SELECT order_id FROM orders ORDER BY ordered_at DESC LIMIT 3") { OrderMatters = false },
        ];
        var reversed = "SELECT order_id FROM (SELECT order_id, ordered_at FROM orders ORDER BY ordered_at DESC LIMIT 3) x ORDER BY ordered_at";

        var report = await new CopilotEvaluator(_runner).EvaluateAsync("t", questions, settings, schema, Always(reversed), cancellationToken: Token);

        Assert.False(report.Results[0].Correct);
        Assert.StartsWith("row 1 differs", report.Results[0].Error, StringComparison.Ordinal);
        Assert.True(report.Results[1].Correct);
    }

    [Theory]
    [InlineData("DELETE FROM orders", "the predicted SQL is not read-only")]
    [InlineData("SELECT nope FROM orders", "the predicted SQL does not bind")]
    [InlineData("SELECT FROM WHERE", "the predicted SQL does not parse")]
    [InlineData("SELECT 1; SELECT 2", "the predicted SQL holds 2 statements")]
    public async Task Sql_that_is_not_one_valid_read_only_query_is_invalid_and_never_runs(string sql, string error)
    {
        var (settings, schema) = await DemoAsync();
        var before = new FileInfo(settings.Database!).LastWriteTimeUtc;
        EvalQuestion[] questions = [new("q", "How many orders?", "demo", "SELECT COUNT(*) FROM orders")];

        var report = await new CopilotEvaluator(_runner).EvaluateAsync("t", questions, settings, schema, Always(sql), cancellationToken: Token);

        var result = Assert.Single(report.Results);
        Assert.False(result.Valid);
        Assert.False(result.Correct);
        Assert.StartsWith(error, result.Error, StringComparison.Ordinal);
        Assert.Equal(0, report.ValidSqlShare);
        Assert.Equal(before, new FileInfo(settings.Database!).LastWriteTimeUtc);
    }

    [Fact]
    public async Task Refusing_counts_only_where_the_gold_expects_a_refusal()
    {
        var (settings, schema) = await DemoAsync();
        EvalQuestion[] questions =
        [
            new("answerable", "How many orders?", "demo", "SELECT COUNT(*) FROM orders"),
            new("refuse", "Why did sales drop?", "demo", null),
        ];

        var refusing = await new CopilotEvaluator(_runner).EvaluateAsync("t", questions, settings, schema, Always(null, "Not understood: no."), cancellationToken: Token);
        var answering = await new CopilotEvaluator(_runner).EvaluateAsync("t", questions, settings, schema, Always("SELECT COUNT(*) FROM orders"), cancellationToken: Token);

        Assert.Equal((false, "Not understood: no."), (refusing.Results[0].Correct, refusing.Results[0].Error));
        Assert.True(refusing.Results[1].Correct);
        Assert.Equal(1, refusing.CorrectRefusals);
        Assert.Equal(2, refusing.NotUnderstoodCount);
        Assert.True(answering.Results[0].Correct);
        Assert.Equal((false, "answered a question that should be refused"), (answering.Results[1].Correct, answering.Results[1].Error));
        Assert.Equal(1.0, answering.ExecutionAccuracy);
    }

    [Fact]
    public async Task A_failing_engine_or_gold_query_is_reported_per_question_and_the_run_goes_on()
    {
        var (settings, schema) = await DemoAsync();
        EvalQuestion[] questions =
        [
            new("throws", "boom", "demo", "SELECT COUNT(*) FROM orders"),
            new("bad-gold", "How many orders?", "demo", "SELECT COUNT(*) FROM no_such_table"),
            new("fine", "How many orders?", "demo", "SELECT COUNT(*) FROM orders"),
        ];
        Func<string, CancellationToken, Task<CopilotAnswer>> engine = (question, token) => question == "boom"
            ? throw new InvalidOperationException("the model is not loaded")
            : Always("SELECT COUNT(*) FROM orders")(question, token);

        var report = await new CopilotEvaluator(_runner).EvaluateAsync("t", questions, settings, schema, engine, cancellationToken: Token);

        Assert.Equal("the engine failed: the model is not loaded", report.Results[0].Error);
        Assert.StartsWith("the gold SQL failed: ", report.Results[1].Error, StringComparison.Ordinal);
        Assert.True(report.Results[2].Correct);
    }

    [Fact]
    public async Task Cancelling_stops_the_run()
    {
        var (settings, schema) = await DemoAsync();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new CopilotEvaluator(_runner).EvaluateAsync(
            "demo", QuestionSets.Load("demo"), settings, schema, RuleEngine(schema), cancellationToken: cancel.Token));
    }

    /// <summary>Reports on the calling thread (unlike <see cref="Progress{T}"/>), so the values can be asserted right away.</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
