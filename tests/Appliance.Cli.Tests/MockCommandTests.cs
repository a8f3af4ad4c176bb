using System.Text.RegularExpressions;
using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Infrastructure.Demo;
using Appliance.Tests;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Appliance.Cli.Tests;

public sealed partial class MockCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("appliance-mock-").FullName;

    private static string DemoSchema => Path.Combine(AppContext.BaseDirectory, "Schemas", "demo.schema.json");

    private static string PostgresSchema => Path.Combine(AppContext.BaseDirectory, "Schemas", "postgres-fixture.schema.json");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Csv_writes_a_file_per_table_and_one_summary_line_and_the_same_seed_gives_the_same_bytes()
    {
        var first = Path.Combine(_directory, "first");
        var second = Path.Combine(_directory, "second");

        var (code, output, error) = await CliRunner.RunAsync("mock", "--schema", DemoSchema, "--rows", "20", "--seed", "3", "--format", "csv", "--out", first);
        var again = await CliRunner.RunAsync("mock", "--schema", DemoSchema, "--rows", "20", "--seed", "3", "--format", "csv", "--out", second);

        Assert.Equal((0, 0), (code, again.Code));
        Assert.DoesNotContain("error", error, StringComparison.OrdinalIgnoreCase);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var match = Summary().Match(line);
        Assert.True(match.Success, line);
        Assert.Equal("18", match.Groups["tables"].Value);
        Assert.Equal("18", match.Groups["files"].Value);
        var files = Directory.GetFiles(first).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(18, files.Count);
        Assert.Contains(Path.Combine(first, "main.order_lines.csv"), files);
        Assert.Equal(long.Parse(match.Groups["rows"].Value, System.Globalization.CultureInfo.InvariantCulture),
            files.Sum(f => File.ReadAllText(f).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1L));
        Assert.All(files, f => Assert.Equal(File.ReadAllBytes(f), File.ReadAllBytes(Path.Combine(second, Path.GetFileName(f)))));
    }

    [Fact]
    public async Task Sql_writes_one_script_in_the_chosen_dialect()
    {
        var (code, output, _) = await CliRunner.RunAsync("mock", "--schema", DemoSchema, "--rows", "5", "--seed", "42", "--format", "sql", "--dialect", "postgres", "--out", _directory);

        Assert.Equal(0, code);
        Assert.Contains("(1 file in ", output, StringComparison.Ordinal);
        var script = await File.ReadAllTextAsync(Path.Combine(_directory, "mock-data.postgres.sql"), TestContext.Current.CancellationToken);
        Assert.StartsWith("-- Mock data: seed 42,", script, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", script.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("INSERT INTO \"main\".\"order_lines\"", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tables_rows_for_and_children_shape_what_is_generated()
    {
        var (code, output, error) = await CliRunner.RunAsync("mock", "--schema", DemoSchema, "--tables", "order_lines", "--rows", "3",
            "--rows-for", "orders=6", "--rows-for", "customers=4,products=5", "--children", "order_lines.order_id=2-2", "--format", "ndjson", "--out", _directory);

        Assert.True(code == 0, error);
        int Lines(string table) => File.ReadAllLines(Path.Combine(_directory, $"main.{table}.ndjson")).Length;
        Assert.Equal(6, Lines("orders"));
        Assert.Equal(12, Lines("order_lines"));
        Assert.Equal(4, Lines("customers"));
        Assert.Equal(5, Lines("products"));
        Assert.False(File.Exists(Path.Combine(_directory, "main.payments.ndjson")), "a table not asked for (nor needed) was generated");
        Assert.Contains(" in ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_fills_a_sqlite_file_in_one_go()
    {
        var file = Path.Combine(_directory, "sandbox.db");
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = DemoDatabase.Script();
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var (code, output, error) = await CliRunner.RunAsync("mock", "--schema", DemoSchema, "--rows", "15", "--load", "--engine", "sqlite", "--connection", $"Data Source={file}");

        Assert.True(code == 0, error);
        var match = Summary().Match(output.Trim());
        Assert.True(match.Success, output);
        Assert.EndsWith("(loaded into SQLite)", output.Trim(), StringComparison.Ordinal);
        await using var check = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await check.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = check.CreateCommand();
        count.CommandText = "SELECT (SELECT count(*) FROM customers) || ',' || (SELECT count(*) FROM promotions)";
        Assert.Equal("15,15", (string?)await count.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Ingest_then_load_into_a_real_postgres_with_the_connection_from_standard_input()
    {
        _ = TestServers.PostgresAdmin;
        await using var database = await TestServers.CreatePostgresDatabaseAsync("climock");
        await TestServers.ExecutePostgresAsync(database.ConnectionString, """
            CREATE TABLE team (id integer PRIMARY KEY, name varchar(60) NOT NULL UNIQUE, lead_id integer);
            CREATE TABLE member (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, team_id integer NOT NULL REFERENCES team (id),
                mentor_id integer REFERENCES member (id), joined date NOT NULL, left_on date, CHECK (left_on > joined));
            ALTER TABLE team ADD FOREIGN KEY (lead_id) REFERENCES member (id);
            """);
        var schemaFile = Path.Combine(_directory, "schema.json");
        var ingest = await CliRunner.RunAsync("ingest", "--engine", "postgres", "--connection", database.ConnectionString, "--out", schemaFile);
        Assert.True(ingest.Code == 0, ingest.Error);

        var (code, output, error) = await CliRunner.RunWithInputAsync(database.ConnectionString + "\n",
            "mock", "--schema", schemaFile, "--rows", "50", "--rows-for", "team=5", "--load", "--engine", "postgres", "--connection", "-");

        Assert.True(code == 0, error);
        Assert.Matches(@"^mock: 55 rows in 2 tables in \d+\.\d+ s \(loaded into PostgreSQL, \d+ cyclic references set afterwards\)$", output.Trim());
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT (SELECT count(*) FROM member) + (SELECT count(*) FROM team) + (SELECT count(lead_id) FROM team) * 0", connection);
        Assert.Equal(55L, (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }

    [Fact]
    public async Task A_check_no_value_can_satisfy_fails_naming_the_constraint()
    {
        var schema = new DatabaseSchema
        {
            Engine = DatabaseEngine.Postgres,
            Schemas = [new SchemaNamespace { Name = "public" }],
            Tables =
            [
                new Table
                {
                    Schema = "public",
                    Name = "window",
                    Columns =
                    [
                        new Column { Name = "id", Ordinal = 1, DataType = "integer", BaseType = "int4" },
                        new Column { Name = "x", Ordinal = 2, DataType = "integer", BaseType = "int4" },
                    ],
                    PrimaryKey = new KeyConstraint { Name = "window_pkey", Columns = ["id"] },
                    CheckConstraints = [new CheckConstraint { Name = "x_window", Expression = "x > 10 AND x < 5" }],
                },
            ],
        };
        var file = Path.Combine(_directory, "impossible.json");
        await File.WriteAllTextAsync(file, SchemaJson.Serialize(schema), TestContext.Current.CancellationToken);

        var (code, output, error) = await CliRunner.RunAsync("mock", "--schema", file, "--format", "csv", "--out", Path.Combine(_directory, "out"));

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("x_window", error.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "out")) && Directory.EnumerateFiles(Path.Combine(_directory, "out")).Any());
    }

    [Theory]
    [InlineData(new[] { "--rows", "3" }, "choose either --format")]
    [InlineData(new[] { "--format", "csv", "--out", "{dir}", "--load" }, "choose either --format")]
    [InlineData(new[] { "--format", "xml", "--out", "{dir}" }, "unknown format 'xml'")]
    [InlineData(new[] { "--format", "csv" }, "give --out")]
    [InlineData(new[] { "--format", "sql", "--dialect", "oracle", "--out", "{dir}" }, "unknown dialect 'oracle'")]
    [InlineData(new[] { "--rows-for", "customers", "--format", "csv", "--out", "{dir}" }, "--rows-for customers: write it as table=N")]
    [InlineData(new[] { "--children", "order_lines=1-5", "--format", "csv", "--out", "{dir}" }, "table.fk_column=MIN-MAX")]
    [InlineData(new[] { "--null-rate", "2", "--format", "csv", "--out", "{dir}" }, "null rate must be between 0 and 1")]
    [InlineData(new[] { "--load", "--engine", "oracle", "--connection", "x" }, "unknown engine 'oracle'")]
    [InlineData(new[] { "--load", "--engine", "postgres", "--connection", "Host=127.0.0.1" }, "SQLite schema")]
    [InlineData(new[] { "--load", "--engine", "sqlite", "--connection", "Data Source=/nonexistent/dir/none.db" }, "does not exist")]
    public async Task Failures_exit_1_with_one_clear_line(string[] arguments, string expected)
    {
        string[] args = ["mock", "--schema", DemoSchema, .. arguments.Select(a => a.Replace("{dir}", Path.Combine(_directory, "out"), StringComparison.Ordinal))];

        var (code, output, error) = await CliRunner.RunAsync(args);

        Assert.Equal(1, code);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => !l.Contains("warning:", StringComparison.Ordinal));
        Assert.StartsWith("appliance mock: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_fails_with_one_line_and_never_the_password()
    {
        var (code, output, error) = await CliRunner.RunAsync("mock", "--schema", PostgresSchema, "--rows", "5", "--load", "--engine", "postgres",
            "--connection", "Host=127.0.0.1;Port=1;Username=x;Password=Do-not-print-me;Timeout=3");

        Assert.Equal(1, code);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => !l.Contains("warning:", StringComparison.Ordinal));
        Assert.Contains("refused", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Do-not-print-me", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_schema_file_is_one_clear_line()
    {
        var (code, _, error) = await CliRunner.RunAsync("mock", "--schema", Path.Combine(_directory, "none.json"), "--format", "csv", "--out", _directory);

        Assert.Equal(1, code);
        Assert.StartsWith("appliance mock: cannot read ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_documents_the_verb()
    {
        var (code, output, _) = await CliRunner.RunAsync("mock", "--help");

        Assert.Equal(0, code);
        foreach (var option in new[] { "--schema", "--rows", "--rows-for", "--seed", "--format", "--dialect", "--out", "--load", "--engine", "--connection" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"^mock: (?<rows>\d+) rows in (?<tables>\d+) tables in \d+\.\d+ s \(((?<files>\d+) files? in .+|loaded into .+)\)$")]
    private static partial Regex Summary();
}
