using Appliance.Core.Connections;
using Appliance.Core.MockData;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.MockData;
using Appliance.Infrastructure.Tests.Engines;
using Appliance.Tests;
using MySqlConnector;

namespace Appliance.Infrastructure.Tests.MockData;

/// <summary>
/// Generated data loaded into a real MariaDB through batched multi-row INSERTs with foreign-key checks on, then checked
/// with queries generated from the ingested schema: row counts, foreign keys, primary/unique keys and CHECKs.
/// </summary>
public sealed class MySqlMockLoadTests
{
    private static readonly IMockDataLoader Loader = MockDataLoaders.For(DatabaseEngine.MySql);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_fixture_schema_with_every_object_kind_over_two_databases_loads_with_zero_violations(bool edgeCases)
    {
        await using var crm = await TestServers.CreateMySqlDatabaseAsync("mcrm");
        await using var sales = await TestServers.CreateMySqlDatabaseAsync("msales");
        var script = EngineTestSupport.ReadFixture("mysql.sql").Replace("{crm}", crm.Name, StringComparison.Ordinal).Replace("{sales}", sales.Name, StringComparison.Ordinal);
        await TestServers.ExecuteMySqlAsync(TestServers.MySqlAdmin, script);
        await TestServers.ExecuteMySqlAsync(TestServers.MySqlAdmin, $"DELETE FROM `{crm.Name}`.customer");
        // The connection names no database, so the whole server is read: keep the fixture's two databases.
        var server = await new MySqlEngineAdapter().ReadSchemaAsync(Settings(TestServers.MySqlAdmin), Token);
        string[] mine = [crm.Name, sales.Name];
        var schema = server with
        {
            Schemas = [.. server.Schemas.Where(s => mine.Contains(s.Name))],
            Tables = [.. server.Tables.Where(t => mine.Contains(t.Schema))],
            Views = [.. server.Views.Where(v => mine.Contains(v.Schema))],
        };
        Assert.Equal(5, schema.Tables.Count);
        var data = MockTestSupport.Generate(schema, adjust: r => r with { EdgeCases = edgeCases });

        var result = await Loader.LoadAsync(Settings(TestServers.MySqlAdmin), data, cancellationToken: Token);

        await AssertLoadedAsync(TestServers.MySqlAdmin, schema, data, result);
    }

    [Fact]
    public async Task The_demo_schema_loads_with_zero_violations()
    {
        await using var database = await CreateAsync(MockTestSupport.ReadFixture("demo.mysql.sql"));
        var schema = await IngestAsync(database);
        var data = MockTestSupport.Generate(schema, adjust: r => r with
        {
            ChildCounts = [new ChildCountRule { Table = "order_lines", Columns = ["order_id"], Min = 1, Max = 5 }],
        });

        var result = await Loader.LoadAsync(Settings(database.ConnectionString), data, cancellationToken: Token);

        await AssertLoadedAsync(database.ConnectionString, schema, data, result);
        await using var connection = await OpenAsync(database.ConnectionString);
        Assert.Equal(0, await ConstraintVerifier.CountAsync(connection,
            "SELECT count(*) FROM (SELECT o.order_id FROM orders o LEFT JOIN order_lines l ON l.order_id = o.order_id GROUP BY o.order_id HAVING count(l.order_id) NOT BETWEEN 1 AND 5) x"));
    }

    [Fact]
    public async Task A_cycle_a_self_reference_composite_keys_and_date_checks_load_cleanly_and_the_managers_form_a_tree()
    {
        await using var database = await CreateAsync(MockTestSupport.ReadFixture("cycle.mysql.sql"));
        var schema = await IngestAsync(database);
        var data = MockTestSupport.Generate(schema);

        var result = await Loader.LoadAsync(Settings(database.ConnectionString), data, cancellationToken: Token);

        await AssertLoadedAsync(database.ConnectionString, schema, data, result);
        Assert.True(result.DeferredUpdates > 0, "the foreign key closing the cycle was never set");
        await using var connection = await OpenAsync(database.ConnectionString);
        Assert.True(await ConstraintVerifier.CountAsync(connection, "SELECT count(head_employee_id) FROM department") > 0);
        var reached = await ConstraintVerifier.CountAsync(connection, """
            WITH RECURSIVE tree AS (
                SELECT employee_id FROM employee WHERE manager_id IS NULL
                UNION ALL
                SELECT e.employee_id FROM employee e JOIN tree t ON e.manager_id = t.employee_id)
            SELECT count(*) FROM tree
            """);
        Assert.Equal(MockTestSupport.Table(data, "employee").RowCount, reached);
        Assert.True(await ConstraintVerifier.CountAsync(connection, "SELECT count(*) FROM employee WHERE manager_id IS NOT NULL") > 0, "no employee has a manager");
    }

