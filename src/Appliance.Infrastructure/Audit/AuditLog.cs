using Appliance.Infrastructure.Metadata;

namespace Appliance.Infrastructure.Audit;

/// <summary>Who did what. Entries are added to the caller's unit of work, so an action and its audit line are saved together.</summary>
public sealed class AuditLog(MetadataDbContext db)
{
    public void Record(AuditActor actor, string action, string? target = null, string? detail = null, Guid? workspaceId = null)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            At = DateTime.UtcNow,
            UserId = actor.UserId,
            UserName = Truncate(actor.UserName, 256),
            WorkspaceId = workspaceId ?? actor.WorkspaceId,
            Action = action,
            Target = Truncate(target, 512),
            Detail = Truncate(detail, 2000),
            RemoteAddress = actor.RemoteAddress,
        });
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}

/// <summary>The person (or process) an action is attributed to.</summary>
public sealed record AuditActor(Guid? UserId, string? UserName, Guid? WorkspaceId, string? RemoteAddress)
{
    public static AuditActor System { get; } = new(null, "system", null, null);
}
