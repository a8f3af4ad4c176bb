namespace Appliance.Web.Pages;

/// <summary>Pages whose feature arrives in a later release; they are still behind sign-in and role checks.</summary>
public sealed class ComingSoonModel : AppPageModel
{
    public Task OnGetAsync() => LoadMembershipAsync();
}
