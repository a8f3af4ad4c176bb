namespace Appliance.Infrastructure.Copilot.Models;

/// <summary>Where a local model is in its life.</summary>
public enum ModelStatus
{
    /// <summary>No model is configured: the deterministic engine answers.</summary>
    NotConfigured,
    Loading,
    Ready,

    /// <summary>The file is missing, fails its manifest check, or llama.cpp could not load it.</summary>
    Failed,
}

/// <summary>A model's state for health, the admin page and the copilot's notice.</summary>
/// <param name="Model">The manifest's name for the model, or its file name before the manifest was read.</param>
public sealed record ModelState(ModelStatus Status, string? Model, string Message)
{
    public static ModelState NotConfigured { get; } = new(ModelStatus.NotConfigured, null, "No chat model is configured; the built-in rule engine answers.");

    /// <summary>The GGUF file name in the model directory.</summary>
    public string? File { get; init; }

    /// <summary>Size of the file in bytes, once verified against the manifest.</summary>
    public long? FileSize { get; init; }

    /// <summary>"chat" or "embedding", as in the manifest.</summary>
    public string? Purpose { get; init; }

    /// <summary>When the status last changed.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>How long verifying and loading took (set once Ready).</summary>
    public TimeSpan? LoadTime { get; init; }

    /// <summary>The native backend actually loaded: "CPU (AVX2)", "CUDA 12"… (set once Ready).</summary>
    public string? Backend { get; init; }

    /// <summary>Tokens each sequence may hold (prompt and answer).</summary>
    public int? ContextSize { get; init; }

    /// <summary>Sequences generated at once.</summary>
    public int ParallelSequences { get; init; }

    /// <summary>Requests that may wait for a sequence before "busy".</summary>
    public int QueueCapacity { get; init; }

    /// <summary>Requests generating now.</summary>
    public int InFlight { get; init; }

    /// <summary>Requests waiting for a sequence.</summary>
    public int Queued { get; init; }
}

/// <summary>One generation: the prompt, an optional GBNF grammar constraining the output, and limits.</summary>
public sealed record GenerationRequest
{
    public required string Prompt { get; init; }
    public string? Grammar { get; init; }
    public int MaxTokens { get; init; } = 256;
    /// <summary>0 means greedy.</summary>
    public float Temperature { get; init; }
    public uint Seed { get; init; } = 42;
    public IReadOnlyList<string> StopSequences { get; init; } = [];

    /// <summary>
    /// Instructions put before <see cref="Prompt"/> as the system message when the model has a chat template; with
    /// <see cref="UseChatTemplate"/> the prompt is wrapped in the model's template, otherwise it is used as written.
    /// </summary>
    public string? System { get; init; }

    /// <summary>Wraps System and Prompt in the model's own chat template (models without one get them joined by a blank line).</summary>
    public bool UseChatTemplate { get; init; }
}

/// <summary>Thrown when the generation queue is full.</summary>
public sealed class ModelBusyException(string message) : Exception(message);

/// <summary>Thrown when generation is asked of a model that is not ready.</summary>
public sealed class ModelUnavailableException(string message) : Exception(message);

/// <summary>A local chat model behind a bounded queue: text pieces are streamed as they are decoded.</summary>
public interface ITextGenerator
{
    ModelState State { get; }

    /// <summary>
    /// Streams the generated text. Throws <see cref="ModelUnavailableException"/> when the model is not ready and
    /// <see cref="ModelBusyException"/> when the queue is full; cancelling the token stops decoding.
    /// </summary>
    IAsyncEnumerable<string> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Tokens the model's own tokenizer makes of the text (without a chat template); null when no model is ready.</summary>
    int? CountTokens(string text);
}
