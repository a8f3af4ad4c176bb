using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using LLama;
using LLama.Native;
using LLama.Sampling;
using LLama.Transformers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Copilot.Models;

/// <summary>
/// The configured chat model (<see cref="CopilotOptions.ChatModel"/>) behind a bounded queue: up to
/// <see cref="CopilotOptions.ParallelSequences"/> generations run at once, each on its own llama.cpp context (a
/// "slot"), up to <see cref="CopilotOptions.QueueCapacity"/> more wait for a slot, and past that a request is refused
/// with <see cref="ModelBusyException"/>. Text is streamed piece by piece; a grammar constrains sampling; cancelling
/// stops decoding at the next token and frees the slot.
/// </summary>
/// <remarks>
/// One context per slot rather than LLamaSharp's BatchedExecutor: each generation owns its KV cache and sampler with no
/// shared inference loop to coordinate, and contexts over the same weights decode in parallel safely. The price is
/// memory: every slot holds a KV cache of <see cref="CopilotOptions.ContextSize"/> tokens.
/// </remarks>
public sealed partial class LocalModelHost : LocalModel, ITextGenerator
{
    private const string ChatTemplateKey = "tokenizer.chat_template";

    /// <summary>The rule a request's grammar starts from (as in <see cref="Core.Copilot.Grammar.SqlGrammarDefinition.RootRule"/>).</summary>
    private const string GrammarRoot = "root";

    private readonly Channel<Slot> _free = Channel.CreateUnbounded<Slot>();
    private Slot[] _slots = [];
    private LLamaWeights? _weights;
    private bool _hasChatTemplate;
    private int _admitted;
    private int _running;

    public LocalModelHost(IOptions<CopilotOptions> options, ILogger<LocalModelHost> logger, IHostEnvironment? environment = null, TimeProvider? time = null)
        : base(options.Value, options.Value.ChatModel, ModelPurpose.Chat, options.Value.ModelDirectoryFullPath(environment?.ContentRootPath), logger,
            time ?? TimeProvider.System)
    {
    }

    public override ModelState State
    {
        get
        {
            var running = Volatile.Read(ref _running);
            return base.State with
            {
                ParallelSequences = Options.ParallelSequences,
                QueueCapacity = Options.QueueCapacity,
                InFlight = running,
                Queued = Math.Max(0, Volatile.Read(ref _admitted) - running),
            };
        }
    }

