using System.Globalization;
using Appliance.Core.Connections;
using Appliance.Infrastructure.Engines;
using Npgsql;

namespace Appliance.Infrastructure.Query;

/// <summary>
/// PostgreSQL through Npgsql.
/// <para>
/// Layer (b): the session is made read-only by default (SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY), then
/// BEGIN TRANSACTION READ ONLY and a first query pin the transaction's mode (SET TRANSACTION READ WRITE, or set_config of
/// transaction_read_only inside a function, is refused once a query ran), and the transaction is always rolled back on a
/// connection that is closed after the run (never pooled). The user's text is sent as the single command of an
/// <see cref="NpgsqlBatch"/>: Npgsql does not split batch commands at semicolons, so the text travels as one
/// extended-protocol Parse message and the server itself refuses more than one statement ("cannot insert multiple
/// commands into a prepared statement"). A plain <see cref="NpgsqlCommand"/> would be split by Npgsql, and
/// "SELECT 1; COMMIT; DELETE …" would commit the DELETE.
/// </para>
/// <para>
/// Verified against PostgreSQL 15 with the adversarial corpus and layer (a) off, as a role that can write: every write is
/// refused by the server (25006), also inside functions (plain, SQL, SECURITY DEFINER, dynamic EXECUTE), views, DO
/// blocks and EXPLAIN ANALYZE, as are nextval/setval, SELECT … FOR UPDATE/SHARE, DDL, GRANT, COMMENT and COPY FROM;
/// a procedure's COMMIT and VACUUM-like commands fail inside the transaction block. What the server runs without refusing
/// is undone or harmless because of the rollback and the closed connection: lo_create/lo_from_bytea (rolled back),
/// LOCK TABLE (held until the rollback), NOTIFY/LISTEN (delivered only on commit), advisory locks, SET, PREPARE, and
/// ANALYZE (planner statistics only, and only on tables the role owns).
/// Not covered by (b), and refused by layer (a) or by the role's privileges: pg_sleep (bounded by the timeout),
/// COPY … TO a file or program and the file functions (need pg_write_server_files or superuser, which the privilege
/// inspection flags), dblink/postgres_fdw (a second connection outside this transaction), and pg_terminate_backend /
/// pg_cancel_backend on the role's own other sessions.
/// </para>
/// <para>
/// Layer (c): SET LOCAL statement_timeout and lock_timeout. Layer (d): the cancellation token makes Npgsql send a
/// PostgreSQL cancel request, which stops the statement on the server.
/// </para>
/// </summary>
internal sealed class PostgresQueryEngine : IQueryEngine
{
    public DatabaseEngine Engine => DatabaseEngine.Postgres;

    public PreparedConnection Prepare(ConnectionSettings settings)
    {
        var prepared = PostgresEngineAdapter.Prepare(settings);
        var builder = new NpgsqlConnectionStringBuilder(prepared.ConnectionString)
        {
            // Time limits are the run's own (server timeout + cancellation token), not the driver's 30-second default.
            CommandTimeout = 0,
        };
        return prepared with { ConnectionString = builder.ConnectionString };
    }

