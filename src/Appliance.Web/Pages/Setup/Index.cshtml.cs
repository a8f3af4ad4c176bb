using System.ComponentModel.DataAnnotations;
using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Metadata;
using Appliance.Web.Access;
using Microsoft.AspNetCore.Mvc;

namespace Appliance.Web.Pages.Setup;

/// <summary>First run, step 1: the Owner account. Closed for good once any account exists.</summary>
public sealed class IndexModel(AccountService accounts, AuditLog audit, MetadataDbContext db) : AppPageModel
{
    [BindProperty, Required(ErrorMessage = "Choose a user name.")]
    public string UserName { get; set; } = "";

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty, DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty, DataType(DataType.Password)]
    public string ConfirmPassword { get; set; } = "";

    public int MinimumLength => accounts.Policy.MinimumLength;

    public async Task<IActionResult> OnGetAsync() =>
        await accounts.AnyUserExistsAsync() ? RedirectToPage("/Account/SignIn") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await accounts.AnyUserExistsAsync())
        {
            return RedirectToPage("/Account/SignIn");
        }

        if (Password != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), "The two passwords differ.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var (user, problems) = await accounts.CreateLocalAsync(UserName, DisplayName, Password);
        if (user is null)
        {
            foreach (var problem in problems)
            {
                ModelState.AddModelError(nameof(Password), problem);
            }

            return Page();
        }

        user.IsApplianceOwner = true;
        audit.Record(new AuditActor(user.Id, user.UserName, null, HttpContext.Connection.RemoteIpAddress?.ToString()), "setup.owner.created", user.UserName);
        await db.SaveChangesAsync();
        await ApplianceSignIn.SignInAsync(HttpContext, user, null);
        return RedirectToPage("/Setup/Workspace");
    }
}
