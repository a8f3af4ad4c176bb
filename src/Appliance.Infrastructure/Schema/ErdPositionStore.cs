using Appliance.Core.Schema.Erd;
using Appliance.Infrastructure.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Appliance.Infrastructure.Schema;

/// <summary>The table positions users dragged on a connection's ERD, per workspace and connection.</summary>
public sealed class ErdPositionStore(MetadataDbContext db)
{
    public const int MaxTableIdLength = 512;

    /// <summary>Positions one save may carry; a diagram of more tables is laid out, not hand-placed.</summary>
    public const int MaxPositions = 20_000;

    public async Task<IReadOnlyDictionary<string, ErdPoint>> GetAsync(Guid workspaceId, Guid connectionId, CancellationToken ct = default)
    {
        var rows = await db.ErdPositions.AsNoTracking()
            .Where(p => p.WorkspaceId == workspaceId && p.ConnectionId == connectionId)
            .Select(p => new { p.TableId, p.X, p.Y })
            .ToListAsync(ct);
        return rows.ToDictionary(p => p.TableId, p => new ErdPoint(p.X, p.Y), StringComparer.Ordinal);
    }

    /// <summary>Adds or moves the given tables' positions; others stay as they are.</summary>
    /// <exception cref="ArgumentException">A table id is empty or too long, a coordinate is not a finite number, too many positions, or the connection is not the workspace's.</exception>
    public async Task SaveAsync(Guid workspaceId, Guid connectionId, IReadOnlyDictionary<string, ErdPoint> positions, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(positions);
        if (positions.Count > MaxPositions)
        {
            throw new ArgumentException($"At most {MaxPositions} table positions can be saved at once.", nameof(positions));
        }

        foreach (var (tableId, point) in positions)
        {
            if (string.IsNullOrEmpty(tableId) || tableId.Length > MaxTableIdLength)
            {
                throw new ArgumentException($"A table id is 1 to {MaxTableIdLength} characters (\"schema.table\").", nameof(positions));
            }

            if (!double.IsFinite(point.X) || !double.IsFinite(point.Y))
            {
                throw new ArgumentException($"The position of {tableId} is not a finite number.", nameof(positions));
            }
        }

        if (!await db.Connections.AnyAsync(c => c.Id == connectionId && c.WorkspaceId == workspaceId, ct))
        {
            throw new ArgumentException("The connection is not one of the workspace's.", nameof(connectionId));
        }

        // Two saves of the same diagram at once can both insert a row; the second try updates the first one's rows.
        for (var attempt = 1; ; attempt++)
        {
            var existing = await db.ErdPositions
                .Where(p => p.WorkspaceId == workspaceId && p.ConnectionId == connectionId)
                .ToDictionaryAsync(p => p.TableId, StringComparer.Ordinal, ct);
            var now = DateTime.UtcNow;
            foreach (var (tableId, point) in positions)
            {
                if (existing.TryGetValue(tableId, out var row))
                {
                    row.X = point.X;
                    row.Y = point.Y;
                    row.UpdatedAt = now;
                }
                else
                {
                    db.ErdPositions.Add(new ErdPosition { WorkspaceId = workspaceId, ConnectionId = connectionId, TableId = tableId, X = point.X, Y = point.Y, UpdatedAt = now });
                }
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Forgets every saved position of the connection's diagram (back to the automatic layout); returns how many there were.</summary>
    public Task<int> ResetAsync(Guid workspaceId, Guid connectionId, CancellationToken ct = default) =>
        db.ErdPositions.Where(p => p.WorkspaceId == workspaceId && p.ConnectionId == connectionId).ExecuteDeleteAsync(ct);
}
