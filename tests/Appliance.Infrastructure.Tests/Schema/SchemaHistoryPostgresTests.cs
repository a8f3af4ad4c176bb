using Appliance.Core.Connections;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Metadata;
using Appliance.Infrastructure.Schema;
using Appliance.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Appliance.Infrastructure.Tests.Schema;

/// <summary>Versions of a real PostgreSQL database: an unchanged schema is not a new version; a change is, with its summary.</summary>
public sealed class SchemaHistoryPostgresTests
{
    private static CancellationToken Token => HistoryTestWorld.Token;

    [Fact]
    public async Task Ingesting_twice_keeps_one_version_and_an_alteration_makes_a_second_with_its_summary()
    {
        await using var database = await TestServers.CreatePostgresDatabaseAsync("hist");
        await TestServers.ExecutePostgresAsync(database.ConnectionString, """
            CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);
            CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id), total numeric(10,2));
            CREATE TABLE legacy_notes (id integer PRIMARY KEY, body text);
            """);
        await using var world = await HistoryTestWorld.CreateAsync();
        var server = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var id = await world.AddConnectionAsync(new ConnectionInput
        {
            Name = "pg", Engine = DatabaseEngine.Postgres, Host = server.Host, Port = server.Port, DatabaseName = server.Database,
            UserName = server.Username, Password = server.Password, TlsMode = TlsMode.Prefer,
        });
        Task<IngestionResult> Ingest() => world.WithAsync<IServiceProvider, IngestionResult>(async provider =>
        {
            var connection = await provider.GetRequiredService<MetadataDbContext>().Connections.SingleAsync(c => c.Id == id, Token);
            return await provider.GetRequiredService<SchemaIngestionService>().IngestAsync(connection, world.Admin, Token);
        });

        var first = await Ingest();
        var again = await Ingest();
        await TestServers.ExecutePostgresAsync(database.ConnectionString, """
            ALTER TABLE orders ADD COLUMN note text;
            ALTER TABLE orders ALTER COLUMN total TYPE numeric(14,2);
            CREATE INDEX ix_orders_customer ON orders (customer_id);
            DROP TABLE legacy_notes;
            """);
        var altered = await Ingest();
        var page = await world.WithAsync<SchemaHistoryService, SchemaHistoryPage>(history => history.PageAsync(id, 1, 20, Token));
        var onePerPage = await world.WithAsync<SchemaHistoryService, SchemaHistoryPage>(history => history.PageAsync(id, 2, 1, Token));

        Assert.True(first.IsNewVersion);
        Assert.False(again.IsNewVersion);
        Assert.Equal(first.Snapshot.Id, again.Snapshot.Id);
        Assert.True(altered.IsNewVersion);
        Assert.Equal(2, page.Total);
        Assert.Equal([altered.Snapshot.Id, first.Snapshot.Id], page.Versions.Select(v => v.Snapshot.Id));
        Assert.Equal("1 table dropped, +1 column, 1 column changed, +1 index", page.Versions[0].Snapshot.ChangeSummary);
        var latest = page.Versions[0].Snapshot;
        Assert.Equal((2, 1, 0, 1), (latest.ChangesAdded, latest.ChangesDropped, latest.ChangesRenamed, latest.ChangesChanged));
        Assert.Equal(first.Snapshot.Id, page.Versions[0].PreviousId);
        Assert.False(page.Versions[0].IsFirst);
        Assert.True(page.Versions[1].IsFirst);
        Assert.Null(page.Versions[1].Snapshot.ChangeSummary);
        Assert.Equal("ada", page.Versions[1].Snapshot.IngestedBy);
        Assert.Equal((2, 2), (onePerPage.Page, onePerPage.PageCount));
        Assert.True(Assert.Single(onePerPage.Versions).IsFirst);
    }
}
