using Appliance.Core.Access;
using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Appliance.Infrastructure.Query;

/// <summary>What a user submits to save a query.</summary>
public sealed record SavedQueryInput(string Name, string Sql, string? Description = null, Guid? ConnectionId = null);

/// <summary>
/// Saved queries of a workspace: every member lists them; Editors and above save; the owner of a saved query or an Admin
/// renames, changes or deletes it. Failures are <see cref="QueryException"/>s (NotFound, Forbidden, Invalid).
/// </summary>
public sealed class SavedQueryService(MetadataDbContext db, WorkspaceService workspaces, AuditLog audit)
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 1000;

    public async Task<IReadOnlyList<SavedQuery>> ListAsync(Guid workspaceId, Guid userId, CancellationToken cancellationToken = default)
    {
        await RequireMemberAsync(workspaceId, userId, cancellationToken);
        return await db.SavedQueries.AsNoTracking().Where(q => q.WorkspaceId == workspaceId).OrderBy(q => q.Name).ThenBy(q => q.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    public async Task<SavedQuery> FindAsync(Guid workspaceId, Guid id, Guid userId, CancellationToken cancellationToken = default)
    {
        await RequireMemberAsync(workspaceId, userId, cancellationToken);
        return await db.SavedQueries.AsNoTracking().SingleOrDefaultAsync(q => q.WorkspaceId == workspaceId && q.Id == id, cancellationToken)
            ?? throw NotFound();
    }

    public async Task<SavedQuery> SaveAsync(Guid workspaceId, AuditActor user, SavedQueryInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var userId = RequireUser(user);
        var membership = await RequireMemberAsync(workspaceId, userId, cancellationToken);
        if (!membership.Role.Includes(WorkspaceRole.Editor))
        {
            throw new QueryException(QueryErrorKind.Forbidden, $"Saving queries is for Editors, Admins and Owners; your role in this workspace is {membership.Role}.");
        }

        var query = new SavedQuery { WorkspaceId = workspaceId, OwnerId = userId, Name = "", Sql = "" };
        await ApplyAsync(query, input, cancellationToken);
        db.SavedQueries.Add(query);
        await db.SaveChangesAsync(cancellationToken);
        return query;
    }

    /// <summary>Replaces name, description, SQL and connection (owner or Admin).</summary>
    public async Task<SavedQuery> UpdateAsync(Guid workspaceId, Guid id, AuditActor user, SavedQueryInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var query = await FindForChangeAsync(workspaceId, id, user, cancellationToken);
        await ApplyAsync(query, input, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return query;
    }

    /// <summary>Renames (and re-describes) a saved query (owner or Admin).</summary>
    public async Task<SavedQuery> RenameAsync(Guid workspaceId, Guid id, AuditActor user, string name, string? description = null, CancellationToken cancellationToken = default)
    {
        var query = await FindForChangeAsync(workspaceId, id, user, cancellationToken);
        await ApplyAsync(query, new SavedQueryInput(name, query.Sql, description ?? query.Description, query.ConnectionId), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return query;
    }

    public async Task DeleteAsync(Guid workspaceId, Guid id, AuditActor user, CancellationToken cancellationToken = default)
    {
        var query = await FindForChangeAsync(workspaceId, id, user, cancellationToken);
        db.SavedQueries.Remove(query);
        audit.Record(user with { WorkspaceId = workspaceId }, "query.saved.deleted", query.Name);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<SavedQuery> FindForChangeAsync(Guid workspaceId, Guid id, AuditActor user, CancellationToken cancellationToken)
    {
        var userId = RequireUser(user);
        var membership = await RequireMemberAsync(workspaceId, userId, cancellationToken);
        var query = await db.SavedQueries.SingleOrDefaultAsync(q => q.WorkspaceId == workspaceId && q.Id == id, cancellationToken) ?? throw NotFound();
        if (query.OwnerId != userId && !membership.Role.Includes(WorkspaceRole.Admin))
        {
            throw new QueryException(QueryErrorKind.Forbidden, "Only the user who saved this query, or an Admin, may change or delete it.");
        }

        return query;
    }

    private async Task ApplyAsync(SavedQuery query, SavedQueryInput input, CancellationToken cancellationToken)
    {
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength)
        {
            throw new QueryException(QueryErrorKind.Invalid, $"Give the query a name of 1 to {MaxNameLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(input.Sql))
        {
            throw new QueryException(QueryErrorKind.Invalid, "There is no SQL to save.");
        }

        if (input.Sql.Length > QueryRunner.MaxSqlLength)
        {
            throw new QueryException(QueryErrorKind.Invalid, "The SQL is too long to save.");
        }

        var description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        if (description?.Length > MaxDescriptionLength)
        {
            throw new QueryException(QueryErrorKind.Invalid, $"The description is longer than {MaxDescriptionLength} characters.");
        }

        if (input.ConnectionId is { } connectionId
            && !await db.Connections.AnyAsync(c => c.WorkspaceId == query.WorkspaceId && c.Id == connectionId, cancellationToken))
        {
            throw new QueryException(QueryErrorKind.NotFound, "The connection does not exist in this workspace.");
        }

        if (await db.SavedQueries.AnyAsync(q => q.WorkspaceId == query.WorkspaceId && q.OwnerId == query.OwnerId && q.Name == name && q.Id != query.Id, cancellationToken))
        {
            throw new QueryException(QueryErrorKind.Invalid, $"You already have a saved query named '{name}' in this workspace.");
        }

        query.Name = name;
        query.Description = description;
        query.Sql = input.Sql;
        query.ConnectionId = input.ConnectionId;
        query.UpdatedAt = DateTime.UtcNow;
    }

    private async Task<Membership> RequireMemberAsync(Guid workspaceId, Guid userId, CancellationToken cancellationToken) =>
        await workspaces.MembershipAsync(userId, workspaceId, cancellationToken)
        ?? throw new QueryException(QueryErrorKind.NotFound, "The workspace does not exist or you are not a member of it.");

    private static Guid RequireUser(AuditActor user) =>
        user?.UserId ?? throw new QueryException(QueryErrorKind.Forbidden, "Sign in to manage saved queries.");

    private static QueryException NotFound() => new(QueryErrorKind.NotFound, "The saved query does not exist in this workspace.");
}
