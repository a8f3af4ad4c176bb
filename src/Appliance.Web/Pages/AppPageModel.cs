using Appliance.Core.Access;
using Appliance.Infrastructure.Access;
using Appliance.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Appliance.Web.Pages;

/// <summary>Shared plumbing of the appliance's pages: the current user and workspace, htmx detection, flash messages.</summary>
public abstract class AppPageModel : PageModel
{
    private CurrentUser? _currentUser;

    protected CurrentUser CurrentUser => _currentUser ??= HttpContext.RequestServices.GetRequiredService<CurrentUser>();

    /// <summary>Set by htmx on its requests; such requests get the page's partial instead of the whole page.</summary>
    public bool IsHtmx => Request.Headers.ContainsKey("HX-Request");

    [TempData]
    public string? Flash { get; set; }

    [TempData]
    public string? FlashError { get; set; }

    public Membership? Membership { get; private set; }

    /// <summary>Loads the current workspace membership; pages that need a workspace call this first.</summary>
    protected async Task<Membership?> LoadMembershipAsync() => Membership = await CurrentUser.MembershipAsync();

    protected async Task<bool> HasRoleAsync(WorkspaceRole role) => await CurrentUser.HasRoleAsync(role);

    /// <summary>403 for a handler that needs a higher role than the page itself (htmx is sent to the access-denied page).</summary>
    protected IActionResult RoleRequired() => Forbid();
}
