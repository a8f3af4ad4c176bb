using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Appliance.Infrastructure.Copilot.Retrieval;

/// <summary>
/// Vectors in a Qdrant server over gRPC (Copilot:QdrantUrl, e.g. http://qdrant:6334, and Copilot:QdrantApiKey).
/// Collections use cosine distance. Qdrant only takes numbers and UUIDs as point ids, so a point's string id becomes a
/// name-based UUID (SHA-256 of the id) and travels in the payload under <see cref="IdField"/>; payload values are strings.
/// Server errors surface as <see cref="VectorIndexException"/> naming the server.
/// </summary>
public sealed class QdrantVectorIndex : IVectorIndex, IDisposable
{
    /// <summary>The payload field holding the point's own id.</summary>
    public const string IdField = "_point_id";

    // Points per upsert request: well below gRPC's 4 MB message limit for vectors of a few thousand dimensions.
    private const int UpsertBatch = 256;

    private readonly QdrantClient client;
    private readonly string address;

    public QdrantVectorIndex(IOptions<CopilotOptions> options)
        : this(options?.Value ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    public QdrantVectorIndex(CopilotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.QdrantUrl) || !Uri.TryCreate(options.QdrantUrl, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException(
                $"Copilot:QdrantUrl must be Qdrant's gRPC address such as http://qdrant:6334 (got \"{options.QdrantUrl}\").", nameof(options));
        }

        address = uri.GetLeftPart(UriPartial.Authority);
        client = new QdrantClient(uri, string.IsNullOrEmpty(options.QdrantApiKey) ? null : options.QdrantApiKey, TimeSpan.FromSeconds(30));
    }

    public Task<bool> CollectionExistsAsync(string collection, CancellationToken cancellationToken = default)
    {
        VectorCollectionNames.Validate(collection);
        return Call(() => client.CollectionExistsAsync(collection, cancellationToken));
    }

    public async Task EnsureCollectionAsync(string collection, int dimensions, CancellationToken cancellationToken = default)
    {
        VectorCollectionNames.Validate(collection);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (await Call(() => client.CollectionExistsAsync(collection, cancellationToken)))
        {
            var info = await Call(() => client.GetCollectionInfoAsync(collection, cancellationToken));
            if (info.Config?.Params?.VectorsConfig?.Params?.Size == (ulong)dimensions)
            {
                return;
            }

            await Call(() => client.DeleteCollectionAsync(collection, cancellationToken: cancellationToken));
        }

        await Call(() => client.CreateCollectionAsync(
            collection, new VectorParams { Size = (ulong)dimensions, Distance = Distance.Cosine }, cancellationToken: cancellationToken));
    }

    public async Task UpsertAsync(string collection, IReadOnlyList<VectorPoint> points, CancellationToken cancellationToken = default)
    {
        VectorCollectionNames.Validate(collection);
        ArgumentNullException.ThrowIfNull(points);
        foreach (var batch in points.Chunk(UpsertBatch))
        {
            var structs = batch.Select(ToPointStruct).ToList();
            await Call(() => client.UpsertAsync(collection, structs, wait: true, cancellationToken: cancellationToken), collection);
        }
    }

    public async Task<IReadOnlyList<VectorHit>> SearchAsync(string collection, float[] vector, int limit, CancellationToken cancellationToken = default)
    {
        VectorCollectionNames.Validate(collection);
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var points = await Call(
            () => client.QueryAsync(collection, query: vector, limit: (ulong)limit, payloadSelector: true, cancellationToken: cancellationToken),
            collection);
        return [.. points
            .Select(p =>
            {
                var payload = p.Payload
                    .Where(e => e.Key != IdField)
                    .ToDictionary(e => e.Key, e => e.Value.StringValue, StringComparer.Ordinal);
                var id = p.Payload.TryGetValue(IdField, out var original) ? original.StringValue : p.Id.Uuid;
                return new VectorHit(id, p.Score, payload);
            })
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Id, StringComparer.Ordinal)];
    }

    public async Task DeleteAsync(string collection, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        VectorCollectionNames.Validate(collection);
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return;
        }

        var uuids = ids.Select(PointUuid).ToList();
        await Call(() => client.DeleteAsync(collection, uuids, wait: true, cancellationToken: cancellationToken), collection);
    }

    public Task DeleteCollectionAsync(string collection, CancellationToken cancellationToken = default)
    {
        VectorCollectionNames.Validate(collection);
        return Call(() => client.DeleteCollectionAsync(collection, cancellationToken: cancellationToken));
    }

    public Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken = default) =>
        Call(() => client.ListCollectionsAsync(cancellationToken));

    public void Dispose() => client.Dispose();

    /// <summary>The UUID a string id is stored under: the first 16 bytes of its SHA-256, marked as a name-based UUID.</summary>
    public static Guid PointUuid(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        Span<byte> bytes = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(id), bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes[..16], bigEndian: true);
    }

    private static PointStruct ToPointStruct(VectorPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentException.ThrowIfNullOrEmpty(point.Id);
        var structure = new PointStruct { Id = PointUuid(point.Id), Vectors = point.Vector };
        foreach (var (key, value) in point.Payload)
        {
            structure.Payload[key] = value;
        }

        structure.Payload[IdField] = point.Id;
        return structure;
    }

    private async Task<T> Call<T>(Func<Task<T>> call, string? collection = null)
    {
        try
        {
            return await call();
        }
        catch (RpcException ex)
        {
            throw Translate(ex, collection);
        }
        catch (QdrantException ex)
        {
            throw new VectorIndexException($"Qdrant at {address} refused the request: {ex.Message}", ex);
        }
    }

    private async Task Call(Func<Task> call, string? collection = null)
    {
        try
        {
            await call();
        }
        catch (RpcException ex)
        {
            throw Translate(ex, collection);
        }
        catch (QdrantException ex)
        {
            throw new VectorIndexException($"Qdrant at {address} refused the request: {ex.Message}", ex);
        }
    }

    private VectorIndexException Translate(RpcException ex, string? collection) => ex.StatusCode switch
    {
        StatusCode.NotFound when collection is not null => new VectorIndexException($"The vector collection \"{collection}\" does not exist (Qdrant at {address}).", ex),
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => new VectorIndexException($"Qdrant at {address} did not answer: {ex.Status.Detail}", ex),
        StatusCode.Unauthenticated or StatusCode.PermissionDenied => new VectorIndexException($"Qdrant at {address} refused the API key (Copilot:QdrantApiKey).", ex),
        _ => new VectorIndexException($"Qdrant at {address} refused the request: {ex.Status.Detail}", ex),
    };
}
