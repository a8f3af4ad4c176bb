using System.Diagnostics;
using Appliance.Core.Connections;
using Appliance.Infrastructure.Engines;
using Appliance.Tests;
using MySqlConnector;

namespace Appliance.Infrastructure.Tests.Engines;

public sealed class MySqlConnectionTests
{
    private const string WrongPassword = "Wr0ng-Secret-Passw0rd!";
    private readonly MySqlEngineAdapter _adapter = new();

    private static ConnectionSettings AdminSettings()
    {
        var admin = new MySqlConnectionStringBuilder(TestServers.MySqlAdmin);
        return new ConnectionSettings
        {
            Engine = DatabaseEngine.MySql,
            Host = admin.Server,
            Port = (int)admin.Port,
            Username = admin.UserID,
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
            Engine = DatabaseEngine.MySql, Host = "db.example.com", Database = "shop", Username = "reader", Password = "s3cret", ConnectTimeoutSeconds = 7,
        };

        var builder = new MySqlConnectionStringBuilder(_adapter.BuildConnectionString(settings));
        Assert.Equal(("db.example.com", 3306u, "shop", "reader", "s3cret"), (builder.Server, builder.Port, builder.Database, builder.UserID, builder.Password));
        Assert.Equal((7u, "Appliance", MySqlSslMode.Preferred), (builder.ConnectionTimeout, builder.ApplicationName, builder.SslMode));

        Assert.Equal(MySqlSslMode.None, Mode(TlsMode.Disable));
        Assert.Equal(MySqlSslMode.Required, Mode(TlsMode.Require));
        Assert.Equal(MySqlSslMode.VerifyFull, Mode(TlsMode.VerifyFull));

        MySqlSslMode Mode(TlsMode tls) => new MySqlConnectionStringBuilder(_adapter.BuildConnectionString(settings with { Tls = tls })).SslMode;
    }

    [Fact]
    public void A_pasted_string_wins_and_the_password_field_fills_a_missing_password()
    {
        var settings = new ConnectionSettings
        {
            Engine = DatabaseEngine.MySql, Password = "from-field",
            ConnectionString = "Server=pasted.example.com;Port=3307;Database=app;User ID=u;SslMode=Required",
        };

        var builder = new MySqlConnectionStringBuilder(_adapter.BuildConnectionString(settings));
        Assert.Equal(("pasted.example.com", 3307u, "app", "u", "from-field"), (builder.Server, builder.Port, builder.Database, builder.UserID, builder.Password));
        Assert.Equal(MySqlSslMode.Required, builder.SslMode);
    }