    public async Task<CollectedRows> ReadAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var dataSource = CreateDataSource(run.Connection);
        await using (dataSource.ConfigureAwait(false))
        {
            var connection = dataSource.CreateConnection();
            await using (connection.ConfigureAwait(false))
            {
                connection.Notice += (_, e) => run.Notices.Add($"{e.Notice.Severity}: {e.Notice.MessageText}");
                await QueryEngineSupport.OpenAsync(connection.OpenAsync, run.Target, PostgresErrors.Classify, cancellationToken).ConfigureAwait(false);

                var readOnly = run.Has(SafetyLayers.ReadOnlyTransaction);
                var setup = new List<string>();
                if (readOnly)
                {
                    setup.Add("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
                    setup.Add("BEGIN TRANSACTION READ ONLY");
                }

                if (run.Has(SafetyLayers.ServerTimeout))
                {
                    setup.AddRange(Timeouts(run.Limits.StatementTimeoutSeconds, local: readOnly));
                }

                if (readOnly)
                {
                    // A first query fixes the transaction's access mode: SET TRANSACTION READ WRITE is refused after it.
                    setup.Add("SELECT 1");
                }

                var backend = connection.ProcessID;
                try
                {
                    await ExecuteAsync(connection, setup, cancellationToken).ConfigureAwait(false);

                    // With (b) off the text goes as a plain command, which Npgsql splits at semicolons: the unprotected path.
                    NpgsqlBatch? batch = null;
                    NpgsqlCommand? command = null;
                    System.Data.Common.DbDataReader reader;
                    if (readOnly)
                    {
                        batch = new NpgsqlBatch(connection) { BatchCommands = { new NpgsqlBatchCommand(run.Sql) } };
                        reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        command = new NpgsqlCommand(run.Sql, connection);
                        reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    }

                    CollectedRows rows;
                    try
                    {
                        rows = await ResultCollector.ReadAsync(reader, run.Limits, cancellationToken).ConfigureAwait(false);
                        if (rows.Truncation != QueryTruncation.None)
                        {
                            // Stop the server producing rows nobody reads instead of draining them.
                            if (batch is not null)
                            {
                                batch.Cancel();
                            }
                            else
                            {
                                command?.Cancel();
                            }
                        }
                    }
                    finally
                    {
                        await QueryEngineSupport.QuietlyAsync(_ => reader.DisposeAsync().AsTask()).ConfigureAwait(false);
                        if (batch is not null)
                        {
                            await batch.DisposeAsync().ConfigureAwait(false);
                        }

                        if (command is not null)
                        {
                            await command.DisposeAsync().ConfigureAwait(false);
                        }
                    }

                    return rows;
                }
                catch (Exception) when (cancellationToken.IsCancellationRequested)
                {
                    await EnsureStoppedAsync(dataSource, backend).ConfigureAwait(false);
                    throw;
                }
                finally
                {
                    if (readOnly)
                    {
                        await QueryEngineSupport.QuietlyAsync(token => ExecuteAsync(connection, ["ROLLBACK"], token)).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    public async Task<long?> WriteAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var dataSource = CreateDataSource(run.Connection);
        await using (dataSource.ConfigureAwait(false))
        {
            var connection = dataSource.CreateConnection();
            await using (connection.ConfigureAwait(false))
            {
                connection.Notice += (_, e) => run.Notices.Add($"{e.Notice.Severity}: {e.Notice.MessageText}");
                await QueryEngineSupport.OpenAsync(connection.OpenAsync, run.Target, PostgresErrors.Classify, cancellationToken).ConfigureAwait(false);
                var committed = false;
                var backend = connection.ProcessID;
                try
                {
                    await ExecuteAsync(connection, ["BEGIN", .. Timeouts(run.Limits.StatementTimeoutSeconds, local: true)], cancellationToken).ConfigureAwait(false);
                    var batch = new NpgsqlBatch(connection) { BatchCommands = { new NpgsqlBatchCommand(run.Sql) } };
                    int affected;
                    await using (batch.ConfigureAwait(false))
                    {
                        affected = await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await ExecuteAsync(connection, ["COMMIT"], cancellationToken).ConfigureAwait(false);
                    committed = true;
                    return affected >= 0 ? affected : null;
                }
                catch (Exception) when (cancellationToken.IsCancellationRequested)
                {
                    await EnsureStoppedAsync(dataSource, backend).ConfigureAwait(false);
                    throw;
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
    }

    public QueryException Classify(Exception exception, QueryRun run)
    {
        var target = run.Target;
        var seconds = run.Limits.StatementTimeoutSeconds;
        if (EngineErrors.Find<PostgresException>(exception) is not { } pg)
        {
            return QueryEngineSupport.Connection(PostgresErrors.Classify(exception, target));
        }

        var message = target.Scrub(pg.MessageText);
        return pg.SqlState switch
        {
            PostgresErrorCodes.QueryCanceled when pg.MessageText.Contains("statement timeout", StringComparison.OrdinalIgnoreCase) =>
                QueryEngineSupport.Timeout(seconds, exception, pg.SqlState),
            PostgresErrorCodes.QueryCanceled => QueryEngineSupport.Cancelled(exception),
            PostgresErrorCodes.LockNotAvailable => QueryEngineSupport.LockTimeout(seconds, exception, pg.SqlState),
            PostgresErrorCodes.ReadOnlySqlTransaction => QueryEngineSupport.ReadOnly(message, exception, pg.SqlState),
            // The extended protocol's one-statement rule: the text held several and none ran.
            PostgresErrorCodes.SyntaxError when pg.MessageText.Contains("cannot insert multiple commands into a prepared statement", StringComparison.Ordinal) =>
                QueryEngineSupport.SeveralStatements(exception, pg.SqlState),
            PostgresErrorCodes.SyntaxError => QueryEngineSupport.Syntax(target, message, exception, pg.SqlState,
                pg.Position > 0 ? QueryEngineSupport.LineAndColumn(run.Sql, pg.Position) : null),
            _ when pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) =>
                QueryEngineSupport.Connection(PostgresErrors.ClassifyServerError(pg.SqlState, pg.MessageText, target, exception)),
            _ => QueryEngineSupport.Database(target, message, exception, pg.SqlState),
        };
    }

    private static IEnumerable<string> Timeouts(int seconds, bool local)
    {
        var scope = local ? "LOCAL" : "SESSION";
        var milliseconds = (seconds * 1000L).ToString(CultureInfo.InvariantCulture);
        yield return $"SET {scope} statement_timeout = {milliseconds}";
        yield return $"SET {scope} lock_timeout = {milliseconds}";
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        if (statements.Count == 0)
        {
            return;
        }

        var batch = new NpgsqlBatch(connection);
        await using (batch.ConfigureAwait(false))
        {
            foreach (var statement in statements)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(statement));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The driver's cancel request travels on its own connection and can be lost on a loaded server; when it is, Npgsql
    /// closes the socket, and a backend busy computing would not notice until it next writes. So after a cancellation the
    /// backend is checked from a fresh session of the same role and, while still active, cancelled with pg_cancel_backend.
    /// </summary>
    private static Task EnsureStoppedAsync(NpgsqlDataSource dataSource, int backend) => QueryEngineSupport.QuietlyAsync(async token =>
    {
        var connection = await dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand(
                "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE pid = @pid AND state = 'active'", connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.AddWithValue("pid", backend);
                while (await command.ExecuteScalarAsync(token).ConfigureAwait(false) is not null)
                {
                    await Task.Delay(100, token).ConfigureAwait(false);
                }
            }
        }
    });

    /// <summary>User queries may return enums, ranges and other types the catalog reader never needs, so they are read as text when unmapped.</summary>
    private static NpgsqlDataSource CreateDataSource(PreparedConnection prepared)
    {
        var builder = new NpgsqlDataSourceBuilder(prepared.ConnectionString);
        builder.EnableUnmappedTypes();
        return builder.Build();
    }
}
