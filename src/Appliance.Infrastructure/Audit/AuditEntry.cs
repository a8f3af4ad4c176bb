namespace Appliance.Infrastructure.Audit;

/// <summary>One line of the audit log. Never holds a secret.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; } = DateTime.UtcNow;
    public Guid? UserId { get; set; }
    public string? UserName { get; set; }
    public Guid? WorkspaceId { get; set; }
    /// <summary>A dotted verb, e.g. "connection.created", "user.signin.failed".</summary>
    public required string Action { get; set; }
    public string? Target { get; set; }
    public string? Detail { get; set; }
    public string? RemoteAddress { get; set; }
}