    [Theory]
    [InlineData("Server=db;Password=Hunter2-Secret;Bogus Keyword=1")]
    [InlineData("Server=db;Port=notanumber;Password=Hunter2-Secret")]
    [InlineData("Hunter2-Secret")]
    public async Task An_invalid_pasted_string_is_reported_without_echoing_it(string pasted)
    {
        var settings = new ConnectionSettings { Engine = DatabaseEngine.MySql, ConnectionString = pasted };

        var ex = Assert.Throws<DatabaseAccessException>(() => _adapter.BuildConnectionString(settings));
        Assert.Equal(ConnectionProblem.InvalidSettings, ex.Problem);
        Assert.DoesNotContain("Hunter2", ex.Message, StringComparison.Ordinal);

        var result = await _adapter.TestAsync(settings, TestContext.Current.CancellationToken);
        Assert.Equal(ConnectionProblem.InvalidSettings, result.Problem);
        Assert.DoesNotContain("Hunter2", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connects_and_reports_version_and_that_an_all_privileges_user_can_write()
    {
        var result = await _adapter.TestAsync(AdminSettings(), TestContext.Current.CancellationToken);

        Assert.True(result.Success, result.Message);
        Assert.Matches("^(MariaDB|MySQL) [0-9]", result.ServerVersion);
        Assert.True(result.RoleCanWrite);
    }

    [Fact]
    public async Task A_select_only_user_is_reported_as_unable_to_write()
    {
        await using var db = await TestServers.CreateMySqlDatabaseAsync("ro");
        var user = "reader_" + Guid.NewGuid().ToString("N")[..12];
        const string password = "Reader-Pass-123";
        await TestServers.ExecuteMySqlAsync(db.ConnectionString, $"""
            CREATE TABLE items (id INT PRIMARY KEY);
            CREATE USER '{user}'@'%' IDENTIFIED BY '{password}';
            GRANT SELECT ON `{db.Name}`.* TO '{user}'@'%';
            """);
        try
        {
            var settings = AdminSettings() with { Database = db.Name, Username = user, Password = password };
            var result = await _adapter.TestAsync(settings, TestContext.Current.CancellationToken);

            Assert.True(result.Success, result.Message);
            Assert.False(result.RoleCanWrite);

            var schema = await _adapter.ReadSchemaAsync(settings, TestContext.Current.CancellationToken);
            Assert.Equal("items", Assert.Single(schema.Tables).Name);
        }
        finally
        {
            await TestServers.ExecuteMySqlAsync(TestServers.MySqlAdmin, $"DROP USER IF EXISTS '{user}'@'%'");
        }
    }

    [Fact]
    public async Task A_wrong_password_names_the_user_and_never_the_password()
    {
        var settings = AdminSettings() with { Password = WrongPassword };

        var result = await _adapter.TestAsync(settings, TestContext.Current.CancellationToken);

        Assert.Equal(ConnectionProblem.AuthenticationFailed, result.Problem);
        Assert.Contains($"'{settings.Username}'", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, result.Message, StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<DatabaseAccessException>(() => _adapter.ReadSchemaAsync(settings, TestContext.Current.CancellationToken));
        Assert.Equal(ConnectionProblem.AuthenticationFailed, ex.Problem);
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
            Engine = DatabaseEngine.MySql, Host = "127.0.0.1", Port = port, Username = "u", Password = WrongPassword, ConnectTimeoutSeconds = 5,
        };

        var result = await _adapter.TestAsync(settings, TestContext.Current.CancellationToken);

        Assert.True(result.Problem == ConnectionProblem.ConnectionRefused, result.Message);
        Assert.Contains($"127.0.0.1:{port}", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_host_is_a_dns_failure()
    {
        var settings = new ConnectionSettings
        {
            Engine = DatabaseEngine.MySql, Host = "no-such-host.invalid", Username = "u", Password = WrongPassword, ConnectTimeoutSeconds = 5,
        };

        var result = await _adapter.TestAsync(settings, TestContext.Current.CancellationToken);

        Assert.True(result.Problem == ConnectionProblem.UnknownHost, result.Message);
        Assert.Contains("'no-such-host.invalid'", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_within_the_limit()
    {
        using var silent = new SilentServer();
        var settings = new ConnectionSettings
        {
            Engine = DatabaseEngine.MySql, Host = "127.0.0.1", Port = silent.Port, Username = "u", Password = WrongPassword, ConnectTimeoutSeconds = 1,
        };

        var result = await _adapter.TestAsync(settings, TestContext.Current.CancellationToken);

        Assert.True(result.Problem == ConnectionProblem.Timeout, result.Message);
    }

    [Fact]
    public async Task Requiring_tls_from_a_server_without_tls_is_a_tls_failure()
    {
        await using (var conn = new MySqlConnection(TestServers.MySqlAdmin))
        {
            await conn.OpenAsync(TestContext.Current.CancellationToken);
            await using var cmd = new MySqlCommand("SELECT @@have_ssl", conn);
            if (await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken) is string haveSsl && haveSsl == "YES")
            {
                Assert.Skip("The test server has TLS enabled.");
            }
        }

        var result = await _adapter.TestAsync(AdminSettings() with { Tls = TlsMode.Require }, TestContext.Current.CancellationToken);

        Assert.True(result.Problem == ConnectionProblem.TlsFailed, result.Message);
    }

    [Fact]
    public void Server_errors_are_classified_by_number()
    {
        var target = new ConnectionTarget { Engine = DatabaseEngine.MySql, Host = "h", Port = 3306, Database = "d", User = "u", Password = "pw-secret" };

        Assert.Equal(ConnectionProblem.AuthenticationFailed, MySqlErrors.ClassifyServerError(1045, "Access denied for user 'u'@'x' (using password: YES)", target)!.Problem);
        Assert.Equal(ConnectionProblem.UnknownDatabase, MySqlErrors.ClassifyServerError(1049, "Unknown database 'd'", target)!.Problem);
        Assert.Equal(ConnectionProblem.PermissionDenied, MySqlErrors.ClassifyServerError(1044, "Access denied for user 'u'@'%' to database 'd'", target)!.Problem);
        Assert.Equal(ConnectionProblem.PermissionDenied, MySqlErrors.ClassifyServerError(1130, "Host 'x' is not allowed to connect", target)!.Problem);
        Assert.Equal(ConnectionProblem.TlsRequired, MySqlErrors.ClassifyServerError(3159, "Connections using insecure transport are prohibited", target)!.Problem);
        Assert.Null(MySqlErrors.ClassifyServerError(1064, "You have an error in your SQL syntax", target));
    }
}
