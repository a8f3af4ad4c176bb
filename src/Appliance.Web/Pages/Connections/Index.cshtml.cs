using Appliance.Core.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.Keystore;
using Appliance.Infrastructure.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Appliance.Web.Pages.Connections;

public sealed class IndexModel(ConnectionService connections, DatabaseEngines engines, AuditLog audit, MetadataDbContext db) : AppPageModel
{
    public List<DatabaseConnection> Connections { get; private set; } = [];
    public bool CanManage { get; private set; }
    public bool CanTest { get; private set; }

    public async Task OnGetAsync()
    {
        var membership = (await LoadMembershipAsync())!;
        CanManage = membership.Role.Includes(WorkspaceRole.Admin);
        CanTest = membership.Role.Includes(WorkspaceRole.Editor);
        Connections = await connections.ListAsync(membership.WorkspaceId);
    }

    /// <summary>htmx: tests a stored connection and returns the verdict.</summary>
    public async Task<IActionResult> OnPostTestAsync(Guid id, CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null || !membership.Role.Includes(WorkspaceRole.Editor))
        {
            return RoleRequired();
        }

        if (await connections.FindAsync(membership.WorkspaceId, id, ct) is not { } connection)
        {
            return NotFound();
        }

        ConnectionTestResult result;
        try
        {
            result = await engines[connection.Engine].TestAsync(await connections.ToSettingsAsync(connection, ct), ct);
        }
        catch (KeystoreException ex)
        {
            result = new ConnectionTestResult { Success = false, Problem = ConnectionProblem.Other, Message = ex.Message };
        }

        connection.LastTestedAt = DateTime.UtcNow;
        connection.LastTestSucceeded = result.Success;
        connection.LastTestMessage = result.Message.Length > 1000 ? result.Message[..1000] : result.Message;
        connection.RoleCanWrite = result.RoleCanWrite ?? connection.RoleCanWrite;
        audit.Record(await CurrentUser.ActorAsync(), "connection.tested", connection.Name, result.Success ? "ok" : result.Problem.ToString());
        await db.SaveChangesAsync(ct);
        return Partial("_TestCell", result);
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null || !membership.Role.Includes(WorkspaceRole.Admin))
        {
            return RoleRequired();
        }

        if (await connections.FindAsync(membership.WorkspaceId, id) is not { } connection)
        {
            return NotFound();
        }

        db.Connections.Remove(connection);
        audit.Record(await CurrentUser.ActorAsync(), "connection.deleted", connection.Name);
        await db.SaveChangesAsync();
        Flash = $"Connection '{connection.Name}' and its schema versions were deleted.";
        return RedirectToPage();
    }
}
