using System.Globalization;
using Appliance.Core.Connections;
using Appliance.Core.MockData;
using Appliance.Core.MockData.Output;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Engines;
using Microsoft.Data.SqlClient;

namespace Appliance.Infrastructure.MockData;

/// <summary>
/// SQL Server through SqlBulkCopy over a streaming <see cref="MockDataReader"/>, in the load's transaction, keeping the
/// generated identity values and NULLs and checking CHECK and FOREIGN KEY constraints (which bulk copy skips unless told).
/// Cyclic foreign keys are set afterwards from a temporary table in one UPDATE … FROM per table.
/// </summary>
internal sealed class SqlServerMockDataLoader : IMockDataLoader
{
    private const SqlDialect Dialect = SqlDialect.TSql;

    internal const SqlBulkCopyOptions BulkOptions = SqlBulkCopyOptions.KeepIdentity | SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.KeepNulls;

    public DatabaseEngine Engine => DatabaseEngine.SqlServer;

    public async Task<MockLoadResult> LoadAsync(ConnectionSettings settings, MockDataSet data, IProgress<MockProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(data);
        var prepared = MockLoadSupport.Prepare(() => SqlServerEngineAdapter.Prepare(settings));
        var connection = new SqlConnection(prepared.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            var tracker = new MockLoadTracker(data, progress, cancellationToken);
            tracker.BeginPhase(MockPhases.Connecting);
            await MockLoadSupport.OpenAsync(connection.OpenAsync, prepared.Target, SqlServerErrors.Classify, cancellationToken).ConfigureAwait(false);
            SqlTransaction? transaction = null;
            return await MockLoadSupport.InTransactionAsync(
                tracker,
                async () =>
                {
                    transaction = (SqlTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await LoadCoreAsync(connection, transaction, data, tracker, cancellationToken).ConfigureAwait(false);
                    tracker.BeginPhase(MockPhases.Committing);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                },
                token => transaction?.RollbackAsync(token) ?? Task.CompletedTask,
                ex => tracker.Classify(ex, prepared.Target, ServerReason, SqlServerErrors.Classify),
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task LoadCoreAsync(SqlConnection connection, SqlTransaction transaction, MockDataSet data, MockLoadTracker tracker, CancellationToken cancellationToken)
    {
        foreach (var table in data.Tables)
        {
            if (table.RowCount == 0 || table.Columns.Count == 0)
            {
                continue;
            }

            tracker.BeginTable(table);
            var reader = new MockDataReader(table.Columns, table.Rows(deferCycles: true, cancellationToken), () => tracker.Advance());
            await using (reader.ConfigureAwait(false))
            {
                await BulkCopyAsync(connection, transaction, MockSqlWriter.QualifiedName(table.Plan.Table, Dialect), reader, cancellationToken).ConfigureAwait(false);
            }

            tracker.EndTable();
        }

        var number = 0;
        foreach (var table in data.Tables.Where(t => t.DeferredColumns.Count > 0 && t.RowCount > 0))
        {
            tracker.BeginLinking(table);
            var key = table.Plan.RowKey;
            var columns = key.Concat(table.DeferredColumns).ToList();
            var target = MockSqlWriter.QualifiedName(table.Plan.Table, Dialect);
            var temporary = $"#mock_deferred_{(++number).ToString(CultureInfo.InvariantCulture)}";
            await ExecuteAsync(connection, transaction,
                $"SELECT TOP (0) {string.Join(", ", columns.Select(c => Quote(c.Name)))} INTO {temporary} FROM {target}", cancellationToken).ConfigureAwait(false);
            var reader = new MockDataReader(columns, table.DeferredUpdates(cancellationToken), () => tracker.Advance());
            await using (reader.ConfigureAwait(false))
            {
                await BulkCopyAsync(connection, transaction, temporary, reader, cancellationToken).ConfigureAwait(false);
            }

            var set = string.Join(", ", table.DeferredColumns.Select(c => $"t.{Quote(c.Name)} = d.{Quote(c.Name)}"));
            var join = string.Join(" AND ", key.Select(c => $"t.{Quote(c.Name)} = d.{Quote(c.Name)}"));
            await ExecuteAsync(connection, transaction, $"UPDATE t SET {set} FROM {target} AS t JOIN {temporary} AS d ON {join}; DROP TABLE {temporary}", cancellationToken)
                .ConfigureAwait(false);
            tracker.EndTable();
        }
    }

    private static async Task BulkCopyAsync(SqlConnection connection, SqlTransaction transaction, string destination, MockDataReader reader, CancellationToken cancellationToken)
    {
        using var bulk = new SqlBulkCopy(connection, BulkOptions, transaction)
        {
            DestinationTableName = destination,
            BulkCopyTimeout = 0,
            EnableStreaming = true,
        };
        for (var i = 0; i < reader.FieldCount; i++)
        {
            bulk.ColumnMappings.Add(reader.GetName(i), reader.GetName(i));
        }

        await bulk.WriteToServerAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    private static string? ServerReason(Exception ex) =>
        EngineErrors.Find<SqlException>(ex) is { Class: > 10 and < 20 } sql && sql.Number is not (18456 or 4060)
            ? sql.Errors.Count > 0 ? sql.Errors[0].Message : sql.Message
            : EngineErrors.Find<InvalidOperationException>(ex) is { } invalid && invalid.Source == "Microsoft.Data.SqlClient"
                ? invalid.Message
                : null;

    private static string Quote(string name) => SqlKeywords.Quote(name, Dialect);

    private static async Task ExecuteAsync(SqlConnection connection, SqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var command = new SqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
