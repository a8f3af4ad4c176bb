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
    public string? IngestedBy { get; set; }
}
