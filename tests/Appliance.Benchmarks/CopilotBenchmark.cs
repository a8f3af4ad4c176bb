using System.Diagnostics;
using Appliance.Core.Connections;
using Appliance.Core.Copilot;
using Appliance.Core.Copilot.Deterministic;
using Appliance.Core.Copilot.Evaluation;
using Appliance.Core.Copilot.Grammar;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Copilot;
using Appliance.Infrastructure.Copilot.Evaluation;
using Appliance.Infrastructure.Copilot.Models;
using Appliance.Infrastructure.Copilot.Retrieval;
using Appliance.Infrastructure.Demo;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.Query;
using Appliance.Infrastructure.Tests.Copilot.Retrieval;
using Appliance.Tests;
using LLama;
using LLama.Common;
using LLama.Sampling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Benchmarks;

/// <summary>
/// The copilot: retrieval on the generated 5,000-table schema (target &lt; 50 ms per question) next to reading that
/// schema's JSON; the rule engine's latency (target &lt; 10 ms per question) and its harness accuracy on the demo
/// database; and, with the tiny GGUF model written here, time to first token and tokens per second through the
/// appliance's model host next to LLamaSharp's raw StatelessExecutor on the same model, prompt and grammar.
/// </summary>
internal static class CopilotBenchmark
{
    private static readonly TimeSpan RetrievalTarget = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan RuleEngineTarget = TimeSpan.FromMilliseconds(10);

    private static readonly string[] LargeSchemaQuestions =
    [
        "which invoices are unpaid", "employee contracts ending this year", "open support tickets by priority",
        "shipments delivered late, per carrier", "total payroll deductions per employee in 2025", "machine downtime hours last week",
        "expense reports awaiting approval", "insurance claims settled per adjuster", "head count per department", "vendor invoices due next week",
    ];

    public static async Task<int> RunAsync()
    {
        var met = true;
        met &= await RetrievalAsync();
        met &= await RuleEngineAsync();
        met &= await TinyModelAsync();
        return met ? 0 : 1;
    }

