using Appliance.Core.Sql;
using Appliance.Infrastructure.Query;
using Npgsql;

namespace Appliance.Infrastructure.Tests.Query;

/// <summary>Results, caps, timeouts, cancellation, errors and write mode against a real PostgreSQL server, as a role that can write.</summary>
public sealed class PostgresQueryRunnerTests(PostgresSandboxFixture fixture) : IClassFixture<PostgresSandboxFixture>
{
    /// <summary>Rows enough to keep the server busy far beyond any limit used here.</summary>
    private const string Heavy = "SELECT count(*) FROM generate_series(1, 100000000) a, generate_series(1, 100000000) b";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_row_of_many_types_maps_to_display_kinds_and_safe_values()
    {
        var sandbox = await fixture.GetAsync();
        var result = await QueryTestSupport.Runner().ReadAsync(sandbox.Writer, """
            SELECT 1::int2 AS small, 2::int4 AS regular, 3::int8 AS big, 1.5::numeric(5, 2) AS exact, 2.5::float4 AS single, 3.5::float8 AS double,
                   'text'::text AS txt, 'var'::varchar(10) AS var, 'c'::char(3) AS fixed, true AS flag,
                   DATE '2024-02-29' AS day, TIMESTAMP '2024-02-29 12:34:56' AS stamp, TIMESTAMPTZ '2024-02-29 12:34:56+00' AS stamptz,
                   TIME '12:34:56' AS clock, INTERVAL '1 day 2 hours' AS span, '\x0102ff'::bytea AS raw,
                   '{"a": 1}'::json AS doc, '{"b": [1, 2]}'::jsonb AS docb, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS id,
                   ARRAY[1, 2, 3] AS numbers, '192.168.0.1'::inet AS address, NULL::text AS nothing, 'happy'::mood AS feeling
            """, Token);

        var kinds = result.Columns.ToDictionary(c => c.Name, c => c.Kind);
        foreach (var name in new[] { "small", "regular", "big", "exact", "single", "double" })
        {
            Assert.Equal(ColumnKind.Number, kinds[name]);
        }

        foreach (var name in new[] { "txt", "var", "fixed", "id", "feeling" })
        {
            Assert.Equal(ColumnKind.Text, kinds[name]);
        }

        foreach (var name in new[] { "day", "stamp", "stamptz", "clock", "span" })
        {
            Assert.Equal(ColumnKind.DateTime, kinds[name]);
        }

        Assert.Equal((ColumnKind.Boolean, ColumnKind.Binary, ColumnKind.Json, ColumnKind.Json), (kinds["flag"], kinds["raw"], kinds["doc"], kinds["docb"]));
        Assert.Equal((ColumnKind.Other, ColumnKind.Other), (kinds["numbers"], kinds["address"]));
        Assert.Equal(("smallint", "jsonb", "inet"), (result.Columns[0].DatabaseType, result.Columns[17].DatabaseType, result.Columns[20].DatabaseType));
        Assert.StartsWith("numeric", result.Columns[3].DatabaseType, StringComparison.Ordinal);

        var row = Assert.Single(result.Rows);
        var value = result.Columns.Select((c, i) => (c.Name, Value: row[i])).ToDictionary(x => x.Name, x => x.Value);
        Assert.Equal(1L, value["small"]);
        Assert.Equal(3L, value["big"]);
        Assert.Equal(1.50m, value["exact"]);
        Assert.Equal(2.5d, value["single"]);
        Assert.Equal("c  ", value["fixed"]);
        Assert.Equal(true, value["flag"]);
        Assert.Equal(new DateOnly(2024, 2, 29), value["day"]);
        Assert.Equal(new TimeOnly(12, 34, 56), value["clock"]);
        Assert.Equal(new TimeSpan(1, 2, 0, 0), value["span"]);
        Assert.Equal("0x0102ff", value["raw"]);
        Assert.Equal("""{"a": 1}""", value["doc"]);
        Assert.Equal("""{"b": [1, 2]}""", value["docb"]);
        Assert.Equal("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", value["id"]);
        Assert.Equal("{1,2,3}", value["numbers"]);
        Assert.Equal("192.168.0.1", value["address"]);
        Assert.Null(value["nothing"]);
        Assert.Equal("happy", value["feeling"]);
        Assert.Equal(StatementKind.Select, result.StatementKind);
        Assert.Equal(QueryTruncation.None, result.Truncation);
    }

