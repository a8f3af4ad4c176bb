using System.Diagnostics;
using System.Globalization;
using Appliance.Core.Connections;
using Appliance.Core.MockData;
using Appliance.Core.MockData.Output;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.MockData;
using Npgsql;

namespace Appliance.Benchmarks;

/// <summary>
/// Mock data for a 10-table schema with foreign keys, checks and a self-reference: rows per second to CSV (one thread,
/// written to a null stream so only generation and formatting count) and into PostgreSQL through binary COPY with every
/// constraint on, next to PostgreSQL's own INSERT … SELECT … FROM generate_series(…) of the same row counts into the same
/// tables in the same run; and the process's peak working set while 10 million rows go to CSV.
/// Targets: ≥ 500,000 rows/s to CSV; COPY ≥ 30 % of generate_series; peak memory &lt; 300 MB.
/// </summary>
internal static class MockDataBenchmark
{
    private const double CsvTarget = 500_000;
    private const double LoadTargetRatio = 0.30;
    private const long MemoryTargetBytes = 300L * 1024 * 1024;

    private static readonly long CsvRows = RowsFromEnvironment("APPLIANCE_BENCH_MOCK_CSV_ROWS", 10_000_000);
    private static readonly long LoadRows = RowsFromEnvironment("APPLIANCE_BENCH_MOCK_LOAD_ROWS", 1_000_000);

    private const string Ddl = """
        CREATE TABLE region (id integer PRIMARY KEY, name varchar(60) NOT NULL);
        CREATE TABLE category (id integer PRIMARY KEY, parent_id integer REFERENCES category, name varchar(80) NOT NULL);
        CREATE TABLE supplier (id integer PRIMARY KEY, region_id integer NOT NULL REFERENCES region, name varchar(120) NOT NULL, email varchar(160));
        CREATE TABLE customer (id bigint PRIMARY KEY, region_id integer NOT NULL REFERENCES region, first_name varchar(40) NOT NULL,
            last_name varchar(40) NOT NULL, email varchar(160) NOT NULL, created_at timestamptz NOT NULL);
        CREATE TABLE product (id integer PRIMARY KEY, category_id integer NOT NULL REFERENCES category, supplier_id integer REFERENCES supplier,
            name varchar(120) NOT NULL, price numeric(10,2) NOT NULL CHECK (price >= 0));
        CREATE TABLE employee (id integer PRIMARY KEY, manager_id integer REFERENCES employee, first_name varchar(40) NOT NULL,
            last_name varchar(40) NOT NULL, hired_on date NOT NULL);
        CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customer, employee_id integer REFERENCES employee,
            status varchar(12) NOT NULL CHECK (status IN ('new', 'paid', 'shipped', 'cancelled')), ordered_at timestamptz NOT NULL,
            total numeric(12,2) NOT NULL CHECK (total >= 0));
        CREATE TABLE order_line (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders, product_id integer NOT NULL REFERENCES product,
            quantity integer NOT NULL CHECK (quantity > 0), unit_price numeric(10,2) NOT NULL CHECK (unit_price >= 0));
        CREATE TABLE payment (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders, amount numeric(12,2) NOT NULL CHECK (amount > 0),
            paid_at timestamptz NOT NULL, method varchar(20) NOT NULL CHECK (method IN ('card', 'transfer', 'voucher')));
        CREATE TABLE review (id bigint PRIMARY KEY, product_id integer NOT NULL REFERENCES product, customer_id bigint NOT NULL REFERENCES customer,
            rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5), body text);
        """;

    /// <summary>Shares of the total row count per table (region and category fixed).</summary>
    private static Dictionary<string, long> Counts(long total)
    {
        long Share(double share) => Math.Max(1, (long)(total * share));
        var counts = new Dictionary<string, long>
        {
            ["region"] = 10,
            ["category"] = 100,
            ["supplier"] = Share(0.01),
            ["customer"] = Share(0.15),
            ["product"] = Share(0.05),
            ["employee"] = Share(0.01),
            ["orders"] = Share(0.25),
            ["order_line"] = Share(0.35),
            ["payment"] = Share(0.10),
        };
        counts["review"] = Math.Max(1, total - counts.Values.Sum());
        return counts;
    }

