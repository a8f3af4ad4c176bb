using System.Net;
using Appliance.Infrastructure.Keystore;

namespace Appliance.Web.Tests.Access;

public sealed class FirstRunTests
{
    [Fact]
    public async Task Fresh_install_leads_every_page_to_setup_and_refuses_a_weak_password()
    {
        await using var factory = new ApplianceFactory();
        using var browser = factory.Browser();

        var home = await browser.Client.GetAsync("/");
        var signIn = await browser.Client.GetAsync("/Account/SignIn");
        var weak = await browser.PostFormAsync("/Setup", ("UserName", "boss"), ("Password", "password"), ("ConfirmPassword", "password"));
        var mismatch = await browser.PostFormAsync("/Setup", ("UserName", "boss"), ("Password", "Str0ng-Enough-Pw"), ("ConfirmPassword", "Str0ng-Enough-Px"));

        Assert.Equal("/Setup", home.Headers.Location?.ToString());
        Assert.Equal("/Setup", signIn.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("at least 12 characters", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("The two passwords differ.", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("/Setup", (await browser.Client.GetAsync("/")).Headers.Location?.ToString());
    }

    [Fact]
    public async Task Setup_creates_the_owner_then_the_first_workspace()
    {
        await using var factory = new ApplianceFactory();
        using var browser = factory.Browser();

        await SetUpAppliance.CreateOwnerAndWorkspaceAsync(browser, "boss", SetUpAppliance.Password, "Data platform");
        var home = await browser.Client.GetStringAsync("/");
        var again = await browser.Client.GetAsync("/Setup/Workspace");

        Assert.Contains("Data platform", home, StringComparison.Ordinal);
        Assert.Contains(">Owner<", home, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    [Fact]
    public async Task Appliance_refuses_to_start_when_stored_secrets_cannot_be_decrypted()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("appliance-keys-").FullName;
        await using (var first = new ApplianceFactory(dataDirectory) { KeepDataDirectory = true })
        {
            using var browser = first.Browser();
            await SetUpAppliance.CreateOwnerAndWorkspaceAsync(browser, "boss", SetUpAppliance.Password, "Team");
            var saved = await browser.PostFormAsync("/Connections/Edit",
                ("Name", "prod"), ("Engine", "Postgres"), ("Mode", "fields"), ("Host", "127.0.0.1"), ("Port", "1"), ("DatabaseName", "app"),
                ("UserName", "app"), ("Password", "Pw-that-needs-the-key"), ("TlsMode", "Disable"), ("IsReadOnly", "true"));
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        // The key ring is lost (e.g. a restore without the key file): a new key would be created, and it cannot read the old secrets.
        File.Delete(Path.Combine(dataDirectory, "keystore.key"));
        await using var second = new ApplianceFactory(dataDirectory);

        var ex = Assert.ThrowsAny<Exception>(() => second.CreateClient());
        var keystore = ex as KeystoreException ?? ex.InnerException as KeystoreException;
        Assert.NotNull(keystore);
        Assert.Contains("prod", keystore.Message, StringComparison.Ordinal);
    }
}
