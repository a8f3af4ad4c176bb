using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Appliance.Core.Access;

namespace Appliance.Web.Tests.Query;

/// <summary>The query page's handlers as htmx calls them, on the demo database, per role.</summary>
public sealed partial class QueryPageTests(SetUpAppliance appliance) : IClassFixture<SetUpAppliance>
{
    private string Page => $"/Query?connection={appliance.DemoConnectionId}";

    private string Handler(string name) => $"/Query/Index?connection={appliance.DemoConnectionId}&handler={name}";

    private async Task<string> PostAsync(TestBrowser browser, string handler, params (string Key, string Value)[] fields)
    {
        var response = await browser.HtmxPostAsync(Handler(handler), Page, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_viewer_runs_a_read_only_query_and_downloads_the_same_rows_as_CSV_and_JSON()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var html = await PostAsync(viewer, "Run", ("sql", "SELECT region_code, name FROM regions ORDER BY region_code"));

        Assert.DoesNotContain("<html", html, StringComparison.Ordinal);
        var rows = int.Parse(RowCount().Match(html).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(rows >= 3, html);
        Assert.Contains("read-only, rolled back", html, StringComparison.Ordinal);
        var csvUrl = DownloadLink().Matches(html).Select(m => m.Groups[1].Value).Single(u => u.EndsWith("format=csv", StringComparison.Ordinal));

        var csv = await viewer.Client.GetStringAsync(csvUrl);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("region_code,name", lines[0]);
        Assert.Equal(rows, lines.Length - 1);
        using var json = JsonDocument.Parse(await viewer.Client.GetStringAsync(csvUrl.Replace("format=csv", "format=json", StringComparison.Ordinal)));
        Assert.Equal(rows, json.RootElement.GetArrayLength());
        Assert.Equal(lines[1].Split(',')[0], json.RootElement[0].GetProperty("region_code").GetString());

        // The result is the viewer's: another user gets nothing.
        using var editor = await appliance.SignedInAsync(WorkspaceRole.Editor);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.Client.GetAsync(csvUrl)).StatusCode);
    }

    [Fact]
    public async Task A_write_in_read_mode_is_refused_with_its_reason_and_nothing_changes()
    {
        using var editor = await appliance.SignedInAsync(WorkspaceRole.Editor);
        var before = await PostAsync(editor, "Run", ("sql", "SELECT count(*) AS n FROM payments"));

        var refused = await PostAsync(editor, "Run", ("sql", "SELECT 1; DELETE FROM payments"));
        var refusedDelete = await PostAsync(editor, "Run", ("sql", "DELETE FROM payments"));
        var after = await PostAsync(editor, "Run", ("sql", "SELECT count(*) AS n FROM payments"));

        Assert.Contains("Refused by the read-only policy", refused, StringComparison.Ordinal);
        Assert.Contains("read-only mode runs exactly one", refused, StringComparison.Ordinal);
        Assert.Contains("A DELETE statement", refusedDelete, StringComparison.Ordinal);
        Assert.Equal(Cell().Match(before).Groups[1].Value, Cell().Match(after).Groups[1].Value);
    }

    [Fact]
    public async Task Write_mode_is_for_editors_on_writable_connections_only()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        using var editor = await appliance.SignedInAsync(WorkspaceRole.Editor);

        var byViewer = await PostAsync(viewer, "Run", ("sql", "DELETE FROM payments"), ("write", "true"));
        var onReadOnly = await PostAsync(editor, "Run", ("sql", "DELETE FROM payments"), ("write", "true"));
        var page = await viewer.Client.GetStringAsync(Page);

