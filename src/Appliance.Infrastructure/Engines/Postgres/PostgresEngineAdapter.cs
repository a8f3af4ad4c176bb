using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Npgsql;

namespace Appliance.Infrastructure.Engines;

/// <summary>PostgreSQL through Npgsql: connection strings, classified connection tests and set-based catalog ingestion.</summary>
public sealed class PostgresEngineAdapter : IDatabaseEngineAdapter
{
    /// <summary>Seconds a catalog query may run; generous because a huge catalog is still read in a handful of queries.</summary>
    internal const int CatalogCommandTimeoutSeconds = 300;

    public DatabaseEngine Engine => DatabaseEngine.Postgres;

    public string BuildConnectionString(ConnectionSettings settings) => CreateBuilder(settings).ConnectionString;

    public Task<ConnectionTestResult> TestAsync(ConnectionSettings settings, CancellationToken cancellationToken = default) =>
        ConnectionRunner.TestAsync(() => Prepare(settings), ProbeAsync, PostgresErrors.Classify, cancellationToken);

    public async Task<DatabaseSchema> ReadSchemaAsync(ConnectionSettings settings, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(settings);
        var dataSource = CreateDataSource(prepared);
        await using (dataSource.ConfigureAwait(false))
        {
            var connection = dataSource.CreateConnection();
            await using (connection.ConfigureAwait(false))
            {
                return await ConnectionRunner.RunAsync(
                    prepared,
                    connection.OpenAsync,
                    token => PostgresSchemaReader.ReadAsync(connection, token),
                    PostgresErrors.Classify,
                    cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<ProbeResult> ProbeAsync(PreparedConnection prepared, CancellationToken cancellationToken)
    {
        var dataSource = CreateDataSource(prepared);
        await using (dataSource.ConfigureAwait(false))
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var _ = connection.ConfigureAwait(false);
            var command = new NpgsqlCommand(PostgresCatalogSql.Probe, connection) { CommandTimeout = prepared.Target.TimeoutSeconds };
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    return new ProbeResult("PostgreSQL " + reader.GetString(0), reader.GetBoolean(1));
                }
            }
        }
    }

    /// <summary>The adapter's own connections: the user's settings, never pooled (an idle connection would linger on the server).</summary>
    internal static PreparedConnection Prepare(ConnectionSettings settings)
    {
        var builder = CreateBuilder(settings);
        builder.Pooling = false;
        return new PreparedConnection(builder.ConnectionString, Describe(builder));
    }

    /// <summary>
    /// A data source for the adapter's own connections: the catalog queries only read built-in types, so Npgsql's
    /// type loading (a catalog query per open, large on a database with thousands of tables) is skipped.
    /// </summary>
    private static NpgsqlDataSource CreateDataSource(PreparedConnection prepared)
    {
        var builder = new NpgsqlDataSourceBuilder(prepared.ConnectionString);
        builder.ConfigureTypeLoading(options => options.EnableTypeLoading(false));
        return builder.Build();
    }

    internal static NpgsqlConnectionStringBuilder CreateBuilder(ConnectionSettings settings)
    {
        NpgsqlConnectionStringBuilder builder;
        if (!string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            try
            {
                builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException or KeyNotFoundException)
            {
                throw EngineErrors.InvalidPastedString(new ConnectionTarget { Engine = DatabaseEngine.Postgres, Host = settings.Host });
            }

            if (string.IsNullOrEmpty(builder.Password) && !string.IsNullOrEmpty(settings.Password))
            {
                builder.Password = settings.Password;
            }

            if (string.IsNullOrEmpty(builder.ApplicationName))
            {
                builder.ApplicationName = "Appliance";
            }

            if (builder.Timeout == 15 && settings.ConnectTimeoutSeconds > 0)
            {
                // 15 is Npgsql's default: the pasted string did not choose a timeout, so the settings' one applies.
                builder.Timeout = settings.ConnectTimeoutSeconds;
            }
        }
        else
        {
            builder = new NpgsqlConnectionStringBuilder
            {
                Host = settings.Host?.Trim(),
                Port = settings.Port is > 0 ? settings.Port.Value : DatabaseEngine.Postgres.DefaultPort(),
                Database = string.IsNullOrWhiteSpace(settings.Database) ? null : settings.Database.Trim(),
                Username = settings.Username?.Trim(),
                Password = settings.Password,
                SslMode = settings.Tls switch
                {
                    TlsMode.Disable => SslMode.Disable,
                    TlsMode.Require => SslMode.Require,
                    TlsMode.VerifyFull => SslMode.VerifyFull,
                    _ => SslMode.Prefer,
                },
                Timeout = settings.ConnectTimeoutSeconds > 0 ? settings.ConnectTimeoutSeconds : 10,
                ApplicationName = "Appliance",
                Pooling = false,
            };
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw EngineErrors.MissingHost(new ConnectionTarget { Engine = DatabaseEngine.Postgres });
        }

        return builder;
    }

    private static ConnectionTarget Describe(NpgsqlConnectionStringBuilder builder) => new()
    {
        Engine = DatabaseEngine.Postgres,
        Host = builder.Host,
        Port = builder.Port,
        Database = builder.Database ?? builder.Username,
        User = builder.Username,
        Password = builder.Password,
        TimeoutSeconds = builder.Timeout > 0 ? builder.Timeout : 15,
    };
}
