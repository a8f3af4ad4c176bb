using Appliance.Core.Sql;
using Appliance.Infrastructure.Query;
using MySqlConnector;

namespace Appliance.Infrastructure.Tests.Query;

/// <summary>Results, caps, timeouts, cancellation, errors and write mode against a real MariaDB server, as an account that can write.</summary>
public sealed class MySqlQueryRunnerTests(MySqlSandboxFixture fixture) : IClassFixture<MySqlSandboxFixture>
{
    /// <summary>A thousand numbers; joined with itself it streams rows (or counts) far beyond any limit used here.</summary>
    private const string Thousand = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 1000)";

    private const string Heavy = Thousand + " SELECT COUNT(*) FROM r a, r b, r c, r d";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_row_of_many_types_maps_to_display_kinds_and_safe_values()
    {
        var sandbox = await fixture.GetAsync();
        var result = await QueryTestSupport.Runner().ReadAsync(sandbox.Writer, "SELECT * FROM typed", Token);

        var kinds = result.Columns.ToDictionary(c => c.Name, c => c.Kind);
        foreach (var name in new[] { "ti", "si", "i", "bi", "ubi", "dc", "fl", "db", "y" })
        {
            Assert.True(kinds[name] == ColumnKind.Number, $"{name}: {kinds[name]}");
        }

        foreach (var name in new[] { "vc", "tx", "ch", "e", "u" })
        {
            Assert.True(kinds[name] == ColumnKind.Text, $"{name}: {kinds[name]}");
        }

        foreach (var name in new[] { "d", "dt", "ts", "t", "zero" })
        {
            Assert.True(kinds[name] == ColumnKind.DateTime, $"{name}: {kinds[name]}");
        }

        Assert.Equal((ColumnKind.Boolean, ColumnKind.Binary, ColumnKind.Binary), (kinds["b"], kinds["bl"], kinds["vb"]));

        // MariaDB's JSON is an alias of LONGTEXT and reaches the driver as text (MySQL's own JSON type is reported as JSON).
        Assert.Equal(ColumnKind.Text, kinds["j"]);

        var row = Assert.Single(result.Rows);
        var value = result.Columns.Select((c, i) => (c.Name, Value: row[i])).ToDictionary(x => x.Name, x => x.Value);
        Assert.Equal(1L, value["ti"]);
        Assert.Equal(4L, value["bi"]);
        Assert.Equal(18446744073709551615m, value["ubi"]);
        Assert.Equal(1.50m, value["dc"]);
        Assert.Equal(2.5d, value["fl"]);
        Assert.Equal(("var", "text", "c", "b"), (value["vc"], value["tx"], value["ch"], value["e"]));
        Assert.Equal(true, value["b"]);
        Assert.Equal(new DateTime(2024, 2, 29), value["d"]);
        Assert.Equal(new DateTime(2024, 2, 29, 12, 34, 56), value["dt"]);
        Assert.Equal(new TimeSpan(12, 34, 56), value["t"]);
        Assert.Equal("0x0102ff", value["bl"]);
        Assert.Equal("0x0a0b", value["vb"]);
        Assert.Equal("""{"a": 1}""", value["j"]);
        Assert.Equal("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", value["u"]);
        Assert.StartsWith("0000-00-00", Assert.IsType<string>(value["zero"]), StringComparison.Ordinal);
        Assert.Null(value["n"]);
        Assert.Equal(StatementKind.Select, result.StatementKind);
    }

    [Fact]
    public async Task The_row_cap_keeps_exactly_max_rows_marks_the_result_and_stops_the_query_on_the_server()
    {
        var sandbox = await fixture.GetAsync();
        var marker = Marker();

        var result = await QueryTestSupport.Runner(maxRows: 100).ReadAsync(sandbox.Writer, $"{Thousand} SELECT a.n /* {marker} */ FROM r a, r b, r c", Token);

        Assert.Equal((100, QueryTruncation.RowLimit), (result.RowCount, result.Truncation));
        Assert.True(await QueryTestSupport.EventuallyAsync(async () => await RunningAsync(marker) == 0), "the rest of the result was still being produced on the server");
    }

    [Fact]
    public async Task The_byte_cap_keeps_the_rows_that_fit_and_marks_the_result()
    {
        var sandbox = await fixture.GetAsync();

        var result = await QueryTestSupport.Runner(maxBytes: 10_000).ReadAsync(sandbox.Writer, $"{Thousand} SELECT REPEAT('x', 1000) FROM r", Token);

        Assert.Equal((10, QueryTruncation.ByteLimit, 10_000L), (result.RowCount, result.Truncation, result.Bytes));
    }

    [Fact]
    public async Task A_heavy_query_is_stopped_by_the_server_timeout_and_reported_as_a_timeout()
    {
        var sandbox = await fixture.GetAsync();
        var marker = Marker();

        var error = await Assert.ThrowsAsync<QueryException>(() =>
            QueryTestSupport.Runner(timeoutSeconds: 1).ReadAsync(sandbox.Writer, $"{Heavy} /* {marker} */", Token));

        Assert.Equal(QueryErrorKind.Timeout, error.Kind);
        Assert.Equal("1969", error.ServerCode);
        Assert.Equal(0, await RunningAsync(marker));
    }

    [Fact]
    public async Task Without_the_server_timeout_the_appliance_deadline_stops_the_query_on_the_server()
    {
        var sandbox = await fixture.GetAsync();
        var marker = Marker();

        var error = await Assert.ThrowsAsync<QueryException>(() =>
            QueryTestSupport.Runner(SafetyLayers.All & ~SafetyLayers.ServerTimeout, timeoutSeconds: 1).ReadAsync(sandbox.Writer, $"{Heavy} /* {marker} */", Token));

        Assert.Equal(QueryErrorKind.Timeout, error.Kind);
        Assert.True(await QueryTestSupport.EventuallyAsync(async () => await RunningAsync(marker) == 0), "the query kept running on the server");
    }

    [Fact]
    public async Task Cancelling_the_token_stops_the_query_on_the_server()
    {
        var sandbox = await fixture.GetAsync();
        var marker = Marker();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var run = QueryTestSupport.Runner(timeoutSeconds: 120).ReadAsync(sandbox.Writer, $"{Heavy} /* {marker} */", cancel.Token);
        await Task.Delay(300, Token);
        Assert.True(await QueryTestSupport.EventuallyAsync(async () => await RunningAsync(marker) == 1), "the query never started");
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAsync<QueryException>(() => run);
        Assert.Equal(QueryErrorKind.Cancelled, error.Kind);
        Assert.True(await QueryTestSupport.EventuallyAsync(async () => await RunningAsync(marker) == 0), "the query kept running on the server");
    }

    [Fact]
    public async Task A_syntax_error_carries_the_server_message()
    {
        var sandbox = await fixture.GetAsync();

        var error = await Assert.ThrowsAsync<QueryException>(() =>
            QueryTestSupport.Runner(SafetyLayers.All & ~SafetyLayers.Policy).ReadAsync(sandbox.Writer, "SELECT 1 FROM FROM canary", Token));

        Assert.Equal(QueryErrorKind.Syntax, error.Kind);
        Assert.Contains("near 'FROM canary'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_a_connection_error_that_never_shows_the_password()
    {
        var sandbox = await fixture.GetAsync();
        const string wrong = "Wr0ng-Query-Passw0rd";

        var error = await Assert.ThrowsAsync<QueryException>(() =>
            QueryTestSupport.Runner().ReadAsync(sandbox.Writer with { Password = wrong }, "SELECT 1", Token));

        Assert.Equal(QueryErrorKind.Connection, error.Kind);
        Assert.Equal(Appliance.Infrastructure.Engines.ConnectionProblem.AuthenticationFailed, error.ConnectionProblem);
        Assert.DoesNotContain(wrong, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_mode_commits_one_statement_and_reports_the_rows_affected()
    {
        var sandbox = await fixture.GetAsync();
        var runner = QueryTestSupport.Runner();
        var id = Random.Shared.Next(10_000, 1_000_000);

        var insert = await runner.WriteAsync(sandbox.Writer, $"INSERT INTO canary VALUES ({id}, 'written'), ({id + 1}, 'written')", Token);
        var update = await runner.WriteAsync(sandbox.Writer, $"UPDATE canary SET note = 'updated' WHERE id = {id}", Token);
        var table = "written_" + Guid.NewGuid().ToString("N")[..8];
        var create = await runner.WriteAsync(sandbox.Writer, $"CREATE TABLE {table} (a INT)", Token);

        Assert.Equal((StatementKind.Insert, 2L), (insert.StatementKind, insert.RowsAffected));
        Assert.Equal((StatementKind.Update, 1L), (update.StatementKind, update.RowsAffected));
        Assert.Equal((StatementKind.Create, (long?)null), (create.StatementKind, create.RowsAffected));
        Assert.Equal("updated", await ScalarAsync(sandbox, $"SELECT note FROM canary WHERE id = {id}"));
        Assert.Equal(table, await ScalarAsync(sandbox, $"SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}'"));
    }

    [Fact]
    public async Task Write_mode_refuses_a_script_of_several_statements()
    {
        var sandbox = await fixture.GetAsync();
        var before = await sandbox.FingerprintAsync();

        var error = await Assert.ThrowsAsync<QueryException>(() =>
            QueryTestSupport.Runner().WriteAsync(sandbox.Writer, "INSERT INTO canary VALUES (70001, 'a'); DELETE FROM canary", Token));

        Assert.Equal(QueryErrorKind.Refused, error.Kind);
        Assert.Equal(before, await sandbox.FingerprintAsync());
    }

    private static string Marker() => "run_" + Guid.NewGuid().ToString("N");

    /// <summary>Statements containing <paramref name="marker"/> running on the server right now (seen from a separate admin connection).</summary>
    private async Task<long> RunningAsync(string marker)
    {
        var sandbox = await fixture.GetAsync();
        await using var connection = new MySqlConnection(sandbox.AdminConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new MySqlCommand(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND COMMAND = 'Query' AND INSTR(INFO, @marker) > 0", connection);
        command.Parameters.AddWithValue("@marker", marker);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Token), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string?> ScalarAsync(MySqlSandbox sandbox, string sql)
    {
        await using var connection = new MySqlConnection(sandbox.AdminConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new MySqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync(Token);
    }
}