        Assert.Contains("Write mode is for Editors", byViewer, StringComparison.Ordinal);
        Assert.Contains("is marked read-only", onReadOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"write-mode\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_format_and_optimize_answer_as_partials()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var explanation = await PostAsync(viewer, "Explain", ("sql", "SELECT c.email FROM customers c JOIN orders o ON o.customer_id = c.customer_id"));
        Assert.Contains("Reads customers (as c) — People and companies who place orders.", explanation, StringComparison.Ordinal);
        Assert.Contains("inner join", explanation, StringComparison.Ordinal);

        var formatted = await viewer.HtmxPostAsync(Handler("Format"), Page, ("sql", "select a,b from t where x=1"));
        using var trigger = JsonDocument.Parse(formatted.Headers.GetValues("HX-Trigger").Single());
        Assert.Equal("SELECT a, b\nFROM t\nWHERE x = 1;", trigger.RootElement.GetProperty("sqlFormatted").GetProperty("sql").GetString());

        var optimize = await PostAsync(viewer, "Optimize", ("sql", "SELECT * FROM orders WHERE customer_id = NULL"));
        Assert.Contains("data-rule=\"SQL001\"", optimize, StringComparison.Ordinal);
        Assert.Contains("data-rule=\"SQL015\"", optimize, StringComparison.Ordinal);
        Assert.Contains("customer_id IS NULL", optimize, StringComparison.Ordinal);          // the rewrite
        Assert.Contains("SQLite has no JSON plan", optimize, StringComparison.Ordinal);

        var broken = await PostAsync(viewer, "Explain", ("sql", "SELECT FROM WHERE"));
        Assert.Contains("The SQL does not parse", broken, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", broken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_lists_tables_and_columns_with_comments()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        using var json = JsonDocument.Parse(await viewer.Client.GetStringAsync(Handler("Completion")));

        var customers = json.RootElement.GetProperty("objects").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "customers");
        Assert.Equal("People and companies who place orders.", customers.GetProperty("comment").GetString());
        Assert.Contains(customers.GetProperty("columns").EnumerateArray(), c => c.GetProperty("name").GetString() == "email");
    }

    [Fact]
    public async Task History_is_per_user_and_saved_queries_are_shared_in_the_workspace()
    {
        using var admin = await appliance.SignedInAsync(WorkspaceRole.Admin);
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        var marker = $"SELECT name AS marker_{Guid.NewGuid():N} FROM regions";
        await PostAsync(admin, "Run", ("sql", marker));

        Assert.Contains(marker, WebUtility.HtmlDecode(await admin.Client.GetStringAsync(Handler("History"))), StringComparison.Ordinal);
        Assert.DoesNotContain(marker, WebUtility.HtmlDecode(await viewer.Client.GetStringAsync(Handler("History"))), StringComparison.Ordinal);

        var saved = await PostAsync(admin, "Save", ("name", "Regions by name"), ("sql", marker));
        Assert.Contains("Saved \"Regions by name\".", saved, StringComparison.Ordinal);
        var list = WebUtility.HtmlDecode(await viewer.Client.GetStringAsync(Handler("Saved")));
        Assert.Contains("Regions by name", list, StringComparison.Ordinal);
        Assert.Contains(marker, list, StringComparison.Ordinal);

        var byViewer = await PostAsync(viewer, "Save", ("name", "Mine"), ("sql", "SELECT 1"));
        Assert.Contains("alert error", byViewer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Posts_without_the_antiforgery_token_are_rejected()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        using var request = new HttpRequestMessage(HttpMethod.Post, Handler("Run")) { Content = new FormUrlEncodedContent([new("sql", "SELECT 1")]) };
        request.Headers.Add("HX-Request", "true");

        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Only_the_query_page_allows_inline_styles_and_scripts_stay_self_everywhere()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var query = (await viewer.Client.GetAsync(Page)).Headers.GetValues("Content-Security-Policy").Single();
        var schema = (await viewer.Client.GetAsync($"/Schema?connection={appliance.DemoConnectionId}")).Headers.GetValues("Content-Security-Policy").Single();

        Assert.Contains("style-src 'self' 'unsafe-inline'", query, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", schema, StringComparison.Ordinal);
        Assert.All(new[] { query, schema }, csp => Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signed_out_visitors_get_the_sign_in_page()
    {
        using var anonymous = appliance.Factory.Browser();

        var response = await anonymous.Client.GetAsync(Handler("Completion"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/SignIn", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex("data-testid=\"row-count\">([0-9,]+) row")]
    private static partial Regex RowCount();

    [GeneratedRegex("href=\"(/Query/Index\\?[^\"]+handler=Download[^\"]+)\"")]
    private static partial Regex DownloadLink();

    [GeneratedRegex("<td class=\"num \\s*\">([0-9]+)</td>")]
    private static partial Regex Cell();
}
