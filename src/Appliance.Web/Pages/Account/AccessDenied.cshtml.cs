namespace Appliance.Web.Pages.Account;

public sealed class AccessDeniedModel : AppPageModel
{
    public Task OnGetAsync() => LoadMembershipAsync();
}
