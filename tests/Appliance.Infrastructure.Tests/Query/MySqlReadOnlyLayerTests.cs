using Appliance.Core.Sql;
using Appliance.Infrastructure.Query;

namespace Appliance.Infrastructure.Tests.Query;

/// <summary>
/// The adversarial corpus against a real MariaDB server, as an account that can write: with all layers on, with the
/// read-only policy (a) off, and with the read-only transaction (b) off. Every statement is its own test case, named by
/// its text; after each, the sandbox's fingerprint must be unchanged.
/// </summary>
public sealed class MySqlReadOnlyLayerTests(MySqlSandboxFixture fixture) : IClassFixture<MySqlSandboxFixture>
{
    private const int TimeoutSeconds = 2;

    [Fact]
    public void The_corpus_holds_at_least_120_statements() => Assert.True(AdversarialCorpus.MySql.Length >= 120, $"{AdversarialCorpus.MySql.Length} statements");

    [Theory]
    [MemberData(nameof(AdversarialCorpus.MySqlCases), MemberType = typeof(AdversarialCorpus))]
    public async Task With_all_layers_the_statement_is_refused_with_a_reason_and_nothing_lands(string sql, Guard guard)
    {
        var sandbox = await fixture.GetAsync();
        var before = await sandbox.FingerprintAsync();
        var serverContactBefore = await sandbox.WriterConnectionsAsync();

        var outcome = await Record.ExceptionAsync(() =>
            QueryTestSupport.Runner(SafetyLayers.All, TimeoutSeconds).ReadAsync(sandbox.Writer, AdversarialCorpus.Materialize(sql), TestContext.Current.CancellationToken));
        CorpusLog.Write("mariadb", "all-layers", sql, outcome);

        if (guard == Guard.Rollback)
        {
            // Not refused by the server; what matters is that the rollback leaves nothing behind.
            Assert.False(outcome is not null and not QueryException, $"{sql}\nfailed with a raw {outcome?.GetType().Name}: {outcome?.Message}");
            await AssertNothingLandedAsync(sandbox, before, sql, outcome);
            return;
        }

        var error = Assert.IsType<QueryException>(outcome, exactMatch: false);
        if (guard == Guard.Policy)
        {
            Assert.True(error.Kind == QueryErrorKind.Refused, $"{sql}\nexpected a refusal by the read-only policy, got {error.Kind}: {error.Message}");
            Assert.StartsWith("Read-only mode refused the statement: ", error.Message, StringComparison.Ordinal);
            Assert.True(serverContactBefore == await sandbox.WriterConnectionsAsync(), $"{sql}\nwas refused, but only after reaching the server");
        }
        else
        {
            Assert.True(error.Kind is QueryErrorKind.ReadOnlyViolation or QueryErrorKind.Database,
                $"{sql}\nexpected the database to refuse it, got {error.Kind}: {error.Message}");
        }

        Assert.True(error.Message.Length > 40, $"{sql}\nthe reason is too thin: {error.Message}");
        await AssertNothingLandedAsync(sandbox, before, sql, error);
    }

    [Theory]
    [MemberData(nameof(AdversarialCorpus.MySqlCases), MemberType = typeof(AdversarialCorpus))]
    public async Task Without_the_policy_the_read_only_transaction_still_stops_every_write(string sql, Guard guard)
    {
        _ = guard;
        var sandbox = await fixture.GetAsync();
        var before = await sandbox.FingerprintAsync();

        var outcome = await Record.ExceptionAsync(() =>
            QueryTestSupport.Runner(SafetyLayers.All & ~SafetyLayers.Policy, TimeoutSeconds)
                .ReadAsync(sandbox.Writer, AdversarialCorpus.Materialize(sql), TestContext.Current.CancellationToken));
        CorpusLog.Write("mariadb", "policy-off", sql, outcome);

        Assert.False(outcome is not null and not QueryException, $"{sql}\nfailed with a raw {outcome?.GetType().Name}: {outcome?.Message}");
        await AssertNothingLandedAsync(sandbox, before, sql, outcome);
    }

    [Theory]
    [MemberData(nameof(AdversarialCorpus.MySqlCases), MemberType = typeof(AdversarialCorpus))]
    public async Task Without_the_read_only_transaction_the_policy_refuses_before_anything_reaches_the_server(string sql, Guard guard)
    {
        var sandbox = await fixture.GetAsync();
        if (guard is Guard.Database or Guard.Rollback)
        {
            // Only the database can see these writes; without (b) they would land, so they are not sent. The policy
            // letting them through is exactly why layer (b) exists.
            Assert.True(ReadOnlyPolicy.Check(sql, SqlDialect.MySql).Allowed, $"{sql}\nis marked as a write only the database sees, but the policy refuses it");
            return;
        }

        var before = await sandbox.FingerprintAsync();
        var connectionsBefore = await sandbox.WriterConnectionsAsync();

        var outcome = await Record.ExceptionAsync(() =>
            QueryTestSupport.Runner(SafetyLayers.All & ~SafetyLayers.ReadOnlyTransaction, TimeoutSeconds)
                .ReadAsync(sandbox.Writer, AdversarialCorpus.Materialize(sql), TestContext.Current.CancellationToken));
        CorpusLog.Write("mariadb", "transaction-off", sql, outcome);

        var error = Assert.IsType<QueryException>(outcome, exactMatch: false);
        Assert.True(error.Kind == QueryErrorKind.Refused, $"{sql}\nexpected a refusal by the read-only policy, got {error.Kind}: {error.Message}");
        Assert.True(connectionsBefore == await sandbox.WriterConnectionsAsync(), $"{sql}\nconnected to the server as the writing account");
        await AssertNothingLandedAsync(sandbox, before, sql, error);
    }

    private static async Task AssertNothingLandedAsync(MySqlSandbox sandbox, string before, string sql, Exception? outcome)
    {
        var after = await sandbox.FingerprintAsync();
        Assert.True(before == after, $"{sql}\na write landed ({outcome?.Message ?? "the statement ran without error"}):\nbefore:\n{before}\nafter:\n{after}");
        Assert.False(File.Exists(AdversarialCorpus.FilePath), $"{sql}\nwrote the file {AdversarialCorpus.FilePath}");
    }
}
