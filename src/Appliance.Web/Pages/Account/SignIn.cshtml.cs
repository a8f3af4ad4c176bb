using Appliance.Infrastructure.Access;
using Appliance.Web.Access;
using Microsoft.AspNetCore.Mvc;

namespace Appliance.Web.Pages.Account;

public sealed class SignInModel(AccountService accounts, WorkspaceService workspaces) : AppPageModel
{
    [BindProperty]
    public string UserName { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await accounts.AnyUserExistsAsync() ? Page() : RedirectToPage("/Setup/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await accounts.CheckPasswordAsync(UserName, Password, HttpContext.Connection.RemoteIpAddress?.ToString());
        switch (result.Outcome)
        {
            case SignInOutcome.Succeeded:
                var first = (await workspaces.MembershipsAsync(result.User!.Id)).FirstOrDefault();
                await ApplianceSignIn.SignInAsync(HttpContext, result.User, first?.WorkspaceId);
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
            case SignInOutcome.LockedOut:
                var minutes = Math.Max(1, (int)Math.Ceiling((result.LockedUntil!.Value - DateTime.UtcNow).TotalMinutes));
                Error = $"Too many failed attempts: this account is locked for {minutes} more minute{(minutes == 1 ? "" : "s")}. An Owner can unlock it sooner.";
                break;
            case SignInOutcome.Disabled:
                Error = "This account is disabled. Ask an Owner of the appliance.";
                break;
            default:
                Error = "Wrong user name or password.";
                break;
        }

        Password = "";
        return Page();
    }
}
