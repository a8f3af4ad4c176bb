using Appliance.Core.Access;
using Appliance.Core.Connections;
using Appliance.Infrastructure;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Demo;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.Metadata;
using Appliance.Infrastructure.Schema;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Appliance.Web.Pages;

public sealed class IndexModel(ConnectionService connections, SchemaIngestionService ingestion, AuditLog audit, MetadataDbContext db, IOptions<ApplianceOptions> options) : AppPageModel
{
    public List<DatabaseConnection> Connections { get; private set; } = [];
    public Dictionary<Guid, SchemaSnapshot> Latest { get; } = [];
    public bool CanManage { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadMembershipAsync() is not { } membership)
        {
            return RedirectToPage("/Workspaces/Index");
        }

        CanManage = membership.Role.Includes(WorkspaceRole.Admin);
        Connections = await connections.ListAsync(membership.WorkspaceId);
        foreach (var connection in Connections)
        {
            if (await ingestion.LatestSnapshotAsync(connection.Id) is { } snapshot)
            {
                Latest[connection.Id] = snapshot;
            }
        }

        return Page();
    }

    /// <summary>One click to a real schema: adds the bundled demo database as a read-only connection and ingests it.</summary>
    public async Task<IActionResult> OnPostOpenDemoAsync()
    {
        if (await LoadMembershipAsync() is not { } membership || !membership.Role.Includes(WorkspaceRole.Admin))
        {
            return RoleRequired();
        }

        var existing = (await connections.ListAsync(membership.WorkspaceId)).FirstOrDefault(c => c.IsDemo);
        var actor = await CurrentUser.ActorAsync();
        if (existing is null)
        {
            var path = DemoDatabase.EnsureCreated(options.Value.DataDirectoryFullPath);
            existing = await connections.ApplyAsync(membership.WorkspaceId, null, new ConnectionInput
            {
                Name = DemoDatabase.ConnectionName,
                Engine = DatabaseEngine.Sqlite,
                DatabaseName = path,
                IsReadOnly = true,
            });
            existing.IsDemo = true;
            audit.Record(actor, "connection.created", existing.Name, "bundled demo database");
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException)
            {
                // A second click won the race: use the demo connection it created.
                db.ChangeTracker.Clear();
                existing = (await connections.ListAsync(membership.WorkspaceId)).FirstOrDefault(c => c.IsDemo);
                if (existing is null)
                {
                    FlashError = "A connection with the demo's name exists already; rename it to add the demo.";
                    return RedirectToPage();
                }
            }
        }

        try
        {
            await ingestion.IngestAsync(existing, actor);
        }
        catch (DatabaseAccessException ex)
        {
            FlashError = ex.Message;
            return RedirectToPage();
        }

        return RedirectToPage("/Schema/Index", new { connection = existing.Id });
    }
}
