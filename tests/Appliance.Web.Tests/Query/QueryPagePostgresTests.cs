using System.Net;
using Appliance.Core.Access;
using Appliance.Tests;
using Appliance.Web.Tests.Connections;
using Npgsql;

namespace Appliance.Web.Tests.Query;

/// <summary>The query page against a real PostgreSQL: write mode with confirmation and audit, optimize with HypoPG and the plan picture, cancel.</summary>
public sealed class QueryPagePostgresTests(SetUpAppliance appliance) : IClassFixture<SetUpAppliance>
{
    private static async Task<string> PostAsync(TestBrowser browser, string connectionId, string handler, params (string Key, string Value)[] fields)
    {
        var response = await browser.HtmxPostAsync($"/Query/Index?connection={connectionId}&handler={handler}", $"/Query?connection={connectionId}", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private async Task<(TemporaryDatabase Database, string ConnectionId)> WritableConnectionAsync()
    {
        var database = await TestServers.CreatePostgresDatabaseAsync("qweb");
        await TestServers.ExecutePostgresAsync(database.ConnectionString, """
            CREATE TABLE ticket (id integer PRIMARY KEY, owner_id integer NOT NULL, state text NOT NULL, opened_at timestamptz NOT NULL);
            INSERT INTO ticket SELECT g, g % 2000, CASE WHEN g % 10 = 0 THEN 'open' ELSE 'closed' END, timestamptz '2024-01-01' + g * interval '1 minute'
            FROM generate_series(1, 100000) g;
            ANALYZE ticket;
            """);
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        using var admin = await appliance.SignedInAsync(WorkspaceRole.Admin);
        var (id, _, _) = await ConnectionSteps.SaveAndReadSchemaAsync(admin,
            ConnectionSteps.ServerFields($"pg sandbox {Guid.NewGuid():N}"[..20], "Postgres", target.Host!, target.Port, target.Database!, target.Username!, target.Password!, readOnly: false));
        return (database, id);
    }

    [Fact]
    public async Task An_editor_confirms_a_write_on_a_writable_connection_and_it_is_committed_and_audited()
    {
        var (database, id) = await WritableConnectionAsync();
        await using var _ = database;
        using var editor = await appliance.SignedInAsync(WorkspaceRole.Editor);
        const string update = "UPDATE ticket SET state = 'archived' WHERE id <= 5";

        var confirm = await PostAsync(editor, id, "Run", ("sql", update), ("write", "true"));
        Assert.Contains("data-testid=\"write-confirm\"", confirm, StringComparison.Ordinal);
        Assert.Contains("Run this UPDATE on", confirm, StringComparison.Ordinal);
        Assert.Contains(update, confirm, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync(database, "SELECT count(*) FROM ticket WHERE state = 'archived'"));   // nothing ran yet

        var done = await PostAsync(editor, id, "Run", ("sql", update), ("write", "true"), ("confirmed", "true"));

        Assert.Contains("UPDATE committed", done, StringComparison.Ordinal);
        Assert.Contains("5 rows affected", done, StringComparison.Ordinal);
        Assert.Equal(5L, await CountAsync(database, "SELECT count(*) FROM ticket WHERE state = 'archived'"));
        using var owner = await appliance.SignedInAsync(WorkspaceRole.Owner);
        var audit = WebUtility.HtmlDecode(await owner.Client.GetStringAsync("/Admin/Audit"));
        Assert.Contains("query.write", audit, StringComparison.Ordinal);

        // In read mode the same statement never reaches the database as a write.
        var refused = await PostAsync(editor, id, "Run", ("sql", "UPDATE ticket SET state = 'x'"));
        Assert.Contains("Refused by the read-only policy", refused, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync(database, "SELECT count(*) FROM ticket WHERE state = 'x'"));
    }

    [Fact]
    public async Task Optimize_shows_the_plan_picture_and_index_advice_checked_with_HypoPG()
    {
        var (database, id) = await WritableConnectionAsync();
        await using var _ = database;
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var html = await PostAsync(viewer, id, "Optimize", ("sql", "SELECT id, opened_at FROM ticket WHERE owner_id = 7 AND state = 'open'"));

        Assert.Contains("data-testid=\"create-index\"", html, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"hypopg-costs\"", html, StringComparison.Ordinal);
        Assert.Contains("The planner uses this index", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("Seq Scan", html, StringComparison.Ordinal);
        Assert.Equal(1L, await CountAsync(database, "SELECT count(*) FROM pg_indexes WHERE tablename = 'ticket'"));     // only the primary key
    }

    private static async Task<long> CountAsync(TemporaryDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
