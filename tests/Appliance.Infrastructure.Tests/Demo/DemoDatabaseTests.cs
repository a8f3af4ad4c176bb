using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Demo;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.Tests.Engines;
using Appliance.Infrastructure.Tests.MockData;
using Microsoft.Data.Sqlite;

namespace Appliance.Infrastructure.Tests.Demo;

public sealed class DemoDatabaseTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("demo-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<DatabaseSchema> IngestAsync() =>
        await new SqliteEngineAdapter().ReadSchemaAsync(new ConnectionSettings { Engine = DatabaseEngine.Sqlite, Database = DemoDatabase.EnsureCreated(_directory) });

    [Fact]
    public async Task Demo_is_an_order_management_schema_with_the_promised_shapes()
    {
        var schema = await IngestAsync();

        Assert.InRange(schema.Tables.Count, 12, 20);
        var orderLines = schema.FindTable("main", "order_lines")!;
        Assert.Equal(["order_id", "line_number"], orderLines.PrimaryKey!.Columns);                       // composite key
        var shipmentLines = schema.FindTable("main", "shipment_lines")!;
        Assert.Contains(shipmentLines.ForeignKeys, f => f.ReferencedTable == "order_lines" && f.Columns.SequenceEqual(["order_id", "line_number"]));
        var employees = schema.FindTable("main", "employees")!;
        Assert.Contains(employees.ForeignKeys, f => f.ReferencedTable == "employees");                    // self-reference
        var orders = schema.FindTable("main", "orders")!;
        Assert.Contains(orders.CheckConstraints, c => c.Expression.Contains("'cancelled'", StringComparison.Ordinal)); // enum-like check
        Assert.Contains(orders.Indexes, i => i.Filter is not null);                                           // partial index
        Assert.Contains(orders.Indexes, i => i.Columns.Any(c => c.Descending));
        Assert.Equal(2, schema.Views.Count);
    }

    [Fact]
    public async Task The_demo_schema_file_of_the_SQL_tests_matches_the_demo_database()
    {
        // Appliance.Core.Tests explain and lint queries against this file; regenerate it with `appliance ingest` when the demo changes.
        var committed = SchemaJson.Deserialize(EngineTestSupport.ReadRepositoryFile("tests/Appliance.Core.Tests/Sql/Schemas/demo.schema.json"));

        Assert.Equal(SchemaJson.ContentHash(await IngestAsync()), SchemaJson.ContentHash(committed));
    }

    [Fact]
    public async Task Comments_in_the_ddl_document_tables_columns_and_views()
    {
        var schema = await IngestAsync();

        var customers = schema.FindTable("main", "customers")!;
        Assert.Equal("People and companies who place orders.", customers.Comment);
        Assert.Equal("Account status", customers.FindColumn("status")!.Comment);                        // definition over two lines
        Assert.Equal("When the account was opened (UTC)", customers.FindColumn("created_at")!.Comment); // last column, before ")"
        Assert.Equal("Display name of the region", schema.FindTable("main", "regions")!.FindColumn("name")!.Comment);
        var view = schema.FindView("main", "order_totals")!;
        Assert.Equal("Order totals computed from the lines.", view.Comment);
        Assert.StartsWith("SELECT", view.Definition, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_rows_satisfy_every_foreign_key()
    {
        var path = DemoDatabase.EnsureCreated(_directory);
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_key_check";
        await using var reader = await command.ExecuteReaderAsync();

        Assert.False(await reader.ReadAsync(), "the demo's rows violate a foreign key");
    }

    [Fact]
    public async Task The_generator_fills_every_table_with_the_demos_counts_and_every_constraint_holds()
    {
        var schema = await IngestAsync();
        await using var connection = new SqliteConnection($"Data Source={DemoDatabase.FilePath(_directory)};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);

        foreach (var table in schema.Tables)
        {
            var rows = await ConstraintVerifier.RowCountAsync(connection, table, SqlDialect.Sqlite);
            Assert.True(rows > 0, $"{table.Name} is empty");
            if (DemoDatabase.Request.RowsPerTable.TryGetValue(table.Name, out var expected))
            {
                Assert.Equal((table.Name, expected), (table.Name, rows));
            }
        }

        // Checks, keys (also the unique index on lower(email)) and foreign keys, from the ingested schema.
        Assert.Empty(await ConstraintVerifier.ViolationsAsync(connection, schema, SqlDialect.Sqlite));
        Assert.Equal(0, await ConstraintVerifier.CountAsync(connection,
            "SELECT count(*) FROM orders o WHERE (SELECT count(*) FROM order_lines l WHERE l.order_id = o.order_id) NOT BETWEEN 1 AND 5"));
        Assert.True(await ConstraintVerifier.CountAsync(connection, "SELECT count(*) FROM employees WHERE manager_id IS NULL") >= 1, "the demo's org chart has no top");
    }

    [Fact]
    public async Task Every_appliance_gets_the_same_demo_rows()
    {
        var other = Directory.CreateTempSubdirectory("demo-").FullName;
        try
        {
            var first = await DumpAsync(DemoDatabase.EnsureCreated(_directory));
            var second = await DumpAsync(DemoDatabase.EnsureCreated(other));

            Assert.Equal(first, second);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(other, recursive: true);
        }
    }

    private static async Task<string> DumpAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var text = new System.Text.StringBuilder();
        foreach (var table in new[] { "customers", "orders", "order_lines", "shipments", "promotions" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY 1, 2";
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    [Fact]
    public void Second_call_reuses_the_file()
    {
        var first = DemoDatabase.EnsureCreated(_directory);
        var stamp = File.GetLastWriteTimeUtc(first);

        var second = DemoDatabase.EnsureCreated(_directory);

        Assert.Equal(first, second);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(second));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(first)!));
    }
}