    private static async Task<bool> RetrievalAsync()
    {
        var schema = BusinessSchema.Schema;
        var json = SchemaJson.Serialize(schema, indented: false);
        var read = Median(3, () => SchemaJson.Deserialize(json));
        var directory = Directory.CreateTempSubdirectory("bench-vectors-").FullName;
        try
        {
            var retriever = new SchemaRetriever(new EmbeddedVectorIndex(directory), new LexicalEmbedder(), NullLogger<SchemaRetriever>.Instance);
            var indexing = Stopwatch.StartNew();
            var status = await retriever.EnsureIndexedAsync("bench", schema, [], []);
            indexing.Stop();
            foreach (var question in LargeSchemaQuestions)
            {
                await retriever.RetrieveAsync("bench", question, 40); // warm-up
            }

            var times = new List<TimeSpan>();
            for (var round = 0; round < 5; round++)
            {
                foreach (var question in LargeSchemaQuestions)
                {
                    var watch = Stopwatch.StartNew();
                    await retriever.RetrieveAsync("bench", question, 40);
                    times.Add(watch.Elapsed);
                }
            }

            times.Sort();
            var median = times[times.Count / 2];
            var p95 = times[(int)(times.Count * 0.95)];
            var ok = p95 < RetrievalTarget;
            Console.WriteLine($"retrieval, 5,000 tables ({status.Documents:N0} documents; indexed once in {indexing.Elapsed.TotalSeconds:0.00} s): " +
                $"read the schema JSON (reference) {Ms(read)}   per question median {Ms(median)}, p95 {Ms(p95)}   (target < {RetrievalTarget.TotalMilliseconds:0} ms: {(ok ? "met" : "NOT met")})");
            return ok;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<bool> RuleEngineAsync()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("bench-demo-").FullName;
        try
        {
            var demo = new ConnectionSettings { Engine = DatabaseEngine.Sqlite, Database = DemoDatabase.EnsureCreated(dataDirectory) };
            var schema = await new SqliteEngineAdapter().ReadSchemaAsync(demo);
            var questions = QuestionSets.Load("demo").Where(q => q.Database == "demo").ToList();
            var context = new QuestionContext(schema, schema.Engine.ToSqlDialect(), QuestionSets.ReferenceDate);
            foreach (var q in questions)
            {
                DeterministicSqlEngine.Answer(q.Question, context); // warm-up (lexicon built once per schema)
            }

            var times = new List<TimeSpan>();
            for (var round = 0; round < 5; round++)
            {
                foreach (var q in questions)
                {
                    var watch = Stopwatch.StartNew();
                    DeterministicSqlEngine.Answer(q.Question, context);
                    times.Add(watch.Elapsed);
                }
            }

            times.Sort();
            var median = times[times.Count / 2];
            var max = times[^1];
            var large = new QuestionContext(BusinessSchema.Schema, SqlDialect.Postgres, QuestionSets.ReferenceDate);
            DeterministicSqlEngine.Answer(LargeSchemaQuestions[0], large);
            var largeTimes = LargeSchemaQuestions.Select(q => Time(() => DeterministicSqlEngine.Answer(q, large))).Order().ToList();
            var runner = new QueryRunner(Options.Create(new QueryOptions()));
            var reference = Median(5, () => runner.ReadAsync(demo, "SELECT count(*) FROM orders").GetAwaiter().GetResult());
            var ok = times[(int)(times.Count * 0.95)] < RuleEngineTarget && largeTimes[^1] < RuleEngineTarget;
            Console.WriteLine($"rule engine, {questions.Count} demo questions: SQLite count(*) on the demo (reference) {Ms(reference)}   per question median {Ms(median)}, p95 {Ms(times[(int)(times.Count * 0.95)])}, max {Ms(max)}");
            Console.WriteLine($"rule engine, 5,000-table schema: per question median {Ms(largeTimes[largeTimes.Count / 2])}, max {Ms(largeTimes[^1])}   (target < {RuleEngineTarget.TotalMilliseconds:0} ms: {(ok ? "met" : "NOT met")})");

            var report = await new CopilotEvaluator(runner).EvaluateAsync("demo", questions, demo, schema,
                (question, ct) => Task.FromResult(DeterministicSqlEngine.Answer(question, context)));
            Console.WriteLine($"harness, rule engine: {report.Summary}");
            return ok;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<bool> TinyModelAsync()
    {
        var directory = TinyGguf.CreateModelDirectory();
        try
        {
            var schema = SchemaJson.Deserialize(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Schemas", "demo.schema.json")));
            var grammar = SqlGrammar.Build(schema.Tables, SqlDialect.Sqlite, new SqlGrammarOptions { MaxLength = 384 });
            const string prompt = "Write one SQLite SELECT for: total order amount per customer in 2025\nSQL:";
            const int runs = 20;
            var options = new CopilotOptions { ModelDirectory = directory, ChatModel = "tiny-chat.gguf", ContextSize = 2048, Threads = 1 };

            await using var host = new LocalModelHost(Options.Create(options), NullLogger<LocalModelHost>.Instance);
            host.Start();
            var state = await host.WaitUntilLoadedAsync();
            if (state.Status != ModelStatus.Ready)
            {
                Console.WriteLine($"tiny model: did not load ({state.Message})");
                return false;
            }

            var request = new GenerationRequest { Prompt = prompt, Grammar = grammar, MaxTokens = 384 };
            var pipeline = await MeasureAsync(runs, async () =>
            {
                var pieces = new List<(TimeSpan At, string Text)>();
                var watch = Stopwatch.StartNew();
                await foreach (var piece in host.GenerateAsync(request))
                {
                    pieces.Add((watch.Elapsed, piece));
                }

                return (pieces[0].At, watch.Elapsed, host.CountTokens(string.Concat(pieces.Select(p => p.Text))) ?? pieces.Count);
            });

            using var weights = await LLamaWeights.LoadFromFileAsync(new ModelParams(Path.Combine(directory, "tiny-chat.gguf")) { ContextSize = 2048, Threads = 1, BatchThreads = 1 });
            var raw = new StatelessExecutor(weights, new ModelParams(Path.Combine(directory, "tiny-chat.gguf")) { ContextSize = 2048, Threads = 1, BatchThreads = 1 });
            var rawFigures = await MeasureAsync(runs, async () =>
            {
                var inference = new InferenceParams
                {
                    MaxTokens = 384,
                    SamplingPipeline = new DefaultSamplingPipeline { Grammar = new Grammar(grammar, "root"), Temperature = 0 },
                };
                var pieces = new List<(TimeSpan At, string Text)>();
                var watch = Stopwatch.StartNew();
                await foreach (var piece in raw.InferAsync(prompt, inference))
                {
                    pieces.Add((watch.Elapsed, piece));
                }

                return (pieces[0].At, watch.Elapsed, weights.Tokenize(string.Concat(pieces.Select(p => p.Text)), false, false, System.Text.Encoding.UTF8).Length);
            });

            Console.WriteLine($"tiny model ({new FileInfo(Path.Combine(directory, "tiny-chat.gguf")).Length / 1024:N0} KB, demo grammar of {grammar.Length / 1024:N0} KB, one thread, {runs} runs):");
            Console.WriteLine($"  LLamaSharp StatelessExecutor (reference): time to first token {Ms(rawFigures.FirstToken)}, {rawFigures.TokensPerSecond,7:N0} tokens/s");
            Console.WriteLine($"  appliance model host:                     time to first token {Ms(pipeline.FirstToken)}, {pipeline.TokensPerSecond,7:N0} tokens/s ({pipeline.TokensPerSecond / rawFigures.TokensPerSecond:P0} of the raw executor)");
            return true;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Medians of time to first token and tokens per second over runs, after one warm-up.</summary>
    private static async Task<(TimeSpan FirstToken, double TokensPerSecond)> MeasureAsync(int runs, Func<Task<(TimeSpan FirstToken, TimeSpan Total, int Tokens)>> run)
    {
        await run();
        var firsts = new List<TimeSpan>();
        var rates = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var (first, total, tokens) = await run();
            firsts.Add(first);
            rates.Add(tokens / total.TotalSeconds);
        }

        firsts.Sort();
        rates.Sort();
        return (firsts[runs / 2], rates[runs / 2]);
    }

    private static TimeSpan Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed;
    }

    private static TimeSpan Median(int runs, Action action)
    {
        action();
        var times = Enumerable.Range(0, runs).Select(_ => Time(action)).Order().ToList();
        return times[runs / 2];
    }

    private static string Ms(TimeSpan time) => $"{time.TotalMilliseconds,8:N2} ms";
}
