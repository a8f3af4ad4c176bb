using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Appliance.Core.Access;
using Microsoft.Data.Sqlite;

namespace Appliance.Web.Tests.Schema;

public sealed partial class ErdPageTests(SetUpAppliance appliance) : IClassFixture<SetUpAppliance>
{
    private static readonly string[] DemoTables =
    [
        "addresses", "categories", "countries", "customers", "employees", "inventory", "order_lines", "order_promotions", "orders",
        "payments", "product_reviews", "products", "promotions", "regions", "shipment_lines", "shipments", "suppliers", "warehouses",
    ];

    private string Erd(string query = "") => $"/Schema/Erd?connection={appliance.DemoConnectionId}{query}";

    [Fact]
    public async Task A_viewer_sees_every_demo_table_as_a_box_and_every_foreign_key_as_an_edge()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var html = await viewer.Client.GetStringAsync(Erd());

        Assert.Equal(DemoTables, NodeIds(html).Select(id => id["main.".Length..]).Order(StringComparer.Ordinal));
        var edges = EdgeEnds(html);
        Assert.Contains(("main.orders", "main.customers"), edges);
        Assert.Contains(("main.order_lines", "main.orders"), edges);
        Assert.Contains(("main.shipment_lines", "main.order_lines"), edges);
        Assert.All(edges, e => Assert.Contains(e.To, NodeIds(html)));
        Assert.Contains("src=\"/js/erd.js", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Focus_keeps_the_table_and_its_neighbours_and_htmx_gets_only_the_canvas()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        using var request = new HttpRequestMessage(HttpMethod.Get, Erd("&focus=main.payments&hops=1"));
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Target", "erd-canvas");

        var partial = await (await viewer.Client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.DoesNotContain("<html", partial, StringComparison.Ordinal);
        Assert.Equal(["main.orders", "main.payments"], NodeIds(partial).Order(StringComparer.Ordinal));
        Assert.Contains("main.payments and 1 step around it", WebUtility.HtmlDecode(partial), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_svg_export_is_a_standalone_file_with_every_table_of_the_view()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var all = await viewer.Client.GetAsync(Erd("&handler=Svg"));
        var filtered = await viewer.Client.GetStringAsync(Erd("&handler=Svg&pattern=order*"));

        Assert.Equal("image/svg+xml", all.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", all.Content.Headers.ContentDisposition?.DispositionType);
        var document = XDocument.Parse(await all.Content.ReadAsStringAsync());
        Assert.Equal("svg", document.Root!.Name.LocalName);
        var texts = document.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToHashSet(StringComparer.Ordinal);
        Assert.All(DemoTables, name => Assert.Contains(name, texts));
        Assert.Equal(["main.order_lines", "main.order_promotions", "main.orders"], NodeIds(filtered).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Details_show_the_table_and_an_unknown_table_or_connection_is_handled()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var details = WebUtility.HtmlDecode(await viewer.Client.GetStringAsync(Erd("&handler=Details&table=main.order_lines")));
        var missing = await viewer.Client.GetStringAsync(Erd("&handler=Details&table=main.nope"));
        var connection = await viewer.Client.GetAsync($"/Schema/Erd?connection={Guid.NewGuid()}");

        Assert.Contains("order_lines", details, StringComparison.Ordinal);
        Assert.Contains("data-erd=\"center\" data-table=\"main.orders\"", details, StringComparison.Ordinal);
        Assert.Contains("data-erd=\"center\" data-table=\"main.shipment_lines\"", details, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", details, StringComparison.Ordinal);
        Assert.Contains("not in the current schema version", missing, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, connection.StatusCode);
    }

    [Fact]
    public async Task An_editor_saves_a_dragged_position_for_the_workspace_a_viewer_cannot_and_reset_forgets_it()
    {
        using var editor = await appliance.SignedInAsync(WorkspaceRole.Editor);
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        var page = Erd("&pattern=warehouses");

        var saved = await editor.HtmxPostAsync(Erd("&handler=Position"), page, ("table", "main.warehouses"), ("x", "1234.5"), ("y", "40"));
        var refused = await viewer.HtmxPostAsync(Erd("&handler=Position"), page, ("table", "main.warehouses"), ("x", "1"), ("y", "1"));
        var bad = await editor.HtmxPostAsync(Erd("&handler=Position"), page, ("table", ""), ("x", "1"), ("y", "1"));
        var seenByViewer = await viewer.Client.GetStringAsync(page);
        var editorPage = await editor.Client.GetStringAsync(page);
        var reset = await editor.HtmxPostAsync(Erd("&handler=Reset"), page);
        var afterReset = await viewer.Client.GetStringAsync(page);

        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);                        // htmx is sent to the access-denied page
        Assert.Contains("AccessDenied", refused.Headers.GetValues("HX-Redirect").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("data-id=\"main.warehouses\"", seenByViewer, StringComparison.Ordinal);
        Assert.Matches("data-id=\"main.warehouses\"[^>]*transform=\"translate\\(1234\\.5 40\\)\"", seenByViewer);
        Assert.Contains("data-positions-url=\"\"", seenByViewer, StringComparison.Ordinal);          // a viewer's drags are not saved
        Assert.Contains("data-testid=\"erd-reset\"", editorPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.DoesNotMatch("translate\\(1234\\.5 40\\)", afterReset);
    }

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_sign_in()
    {
        using var client = appliance.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(Erd());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/SignIn", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_schema_opens_on_an_overview_of_groups_from_which_a_group_opens_in_detail()
    {
        var file = Path.Combine(Directory.CreateDirectory(Path.Combine(appliance.Factory.DataDirectory, "sqlite")).FullName, "erd-large.db");
        string[] prefixes = ["billing", "crm", "hr", "inventory", "shipping"];
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            var script = new StringBuilder("BEGIN;");
            foreach (var prefix in prefixes)
            {
                for (var i = 0; i < 80; i++)
                {
                    var parent = i == 0 ? "" : $", parent_id INTEGER REFERENCES {prefix}_t{i - 1:D2}(id)";
                    script.Append(System.Globalization.CultureInfo.InvariantCulture, $"CREATE TABLE {prefix}_t{i:D2} (id INTEGER PRIMARY KEY{parent}, name TEXT);");
                }
            }

            await using var command = connection.CreateCommand();
            command.CommandText = script.Append("COMMIT;").ToString();
            await command.ExecuteNonQueryAsync();
        }

        using var admin = await appliance.SignedInAsync(WorkspaceRole.Admin);
        await admin.PostFormAsync("/Connections/Edit", ("Name", "erd-large"), ("Engine", "Sqlite"), ("DatabaseName", file), ("IsReadOnly", "true"));
        var id = ConnectionIdPattern().Match(await admin.Client.GetStringAsync("/Connections")).Groups[1].Value;
        await admin.PostFormAsync($"/Schema?handler=Ingest&connection={id}", [], "/Schema");

        var overview = await admin.Client.GetStringAsync($"/Schema/Erd?connection={id}");
        var group = await admin.Client.GetStringAsync($"/Schema/Erd?connection={id}&group=crm");
        var everything = await admin.Client.GetStringAsync($"/Schema/Erd?connection={id}&detail=true");

        Assert.Contains("data-testid=\"erd-overview-notice\"", overview, StringComparison.Ordinal);
        Assert.Equal(prefixes, NodeIds(overview).Order(StringComparer.Ordinal));
        Assert.Equal(80, NodeIds(group).Count);
        Assert.All(NodeIds(group), n => Assert.StartsWith("main.crm_", n, StringComparison.Ordinal));
        Assert.Equal(400, NodeIds(everything).Count);
        Assert.DoesNotContain("erd-overview-notice", everything, StringComparison.Ordinal);
    }

    private static List<string> NodeIds(string html) =>
        [.. NodePattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    private static List<(string From, string To)> EdgeEnds(string html) =>
        [.. EdgePattern().Matches(html).Select(m => (WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))];

    [GeneratedRegex("<g class=\"erd-node[^\"]*\" data-id=\"([^\"]+)\"")]
    private static partial Regex NodePattern();

    [GeneratedRegex("<g class=\"erd-edge[^\"]*\"[^>]*? data-from=\"([^\"]+)\" data-to=\"([^\"]+)\"")]
    private static partial Regex EdgePattern();

    [GeneratedRegex("/Schema\\?connection=([0-9a-f-]{36})\">erd-large<")]
    private static partial Regex ConnectionIdPattern();
}
