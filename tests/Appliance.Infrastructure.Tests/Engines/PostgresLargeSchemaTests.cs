using System.Collections.Concurrent;
using System.Diagnostics;
using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Infrastructure.Engines;
using Appliance.Tests;

namespace Appliance.Infrastructure.Tests.Engines;

public sealed class PostgresLargeSchemaTests
{
    /// <summary>Creates tables t{from}..t{to} with a key, two columns and a foreign key to the previous table, committing every 500 tables.</summary>
    private static string CreateTables(int from, int to) => $$"""
        DO $$
        BEGIN
            FOR i IN {{from}}..{{to}} LOOP
                EXECUTE format('CREATE TABLE bulk.t%s (id int PRIMARY KEY, amount numeric(10,2) NOT NULL DEFAULT 0, prev_id int%s)',
                               i, CASE WHEN i > 1 THEN format(' REFERENCES bulk.t%s (id)', i - 1) ELSE '' END);
                IF i % 500 = 0 THEN COMMIT; END IF;
            END LOOP;
        END $$;
        """;

    [Fact]
    public async Task Ingests_5000_tables_with_the_same_number_of_commands_as_10()
    {
        await using var db = await TestServers.CreatePostgresDatabaseAsync("big");
        await TestServers.ExecutePostgresAsync(db.ConnectionString, "CREATE SCHEMA bulk");
        await TestServers.ExecutePostgresAsync(db.ConnectionString, CreateTables(1, 10));
        var adapter = new PostgresEngineAdapter();
        var settings = new ConnectionSettings { Engine = DatabaseEngine.Postgres, ConnectionString = db.ConnectionString };

        var (small, smallCommands) = await IngestCountingCommandsAsync(adapter, settings, db.Name);
        Assert.Equal(10, small.Tables.Count);

        await TestServers.ExecutePostgresAsync(db.ConnectionString, CreateTables(11, 5000));
        var (large, largeCommands) = await IngestCountingCommandsAsync(adapter, settings, db.Name);

        Assert.Equal(5000, large.Tables.Count);
        Assert.Equal(15000, large.Tables.Sum(t => t.Columns.Count));
        Assert.Equal(4999, large.Tables.Sum(t => t.ForeignKeys.Count));
        Assert.Equal(5000, large.Tables.Sum(t => t.Indexes.Count));
        var t4321 = large.FindTable("bulk", "t4321")!;
        Assert.Equal(("t4320", "prev_id"), (t4321.ForeignKeys[0].ReferencedTable, t4321.ForeignKeys[0].Columns[0]));
        Assert.Equal("numeric(10,2)", t4321.FindColumn("amount")!.DataType);

        // Set-based: the number of commands does not grow with the number of tables.
        Assert.True(smallCommands > 0, "no command was observed");
        Assert.Equal(smallCommands, largeCommands);
    }

    /// <summary>Ingests while counting the commands Npgsql executes against <paramref name="database"/> (its tracing activities).</summary>
    private static async Task<(DatabaseSchema Schema, int Commands)> IngestCountingCommandsAsync(
        PostgresEngineAdapter adapter, ConnectionSettings settings, string database)
    {
        var commands = new ConcurrentBag<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("db.namespace"), database) && activity.GetTagItem("db.query.text") is not null)
                {
                    commands.Add(activity.DisplayName);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var schema = await adapter.ReadSchemaAsync(settings, TestContext.Current.CancellationToken);
        return (schema, commands.Count);
    }
}
