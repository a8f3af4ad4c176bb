using System.Text;
using Appliance.Core.Copilot.Grammar;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Binding;
using Appliance.Infrastructure.Copilot;
using Appliance.Infrastructure.Copilot.Models;
using Appliance.Tests;

namespace Appliance.Infrastructure.Tests.Copilot.Models;

/// <summary>
/// The tiny random-weights model through the real LLamaSharp / llama.cpp path: what it writes is noise, so whatever is
/// valid about its output comes from the grammar and the host.
/// </summary>
public sealed class LocalModelHostTests(TinyModels models) : IClassFixture<TinyModels>
{
    /// <summary>Never ends before 600 letters: a generation that is still running when the test wants it to be.</summary>
    private const string LongGrammar = "root ::= [a-z]{600}";

    private static readonly DatabaseSchema Demo = TinyModels.DemoSchema;
    private static readonly int AnswerTokens = new CopilotOptions().MaxAnswerTokens;
    private static readonly SqlGrammarDefinition DemoGrammar =
        SqlGrammar.Create(Demo.Tables, SqlDialect.Sqlite, new SqlGrammarOptions { MaxLength = AnswerTokens });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_model_loads_in_the_background_from_loading_to_ready_with_its_figures()
    {
        await using var host = models.Host(o => o.ParallelSequences = 2);
        Assert.Equal(ModelStatus.Loading, host.State.Status);

        host.Start();
        var state = await host.WaitUntilLoadedAsync(Ct);

        Assert.True(state.Status == ModelStatus.Ready, state.Message);
        Assert.Equal("tiny-chat", state.Model);
        Assert.Equal(TinyModels.ChatFile, state.File);
        Assert.Equal(new FileInfo(Path.Combine(models.Directory, TinyModels.ChatFile)).Length, state.FileSize);
        Assert.Equal(2048, state.ContextSize);
        Assert.Equal(2, state.ParallelSequences);
        Assert.StartsWith("CPU", state.Backend, StringComparison.Ordinal);
        Assert.NotNull(state.LoadTime);
        Assert.Contains("is ready on CPU", state.Message, StringComparison.Ordinal);
    }

    /// <summary>The required one: random questions, random weights, and still every answer is a valid read-only query.</summary>
    [Fact]
    public async Task Fifty_random_questions_all_give_one_read_only_select_that_parses_and_binds_to_the_demo_schema()
    {
        await using var host = await models.ReadyHostAsync();
        var random = new Random(2026);
        var answers = new List<string>();

        for (var i = 0; i < 50; i++)
        {
            var question = RandomQuestion(random);
            var sql = await GenerateAsync(host, new GenerationRequest
            {
                Prompt = $"Write one SQLite SELECT that answers the question.\nQuestion: {question}\nSQL: ",
                Grammar = DemoGrammar.Text,
                MaxTokens = AnswerTokens,
                Temperature = i % 2 == 0 ? 0 : 0.9f,
                Seed = (uint)i,
            });

            AssertValidReadOnlySelect(sql);
            answers.Add(sql);
        }

        // The answers really are the model's (random) choices, not one fixed text.
        Assert.True(answers.Distinct(StringComparer.Ordinal).Count() >= 20, string.Join("\n", answers));
    }

    public static TheoryData<string, SqlDialect> GrammarCases => new()
    {
        { "demo", SqlDialect.Postgres },
        { "demo", SqlDialect.MySql },
        { "demo", SqlDialect.TSql },
        { "postgres-fixture", SqlDialect.Postgres },
        { "postgres-fixture", SqlDialect.MySql },
    };

    [Theory]
    [MemberData(nameof(GrammarCases))]
    public async Task The_grammar_of_every_dialect_loads_into_llama_cpp_and_constrains_the_answers(string schemaName, SqlDialect dialect)
    {
        var schema = schemaName == "demo"
            ? Demo
            : SchemaJson.Deserialize(Engines.EngineTestSupport.ReadRepositoryFile("tests/Appliance.Core.Tests/Sql/Schemas/postgres-fixture.schema.json"));
        var grammar = SqlGrammar.Create(schema.Tables, dialect, new SqlGrammarOptions { MaxLength = AnswerTokens });
        await using var host = await models.ReadyHostAsync();

        for (uint seed = 0; seed < 8; seed++)
        {
            var sql = await GenerateAsync(host, Request(grammar.Text, seed, temperature: 1));

            AssertValidReadOnlySelect(sql, schema, dialect);
        }
    }

