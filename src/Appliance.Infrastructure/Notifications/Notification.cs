namespace Appliance.Infrastructure.Notifications;

public enum NotificationKind
{
    /// <summary>Drift watch found a new schema version.</summary>
    SchemaChanged = 0,
    /// <summary>Drift watch could not read the schema (told once until it succeeds again).</summary>
    CheckFailed = 1,
}

/// <summary>An in-app message to every member of a workspace; each user marks it read for themselves.</summary>
public sealed class Notification
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public Guid ConnectionId { get; set; }
    public NotificationKind Kind { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public required string Title { get; set; }
    public string? Summary { get; set; }
    /// <summary>A path in the appliance (the diff, or the connection's history).</summary>
    public required string Link { get; set; }
    public Guid? FromSnapshotId { get; set; }
    public Guid? ToSnapshotId { get; set; }
}

/// <summary>That one user has read one notification.</summary>
public sealed class NotificationRead
{
    public Guid NotificationId { get; set; }
    public Guid UserId { get; set; }
    public DateTime ReadAt { get; set; } = DateTime.UtcNow;
}
