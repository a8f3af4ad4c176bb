using System.Diagnostics;
using Appliance.Core.Connections;
using Appliance.Infrastructure.Engines;
using Appliance.Tests;
using Npgsql;

namespace Appliance.Infrastructure.Tests.Engines;

public sealed class PostgresConnectionTests
{
    private const string WrongPassword = "Wr0ng-Secret-Passw0rd!";
    private readonly PostgresEngineAdapter _adapter = new();

    /// <summary>Discrete settings pointing at the test server, from its admin connection string.</summary>
    private static ConnectionSettings AdminSettings()
    {
        var admin = new NpgsqlConnectionStringBuilder(TestServers.PostgresAdmin);
        return new ConnectionSettings
        {
            Engine = DatabaseEngine.Postgres,
            Host = admin.Host,
            Port = admin.Port,
            Database = admin.Database ?? "postgres",
            Username = admin.Username,
            Password = admin.Password,
            Tls = TlsMode.Prefer,
            ConnectTimeoutSeconds = 5,
        };
    }

    [Fact]
    public void Builds_a_connection_string_from_fields_with_each_tls_mode()
    {
        var settings = new ConnectionSettings
        {
            Engine = DatabaseEngine.Postgres, Host = "db.example.com", Database = "shop", Username = "reader", Password = "s3cret", ConnectTimeoutSeconds = 7,
        };

        var builder = new NpgsqlConnectionStringBuilder(_adapter.BuildConnectionString(settings));
        Assert.Equal(("db.example.com", 5432, "shop", "reader", "s3cret"), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
        Assert.Equal(7, builder.Timeout);
        Assert.Equal("Appliance", builder.ApplicationName);
        Assert.Equal(SslMode.Prefer, builder.SslMode);

        Assert.Equal(SslMode.Disable, Mode(TlsMode.Disable));
        Assert.Equal(SslMode.Require, Mode(TlsMode.Require));
        Assert.Equal(SslMode.VerifyFull, Mode(TlsMode.VerifyFull));
        Assert.Equal(6543, new NpgsqlConnectionStringBuilder(_adapter.BuildConnectionString(settings with { Port = 6543 })).Port);

        SslMode Mode(TlsMode tls) => new NpgsqlConnectionStringBuilder(_adapter.BuildConnectionString(settings with { Tls = tls })).SslMode;
    }

    [Fact]
    public void A_pasted_string_wins_and_the_password_field_fills_a_missing_password()
    {
        var settings = new ConnectionSettings
        {
            Engine = DatabaseEngine.Postgres, Host = "ignored", Password = "from-field",
            ConnectionString = "Host=pasted.example.com;Port=5433;Database=app;Username=u;SSL Mode=Require;Timeout=20",
        };

        var builder = new NpgsqlConnectionStringBuilder(_adapter.BuildConnectionString(settings));
        Assert.Equal(("pasted.example.com", 5433, "app", "u", "from-field"), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
        Assert.Equal((SslMode.Require, 20, "Appliance"), (builder.SslMode, builder.Timeout, builder.ApplicationName));

        var own = new NpgsqlConnectionStringBuilder(_adapter.BuildConnectionString(settings with { ConnectionString = settings.ConnectionString + ";Password=pasted" }));
        Assert.Equal("pasted", own.Password);
    }

    [Theory]
    [InlineData("Host=db;Password=Hunter2-Secret;Bogus Keyword=1")]
    [InlineData("Host=db;Port=notanumber;Password=Hunter2-Secret")]
    [InlineData("Hunter2-Secret")]
    public async Task An_invalid_pasted_string_is_reported_without_echoing_it(string pasted)
    {
        var settings = new ConnectionSettings { Engine = DatabaseEngine.Postgres, ConnectionString = pasted };

        var ex = Assert.Throws<DatabaseAccessException>(() => _adapter.BuildConnectionString(settings));
        Assert.Equal(ConnectionProblem.InvalidSettings, ex.Problem);
        Assert.DoesNotContain("Hunter2", ex.Message, StringComparison.Ordinal);

        var result = await _adapter.TestAsync(settings, TestContext.Current.CancellationToken);
        Assert.False(result.Success);
        Assert.Equal(ConnectionProblem.InvalidSettings, result.Problem);
        Assert.DoesNotContain("Hunter2", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_host_is_invalid_settings()
    {
        var result = await _adapter.TestAsync(new ConnectionSettings { Engine = DatabaseEngine.Postgres, Username = "u" }, TestContext.Current.CancellationToken);
        Assert.Equal(ConnectionProblem.InvalidSettings, result.Problem);
    }

    [Fact]
    public async Task Connects_and_reports_version_and_that_a_superuser_can_write()
    {
        var result = await _adapter.TestAsync(AdminSettings(), TestContext.Current.CancellationToken);

        Assert.True(result.Success, result.Message);
        Assert.Equal(ConnectionProblem.None, result.Problem);
        Assert.StartsWith("PostgreSQL ", result.ServerVersion, StringComparison.Ordinal);
        Assert.True(result.RoleCanWrite);
        Assert.True(result.Elapsed > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_read_only_role_is_reported_as_unable_to_write()
    {
        await using var db = await TestServers.CreatePostgresDatabaseAsync("ro");
        var role = "reader_" + Guid.NewGuid().ToString("N")[..12];
        const string password = "Reader-Pass-123";
        await TestServers.ExecutePostgresAsync(db.ConnectionString, $"""
            CREATE TABLE items (id int PRIMARY KEY);
            CREATE ROLE {role} LOGIN PASSWORD '{password}';
            GRANT SELECT ON items TO {role};
            """);
        try
        {
            var settings = AdminSettings() with { Database = db.Name, Username = role, Password = password };
            var result = await _adapter.TestAsync(settings, TestContext.Current.CancellationToken);

            Assert.True(result.Success, result.Message);
            Assert.False(result.RoleCanWrite);

            var schema = await _adapter.ReadSchemaAsync(settings, TestContext.Current.CancellationToken);
            Assert.Equal("items", Assert.Single(schema.Tables).Name);
        }
        finally
        {
            await TestServers.ExecutePostgresAsync(TestServers.PostgresAdmin, $"DROP DATABASE IF EXISTS \"{db.Name}\" WITH (FORCE); DROP ROLE IF EXISTS {role}");
        }
    }

    [Fact]
    public async Task A_wrong_password_names_the_user_and_never_the_password()
    {
        var settings = AdminSettings() with { Password = WrongPassword };

        var result = await _adapter.TestAsync(settings, TestContext.Current.CancellationToken);
        if (result.Success)
        {
            Assert.Skip("The test server trusts connections from this host, so a wrong password cannot be detected.");
        }

        Assert.Equal(ConnectionProblem.AuthenticationFailed, result.Problem);
        Assert.Contains($"'{settings.Username}'", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, result.Message, StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<DatabaseAccessException>(() => _adapter.ReadSchemaAsync(settings, TestContext.Current.CancellationToken));
        Assert.Equal(ConnectionProblem.AuthenticationFailed, ex.Problem);
        Assert.DoesNotContain(WrongPassword, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_database_is_named()
    {
        var result = await _adapter.TestAsync(AdminSettings() with { Database = "no_such_database_xyz" }, TestContext.Current.CancellationToken);

        Assert.Equal(ConnectionProblem.UnknownDatabase, result.Problem);
        Assert.Contains("'no_such_database_xyz'", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_port_is_a_refused_connection()
    {
        var port = EngineTestSupport.FreePort();
        var settings = new ConnectionSettings
        {
            Engine = DatabaseEngine.Postgres, Host = "127.0.0.1", Port = port, Username = "u", Password = WrongPassword, ConnectTimeoutSeconds = 5,
        };

        var result = await _adapter.TestAsync(settings, TestContext.Current.CancellationToken);

        Assert.Equal(ConnectionProblem.ConnectionRefused, result.Problem);
        Assert.Contains($"127.0.0.1:{port}", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_host_is_a_dns_failure()
    {
        var settings = new ConnectionSettings
        {
            Engine = DatabaseEngine.Postgres, Host = "no-such-host.invalid", Username = "u", Password = WrongPassword, ConnectTimeoutSeconds = 5,
        };

        var result = await _adapter.TestAsync(settings, TestContext.Current.CancellationToken);

        Assert.Equal(ConnectionProblem.UnknownHost, result.Problem);
        Assert.Contains("'no-such-host.invalid'", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_within_the_limit()
    {
        using var silent = new SilentServer();
        var settings = new ConnectionSettings
        {
            Engine = DatabaseEngine.Postgres, Host = "127.0.0.1", Port = silent.Port, Username = "u", Password = WrongPassword, ConnectTimeoutSeconds = 1,
        };

        var result = await _adapter.TestAsync(settings, TestContext.Current.CancellationToken);

        Assert.Equal(ConnectionProblem.Timeout, result.Problem);
        Assert.Contains("1 seconds", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requiring_tls_from_a_server_without_tls_is_a_tls_failure()
    {
        await using (var conn = new NpgsqlConnection(TestServers.PostgresAdmin))
        {
            await conn.OpenAsync(TestContext.Current.CancellationToken);
            await using var cmd = new NpgsqlCommand("SHOW ssl", conn);
            if ((string?)await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken) == "on")
            {
                Assert.Skip("The test server has TLS enabled.");
            }
        }

        var result = await _adapter.TestAsync(AdminSettings() with { Tls = TlsMode.Require }, TestContext.Current.CancellationToken);

        Assert.True(result.Problem == ConnectionProblem.TlsFailed, result.Message);
        Assert.Contains("does not offer encrypted connections", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_errors_are_classified_by_sqlstate()
    {
        var target = new ConnectionTarget { Engine = DatabaseEngine.Postgres, Host = "h", Port = 5432, Database = "d", User = "u", Password = "pw-secret" };

        Assert.Equal(ConnectionProblem.AuthenticationFailed, PostgresErrors.ClassifyServerError("28P01", "password authentication failed for user \"u\"", target).Problem);
        Assert.Equal(ConnectionProblem.UnknownDatabase, PostgresErrors.ClassifyServerError("3D000", "database \"d\" does not exist", target).Problem);
        Assert.Equal(ConnectionProblem.TlsRequired, PostgresErrors.ClassifyServerError(
            "28000", "no pg_hba.conf entry for host \"10.0.0.1\", user \"u\", database \"d\", no encryption", target).Problem);
        Assert.Equal(ConnectionProblem.PermissionDenied, PostgresErrors.ClassifyServerError(
            "28000", "no pg_hba.conf entry for host \"10.0.0.1\", user \"u\", database \"d\", SSL encryption", target).Problem);
        Assert.Equal(ConnectionProblem.PermissionDenied, PostgresErrors.ClassifyServerError("42501", "permission denied for database d", target).Problem);
        Assert.Equal(ConnectionProblem.AuthenticationFailed, PostgresErrors.ClassifyServerError("28000", "role \"u\" does not exist", target).Problem);
        var other = PostgresErrors.ClassifyServerError("XX000", "something about pw-secret", target);
        Assert.Equal(ConnectionProblem.Other, other.Problem);
        Assert.DoesNotContain("pw-secret", other.Message, StringComparison.Ordinal);
    }
}
