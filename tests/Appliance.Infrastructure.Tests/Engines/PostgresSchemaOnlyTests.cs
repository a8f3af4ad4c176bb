using Appliance.Core.Connections;
using Appliance.Infrastructure.Engines;
using Appliance.Tests;
using Npgsql;

namespace Appliance.Infrastructure.Tests.Engines;

/// <summary>Ingestion reads the catalog only: PostgreSQL's own statistics show no scan of any user table.</summary>
public sealed class PostgresSchemaOnlyTests
{
    private const string Scans = """
        SELECT coalesce(sum(seq_scan), 0) + coalesce(sum(idx_scan), 0) FROM pg_stat_user_tables WHERE schemaname = 'app'
        """;

    [Fact]
    public async Task Ingestion_scans_no_table()
    {
        await using var db = await TestServers.CreatePostgresDatabaseAsync("rows");
        await TestServers.ExecutePostgresAsync(db.ConnectionString, """
            CREATE SCHEMA app;
            CREATE TABLE app.account (id int PRIMARY KEY, email text UNIQUE NOT NULL);
            CREATE TABLE app.payment (id int PRIMARY KEY, account_id int REFERENCES app.account (id), amount numeric CHECK (amount > 0));
            CREATE VIEW app.big_payments AS SELECT * FROM app.payment WHERE amount > 100;
            INSERT INTO app.account SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 1000) g;
            INSERT INTO app.payment SELECT g, 1 + g % 1000, g FROM generate_series(1, 5000) g;
            ANALYZE;
            """);
        var before = await ScansAsync(db.ConnectionString);

        var schema = await new PostgresEngineAdapter().ReadSchemaAsync(new ConnectionSettings { Engine = DatabaseEngine.Postgres, ConnectionString = db.ConnectionString });
        var after = await ScansAsync(db.ConnectionString);

        Assert.Equal(3, schema.Tables.Count + schema.Views.Count);
        Assert.Equal(1000, schema.FindTable("app", "account")!.RowEstimate);   // the catalog's estimate, not a count
        Assert.Equal(before, after);

        // The measurement itself can see a scan: a plain SELECT moves the counter.
        await TestServers.ExecutePostgresAsync(db.ConnectionString, "SELECT count(*) FROM app.payment");
        Assert.True(await ScansAsync(db.ConnectionString) > after, "a real scan should be counted");
    }

    /// <summary>Scan counters of the fixture's tables, after every other session's statistics were flushed.</summary>
    private static async Task<long> ScansAsync(string connectionString)
    {
        // Sessions flush their statistics when they end (the adapter's connections are not pooled); give them a moment.
        await Task.Delay(TimeSpan.FromMilliseconds(1200));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_stat_clear_snapshot(); " + Scans, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        await reader.ReadAsync();
        return Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
    }
}
