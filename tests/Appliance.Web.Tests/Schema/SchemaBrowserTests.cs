using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Appliance.Core.Access;
using Microsoft.Data.Sqlite;

namespace Appliance.Web.Tests.Schema;

public sealed partial class SchemaBrowserTests(SetUpAppliance appliance) : IClassFixture<SetUpAppliance>
{
    [Fact]
    public async Task Demo_table_page_shows_keys_checks_indexes_and_links_both_ways()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var html = WebUtility.HtmlDecode(await viewer.Client.GetStringAsync(
            $"/Schema/Table?connection={appliance.DemoConnectionId}&schema=main&name=order_lines"));

        Assert.Contains("(order_id, line_number)", html, StringComparison.Ordinal);          // composite primary key
        Assert.Contains("discount BETWEEN 0 AND 1", html, StringComparison.Ordinal);          // check constraint
        Assert.Contains("ix_order_lines_product", html, StringComparison.Ordinal);            // index
        Assert.Contains("name=orders\"", html, StringComparison.Ordinal);                     // FK out links to orders
        Assert.Contains("name=shipment_lines\"", html, StringComparison.Ordinal);             // FK in from shipment_lines
        Assert.Contains("on delete CASCADE", html, StringComparison.Ordinal);
        Assert.Contains("Position within the order", html, StringComparison.Ordinal);         // column comment
    }

    [Fact]
    public async Task Search_returns_the_partial_for_htmx_and_the_page_otherwise()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/Schema?connection={appliance.DemoConnectionId}&q=promo");
        request.Headers.Add("HX-Request", "true");

        var partial = await (await viewer.Client.SendAsync(request)).Content.ReadAsStringAsync();
        var page = await viewer.Client.GetStringAsync($"/Schema?connection={appliance.DemoConnectionId}&q=promo");

        Assert.DoesNotContain("<html", partial, StringComparison.Ordinal);
        Assert.Equal(["order_promotions", "promotions"], RowNames(partial));
        Assert.Contains("<html", page, StringComparison.Ordinal);
        Assert.Equal(["order_promotions", "promotions"], RowNames(page));
    }

    [Fact]
    public async Task A_schema_of_5000_tables_with_hostile_names_is_listed_safely_and_searchable()
    {
        var file = Path.Combine(Directory.CreateDirectory(Path.Combine(appliance.Factory.DataDirectory, "sqlite")).FullName, "huge.db");
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            var script = new StringBuilder("BEGIN;");
            for (var i = 0; i < 5000; i++)
            {
                script.Append(System.Globalization.CultureInfo.InvariantCulture, $"CREATE TABLE t{i:D4} (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES t{Math.Max(0, i - 1):D4}(id), name TEXT NOT NULL);");
            }

            script.Append("CREATE TABLE \"\"\"><script>alert(1)</script>\" (\"select\" INTEGER, \"from \"\"quoted\"\"\" TEXT);COMMIT;");
            await using var command = connection.CreateCommand();
            command.CommandText = script.ToString();
            await command.ExecuteNonQueryAsync();
        }

        using var admin = await appliance.SignedInAsync(WorkspaceRole.Admin);
        var saved = await admin.PostFormAsync("/Connections/Edit", ("Name", "huge"), ("Engine", "Sqlite"), ("DatabaseName", file), ("IsReadOnly", "true"));
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        var list = await admin.Client.GetStringAsync("/Connections");
        var id = Regex.Match(list, "/Schema\\?connection=([0-9a-f-]{36})\">huge<").Groups[1].Value;

        var ingest = await admin.PostFormAsync($"/Schema?handler=Ingest&connection={id}", [], "/Schema");
        var page = await admin.Client.GetStringAsync(ingest.Headers.Location!.ToString());
        var search = await admin.Client.GetStringAsync($"/Schema?connection={id}&q=script");
        var hostile = await admin.Client.GetAsync($"/Schema/Table?connection={id}&schema=main&name={Uri.EscapeDataString("\"><script>alert(1)</script>")}");
        var hostileHtml = await hostile.Content.ReadAsStringAsync();

        Assert.Contains("5001 tables", page, StringComparison.Ordinal);
        Assert.Contains("Showing the first 300 of 5001 matches", page, StringComparison.Ordinal);
        Assert.Equal(300, RowNames(page).Count);
        Assert.Single(RowNames(search));
        Assert.Equal(HttpStatusCode.OK, hostile.StatusCode);
        Assert.DoesNotContain("<script>alert(1)</script>", hostileHtml, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", hostileHtml, StringComparison.Ordinal);
        Assert.Contains("from &quot;quoted&quot;", hostileHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_table_or_connection_is_a_404_page_without_details()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var table = await viewer.Client.GetAsync($"/Schema/Table?connection={appliance.DemoConnectionId}&schema=main&name=nope");
        var connection = await viewer.Client.GetAsync($"/Schema?connection={Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, table.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, connection.StatusCode);
        Assert.Contains("Not found", await table.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static List<string> RowNames(string html) =>
        [.. TableLinkPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    [GeneratedRegex("<td><a href=\"/Schema/Table\\?[^\"]+\">([^<]+)</a></td>")]
    private static partial Regex TableLinkPattern();
}
