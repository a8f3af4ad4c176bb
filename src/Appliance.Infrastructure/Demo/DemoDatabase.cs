using Appliance.Core.Connections;
using Appliance.Core.MockData;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.MockData;
using Microsoft.Data.Sqlite;

namespace Appliance.Infrastructure.Demo;

/// <summary>
/// The bundled demo: a SQLite order-management database in the data directory. An embedded script creates the schema and
/// the mock-data generator fills it (a fixed seed and counts, so every appliance gets the same rows).
/// </summary>
public static class DemoDatabase
{
    public const string ConnectionName = "Demo: order management";
    private const string ResourceName = "Appliance.Infrastructure.Demo.order-management.sql";

    /// <summary>What the generator makes for the demo: a small shop's worth of rows, 1 to 5 lines per order.</summary>
    public static MockDataRequest Request { get; } = new()
    {
        Seed = 2026,
        DefaultRows = 100,
        RowsPerTable = new Dictionary<string, long>
        {
            ["regions"] = 5,
            ["countries"] = 30,
            ["customers"] = 200,
            ["addresses"] = 300,
            ["employees"] = 40,
            ["suppliers"] = 20,
            ["categories"] = 24,
            ["products"] = 120,
            ["warehouses"] = 4,
            ["inventory"] = 300,
            ["orders"] = 600,
            ["payments"] = 500,
            ["shipments"] = 400,
            ["shipment_lines"] = 600,
            ["product_reviews"] = 400,
            ["promotions"] = 20,
            ["order_promotions"] = 150,
        },
        ChildCounts = [new ChildCountRule { Table = "order_lines", Columns = ["order_id"], Min = 1, Max = 5 }],
    };

    public static string FilePath(string dataDirectory) => Path.Combine(dataDirectory, "demo", "order-management.db");

    public static string Script()
    {
        using var stream = typeof(DemoDatabase).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Creates the demo file when it is missing (built under a temporary name, so a crash never leaves half a database).</summary>
    public static string EnsureCreated(string dataDirectory)
    {
        var path = FilePath(dataDirectory);
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temporary, Pooling = false }.ToString()))
            {
                connection.Open();
                using (var command = connection.CreateCommand())
                {
                    command.CommandText = Script();
                    command.ExecuteNonQuery();
                }

                Fill(connection, temporary);
            }

            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another request created it first.
        }
        finally
        {
            File.Delete(temporary);
        }

        return path;
    }

    /// <summary>Reads the new file's schema as an ingestion would and loads the generated rows into it.</summary>
    private static void Fill(SqliteConnection connection, string file)
    {
        // The SQLite reader and loader complete synchronously (Microsoft.Data.Sqlite has no real async I/O).
        var schema = SqliteSchemaReader.ReadAsync(connection, file, CancellationToken.None).GetAwaiter().GetResult();
        var plan = MockPlanner.Plan(schema, Request);
        var data = MockDataSet.Create(plan);
        SqliteMockDataLoader.LoadInto(connection, data, new ConnectionTarget { Engine = DatabaseEngine.Sqlite, Database = file }, null, CancellationToken.None);
    }
}
