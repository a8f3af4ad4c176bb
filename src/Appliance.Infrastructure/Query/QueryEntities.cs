using Appliance.Core.Sql;

namespace Appliance.Infrastructure.Query;

public enum QueryMode
{
    /// <summary>Read-only, in every safety layer.</summary>
    Read,
    /// <summary>One data-changing statement, committed; only after the user confirmed it (see <see cref="QueryService.CheckWriteAsync"/>).</summary>
    WriteConfirmed,
}

/// <summary>
/// One run of the query page, kept for the user's history. Holds the SQL as typed (with password literals masked) and
/// the outcome; never a connection credential.
/// </summary>
public sealed class QueryHistoryEntry
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    /// <summary>Null once the connection has been deleted.</summary>
    public Guid? ConnectionId { get; set; }
    public Guid UserId { get; set; }
    public required string Sql { get; set; }
    public QueryMode Mode { get; set; }
    /// <summary>As parsed by the appliance; null when the text did not parse as one statement.</summary>
    public StatementKind? StatementKind { get; set; }
    public DateTime StartedAt { get; set; } = DateTime.UtcNow;
    public long ElapsedMilliseconds { get; set; }
    /// <summary>Rows returned (read) or affected (write); null when there were none to count or the run failed.</summary>
    public long? RowCount { get; set; }
    public bool Truncated { get; set; }
    /// <summary>Null when the run succeeded.</summary>
    public QueryErrorKind? ErrorKind { get; set; }
    public string? ErrorMessage { get; set; }

    public bool Succeeded => ErrorKind is null;
}

/// <summary>A query a user saved in a workspace, optionally for one connection.</summary>
public sealed class SavedQuery
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    /// <summary>The connection it was written for; null for any (and once that connection is deleted).</summary>
    public Guid? ConnectionId { get; set; }
    public Guid OwnerId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public required string Sql { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}
