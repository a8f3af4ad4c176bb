namespace Appliance.Infrastructure.Copilot.Retrieval;

/// <summary>A vector with its id and payload (string fields: kind, table, text…).</summary>
public sealed record VectorPoint(string Id, float[] Vector, IReadOnlyDictionary<string, string> Payload);

/// <summary>A search hit: cosine similarity, higher is closer.</summary>
public sealed record VectorHit(string Id, float Score, IReadOnlyDictionary<string, string> Payload);

/// <summary>
/// Where retrieval vectors live: the embedded index persisted in the data directory, or Qdrant. Collections are named
/// by the caller (one per connection schema and embedder) and hold vectors of one size.
/// </summary>
public interface IVectorIndex
{
    Task<bool> CollectionExistsAsync(string collection, CancellationToken cancellationToken = default);

    /// <summary>Creates the collection, or empties it when it exists with another vector size.</summary>
    Task EnsureCollectionAsync(string collection, int dimensions, CancellationToken cancellationToken = default);

    Task UpsertAsync(string collection, IReadOnlyList<VectorPoint> points, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<VectorHit>> SearchAsync(string collection, float[] vector, int limit, CancellationToken cancellationToken = default);

    Task DeleteAsync(string collection, IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    Task DeleteCollectionAsync(string collection, CancellationToken cancellationToken = default);
}

/// <summary>Turns text into a vector: a GGUF embedding model through LLamaSharp, or the built-in lexical embedding.</summary>
public interface IEmbedder
{
    /// <summary>Stable name, part of the collection name so vectors of different embedders never mix.</summary>
    string Name { get; }

    int Dimensions { get; }

    Task<float[]> EmbedAsync(string text, CancellationToken cancellationToken = default);
}
