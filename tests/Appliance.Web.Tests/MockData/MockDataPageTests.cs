using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Appliance.Core.Access;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Demo;
using Microsoft.Data.Sqlite;

namespace Appliance.Web.Tests.MockData;

/// <summary>The mock data page's handlers as the browser and htmx call them, on the demo database, per role.</summary>
public sealed partial class MockDataPageTests(SetUpAppliance appliance) : IClassFixture<SetUpAppliance>
{
    private string Page => $"/MockData?connection={appliance.DemoConnectionId}";

    private string Handler(string name) => $"/MockData/Index?connection={appliance.DemoConnectionId}&handler={name}";

    private async Task<string> HtmxAsync(TestBrowser browser, string handler, params (string Key, string Value)[] fields)
    {
        var response = await browser.HtmxPostAsync(Handler(handler), Page, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_page_and_its_handlers_need_a_signed_in_user()
    {
        using var anonymous = appliance.Factory.Browser();

        var page = await anonymous.Client.GetAsync(Page);
        var status = await anonymous.Client.GetAsync(Handler("DownloadStatus") + $"&id={Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/SignIn", page.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, status.StatusCode);
    }

    [Fact]
    public async Task A_viewer_sees_every_table_chosen_and_the_first_one_in_load_order_with_its_preview()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var html = WebUtility.HtmlDecode(await viewer.Client.GetStringAsync(Page));

        Assert.Equal(18, TableCheckboxes().Matches(html).Count);
        Assert.Equal(18, TableCheckboxes().Matches(html).Count(m => m.Value.Contains("checked", StringComparison.Ordinal)));
        // The summary adds up the tables' planned rows (100 each, order_lines 1–5 per order).
        var planned = Regex.Matches(html, "data-testid=\"planned-rows\">([0-9,]+) rows").Select(m => long.Parse(m.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(18, planned.Count);
        Assert.Equal(17, planned.Count(p => p == 100));
        var total = Regex.Match(html, "data-testid=\"total-rows\">([0-9,]+)<").Groups[1].Value;
        Assert.Equal(planned.Sum().ToString("N0", System.Globalization.CultureInfo.InvariantCulture), total);
        Assert.Equal(20, PreviewRows(html));
        // Viewers preview and download; loading is offered to Editors only.
        Assert.Contains("data-testid=\"download\"", html, StringComparison.Ordinal);
        Assert.Contains("Loading into a connection is for Editors", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"target\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choosing_a_child_adds_its_parents_and_the_htmx_plan_answers_the_partial_with_a_20_row_preview()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var html = await HtmxAsync(viewer, "Plan", ("t", "main.order_lines"), ("defaultRows", "30"), ("show", "main.orders"));

        Assert.DoesNotContain("<html", html, StringComparison.Ordinal);
        Assert.Contains("data-table=\"main.orders\"", html, StringComparison.Ordinal);
        Assert.Equal(20, PreviewRows(html));
        Assert.Contains("added: needed by order_lines.order_id", html, StringComparison.Ordinal);
        Assert.Contains("added: needed by orders.customer_id", html, StringComparison.Ordinal);
        // The out-of-band parts: the summary and the status of every table in the list.
        Assert.Contains("id=\"mock-summary\" hx-swap-oob=\"true\"", html, StringComparison.Ordinal);
        Assert.Equal(18, Regex.Matches(html, "class=\"mock-status\" id=\"st-[0-9]+\" hx-swap-oob=\"true\"").Count);
        Assert.Contains("not filled", html, StringComparison.Ordinal);   // e.g. regions
    }

    [Fact]
    public async Task A_row_count_change_replans_and_keeps_the_column_overrides_of_the_form()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        var overrides = """[{"table":"main.orders","column":"status","values":[{"value":"paid","weight":3},{"value":"shipped"}]}]""";

        var html = await HtmxAsync(viewer, "Plan",
            ("t", "main.orders"), ("rows:main.orders", "7"), ("focus", "main.orders"), ("overrides", overrides));

        Assert.Equal(7, PreviewRows(html));
        Assert.Contains("<span class=\"kind\" data-testid=\"focus-rows\">7 rows</span>", html, StringComparison.Ordinal);
        using var kept = JsonDocument.Parse(HiddenValue(html, "overrides"));
        Assert.Equal("status", kept.RootElement[0].GetProperty("column").GetString());
        var statuses = PreviewColumn(html, "status");
        Assert.Equal(7, statuses.Count);
        Assert.All(statuses, s => Assert.Contains(s, new[] { "paid", "shipped" }));
    }

    [Fact]
    public async Task The_override_editor_sets_and_removes_a_columns_override()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var opened = await HtmxAsync(viewer, "Plan", ("t", "main.payments"), ("focus", "main.payments"), ("edit", "method"));
        Assert.Contains("data-testid=\"override-editor\"", opened, StringComparison.Ordinal);

        var set = await HtmxAsync(viewer, "Plan", ("t", "main.payments"), ("focus", "main.payments"), ("editing", "method"),
            ("ov.table", "main.payments"), ("ov.column", "method"), ("ov.values", "card | 9\nvoucher"));
        using (var json = JsonDocument.Parse(HiddenValue(set, "overrides")))
        {
            var values = json.RootElement[0].GetProperty("values");
            Assert.Equal("card", values[0].GetProperty("value").GetString());
            Assert.Equal(9, values[0].GetProperty("weight").GetDouble());
            Assert.Equal("voucher", values[1].GetProperty("value").GetString());
        }

        Assert.All(PreviewColumn(set, "method"), m => Assert.Contains(m, new[] { "card", "voucher" }));
        Assert.Contains("chosen values: card, voucher", set, StringComparison.Ordinal);

        var removed = await HtmxAsync(viewer, "Plan", ("t", "main.payments"), ("focus", "main.payments"), ("editing", "method"),
            ("overrides", HiddenValue(set, "overrides")), ("ov.table", "main.payments"), ("ov.column", "method"), ("ov.values", "card"), ("ov.reset", "true"));
        Assert.Equal("[]", HiddenValue(removed, "overrides"));
    }

    [Fact]
    public async Task Child_counts_per_parent_set_the_rows_of_the_child()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        var focused = await HtmxAsync(viewer, "Plan", ("t", "main.payments"), ("rows:main.orders", "10"), ("focus", "main.payments"));
        var option = Regex.Match(focused, "<option value=\"([0-9]+)\"[^>]*>a number per orders row \\(order_id\\)</option>");
        Assert.True(option.Success, focused);

        var html = await HtmxAsync(viewer, "Plan", ("t", "main.payments"), ("rows:main.orders", "10"), ("focus", "main.payments"),
            ("nest.table", "main.payments"), ("nest.fk", option.Groups[1].Value), ("nest.min", "3"), ("nest.max", "3"));

        Assert.Contains("<span class=\"kind\" data-testid=\"focus-rows\">30 rows</span>", html, StringComparison.Ordinal);
        Assert.Contains("3–3 per orders", html, StringComparison.Ordinal);
        using var rules = JsonDocument.Parse(HiddenValue(html, "childCounts"));
        Assert.Equal("order_id", rules.RootElement[0].GetProperty("columns")[0].GetString());
        Assert.Equal(20, PreviewRows(html));
    }

    [Fact]
    public async Task Choosing_a_parent_for_the_child_counts_starts_at_one_to_five_per_parent()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        var focused = await HtmxAsync(viewer, "Plan", ("t", "main.payments"), ("focus", "main.payments"));
        var option = Regex.Match(focused, "<option value=\"([0-9]+)\"[^>]*>a number per orders row \\(order_id\\)</option>");

        var html = await HtmxAsync(viewer, "Plan", ("t", "main.payments"), ("focus", "main.payments"), ("nest.table", "main.payments"), ("nest.fk", option.Groups[1].Value));

        Assert.Contains("name=\"nest.min\" id=\"nest-min\" min=\"0\" max=\"1000000\" value=\"1\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"nest.max\" id=\"nest-max\" min=\"0\" max=\"1000000\" value=\"5\"", html, StringComparison.Ordinal);
        Assert.Contains("1–5 per orders", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"plan-blocked\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_with_thousands_of_tables_fits_in_one_form_post()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        var fields = Enumerable.Range(0, 3000).Select(i => ($"rows:main.t{i}", "")).Prepend(("t", "main.regions")).ToArray();

        var html = await HtmxAsync(viewer, "Plan", fields);

        Assert.Contains("<strong data-testid=\"total-rows\">100</strong>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("main.orders", "total_amount", "ov.min", "a lot")]
    [InlineData("main.orders", "total_amount", "ov.max", "-5")]
    [InlineData("main.orders", "total_amount", "ov.generator", "email")]
    [InlineData("main.orders", "order_id", "ov.generator", "no_such_generator")]
    [InlineData("main.orders", "status", "ov.pattern", "\\")]
    [InlineData("main.orders", "status", "ov.pattern", "##########################################")]
    [InlineData("main.orders", "ordered_at", "ov.min", "2030-01-01")]
    [InlineData("main.orders", "status", "ov.values", "| 3\n|\n| -1")]
    [InlineData("main.orders", "status", "ov.nullRate", "150")]
    public async Task Odd_override_input_answers_with_a_message_never_an_error_page(string table, string column, string field, string value)
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var response = await viewer.HtmxPostAsync(Handler("Plan"), Page, ("t", table), ("focus", table), ("editing", column), ("ov.table", table), ("ov.column", column), (field, value));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"override-editor\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        Assert.True(PreviewGrid().IsMatch(html) || html.Contains("data-blocked=\"true\"", StringComparison.Ordinal) || html.Contains("data-testid=\"preview-problem\"", StringComparison.Ordinal), html);
    }