    [Fact]
    public async Task Cancelling_from_the_progress_callback_mid_load_leaves_every_table_empty()
    {
        await using var database = await CreateAsync(MockTestSupport.ReadFixture("cycle.mysql.sql"));
        var schema = await IngestAsync(database);
        var data = MockTestSupport.Generate(schema, rows: 3000);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var progress = new RecordingProgress(p =>
        {
            if (p.TotalDone >= 2000)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Loader.LoadAsync(Settings(database.ConnectionString), data, progress, cancel.Token));

        Assert.Contains(progress.Reports, p => p.TotalDone >= 2000);
        await AssertEmptyAsync(database.ConnectionString, schema);
    }

    [Fact]
    public async Task A_row_that_already_conflicts_fails_the_load_with_the_table_and_the_servers_reason_and_changes_nothing()
    {
        await using var database = await CreateAsync(MockTestSupport.ReadFixture("cycle.mysql.sql"));
        var schema = await IngestAsync(database);
        var data = MockTestSupport.Generate(schema);
        var department = MockTestSupport.Table(data, "department");
        var id = department.Row(0)[department.Columns.Select(c => c.Name).ToList().IndexOf("department_id")];
        await using (var connection = await OpenAsync(database.ConnectionString))
        {
            await using var insert = new MySqlCommand("INSERT INTO department (department_id, name) VALUES (@id, 'already here')", connection);
            insert.Parameters.AddWithValue("@id", id);
            await insert.ExecuteNonQueryAsync(Token);
        }

        var error = await Assert.ThrowsAsync<MockLoadException>(() => Loader.LoadAsync(Settings(database.ConnectionString), data, cancellationToken: Token));

        Assert.StartsWith($"Loading {database.Name}.department failed: Duplicate entry", error.Message, StringComparison.Ordinal);
        Assert.Equal($"{database.Name}.department", error.Table);
        await using var check = await OpenAsync(database.ConnectionString);
        Assert.Equal(1, await ConstraintVerifier.CountAsync(check, "SELECT count(*) FROM department WHERE name = 'already here'"));
        await AssertEmptyAsync(database.ConnectionString, schema, except: "department");
        Assert.Equal(1, await ConstraintVerifier.CountAsync(check, "SELECT count(*) FROM department"));
    }

    [Fact]
    public async Task An_unreachable_server_is_a_clear_message_without_the_password()
    {
        await using var database = await CreateAsync(MockTestSupport.ReadFixture("cycle.mysql.sql"));
        var data = MockTestSupport.Generate(await IngestAsync(database), rows: 5);
        var settings = new ConnectionSettings
        {
            Engine = DatabaseEngine.MySql, Host = "127.0.0.1", Port = EngineTestSupport.FreePort(), Database = "x", Username = "u", Password = "Do-not-print-me", ConnectTimeoutSeconds = 3,
        };

        var error = await Assert.ThrowsAsync<MockLoadException>(() => Loader.LoadAsync(settings, data, cancellationToken: Token));

        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Do-not-print-me", error.Message, StringComparison.Ordinal);
    }

    private static async Task AssertLoadedAsync(string connectionString, DatabaseSchema schema, MockDataSet data, MockLoadResult result)
    {
        Assert.Equal(data.TotalRows, result.TotalRows);
        await using var connection = await OpenAsync(connectionString);
        foreach (var table in data.Tables)
        {
            Assert.Equal((table.Plan.QualifiedName, table.RowCount), (table.Plan.QualifiedName, await ConstraintVerifier.RowCountAsync(connection, table.Plan.Table, SqlDialect.MySql)));
        }

        Assert.All(data.Tables, t => Assert.True(t.RowCount > 0, $"{t.Plan.QualifiedName} got no rows"));
        Assert.Empty(await ConstraintVerifier.ViolationsAsync(connection, schema, SqlDialect.MySql));
    }

    private static async Task AssertEmptyAsync(string connectionString, DatabaseSchema schema, string? except = null)
    {
        await using var connection = await OpenAsync(connectionString);
        foreach (var table in schema.Tables.Where(t => t.Name != except))
        {
            Assert.Equal((table.QualifiedName, 0L), (table.QualifiedName, await ConstraintVerifier.RowCountAsync(connection, table, SqlDialect.MySql)));
        }
    }

    private static async Task<TemporaryDatabase> CreateAsync(string script)
    {
        var database = await TestServers.CreateMySqlDatabaseAsync("mock");
        await TestServers.ExecuteMySqlAsync(database.ConnectionString, script);
        return database;
    }

    private static Task<DatabaseSchema> IngestAsync(TemporaryDatabase database) =>
        new MySqlEngineAdapter().ReadSchemaAsync(Settings(database.ConnectionString), Token);

    private static ConnectionSettings Settings(string connectionString) => MockTestSupport.Settings(DatabaseEngine.MySql, connectionString);

    private static async Task<MySqlConnection> OpenAsync(string connectionString)
    {
        var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(Token);
        return connection;
    }
}
