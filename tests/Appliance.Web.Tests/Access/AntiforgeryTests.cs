using System.Net;

namespace Appliance.Web.Tests.Access;

public sealed class AntiforgeryTests(SetUpAppliance appliance) : IClassFixture<SetUpAppliance>
{
    [Fact]
    public async Task Sign_in_without_token_is_rejected()
    {
        using var browser = appliance.Factory.Browser();

        var response = await browser.Client.PostAsync("/Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = SetUpAppliance.OwnerName, ["Password"] = SetUpAppliance.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.GetValues("Set-Cookie").FirstOrDefault(c => c.StartsWith("appliance.auth", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("/Connections/Edit")]
    [InlineData("/Admin/Users?handler=Create")]
    [InlineData("/?handler=OpenDemo")]
    [InlineData("/Account/SignOut")]
    public async Task Signed_in_forms_without_token_are_rejected(string url)
    {
        using var browser = await appliance.SignedInAsync(Core.Access.WorkspaceRole.Owner);

        var response = await browser.Client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "x" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Htmx_request_needs_the_header_token_from_the_page()
    {
        using var browser = await appliance.SignedInAsync(Core.Access.WorkspaceRole.Editor);
        var url = $"/Schema?handler=Ingest&connection={appliance.DemoConnectionId}";

        using var withoutToken = new HttpRequestMessage(HttpMethod.Post, url);
        withoutToken.Headers.Add("HX-Request", "true");
        var rejected = await browser.Client.SendAsync(withoutToken);

        using var withToken = new HttpRequestMessage(HttpMethod.Post, url);
        withToken.Headers.Add("HX-Request", "true");
        withToken.Headers.Add("RequestVerificationToken", await browser.GetTokenAsync("/Schema"));
        var accepted = await browser.Client.SendAsync(withToken);

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.StartsWith("/Schema", accepted.Headers.GetValues("HX-Redirect").Single(), StringComparison.Ordinal);
    }
}
