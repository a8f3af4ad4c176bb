using System.Net;

namespace Appliance.Web.Tests.Access;

public sealed class SignInTests : IAsyncLifetime
{
    private readonly ApplianceFactory _factory = new();

    public async ValueTask InitializeAsync()
    {
        using var owner = _factory.Browser();
        await SetUpAppliance.CreateOwnerAndWorkspaceAsync(owner, "root", SetUpAppliance.Password, "Ops");
        var created = await owner.PostFormAsync("/Admin/Users?handler=Create", ("NewUserName", "dana"), ("NewPassword", SetUpAppliance.Password), ("NewRole", "Viewer"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Fifth_wrong_password_locks_the_account_even_for_the_right_password()
    {
        using var browser = _factory.Browser();
        for (var i = 0; i < 4; i++)
        {
            var wrong = await browser.PostFormAsync("/Account/SignIn", ("UserName", "dana"), ("Password", "wrong-" + i));
            Assert.Contains("Wrong user name or password", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var fifth = await browser.PostFormAsync("/Account/SignIn", ("UserName", "dana"), ("Password", "wrong-5"));
        var right = await browser.PostFormAsync("/Account/SignIn", ("UserName", "dana"), ("Password", SetUpAppliance.Password));

        Assert.Contains("locked", await fifth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // An Owner unlocks, and the right password works again.
        using var owner = _factory.Browser();
        await owner.SignInAsync("root", SetUpAppliance.Password);
        var users = await owner.Client.GetStringAsync("/Admin/Users");
        var unlockAction = System.Text.RegularExpressions.Regex.Match(users, "action=\"([^\"]*handler=Unlock[^\"]*)\"").Groups[1].Value;
        Assert.NotEmpty(unlockAction);
        var unlock = await owner.PostFormAsync(System.Net.WebUtility.HtmlDecode(unlockAction), [], "/Admin/Users");
        Assert.Equal(HttpStatusCode.Redirect, unlock.StatusCode);
        await browser.SignInAsync("dana", SetUpAppliance.Password);
    }

    [Fact]
    public async Task Unknown_user_and_wrong_password_get_the_same_answer()
    {
        using var browser = _factory.Browser();

        var unknown = await (await browser.PostFormAsync("/Account/SignIn", ("UserName", "nobody"), ("Password", "x"))).Content.ReadAsStringAsync();
        var wrong = await (await browser.PostFormAsync("/Account/SignIn", ("UserName", "root"), ("Password", "x"))).Content.ReadAsStringAsync();

        Assert.Contains("Wrong user name or password.", unknown, StringComparison.Ordinal);
        Assert.Contains("Wrong user name or password.", wrong, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        using var browser = _factory.Browser();
        await browser.SignInAsync("root", SetUpAppliance.Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.Client.GetAsync("/Connections")).StatusCode);

        var signOut = await browser.PostFormAsync("/Account/SignOut", [], "/");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Client.GetAsync("/Connections")).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_signs_out_other_sessions()
    {
        using var first = _factory.Browser();
        using var second = _factory.Browser();
        await first.SignInAsync("root", SetUpAppliance.Password);
        await second.SignInAsync("root", SetUpAppliance.Password);

        var change = await first.PostFormAsync("/Account/Password",
            ("CurrentPassword", SetUpAppliance.Password), ("NewPassword", "Another-Strong-77"), ("ConfirmPassword", "Another-Strong-77"));

        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync("/Connections")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await second.Client.GetAsync("/Connections")).StatusCode);

        var back = await first.PostFormAsync("/Account/Password",
            ("CurrentPassword", "Another-Strong-77"), ("NewPassword", SetUpAppliance.Password), ("ConfirmPassword", SetUpAppliance.Password));
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
    }
}
