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
public sealed record ModelState(ModelStatus Status, string? Model, string Message)
{
    public static ModelState NotConfigured { get; } = new(ModelStatus.NotConfigured, null, "No chat model is configured; the built-in rule engine answers.");
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
}
