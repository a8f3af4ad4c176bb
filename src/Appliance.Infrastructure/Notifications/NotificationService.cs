using Appliance.Infrastructure.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Appliance.Infrastructure.Notifications;

/// <summary>A notification as one user sees it.</summary>
public sealed record NotificationItem(Notification Notification, string ConnectionName, bool IsRead);

/// <summary>A workspace's notifications and who has read which.</summary>
public sealed class NotificationService(MetadataDbContext db)
{
    public Task<int> UnreadCountAsync(Guid workspaceId, Guid userId, CancellationToken ct = default) =>
        Unread(workspaceId, userId).CountAsync(ct);

    /// <summary>Newest first, <paramref name="pageSize"/> per page (page 1 is the newest).</summary>
    public async Task<(IReadOnlyList<NotificationItem> Items, int Total)> ListAsync(Guid workspaceId, Guid userId, int page, int pageSize, CancellationToken ct = default)
    {
        var all = db.Notifications.AsNoTracking().Where(n => n.WorkspaceId == workspaceId);
        var total = await all.CountAsync(ct);
        var rows = await all
            .OrderByDescending(n => n.CreatedAt)
            .Skip((Math.Max(1, page) - 1) * pageSize).Take(pageSize)
            .Select(n => new
            {
                Notification = n,
                ConnectionName = db.Connections.Where(c => c.Id == n.ConnectionId).Select(c => c.Name).FirstOrDefault(),
                IsRead = db.NotificationReads.Any(r => r.NotificationId == n.Id && r.UserId == userId),
            })
            .ToListAsync(ct);
        return ([.. rows.Select(r => new NotificationItem(r.Notification, r.ConnectionName ?? "", r.IsRead))], total);
    }

    /// <summary>Marks one notification read for the user; false when it is not one of the workspace's.</summary>
    public async Task<bool> MarkReadAsync(Guid workspaceId, Guid userId, Guid notificationId, CancellationToken ct = default)
    {
        if (!await db.Notifications.AnyAsync(n => n.Id == notificationId && n.WorkspaceId == workspaceId, ct))
        {
            return false;
        }

        if (!await db.NotificationReads.AnyAsync(r => r.NotificationId == notificationId && r.UserId == userId, ct))
        {
            db.NotificationReads.Add(new NotificationRead { NotificationId = notificationId, UserId = userId });
            await SaveIgnoringDuplicateAsync(ct);
        }

        return true;
    }

    /// <summary>Marks every notification of the workspace read for the user; returns how many were unread.</summary>
    public async Task<int> MarkAllReadAsync(Guid workspaceId, Guid userId, CancellationToken ct = default)
    {
        // A second try covers another tab marking some of them read in between.
        for (var attempt = 1; ; attempt++)
        {
            var unread = await Unread(workspaceId, userId).Select(n => n.Id).ToListAsync(ct);
            var now = DateTime.UtcNow;
            db.NotificationReads.AddRange(unread.Select(id => new NotificationRead { NotificationId = id, UserId = userId, ReadAt = now }));
            try
            {
                await db.SaveChangesAsync(ct);
                return unread.Count;
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private IQueryable<Notification> Unread(Guid workspaceId, Guid userId) =>
        db.Notifications.Where(n => n.WorkspaceId == workspaceId && !db.NotificationReads.Any(r => r.NotificationId == n.Id && r.UserId == userId));

    private async Task SaveIgnoringDuplicateAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A second tab marked the same notification read in between: it is read either way.
            db.ChangeTracker.Clear();
        }
    }
}
