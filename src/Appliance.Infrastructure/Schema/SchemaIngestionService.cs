using System.Diagnostics;
using System.IO.Compression;
using Appliance.Core.Schema;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Appliance.Infrastructure.Schema;

public sealed record IngestionResult(SchemaSnapshot Snapshot, DatabaseSchema Schema, bool IsNewVersion, TimeSpan Elapsed);

/// <summary>Reads a connection's schema and stores it as a version; an unchanged schema does not make a new version.</summary>
public sealed class SchemaIngestionService(MetadataDbContext db, ConnectionService connections, DatabaseEngines engines, AuditLog audit, IMemoryCache cache)
{
    public async Task<IngestionResult> IngestAsync(DatabaseConnection connection, AuditActor actor, CancellationToken ct = default)
    {
        var settings = await connections.ToSettingsAsync(connection, ct);
        var stopwatch = Stopwatch.StartNew();
        var schema = await engines[connection.Engine].ReadSchemaAsync(settings, ct);
        stopwatch.Stop();

        var hash = SchemaJson.ContentHash(schema);
        var latest = await db.SchemaSnapshots
            .Where(s => s.ConnectionId == connection.Id)
            .OrderByDescending(s => s.IngestedAt)
            .FirstOrDefaultAsync(ct);
        var summary = schema.Summarize();
        var isNew = latest is null || latest.ContentHash != hash;
        SchemaSnapshot snapshot;
        if (isNew)
        {
            snapshot = new SchemaSnapshot
            {
                ConnectionId = connection.Id,
                ContentHash = hash,
                CompressedJson = Compress(SchemaJson.SerializeToUtf8(schema)),
                TableCount = summary.Tables,
                ViewCount = summary.Views,
                ColumnCount = summary.Columns,
                ForeignKeyCount = summary.ForeignKeys,
                IndexCount = summary.Indexes,
                DurationMilliseconds = stopwatch.ElapsedMilliseconds,
                IngestedBy = actor.UserName,
            };
            db.SchemaSnapshots.Add(snapshot);
        }
        else
        {
            snapshot = latest!;
            snapshot.LastSeenAt = DateTime.UtcNow;
            snapshot.DurationMilliseconds = stopwatch.ElapsedMilliseconds;
        }

        audit.Record(actor, "schema.ingested", connection.Name,
            $"{summary.Tables} tables, {summary.Views} views, {summary.Columns} columns in {stopwatch.Elapsed.TotalSeconds:0.00} s" + (isNew ? "; new version" : "; unchanged"),
            connection.WorkspaceId);
        await db.SaveChangesAsync(ct);
        Remember(snapshot.Id, schema);
        return new IngestionResult(snapshot, schema, isNew, stopwatch.Elapsed);
    }

    /// <summary>The newest version's counts and dates, without its (possibly large) schema JSON.</summary>
    public Task<SchemaSnapshot?> LatestSnapshotAsync(Guid connectionId, CancellationToken ct = default) =>
        db.SchemaSnapshots.AsNoTracking()
            .Where(s => s.ConnectionId == connectionId)
            .OrderByDescending(s => s.IngestedAt)
            .WithoutJson()
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// The parsed schema of a version, kept in memory for a while since the browser pages read it on every request;
    /// the JSON is fetched only on a cache miss. Large schemas take more of the cache than small ones.
    /// </summary>
    public async Task<DatabaseSchema> LoadAsync(SchemaSnapshot snapshot, CancellationToken ct = default)
    {
        if (cache.TryGetValue(CacheKey(snapshot.Id), out DatabaseSchema? cached) && cached is not null)
        {
            return cached;
        }

        var json = snapshot.CompressedJson.Length > 0
            ? snapshot.CompressedJson
            : await db.SchemaSnapshots.Where(s => s.Id == snapshot.Id).Select(s => s.CompressedJson).SingleAsync(ct);
        var schema = SchemaJson.Deserialize(Decompress(json));
        Remember(snapshot.Id, schema);
        return schema;
    }

    private void Remember(Guid snapshotId, DatabaseSchema schema) =>
        cache.Set(CacheKey(snapshotId), schema, new MemoryCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromMinutes(20),
            Size = 1 + (schema.Tables.Count / 500),
        });

    private static string CacheKey(Guid snapshotId) => $"schema:{snapshotId:N}";

    private static byte[] Compress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Decompress(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
