using Appliance.Core.Connections;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Query;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Tests.Query;

/// <summary>The parts of safe execution that need no server: the run registry, write checks, display values, redaction, options.</summary>
public sealed class QueryUnitTests
{
    private static QueryRunRegistry Registry(int maxRuns = 3) =>
        new(Options.Create(new QueryOptions { MaxConcurrentRunsPerUser = maxRuns }));

    [Fact]
    public void A_run_is_cancelled_only_by_the_user_who_started_it()
    {
        var registry = Registry();
        var owner = Guid.NewGuid();
        var runId = Guid.NewGuid();
        using var lease = registry.Begin(runId, owner);

        Assert.Equal(QueryCancelOutcome.Forbidden, registry.Cancel(runId, Guid.NewGuid()));
        Assert.False(lease.Token.IsCancellationRequested);
        Assert.Equal(QueryCancelOutcome.NotFound, registry.Cancel(Guid.NewGuid(), owner));

        Assert.Equal(QueryCancelOutcome.Cancelled, registry.Cancel(runId, owner));
        Assert.True(lease.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_user_may_not_run_more_than_the_limit_at_once_and_an_ended_run_frees_its_place()
    {
        var registry = Registry(maxRuns: 2);
        var user = Guid.NewGuid();
        var first = registry.Begin(Guid.NewGuid(), user);
        using var second = registry.Begin(Guid.NewGuid(), user);
        using var someoneElse = registry.Begin(Guid.NewGuid(), Guid.NewGuid());

        var busy = Assert.Throws<QueryException>(() => registry.Begin(Guid.NewGuid(), user));
        Assert.Equal(QueryErrorKind.Busy, busy.Kind);

        first.Dispose();
        Assert.Equal(QueryCancelOutcome.NotFound, registry.Cancel(first.RunId, user));
        using var third = registry.Begin(Guid.NewGuid(), user);
        Assert.Equal(2, registry.RunningCount(user));
    }

    [Fact]
    public void A_run_id_in_use_cannot_be_started_twice()
    {
        var registry = Registry();
        var runId = Guid.NewGuid();
        using var lease = registry.Begin(runId, Guid.NewGuid());

        Assert.Equal(QueryErrorKind.Invalid, Assert.Throws<QueryException>(() => registry.Begin(runId, Guid.NewGuid())).Kind);
    }

    [Fact]
    public void The_request_abort_token_cancels_the_run()
    {
        using var aborted = new CancellationTokenSource();
        using var lease = Registry().Begin(Guid.NewGuid(), Guid.NewGuid(), aborted.Token);

        aborted.Cancel();

        Assert.True(lease.Token.IsCancellationRequested);
    }

    [Theory]
    [InlineData("INSERT INTO t VALUES (1)", StatementKind.Insert, "t")]
    [InlineData("UPDATE s.t SET a = 1 WHERE b = 2", StatementKind.Update, "s.t")]
    [InlineData("DELETE FROM t WHERE a = 1", StatementKind.Delete, "t")]
    [InlineData("CREATE TABLE t2 (a int)", StatementKind.Create, "t2")]
    [InlineData("ALTER TABLE t ADD COLUMN b int", StatementKind.Alter, "t")]
    [InlineData("DROP TABLE t", StatementKind.Drop, "t")]
    [InlineData("TRUNCATE t", StatementKind.Truncate, "t")]
    [InlineData("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE", StatementKind.Merge, "t")]
    public void One_data_changing_statement_is_accepted_for_write_mode_with_its_kind_and_target(string sql, StatementKind kind, string target)
    {
        var check = QueryRunner.CheckWrite(sql, DatabaseEngine.Postgres);

        Assert.True(check.Allowed, check.Reason);
        Assert.Equal(kind, check.Kind);
        Assert.Contains(target, check.Targets);
        Assert.Equal(sql, check.Statement);
    }

    [Theory]
    [InlineData("", "no statement")]
    [InlineData("UPDATE t SET a = 1; DELETE FROM t", "2 statements")]
    [InlineData("SELECT 1", "Run it in read mode")]
    [InlineData("GRANT SELECT ON t TO public", "this is GRANT")]
    [InlineData("BEGIN", "this is TRANSACTION")]
    [InlineData("SET search_path = x", "this is SET")]
    [InlineData("UPDATE t SET", "does not parse")]
    public void Anything_else_is_refused_for_write_mode_with_a_reason(string sql, string reason)
    {
        var check = QueryRunner.CheckWrite(sql, DatabaseEngine.Postgres);

        Assert.False(check.Allowed);
        Assert.Contains(reason, check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_mode_is_refused_for_sqlite()
    {
        var check = QueryRunner.CheckWrite("DELETE FROM t", DatabaseEngine.Sqlite);

        Assert.False(check.Allowed);
        Assert.Contains("read-only", check.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ALTER ROLE app PASSWORD 'S3cret-one'", "ALTER ROLE app PASSWORD '***'")]
    [InlineData("CREATE ROLE app LOGIN ENCRYPTED PASSWORD 'S3cret-one' VALID UNTIL 'infinity'", "CREATE ROLE app LOGIN ENCRYPTED PASSWORD '***' VALID UNTIL 'infinity'")]
    [InlineData("CREATE USER 'app'@'%' IDENTIFIED BY 'S3cret-one'", "CREATE USER 'app'@'%' IDENTIFIED BY '***'")]
    [InlineData("ALTER USER app IDENTIFIED WITH mysql_native_password BY 'S3cret-one'", "ALTER USER app IDENTIFIED WITH mysql_native_password BY '***'")]
    [InlineData("SET PASSWORD = PASSWORD('S3cret-one')", "SET PASSWORD = PASSWORD('***')")]
    [InlineData("CREATE LOGIN app WITH PASSWORD = 'S3cret-''one'", "CREATE LOGIN app WITH PASSWORD = '***'")]
    [InlineData("SELECT password FROM users WHERE name = 'x'", "SELECT password FROM users WHERE name = 'x'")]
    public void Password_literals_are_masked(string sql, string expected) => Assert.Equal(expected, SqlRedaction.Redact(sql));

    [Fact]
    public void Binary_values_are_previewed_and_sizes_follow_the_documented_rule()
    {
        Assert.Equal("0x", ValueDisplay.HexPreview([]));
        Assert.Equal("0x00ff", ValueDisplay.HexPreview([0, 255]));
        Assert.Equal("0x" + new string('0', 64) + "… (1,000 bytes)", ValueDisplay.HexPreview(new byte[1000]));
        Assert.Equal((0L, 1L, 16L, 8L, 8L, 3L, 5L), (ValueDisplay.SizeOf(null), ValueDisplay.SizeOf(true), ValueDisplay.SizeOf(1m),
            ValueDisplay.SizeOf(1L), ValueDisplay.SizeOf(DateTime.UnixEpoch), ValueDisplay.SizeOf("abc"), ValueDisplay.SizeOf("é€")));
    }

    [Theory]
    [InlineData("Appliance:Query:StatementTimeoutSeconds", "0")]
    [InlineData("Appliance:Query:MaxRows", "0")]
    [InlineData("Appliance:Query:MaxBytes", "10")]
    [InlineData("Appliance:Query:MaxConcurrentRunsPerUser", "0")]
    public void Invalid_query_options_stop_the_start(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Appliance:DataDirectory"] = "data",
            [key] = value,
        }).Build();
        using var provider = new ServiceCollection().AddApplianceOptions(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<QueryOptions>>().Value);
        Assert.Contains(key.Replace("Appliance:Query:", "", StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_options_have_their_defaults_and_bind_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Appliance:DataDirectory"] = "data",
            ["Appliance:Query:MaxRows"] = "250",
        }).Build();
        using var provider = new ServiceCollection().AddApplianceOptions(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<QueryOptions>>().Value;

        Assert.Equal((30, 250, 16L * 1024 * 1024), (options.StatementTimeoutSeconds, options.MaxRows, options.MaxBytes));
    }
}
