using Appliance.Core.Access;
using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Metadata;
using Appliance.Web.Access;
using Microsoft.AspNetCore.Mvc;

namespace Appliance.Web.Pages.Workspaces;

/// <summary>The user's workspaces: switch between them, and (Admins and Owners) create new ones.</summary>
public sealed class IndexModel(WorkspaceService workspaces, AuditLog audit, MetadataDbContext db) : AppPageModel
{
    public IReadOnlyList<Membership> Memberships { get; private set; } = [];
    public bool CanCreate => Memberships.Any(m => m.Role.Includes(WorkspaceRole.Admin));

    [BindProperty]
    public string? NewName { get; set; }

    [BindProperty]
    public string? NewDescription { get; set; }

    public async Task OnGetAsync()
    {
        Memberships = await CurrentUser.AllMembershipsAsync();
        await LoadMembershipAsync();
    }

    public async Task<IActionResult> OnPostSwitchAsync(Guid id)
    {
        if ((await CurrentUser.AllMembershipsAsync()).All(m => m.WorkspaceId != id))
        {
            return RoleRequired();
        }

        await ApplianceSignIn.SwitchWorkspaceAsync(HttpContext, id);
        return Redirect("/");
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        Memberships = await CurrentUser.AllMembershipsAsync();
        if (!CanCreate)
        {
            return RoleRequired();
        }

        var (workspace, problem) = await workspaces.CreateAsync(NewName ?? "", NewDescription, CurrentUser.UserId!.Value);
        if (workspace is null)
        {
            ModelState.AddModelError(nameof(NewName), problem!);
            await LoadMembershipAsync();
            return Page();
        }

        audit.Record(await CurrentUser.ActorAsync(), "workspace.created", workspace.Name, null, workspace.Id);
        await db.SaveChangesAsync();
        await ApplianceSignIn.SwitchWorkspaceAsync(HttpContext, workspace.Id);
        Flash = $"Workspace '{workspace.Name}' created; you are its Owner.";
        return Redirect("/");
    }
}
