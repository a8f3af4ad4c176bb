using System.Globalization;
using Appliance.Core.Connections;
using Appliance.Core.MockData;
using Appliance.Core.MockData.Output;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Engines;
using Microsoft.Data.Sqlite;

namespace Appliance.Infrastructure.MockData;

/// <summary>
/// SQLite through one prepared INSERT per table inside one transaction, with foreign keys enforced. The file must exist
/// (the loader never creates one). Values are bound as SQLite stores them: integers, reals, text in the same ISO forms
/// the CSV and SQL outputs use, blobs.
/// </summary>
internal sealed class SqliteMockDataLoader : IMockDataLoader
{
    private const SqlDialect Dialect = SqlDialect.Sqlite;

    public DatabaseEngine Engine => DatabaseEngine.Sqlite;

    public Task<MockLoadResult> LoadAsync(ConnectionSettings settings, MockDataSet data, IProgress<MockProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(data);
        // Microsoft.Data.Sqlite works synchronously: keep the load off the caller's thread.
        return Task.Run(() => Load(settings, data, progress, cancellationToken), CancellationToken.None);
    }

    private static MockLoadResult Load(ConnectionSettings settings, MockDataSet data, IProgress<MockProgress>? progress, CancellationToken cancellationToken)
    {
        var prepared = MockLoadSupport.Prepare(() => SqliteEngineAdapter.Prepare(settings));
        // The adapter opens read-only; a load writes, but still never creates a file.
        var builder = new SqliteConnectionStringBuilder(prepared.ConnectionString) { Mode = SqliteOpenMode.ReadWrite };
        using var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            connection.Open();
        }
        catch (SqliteException ex)
        {
            throw new MockLoadException(SqliteErrors.Classify(ex, prepared.Target).Message, null, ex);
        }

        return LoadInto(connection, data, prepared.Target, progress, cancellationToken);
    }

    /// <summary>Loads into an open connection (the demo database builds its file this way).</summary>
    internal static MockLoadResult LoadInto(SqliteConnection connection, MockDataSet data, ConnectionTarget target, IProgress<MockProgress>? progress, CancellationToken cancellationToken)
    {
        var tracker = new MockLoadTracker(data, progress, cancellationToken);
        SqliteTransaction? transaction = null;
        try
        {
            // Outside the transaction: SQLite ignores the pragma inside one.
            Execute(connection, null, "PRAGMA foreign_keys = ON");
            transaction = connection.BeginTransaction();
            foreach (var table in data.Tables)
            {
                if (table.RowCount == 0 || table.Columns.Count == 0)
                {
                    continue;
                }

                tracker.BeginTable(table);
                var names = table.Columns.Select(c => SqlKeywords.Quote(c.Name, Dialect));
                var values = table.Columns.Select((_, i) => Parameter(i));
                Run(connection, transaction,
                    $"INSERT INTO {MockSqlWriter.QualifiedName(table.Plan.Table, Dialect)} ({string.Join(", ", names)}) VALUES ({string.Join(", ", values)})",
                    table.Columns.Count, table.Rows(deferCycles: true, cancellationToken), tracker);
                tracker.EndTable();
            }

            foreach (var table in data.Tables.Where(t => t.DeferredColumns.Count > 0 && t.RowCount > 0))
            {
                tracker.BeginLinking(table);
                var key = table.Plan.RowKey;
                var set = table.DeferredColumns.Select((c, i) => $"{SqlKeywords.Quote(c.Name, Dialect)} = {Parameter(key.Count + i)}");
                var where = key.Select((c, i) => $"{SqlKeywords.Quote(c.Name, Dialect)} = {Parameter(i)}");
                Run(connection, transaction,
                    $"UPDATE {MockSqlWriter.QualifiedName(table.Plan.Table, Dialect)} SET {string.Join(", ", set)} WHERE {string.Join(" AND ", where)}",
                    key.Count + table.DeferredColumns.Count, table.DeferredUpdates(cancellationToken), tracker);
                tracker.EndTable();
            }

            tracker.BeginPhase(MockPhases.Committing);
            transaction.Commit();
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or StackOverflowException))
        {
            try
            {
                transaction?.Rollback();
            }
            catch (SqliteException)
            {
                // SQLite already rolled back (a failed COMMIT does); disposing the connection ends it either way.
            }
            catch (InvalidOperationException)
            {
                // The transaction had completed.
            }

            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The load was cancelled and rolled back.", ex, cancellationToken);
            }

            throw tracker.Classify(ex, target, ServerReason, SqliteErrors.Classify);
        }
        finally
        {
            transaction?.Dispose();
        }

        tracker.BeginPhase(MockPhases.Done);
        return tracker.Result();
    }

    private static void Run(SqliteConnection connection, SqliteTransaction transaction, string sql, int parameters, IEnumerable<object?[]> rows, MockLoadTracker tracker)
    {
        using var command = new SqliteCommand(sql, connection, transaction);
        var bound = new SqliteParameter[parameters];
        for (var i = 0; i < parameters; i++)
        {
            bound[i] = command.Parameters.Add(new SqliteParameter(Parameter(i), DBNull.Value));
        }

        command.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < bound.Length; i++)
            {
                bound[i].Value = ToSqlite(row[i]);
            }

            command.ExecuteNonQuery();
            tracker.Advance();
        }
    }

    private static string Parameter(int index) => "$p" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A generated value as SQLite stores it. Exact decimals become integers or reals, as a numeric literal in the SQL script
    /// would; everything that is not a number, text or bytes becomes the text the other outputs show (ISO dates).
    /// </summary>
    internal static object ToSqlite(object? value) => value switch
    {
        null => DBNull.Value,
        long or double or string or byte[] => value,
        bool flag => flag ? 1L : 0L,
        decimal number when number == decimal.Truncate(number) && number is >= long.MinValue and <= long.MaxValue => (long)number,
        decimal number => (double)number,
        _ => MockValueFormat.Text(value),
    };

    private static string? ServerReason(Exception ex)
    {
        if (EngineErrors.Find<SqliteException>(ex) is not { } sqlite || sqlite.SqliteErrorCode is 14 or 26)
        {
            return null;
        }

        // "SQLite Error 19: 'UNIQUE constraint failed: customers.email'." → the part in quotes.
        var message = sqlite.Message;
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = message.LastIndexOf('\'');
        return start >= 0 && end > start ? message[(start + 1)..end] : message;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = new SqliteCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