    [Fact]
    public async Task A_long_binary_value_is_shown_as_a_hex_preview_with_its_length()
    {
        var sandbox = await fixture.GetAsync();
        var result = await QueryTestSupport.Runner().ReadAsync(sandbox.Writer, "SELECT decode(repeat('ab', 100), 'hex') AS blob", Token);

        Assert.Equal("0x" + string.Concat(Enumerable.Repeat("ab", 32)) + "… (100 bytes)", Assert.Single(result.Rows)[0]);
    }

    [Fact]
    public async Task The_row_cap_keeps_exactly_max_rows_marks_the_result_and_stops_the_query_on_the_server()
    {
        var sandbox = await fixture.GetAsync();
        var marker = Marker();

        var result = await QueryTestSupport.Runner(maxRows: 100).ReadAsync(
            // A set-returning function in the select list streams its rows (in FROM it would be materialized first).
            sandbox.Writer, $"SELECT generate_series(1, 1000000000) /* {marker} */", Token);

        Assert.Equal(100, result.RowCount);
        Assert.Equal(QueryTruncation.RowLimit, result.Truncation);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (object?)(long)i), result.Rows.Select(r => r[0]));
        Assert.True(await QueryTestSupport.EventuallyAsync(async () => await ActiveQueriesAsync(marker) == 0), "the rest of the result was still being produced on the server");
    }

    [Fact]
    public async Task A_result_of_exactly_max_rows_is_not_truncated()
    {
        var sandbox = await fixture.GetAsync();

        var result = await QueryTestSupport.Runner(maxRows: 100).ReadAsync(sandbox.Writer, "SELECT g FROM generate_series(1, 100) g", Token);

        Assert.Equal((100, QueryTruncation.None), (result.RowCount, result.Truncation));
    }

    [Fact]
    public async Task The_byte_cap_keeps_the_rows_that_fit_and_marks_the_result()
    {
        var sandbox = await fixture.GetAsync();

        // 1,000 UTF-8 bytes per row: ten rows fit in 10,000 bytes, the eleventh does not.
        var result = await QueryTestSupport.Runner(maxBytes: 10_000).ReadAsync(sandbox.Writer, "SELECT repeat('x', 1000) FROM generate_series(1, 1000)", Token);

        Assert.Equal((10, QueryTruncation.ByteLimit, 10_000L), (result.RowCount, result.Truncation, result.Bytes));
    }

    [Fact]
    public async Task Multibyte_text_counts_its_utf8_bytes_toward_the_cap()
    {
        var sandbox = await fixture.GetAsync();

        // 'é' is two bytes in UTF-8: 500 characters are 1,000 bytes.
        var result = await QueryTestSupport.Runner(maxBytes: 2_500).ReadAsync(sandbox.Writer, "SELECT repeat('é', 500) FROM generate_series(1, 10)", Token);

        Assert.Equal((2, QueryTruncation.ByteLimit, 2_000L), (result.RowCount, result.Truncation, result.Bytes));
    }

    [Fact]
    public async Task A_heavy_query_is_stopped_by_the_server_timeout_and_reported_as_a_timeout()
    {
        var sandbox = await fixture.GetAsync();
        var marker = Marker();

        var error = await Assert.ThrowsAsync<QueryException>(() =>
            QueryTestSupport.Runner(timeoutSeconds: 1).ReadAsync(sandbox.Writer, $"{Heavy} /* {marker} */", Token));

        Assert.Equal(QueryErrorKind.Timeout, error.Kind);
        Assert.Equal("57014", error.ServerCode);
        Assert.Contains("limit of 1 seconds", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await ActiveQueriesAsync(marker));
    }

    [Fact]
    public async Task Without_the_server_timeout_the_appliance_deadline_stops_the_query_on_the_server()
    {
        var sandbox = await fixture.GetAsync();
        var marker = Marker();

        var error = await Assert.ThrowsAsync<QueryException>(() =>
            QueryTestSupport.Runner(SafetyLayers.All & ~SafetyLayers.ServerTimeout, timeoutSeconds: 1).ReadAsync(sandbox.Writer, $"{Heavy} /* {marker} */", Token));

        Assert.Equal(QueryErrorKind.Timeout, error.Kind);
        Assert.Null(error.ServerCode);
        Assert.True(await QueryTestSupport.EventuallyAsync(async () => await ActiveQueriesAsync(marker) == 0), "the query kept running on the server");
    }

    [Fact]
    public async Task Cancelling_the_token_stops_the_query_on_the_server()
    {
        var sandbox = await fixture.GetAsync();
        var marker = Marker();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var run = QueryTestSupport.Runner(timeoutSeconds: 120).ReadAsync(sandbox.Writer, $"{Heavy} /* {marker} */", cancel.Token);
        Assert.True(await QueryTestSupport.EventuallyAsync(async () => await ActiveQueriesAsync(marker) == 1), "the query never started");
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAsync<QueryException>(() => run);
        Assert.Equal(QueryErrorKind.Cancelled, error.Kind);
        Assert.True(await QueryTestSupport.EventuallyAsync(async () => await ActiveQueriesAsync(marker) == 0), "the query kept running on the server");
    }

    [Fact]
    public async Task The_cancel_button_through_the_registry_stops_the_query_and_only_its_owner_may_press_it()
    {
        var sandbox = await fixture.GetAsync();
        var marker = Marker();
        var registry = new QueryRunRegistry(Microsoft.Extensions.Options.Options.Create(QueryTestSupport.Options()));
        var owner = Guid.NewGuid();
        var runId = Guid.NewGuid();
        using var lease = registry.Begin(runId, owner, Token);

        var run = QueryTestSupport.Runner(timeoutSeconds: 120).ReadAsync(sandbox.Writer, $"{Heavy} /* {marker} */", lease.Token);
        await Task.Delay(300, Token);
        Assert.True(await QueryTestSupport.EventuallyAsync(async () => await ActiveQueriesAsync(marker) == 1), "the query never started");

        Assert.Equal(QueryCancelOutcome.Forbidden, registry.Cancel(runId, Guid.NewGuid()));
        Assert.Equal(1, await ActiveQueriesAsync(marker));
        Assert.Equal(QueryCancelOutcome.Cancelled, registry.Cancel(runId, owner));

        var error = await Assert.ThrowsAsync<QueryException>(() => run);
        Assert.Equal(QueryErrorKind.Cancelled, error.Kind);
        Assert.True(await QueryTestSupport.EventuallyAsync(async () => await ActiveQueriesAsync(marker) == 0), "the query kept running on the server");
    }

    [Fact]
    public async Task A_syntax_error_carries_the_server_message_and_its_position()
    {
        var sandbox = await fixture.GetAsync();

        var error = await Assert.ThrowsAsync<QueryException>(() =>
            QueryTestSupport.Runner(SafetyLayers.All & ~SafetyLayers.Policy).ReadAsync(sandbox.Writer, "SELECT 1,\n  2 FROM FROM canary", Token));

        Assert.Equal(QueryErrorKind.Syntax, error.Kind);
        Assert.Contains("syntax error at or near \"FROM\"", error.Message, StringComparison.Ordinal);
        Assert.Equal((2, 10), error.Position);
    }

    [Fact]
    public async Task An_unknown_table_is_a_database_error_with_the_server_message()
    {
        var sandbox = await fixture.GetAsync();

        var error = await Assert.ThrowsAsync<QueryException>(() => QueryTestSupport.Runner().ReadAsync(sandbox.Writer, "SELECT * FROM no_such_table", Token));

        Assert.Equal(QueryErrorKind.Database, error.Kind);
        Assert.Equal("PostgreSQL reported an error: relation \"no_such_table\" does not exist.", error.Message);
    }

    [Fact]
    public async Task Server_notices_are_returned_with_the_result()
    {
        var sandbox = await fixture.GetAsync();

        var result = await QueryTestSupport.Runner().ReadAsync(sandbox.Writer, "SELECT canary_notice()", Token);

        Assert.Contains("NOTICE: a notice from the server", result.Notices);
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
        var create = await runner.WriteAsync(sandbox.Writer, $"CREATE TABLE {table} (a int)", Token);

        Assert.Equal((StatementKind.Insert, 2L), (insert.StatementKind, insert.RowsAffected));
        Assert.Equal((StatementKind.Update, 1L), (update.StatementKind, update.RowsAffected));
        Assert.Equal((StatementKind.Create, (long?)null), (create.StatementKind, create.RowsAffected));
        Assert.Equal("updated", await ScalarAsync(sandbox, $"SELECT note FROM canary WHERE id = {id}"));
        Assert.Equal(table, await ScalarAsync(sandbox, $"SELECT to_regclass('{table}')::text"));
    }

    [Theory]
    [InlineData("INSERT INTO canary VALUES (70001, 'a'); DELETE FROM canary", "exactly one statement")]
    [InlineData("SELECT * FROM canary", "Run it in read mode")]
    [InlineData("CALL canary_commit()", "this is CALL")]
    [InlineData("COMMIT", "this is TRANSACTION")]
    [InlineData("INSERT INTO canary VALUES (", "does not parse")]
    public async Task Write_mode_refuses_anything_but_one_data_changing_statement(string sql, string reason)
    {
        var sandbox = await fixture.GetAsync();
        var before = await sandbox.FingerprintAsync();

        var error = await Assert.ThrowsAsync<QueryException>(() => QueryTestSupport.Runner().WriteAsync(sandbox.Writer, sql, Token));

        Assert.Equal(QueryErrorKind.Refused, error.Kind);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await sandbox.FingerprintAsync());
    }

    [Fact]
    public async Task A_write_that_fails_leaves_nothing_behind()
    {
        var sandbox = await fixture.GetAsync();
        var before = await sandbox.FingerprintAsync();

        // The second row violates the primary key: the whole statement is rolled back.
        var error = await Assert.ThrowsAsync<QueryException>(() =>
            QueryTestSupport.Runner().WriteAsync(sandbox.Writer, "INSERT INTO canary VALUES (80001, 'a'), (1, 'duplicate')", Token));

        Assert.Equal(QueryErrorKind.Database, error.Kind);
        Assert.Contains("duplicate key", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await sandbox.FingerprintAsync());
    }

    private static string Marker() => "run_" + Guid.NewGuid().ToString("N");

    /// <summary>Statements containing <paramref name="marker"/> that are running on the server right now (seen from a separate admin connection).</summary>
    private async Task<long> ActiveQueriesAsync(string marker)
    {
        var sandbox = await fixture.GetAsync();
        await using var connection = new NpgsqlConnection(sandbox.AdminConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND position(@marker in query) > 0", connection);
        command.Parameters.AddWithValue("marker", marker);
        return (long)(await command.ExecuteScalarAsync(Token))!;
    }

    private static async Task<string?> ScalarAsync(PostgresSandbox sandbox, string sql)
    {
        await using var connection = new NpgsqlConnection(sandbox.AdminConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync(Token);
    }
}
