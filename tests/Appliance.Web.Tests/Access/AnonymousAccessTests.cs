using System.Net;

namespace Appliance.Web.Tests.Access;

public sealed class AnonymousAccessTests(SetUpAppliance appliance) : IClassFixture<SetUpAppliance>
{
    public static TheoryData<string> ProtectedPages =>
    [
        "/", "/Workspaces", "/Workspaces/Members", "/Connections", "/Connections/Edit", "/Schema", "/Schema/Table?connection=00000000-0000-0000-0000-000000000000&schema=main&name=orders",
        "/Query", "/Docs", "/MockData", "/Admin/Users", "/Admin/Audit", "/Account/Password", "/Account/AccessDenied", "/Setup/Workspace", "/no-such-page",
    ];

    [Theory]
    [MemberData(nameof(ProtectedPages))]
    public async Task Anonymous_requests_are_sent_to_sign_in(string url)
    {
        using var browser = appliance.Factory.Browser();

        var response = await browser.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/Account/SignIn", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_htmx_requests_get_401_with_a_full_page_redirect()
    {
        using var browser = appliance.Factory.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/Schema?connection={appliance.DemoConnectionId}&q=order");
        request.Headers.Add("HX-Request", "true");

        var response = await browser.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("/Account/SignIn", response.Headers.GetValues("HX-Redirect").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_without_sign_in(string url)
    {
        using var browser = appliance.Factory.Browser();

        var response = await browser.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sign_in_page_is_open_and_setup_is_closed_after_first_run()
    {
        using var browser = appliance.Factory.Browser();

        Assert.Equal(HttpStatusCode.OK, (await browser.Client.GetAsync("/Account/SignIn")).StatusCode);
        var setup = await browser.Client.GetAsync("/Setup");
        Assert.Equal(HttpStatusCode.Redirect, setup.StatusCode);
        Assert.Equal("/Account/SignIn", setup.Headers.Location!.ToString());

        // Posting the setup form again must not create a second owner.
        var token = await browser.GetTokenAsync("/Account/SignIn");
        var post = await browser.Client.PostAsync("/Setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "intruder", ["Password"] = "Intruder-Pass-99", ["ConfirmPassword"] = "Intruder-Pass-99", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal("/Account/SignIn", post.Headers.Location?.ToString());
        var signIn = await browser.PostFormAsync("/Account/SignIn", ("UserName", "intruder"), ("Password", "Intruder-Pass-99"));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("Wrong user name or password", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Static_assets_are_served_locally()
    {
        using var browser = appliance.Factory.Browser();

        var htmx = await browser.Client.GetAsync("/lib/htmx/htmx.min.js");
        var page = await browser.Client.GetStringAsync("/Account/SignIn");

        Assert.Equal(HttpStatusCode.OK, htmx.StatusCode);
        Assert.DoesNotContain("https://", page, StringComparison.Ordinal);
    }
}
