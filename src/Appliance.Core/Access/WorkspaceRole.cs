namespace Appliance.Core.Access;

/// <summary>A member's role in a workspace; a higher value includes every right of the lower ones.</summary>
public enum WorkspaceRole
{
    /// <summary>Reads schemas, docs and shared queries; runs read-only queries.</summary>
    Viewer = 0,
    /// <summary>Also ingests schemas, edits docs, saves and shares queries, generates mock data.</summary>
    Editor = 1,
    /// <summary>Also manages connections and members.</summary>
    Admin = 2,
    /// <summary>Also manages admins and deletes the workspace.</summary>
    Owner = 3,
}

public static class WorkspaceRoles
{
    public static IReadOnlyList<WorkspaceRole> All { get; } = [WorkspaceRole.Owner, WorkspaceRole.Admin, WorkspaceRole.Editor, WorkspaceRole.Viewer];

    public static bool Includes(this WorkspaceRole role, WorkspaceRole required) => role >= required;
}
