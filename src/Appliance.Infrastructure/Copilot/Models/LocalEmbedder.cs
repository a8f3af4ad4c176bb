using System.Text;
using Appliance.Infrastructure.Copilot.Retrieval;
using LLama;
using LLama.Native;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Copilot.Models;

/// <summary>
/// The configured embedding model (<see cref="CopilotOptions.EmbeddingModel"/>, purpose "embedding" in the manifest)
/// through LLamaSharp's <see cref="LLamaEmbedder"/>: mean-pooled over the tokens and L2-normalised, so cosine similarity
/// is a dot product. One text is embedded at a time (a single context).
/// </summary>
public sealed class LocalEmbedder : LocalModel, IEmbedder
{
    private readonly SemaphoreSlim _busy = new(1, 1);
    private LLamaEmbedder? _embedder;
    private LLamaWeights? _weights;
    private string? _name;

    public LocalEmbedder(IOptions<CopilotOptions> options, ILogger<LocalEmbedder> logger, IHostEnvironment? environment = null, TimeProvider? time = null)
        : base(options.Value, options.Value.EmbeddingModel, ModelPurpose.Embedding, options.Value.ModelDirectoryFullPath(environment?.ContentRootPath), logger,
            time ?? TimeProvider.System)
    {
    }

    /// <summary>"gguf-&lt;file&gt;-&lt;first 12 hex digits of its SHA-256&gt;": another file or another version of it gets other collections.</summary>
    public string Name => _name ??= BuildName();

    /// <summary>Vector size; waits for the background load when it is still running.</summary>
    public int Dimensions => Ready().EmbeddingSize;

    public async Task<float[]> EmbedAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        await WaitUntilLoadedAsync(cancellationToken).ConfigureAwait(false);
        await _busy.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var embedder = _embedder ?? throw new ModelUnavailableException(State.Message);
            var vectors = await embedder.GetEmbeddings(Fit(text), cancellationToken).ConfigureAwait(false);
            return Normalize(vectors);
        }
        finally
        {
            _busy.Release();
        }
    }

    protected override void OnLoaded(LLamaWeights weights, VerifiedModel model)
    {
        var parameters = Parameters(model.Path, Options.ContextSize, Options.EffectiveThreads);
        parameters.Embeddings = true;
        parameters.PoolingType = LLamaPoolingType.Mean;
        // The whole text goes through in one step: batch and micro-batch as large as the context.
        parameters.BatchSize = (uint)Options.ContextSize;
        parameters.UBatchSize = (uint)Options.ContextSize;
        _embedder = new LLamaEmbedder(weights, parameters);
        _weights = weights;
        _name = NameOf(model.Entry);
    }

    protected override async Task UnloadAsync()
    {
        // Waits for the text being embedded; later calls find no embedder and say the model is unavailable.
        await _busy.WaitAsync().ConfigureAwait(false);
        try
        {
            _embedder?.Dispose();
            _embedder = null;
            _weights = null;
        }
        finally
        {
            _busy.Release();
        }
    }

    private LLamaEmbedder Ready()
    {
        if (_embedder is null && State.Status == ModelStatus.Loading)
        {
            WaitUntilLoadedAsync().GetAwaiter().GetResult();
        }

        return _embedder ?? throw new ModelUnavailableException(State.Message);
    }

    /// <summary>Cuts a text too long for the context (keeping its start): an embedding of most of it beats an error.</summary>
    private string Fit(string text)
    {
        var limit = Options.ContextSize - 8;
        var tokens = _weights!.Tokenize(text, true, false, Encoding.UTF8).Length;
        while (tokens > limit && text.Length > 1)
        {
            text = text[..Math.Max(1, (int)((long)text.Length * limit / tokens) - 1)];
            tokens = _weights.Tokenize(text, true, false, Encoding.UTF8).Length;
        }

        return text;
    }

    private static float[] Normalize(IReadOnlyList<float[]> vectors)
    {
        // With mean pooling llama.cpp returns one vector; without pooling support, one per token: average them.
        var vector = vectors.Count == 1 ? (float[])vectors[0].Clone() : new float[vectors[0].Length];
        if (vectors.Count > 1)
        {
            foreach (var tokenVector in vectors)
            {
                for (var i = 0; i < vector.Length; i++)
                {
                    vector[i] += tokenVector[i] / vectors.Count;
                }
            }
        }

        var norm = Math.Sqrt(vector.Sum(v => (double)v * v));
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] = (float)(vector[i] / norm);
            }
        }

        return vector;
    }

    private string BuildName()
    {
        try
        {
            if (File is not null && ModelManifest.Load(ModelDirectory).Find(File) is { } entry)
            {
                return NameOf(entry);
            }
        }
        catch (ModelManifestException)
        {
            // The state reports the manifest problem; the name only has to be stable.
        }

        return "gguf-" + Slug(File ?? "none");
    }

    private static string NameOf(ModelManifestEntry entry) => $"gguf-{Slug(Path.GetFileNameWithoutExtension(entry.File))}-{entry.Sha256[..12]}";

    private static string Slug(string text) =>
        new([.. text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
}
