using Appliance.Core.Access;
using Appliance.Infrastructure.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Appliance.Infrastructure.Access;

public sealed record Membership(Guid WorkspaceId, string WorkspaceName, WorkspaceRole Role);

/// <summary>Workspaces and who belongs to them with which role.</summary>
public sealed class WorkspaceService(MetadataDbContext db)
{
    public Task<List<Membership>> MembershipsAsync(Guid userId, CancellationToken ct = default) =>
        db.WorkspaceMembers.Where(m => m.UserId == userId)
            .OrderBy(m => m.Workspace!.Name)
            .Select(m => new Membership(m.WorkspaceId, m.Workspace!.Name, m.Role))
            .ToListAsync(ct);

    public Task<Membership?> MembershipAsync(Guid userId, Guid workspaceId, CancellationToken ct = default) =>
        db.WorkspaceMembers.Where(m => m.UserId == userId && m.WorkspaceId == workspaceId)
            .Select(m => new Membership(m.WorkspaceId, m.Workspace!.Name, m.Role))
            .SingleOrDefaultAsync(ct);

    public static string? CheckName(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100 ? "A workspace name is 1 to 100 characters." : null;

    /// <summary>Adds a workspace with its creator as Owner (not saved).</summary>
    public async Task<(Workspace? Workspace, string? Problem)> CreateAsync(string name, string? description, Guid ownerId, CancellationToken ct = default)
    {
        if (CheckName(name) is { } problem)
        {
            return (null, problem);
        }

        name = name.Trim();
        if (await db.Workspaces.AnyAsync(w => w.Name == name, ct))
        {
            return (null, $"A workspace named '{name}' exists already.");
        }

        var workspace = new Workspace { Name = name, Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim() };
        workspace.Members.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = ownerId, Role = WorkspaceRole.Owner });
        db.Workspaces.Add(workspace);
        return (workspace, null);
    }
}
