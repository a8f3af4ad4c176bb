using MySqlConnector;
using Npgsql;

namespace Appliance.Tests;

/// <summary>
/// The real servers started by test.sh, found through environment variables. When a variable is missing the test
/// is skipped with the name of the server it needs (run ./test.sh to get them all).
/// </summary>
public static class TestServers
{
    /// <summary>Npgsql connection string of a PostgreSQL superuser (database "postgres").</summary>
    public const string PostgresVariable = "APPLIANCE_TEST_POSTGRES";
    /// <summary>MySqlConnector connection string of a MariaDB user with all privileges (no database).</summary>
    public const string MySqlVariable = "APPLIANCE_TEST_MYSQL";
    /// <summary>Path of the Chromium executable.</summary>
    public const string ChromiumVariable = "APPLIANCE_TEST_CHROMIUM";

    public static string PostgresAdmin => Require(PostgresVariable, "PostgreSQL");
    public static string MySqlAdmin => Require(MySqlVariable, "MariaDB");
    public static string Chromium => Require(ChromiumVariable, "Chromium");

    private static string Require(string variable, string server)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            Assert.Skip($"Needs a real {server} server: {variable} is not set (./test.sh starts one).");
        }

        return value!;
    }

    /// <summary>Creates an empty PostgreSQL database with a unique name; dispose drops it.</summary>
    public static async Task<TemporaryDatabase> CreatePostgresDatabaseAsync(string prefix = "t")
    {
        var admin = PostgresAdmin;
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false };
        return new TemporaryDatabase(name, builder.ConnectionString, async () =>
        {
            await using var conn = new NpgsqlConnection(admin);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        });
    }

    /// <summary>Creates an empty MariaDB database with a unique name; dispose drops it.</summary>
    public static async Task<TemporaryDatabase> CreateMySqlDatabaseAsync(string prefix = "t")
    {
        var admin = MySqlAdmin;
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await ExecuteMySqlAsync(admin, $"CREATE DATABASE `{name}`");
        var builder = new MySqlConnectionStringBuilder(admin) { Database = name, Pooling = false, AllowUserVariables = true };
        return new TemporaryDatabase(name, builder.ConnectionString, () => ExecuteMySqlAsync(admin, $"DROP DATABASE IF EXISTS `{name}`"));
    }

    public static async Task ExecuteMySqlAsync(string connectionString, string sql)
    {
        await using var conn = new MySqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new MySqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task ExecutePostgresAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}

public sealed class TemporaryDatabase(string name, string connectionString, Func<Task> drop) : IAsyncDisposable
{
    public string Name { get; } = name;
    public string ConnectionString { get; } = connectionString;

    public async ValueTask DisposeAsync() => await drop();
}