    /// <summary>The same tables filled by the server itself: the fastest a client could hope to come near.</summary>
    private static string GenerateSeries(Dictionary<string, long> n) => string.Create(CultureInfo.InvariantCulture, $"""
        INSERT INTO region SELECT g, 'Region ' || g FROM generate_series(1, {n["region"]}) g;
        INSERT INTO category SELECT g, CASE WHEN g > 1 THEN 1 + (g::bigint * 7919) % (g - 1) END, 'Category ' || g FROM generate_series(1, {n["category"]}) g;
        INSERT INTO supplier SELECT g, 1 + g % {n["region"]}, 'Supplier ' || g, 'buyer' || g || '@example.com' FROM generate_series(1, {n["supplier"]}) g;
        INSERT INTO customer SELECT g, 1 + g % {n["region"]}, 'First' || g % 997, 'Last' || g % 1009, 'user' || g || '@example.com',
            timestamptz '2025-01-01' - (g % 100000) * interval '1 minute' FROM generate_series(1, {n["customer"]}) g;
        INSERT INTO product SELECT g, 1 + g % {n["category"]}, 1 + g % {n["supplier"]}, 'Product ' || g, (g % 100000) / 100.0 FROM generate_series(1, {n["product"]}) g;
        INSERT INTO employee SELECT g, CASE WHEN g > 1 THEN 1 + (g::bigint * 7919) % (g - 1) END, 'First' || g % 997, 'Last' || g % 1009,
            date '2020-01-01' + g % 2000 FROM generate_series(1, {n["employee"]}) g;
        INSERT INTO orders SELECT g, 1 + (g::bigint * 7919) % {n["customer"]}, 1 + g % {n["employee"]}, (ARRAY['new', 'paid', 'shipped', 'cancelled'])[1 + g % 4],
            timestamptz '2025-01-01' - (g % 100000) * interval '1 minute', (g % 1000000) / 100.0 FROM generate_series(1, {n["orders"]}) g;
        INSERT INTO order_line SELECT g, 1 + (g::bigint * 7919) % {n["orders"]}, 1 + g % {n["product"]}, 1 + g % 20, (g % 100000) / 100.0 FROM generate_series(1, {n["order_line"]}) g;
        INSERT INTO payment SELECT g, 1 + (g::bigint * 7919) % {n["orders"]}, 1 + (g % 100000) / 100.0, timestamptz '2025-01-01' - (g % 100000) * interval '1 minute',
            (ARRAY['card', 'transfer', 'voucher'])[1 + g % 3] FROM generate_series(1, {n["payment"]}) g;
        INSERT INTO review SELECT g, 1 + g % {n["product"]}, 1 + (g::bigint * 7919) % {n["customer"]}, 1 + g % 5, 'Review text number ' || g FROM generate_series(1, {n["review"]}) g;
        """);

