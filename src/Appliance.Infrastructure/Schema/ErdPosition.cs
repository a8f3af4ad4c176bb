namespace Appliance.Infrastructure.Schema;

/// <summary>Where a user dragged a table on a connection's ERD; shared by the workspace.</summary>
public sealed class ErdPosition
{
    public Guid WorkspaceId { get; set; }
    public Guid ConnectionId { get; set; }
    /// <summary>"schema.table", the ERD's node id.</summary>
    public required string TableId { get; set; }
    public double X { get; set; }
    public double Y { get; set; }
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}
