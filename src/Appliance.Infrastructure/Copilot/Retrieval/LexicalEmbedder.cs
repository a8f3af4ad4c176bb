using Appliance.Core.Copilot.Retrieval;

namespace Appliance.Infrastructure.Copilot.Retrieval;

/// <summary>The built-in embedder (<see cref="LexicalEmbedding"/>): no model, deterministic, a few microseconds a text.</summary>
public sealed class LexicalEmbedder : IEmbedder
{
    public string Name => "lexical-v1";

    public int Dimensions => LexicalEmbedding.DefaultDimensions;

    public Task<float[]> EmbedAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Task.FromResult(LexicalEmbedding.Embed(text, Dimensions));
    }
}
