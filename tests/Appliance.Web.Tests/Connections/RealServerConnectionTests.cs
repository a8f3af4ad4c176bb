using System.Net;
using System.Text.RegularExpressions;
using Appliance.Core.Access;
using Appliance.Tests;
using MySqlConnector;
using Npgsql;

namespace Appliance.Web.Tests.Connections;

/// <summary>The whole path through the browser-facing pages against real servers: add, test, read the schema, browse.</summary>
public sealed partial class RealServerConnectionTests(SetUpAppliance appliance) : IClassFixture<SetUpAppliance>
{
    [Fact]
    public async Task Postgres_connection_is_added_tested_read_and_browsed()
    {
        await using var database = await TestServers.CreatePostgresDatabaseAsync("web");
        await TestServers.ExecutePostgresAsync(database.ConnectionString, """
            CREATE SCHEMA billing;
            CREATE TABLE public.customer (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE billing.invoice (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES public.customer (id) ON DELETE CASCADE);
            COMMENT ON TABLE billing.invoice IS 'Invoices sent to customers';
            """);
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);

        var id = await AddTestAndReadAsync("pg web", "Postgres", target.Host!, target.Port, target.Database!, target.Username!, target.Password!);

        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        var list = await viewer.Client.GetStringAsync($"/Schema?connection={id}&schema=billing");
        var table = WebUtility.HtmlDecode(await viewer.Client.GetStringAsync($"/Schema/Table?connection={id}&schema=public&name=customer"));
        Assert.Contains("Invoices sent to customers", list, StringComparison.Ordinal);
        Assert.Contains("billing.invoice", table, StringComparison.Ordinal);             // cross-schema foreign key in
    }

    [Fact]
    public async Task MariaDb_connection_is_added_tested_read_and_browsed()
    {
        await using var database = await TestServers.CreateMySqlDatabaseAsync("web");
        await TestServers.ExecuteMySqlAsync(database.ConnectionString, """
            CREATE TABLE author (id INT PRIMARY KEY, name VARCHAR(80) NOT NULL COMMENT 'Pen name');
            CREATE TABLE book (id INT PRIMARY KEY, author_id INT NOT NULL, title VARCHAR(200) NOT NULL,
                CONSTRAINT fk_book_author FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE CASCADE);
            """);
        var target = new MySqlConnectionStringBuilder(database.ConnectionString);

        var id = await AddTestAndReadAsync("maria web", "MySql", target.Server, (int)target.Port, target.Database, target.UserID, target.Password);

        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        var author = WebUtility.HtmlDecode(await viewer.Client.GetStringAsync($"/Schema/Table?connection={id}&schema={database.Name}&name=author"));
        Assert.Contains("Pen name", author, StringComparison.Ordinal);
        Assert.Contains("name=book\"", author, StringComparison.Ordinal);
    }

    private async Task<string> AddTestAndReadAsync(string name, string engine, string host, int port, string databaseName, string user, string password)
    {
        using var admin = await appliance.SignedInAsync(WorkspaceRole.Admin);
        var fields = ConnectionSteps.ServerFields(name, engine, host, port, databaseName, user, password);

        var test = await (await admin.PostFormAsync("/Connections/Edit?handler=Test", fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)), "/Connections/Edit"))
            .Content.ReadAsStringAsync();
        var wrong = await (await admin.PostFormAsync("/Connections/Edit?handler=Test",
                fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item1 == "Password" ? "not-the-password" : f.Item2)), "/Connections/Edit"))
            .Content.ReadAsStringAsync();
        Assert.Contains("Connected", test, StringComparison.Ordinal);
        Assert.Contains("Sign-in refused", wrong, StringComparison.Ordinal);
        var (id, list, page) = await ConnectionSteps.SaveAndReadSchemaAsync(admin, fields);
        Assert.DoesNotContain(password, page + list + test + wrong, StringComparison.Ordinal);
        return id;
    }
}
