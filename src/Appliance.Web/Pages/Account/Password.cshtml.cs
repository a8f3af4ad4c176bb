using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Metadata;
using Appliance.Web.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Appliance.Web.Pages.Account;

/// <summary>Change your own password; other sessions of the account end.</summary>
public sealed class PasswordModel(MetadataDbContext db, AccountService accounts, IPasswordHasher<UserAccount> hasher, AuditLog audit) : AppPageModel
{
    [BindProperty]
    public string CurrentPassword { get; set; } = "";

    [BindProperty]
    public string NewPassword { get; set; } = "";

    [BindProperty]
    public string ConfirmPassword { get; set; } = "";

    public bool IsLocal { get; private set; }

    public async Task OnGetAsync() => IsLocal = (await db.Users.FindAsync(CurrentUser.UserId))?.Source == AccountSource.Local;

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await db.Users.FindAsync(CurrentUser.UserId);
        if (user?.PasswordHash is null)
        {
            return RoleRequired();
        }

        IsLocal = true;
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, CurrentPassword ?? "") == PasswordVerificationResult.Failed)
        {
            ModelState.AddModelError(nameof(CurrentPassword), "The current password is wrong.");
        }
        else if (NewPassword != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), "The two new passwords differ.");
        }
        else
        {
            foreach (var problem in accounts.SetPassword(user, NewPassword ?? ""))
            {
                ModelState.AddModelError(nameof(NewPassword), problem);
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        audit.Record(await CurrentUser.ActorAsync(), "user.password.changed", user.UserName);
        await db.SaveChangesAsync();
        await ApplianceSignIn.SignInAsync(HttpContext, user, (await CurrentUser.MembershipAsync())?.WorkspaceId);
        Flash = "Your password was changed. Other sessions of your account were signed out.";
        return Redirect("/");
    }
}
