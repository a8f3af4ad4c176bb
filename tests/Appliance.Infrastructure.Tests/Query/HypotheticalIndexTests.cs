using Appliance.Core.Connections;
using Appliance.Core.Query.Indexes;
using Appliance.Core.Query.Plans;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.Query;
using Appliance.Tests;
using Npgsql;

namespace Appliance.Infrastructure.Tests.Query;

/// <summary>A PostgreSQL database with a one-million-row table, made once for the index-advice tests.</summary>
public sealed class MillionRowDatabase : IAsyncLifetime
{
    public const string Query = "SELECT id, created_at FROM events WHERE customer_id = 4242 ORDER BY created_at DESC LIMIT 20";

    private TemporaryDatabase? _database;

    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("Not created.");

    public ConnectionSettings Settings => new() { Engine = DatabaseEngine.Postgres, ConnectionString = ConnectionString };

    public async ValueTask InitializeAsync()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TestServers.PostgresVariable)))
        {
            return; // the tests skip, naming the server
        }

        _database = await TestServers.CreatePostgresDatabaseAsync("advice");
        await TestServers.ExecutePostgresAsync(ConnectionString, """
            CREATE TABLE events (
                id          bigint PRIMARY KEY,
                customer_id integer NOT NULL,
                kind        text NOT NULL,
                created_at  timestamptz NOT NULL,
                payload     text
            );
            INSERT INTO events
            SELECT g, ((g::bigint * 7919) % 50000)::int, CASE g % 4 WHEN 0 THEN 'view' WHEN 1 THEN 'click' WHEN 2 THEN 'buy' ELSE 'other' END,
                   timestamptz '2024-01-01' + g * interval '1 second', repeat('x', 20)
            FROM generate_series(1, 1000000) AS g;
            ANALYZE events;
            """);
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

public sealed class HypotheticalIndexTests(MillionRowDatabase database) : IClassFixture<MillionRowDatabase>
{
    private static readonly HypotheticalIndexVerifier Verifier = new(DatabaseEngines.CreateDefault());

    [Fact]
    public async Task The_right_hypothetical_index_turns_the_sequential_scan_into_an_index_scan_and_nothing_remains()
    {
        _ = TestServers.PostgresAdmin;
        const string advice = "CREATE INDEX ON events (customer_id, created_at)";

        var report = await Verifier.VerifyAsync(database.Settings, MillionRowDatabase.Query, [advice], cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(report.Verified, report.Message);
        Assert.Contains("Seq Scan", report.PlanBefore, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", report.PlanAfter, StringComparison.Ordinal);
        Assert.Contains("Index Scan", report.PlanAfter, StringComparison.Ordinal);
        Assert.True(report.Indexes.Single().Used);
        Assert.True(report.CostAfter < report.CostBefore / 10, $"cost {report.CostBefore} → {report.CostAfter}");

        // Rolled back and closed: no index, and no extension left behind when the check had to create it.
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM pg_indexes WHERE tablename = 'events'"));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM pg_extension WHERE extname = 'hypopg'"));
    }

    [Fact]
    public async Task The_advisor_proposes_the_index_that_HypoPG_confirms_turns_the_scan_into_an_index_scan()
    {
        _ = TestServers.PostgresAdmin;
        var ct = TestContext.Current.CancellationToken;
        var schema = await new PostgresEngineAdapter().ReadSchemaAsync(database.Settings, ct);
        var statement = SqlParser.Parse(MillionRowDatabase.Query, SqlDialect.Postgres).Statements.Single();

        var advice = Assert.Single(IndexAdvisor.Advise(statement, schema, SqlDialect.Postgres).Advice);
        Assert.Equal("public.events", advice.TableName);
        Assert.Equal(["customer_id", "created_at"], advice.KeyColumns.Select(k => k.Name));   // equality first, then the sort

        var report = await Verifier.VerifyAsync(database.Settings, MillionRowDatabase.Query, [advice.CreateStatement], cancellationToken: ct);

        Assert.True(report.Verified, report.Message);
        var before = PlanParser.Parse(PlanEngine.Postgres, report.PlanBefore!);
        var after = PlanParser.Parse(PlanEngine.Postgres, report.PlanAfter!);
        Assert.Contains(before.Nodes, n => n.Operation.Contains("Seq Scan", StringComparison.Ordinal) && n.Relation == "events");
        Assert.DoesNotContain(after.Nodes, n => n.Operation.Contains("Seq Scan", StringComparison.Ordinal));
        Assert.Contains(after.Nodes, n => n.Operation.Contains("Index Scan", StringComparison.Ordinal)); // an index scan, or a bitmap index scan feeding the heap scan
        Assert.True(report.Indexes.Single().Used);
        Assert.True(report.Ratio < 0.1, $"cost {report.CostBefore} → {report.CostAfter}");
    }

    [Fact]
    public async Task An_index_on_an_unrelated_column_is_reported_unused_and_the_cost_stays()
    {
        _ = TestServers.PostgresAdmin;

        var report = await Verifier.VerifyAsync(database.Settings, MillionRowDatabase.Query, ["CREATE INDEX ON events (kind)"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(report.Verified, report.Message);
        Assert.False(report.Indexes.Single().Used);
        Assert.Equal(report.CostBefore, report.CostAfter);
    }

    [Fact]
    public async Task A_writing_statement_is_never_sent_for_checking()
    {
        _ = TestServers.PostgresAdmin;

        var report = await Verifier.VerifyAsync(database.Settings, "DELETE FROM events", ["CREATE INDEX ON events (kind)"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(report.Verified);
        Assert.StartsWith("Only a read-only SELECT can be checked", report.Message, StringComparison.Ordinal);
        Assert.Equal(1_000_000L, await ScalarAsync("SELECT count(*) FROM events"));
    }

    [Fact]
    public async Task Without_privilege_to_create_HypoPG_the_advice_is_reported_unverified()
    {
        _ = TestServers.PostgresAdmin;
        var role = $"reader_{Guid.NewGuid():N}"[..20];
        await TestServers.ExecutePostgresAsync(database.ConnectionString, $"CREATE ROLE {role} LOGIN PASSWORD 'pw-{role}'; GRANT SELECT ON events TO {role};");
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = $"pw-{role}" };
            var settings = new ConnectionSettings { Engine = DatabaseEngine.Postgres, ConnectionString = builder.ConnectionString };

            var report = await Verifier.VerifyAsync(settings, MillionRowDatabase.Query, ["CREATE INDEX ON events (customer_id)"], cancellationToken: TestContext.Current.CancellationToken);

            Assert.False(report.Verified);
            Assert.Contains("not enabled in this database", report.Message, StringComparison.Ordinal);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await TestServers.ExecutePostgresAsync(database.ConnectionString, $"REVOKE ALL ON events FROM {role}; DROP ROLE {role};");
        }
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