    [Fact]
    public async Task Text_is_streamed_in_several_pieces_that_make_up_the_answer()
    {
        await using var host = await models.ReadyHostAsync();
        var pieces = new List<string>();

        await foreach (var piece in host.GenerateAsync(Request(DemoGrammar.Text, seed: 3), Ct))
        {
            pieces.Add(piece);
        }

        Assert.True(pieces.Count >= 5, $"{pieces.Count} pieces");
        Assert.All(pieces, p => Assert.NotEmpty(p));
        AssertValidReadOnlySelect(string.Concat(pieces));
    }

    [Fact]
    public async Task Cancelling_stops_decoding_at_the_next_token_and_frees_the_slot()
    {
        await using var host = await models.ReadyHostAsync(o => o.ParallelSequences = 1);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var pieces = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in host.GenerateAsync(Request(LongGrammar, maxTokens: 1000), cancel.Token))
            {
                if (++pieces == 3)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(3, pieces); // nothing more was decoded and streamed after the cancel
        Assert.Equal(0, host.State.InFlight);
        Assert.Equal(0, host.State.Queued);
        // The only slot is free again.
        AssertValidReadOnlySelect(await GenerateAsync(host, Request(DemoGrammar.Text, seed: 5)));
    }

    [Fact]
    public async Task A_request_beyond_the_queue_is_refused_as_busy_and_the_queued_one_runs_when_a_slot_frees()
    {
        await using var host = await models.ReadyHostAsync(o =>
        {
            o.ParallelSequences = 1;
            o.QueueCapacity = 1;
        });
        await using var running = host.GenerateAsync(Request(LongGrammar, maxTokens: 1000), Ct).GetAsyncEnumerator(Ct);
        Assert.True(await running.MoveNextAsync()); // holds the only slot
        await using var queued = host.GenerateAsync(Request(DemoGrammar.Text, seed: 8), Ct).GetAsyncEnumerator(Ct);
        var queuedFirstPiece = queued.MoveNextAsync().AsTask();

        Assert.False(queuedFirstPiece.IsCompleted);
        Assert.Equal(1, host.State.InFlight);
        Assert.Equal(1, host.State.Queued);
        var busy = await Assert.ThrowsAsync<ModelBusyException>(async () =>
        {
            await foreach (var _ in host.GenerateAsync(Request(DemoGrammar.Text), Ct))
            {
            }
        });
        Assert.Contains("busy", busy.Message, StringComparison.Ordinal);

        await running.DisposeAsync(); // the consumer stops: the slot goes to the queued request
        Assert.True(await queuedFirstPiece);
        var text = new StringBuilder(queued.Current);
        while (await queued.MoveNextAsync())
        {
            text.Append(queued.Current);
        }

        AssertValidReadOnlySelect(text.ToString());
    }

    [Fact]
    public async Task Two_parallel_sequences_generate_at_the_same_time_and_both_complete()
    {
        await using var host = await models.ReadyHostAsync(o => o.ParallelSequences = 2);
        await using var first = host.GenerateAsync(Request(DemoGrammar.Text, seed: 11, temperature: 1), Ct).GetAsyncEnumerator(Ct);
        await using var second = host.GenerateAsync(Request(DemoGrammar.Text, seed: 12, temperature: 1), Ct).GetAsyncEnumerator(Ct);

        Assert.True(await first.MoveNextAsync());
        Assert.True(await second.MoveNextAsync());
        Assert.Equal(2, host.State.InFlight);
        Assert.Equal(0, host.State.Queued);

        var answers = await Task.WhenAll(DrainAsync(first), DrainAsync(second));

        Assert.All(answers, AssertValidReadOnlySelect);
        Assert.Equal(0, host.State.InFlight);
    }

