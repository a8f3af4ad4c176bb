using Appliance.Core.Connections;
using Appliance.Core.Schema;
using MySqlConnector;

namespace Appliance.Infrastructure.Engines;

/// <summary>MySQL and MariaDB through MySqlConnector: connection strings, classified connection tests and set-based catalog ingestion.</summary>
public sealed class MySqlEngineAdapter : IDatabaseEngineAdapter
{
    /// <summary>MySqlConnector's default connect timeout, meaning "not chosen by the pasted string".</summary>
    private const uint DriverDefaultTimeout = 15;

    /// <summary>Seconds a catalog query may run: information_schema on MariaDB opens every table's definition.</summary>
    internal const int CatalogCommandTimeoutSeconds = 300;

    public DatabaseEngine Engine => DatabaseEngine.MySql;

    public string BuildConnectionString(ConnectionSettings settings) => CreateBuilder(settings).ConnectionString;

    public Task<ConnectionTestResult> TestAsync(ConnectionSettings settings, CancellationToken cancellationToken = default) =>
        ConnectionRunner.TestAsync(() => Prepare(settings), ProbeAsync, MySqlErrors.Classify, cancellationToken);

    public async Task<DatabaseSchema> ReadSchemaAsync(ConnectionSettings settings, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(settings);
        var connection = new MySqlConnection(prepared.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            return await ConnectionRunner.RunAsync(
                prepared,
                connection.OpenAsync,
                token => MySqlSchemaReader.ReadAsync(connection, prepared.Target.Database, token),
                MySqlErrors.Classify,
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<ProbeResult> ProbeAsync(PreparedConnection prepared, CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(prepared.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            string version;
            bool canWrite;
            var command = new MySqlCommand(MySqlCatalogSql.Probe, connection) { CommandTimeout = prepared.Target.TimeoutSeconds };
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    version = reader.GetString(0);
                    canWrite = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture) != 0;
                }
            }

            if (!canWrite)
            {
                // Privileges of the account's enabled roles appear only here (MariaDB includes the current role's grants).
                var grants = new List<string>();
                var show = new MySqlCommand("SHOW GRANTS", connection) { CommandTimeout = prepared.Target.TimeoutSeconds };
                await using (show.ConfigureAwait(false))
                {
                    var reader = await show.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            grants.Add(reader.GetString(0));
                        }
                    }
                }

                canWrite = MySqlGrants.CanWrite(grants);
            }

            var flavor = version.Contains("MariaDB", StringComparison.OrdinalIgnoreCase) ? "MariaDB" : "MySQL";
            return new ProbeResult($"{flavor} {version}", canWrite);
        }
    }

    /// <summary>The adapter's own connections: the user's settings, never pooled (an idle connection would linger on the server).</summary>
    internal static PreparedConnection Prepare(ConnectionSettings settings)
    {
        var builder = CreateBuilder(settings);
        builder.Pooling = false;
        return new PreparedConnection(builder.ConnectionString, new ConnectionTarget
        {
            Engine = DatabaseEngine.MySql,
            Host = builder.Server,
            Port = (int)builder.Port,
            Database = string.IsNullOrEmpty(builder.Database) ? null : builder.Database,
            User = builder.UserID,
            Password = builder.Password,
            TimeoutSeconds = builder.ConnectionTimeout > 0 ? (int)Math.Min(builder.ConnectionTimeout, int.MaxValue) : 15,
        });
    }

    internal static MySqlConnectionStringBuilder CreateBuilder(ConnectionSettings settings)
    {
        MySqlConnectionStringBuilder builder;
        if (!string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            try
            {
                builder = new MySqlConnectionStringBuilder(settings.ConnectionString);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException or KeyNotFoundException)
            {
                throw EngineErrors.InvalidPastedString(new ConnectionTarget { Engine = DatabaseEngine.MySql });
            }

            if (string.IsNullOrEmpty(builder.Password) && !string.IsNullOrEmpty(settings.Password))
            {
                builder.Password = settings.Password;
            }

            if (string.IsNullOrEmpty(builder.ApplicationName))
            {
                builder.ApplicationName = "Appliance";
            }

            if (builder.ConnectionTimeout == DriverDefaultTimeout && settings.ConnectTimeoutSeconds > 0)
            {
                builder.ConnectionTimeout = (uint)settings.ConnectTimeoutSeconds;
            }
        }
        else
        {
            builder = new MySqlConnectionStringBuilder
            {
                Server = settings.Host?.Trim() ?? "",
                Port = (uint)(settings.Port is > 0 ? settings.Port.Value : DatabaseEngine.MySql.DefaultPort()),
                Database = settings.Database?.Trim() ?? "",
                UserID = settings.Username?.Trim() ?? "",
                Password = settings.Password ?? "",
                SslMode = settings.Tls switch
                {
                    TlsMode.Disable => MySqlSslMode.None,
                    TlsMode.Require => MySqlSslMode.Required,
                    TlsMode.VerifyFull => MySqlSslMode.VerifyFull,
                    _ => MySqlSslMode.Preferred,
                },
                ConnectionTimeout = (uint)(settings.ConnectTimeoutSeconds > 0 ? settings.ConnectTimeoutSeconds : 10),
                ApplicationName = "Appliance",
                Pooling = false,
            };
        }

        if (string.IsNullOrWhiteSpace(builder.Server))
        {
            throw EngineErrors.MissingHost(new ConnectionTarget { Engine = DatabaseEngine.MySql });
        }

        return builder;
    }
}
