using Appliance.Core.Connections;
using Appliance.Core.MockData;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.MockData;
using Appliance.Infrastructure.Tests.Engines;
using Appliance.Tests;
using Npgsql;

namespace Appliance.Infrastructure.Tests.MockData;

/// <summary>
/// Generated data loaded into a real PostgreSQL through binary COPY with every constraint enabled, then checked with
/// queries generated from the ingested schema: row counts, foreign keys, primary/unique keys and CHECKs (domains too).
/// </summary>
public sealed class PostgresMockLoadTests
{
    private static readonly IMockDataLoader Loader = MockDataLoaders.For(DatabaseEngine.Postgres);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_fixture_schema_with_every_object_kind_loads_with_zero_violations_and_sequences_continue_after_the_keys()
    {
        await using var database = await CreateAsync(EngineTestSupport.ReadFixture("postgres.sql"), "TRUNCATE public.customer RESTART IDENTITY CASCADE");
        var schema = await IngestAsync(database);
        var data = MockTestSupport.Generate(schema);

        var result = await Loader.LoadAsync(Settings(database), data, cancellationToken: Token);

        await AssertLoadedAsync(database, schema, data, result);
        await using var connection = await OpenAsync(database);
        var highest = await ConstraintVerifier.CountAsync(connection, "SELECT max(id) FROM public.customer");
        var next = await ConstraintVerifier.CountAsync(connection, "INSERT INTO public.customer (email, name) VALUES ('after.load@example.org', 'After') RETURNING id");
        Assert.True(next > highest, $"the identity gave {next} after keys up to {highest}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Binary_copy_stores_exactly_what_the_sql_script_inserts(bool edgeCases)
    {
        const string Empty = "TRUNCATE public.customer RESTART IDENTITY CASCADE";
        await using var copied = await CreateAsync(EngineTestSupport.ReadFixture("postgres.sql"), Empty);
        await using var scripted = await CreateAsync(EngineTestSupport.ReadFixture("postgres.sql"), Empty);
        var schema = await IngestAsync(copied);
        var data = MockTestSupport.Generate(schema, rows: 150, adjust: r => r with { EdgeCases = edgeCases });
        using var script = new StringWriter();
        Appliance.Core.MockData.Output.MockSqlWriter.Write(data, SqlDialect.Postgres, script, cancellationToken: Token);

        await Loader.LoadAsync(Settings(copied), data, cancellationToken: Token);
        await TestServers.ExecutePostgresAsync(scripted.ConnectionString, script.ToString());

        // Every value of every row, as PostgreSQL prints it, is the same whichever way it went in.
        await using var left = await OpenAsync(copied);
        await using var right = await OpenAsync(scripted);
        foreach (var table in data.Tables)
        {
            var sql = $"SELECT coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM {Appliance.Core.MockData.Output.MockSqlWriter.QualifiedName(table.Plan.Table, SqlDialect.Postgres)} t";
            Assert.Equal((table.Plan.QualifiedName, await ScalarAsync(right, sql)), (table.Plan.QualifiedName, await ScalarAsync(left, sql)));
        }

        Assert.Empty(await ConstraintVerifier.ViolationsAsync(left, schema, SqlDialect.Postgres));
    }

    [Fact]
    public async Task The_demo_schema_loads_with_zero_violations()
    {
        await using var database = await CreateAsync(MockTestSupport.ReadFixture("demo.postgres.sql"));
        var schema = await IngestAsync(database);
        var data = MockTestSupport.Generate(schema, adjust: r => r with
        {
            ChildCounts = [new ChildCountRule { Table = "order_lines", Columns = ["order_id"], Min = 1, Max = 5 }],
        });

        var result = await Loader.LoadAsync(Settings(database), data, cancellationToken: Token);

        await AssertLoadedAsync(database, schema, data, result);
        await using var connection = await OpenAsync(database);
        Assert.Equal(0, await ConstraintVerifier.CountAsync(connection,
            "SELECT count(*) FROM (SELECT o.order_id FROM orders o LEFT JOIN order_lines l ON l.order_id = o.order_id GROUP BY o.order_id HAVING count(l.order_id) NOT BETWEEN 1 AND 5) x"));
    }

    [Fact]
    public async Task A_cycle_a_self_reference_composite_keys_and_date_checks_load_cleanly_and_the_managers_form_a_tree()
    {
        await using var database = await CreateAsync(MockTestSupport.ReadFixture("cycle.postgres.sql"));
        var schema = await IngestAsync(database);
        var data = MockTestSupport.Generate(schema);

        var result = await Loader.LoadAsync(Settings(database), data, cancellationToken: Token);

        await AssertLoadedAsync(database, schema, data, result);
        Assert.True(result.DeferredUpdates > 0, "the foreign key closing the cycle was never set");
        await using var connection = await OpenAsync(database);
        Assert.True(await ConstraintVerifier.CountAsync(connection, "SELECT count(head_employee_id) FROM department") > 0);
        // Every employee is reached from a root by following manager_id downwards: no employee is its own ancestor.
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
        await using var database = await CreateAsync(MockTestSupport.ReadFixture("cycle.postgres.sql"));
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

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Loader.LoadAsync(Settings(database), data, progress, cancel.Token));

        Assert.Contains(progress.Reports, p => p.TotalDone >= 2000);
        await AssertEmptyAsync(database, schema);
    }

    [Fact]
    public async Task A_row_that_already_conflicts_fails_the_load_with_the_table_and_the_servers_reason_and_changes_nothing()
    {
        await using var database = await CreateAsync(MockTestSupport.ReadFixture("cycle.postgres.sql"));
        var schema = await IngestAsync(database);
        var data = MockTestSupport.Generate(schema);
        var department = MockTestSupport.Table(data, "department");
        var first = department.Row(0);
        await using (var connection = await OpenAsync(database))
        {
            await using var insert = new NpgsqlCommand("INSERT INTO department (department_id, name) VALUES (@id, @name)", connection);
            insert.Parameters.AddWithValue("id", Convert.ToInt32(first[Index(department, "department_id")], System.Globalization.CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("name", "already here");
            await insert.ExecuteNonQueryAsync(Token);
        }

        var error = await Assert.ThrowsAsync<MockLoadException>(() => Loader.LoadAsync(Settings(database), data, cancellationToken: Token));

        Assert.StartsWith("Loading public.department failed: duplicate key value violates unique constraint \"department_pkey\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal("public.department", error.Table);
        await using var check = await OpenAsync(database);
        Assert.Equal(1, await ConstraintVerifier.CountAsync(check, "SELECT count(*) FROM department"));
        Assert.Equal("already here", await ScalarAsync(check, "SELECT name FROM department"));
        await AssertEmptyAsync(database, schema, except: "department");
    }

    [Fact]
    public async Task A_role_without_the_insert_privilege_gets_permission_denied_naming_the_table_and_no_password()
    {
        await using var database = await CreateAsync(MockTestSupport.ReadFixture("cycle.postgres.sql"));
        var schema = await IngestAsync(database);
        var role = "mock_ro_" + Guid.NewGuid().ToString("N")[..12];
        var password = "Do-not-print-" + Guid.NewGuid().ToString("N")[..8];
        await TestServers.ExecutePostgresAsync(database.ConnectionString,
            $"CREATE ROLE {role} LOGIN PASSWORD '{password}'; GRANT CONNECT ON DATABASE \"{database.Name}\" TO {role}; GRANT USAGE ON SCHEMA public TO {role}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}");
        try
        {
            var settings = Settings(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = password }.ConnectionString);

            var error = await Assert.ThrowsAsync<MockLoadException>(() => Loader.LoadAsync(settings, MockTestSupport.Generate(schema, rows: 20), cancellationToken: Token));

            Assert.Matches(@"^Loading public\.(\w+) failed: permission denied for table \1\b", error.Message);
            Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
            await AssertEmptyAsync(database, schema);
        }
        finally
        {
            await TestServers.ExecutePostgresAsync(database.ConnectionString, $"DROP OWNED BY {role}; DROP ROLE {role}");
        }
    }

    [Fact]
    public async Task An_unreachable_server_is_a_clear_message_without_the_password()
    {
        var schema = SchemaJson.Deserialize(EngineTestSupport.ReadRepositoryFile("tests/Appliance.Core.Tests/Sql/Schemas/postgres-fixture.schema.json"));
        var data = MockTestSupport.Generate(schema, rows: 5);
        var settings = new ConnectionSettings
        {
            Engine = DatabaseEngine.Postgres, Host = "127.0.0.1", Port = EngineTestSupport.FreePort(), Database = "x", Username = "u", Password = "Do-not-print-me", ConnectTimeoutSeconds = 3,
        };

        var error = await Assert.ThrowsAsync<MockLoadException>(() => Loader.LoadAsync(settings, data, cancellationToken: Token));

        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Do-not-print-me", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Table);
    }

    internal static async Task AssertLoadedAsync(TemporaryDatabase database, DatabaseSchema schema, MockDataSet data, MockLoadResult result)
    {
        Assert.Equal(data.TotalRows, result.TotalRows);
        await using var connection = await OpenAsync(database);
        foreach (var table in data.Tables)
        {
            Assert.Equal((table.Plan.QualifiedName, table.RowCount), (table.Plan.QualifiedName, await ConstraintVerifier.RowCountAsync(connection, table.Plan.Table, SqlDialect.Postgres)));
        }

        Assert.All(data.Tables, t => Assert.True(t.RowCount > 0, $"{t.Plan.QualifiedName} got no rows"));
        Assert.Empty(await ConstraintVerifier.ViolationsAsync(connection, schema, SqlDialect.Postgres));
    }

    private static async Task AssertEmptyAsync(TemporaryDatabase database, DatabaseSchema schema, string? except = null)
    {
        await using var connection = await OpenAsync(database);
        foreach (var table in schema.Tables.Where(t => t.Name != except))
        {
            Assert.Equal((table.QualifiedName, 0L), (table.QualifiedName, await ConstraintVerifier.RowCountAsync(connection, table, SqlDialect.Postgres)));
        }
    }

    private static int Index(MockTableData table, string column) => table.Columns.Select(c => c.Name).ToList().IndexOf(column);

    private static async Task<TemporaryDatabase> CreateAsync(string script, string? afterwards = null)
    {
        var database = await TestServers.CreatePostgresDatabaseAsync("mock");
        await TestServers.ExecutePostgresAsync(database.ConnectionString, script);
        if (afterwards is not null)
        {
            await TestServers.ExecutePostgresAsync(database.ConnectionString, afterwards);
        }

        return database;
    }

    private static Task<DatabaseSchema> IngestAsync(TemporaryDatabase database) =>
        new PostgresEngineAdapter().ReadSchemaAsync(Settings(database), Token);

    private static ConnectionSettings Settings(TemporaryDatabase database) => Settings(database.ConnectionString);

    private static ConnectionSettings Settings(string connectionString) => MockTestSupport.Settings(DatabaseEngine.Postgres, connectionString);

    private static async Task<NpgsqlConnection> OpenAsync(TemporaryDatabase database)
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Token);
        return connection;
    }

    private static async Task<string?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync(Token);
    }
}