    [Fact]
    public async Task Greedy_generation_repeats_itself_and_sampling_follows_the_seed()
    {
        await using var host = await models.ReadyHostAsync();

        var greedy1 = await GenerateAsync(host, Request(DemoGrammar.Text, seed: 1));
        var greedy2 = await GenerateAsync(host, Request(DemoGrammar.Text, seed: 2));
        var sampled = new List<string>();
        for (uint seed = 0; seed < 6; seed++)
        {
            sampled.Add(await GenerateAsync(host, Request(DemoGrammar.Text, seed: seed, temperature: 1)));
        }

        var again = await GenerateAsync(host, Request(DemoGrammar.Text, seed: 4, temperature: 1));

        Assert.Equal(greedy1, greedy2); // temperature 0 ignores the seed
        Assert.Equal(sampled[4], again);
        Assert.True(sampled.Distinct(StringComparer.Ordinal).Count() > 1, string.Join("\n", sampled));
    }

    [Fact]
    public async Task Stop_sequences_end_the_answer_before_them_even_across_tokens()
    {
        await using var host = await models.ReadyHostAsync();
        const string grammar = "root ::= \"SELECT 1; SELECT 2\"";

        var atSemicolon = await GenerateAsync(host, Request(grammar) with { StopSequences = [";"] });
        var inside = await GenerateAsync(host, Request(grammar) with { StopSequences = ["T 2", "never"] });
        var none = await GenerateAsync(host, Request(grammar) with { StopSequences = ["never"] });

        Assert.Equal("SELECT 1", atSemicolon);
        Assert.Equal("SELECT 1; SELEC", inside);
        Assert.Equal("SELECT 1; SELECT 2", none);
    }

    [Fact]
    public async Task The_token_limit_ends_an_answer_the_grammar_would_continue()
    {
        await using var host = await models.ReadyHostAsync();
        var pieces = new List<string>();

        await foreach (var piece in host.GenerateAsync(Request(LongGrammar, maxTokens: 10), Ct))
        {
            pieces.Add(piece);
        }

        Assert.Equal(10, pieces.Count);
        Assert.Matches("^[a-z]+$", string.Concat(pieces));
    }

    [Fact]
    public async Task A_prompt_too_long_for_the_context_is_refused_with_the_figures()
    {
        await using var host = await models.ReadyHostAsync(o => o.ContextSize = 256);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            GenerateAsync(host, new GenerationRequest { Prompt = string.Join(' ', Enumerable.Repeat("customers", 100)), MaxTokens = 200 }));

        Assert.Contains("exceeds the model context of 256 tokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chat_template_wraps_system_and_prompt_when_asked_and_the_model_has_one()
    {
        var directory = models.NewDirectory();
        const string chatMl = "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n{% endfor %}<|im_start|>assistant\n";
        TinyGguf.Write(Path.Combine(directory, "tiny-chatml.gguf"), chatTemplate: chatMl);
        TinyGguf.WriteManifest(directory, [TinyGguf.Entry(directory, "tiny-chatml.gguf", "chat", "tiny-chatml")]);
        await using var host = TinyModels.Host(directory, o =>
        {
            o.ChatModel = "tiny-chatml.gguf";
            o.ContextSize = 256;
        });
        host.Start();
        await host.WaitUntilLoadedAsync(Ct);

        // The refusal of an over-long request reports the prompt's size: the template's markers make it longer.
        async Task<int> PromptTokens(bool useTemplate)
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => GenerateAsync(host, new GenerationRequest
            {
                System = "You write SQL.",
                Prompt = "how many orders?",
                UseChatTemplate = useTemplate,
                MaxTokens = 256,
            }));
            return int.Parse(error.Message.Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);
        }

        var plain = await PromptTokens(false);
        var templated = await PromptTokens(true);

