using System.Globalization;
using System.Text;
using Appliance.Core.Connections;
using Appliance.Core.MockData;
using Appliance.Core.MockData.Output;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Engines;
using MySqlConnector;

namespace Appliance.Infrastructure.MockData;

/// <summary>
/// MySQL and MariaDB through multi-row INSERTs, exactly what the SQL script of the MySQL dialect says, in batches bounded by
/// size and row count, with foreign-key checks left on. The session uses UTC (TIMESTAMP values are the generator's UTC
/// instants) and backslash escapes (the script's string literals double backslashes). Tables of a non-transactional engine
/// (MyISAM) cannot be rolled back; InnoDB, the default, can.
/// </summary>
internal sealed class MySqlMockDataLoader : IMockDataLoader
{
    /// <summary>Characters per statement: well under the smallest usual max_allowed_packet (4 MB in MySQL 5.7) even in 3-byte UTF-8.</summary>
    internal const int MaxStatementChars = 1 << 20;
    internal const int MaxRowsPerStatement = 5000;
    private const int MaxUpdatesPerBatch = 500;
    private const SqlDialect Dialect = SqlDialect.MySql;

    public DatabaseEngine Engine => DatabaseEngine.MySql;

    public async Task<MockLoadResult> LoadAsync(ConnectionSettings settings, MockDataSet data, IProgress<MockProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(data);
        var prepared = MockLoadSupport.Prepare(() => MySqlEngineAdapter.Prepare(settings));
        var builder = new MySqlConnectionStringBuilder(prepared.ConnectionString)
        {
            DefaultCommandTimeout = 0,
            // '@' only appears inside string literals, which are never parameters; this keeps the driver from asking for them.
            AllowUserVariables = true,
        };
        var connection = new MySqlConnection(builder.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            var tracker = new MockLoadTracker(data, progress, cancellationToken);
            tracker.BeginPhase(MockPhases.Connecting);
            await MockLoadSupport.OpenAsync(connection.OpenAsync, prepared.Target, MySqlErrors.Classify, cancellationToken).ConfigureAwait(false);
            MySqlTransaction? transaction = null;
            return await MockLoadSupport.InTransactionAsync(
                tracker,
                async () =>
                {
                    await ExecuteAsync(connection, null,
                        "SET SESSION time_zone = '+00:00', SESSION foreign_key_checks = 1, " +
                        "SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@SESSION.sql_mode, ','), ',NO_BACKSLASH_ESCAPES,', ','))",
                        cancellationToken).ConfigureAwait(false);
                    transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await LoadCoreAsync(connection, transaction, data, tracker, cancellationToken).ConfigureAwait(false);
                    tracker.BeginPhase(MockPhases.Committing);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                },
                token => transaction?.RollbackAsync(token) ?? Task.CompletedTask,
                ex => tracker.Classify(ex, prepared.Target, ServerReason, MySqlErrors.Classify),
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task LoadCoreAsync(MySqlConnection connection, MySqlTransaction transaction, MockDataSet data, MockLoadTracker tracker, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(MaxStatementChars + 4096);
        var row = Array.Empty<object?>();
        foreach (var table in data.Tables)
        {
            if (table.RowCount == 0 || table.Columns.Count == 0)
            {
                continue;
            }

            tracker.BeginTable(table);
            var prefix = MockSqlWriter.InsertPrefix(table, Dialect);
            var inStatement = 0;
            if (row.Length != table.Columns.Count)
            {
                row = new object?[table.Columns.Count];
            }

            foreach (var generated in table.Rows(deferCycles: true, cancellationToken))
            {
                text.Append(inStatement == 0 ? prefix : ",\n");
                for (var i = 0; i < generated.Length; i++)
                {
                    row[i] = ForMySql(generated[i]);
                }

                MockSqlWriter.AppendRow(text, table, row, Dialect);
                if (++inStatement >= MaxRowsPerStatement || text.Length >= MaxStatementChars)
                {
                    await ExecuteAsync(connection, transaction, text.ToString(), cancellationToken).ConfigureAwait(false);
                    tracker.Advance(inStatement);
                    text.Clear();
                    inStatement = 0;
                }
            }

            if (inStatement > 0)
            {
                await ExecuteAsync(connection, transaction, text.ToString(), cancellationToken).ConfigureAwait(false);
                tracker.Advance(inStatement);
                text.Clear();
            }

            tracker.EndTable();
        }

        foreach (var table in data.Tables.Where(t => t.DeferredColumns.Count > 0 && t.RowCount > 0))
        {
            tracker.BeginLinking(table);
            var inBatch = 0;
            foreach (var update in table.DeferredUpdates(cancellationToken))
            {
                for (var i = 0; i < update.Length; i++)
                {
                    update[i] = ForMySql(update[i]);
                }

                text.Append(MockSqlWriter.UpdateStatement(table, update, Dialect)).Append(";\n");
                if (++inBatch >= MaxUpdatesPerBatch || text.Length >= MaxStatementChars)
                {
                    await ExecuteAsync(connection, transaction, text.ToString(), cancellationToken).ConfigureAwait(false);
                    tracker.Advance(inBatch);
                    text.Clear();
                    inBatch = 0;
                }
            }

            if (inBatch > 0)
            {
                await ExecuteAsync(connection, transaction, text.ToString(), cancellationToken).ConfigureAwait(false);
                tracker.Advance(inBatch);
                text.Clear();
            }

            tracker.EndTable();
        }
    }

    /// <summary>
    /// Values MySQL reads differently from the script's portable form: an instant becomes its UTC date and time (the
    /// session is UTC; MariaDB refuses offsets in literals) and a duration h:mm:ss (TIME), which also covers more than a day.
    /// </summary>
    internal static object? ForMySql(object? value) => value switch
    {
        DateTimeOffset offset => offset.UtcDateTime,
        TimeSpan span => (span < TimeSpan.Zero ? "-" : "") + string.Create(CultureInfo.InvariantCulture,
            $"{(long)Math.Abs(span.TotalHours)}:{Math.Abs(span.Minutes):00}:{Math.Abs(span.Seconds):00}"),
        _ => value,
    };

    private static string? ServerReason(Exception ex) =>
        EngineErrors.Find<MySqlException>(ex) is { } mysql && mysql.Number > 0 && mysql.ErrorCode != MySqlErrorCode.UnableToConnectToHost
            ? mysql.Message
            : null;

    private static async Task ExecuteAsync(MySqlConnection connection, MySqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        var command = new MySqlCommand(sql, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
