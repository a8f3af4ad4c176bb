using Appliance.Core.Schema;
using Appliance.Core.Schema.Diff;
using Appliance.Infrastructure.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Appliance.Infrastructure.Schema;

/// <summary>One entry of a connection's history: a version and what changed since the version before it.</summary>
public sealed record SchemaVersionEntry(SchemaSnapshot Snapshot, Guid? PreviousId, bool IsFirst)
{
    public bool ByDriftWatch => Snapshot.IngestedBy == DriftChecker.ActorName;
}

/// <summary>A page of a connection's versions, newest first.</summary>
public sealed record SchemaHistoryPage(IReadOnlyList<SchemaVersionEntry> Versions, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Two versions of one connection and the difference between them.</summary>
public sealed record SchemaComparison(SchemaSnapshot From, SchemaSnapshot To, DatabaseSchema Old, DatabaseSchema New, SchemaDifference Difference);

/// <summary>
/// A connection's schema versions over time. The change summary of a version against its predecessor is computed on
/// first view (or by drift watch when it finds the version) and stored with the version, so the timeline stays cheap.
/// </summary>
public sealed class SchemaHistoryService(MetadataDbContext db, SchemaIngestionService ingestion)
{
    public async Task<SchemaHistoryPage> PageAsync(Guid connectionId, int page, int pageSize, CancellationToken ct = default)
    {
        var total = await db.SchemaSnapshots.CountAsync(s => s.ConnectionId == connectionId, ct);
        var pageCount = Math.Max(1, (total + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pageCount);
        // One more than the page: the predecessor of the page's oldest version.
        var rows = await db.SchemaSnapshots.AsNoTracking().Where(s => s.ConnectionId == connectionId)
            .OrderByDescending(s => s.IngestedAt)
            .Skip((page - 1) * pageSize).Take(pageSize + 1)
            .WithoutJson()
            .ToListAsync(ct);
        var entries = new List<SchemaVersionEntry>();
        for (var i = 0; i < Math.Min(pageSize, rows.Count); i++)
        {
            var previous = i + 1 < rows.Count ? rows[i + 1] : null;
            if (previous is not null && rows[i].ChangeSummary is null)
            {
                var comparison = await CompareAsync(previous, rows[i], ct);
                await StoreChangesAsync(rows[i], comparison.Difference, ct);
            }

            entries.Add(new SchemaVersionEntry(rows[i], previous?.Id, previous is null));
        }

        return new SchemaHistoryPage(entries, total, page, pageSize);
    }

    /// <summary>A version of the connection (without its JSON), or null when the connection has no such version.</summary>
    public Task<SchemaSnapshot?> FindAsync(Guid connectionId, Guid snapshotId, CancellationToken ct = default) =>
        db.SchemaSnapshots.AsNoTracking().Where(s => s.ConnectionId == connectionId && s.Id == snapshotId).WithoutJson().FirstOrDefaultAsync(ct);

    /// <summary>The version just before the given one, if any.</summary>
    public Task<SchemaSnapshot?> PreviousAsync(SchemaSnapshot snapshot, CancellationToken ct = default) =>
        db.SchemaSnapshots.AsNoTracking().Where(s => s.ConnectionId == snapshot.ConnectionId && s.IngestedAt < snapshot.IngestedAt)
            .OrderByDescending(s => s.IngestedAt).WithoutJson().FirstOrDefaultAsync(ct);

    /// <summary>The version's number counting from the connection's first version (1).</summary>
    public Task<int> NumberAsync(SchemaSnapshot snapshot, CancellationToken ct = default) =>
        db.SchemaSnapshots.CountAsync(s => s.ConnectionId == snapshot.ConnectionId && s.IngestedAt <= snapshot.IngestedAt, ct);

    public async Task<SchemaComparison> CompareAsync(SchemaSnapshot from, SchemaSnapshot to, CancellationToken ct = default)
    {
        var old = await ingestion.LoadAsync(from, ct);
        var @new = await ingestion.LoadAsync(to, ct);
        return new SchemaComparison(from, to, old, @new, SchemaDiff.Compare(old, @new));
    }

    /// <summary>Stores a version's change summary against its predecessor.</summary>
    public async Task StoreChangesAsync(SchemaSnapshot snapshot, SchemaDifference difference, CancellationToken ct = default)
    {
        Apply(snapshot, difference);
        await db.SchemaSnapshots.Where(s => s.Id == snapshot.Id).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.ChangeSummary, snapshot.ChangeSummary)
            .SetProperty(s => s.ChangesAdded, snapshot.ChangesAdded)
            .SetProperty(s => s.ChangesDropped, snapshot.ChangesDropped)
            .SetProperty(s => s.ChangesRenamed, snapshot.ChangesRenamed)
            .SetProperty(s => s.ChangesChanged, snapshot.ChangesChanged), ct);
    }

    /// <summary>Sets the change summary on a version in memory (saved with the caller's unit of work).</summary>
    public static void Apply(SchemaSnapshot snapshot, SchemaDifference difference)
    {
        var summary = difference.Summary;
        snapshot.ChangeSummary = summary.Length <= 2000 ? summary : summary[..1999] + "…";
        snapshot.ChangesAdded = Count(difference, SchemaChangeKind.Added);
        snapshot.ChangesDropped = Count(difference, SchemaChangeKind.Dropped);
        snapshot.ChangesRenamed = Count(difference, SchemaChangeKind.Renamed);
        snapshot.ChangesChanged = Count(difference, SchemaChangeKind.Changed);
    }

    public static int Count(SchemaDifference difference, SchemaChangeKind kind) => difference.Changes.Count(c => c.Change == kind);
}
