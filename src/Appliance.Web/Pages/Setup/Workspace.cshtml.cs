using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Metadata;
using Appliance.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Appliance.Web.Pages.Setup;

/// <summary>First run, step 2: the first workspace, owned by the Owner account. Only while no workspace exists.</summary>
public sealed class WorkspaceModel(WorkspaceService workspaces, AuditLog audit, MetadataDbContext db) : AppPageModel
{
    [BindProperty]
    public string Name { get; set; } = "Default";

    [BindProperty]
    public string? Description { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await db.Workspaces.AnyAsync() ? Redirect("/") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await db.Workspaces.AnyAsync())
        {
            return Redirect("/");
        }

        var (workspace, problem) = await workspaces.CreateAsync(Name, Description, CurrentUser.UserId!.Value);
        if (workspace is null)
        {
            ModelState.AddModelError(nameof(Name), problem!);
            return Page();
        }

        audit.Record(await CurrentUser.ActorAsync(), "workspace.created", workspace.Name, null, workspace.Id);
        await db.SaveChangesAsync();
        await ApplianceSignIn.SwitchWorkspaceAsync(HttpContext, workspace.Id);
        Flash = $"Workspace '{workspace.Name}' is ready. Open the demo database or add a connection.";
        return Redirect("/");
    }
}
