using Appliance.Core.Connections;
using Appliance.Infrastructure.Query;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Npgsql;

namespace Appliance.Infrastructure.Tests.Query;

/// <summary>Runners with chosen limits and layers, and connection settings for the test servers.</summary>
internal static class QueryTestSupport
{
    public static QueryRunner Runner(
        SafetyLayers layers = SafetyLayers.All, int timeoutSeconds = 10, int maxRows = 5000, long maxBytes = 16L * 1024 * 1024) =>
        new(Microsoft.Extensions.Options.Options.Create(Options(timeoutSeconds, maxRows, maxBytes))) { Layers = layers };

    public static QueryOptions Options(int timeoutSeconds = 10, int maxRows = 5000, long maxBytes = 16L * 1024 * 1024) => new()
    {
        StatementTimeoutSeconds = timeoutSeconds,
        MaxRows = maxRows,
        MaxBytes = maxBytes,
    };

    /// <summary>Discrete settings (as a user would enter them) for an Npgsql connection string.</summary>
    public static ConnectionSettings Postgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new ConnectionSettings
        {
            Engine = DatabaseEngine.Postgres,
            Host = builder.Host,
            Port = builder.Port,
            Database = builder.Database,
            Username = builder.Username,
            Password = builder.Password,
            Tls = TlsMode.Prefer,
            ConnectTimeoutSeconds = 5,
        };
    }

    public static ConnectionSettings MySql(string connectionString)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString);
        return new ConnectionSettings
        {
            Engine = DatabaseEngine.MySql,
            Host = builder.Server,
            Port = (int)builder.Port,
            Database = string.IsNullOrEmpty(builder.Database) ? null : builder.Database,
            Username = builder.UserID,
            Password = builder.Password,
            Tls = TlsMode.Prefer,
            ConnectTimeoutSeconds = 5,
        };
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="limit"/> passes; returns whether it held.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? limit = null)
    {
        var until = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow > until)
            {
                return false;
            }

            await Task.Delay(100);
        }
    }

    public static string NewPassword() => "Pw-" + Guid.NewGuid().ToString("N");
}
