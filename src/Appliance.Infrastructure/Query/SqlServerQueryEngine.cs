using System.Globalization;
using Appliance.Core.Connections;
using Appliance.Infrastructure.Engines;
using Microsoft.Data.SqlClient;

namespace Appliance.Infrastructure.Query;

/// <summary>
/// SQL Server through Microsoft.Data.SqlClient. Not verified against a live server here (none can run in this
/// environment); written against the documented behaviour.
/// <para>
/// Layer (b): SQL Server has no read-only transaction. The statement runs with XACT_ABORT ON inside a transaction that is
/// always rolled back, on a connection that is closed after the run (never pooled). IMPLICIT_TRANSACTIONS ON makes
/// BEGIN TRANSACTION open two nested levels, so one COMMIT smuggled into the batch does not commit, and statements after
/// it are still rolled back. A T-SQL batch can hold several statements and nothing on the server limits it to one, so a
/// batch that commits every level itself escapes (b): stacked statements are refused by layer (a), and a read-only login
/// (db_datareader only) is what makes SQL Server truly read-only.
/// </para>
/// <para>
/// Layer (c): SET LOCK_TIMEOUT, and CommandTimeout (SqlClient sends an attention when it expires, which stops the
/// statement on the server). Layer (d): the cancellation token sends the same attention.
/// </para>
/// </summary>
internal sealed class SqlServerQueryEngine : IQueryEngine
{
    public DatabaseEngine Engine => DatabaseEngine.SqlServer;

    public PreparedConnection Prepare(ConnectionSettings settings) => SqlServerEngineAdapter.Prepare(settings);

    public async Task<CollectedRows> ReadAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(run.Connection.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            connection.InfoMessage += (_, e) =>
            {
                foreach (SqlError error in e.Errors)
                {
                    run.Notices.Add(error.Message);
                }
            };
            await QueryEngineSupport.OpenAsync(connection.OpenAsync, run.Target, SqlServerErrors.Classify, cancellationToken).ConfigureAwait(false);
            var readOnly = run.Has(SafetyLayers.ReadOnlyTransaction);
            var setup = new List<string>();
            if (run.Has(SafetyLayers.ServerTimeout))
            {
                setup.Add($"SET LOCK_TIMEOUT {(run.Limits.StatementTimeoutSeconds * 1000L).ToString(CultureInfo.InvariantCulture)}");
            }

            if (readOnly)
            {
                setup.Add("SET XACT_ABORT ON");
                setup.Add("SET IMPLICIT_TRANSACTIONS ON");
                setup.Add("BEGIN TRANSACTION");
            }

            try
            {
                await ExecuteAsync(connection, setup, cancellationToken).ConfigureAwait(false);
                var command = new SqlCommand(run.Sql, connection) { CommandTimeout = CommandTimeout(run) };
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        var rows = await ResultCollector.ReadAsync(reader, run.Limits, cancellationToken).ConfigureAwait(false);
                        if (rows.Truncation != QueryTruncation.None)
                        {
                            // An attention: the server stops producing rows nobody reads (SqlClient's documented way to stop early).
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
                    await QueryEngineSupport.QuietlyAsync(token => ExecuteAsync(connection, ["IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION"], token)).ConfigureAwait(false);
                }
            }
        }
    }

    public async Task<long?> WriteAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(run.Connection.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            connection.InfoMessage += (_, e) =>
            {
                foreach (SqlError error in e.Errors)
                {
                    run.Notices.Add(error.Message);
                }
            };
            await QueryEngineSupport.OpenAsync(connection.OpenAsync, run.Target, SqlServerErrors.Classify, cancellationToken).ConfigureAwait(false);
            var committed = false;
            try
            {
                await ExecuteAsync(connection, [
                    $"SET LOCK_TIMEOUT {(run.Limits.StatementTimeoutSeconds * 1000L).ToString(CultureInfo.InvariantCulture)}",
                    "SET XACT_ABORT ON",
                    "BEGIN TRANSACTION",
                ], cancellationToken).ConfigureAwait(false);
                int affected;
                var command = new SqlCommand(run.Sql, connection) { CommandTimeout = run.Limits.StatementTimeoutSeconds };
                await using (command.ConfigureAwait(false))
                {
                    affected = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await ExecuteAsync(connection, ["COMMIT TRANSACTION"], cancellationToken).ConfigureAwait(false);
                committed = true;
                return affected >= 0 ? affected : null;
            }
            finally
            {
                if (!committed)
                {
                    await QueryEngineSupport.QuietlyAsync(token => ExecuteAsync(connection, ["IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION"], token)).ConfigureAwait(false);
                }
            }
        }
    }

    public QueryException Classify(Exception exception, QueryRun run)
    {
        var target = run.Target;
        if (EngineErrors.Find<SqlException>(exception) is { } sql)
        {
            var number = sql.Number;
            var message = target.Scrub(sql.Message);
            var code = number.ToString(CultureInfo.InvariantCulture);
            switch (number)
            {
                case -2:
                    return QueryEngineSupport.Timeout(run.Limits.StatementTimeoutSeconds, exception, code);
                case 1222:
                    return QueryEngineSupport.LockTimeout(run.Limits.StatementTimeoutSeconds, exception, code);
                case 3906:
                    return QueryEngineSupport.ReadOnly(message, exception, code);
                case 102 or 105 or 156 or 170 or 153 or 319:
                    return QueryEngineSupport.Syntax(target, message, exception, code, sql.LineNumber > 0 ? (sql.LineNumber, 1) : null);
                case 0 when sql.Message.Contains("cancelled by user", StringComparison.OrdinalIgnoreCase):
                    return QueryEngineSupport.Cancelled(exception);
                case > 0 when sql.Class is > 10 and < 20:
                    return QueryEngineSupport.Database(target, message, exception, code);
                default:
                    break;
            }
        }

        return QueryEngineSupport.Connection(SqlServerErrors.Classify(exception, target));
    }

    /// <summary>SqlClient's own timeout is the statement limit when (c) is on; otherwise only the run's deadline applies.</summary>
    private static int CommandTimeout(QueryRun run) => run.Has(SafetyLayers.ServerTimeout) ? run.Limits.StatementTimeoutSeconds : 0;

    private static async Task ExecuteAsync(SqlConnection connection, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        if (statements.Count == 0)
        {
            return;
        }

        var command = new SqlCommand(string.Join(";\n", statements), connection);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
