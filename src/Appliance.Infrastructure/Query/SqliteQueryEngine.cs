using System.Globalization;
using Appliance.Core.Connections;
using Appliance.Infrastructure.Engines;
using Microsoft.Data.Sqlite;

namespace Appliance.Infrastructure.Query;

/// <summary>
/// SQLite files through Microsoft.Data.Sqlite.
/// <para>
/// Layer (b): the file is always opened read-only (the adapter forces Mode=ReadOnly whatever a pasted string says, and an
/// attached database cannot be opened less restrictively than its connection), so no statement of the text — Microsoft.Data.Sqlite
/// runs every statement of a command — can change the file. PRAGMA query_only also refuses writes to the temporary
/// database, and the deferred transaction is rolled back. Write mode is never available for SQLite.
/// </para>
/// <para>
/// Layers (c) and (d): SQLite runs inside the appliance, so the timeout and cancellation call sqlite3_interrupt, which
/// stops the statement at its next step.
/// </para>
/// </summary>
internal sealed class SqliteQueryEngine : IQueryEngine
{
    public DatabaseEngine Engine => DatabaseEngine.Sqlite;

    public PreparedConnection Prepare(ConnectionSettings settings) => SqliteEngineAdapter.Prepare(settings);

    public Task<CollectedRows> ReadAsync(QueryRun run, CancellationToken cancellationToken) =>
        // Microsoft.Data.Sqlite works synchronously; keep a long statement off the caller's thread.
        Task.Run(() => ReadCoreAsync(run, cancellationToken), CancellationToken.None);

    private static async Task<CollectedRows> ReadCoreAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(run.Connection.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await QueryEngineSupport.OpenAsync(connection.OpenAsync, run.Target, SqliteErrors.Classify, cancellationToken).ConfigureAwait(false);
            var readOnly = run.Has(SafetyLayers.ReadOnlyTransaction);
            using var serverLimit = new CancellationTokenSource();
            if (run.Has(SafetyLayers.ServerTimeout))
            {
                serverLimit.CancelAfter(TimeSpan.FromSeconds(run.Limits.StatementTimeoutSeconds));
            }

            var handle = connection.Handle;
            using var interruptOnCancel = cancellationToken.Register(() => SQLitePCL.raw.sqlite3_interrupt(handle));
            using var interruptOnTimeout = serverLimit.Token.Register(() => SQLitePCL.raw.sqlite3_interrupt(handle));
            try
            {
                if (readOnly)
                {
                    await ExecuteAsync(connection, "PRAGMA query_only = 1; BEGIN", cancellationToken).ConfigureAwait(false);
                }

                var command = new SqliteCommand(run.Sql, connection);
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        return await ResultCollector.ReadAsync(reader, run.Limits, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 9 && serverLimit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw QueryEngineSupport.Timeout(run.Limits.StatementTimeoutSeconds, ex, "9");
            }
            finally
            {
                if (readOnly)
                {
                    await QueryEngineSupport.QuietlyAsync(token => ExecuteAsync(connection, "ROLLBACK", token)).ConfigureAwait(false);
                }
            }
        }
    }

    public Task<long?> WriteAsync(QueryRun run, CancellationToken cancellationToken) =>
        throw new QueryException(QueryErrorKind.Forbidden, "SQLite files are always opened read-only by the appliance; write mode is not available for them.");

    public QueryException Classify(Exception exception, QueryRun run)
    {
        if (EngineErrors.Find<SqliteException>(exception) is { } sqlite)
        {
            var message = run.Target.Scrub(sqlite.Message);
            var code = sqlite.SqliteErrorCode.ToString(CultureInfo.InvariantCulture);
            return sqlite.SqliteErrorCode switch
            {
                8 => QueryEngineSupport.ReadOnly(message, exception, code),
                9 => QueryEngineSupport.Cancelled(exception),
                5 or 6 => QueryEngineSupport.LockTimeout(run.Limits.StatementTimeoutSeconds, exception, code),
                1 when sqlite.Message.Contains("syntax error", StringComparison.OrdinalIgnoreCase) => QueryEngineSupport.Syntax(run.Target, message, exception, code),
                1 => QueryEngineSupport.Database(run.Target, message, exception, code),
                _ => QueryEngineSupport.Connection(SqliteErrors.Classify(exception, run.Target)),
            };
        }

        return QueryEngineSupport.Connection(SqliteErrors.Classify(exception, run.Target));
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new SqliteCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