        // About 75 characters of markers and roles, spelled nearly character by character by the tiny vocabulary.
        Assert.InRange(templated - plain, 60, 90);
    }

    [Fact]
    public async Task An_invalid_grammar_fails_the_request_and_the_slot_stays_usable()
    {
        await using var host = await models.ReadyHostAsync(o => o.ParallelSequences = 1);

        var unclosed = await Assert.ThrowsAsync<ArgumentException>(() => GenerateAsync(host, Request("root ::= ( \"unclosed\"")));
        var undefined = await Assert.ThrowsAsync<ArgumentException>(() => GenerateAsync(host, Request("root ::= other")));
        var noRoot = await Assert.ThrowsAsync<ArgumentException>(() => GenerateAsync(host, Request("query ::= \"SELECT 1\"")));

        Assert.All([unclosed, undefined, noRoot], e => Assert.Contains("llama.cpp rejected the grammar", e.Message, StringComparison.Ordinal));

        AssertValidReadOnlySelect(await GenerateAsync(host, Request(DemoGrammar.Text, seed: 9)));
    }

    [Fact]
    public async Task After_disposal_the_model_is_unloaded_and_generation_is_unavailable()
    {
        var host = await models.ReadyHostAsync();
        await using var suspended = host.GenerateAsync(Request(LongGrammar, maxTokens: 1000), Ct).GetAsyncEnumerator(Ct);
        Assert.True(await suspended.MoveNextAsync()); // a consumer that stopped reading does not hold up unloading

        await host.DisposeAsync();

        Assert.Equal(ModelStatus.Failed, host.State.Status);
        Assert.Contains("unloaded", host.State.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await suspended.MoveNextAsync());
        await Assert.ThrowsAsync<ModelUnavailableException>(() => GenerateAsync(host, Request(DemoGrammar.Text)));
    }

    private static GenerationRequest Request(string grammar, uint seed = 42, float temperature = 0, int? maxTokens = null) => new()
    {
        Prompt = "Question: how many orders per customer?\nSQL: ",
        Grammar = grammar,
        MaxTokens = maxTokens ?? AnswerTokens,
        Temperature = temperature,
        Seed = seed,
    };

    private static async Task<string> GenerateAsync(LocalModelHost host, GenerationRequest request)
    {
        var text = new StringBuilder();
        await foreach (var piece in host.GenerateAsync(request, Ct))
        {
            text.Append(piece);
        }

        return text.ToString();
    }

    private static async Task<string> DrainAsync(IAsyncEnumerator<string> pieces)
    {
        var text = new StringBuilder(pieces.Current);
        while (await pieces.MoveNextAsync())
        {
            text.Append(pieces.Current);
        }

        return text.ToString();
    }

    private static void AssertValidReadOnlySelect(string sql) => AssertValidReadOnlySelect(sql, Demo, SqlDialect.Sqlite);

    private static void AssertValidReadOnlySelect(string sql, DatabaseSchema schema, SqlDialect dialect)
    {
        var parsed = SqlParser.Parse(sql, dialect);
        Assert.True(parsed.Succeeded, $"{parsed.Error}: {sql}");
        var statement = Assert.Single(parsed.Statements);
        var bound = SqlBinder.Bind(statement, schema, dialect);
        Assert.True(bound.Problems.Count == 0, $"{string.Join("; ", bound.Problems.Select(p => p.Message))}: {sql}");
        var verdict = ReadOnlyPolicy.Check(parsed, dialect);
        Assert.True(verdict.Allowed, $"{verdict.Reason}: {sql}");
    }

    /// <summary>A question made of demo table and column words in one of the common shapes.</summary>
    private static string RandomQuestion(Random random)
    {
        var table = Demo.Tables[random.Next(Demo.Tables.Count)];
        string Column() => table.Columns[random.Next(table.Columns.Count)].Name.Replace('_', ' ');
        string[] shapes =
        [
            $"how many {table.Name} are there per {Column()}?",
            $"list the {Column()} and {Column()} of {table.Name} where {Column()} is empty",
            $"top {random.Next(3, 20)} {table.Name} by {Column()}",
            $"average {Column()} of {table.Name} last month",
            $"which {table.Name} have a {Column()} like '{Column()}'?",
            $"total {Column()} for each {Column()} in {table.Name} ordered by {Column()}",
        ];
        return shapes[random.Next(shapes.Length)];
    }
}
