namespace Appliance.Infrastructure.Copilot.Retrieval;

/// <summary>A vector with its id and payload (string fields: kind, table, text…).</summary>
public sealed record VectorPoint(string Id, float[] Vector, IReadOnlyDictionary<string, string> Payload);

/// <summary>A search hit: cosine similarity, higher is closer.</summary>
public sealed record VectorHit(string Id, float Score, IReadOnlyDictionary<string, string> Payload);

/// <summary>
/// Where retrieval vectors live: the embedded index persisted in the data directory, or Qdrant. Collections are named
/// by the caller (one per connection schema and embedder) and hold vectors of one size. Names are letters, digits,
/// '-', '_' and '.', starting with a letter or digit (<see cref="VectorCollectionNames"/>). Scores are cosine
/// similarities; operations on a missing collection throw <see cref="VectorIndexException"/>.
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

    /// <summary>The names of the collections kept (to clean up those of an older schema version).</summary>
    Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// A vector store refused an operation or could not be read: a missing collection, a wrong vector size, a damaged
/// file, an unreachable server. The message says which and is meant for the log and the admin.
/// </summary>
public class VectorIndexException : Exception
{
    public VectorIndexException(string message) : base(message) { }
    public VectorIndexException(string message, Exception inner) : base(message, inner) { }
    public VectorIndexException() { }
}

/// <summary>A collection's file in the data directory is damaged; deleting the collection and indexing again repairs it.</summary>
public sealed class VectorIndexCorruptException : VectorIndexException
{
    public VectorIndexCorruptException(string message) : base(message) { }
    public VectorIndexCorruptException(string message, Exception inner) : base(message, inner) { }
    public VectorIndexCorruptException() { }
}

/// <summary>Turns text into a vector: a GGUF embedding model through LLamaSharp, or the built-in lexical embedding.</summary>
public interface IEmbedder
{
    /// <summary>Stable name, part of the collection name so vectors of different embedders never mix.</summary>
    string Name { get; }

    int Dimensions { get; }

    Task<float[]> EmbedAsync(string text, CancellationToken cancellationToken = default);
}