    [Fact]
    public async Task Plan_errors_are_shown_with_their_table_and_block_the_download()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        var overrides = """[{"table":"main.payments","column":"method","generator":"null"}]""";
        (string, string)[] fields = [("t", "main.payments"), ("focus", "main.payments"), ("overrides", overrides)];

        var html = await HtmxAsync(viewer, "Plan", fields);

        Assert.Contains("data-blocked=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("payments.method is NOT NULL, so it cannot be set to NULL.", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"preview-problem\"", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge error\">1 error</span>", html, StringComparison.Ordinal);

        var id = Guid.NewGuid();
        var download = await viewer.PostFormAsync(Handler("Download"), fields.Append(("downloadId", id.ToString())).Append(("format", "csv"))
            .Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)), Page);
        Assert.Equal(HttpStatusCode.NoContent, download.StatusCode);
        var status = WebUtility.HtmlDecode(await viewer.Client.GetStringAsync(Handler("DownloadStatus") + $"&id={id}"));
        Assert.Contains("data-state=\"failed\"", status, StringComparison.Ordinal);
        Assert.Contains("payments.method is NOT NULL", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_downloads_a_CSV_zip_with_one_parsable_file_per_table_and_the_requested_counts()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        var id = Guid.NewGuid();

        var response = await viewer.PostFormAsync(Handler("Download"), Fields(
            ("t", "main.orders"), ("t", "main.regions"), ("defaultRows", "40"), ("rows:main.orders", "25"), ("rows:main.regions", "3"),
            ("format", "csv"), ("downloadId", id.ToString())), Page);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("demo-order-management-mock-seed1-csv.zip", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        var files = zip.Entries.ToDictionary(e => e.FullName, e => ParseCsv(new StreamReader(e.Open(), Encoding.UTF8).ReadToEnd()));
        // orders brings its NOT NULL parent customers (nullable references stay NULL); regions is chosen on its own.
        Assert.Equal(new[] { "main.customers.csv", "main.orders.csv", "main.regions.csv" }, files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(25, files["main.orders.csv"].Count - 1);
        Assert.Equal(3, files["main.regions.csv"].Count - 1);
        Assert.Equal(40, files["main.customers.csv"].Count - 1);
        Assert.Equal(["order_id", "customer_id", "sales_rep_id", "billing_address_id", "shipping_address_id", "status", "ordered_at", "total_amount"], files["main.orders.csv"][0]);
        Assert.All(files.Values, rows => Assert.All(rows, r => Assert.Equal(rows[0].Count, r.Count)));
        // Every order's customer is one of the customers in the zip.
        var customers = files["main.customers.csv"].Skip(1).Select(r => r[0]).ToHashSet();
        Assert.All(files["main.orders.csv"].Skip(1), r => Assert.Contains(r[1], customers));
        Assert.All(files["main.orders.csv"].Skip(1), r => Assert.Contains(r[5], new[] { "pending", "paid", "shipped", "delivered", "cancelled" }));

        var status = WebUtility.HtmlDecode(await viewer.Client.GetStringAsync(Handler("DownloadStatus") + $"&id={id}"));
        Assert.Contains("data-state=\"done\"", status, StringComparison.Ordinal);
        Assert.Contains("68 rows in 3 tables", status, StringComparison.Ordinal);

        using var owner = await appliance.SignedInAsync(WorkspaceRole.Owner);
        var audit = WebUtility.HtmlDecode(await owner.Client.GetStringAsync("/Admin/Audit"));
        Assert.Contains("csv, 68 rows in 3 tables, seed 1", audit, StringComparison.Ordinal);

        // Another user cannot follow someone else's download.
        using var editor = await appliance.SignedInAsync(WorkspaceRole.Editor);
        var other = WebUtility.HtmlDecode(await editor.Client.GetStringAsync(Handler("DownloadStatus") + $"&id={id}"));
        Assert.DoesNotContain("68 rows", other, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_settings_download_the_same_bytes_and_JSON_and_NDJSON_hold_the_rows()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        async Task<byte[]> DownloadAsync(string format, string seed) =>
            await (await viewer.PostFormAsync(Handler("Download"), Fields(("t", "main.regions"), ("defaultRows", "12"), ("seed", seed), ("format", format)), Page))
                .Content.ReadAsByteArrayAsync();

        var first = await DownloadAsync("ndjson", "7");
        var again = await DownloadAsync("ndjson", "7");
        var json = await DownloadAsync("json", "7");

        Assert.Equal(first, again);
        using var ndjsonZip = new ZipArchive(new MemoryStream(first));
        var lines = new StreamReader(ndjsonZip.GetEntry("main.regions.ndjson")!.Open()).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(12, lines.Length);
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
        using var jsonZip = new ZipArchive(new MemoryStream(json));
        using var array = JsonDocument.Parse(jsonZip.GetEntry("main.regions.json")!.Open());
        Assert.Equal(12, array.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_SQL_download_is_one_script_in_the_chosen_dialect_that_parses()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var response = await viewer.PostFormAsync(Handler("Download"), Fields(
            ("t", "main.orders"), ("defaultRows", "5"), ("format", "sql"), ("dialect", "Postgres")), Page);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("-postgres.sql", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var script = await response.Content.ReadAsStringAsync();
        var parsed = SqlParser.Parse(script, SqlDialect.Postgres);
        Assert.Null(parsed.Error);
        Assert.Contains("INSERT INTO \"main\".\"orders\"", script, StringComparison.Ordinal);
        Assert.Contains(parsed.Statements, s => s.Text.StartsWith("INSERT INTO \"main\".\"customers\"", StringComparison.Ordinal));
        // Parents are inserted before their children.
        Assert.True(script.IndexOf("INSERT INTO \"main\".\"customers\"", StringComparison.Ordinal) < script.IndexOf("INSERT INTO \"main\".\"orders\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_script_the_form_posts_render_the_whole_page_with_the_posted_state()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var response = await viewer.PostFormAsync(Handler("Plan"), Fields(("t", "main.regions"), ("rows:main.regions", "4"), ("show", "main.regions"), ("seed", "99")), Page);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html", html, StringComparison.Ordinal);
        Assert.Equal(4, PreviewRows(html));
        Assert.Contains("name=\"seed\" min=\"0\" step=\"1\" value=\"99\"", html, StringComparison.Ordinal);
        Assert.Single(TableCheckboxes().Matches(html), m => m.Value.Contains("checked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_viewer_cannot_load()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        (string, string)[] fields = [("t", "main.regions"), ("target", appliance.DemoConnectionId.ToString())];

        var confirm = await HtmxAsync(viewer, "LoadConfirm", fields);
        var start = await HtmxAsync(viewer, "LoadStart", fields);

        Assert.Contains("Loading is for Editors", confirm, StringComparison.Ordinal);
        Assert.Contains("you are a Viewer", confirm, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"load-problem\"", start, StringComparison.Ordinal);
        Assert.Contains("is for Editors", start, StringComparison.Ordinal);
        Assert.Contains("Viewer", start, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"load-status\"", start, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_load_into_the_read_only_demo_is_refused_and_the_demo_is_offered_disabled()
    {
        using var editor = await appliance.SignedInAsync(WorkspaceRole.Editor);
        (string, string)[] fields = [("t", "main.regions"), ("target", appliance.DemoConnectionId.ToString())];

        var page = WebUtility.HtmlDecode(await editor.Client.GetStringAsync(Page));
        var confirm = await HtmxAsync(editor, "LoadConfirm", fields);
        var start = await HtmxAsync(editor, "LoadStart", fields);

        Assert.Matches($"<option value=\"{appliance.DemoConnectionId}\" disabled>[^<]*read-only: mark it as a writable sandbox in Connections</option>", page);
        Assert.Contains("data-testid=\"load-problem\"", confirm, StringComparison.Ordinal);
        Assert.Contains("read-only", confirm, StringComparison.Ordinal);
        Assert.Contains("writable sandbox", confirm, StringComparison.Ordinal);
        Assert.Contains("read-only", start, StringComparison.Ordinal);
        Assert.Contains("writable sandbox", start, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"load-status\"", start, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editor_loads_into_a_writable_SQLite_sandbox_after_confirming_and_the_rows_are_there()
    {
        var (sandboxId, file) = await CreateSandboxAsync("sandbox-ok");
        using var editor = await appliance.SignedInAsync(WorkspaceRole.Editor);
        (string, string)[] fields = [("t", "main.orders"), ("defaultRows", "20"), ("rows:main.orders", "30"), ("target", sandboxId)];

        var page = WebUtility.HtmlDecode(await editor.Client.GetStringAsync(Page));
        Assert.Matches($"<option value=\"{sandboxId}\">sandbox-ok \\(SQLite\\)</option>", page);
        var confirm = await HtmxAsync(editor, "LoadConfirm", fields);
        Assert.Contains("This inserts <strong>50</strong> rows into <strong>sandbox-ok</strong> (SQLite) in one transaction", confirm, StringComparison.Ordinal);
        Assert.Equal(0, Count(file, "orders"));

        var started = await HtmxAsync(editor, "LoadStart", [.. fields, ("confirmedTarget", sandboxId), ("confirmedRows", "50")]);
        var status = await FinishedLoadAsync(editor, started);

        Assert.Contains("data-state=\"succeeded\"", status, StringComparison.Ordinal);
        Assert.Contains("Loaded <strong>50</strong> rows into <strong>sandbox-ok</strong> in 2 tables", status, StringComparison.Ordinal);
        Assert.Equal(30, Count(file, "orders"));
        Assert.Equal(20, Count(file, "customers"));
        Assert.Equal(0, Count(file, "orders WHERE customer_id NOT IN (SELECT customer_id FROM customers)"));
        Assert.Equal(0, Count(file, "orders WHERE status NOT IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled')"));

        using var owner = await appliance.SignedInAsync(WorkspaceRole.Owner);
        var audit = WebUtility.HtmlDecode(await owner.Client.GetStringAsync("/Admin/Audit"));
        Assert.Contains("mockdata.load", audit, StringComparison.Ordinal);
        Assert.Contains("sandbox-ok", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_count_after_the_confirmation_asks_again_instead_of_loading()
    {
        var (sandboxId, file) = await CreateSandboxAsync("sandbox-recheck");
        using var editor = await appliance.SignedInAsync(WorkspaceRole.Editor);

        var again = await HtmxAsync(editor, "LoadStart",
            ("t", "main.regions"), ("defaultRows", "9"), ("target", sandboxId), ("confirmedTarget", sandboxId), ("confirmedRows", "5"));

        Assert.Contains("data-testid=\"load-confirm\"", again, StringComparison.Ordinal);
        Assert.Contains("This inserts <strong>9</strong> rows", again, StringComparison.Ordinal);
        Assert.Equal(0, Count(file, "regions"));
    }

    [Fact]
    public async Task Cancel_stops_a_load_and_leaves_the_sandbox_unchanged()
    {
        var (sandboxId, file) = await CreateSandboxAsync("sandbox-cancel");
        using var editor = await appliance.SignedInAsync(WorkspaceRole.Editor);
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var started = await HtmxAsync(editor, "LoadStart", ("t", "main.order_lines"), ("defaultRows", "1000000"), ("target", sandboxId));
        var job = JobId(started);
        // Only the user who started the load sees or stops it.
        Assert.Contains("Only the user who started a load can cancel it.", await HtmxAsync(viewer, "LoadCancel", ("job", job)), StringComparison.Ordinal);
        Assert.Contains("no longer known", WebUtility.HtmlDecode(await viewer.Client.GetStringAsync(Handler("LoadStatus") + $"&job={job}")), StringComparison.Ordinal);

        var cancelling = await HtmxAsync(editor, "LoadCancel", ("job", job));
        Assert.Matches("Cancelling: rolling back|data-state=\"cancelled\"", cancelling);
        var status = await FinishedLoadAsync(editor, cancelling);

        Assert.Contains("data-state=\"cancelled\"", status, StringComparison.Ordinal);
        Assert.Contains("rolled back", status, StringComparison.Ordinal);
        Assert.Equal(0, Count(file, "customers"));
        Assert.Equal(0, Count(file, "orders"));
        Assert.Equal(0, Count(file, "order_lines"));
    }

    /// <summary>An empty copy of the demo's schema in the appliance's SQLite directory, added by an Admin as a writable connection.</summary>
    private async Task<(string Id, string File)> CreateSandboxAsync(string name)
    {
        var file = Path.Combine(Directory.CreateDirectory(Path.Combine(appliance.Factory.DataDirectory, "sqlite")).FullName, name + ".db");
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = DemoDatabase.Script();
            await command.ExecuteNonQueryAsync();
        }

        using var admin = await appliance.SignedInAsync(WorkspaceRole.Admin);
        var saved = await admin.PostFormAsync("/Connections/Edit", ("Name", name), ("Engine", "Sqlite"), ("DatabaseName", file), ("IsReadOnly", "false"));
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        var list = await admin.Client.GetStringAsync("/Connections");
        var id = Regex.Match(list, $"/Schema\\?connection=([0-9a-f-]{{36}})\">{name}<").Groups[1].Value;
        Assert.NotEmpty(id);
        return (id, file);
    }

    private static long Count(string file, string from)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {from}";
        return (long)command.ExecuteScalar()!;
    }

    private static string JobId(string status)
    {
        var match = Regex.Match(status, "data-testid=\"load-status\" data-job=\"([0-9a-f-]{36})\"");
        Assert.True(match.Success, status);
        return match.Groups[1].Value;
    }

    /// <summary>Follows a load's status partial the way the page polls it, until the load has ended.</summary>
    private async Task<string> FinishedLoadAsync(TestBrowser browser, string status)
    {
        var job = JobId(status);
        for (var i = 0; i < 600 && status.Contains("data-state=\"running\"", StringComparison.Ordinal); i++)
        {
            Assert.Contains("hx-trigger=\"every 600ms\"", status, StringComparison.Ordinal);
            await Task.Delay(100);
            status = WebUtility.HtmlDecode(await browser.Client.GetStringAsync(Handler("LoadStatus") + $"&job={job}"));
        }

        Assert.DoesNotContain("data-state=\"running\"", status, StringComparison.Ordinal);
        Assert.DoesNotContain("hx-trigger", status, StringComparison.Ordinal);
        return status;
    }

    [Fact]
    public async Task Posts_without_the_antiforgery_token_are_rejected()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        using var plan = new HttpRequestMessage(HttpMethod.Post, Handler("Plan")) { Content = new FormUrlEncodedContent([new("t", "main.regions")]) };
        plan.Headers.Add("HX-Request", "true");
        using var download = new HttpRequestMessage(HttpMethod.Post, Handler("Download")) { Content = new FormUrlEncodedContent([new("t", "main.regions")]) };

        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.Client.SendAsync(plan)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.Client.SendAsync(download)).StatusCode);
    }

    [Fact]
    public async Task The_home_page_links_every_connection_to_its_mock_data()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var home = await viewer.Client.GetStringAsync("/");

        Assert.Contains($"href=\"/MockData?connection={appliance.DemoConnectionId}\" data-testid=\"mock-link\"", home, StringComparison.Ordinal);
    }

    private static IEnumerable<KeyValuePair<string, string>> Fields(params (string Key, string Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value));

    private static int PreviewRows(string html)
    {
        var grid = PreviewGrid().Match(html);
        Assert.True(grid.Success, html);
        return Regex.Matches(grid.Groups[1].Value, "<tr>").Count;
    }

    /// <summary>The cells of one column of the preview grid, as shown.</summary>
    private static List<string> PreviewColumn(string html, string column)
    {
        var grid = PreviewGrid().Match(html).Value;
        var headers = Regex.Matches(grid, "<th[^>]*>([^<]*?)\\s*<span class=\"type\">").Select(m => m.Groups[1].Value.Trim()).ToList();
        var index = headers.IndexOf(column) + 1; // after the row number
        Assert.True(index > 0, $"No column {column} in {string.Join(", ", headers)}");
        return Regex.Matches(PreviewGrid().Match(html).Groups[1].Value, "<tr>(.*?)</tr>", RegexOptions.Singleline)
            .Select(r => Regex.Matches(r.Groups[1].Value, "<td[^>]*>(.*?)</td>", RegexOptions.Singleline)[index].Groups[1].Value)
            .ToList();
    }

    private static string HiddenValue(string html, string name)
    {
        // The page is HTML-decoded here, so the JSON's quotes are plain: the value ends where the tag does.
        var match = Regex.Match(html, $"<input type=\"hidden\" name=\"{name}\" value=\"(.*?)\"(?: data-testid=\"[^\"]*\")? />");
        Assert.True(match.Success, $"No hidden {name}");
        return match.Groups[1].Value;
    }

    /// <summary>RFC 4180: fields separated by commas, quoted when needed with doubled quotes, records ended by CRLF.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                Assert.Equal(0, field.Length);
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                Assert.NotEqual('\n', c);
                field.Append(c);
            }
        }

        Assert.False(quoted, "An unterminated quoted field");
        Assert.Empty(row);
        Assert.Equal(0, field.Length);
        return rows;
    }

    [GeneratedRegex("<input type=\"checkbox\" name=\"t\" value=\"[^\"]+\"[^>]*>")]
    private static partial Regex TableCheckboxes();

    [GeneratedRegex("data-testid=\"preview-grid\">.*?<tbody>(.*?)</tbody>", RegexOptions.Singleline)]
    private static partial Regex PreviewGrid();
}
