using System.Net;
using Appliance.Tests;

namespace Appliance.Web.Tests.Access;

/// <summary>The whole appliance on PostgreSQL as its metadata store, selected by configuration only.</summary>
public sealed class PostgresMetadataTests
{
    [Fact]
    public async Task Setup_sign_in_and_connections_work_on_a_postgres_metadata_store()
    {
        await using var database = await TestServers.CreatePostgresDatabaseAsync("metadata");
        await using var factory = new ApplianceFactory(settings: new Dictionary<string, string>
        {
            ["Appliance:Metadata:Provider"] = "Postgres",
            ["Appliance:Metadata:ConnectionString"] = database.ConnectionString,
        });
        using var browser = factory.Browser();

        await SetUpAppliance.CreateOwnerAndWorkspaceAsync(browser, "pgowner", SetUpAppliance.Password, "On Postgres");
        var demo = await browser.PostFormAsync("/?handler=OpenDemo", [], "/");
        var schema = await browser.Client.GetStringAsync(demo.Headers.Location!.ToString());

        Assert.Equal(HttpStatusCode.Redirect, demo.StatusCode);
        Assert.Contains("order_lines", schema, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(factory.DataDirectory, "appliance.db")), "no SQLite metadata file when PostgreSQL is configured");
        await using (var connection = new Npgsql.NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM users WHERE \"UserName\" = 'pgowner'", connection);
            Assert.Equal(1L, await command.ExecuteScalarAsync());
        }

        Npgsql.NpgsqlConnection.ClearAllPools();
    }
}
