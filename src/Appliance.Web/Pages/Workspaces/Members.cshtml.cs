using Appliance.Core.Access;
using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Appliance.Web.Pages.Workspaces;

/// <summary>Members of the current workspace and their roles (Admin). Only an Owner grants or takes away Owner and Admin.</summary>
public sealed class MembersModel(MetadataDbContext db, AccountService accounts, AuditLog audit) : AppPageModel
{
    public List<WorkspaceMember> Members { get; private set; } = [];
    public bool IsOwner { get; private set; }

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public WorkspaceRole Role { get; set; } = WorkspaceRole.Viewer;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAddAsync()
    {
        var membership = await LoadAsync();
        if (!ModelState.IsValid || !Enum.IsDefined(Role))
        {
            ModelState.AddModelError(nameof(Role), "Choose one of the roles Owner, Admin, Editor or Viewer.");
            return Page();
        }

        var user = string.IsNullOrWhiteSpace(UserName) ? null : await accounts.FindAsync(UserName);
        if (user is null)
        {
            ModelState.AddModelError(nameof(UserName), "No account has this user name. An Admin creates local accounts under Admin › Users.");
            return Page();
        }

        if (!MayGrant(Role))
        {
            return RoleRequired();
        }

        if (Members.Any(m => m.UserId == user.Id))
        {
            ModelState.AddModelError(nameof(UserName), $"{user.UserName} is a member already; change the role in the list.");
            return Page();
        }

        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = membership.WorkspaceId, UserId = user.Id, Role = Role });
        audit.Record(await CurrentUser.ActorAsync(), "member.added", user.UserName, Role.ToString());
        await db.SaveChangesAsync();
        Flash = $"{user.UserName} joined as {Role}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRoleAsync(Guid userId, WorkspaceRole role)
    {
        await LoadAsync();
        if (!ModelState.IsValid || !Enum.IsDefined(role))
        {
            FlashError = "Choose one of the roles Owner, Admin, Editor or Viewer.";
            return RedirectToPage();
        }

        var member = Members.SingleOrDefault(m => m.UserId == userId);
        if (member is null)
        {
            return NotFound();
        }

        if (!MayGrant(role) || !MayGrant(member.Role))
        {
            return RoleRequired();
        }

        if (member.Role == WorkspaceRole.Owner && role != WorkspaceRole.Owner && Members.Count(m => m.Role == WorkspaceRole.Owner) == 1)
        {
            FlashError = "A workspace keeps at least one Owner.";
            return RedirectToPage();
        }

        audit.Record(await CurrentUser.ActorAsync(), "member.role.changed", member.User!.UserName, $"{member.Role} → {role}");
        member.Role = role;
        await db.SaveChangesAsync();
        Flash = $"{member.User.UserName} is now {role}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid userId)
    {
        await LoadAsync();
        var member = Members.SingleOrDefault(m => m.UserId == userId);
        if (member is null)
        {
            return NotFound();
        }

        if (!MayGrant(member.Role))
        {
            return RoleRequired();
        }

        if (member.Role == WorkspaceRole.Owner && Members.Count(m => m.Role == WorkspaceRole.Owner) == 1)
        {
            FlashError = "A workspace keeps at least one Owner.";
            return RedirectToPage();
        }

        db.WorkspaceMembers.Remove(member);
        audit.Record(await CurrentUser.ActorAsync(), "member.removed", member.User!.UserName);
        await db.SaveChangesAsync();
        Flash = $"{member.User.UserName} was removed from the workspace.";
        return RedirectToPage();
    }

    /// <summary>Admins manage Editors and Viewers; Owners manage everyone.</summary>
    private bool MayGrant(WorkspaceRole role) => IsOwner || role < WorkspaceRole.Admin;

    private async Task<Membership> LoadAsync()
    {
        var membership = (await LoadMembershipAsync())!;
        IsOwner = membership.Role == WorkspaceRole.Owner;
        Members = await db.WorkspaceMembers.Include(m => m.User)
            .Where(m => m.WorkspaceId == membership.WorkspaceId)
            .OrderByDescending(m => m.Role).ThenBy(m => m.User!.UserName)
            .ToListAsync();
        return membership;
    }
}
