using System.Net;
using Appliance.Core.Access;

namespace Appliance.Web.Tests.Access;

/// <summary>Each page and action against each role: allowed means it answers, denied means the access-denied page.</summary>
public sealed class RoleAccessTests(SetUpAppliance appliance) : IClassFixture<SetUpAppliance>
{
    public static TheoryData<string, WorkspaceRole> Pages => new()
    {
        { "/", WorkspaceRole.Viewer },
        { "/Connections", WorkspaceRole.Viewer },
        { "/Schema", WorkspaceRole.Viewer },
        { "/Query", WorkspaceRole.Viewer },
        { "/Docs", WorkspaceRole.Viewer },
        { "/MockData", WorkspaceRole.Viewer },
        { "/Workspaces", WorkspaceRole.Viewer },
        { "/Connections/Edit", WorkspaceRole.Admin },
        { "/Workspaces/Members", WorkspaceRole.Admin },
        { "/Admin/Users", WorkspaceRole.Admin },
        { "/Admin/Audit", WorkspaceRole.Admin },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_is_open_exactly_to_its_roles(string url, WorkspaceRole required)
    {
        foreach (var role in WorkspaceRoles.All)
        {
            using var browser = await appliance.SignedInAsync(role);

            var response = await browser.Client.GetAsync(url);

            if (role.Includes(required))
            {
                // A page may forward to a more specific one (/Schema opens the only connection), but never to sign-in or access denied.
                var forwarded = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().StartsWith(url, StringComparison.Ordinal);
                Assert.True(response.StatusCode == HttpStatusCode.OK || forwarded, $"{role} should open {url} but got {(int)response.StatusCode} {response.Headers.Location}");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/Account/AccessDenied", StringComparison.Ordinal),
                    $"{role} should be denied {url} but got {(int)response.StatusCode} {response.Headers.Location}");
            }
        }
    }

    [Fact]
    public async Task Schema_table_page_is_readable_by_viewers()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var html = await viewer.Client.GetStringAsync($"/Schema/Table?connection={appliance.DemoConnectionId}&schema=main&name=order_lines");

        Assert.Contains("order_lines", html, StringComparison.Ordinal);
        Assert.Contains("product_id", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WorkspaceRole.Viewer, false)]
    [InlineData(WorkspaceRole.Editor, true)]
    [InlineData(WorkspaceRole.Admin, true)]
    public async Task Reading_a_schema_needs_editor(WorkspaceRole role, bool allowed)
    {
        using var browser = await appliance.SignedInAsync(role);

        var response = await browser.PostFormAsync($"/Schema?handler=Ingest&connection={appliance.DemoConnectionId}", [], "/Schema");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(allowed, !response.Headers.Location!.ToString().Contains("AccessDenied", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(WorkspaceRole.Viewer)]
    [InlineData(WorkspaceRole.Editor)]
    public async Task Below_admin_cannot_add_delete_or_test_unsaved_connections(WorkspaceRole role)
    {
        using var browser = await appliance.SignedInAsync(role);

        var delete = await browser.PostFormAsync($"/Connections?handler=Delete&id={appliance.DemoConnectionId}", [], "/Connections");
        var add = await browser.PostFormAsync("/Connections/Edit", [new("Name", "sneaky"), new("Engine", "Sqlite"), new("DatabaseName", "/tmp/x.db")], "/Connections");

        Assert.Contains("AccessDenied", delete.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("AccessDenied", add.Headers.Location!.ToString(), StringComparison.Ordinal);
        using var owner = await appliance.SignedInAsync(WorkspaceRole.Owner);
        Assert.Contains("Demo: order management", await owner.Client.GetStringAsync("/Connections"), StringComparison.Ordinal);
        Assert.DoesNotContain("sneaky", await owner.Client.GetStringAsync("/Connections"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_cannot_make_anyone_admin_or_owner()
    {
        using var admin = await appliance.SignedInAsync(WorkspaceRole.Admin);

        var response = await admin.PostFormAsync("/Admin/Users?handler=Create",
            ("NewUserName", "wannabe"), ("NewPassword", SetUpAppliance.Password), ("NewRole", "Owner"));

        Assert.Contains("AccessDenied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nobody_sees_another_workspaces_connection()
    {
        using var owner = await appliance.SignedInAsync(WorkspaceRole.Owner);
        var created = await owner.PostFormAsync("/Workspaces?handler=Create", ("NewName", "Zeta team"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        // The owner now works in "Zeta team", where the demo connection does not exist.
        var table = await owner.Client.GetAsync($"/Schema?connection={appliance.DemoConnectionId}");
        var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        var viewerHome = await viewer.Client.GetStringAsync("/Workspaces");

        Assert.Equal(HttpStatusCode.NotFound, table.StatusCode);
        Assert.DoesNotContain("Zeta team", viewerHome, StringComparison.Ordinal);
        viewer.Dispose();
    }
}
