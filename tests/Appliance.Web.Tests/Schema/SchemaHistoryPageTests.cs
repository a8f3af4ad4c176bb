using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Appliance.Core.Access;
using Appliance.Infrastructure.Metadata;
using Appliance.Infrastructure.Schema;
using Appliance.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Web.Tests.Schema;

public sealed partial class SchemaHistoryPageTests(HistoryAppliance appliance) : IClassFixture<HistoryAppliance>
{
    private string History => $"/Schema/History?connection={appliance.DemoConnectionId}";

    [Fact]
    public void Check_now_reports_the_new_version_with_its_summary()
    {
        Assert.Contains("New version: +1 table, +1 index.", WebUtility.HtmlDecode(appliance.CheckAnswer), StringComparison.Ordinal);
        Assert.DoesNotContain("<html", appliance.CheckAnswer, StringComparison.Ordinal);
        Assert.Equal(2, VersionCount(appliance.CheckAnswer));
    }

    [Fact]
    public async Task A_viewer_sees_the_timeline_newest_first_with_who_read_each_version_and_what_changed()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var html = await viewer.Client.GetStringAsync(History);
        var text = WebUtility.HtmlDecode(html);

        Assert.Equal(2, VersionCount(html));
        Assert.True(text.IndexOf("v2", StringComparison.Ordinal) < text.IndexOf("v1", StringComparison.Ordinal));
        Assert.Contains("+1 table, +1 index", text, StringComparison.Ordinal);
        Assert.Contains("First version", text, StringComparison.Ordinal);
        Assert.Matches("by</span>\\s*<span>editor</span>", html);              // the check now
        Assert.Matches("by</span>\\s*<span>owner</span>", html);               // opening the demo
        Assert.DoesNotContain("data-testid=\"check-now\"", html, StringComparison.Ordinal);   // Editors only
        HistoryAppliance.FirstDiffLink(html);
    }

    [Fact]
    public async Task The_diff_page_groups_changes_by_table_escapes_hostile_names_and_explains_why_sqlite_has_no_ddl()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        var (from, to) = HistoryAppliance.FirstDiffLink(await viewer.Client.GetStringAsync(History));

        var response = await viewer.Client.GetAsync($"/Schema/Diff?connection={appliance.DemoConnectionId}&from={from}&to={to}");
        var html = await response.Content.ReadAsStringAsync();
        var text = WebUtility.HtmlDecode(html);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Changes from v1 to v2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("main.&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains($"With 2 columns: id INTEGER, {HistoryAppliance.HostileColumn} TEXT", text, StringComparison.Ordinal);
        var groups = GroupPattern().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["added", "changed"], groups.Order(StringComparer.Ordinal));
        Assert.Contains("ix_payments_paid_at", text, StringComparison.Ordinal);
        Assert.Contains("No migration DDL for SQLite", text, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"ddl-tab\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Schema/Erd?connection={appliance.DemoConnectionId}&from={from}&to={to}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_diff_downloads_as_json_but_there_is_no_sql_for_sqlite()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        var (from, to) = HistoryAppliance.FirstDiffLink(await viewer.Client.GetStringAsync(History));
        var link = $"/Schema/Diff?connection={appliance.DemoConnectionId}&from={from}&to={to}";

        var json = await viewer.Client.GetAsync(link + "&handler=Json");
        var sql = await viewer.Client.GetAsync(link + "&handler=Sql");

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Demo-order-management-v1-v2.json", json.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var document = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        var changes = document.RootElement.GetProperty("changes").EnumerateArray().ToList();
        Assert.Contains(changes, c => c.GetProperty("object").GetString() == "table" && c.GetProperty("name").GetString() == HistoryAppliance.HostileTable);
        Assert.Contains(changes, c => c.GetProperty("object").GetString() == "index" && c.GetProperty("name").GetString() == "ix_payments_paid_at");
        Assert.Equal(HttpStatusCode.NotFound, sql.StatusCode);
    }

    [Fact]
    public async Task Unknown_versions_and_versions_of_another_connection_are_not_found()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        var (from, to) = HistoryAppliance.FirstDiffLink(await viewer.Client.GetStringAsync(History));

        var unknown = await viewer.Client.GetAsync($"/Schema/Diff?connection={appliance.DemoConnectionId}&from={Guid.NewGuid()}&to={to}");
        var otherConnection = await viewer.Client.GetAsync($"/Schema/Diff?connection={Guid.NewGuid()}&from={from}&to={to}");
        var history = await viewer.Client.GetAsync($"/Schema/History?connection={Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherConnection.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, history.StatusCode);
    }

    [Fact]
    public async Task A_viewer_can_neither_check_now_nor_change_the_schedule()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var check = await viewer.HtmxPostAsync($"/Schema/History?handler=Check&connection={appliance.DemoConnectionId}", History);
        var edit = await viewer.PostFormAsync($"/Connections/Edit?id={appliance.DemoConnectionId}", [new("DriftSchedule", "Hourly")], History);

        Assert.Equal(HttpStatusCode.Unauthorized, check.StatusCode);                       // htmx is sent to the access-denied page
        Assert.Contains("AccessDenied", check.Headers.GetValues("HX-Redirect").Single(), StringComparison.Ordinal);
        Assert.Contains("AccessDenied", edit.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(DriftSchedule.Off, (await DemoConnectionAsync()).DriftSchedule);
        Assert.Equal(2, VersionCount(await viewer.Client.GetStringAsync(History)));
    }

    [Fact]
    public async Task Posts_without_the_antiforgery_token_are_rejected()
    {
        using var editor = await appliance.SignedInAsync(WorkspaceRole.Editor);
        using var admin = await appliance.SignedInAsync(WorkspaceRole.Admin);

        var check = await editor.Client.PostAsync($"/Schema/History?handler=Check&connection={appliance.DemoConnectionId}", new FormUrlEncodedContent([]));
        var readAll = await editor.Client.PostAsync("/Notifications?handler=ReadAll", new FormUrlEncodedContent([]));
        var webhook = await admin.Client.PostAsync("/Connections/Edit?handler=TestWebhook", new FormUrlEncodedContent([new("WebhookUrl", "http://127.0.0.1:9/")]));

        Assert.Equal(HttpStatusCode.BadRequest, check.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, readAll.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, webhook.StatusCode);
    }

    [Fact]
    public async Task The_bell_counts_unread_notifications_per_user_and_marking_all_read_clears_only_ones_own()
    {
        using var admin = await appliance.SignedInAsync(WorkspaceRole.Admin);
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var before = await Bell(admin);
        var list = WebUtility.HtmlDecode(await admin.Client.GetStringAsync("/Notifications"));
        var read = await admin.PostFormAsync("/Notifications?handler=ReadAll", [], "/Notifications");
        var after = await Bell(admin);

        Assert.Equal("1", before);
        Assert.Contains("The schema of 'Demo: order management' changed", list, StringComparison.Ordinal);
        Assert.Contains("+1 table, +1 index", list, StringComparison.Ordinal);
        Assert.Matches($"href=\"/Schema/Diff\\?connection={appliance.DemoConnectionId}&from=[0-9a-f-]{{36}}&to=[0-9a-f-]{{36}}\"", list);
        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        Assert.Null(after);
        Assert.Equal("1", await Bell(viewer));
        Assert.Contains("hx-get=\"/Notifications?handler=Bell\"", await viewer.Client.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_sets_the_schedule_and_webhook_and_a_bad_url_is_refused_with_a_reason()
    {
        using var admin = await appliance.SignedInAsync(WorkspaceRole.Admin);
        var connection = await DemoConnectionAsync();
        (string, string)[] Fields(string schedule, string webhook) =>
        [
            ("Name", connection.Name), ("Engine", "Sqlite"), ("Mode", "fields"), ("DatabaseName", appliance.DemoFile), ("IsReadOnly", "true"),
            ("DriftSchedule", schedule), ("WebhookUrl", webhook),
        ];

        var refused = await admin.PostFormAsync($"/Connections/Edit?id={connection.Id}", Fields("Daily", "ftp://chat.example.internal/hook"));
        var refusedHtml = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        var unchanged = await DemoConnectionAsync();
        var saved = await admin.PostFormAsync($"/Connections/Edit?id={connection.Id}", Fields("Daily", "https://chat.example.internal/hooks/schema"));
        var stored = await DemoConnectionAsync();
        var form = WebUtility.HtmlDecode(await admin.Client.GetStringAsync($"/Connections/Edit?id={connection.Id}"));
        var reset = await admin.PostFormAsync($"/Connections/Edit?id={connection.Id}", Fields("Off", ""));   // back to how the other tests expect it

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Give the webhook as an http:// or https:// address", refusedHtml, StringComparison.Ordinal);
        Assert.Equal((DriftSchedule.Off, null), (unchanged.DriftSchedule, unchanged.WebhookUrl));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal((DriftSchedule.Daily, "https://chat.example.internal/hooks/schema"), (stored.DriftSchedule, stored.WebhookUrl));
        Assert.Contains("<option value=\"Daily\" selected=\"selected\">", form, StringComparison.Ordinal);
        Assert.Contains("value=\"https://chat.example.internal/hooks/schema\"", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
    }

    [Fact]
    public async Task Send_test_message_posts_to_the_webhook_and_shows_the_answer()
    {
        using var admin = await appliance.SignedInAsync(WorkspaceRole.Admin);
        using var receiver = new WebhookReceiver(HttpStatusCode.Accepted);
        var down = $"http://127.0.0.1:{WebhookReceiver.FreeLoopbackPort()}/hook";

        var delivered = await admin.HtmxPostAsync("/Connections/Edit?handler=TestWebhook", "/Connections/Edit", ("Name", "Demo: order management"),
            ("WebhookUrl", $"http://hook:pass-in-url@127.0.0.1:{receiver.Port}/services/T0/secret-in-path"));
        var failed = await admin.HtmxPostAsync("/Connections/Edit?handler=TestWebhook", "/Connections/Edit", ("Name", "Demo: order management"), ("WebhookUrl", down));
        var invalid = await admin.HtmxPostAsync("/Connections/Edit?handler=TestWebhook", "/Connections/Edit", ("WebhookUrl", "javascript:alert(1)"));

        Assert.Contains("Delivered: the webhook answered HTTP 202", await delivered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(Assert.Single(receiver.Received).Body);
        Assert.Equal("webhook.test", json.RootElement.GetProperty("event").GetString());
        Assert.Equal("Team", json.RootElement.GetProperty("workspace").GetProperty("name").GetString());
        Assert.Contains("Not delivered: cannot connect to 127.0.0.1", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Give the webhook as an http:// or https:// address", WebUtility.HtmlDecode(await invalid.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.DoesNotContain(appliance.Factory.Logs, line => line.Contains("secret-in-path", StringComparison.Ordinal) || line.Contains("pass-in-url", StringComparison.Ordinal));
        var audit = WebUtility.HtmlDecode(await admin.Client.GetStringAsync("/Admin/Audit"));
        Assert.Contains($"http://127.0.0.1:{receiver.Port}/…: HTTP 202 after 1 try", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-in-path", audit, StringComparison.Ordinal);
    }

    private async Task<Infrastructure.Connections.DatabaseConnection> DemoConnectionAsync()
    {
        await using var scope = appliance.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MetadataDbContext>().Connections.AsNoTracking().SingleAsync(c => c.Id == appliance.DemoConnectionId);
    }

    /// <summary>The bell's unread count as the layout loads it, or null when it shows none.</summary>
    private static async Task<string?> Bell(TestBrowser browser)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Notifications?handler=Bell");
        request.Headers.Add("HX-Request", "true");
        var html = await (await browser.Client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"bell\"", html, StringComparison.Ordinal);
        var match = BellCountPattern().Match(html);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static int VersionCount(string html) => Regex.Count(html, "data-testid=\"version\"");

    [GeneratedRegex("<article class=\"diff-group (\\w+)\"")]
    private static partial Regex GroupPattern();

    [GeneratedRegex("data-testid=\"bell-count\">([^<]+)<")]
    private static partial Regex BellCountPattern();
}
