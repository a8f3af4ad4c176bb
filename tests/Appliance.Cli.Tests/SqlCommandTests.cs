using System.Text.Json;
using Appliance.Cli;
using Appliance.Tests;

namespace Appliance.Cli.Tests;

public sealed class SqlCommandTests
{
    [Theory]
    [InlineData("postgres", "SELECT DISTINCT ON (a) a, b FROM t ORDER BY a, b DESC")]
    [InlineData("mysql", "SELECT `weird name` FROM `db`.`t` LIMIT 10, 20")]
    [InlineData("tsql", "SELECT TOP (5) WITH TIES [x]]y] FROM dbo.t ORDER BY 1")]
    public async Task Parse_prints_ok_for_one_valid_statement(string dialect, string sql)
    {
        var (code, output, error) = await CliRunner.RunAsync("sql", "parse", "--dialect", dialect, sql);

        Assert.Equal(0, code);
        Assert.Equal("ok", output.Trim());
        Assert.Empty(error);
    }

    [Fact]
    public async Task Parse_lists_the_statements_of_a_script_file_with_go_batches()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "SELECT 1;\nUPDATE t SET a = 1\nGO\nDROP TABLE t\n");
        try
        {
            var (code, output, _) = await CliRunner.RunAsync("sql", "parse", "--dialect", "tsql", "--file", file);

            Assert.Equal(0, code);
            Assert.Equal(["1: select (line 1)", "2: update (line 2)", "3: drop (line 4)"], output.Trim().Split('\n'));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_parse_error_exits_2_with_line_and_column()
    {
        var (code, output, error) = await CliRunner.RunAsync("sql", "parse", "--dialect", "postgres", "SELECT a,\n  FROM t");

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("2:3: ", error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_is_machine_readable()
    {
        var ok = await CliRunner.RunAsync("sql", "parse", "--dialect", "mysql", "--json", "SELECT 1; INSERT INTO t VALUES (1)");
        var bad = await CliRunner.RunAsync("sql", "parse", "--dialect", "mysql", "--json", "SELECT (1");

        using var statements = JsonDocument.Parse(ok.Output);
        Assert.Equal(["select", "insert"], statements.RootElement.GetProperty("statements").EnumerateArray().Select(s => s.GetProperty("kind").GetString()));
        using var failure = JsonDocument.Parse(bad.Error);
        Assert.Equal(2, bad.Code);
        Assert.Equal(1, failure.RootElement.GetProperty("error").GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Format_prints_sql_that_parses_to_the_same_statement()
    {
        var (code, output, _) = await CliRunner.RunAsync("sql", "format", "--dialect", "postgres", "select a,b from t join u on t.id=u.id where a>1 order by b desc limit 3");

        Assert.Equal(0, code);
        Assert.Equal("SELECT a, b\nFROM t\n    JOIN u ON t.id = u.id\nWHERE a > 1\nORDER BY b DESC\nLIMIT 3;", output.Trim().ReplaceLineEndings("\n"));
        var again = await CliRunner.RunAsync("sql", "format", "--dialect", "postgres", output);
        Assert.Equal(output, again.Output);
    }

    [Theory]
    [InlineData("SELECT * FROM t WHERE a = 1", 0, "allowed: ")]
    [InlineData("DELETE FROM t", 3, "refused: A DELETE statement is not allowed")]
    [InlineData("SELECT 1; DROP TABLE t", 3, "refused: The text holds 2 statements")]
    [InlineData("SELECT pg_sleep(10)", 3, "refused: The function pg_sleep is not allowed")]
    [InlineData("SELEC 1", 2, "")]
    public async Task Check_exits_0_when_allowed_3_when_refused_and_2_on_a_parse_error(string sql, int expectedCode, string expected)
    {
        var (code, output, _) = await CliRunner.RunAsync("sql", "check", "--dialect", "postgres", sql);

        Assert.Equal(expectedCode, code);
        Assert.StartsWith(expected, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "sql", "parse", "--dialect", "oracle", "SELECT 1" }, 1, "unknown dialect 'oracle'")]
    [InlineData(new[] { "sql", "parse", "--dialect", "postgres" }, 1, "either as an argument or with --file")]
    [InlineData(new[] { "sql", "parse", "--dialect", "postgres", "--file", "/nonexistent/q.sql" }, 1, "cannot read")]
    [InlineData(new[] { "sql", "format", "--dialect", "postgres", "  ;  " }, 2, "no SQL statement")]
    public async Task Bad_invocations_are_one_clear_line(string[] args, int expectedCode, string expected)
    {
        var (code, _, error) = await CliRunner.RunAsync(args);

        Assert.Equal(expectedCode, code);
        Assert.Contains(expected, Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    private static string DemoSchema => Path.Combine(AppContext.BaseDirectory, "Schemas", "demo.schema.json");

    [Fact]
    public async Task Explain_with_a_schema_words_the_query_with_its_comments()
    {
        var (code, output, error) = await CliRunner.RunAsync("sql", "explain", "--dialect", "sqlite", "--schema", DemoSchema,
            "SELECT c.email, count(*) AS orders FROM customers c JOIN orders o ON o.customer_id = c.customer_id GROUP BY c.email ORDER BY orders DESC LIMIT 3");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.StartsWith("For each c.email, counts", output, StringComparison.Ordinal);
        Assert.Contains("Reads customers (as c) — People and companies who place orders.", output, StringComparison.Ordinal);
        Assert.Contains("inner join", output, StringComparison.Ordinal);
        Assert.Contains("Returns only the first 3 rows.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_reports_unknown_names_against_the_schema_and_gives_json()
    {
        var (code, output, _) = await CliRunner.RunAsync("sql", "explain", "--dialect", "sqlite", "--schema", DemoSchema, "--json", "SELECT emial FROM custmers");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var statement = json.RootElement.GetProperty("statements")[0];
        Assert.Equal(["Table \"custmers\" does not exist. Did you mean \"customers\"?"], statement.GetProperty("problems").EnumerateArray().Select(p => p.GetString()));
        Assert.NotEmpty(statement.GetProperty("steps").EnumerateArray());
    }

    [Fact]
    public async Task Explain_without_a_schema_still_explains_and_a_bad_schema_file_is_one_line()
    {
        var plain = await CliRunner.RunAsync("sql", "explain", "--dialect", "postgres", "DELETE FROM t");
        Assert.Equal(0, plain.Code);
        Assert.StartsWith("Deletes every row of t.", plain.Output, StringComparison.Ordinal);
        Assert.Contains("Warning: There is no WHERE clause", plain.Output, StringComparison.Ordinal);

        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "{ not json");
        try
        {
            var bad = await CliRunner.RunAsync("sql", "explain", "--dialect", "postgres", "--schema", file, "SELECT 1");
            Assert.Equal(1, bad.Code);
            Assert.Single(bad.Error.Trim().Split('\n'));
            Assert.Contains("is not a schema file of the appliance", bad.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Lint_prints_rule_why_and_rewrite_and_json_has_the_same_findings()
    {
        var text = await CliRunner.RunAsync("sql", "lint", "--dialect", "sqlite", "--schema", DemoSchema, "SELECT * FROM customers WHERE email = NULL");
        var json = await CliRunner.RunAsync("sql", "lint", "--dialect", "sqlite", "--schema", DemoSchema, "--json", "SELECT * FROM customers WHERE email = NULL");

        Assert.Equal(0, text.Code);
        Assert.Contains("SQL015 null-comparison", text.Output, StringComparison.Ordinal);
        Assert.Contains("SQL001 select-star", text.Output, StringComparison.Ordinal);
        Assert.Contains("  why: ", text.Output, StringComparison.Ordinal);
        Assert.Contains("email IS NULL", text.Output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Output);
        var rules = document.RootElement.GetProperty("statements")[0].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ToList();
        Assert.Contains("SQL015", rules);
        Assert.Contains("SQL001", rules);
        Assert.EndsWith($"{rules.Count} findings", text.Output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_of_a_clean_query_says_so()
    {
        var (code, output, _) = await CliRunner.RunAsync("sql", "lint", "--dialect", "sqlite", "--schema", DemoSchema, "SELECT name FROM regions WHERE region_code = 'EMEA'");

        Assert.Equal(0, code);
        Assert.Equal("no findings", output.Trim());
    }

    [Fact]
    public async Task Advise_on_real_PostgreSQL_proposes_the_index_and_shows_HypoPG_costs()
    {
        await using var database = await TestServers.CreatePostgresDatabaseAsync("advise");
        await TestServers.ExecutePostgresAsync(database.ConnectionString, """
            CREATE TABLE events (id bigint PRIMARY KEY, account_id integer NOT NULL, created_at timestamptz NOT NULL, note text);
            INSERT INTO events SELECT g, g % 5000, timestamptz '2024-01-01' + g * interval '1 minute', 'n' FROM generate_series(1, 200000) g;
            ANALYZE events;
            """);

        var (code, output, error) = await CliRunner.RunAsync("sql", "advise", "--engine", "postgres", "--connection", database.ConnectionString,
            "SELECT id FROM events WHERE account_id = 42 AND created_at >= '2024-03-01'");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("CREATE INDEX", output, StringComparison.Ordinal);
        Assert.Contains("(account_id, created_at", output, StringComparison.Ordinal);
        Assert.Contains("used by the planner with a hypothetical index", output, StringComparison.Ordinal);
        Assert.Matches(@"estimated cost: [0-9.]+ -> [0-9.]+ \([0-9.]+x cheaper\)", output);
    }

    [Fact]
    public async Task Advise_against_an_unreachable_server_is_one_line()
    {
        var (code, _, error) = await CliRunner.RunAsync("sql", "advise", "--engine", "postgres", "--connection", "Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d;Timeout=2", "SELECT 1");

        Assert.Equal(1, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("appliance sql advise: ", error, StringComparison.Ordinal);
    }
}