    public static async Task<int> RunAsync()
    {
        var admin = Environment.GetEnvironmentVariable("APPLIANCE_TEST_POSTGRES");
        if (string.IsNullOrEmpty(admin))
        {
            Console.Error.WriteLine("APPLIANCE_TEST_POSTGRES is not set: run through ./bench.sh, which starts PostgreSQL.");
            return 2;
        }

        var database = "mockbench_" + Guid.NewGuid().ToString("N")[..8];
        await ExecuteAsync(admin, $"CREATE DATABASE {database}");
        var target = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = false, CommandTimeout = 0 }.ConnectionString;
        try
        {
            await ExecuteAsync(target, Ddl);
            var settings = new ConnectionSettings { Engine = DatabaseEngine.Postgres, ConnectionString = target, ConnectTimeoutSeconds = 30 };
            var schema = await new PostgresEngineAdapter().ReadSchemaAsync(settings);
            Console.WriteLine($"Schema: {schema.Tables.Count} tables, {schema.Tables.Sum(t => t.ForeignKeys.Count)} foreign keys, {schema.Tables.Sum(t => t.CheckConstraints.Count)} checks (ingested from PostgreSQL).");

            var csv = Csv(schema, CsvRows);
            Console.WriteLine($"to CSV ({CsvRows:N0} rows)      : {csv.RowsPerSecond,12:N0} rows/s   (target ≥ {CsvTarget:N0}: {(csv.RowsPerSecond >= CsvTarget ? "met" : "NOT met")})");
            Console.WriteLine($"peak working set           : {csv.PeakBytes / 1024.0 / 1024.0,12:N0} MB       (target < {MemoryTargetBytes / 1024 / 1024} MB: {(csv.PeakBytes < MemoryTargetBytes ? "met" : "NOT met")}; managed heap after: {csv.ManagedBytes / 1024.0 / 1024.0:N0} MB)");

            var counts = Counts(LoadRows);
            var reference = await TimedAsync(target, GenerateSeries(counts));
            await ExecuteAsync(target, "TRUNCATE region, category, supplier, customer, product, employee, orders, order_line, payment, review");
            var plan = MockPlanner.Plan(schema, new MockDataRequest { Seed = 7, RowsPerTable = counts, NullRate = 0.1 });
            var data = MockDataSet.Create(plan);
            var watch = Stopwatch.StartNew();
            var loaded = await MockDataLoaders.For(DatabaseEngine.Postgres).LoadAsync(settings, data);
            watch.Stop();
            var copyRate = loaded.TotalRows / watch.Elapsed.TotalSeconds;
            var seriesRate = LoadRows / reference.TotalSeconds;
            var ratio = copyRate / seriesRate;
            Console.WriteLine($"generate_series (reference): {seriesRate,12:N0} rows/s   ({LoadRows:N0} rows in {reference.TotalSeconds:F1} s, every constraint on)");
            Console.WriteLine($"binary COPY load           : {copyRate,12:N0} rows/s   ({loaded.TotalRows:N0} rows in {watch.Elapsed.TotalSeconds:F1} s, one transaction)");
            Console.WriteLine($"ratio                      : {ratio,12:P0}            (target ≥ {LoadTargetRatio:P0}: {(ratio >= LoadTargetRatio ? "met" : "NOT met")})");
            var met = csv.RowsPerSecond >= CsvTarget && csv.PeakBytes < MemoryTargetBytes && ratio >= LoadTargetRatio;
            return met ? 0 : 1;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static (double RowsPerSecond, long PeakBytes, long ManagedBytes) Csv(Appliance.Core.Schema.DatabaseSchema schema, long rows)
    {
        var plan = MockPlanner.Plan(schema, new MockDataRequest { Seed = 11, RowsPerTable = Counts(rows) });
        var data = MockDataSet.Create(plan);
        // Warm-up: pools, JIT.
        using (var warm = new StreamWriter(Stream.Null))
        {
            foreach (var table in data.Tables)
            {
                foreach (var _ in table.Rows().Take(20_000))
                {
                }
            }
        }

        var watch = Stopwatch.StartNew();
        long written = 0;
        using (var writer = new StreamWriter(Stream.Null, bufferSize: 1 << 16))
        {
            foreach (var table in data.Tables)
            {
                written += MockCsvWriter.Write(table, writer);
            }
        }

        watch.Stop();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (written / watch.Elapsed.TotalSeconds, process.PeakWorkingSet64, GC.GetTotalMemory(forceFullCollection: false));
    }

    private static async Task<TimeSpan> TimedAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var watch = Stopwatch.StartNew();
        await using (var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 })
        {
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return watch.Elapsed;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private static long RowsFromEnvironment(string name, long fallback) =>
        long.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var rows) && rows > 0 ? rows : fallback;
}
