using System.Diagnostics;
using System.Globalization;
using Appliance.Core.Connections;
using Appliance.Infrastructure.Engines;
using Npgsql;

namespace Appliance.Benchmarks;

/// <summary>
/// The appliance's PostgreSQL schema ingestion against pg_dump --schema-only on the same database: a database with
/// 2,000 tables, 20,000 columns and 2,000 foreign keys is created with a few large statements, both are timed (median
/// of 5 runs after a warm-up) and the database is dropped. Exit code 0 when ingestion meets the target (≤ 1.5 × pg_dump).
/// </summary>
internal static class IngestionBenchmark
{
    private const int Tables = 2000;
    private const int ColumnsPerTable = 10;
    private const int Runs = 5;
    private const double Target = 1.5;


    public static async Task<int> RunAsync()
    {
        var admin = Environment.GetEnvironmentVariable("APPLIANCE_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
        {
            Console.Error.WriteLine("ingestion: set APPLIANCE_TEST_POSTGRES to an Npgsql superuser connection string (./bench.sh does).");
            return 2;
        }

        var pgDump = Environment.GetEnvironmentVariable("PG_DUMP") is { Length: > 0 } configured ? configured : "/usr/bin/pg_dump";
        if (!File.Exists(pgDump))
        {
            Console.Error.WriteLine($"pg_dump not found at {pgDump} (set PG_DUMP).");
            return 2;
        }

        var adminBuilder = new NpgsqlConnectionStringBuilder(admin) { Pooling = false };
        var database = $"appliance_bench_{Guid.NewGuid():N}"[..32];
        var benchBuilder = new NpgsqlConnectionStringBuilder(adminBuilder.ConnectionString) { Database = database, CommandTimeout = 600 };

        await ExecuteAsync(adminBuilder.ConnectionString, $"CREATE DATABASE \"{database}\"");
        try
        {
            var setup = Stopwatch.StartNew();
            // Ten columns per table (id, ref_id and eight of assorted types); locks are released every 250 tables.
            await ExecuteAsync(benchBuilder.ConnectionString, $$"""
                DO $$
                BEGIN
                    FOR i IN 1..{{Tables}} LOOP
                        EXECUTE format(
                            'CREATE TABLE public.t%s (id integer PRIMARY KEY, ref_id integer, name varchar(50) NOT NULL, amount numeric(10,2) DEFAULT 0,
                             created_at timestamptz NOT NULL DEFAULT now(), note text, active boolean, born date, counter bigint, data jsonb)', i);
                        IF i % 250 = 0 THEN COMMIT; END IF;
                    END LOOP;
                END $$
                """);
            // One foreign key per table: t(i).ref_id → t(i-1).id, and t1 → t{{Tables}} to close the ring.
            await ExecuteAsync(benchBuilder.ConnectionString, $$"""
                DO $$
                BEGIN
                    FOR i IN 1..{{Tables}} LOOP
                        EXECUTE format('ALTER TABLE public.t%s ADD CONSTRAINT t%s_ref_fk FOREIGN KEY (ref_id) REFERENCES public.t%s (id)',
                                       i, i, CASE WHEN i = 1 THEN {{Tables}} ELSE i - 1 END);
                        IF i % 250 = 0 THEN COMMIT; END IF;
                    END LOOP;
                END $$
                """);
            await ExecuteAsync(benchBuilder.ConnectionString, "ANALYZE");
            Console.WriteLine($"Created {Tables:N0} tables, {Tables * ColumnsPerTable:N0} columns and {Tables:N0} foreign keys in {setup.Elapsed.TotalSeconds:F1} s.");

            var adapter = new PostgresEngineAdapter();
            var settings = new ConnectionSettings { Engine = DatabaseEngine.Postgres, ConnectionString = benchBuilder.ConnectionString, ConnectTimeoutSeconds = 30 };

            var check = await adapter.ReadSchemaAsync(settings);
            var summary = check.Summarize();
            if (summary.Tables != Tables || summary.Columns != Tables * ColumnsPerTable || summary.ForeignKeys != Tables)
            {
                Console.Error.WriteLine($"Ingestion read {summary} — expected {Tables} tables, {Tables * ColumnsPerTable} columns, {Tables} foreign keys.");
                return 2;
            }

            Console.WriteLine($"Ingestion reads {summary.Tables:N0} tables, {summary.Columns:N0} columns, {summary.ForeignKeys:N0} foreign keys, {summary.Indexes:N0} indexes.");

            var ingestion = await MedianAsync(async () => await adapter.ReadSchemaAsync(settings));
            var dump = await MedianAsync(() => RunPgDumpAsync(pgDump, benchBuilder));
            var ratio = ingestion / dump;

            Console.WriteLine();
            Console.WriteLine($"appliance ingestion : {ingestion,8:F1} ms  (median of {Runs} after a warm-up)");
            Console.WriteLine($"pg_dump --schema-only: {dump,8:F1} ms  (median of {Runs} after a warm-up)");
            Console.WriteLine($"ratio               : {ratio,8:F2} × pg_dump");
            Console.WriteLine($"target: ingestion ≤ {Target.ToString("0.0", CultureInfo.InvariantCulture)} × pg_dump — {(ratio <= Target ? "met" : "NOT met")}");
            return ratio <= Target ? 0 : 1;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(adminBuilder.ConnectionString, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
            Console.WriteLine($"Dropped {database}.");
        }
    }

    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    internal static async Task<double> MedianAsync(Func<Task> run)
    {
        await run(); // warm-up
        var times = new List<double>(Runs);
        for (var i = 0; i < Runs; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await run();
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[Runs / 2];
    }

    internal static async Task RunPgDumpAsync(string pgDump, NpgsqlConnectionStringBuilder target)
    {
        var start = new ProcessStartInfo(pgDump)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--schema-only", "--no-password", "-h", target.Host!, "-p", target.Port.ToString(CultureInfo.InvariantCulture),
                     "-U", target.Username!, "-d", target.Database!,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        // The password goes through the environment, never on the command line.
        start.Environment["PGPASSWORD"] = target.Password ?? "";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pg_dump did not start.");
        var output = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await output;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_dump failed ({process.ExitCode}): {await error}");
        }
    }
}
