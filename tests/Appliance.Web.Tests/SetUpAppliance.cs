using System.Net;
using Appliance.Core.Access;

namespace Appliance.Web.Tests;

/// <summary>An appliance after first-run setup: an Owner, a workspace, one account per role and the demo database.</summary>
public class SetUpAppliance : IAsyncLifetime
{
    public const string OwnerName = "owner";
    public const string Password = "Correct-Horse-42";

    public SetUpAppliance()
        : this(null)
    {
    }

    /// <summary>For fixtures that need settings of their own (e.g. drift watch switched off so tests drive it).</summary>
    protected SetUpAppliance(IReadOnlyDictionary<string, string>? settings) => Factory = new ApplianceFactory(settings: settings);

    public ApplianceFactory Factory { get; }

    public Guid DemoConnectionId { get; private set; }

    public static string UserFor(WorkspaceRole role) => role == WorkspaceRole.Owner ? OwnerName : role.ToString().ToLowerInvariant();

    public virtual async ValueTask InitializeAsync()
    {
        using var owner = Factory.Browser();
        await CreateOwnerAndWorkspaceAsync(owner, OwnerName, Password, "Team");
        foreach (var role in new[] { WorkspaceRole.Admin, WorkspaceRole.Editor, WorkspaceRole.Viewer })
        {
            var response = await owner.PostFormAsync("/Admin/Users?handler=Create",
                ("NewUserName", UserFor(role)), ("NewPassword", Password), ("NewRole", role.ToString()));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var demo = await owner.PostFormAsync("/?handler=OpenDemo", [], "/");
        Assert.Equal(HttpStatusCode.Redirect, demo.StatusCode);
        var location = demo.Headers.Location!.ToString();
        Assert.StartsWith("/Schema?connection=", location, StringComparison.Ordinal);
        DemoConnectionId = Guid.Parse(location["/Schema?connection=".Length..]);
    }

    public static async Task CreateOwnerAndWorkspaceAsync(TestBrowser browser, string userName, string password, string workspace)
    {
        var setup = await browser.PostFormAsync("/Setup", ("UserName", userName), ("Password", password), ("ConfirmPassword", password));
        Assert.Equal(HttpStatusCode.Redirect, setup.StatusCode);
        Assert.Equal("/Setup/Workspace", setup.Headers.Location?.ToString());
        var created = await browser.PostFormAsync("/Setup/Workspace", ("Name", workspace));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
    }

    public async Task<TestBrowser> SignedInAsync(WorkspaceRole role)
    {
        var browser = Factory.Browser();
        await browser.SignInAsync(UserFor(role), Password);
        return browser;
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
