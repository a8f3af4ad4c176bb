using System.Globalization;
using Appliance.Core.Connections;
using Appliance.Infrastructure.Engines;
using MySqlConnector;

namespace Appliance.Infrastructure.Query;

/// <summary>
/// MySQL and MariaDB through MySqlConnector.
/// <para>
/// Layer (b): SET SESSION TRANSACTION READ ONLY, then XA START of a fresh transaction (which takes that read-only mode),
/// the statement, then XA END and XA ROLLBACK on a connection that is closed after the run (never pooled; a disconnect
/// also rolls an active XA transaction back). The XA transaction is what makes (b) hold: inside an active XA transaction
/// COMMIT, ROLLBACK, START TRANSACTION and every statement with an implicit commit (all DDL, GRANT, LOCK TABLES, FLUSH …)
/// are refused (XAER_RMFAIL), so nothing can end the read-only transaction and go on in a writable one — not even a stored
/// procedure that runs COMMIT; SET SESSION TRANSACTION READ WRITE; START TRANSACTION; INSERT …, which does escape a plain
/// START TRANSACTION READ ONLY. The text is sent through the server's own PREPARE … FROM ?: MySqlConnector splits a
/// command at semicolons (and prepares each part separately with Prepare()), while the server's PREPARE accepts exactly
/// one statement, also when a second one hides in a /*! … */ or /*M! … */ comment.
/// </para>
/// <para>
/// Verified against MariaDB 10.11 with the adversarial corpus and layer (a) off, as an account that can write (data,
/// DDL, routines; no global privilege): every write is refused (1792), also in stored functions, views over them,
/// procedures, MyISAM tables and sequences (NEXTVAL/SETVAL); everything that would end the transaction is refused (1399).
/// What runs without refusal is harmless once the connection closes: GET_LOCK, HANDLER OPEN, user variables, SET SESSION,
/// SELECT … LOCK IN SHARE MODE (locks held until the rollback). Not covered by (b), and refused by layer (a) or by the
/// account's privileges: SLEEP/BENCHMARK (bounded by the timeout), and for an account with the FILE privilege
/// SELECT … INTO OUTFILE/DUMPFILE (verified: it writes the file inside the read-only XA transaction) and LOAD_FILE —
/// the privilege inspection flags FILE. MySQL (not MariaDB) is expected to behave the same (XA and PREPARE are shared)
/// but is not verified here.
/// </para>
/// <para>
/// Layer (c): MariaDB max_statement_time (MySQL: max_execution_time, which bounds SELECT only) and the lock wait timeouts.
/// Layer (d): the cancellation token makes MySqlConnector run KILL QUERY on a second connection.
/// </para>
/// </summary>
internal sealed class MySqlQueryEngine : IQueryEngine
{
    private const int ParseErrorNumber = 1064;
    private const int LockWaitTimeoutNumber = 1205;
    private const int QueryInterruptedNumber = 1317;
    private const int UnsupportedPreparedStatementNumber = 1295;
    private const int XaRmFailNumber = 1399;
    private const int ReadOnlyTransactionNumber = 1792;
    private const int MariaDbStatementTimeoutNumber = 1969;
    private const int MySqlQueryTimeoutNumber = 3024;

    public DatabaseEngine Engine => DatabaseEngine.MySql;

    public PreparedConnection Prepare(ConnectionSettings settings)
    {
        var prepared = MySqlEngineAdapter.Prepare(settings);
        var builder = new MySqlConnectionStringBuilder(prepared.ConnectionString)
        {
            DefaultCommandTimeout = 0,
            // '0000-00-00' dates exist in old MySQL data; they are shown as text instead of failing the whole result.
            AllowZeroDateTime = true,
            // Writes report the rows really changed, like the mysql client does.
            UseAffectedRows = true,
            AllowUserVariables = false,
        };
        return prepared with { ConnectionString = builder.ConnectionString };
    }