    public async IAsyncEnumerable<string> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MaxTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.MaxTokens, "MaxTokens must be at least 1.");
        }

        var state = base.State;
        var weights = _weights;
        if (state.Status != ModelStatus.Ready || weights is null)
        {
            throw new ModelUnavailableException(state.Message);
        }

        if (request.Grammar is not null && LlamaGrammarCheck.Problem(weights, request.Grammar, GrammarRoot) is { } problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }

        if (Interlocked.Increment(ref _admitted) > Options.ParallelSequences + Options.QueueCapacity)
        {
            Interlocked.Decrement(ref _admitted);
            throw new ModelBusyException(
                $"The model is busy: {Options.ParallelSequences} generating and {Options.QueueCapacity} waiting. Try again in a moment.");
        }

        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Stopping);
            var token = linked.Token;
            var slot = await _free.Reader.ReadAsync(token).ConfigureAwait(false);
            Interlocked.Increment(ref _running);
            try
            {
                await foreach (var piece in GenerateOnSlotAsync(slot, request, token).ConfigureAwait(false))
                {
                    yield return piece;
                }
            }
            finally
            {
                Interlocked.Decrement(ref _running);
                _free.Writer.TryWrite(slot);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _admitted);
        }
    }

    // Every native call runs inside the slot's RunAsync/DecodeAsync, so unloading never frees the model under one.
    private async IAsyncEnumerable<string> GenerateOnSlotAsync(Slot slot, GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (tokens, contextSize, batchSize) = await slot.RunAsync(context =>
        {
            context.NativeHandle.MemoryClear();
            var prompt = PromptText(context, request);
            return (context.Tokenize(prompt, addBos: true, special: request.UseChatTemplate), (int)context.ContextSize, (int)context.BatchSize);
        }, cancellationToken).ConfigureAwait(false);
        if (tokens.Length == 0)
        {
            throw new ArgumentException("The prompt is empty.", nameof(request));
        }

        if (tokens.Length + request.MaxTokens > contextSize)
        {
            throw new ArgumentException(
                $"The prompt is {tokens.Length} tokens; with {request.MaxTokens} answer tokens it exceeds the model context of {contextSize} tokens.",
                nameof(request));
        }

        // The prompt goes in batch-sized chunks, so cancelling is noticed between them; only the last token needs logits.
        var batch = slot.Batch;
        var position = 0;
        while (position < tokens.Length)
        {
            var count = Math.Min(batchSize, tokens.Length - position);
            batch.Clear();
            batch.AddRange(tokens.AsSpan(position, count), position, LLamaSeqId.Zero, position + count == tokens.Length);
            await slot.DecodeAsync(cancellationToken).ConfigureAwait(false);
            position += count;
        }

        using var sampler = new DefaultSamplingPipeline
        {
            Grammar = request.Grammar is null ? null : new Grammar(request.Grammar, GrammarRoot),
            // Check the sampled token against the grammar first and fall back to the whole vocabulary only when it fails.
            GrammarOptimization = DefaultSamplingPipeline.GrammarOptimizationMode.Basic,
            Temperature = Math.Max(0, request.Temperature), // 0 keeps only the most likely token: greedy
            Seed = request.Seed,
            TopK = 40,
            TopP = 0.95f,
            MinP = 0.05f,
            RepeatPenalty = 1,
        };
        var decoder = new StreamingTokenDecoder(slot.Context);
        var stops = new StopSequenceFilter(request.StopSequences);
        for (var generated = 0; generated < request.MaxTokens; generated++)
        {
            // Sampling also accepts the token into the grammar's state.
            var (next, piece, end) = await slot.RunAsync(context =>
            {
                var token = sampler.Sample(context.NativeHandle, batch.TokenCount - 1);
                if (token.IsEndOfGeneration(context.Vocab))
                {
                    return (token, "", true);
                }

                decoder.Add(token);
                return (token, decoder.Read(), false);
            }, cancellationToken).ConfigureAwait(false);
            if (end)
            {
                break;
            }

            var (text, stopped) = stops.Push(piece);
            if (text.Length > 0)
            {
                yield return text;
            }

            if (stopped)
            {
                yield break;
            }

            if (generated + 1 == request.MaxTokens)
            {
                break; // no need to decode a token nothing will follow
            }

            batch.Clear();
            batch.Add(next, position++, LLamaSeqId.Zero, true);
            await slot.DecodeAsync(cancellationToken).ConfigureAwait(false);
        }

        var rest = stops.Flush();
        if (rest.Length > 0)
        {
            yield return rest;
        }
    }

    public int? CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _weights?.Tokenize(text, false, false, System.Text.Encoding.UTF8).Length;
    }

    private string PromptText(LLamaContext context, GenerationRequest request)
    {
        if (!request.UseChatTemplate || !_hasChatTemplate)
        {
            return string.IsNullOrEmpty(request.System) ? request.Prompt : request.System + "\n\n" + request.Prompt;
        }

        var template = new LLamaTemplate(context.NativeHandle.ModelHandle) { AddAssistant = true };
        if (!string.IsNullOrEmpty(request.System))
        {
            template.Add("system", request.System);
        }

        template.Add("user", request.Prompt);
        return PromptTemplateTransformer.ToModelPrompt(template);
    }

    protected override void OnLoaded(LLamaWeights weights, VerifiedModel model)
    {
        var threads = Math.Max(1, Options.EffectiveThreads / Options.ParallelSequences);
        var parameters = Parameters(model.Path, Options.ContextSize, threads);
        var slots = new List<Slot>();
        try
        {
            for (var i = 0; i < Options.ParallelSequences; i++)
            {
                slots.Add(new Slot(weights.CreateContext(parameters)));
            }
        }
        catch
        {
            foreach (var slot in slots)
            {
                slot.Context.Dispose();
            }

            throw;
        }

        _slots = [.. slots];
        foreach (var slot in _slots)
        {
            _free.Writer.TryWrite(slot);
        }

        _hasChatTemplate = weights.Metadata.ContainsKey(ChatTemplateKey);
        _weights = weights;
    }

    protected override string ReadyMessage(ModelManifestEntry entry, string backend) =>
        $"{entry.Name} is ready on {backend}: {Options.ContextSize} tokens of context, {Options.ParallelSequences} " +
        $"{(Options.ParallelSequences == 1 ? "sequence" : "sequences")} at a time.";

    protected override async Task UnloadAsync()
    {
        // Generations see Stopping before their next native call; a slot is closed once its current call has ended, so
        // a context is never freed under llama.cpp, nor does unloading wait for a consumer that stopped reading.
        foreach (var slot in _slots)
        {
            await slot.CloseAsync().ConfigureAwait(false);
        }

        _slots = [];
        _weights = null;
    }

    /// <summary>One llama.cpp context with its batch: a sequence the host can generate on.</summary>
    private sealed class Slot(LLamaContext context)
    {
        private readonly SemaphoreSlim _native = new(1, 1);
        private bool _closed;

        public LLamaContext Context { get; } = context;

        public LLamaBatch Batch { get; } = new();

        /// <summary>Runs one native step on the context unless it was closed; cancelling is noticed before the step.</summary>
        public async Task<T> RunAsync<T>(Func<LLamaContext, T> step, CancellationToken cancellationToken)
        {
            await _native.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                ObjectDisposedException.ThrowIf(_closed, this);
                return step(Context);
            }
            finally
            {
                _native.Release();
            }
        }

        public async Task DecodeAsync(CancellationToken cancellationToken)
        {
            await _native.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                ObjectDisposedException.ThrowIf(_closed, this);
                var result = await Context.DecodeAsync(Batch, cancellationToken).ConfigureAwait(false);
                if (result != DecodeResult.Ok)
                {
                    throw new InvalidOperationException($"llama.cpp could not decode the batch ({result}).");
                }
            }
            finally
            {
                _native.Release();
            }
        }

        /// <summary>Waits for the native step in progress, then frees the context for good.</summary>
        public async Task CloseAsync()
        {
            await _native.WaitAsync().ConfigureAwait(false);
            try
            {
                _closed = true;
                Context.Dispose();
            }
            finally
            {
                _native.Release();
            }
        }
    }

    /// <summary>
    /// Holds back text that could be the start of a stop sequence, so a stop sequence split across tokens is still cut
    /// out whole and nothing after it is streamed.
    /// </summary>
    private sealed class StopSequenceFilter(IReadOnlyList<string> stops)
    {
        private readonly StringBuilder _held = new();

        public (string Text, bool Stopped) Push(string piece)
        {
            if (stops.Count == 0)
            {
                return (piece, false);
            }

            _held.Append(piece);
            var held = _held.ToString();
            var first = -1;
            foreach (var stop in stops.Where(s => s.Length > 0))
            {
                var at = held.IndexOf(stop, StringComparison.Ordinal);
                if (at >= 0 && (first < 0 || at < first))
                {
                    first = at;
                }
            }

            if (first >= 0)
            {
                _held.Clear();
                return (held[..first], true);
            }

            var keep = 0;
            foreach (var stop in stops)
            {
                for (var length = Math.Min(stop.Length - 1, held.Length); length > keep; length--)
                {
                    if (held.EndsWith(stop[..length], StringComparison.Ordinal))
                    {
                        keep = length;
                        break;
                    }
                }
            }

            _held.Clear().Append(held[^keep..]);
            return (held[..^keep], false);
        }

        public string Flush()
        {
            var rest = _held.ToString();
            _held.Clear();
            return rest;
        }
    }
}
