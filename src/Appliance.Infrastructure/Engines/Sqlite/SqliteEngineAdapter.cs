using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Microsoft.Data.Sqlite;

namespace Appliance.Infrastructure.Engines;

/// <summary>
/// SQLite files through Microsoft.Data.Sqlite, always opened read-only: the appliance never creates or changes the file.
/// The schema is read with pragma table-valued functions joined to sqlite_schema (one query per kind of object).
/// </summary>
public sealed class SqliteEngineAdapter : IDatabaseEngineAdapter
{
    public DatabaseEngine Engine => DatabaseEngine.Sqlite;

    public string BuildConnectionString(ConnectionSettings settings) => Prepare(settings).ConnectionString;

    public Task<ConnectionTestResult> TestAsync(ConnectionSettings settings, CancellationToken cancellationToken = default) =>
        ConnectionRunner.TestAsync(() => Prepare(settings), ProbeAsync, SqliteErrors.Classify, cancellationToken);

    public async Task<DatabaseSchema> ReadSchemaAsync(ConnectionSettings settings, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(settings);
        var connection = new SqliteConnection(prepared.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            return await ConnectionRunner.RunAsync(
                prepared,
                connection.OpenAsync,
                token => SqliteSchemaReader.ReadAsync(connection, prepared.Target.Database!, token),
                SqliteErrors.Classify,
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<ProbeResult> ProbeAsync(PreparedConnection prepared, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(prepared.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Counting sqlite_schema makes SQLite read the file header: a file that is not a database fails here.
            var command = new SqliteCommand("SELECT sqlite_version(), (SELECT count(*) FROM sqlite_master)", connection);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    // Opened read-only, so nothing can be changed through this connection.
                    return new ProbeResult("SQLite " + reader.GetString(0), RoleCanWrite: false);
                }
            }
        }
    }

    internal static PreparedConnection Prepare(ConnectionSettings settings)
    {
        SqliteConnectionStringBuilder builder;
        if (!string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            try
            {
                builder = new SqliteConnectionStringBuilder(settings.ConnectionString);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException or KeyNotFoundException)
            {
                throw EngineErrors.InvalidPastedString(new ConnectionTarget { Engine = DatabaseEngine.Sqlite });
            }
        }
        else
        {
            builder = new SqliteConnectionStringBuilder { DataSource = settings.Database?.Trim() ?? "" };
        }

        var path = builder.DataSource?.Trim() ?? "";
        if (path.Length == 0 || path == ":memory:")
        {
            throw new DatabaseAccessException(ConnectionProblem.InvalidSettings, "Enter the path of the SQLite database file.");
        }

        if (!path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            path = Path.GetFullPath(path);
            if (Directory.Exists(path))
            {
                throw new DatabaseAccessException(ConnectionProblem.InvalidSettings, $"'{path}' is a folder, not a SQLite database file.");
            }

            if (!File.Exists(path))
            {
                throw new DatabaseAccessException(
                    ConnectionProblem.UnknownDatabase, $"The SQLite file '{path}' does not exist. Check the path (the appliance never creates the file).");
            }

            builder.DataSource = path;
        }

        // Never write, never create: read-only whatever the pasted string says.
        builder.Mode = SqliteOpenMode.ReadOnly;
        builder.Pooling = false;
        if (settings.ConnectTimeoutSeconds > 0)
        {
            builder.DefaultTimeout = settings.ConnectTimeoutSeconds;
        }

        return new PreparedConnection(builder.ConnectionString, new ConnectionTarget
        {
            Engine = DatabaseEngine.Sqlite,
            Database = path,
            Password = builder.Password,
            TimeoutSeconds = settings.ConnectTimeoutSeconds > 0 ? settings.ConnectTimeoutSeconds : 10,
        });
    }
}

/// <summary>SQLite result codes (https://www.sqlite.org/rescode.html) turned into user-readable problems.</summary>
internal static class SqliteErrors
{
    public static DatabaseAccessException Classify(Exception ex, ConnectionTarget target)
    {
        var file = target.Database;
        if (EngineErrors.Find<SqliteException>(ex) is { } sqlite)
        {
            return ClassifyResultCode(sqlite.SqliteErrorCode, target, ex);
        }

        if (EngineErrors.Find<UnauthorizedAccessException>(ex) is not null)
        {
            return new DatabaseAccessException(ConnectionProblem.PermissionDenied, $"The appliance may not read the SQLite file '{file}'.", ex);
        }

        var detail = target.Scrub(ex.Message);
        return new DatabaseAccessException(
            ConnectionProblem.Other, $"The SQLite file '{file}' could not be read{(detail is null ? "" : $": {detail}")}.", ex);
    }

    internal static DatabaseAccessException ClassifyResultCode(int code, ConnectionTarget target, Exception? inner = null)
    {
        var file = target.Database;
        return code switch
        {
            // SQLITE_CANTOPEN: the file exists (checked before opening) but cannot be opened.
            14 => new DatabaseAccessException(ConnectionProblem.PermissionDenied, $"The SQLite file '{file}' cannot be opened; check that the appliance may read it.", inner),
            3 or 23 => new DatabaseAccessException(ConnectionProblem.PermissionDenied, $"Access to the SQLite file '{file}' is denied.", inner),
            26 => new DatabaseAccessException(ConnectionProblem.InvalidSettings, $"The file '{file}' is not a SQLite database (or it is encrypted).", inner),
            11 => new DatabaseAccessException(ConnectionProblem.Other, $"The SQLite file '{file}' is damaged (SQLite reports it as malformed).", inner),
            5 or 6 => new DatabaseAccessException(ConnectionProblem.Timeout, $"The SQLite file '{file}' stayed locked by another program for {target.TimeoutSeconds} seconds.", inner),
            _ => new DatabaseAccessException(
                ConnectionProblem.Other,
                $"The SQLite file '{file}' could not be read (SQLite error {code}{(target.Scrub(inner?.Message) is { } m ? $": {m}" : "")}).", inner),
        };
    }
}