    public async Task<CollectedRows> ReadAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(run.Connection.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            connection.InfoMessage += (_, e) =>
            {
                foreach (var error in e.Errors)
                {
                    run.Notices.Add($"{error.Level}: {error.Message}");
                }
            };
            await QueryEngineSupport.OpenAsync(connection.OpenAsync, run.Target, MySqlErrors.Classify, cancellationToken).ConfigureAwait(false);

            var readOnly = run.Has(SafetyLayers.ReadOnlyTransaction);
            var xid = "appliance-" + Guid.NewGuid().ToString("N");
            var setup = new List<string>();
            if (readOnly)
            {
                setup.Add("SET SESSION TRANSACTION READ ONLY");
            }

            if (run.Has(SafetyLayers.ServerTimeout))
            {
                setup.AddRange(Timeouts(connection, run.Limits.StatementTimeoutSeconds));
            }

            if (readOnly)
            {
                setup.Add($"XA START '{xid}'");
            }

            try
            {
                await ExecuteAsync(connection, setup, cancellationToken).ConfigureAwait(false);
                MySqlCommand command;
                if (readOnly)
                {
                    await PrepareStatementAsync(connection, run.Sql, cancellationToken).ConfigureAwait(false);
                    command = new MySqlCommand("EXECUTE appliance_statement", connection);
                }
                else
                {
                    // With (b) off the text goes as it is, in autocommit, several statements and all: the unprotected path.
                    command = new MySqlCommand(run.Sql, connection);
                }

                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        var rows = await ResultCollector.ReadAsync(reader, run.Limits, cancellationToken).ConfigureAwait(false);
                        if (rows.Truncation != QueryTruncation.None)
                        {
                            // KILL QUERY: the server stops producing rows nobody reads.
                            command.Cancel();
                        }

                        return rows;
                    }
                    finally
                    {
                        await QueryEngineSupport.QuietlyAsync(_ => reader.DisposeAsync().AsTask()).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                if (readOnly)
                {
                    await QueryEngineSupport.QuietlyAsync(token => ExecuteAsync(connection, [$"XA END '{xid}'"], token)).ConfigureAwait(false);
                    await QueryEngineSupport.QuietlyAsync(token => ExecuteAsync(connection, [$"XA ROLLBACK '{xid}'"], token)).ConfigureAwait(false);
                }
            }
        }
    }

    public async Task<long?> WriteAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(run.Connection.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            connection.InfoMessage += (_, e) =>
            {
                foreach (var error in e.Errors)
                {
                    run.Notices.Add($"{error.Level}: {error.Message}");
                }
            };
            await QueryEngineSupport.OpenAsync(connection.OpenAsync, run.Target, MySqlErrors.Classify, cancellationToken).ConfigureAwait(false);
            var committed = false;
            try
            {
                await ExecuteAsync(connection, [.. Timeouts(connection, run.Limits.StatementTimeoutSeconds), "SET SESSION TRANSACTION READ WRITE", "START TRANSACTION"],
                    cancellationToken).ConfigureAwait(false);
                // One statement, enforced by the server's PREPARE as in read-only mode.
                await PrepareStatementAsync(connection, run.Sql, cancellationToken).ConfigureAwait(false);
                int affected;
                var command = new MySqlCommand("EXECUTE appliance_statement", connection);
                await using (command.ConfigureAwait(false))
                {
                    affected = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await ExecuteAsync(connection, ["COMMIT"], cancellationToken).ConfigureAwait(false);
                committed = true;
                return affected >= 0 ? affected : null;
            }
            finally
            {
                if (!committed)
                {
                    await QueryEngineSupport.QuietlyAsync(token => ExecuteAsync(connection, ["ROLLBACK"], token)).ConfigureAwait(false);
                }
            }
        }
    }

    public QueryException Classify(Exception exception, QueryRun run)
    {
        var target = run.Target;
        var seconds = run.Limits.StatementTimeoutSeconds;
        if (EngineErrors.Find<MySqlException>(exception) is { } mysql)
        {
            var message = target.Scrub(mysql.Message);
            var code = mysql.Number.ToString(CultureInfo.InvariantCulture);
            switch (mysql.Number)
            {
                case MariaDbStatementTimeoutNumber or MySqlQueryTimeoutNumber:
                    return QueryEngineSupport.Timeout(seconds, exception, code);
                case LockWaitTimeoutNumber:
                    return QueryEngineSupport.LockTimeout(seconds, exception, code);
                case QueryInterruptedNumber:
                    return QueryEngineSupport.Cancelled(exception);
                case ReadOnlyTransactionNumber:
                    return QueryEngineSupport.ReadOnly(message, exception, code);
                case XaRmFailNumber:
                    return QueryEngineSupport.EndsTransaction(exception, code);
                case ParseErrorNumber:
                    return QueryEngineSupport.Syntax(target, message, exception, code);
                case UnsupportedPreparedStatementNumber:
                    return new QueryException(
                        QueryErrorKind.Refused,
                        "This kind of statement cannot be run here: the server does not accept it as a single prepared statement, which is how the appliance makes sure exactly one statement runs.",
                        exception) { ServerCode = code };
                case > 0 and < 2000 or >= 3000:
                    // A server error about the statement itself (unknown table, access denied to a table …).
                    return QueryEngineSupport.Database(target, message, exception, code);
                default:
                    break;
            }

            if (mysql.ErrorCode == MySqlErrorCode.CommandTimeoutExpired)
            {
                return QueryEngineSupport.Timeout(seconds, exception);
            }
        }

        return QueryEngineSupport.Connection(MySqlErrors.Classify(exception, target));
    }

    private static IEnumerable<string> Timeouts(MySqlConnection connection, int seconds)
    {
        var text = seconds.ToString(CultureInfo.InvariantCulture);
        yield return connection.ServerVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase)
            ? $"SET SESSION max_statement_time = {text}"
            : $"SET SESSION max_execution_time = {(seconds * 1000L).ToString(CultureInfo.InvariantCulture)}";
        yield return $"SET SESSION lock_wait_timeout = {text}";
        yield return $"SET SESSION innodb_lock_wait_timeout = {text}";
    }

    /// <summary>PREPARE on the server from the text as a parameter (MySqlConnector quotes it): the server parses exactly one statement.</summary>
    private static async Task PrepareStatementAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var prepare = new MySqlCommand("PREPARE appliance_statement FROM @statement", connection);
        await using (prepare.ConfigureAwait(false))
        {
            prepare.Parameters.AddWithValue("@statement", sql);
            await prepare.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The appliance's own fixed statements, sent together in one round trip.</summary>
    private static async Task ExecuteAsync(MySqlConnection connection, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        if (statements.Count == 0)
        {
            return;
        }

        var command = new MySqlCommand(string.Join(";\n", statements), connection);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
