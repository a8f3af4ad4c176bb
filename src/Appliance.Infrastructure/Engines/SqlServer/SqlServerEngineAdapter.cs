using System.Globalization;
using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Microsoft.Data.SqlClient;

namespace Appliance.Infrastructure.Engines;

/// <summary>SQL Server through Microsoft.Data.SqlClient: connection strings, classified connection tests and set-based catalog ingestion (sys.* views).</summary>
public sealed class SqlServerEngineAdapter : IDatabaseEngineAdapter
{
    /// <summary>SqlClient's default connect timeout, meaning "not chosen by the pasted string".</summary>
    private const int DriverDefaultTimeout = 15;

    internal const int CatalogCommandTimeoutSeconds = 300;

    public DatabaseEngine Engine => DatabaseEngine.SqlServer;

    public string BuildConnectionString(ConnectionSettings settings) => CreateBuilder(settings).ConnectionString;

    public Task<ConnectionTestResult> TestAsync(ConnectionSettings settings, CancellationToken cancellationToken = default) =>
        ConnectionRunner.TestAsync(() => Prepare(settings), ProbeAsync, SqlServerErrors.Classify, cancellationToken);

    public async Task<DatabaseSchema> ReadSchemaAsync(ConnectionSettings settings, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(settings);
        var connection = new SqlConnection(prepared.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            return await ConnectionRunner.RunAsync(
                prepared,
                connection.OpenAsync,
                token => SqlServerSchemaReader.ReadAsync(connection, token),
                SqlServerErrors.Classify,
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<ProbeResult> ProbeAsync(PreparedConnection prepared, CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(prepared.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = new SqlCommand(SqlServerCatalogSql.Probe, connection) { CommandTimeout = prepared.Target.TimeoutSeconds };
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    return new ProbeResult(SqlServerSchemaReader.DescribeVersion(reader.GetString(0), reader.GetString(1)), reader.GetInt32(2) == 1);
                }
            }
        }
    }

    /// <summary>The adapter's own connections: the user's settings, never pooled (an idle connection would linger on the server).</summary>
    internal static PreparedConnection Prepare(ConnectionSettings settings)
    {
        var builder = CreateBuilder(settings);
        builder.Pooling = false;
        var (host, port) = SplitDataSource(builder.DataSource);
        return new PreparedConnection(builder.ConnectionString, new ConnectionTarget
        {
            Engine = DatabaseEngine.SqlServer,
            Host = host,
            Port = port,
            Database = string.IsNullOrEmpty(builder.InitialCatalog) ? null : builder.InitialCatalog,
            User = string.IsNullOrEmpty(builder.UserID) ? "(integrated security)" : builder.UserID,
            Password = builder.Password,
            TimeoutSeconds = builder.ConnectTimeout > 0 ? builder.ConnectTimeout : DriverDefaultTimeout,
        });
    }

    internal static SqlConnectionStringBuilder CreateBuilder(ConnectionSettings settings)
    {
        SqlConnectionStringBuilder builder;
        if (!string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            try
            {
                builder = new SqlConnectionStringBuilder(settings.ConnectionString);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException or KeyNotFoundException)
            {
                throw EngineErrors.InvalidPastedString(new ConnectionTarget { Engine = DatabaseEngine.SqlServer });
            }

            if (string.IsNullOrEmpty(builder.Password) && !string.IsNullOrEmpty(settings.Password) && !builder.IntegratedSecurity)
            {
                builder.Password = settings.Password;
            }

            if (string.IsNullOrEmpty(builder.ApplicationName) || builder.ApplicationName == "Framework Microsoft SqlClient Data Provider"
                || builder.ApplicationName == "Core Microsoft SqlClient Data Provider")
            {
                builder.ApplicationName = "Appliance";
            }

            if (builder.ConnectTimeout == DriverDefaultTimeout && settings.ConnectTimeoutSeconds > 0)
            {
                builder.ConnectTimeout = settings.ConnectTimeoutSeconds;
            }
        }
        else
        {
            var host = settings.Host?.Trim() ?? "";
            builder = new SqlConnectionStringBuilder
            {
                // "host,port"; a named instance (host\instance) without a port is found through the SQL Browser service.
                DataSource = settings.Port is > 0 ? $"{host},{settings.Port.Value.ToString(CultureInfo.InvariantCulture)}" : host,
                ConnectTimeout = settings.ConnectTimeoutSeconds > 0 ? settings.ConnectTimeoutSeconds : 10,
                ApplicationName = "Appliance",
                Pooling = false,
                // A failed connection must fail within the timeout, not be retried.
                ConnectRetryCount = 0,
            };
            if (!string.IsNullOrWhiteSpace(settings.Database))
            {
                builder.InitialCatalog = settings.Database.Trim();
            }

            if (string.IsNullOrWhiteSpace(settings.Username))
            {
                builder.IntegratedSecurity = true;
            }
            else
            {
                builder.UserID = settings.Username.Trim();
                builder.Password = settings.Password ?? "";
            }

            (builder.Encrypt, builder.TrustServerCertificate) = settings.Tls switch
            {
                // Optional: the login is still encrypted when the server supports it, the data only when the server forces it.
                TlsMode.Disable => (SqlConnectionEncryptOption.Optional, false),
                TlsMode.Prefer => (SqlConnectionEncryptOption.Optional, true),
                TlsMode.Require => (SqlConnectionEncryptOption.Mandatory, true),
                _ => (SqlConnectionEncryptOption.Mandatory, false),
            };
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw EngineErrors.MissingHost(new ConnectionTarget { Engine = DatabaseEngine.SqlServer });
        }

        return builder;
    }

    /// <summary>"tcp:host,1433" → ("host", 1433); "host\SQLEXPRESS" → ("host\SQLEXPRESS", null); "host" → ("host", 1433).</summary>
    internal static (string Host, int? Port) SplitDataSource(string dataSource)
    {
        var text = dataSource.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && text[..colon].ToLowerInvariant() is "tcp" or "np" or "lpc" or "admin")
        {
            text = text[(colon + 1)..];
        }

        var comma = text.LastIndexOf(',');
        if (comma > 0 && int.TryParse(text[(comma + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return (text[..comma].Trim(), port);
        }

        return text.Contains('\\', StringComparison.Ordinal) ? (text, null) : (text, DatabaseEngine.SqlServer.DefaultPort());
    }
}
