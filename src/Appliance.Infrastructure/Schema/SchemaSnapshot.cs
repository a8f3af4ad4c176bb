namespace Appliance.Infrastructure.Schema;

/// <summary>One stored ingestion (a schema version) of a connection: the canonical JSON plus counts for lists.</summary>
public sealed class SchemaSnapshot
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ConnectionId { get; set; }
    /// <summary>When this version was first seen.</summary>
    public DateTime IngestedAt { get; set; } = DateTime.UtcNow;
    /// <summary>When an ingestion last found exactly this schema again.</summary>
    public DateTime LastSeenAt { get; set; } = DateTime.UtcNow;
    public required string ContentHash { get; set; }
    /// <summary>The canonical schema JSON, gzip-compressed (schemas of thousands of tables are megabytes of text).</summary>
    public required byte[] CompressedJson { get; set; }
    public int TableCount { get; set; }
    public int ViewCount { get; set; }
    public int ColumnCount { get; set; }
    public int ForeignKeyCount { get; set; }
    public int IndexCount { get; set; }
    public long DurationMilliseconds { get; set; }
    /// <summary>The user name of who read it, or <see cref="DriftChecker.ActorName"/>.</summary>
    public string? IngestedBy { get; set; }

    /// <summary>
    /// The changes against the previous version (<see cref="Core.Schema.Diff.SchemaDifference.Summary"/>); null for the
    /// first version and until computed (see <see cref="SchemaHistoryService"/>).
    /// </summary>
    public string? ChangeSummary { get; set; }
    public int? ChangesAdded { get; set; }
    public int? ChangesDropped { get; set; }
    public int? ChangesRenamed { get; set; }
    public int? ChangesChanged { get; set; }
}

internal static class SchemaSnapshotQueries
{
    /// <summary>Versions with their counts, dates and change summaries but without the (possibly large) schema JSON.</summary>
    public static IQueryable<SchemaSnapshot> WithoutJson(this IQueryable<SchemaSnapshot> snapshots) =>
        snapshots.Select(s => new SchemaSnapshot
        {
            Id = s.Id,
            ConnectionId = s.ConnectionId,
            IngestedAt = s.IngestedAt,
            LastSeenAt = s.LastSeenAt,
            ContentHash = s.ContentHash,
            CompressedJson = Array.Empty<byte>(),
            TableCount = s.TableCount,
            ViewCount = s.ViewCount,
            ColumnCount = s.ColumnCount,
            ForeignKeyCount = s.ForeignKeyCount,
            IndexCount = s.IndexCount,
            DurationMilliseconds = s.DurationMilliseconds,
            IngestedBy = s.IngestedBy,
            ChangeSummary = s.ChangeSummary,
            ChangesAdded = s.ChangesAdded,
            ChangesDropped = s.ChangesDropped,
            ChangesRenamed = s.ChangesRenamed,
            ChangesChanged = s.ChangesChanged,
        });
}
