using System.Net;
using System.Text.RegularExpressions;
using Appliance.Core.Access;
using Appliance.Tests;
using Appliance.Web.Tests.Connections;
using Npgsql;

namespace Appliance.Web.Tests.Schema;

/// <summary>History and diff of a real PostgreSQL database, whose diff has a migration DDL tab and a .sql download.</summary>
public sealed class SchemaDiffPostgresTests(SetUpAppliance appliance) : IClassFixture<SetUpAppliance>
{
    [Fact]
    public async Task A_changed_postgres_schema_has_a_diff_with_its_migration_ddl_and_sql_download()
    {
        await using var database = await TestServers.CreatePostgresDatabaseAsync("diffpage");
        await TestServers.ExecutePostgresAsync(database.ConnectionString, """
            CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);
            CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id), total numeric(10,2));
            """);
        var server = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        using var admin = await appliance.SignedInAsync(WorkspaceRole.Admin);
        var (id, _, _) = await ConnectionSteps.SaveAndReadSchemaAsync(admin,
            ConnectionSteps.ServerFields("pg shop", "Postgres", server.Host!, server.Port, server.Database!, server.Username!, server.Password!));
        await TestServers.ExecutePostgresAsync(database.ConnectionString, """
            ALTER TABLE orders ADD COLUMN note text;
            ALTER TABLE orders DROP COLUMN total;
            CREATE TABLE refunds (id integer PRIMARY KEY, order_id integer NOT NULL REFERENCES orders (id));
            """);

        var check = await admin.HtmxPostAsync($"/Schema/History?handler=Check&connection={id}", $"/Schema/History?connection={id}");
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        var report = WebUtility.HtmlDecode(await viewer.Client.GetStringAsync($"/Schema/Diff?connection={id}"));
        var ddl = await viewer.Client.GetAsync($"/Schema/Diff?connection={id}&view=ddl");
        var ddlHtml = await ddl.Content.ReadAsStringAsync();
        var sql = await viewer.Client.GetAsync($"/Schema/Diff?connection={id}&handler=Sql");
        var script = await sql.Content.ReadAsStringAsync();

        Assert.Contains("New version: +1 table, +1 column, 1 column dropped.", WebUtility.HtmlDecode(await check.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal("notifications-changed", Assert.Single(check.Headers.GetValues("HX-Trigger")));                 // the bell reloads
        Assert.Contains("Changes from v1 to v2", report, StringComparison.Ordinal);
        Assert.Contains("Migration DDL (PostgreSQL)", report, StringComparison.Ordinal);
        Assert.DoesNotContain("No migration DDL for SQLite", report, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ddl.StatusCode);
        Assert.Contains("data-testid=\"ddl\"", ddlHtml, StringComparison.Ordinal);
        Assert.Contains("ALTER TABLE &quot;public&quot;.&quot;orders&quot; DROP COLUMN &quot;total&quot;;", ddlHtml, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"ddl-warning\"", ddlHtml, StringComparison.Ordinal);                        // dropping a column loses data
        Assert.DoesNotContain("data-testid=\"diff-report\"", ddlHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, sql.StatusCode);
        Assert.Equal("application/sql", sql.Content.Headers.ContentType?.MediaType);
        Assert.Equal("pg-shop-v1-v2.sql", sql.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Contains("-- WARNING: ", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE \"public\".\"refunds\"", script, StringComparison.Ordinal);
        Assert.Matches(new Regex("^-- Migration of 'pg shop' from version 1 \\(.+\\) to version 2 \\(.+\\)\n-- postgres; \\+1 table, \\+1 column, 1 column dropped\\. Review before running\\.\n"), script);
    }
}
