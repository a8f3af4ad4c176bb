using Appliance.Core.Access;
using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Appliance.Web.Pages.Admin;

/// <summary>
/// Local accounts (Admin). An Admin creates accounts into the current workspace; unlocking, disabling and resetting passwords
/// act on an account across all workspaces, so they need the appliance Owner (the account made at setup), never a
/// workspace role: whoever owns some workspace must not gain power over accounts that merely joined it.
/// </summary>
public sealed class UsersModel(MetadataDbContext db, AccountService accounts, AuditLog audit) : AppPageModel
{
    public List<WorkspaceMember> Members { get; private set; } = [];
    public bool IsOwner { get; private set; }
    public bool IsApplianceOwner { get; private set; }

    [BindProperty]
    public string NewUserName { get; set; } = "";

    [BindProperty]
    public string? NewDisplayName { get; set; }

    [BindProperty]
    public string NewPassword { get; set; } = "";

    [BindProperty]
    public WorkspaceRole NewRole { get; set; } = WorkspaceRole.Viewer;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var membership = await LoadAsync();
        if (NewRole >= WorkspaceRole.Admin && !IsOwner)
        {
            return RoleRequired();
        }

        var (user, problems) = await accounts.CreateLocalAsync(NewUserName, NewDisplayName, NewPassword);
        if (user is null)
        {
            foreach (var problem in problems)
            {
                ModelState.AddModelError(nameof(NewUserName), problem);
            }

            NewPassword = "";
            return Page();
        }

        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = membership.WorkspaceId, UserId = user.Id, Role = NewRole });
        audit.Record(await CurrentUser.ActorAsync(), "user.created", user.UserName, $"{NewRole} of {membership.WorkspaceName}");
        await db.SaveChangesAsync();
        Flash = $"Account '{user.UserName}' created as {NewRole} of this workspace. Give them the password through a safe channel.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUnlockAsync(Guid userId) => await OwnerActionAsync(userId, "user.unlocked", user =>
    {
        user.LockoutEndsAt = null;
        user.FailedSignInCount = 0;
        return $"{user.UserName} is unlocked.";
    });

    public async Task<IActionResult> OnPostDisableAsync(Guid userId, bool disable) => await OwnerActionAsync(userId, disable ? "user.disabled" : "user.enabled", user =>
    {
        user.IsDisabled = disable;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        return disable ? $"{user.UserName} is disabled and was signed out." : $"{user.UserName} can sign in again.";
    });

    public async Task<IActionResult> OnPostResetAsync(Guid userId, string? password)
    {
        IReadOnlyList<string> problems = [];
        var result = await OwnerActionAsync(userId, "user.password.reset", user =>
        {
            problems = accounts.SetPassword(user, password ?? "");
            return problems.Count == 0 ? $"The password of {user.UserName} was reset; their sessions were signed out." : null;
        });
        if (problems.Count > 0)
        {
            FlashError = string.Join(" ", problems);
        }

        return result;
    }

    private async Task<IActionResult> OwnerActionAsync(Guid userId, string action, Func<UserAccount, string?> apply)
    {
        await LoadAsync();
        if (!IsApplianceOwner)
        {
            return RoleRequired();
        }

        var member = Members.SingleOrDefault(m => m.UserId == userId);
        if (member?.User is not { } user)
        {
            return NotFound();
        }

        if (user.Id == CurrentUser.UserId && action == "user.disabled")
        {
            FlashError = "You cannot disable your own account.";
            return RedirectToPage();
        }

        var message = apply(user);
        if (message is not null)
        {
            audit.Record(await CurrentUser.ActorAsync(), action, user.UserName);
            await db.SaveChangesAsync();
            Flash = message;
        }

        return RedirectToPage();
    }

    private async Task<Membership> LoadAsync()
    {
        var membership = (await LoadMembershipAsync())!;
        IsOwner = membership.Role == WorkspaceRole.Owner;
        IsApplianceOwner = await CurrentUser.IsApplianceOwnerAsync();
        Members = await db.WorkspaceMembers.Include(m => m.User)
            .Where(m => m.WorkspaceId == membership.WorkspaceId)
            .OrderBy(m => m.User!.UserName)
            .ToListAsync();
        return membership;
    }
}
