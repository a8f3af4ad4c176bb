using System.Net;
using System.Text.RegularExpressions;
using Appliance.Core.Access;

namespace Appliance.Web.Tests.Access;

/// <summary>Attacks a signed-in but ill-meaning Admin or Owner could try, and what stops them.</summary>
public sealed class HardeningTests(SetUpAppliance appliance) : IClassFixture<SetUpAppliance>
{
    [Fact]
    public async Task Owning_a_workspace_gives_no_power_over_accounts()
    {
        // An Admin of "Team" creates a workspace of their own (becoming its Owner) and adds the appliance Owner to it.
        using var admin = await appliance.SignedInAsync(WorkspaceRole.Admin);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/Workspaces?handler=Create", ("NewName", "Zz private"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/Workspaces/Members?handler=Add", ("UserName", SetUpAppliance.OwnerName), ("Role", "Viewer"))).StatusCode);
        var users = await admin.Client.GetStringAsync("/Admin/Users");

        // No account actions are offered, and posting one anyway is refused.
        Assert.DoesNotContain("handler=Reset", users, StringComparison.Ordinal);
        using var applianceOwner = await appliance.SignedInAsync(WorkspaceRole.Owner);
        var ids = Regex.Matches(await applianceOwner.Client.GetStringAsync("/Admin/Users"), "userId=([0-9a-f-]{36})")
            .Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            var reset = await admin.PostFormAsync($"/Admin/Users?handler=Reset&userId={id}", [new("password", "Taken-Over-Pass-1")], "/Admin/Users");
            Assert.Contains("AccessDenied", reset.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        }

        // The appliance Owner's password still works.
        using var owner = appliance.Factory.Browser();
        await owner.SignInAsync(SetUpAppliance.OwnerName, SetUpAppliance.Password);
    }

    [Fact]
    public async Task A_stored_password_is_never_sent_to_a_changed_server()
    {
        using var admin = await appliance.SignedInAsync(WorkspaceRole.Admin);
        var created = await admin.PostFormAsync("/Connections/Edit",
            ("Name", "payroll"), ("Engine", "Postgres"), ("Mode", "fields"), ("Host", "127.0.0.1"), ("Port", "1"), ("DatabaseName", "payroll"),
            ("UserName", "hr"), ("Password", "Payroll-Secret-1"), ("TlsMode", "Disable"), ("IsReadOnly", "true"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var payrollId = Regex.Match(await admin.Client.GetStringAsync("/Connections"), "href=\"/Schema\\?connection=([0-9a-f-]{36})\">payroll<").Groups[1].Value;
        Assert.NotEmpty(payrollId);

        var moved = await admin.PostFormAsync($"/Connections/Edit?id={payrollId}",
            ("Name", "payroll"), ("Engine", "Postgres"), ("Mode", "fields"), ("Host", "attacker.example"), ("Port", "5432"), ("DatabaseName", "payroll"),
            ("UserName", "hr"), ("TlsMode", "Disable"), ("IsReadOnly", "true"));
        var html = await moved.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Contains("enter the password again", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Postgres", "Host=127.0.0.1;Username=x;Passfile=/etc/shadow", "Passfile")]
    [InlineData("Postgres", "Host=127.0.0.1;Username=x;Integrated Security=true", "Integrated Security")]
    [InlineData("MySql", "Server=127.0.0.1;User ID=x;SslCa=/root/ca.pem", "SslCa")]
    [InlineData("SqlServer", "Server=db;Integrated Security=SSPI", "Integrated Security")]
    [InlineData("SqlServer", "Server=db;Authentication=Active Directory Managed Identity", "Authentication")]
    public async Task Connection_strings_cannot_reach_host_files_or_identity(string engine, string connectionString, string keyword)
    {
        using var admin = await appliance.SignedInAsync(WorkspaceRole.Admin);

        var response = await admin.PostFormAsync("/Connections/Edit", ("Name", "sneaky " + keyword), ("Engine", engine), ("Mode", "string"), ("ConnectionString", connectionString));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"keyword '{keyword}' is not allowed", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("appliance.db")]
    [InlineData("keystore.key")]
    [InlineData("/etc/passwd")]
    [InlineData("sqlite/../appliance.db")]
    public async Task Sqlite_connections_stay_inside_the_allowed_directories(string path)
    {
        using var admin = await appliance.SignedInAsync(WorkspaceRole.Admin);
        var full = Path.IsPathRooted(path) ? path : Path.Combine(appliance.Factory.DataDirectory, path);

        var save = await admin.PostFormAsync("/Connections/Edit", ("Name", "file " + path), ("Engine", "Sqlite"), ("DatabaseName", full));
        var test = await admin.PostFormAsync("/Connections/Edit?handler=Test", [new("Name", "t"), new("Engine", "Sqlite"), new("DatabaseName", full)], "/Connections/Edit");

        Assert.Contains("SQLite files must be inside", WebUtility.HtmlDecode(await save.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("SQLite files must be inside", WebUtility.HtmlDecode(await test.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_attempts_are_rate_limited_per_address()
    {
        await using var factory = new ApplianceFactory(settings: new Dictionary<string, string> { ["Appliance:Security:SignInAttemptsPerMinute"] = "3" });
        using var browser = factory.Browser();
        await SetUpAppliance.CreateOwnerAndWorkspaceAsync(browser, "boss", SetUpAppliance.Password, "Team");   // setup's two POSTs count

        var second = await browser.PostFormAsync("/Account/SignIn", ("UserName", "boss"), ("Password", "guess-1"));
        var third = await browser.PostFormAsync("/Account/SignIn", ("UserName", "boss"), ("Password", "guess-2"));
        var fourth = await browser.PostFormAsync("/Account/SignIn", ("UserName", "boss"), ("Password", "guess-3"));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((HttpStatusCode)429, third.StatusCode);
        Assert.Equal((HttpStatusCode)429, fourth.StatusCode);
        Assert.Contains("Too many sign-in attempts", await fourth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
