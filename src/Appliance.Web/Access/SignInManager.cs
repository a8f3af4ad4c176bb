using System.Security.Claims;
using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Metadata;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace Appliance.Web.Access;

/// <summary>Issues and checks the authentication cookie.</summary>
public static class ApplianceSignIn
{
    public static async Task SignInAsync(HttpContext http, UserAccount user, Guid? workspaceId)
    {
        var claims = new List<Claim>
        {
            new(ApplianceClaims.UserId, user.Id.ToString()),
            new(ApplianceClaims.UserName, user.UserName),
            new(ApplianceClaims.DisplayName, user.DisplayName ?? user.UserName),
            new(ApplianceClaims.SecurityStamp, user.SecurityStamp),
        };
        if (workspaceId is { } id)
        {
            claims.Add(new Claim(ApplianceClaims.WorkspaceId, id.ToString()));
        }

        var identity = new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, ApplianceClaims.UserName, null);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>Switches the current workspace by re-issuing the cookie with the same identity.</summary>
    public static async Task SwitchWorkspaceAsync(HttpContext http, Guid workspaceId)
    {
        var identity = new ClaimsIdentity(
            http.User.Claims.Where(c => c.Type != ApplianceClaims.WorkspaceId).Append(new Claim(ApplianceClaims.WorkspaceId, workspaceId.ToString())),
            CookieAuthenticationDefaults.AuthenticationScheme, ApplianceClaims.UserName, null);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>Ends sessions of deleted or disabled users and of sessions older than a password change.</summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var valid = false;
        if (Guid.TryParse(principal?.FindFirstValue(ApplianceClaims.UserId), out var userId))
        {
            var db = context.HttpContext.RequestServices.GetRequiredService<MetadataDbContext>();
            var stamp = principal!.FindFirstValue(ApplianceClaims.SecurityStamp);
            valid = await db.Users.AnyAsync(u => u.Id == userId && !u.IsDisabled && u.SecurityStamp == stamp);
        }

        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
