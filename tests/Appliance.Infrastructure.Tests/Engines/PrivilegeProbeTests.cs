using Appliance.Core.Connections;
using Appliance.Infrastructure.Engines;
using Appliance.Tests;
using MySqlConnector;
using Npgsql;

namespace Appliance.Infrastructure.Tests.Engines;

/// <summary>
/// "Test connection" flags a role that can change data or schema, so the UI can advise a read-only role. Each case grants
/// one privilege to a fresh login role on real servers and checks the flag. {role}, {db} are replaced per case.
/// </summary>
public sealed class PrivilegeProbeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GRANT SELECT ON items TO {role}", false)]
    [InlineData("GRANT SELECT ON items TO {role}; GRANT USAGE, SELECT ON SEQUENCE items_id_seq TO {role}", false)]
    [InlineData("GRANT SELECT, INSERT ON items TO {role}", true)]
    [InlineData("GRANT UPDATE (name) ON items TO {role}", true)]
    [InlineData("GRANT TRUNCATE ON items TO {role}", true)]
    [InlineData("GRANT CREATE ON SCHEMA public TO {role}", true)]
    [InlineData("GRANT CREATE ON DATABASE \"{db}\" TO {role}", true)]
    [InlineData("GRANT UPDATE ON SEQUENCE items_id_seq TO {role}", true)]
    [InlineData("CREATE ROLE {role}_writers; GRANT DELETE ON items TO {role}_writers; GRANT {role}_writers TO {role}", true)]
    [InlineData("GRANT pg_write_all_data TO {role}", true)]
    [InlineData("ALTER ROLE {role} CREATEDB", true)]
    public async Task Postgres_flags_a_role_that_can_write(string grants, bool canWrite)
    {
        await using var db = await TestServers.CreatePostgresDatabaseAsync("probe");
        var role = "probe_" + Guid.NewGuid().ToString("N")[..12];
        const string password = "Probe-Pass-123";
        await TestServers.ExecutePostgresAsync(db.ConnectionString,
            $"CREATE TABLE items (id serial PRIMARY KEY, name text); CREATE ROLE {role} LOGIN PASSWORD '{password}'; "
            + grants.Replace("{role}", role, StringComparison.Ordinal).Replace("{db}", db.Name, StringComparison.Ordinal));
        try
        {
            var admin = new NpgsqlConnectionStringBuilder(db.ConnectionString);
            var result = await new PostgresEngineAdapter().TestAsync(new ConnectionSettings
            {
                Engine = DatabaseEngine.Postgres, Host = admin.Host, Port = admin.Port, Database = db.Name, Username = role, Password = password, ConnectTimeoutSeconds = 5,
            }, Token);

            Assert.True(result.Success, result.Message);
            Assert.Equal(canWrite, result.RoleCanWrite);
            Assert.Equal(canWrite, result.Message.Contains("a read-only user is recommended", StringComparison.Ordinal));
        }
        finally
        {
            await TestServers.ExecutePostgresAsync(TestServers.PostgresAdmin,
                $"DROP DATABASE IF EXISTS \"{db.Name}\" WITH (FORCE); DROP ROLE IF EXISTS {role}; DROP ROLE IF EXISTS {role}_writers");
        }
    }

    [Theory]
    [InlineData("GRANT SELECT ON `{db}`.* TO '{role}'@'%'", false)]
    [InlineData("GRANT SELECT, SHOW VIEW ON `{db}`.* TO '{role}'@'%'", false)]
    [InlineData("GRANT SELECT ON `{db}`.* TO '{role}'@'%'; GRANT INSERT ON `{db}`.items TO '{role}'@'%'", true)]
    [InlineData("GRANT SELECT ON `{db}`.* TO '{role}'@'%'; GRANT UPDATE (name) ON `{db}`.items TO '{role}'@'%'", true)]
    [InlineData("GRANT CREATE ON `{db}`.* TO '{role}'@'%'", true)]
    [InlineData("GRANT SELECT ON `{db}`.* TO '{role}'@'%'; GRANT FILE ON *.* TO '{role}'@'%'", true)]
    [InlineData("CREATE ROLE {role}_writers; GRANT DELETE ON `{db}`.items TO {role}_writers; GRANT {role}_writers TO '{role}'@'%'; SET DEFAULT ROLE {role}_writers FOR '{role}'@'%'", true)]
    public async Task MariaDb_flags_an_account_that_can_write(string grants, bool canWrite)
    {
        await using var db = await TestServers.CreateMySqlDatabaseAsync("probe");
        var role = "probe_" + Guid.NewGuid().ToString("N")[..12];
        const string password = "Probe-Pass-123";
        await TestServers.ExecuteMySqlAsync(db.ConnectionString, $"CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20)); CREATE USER '{role}'@'%' IDENTIFIED BY '{password}'");
        foreach (var grant in grants.Split("; "))
        {
            await TestServers.ExecuteMySqlAsync(db.ConnectionString, grant.Replace("{role}", role, StringComparison.Ordinal).Replace("{db}", db.Name, StringComparison.Ordinal));
        }

        try
        {
            var admin = new MySqlConnectionStringBuilder(db.ConnectionString);
            var result = await new MySqlEngineAdapter().TestAsync(new ConnectionSettings
            {
                Engine = DatabaseEngine.MySql, Host = admin.Server, Port = (int)admin.Port, Database = db.Name, Username = role, Password = password, ConnectTimeoutSeconds = 5,
            }, Token);

            Assert.True(result.Success, result.Message);
            Assert.Equal(canWrite, result.RoleCanWrite);
        }
        finally
        {
            await TestServers.ExecuteMySqlAsync(TestServers.MySqlAdmin, $"DROP USER IF EXISTS '{role}'@'%'");
            await TestServers.ExecuteMySqlAsync(TestServers.MySqlAdmin, $"DROP ROLE IF EXISTS {role}_writers");
        }
    }

    [Theory]
    [InlineData("GRANT USAGE ON *.* TO `u`@`%`", false)]
    [InlineData("GRANT SELECT, SHOW VIEW ON `shop`.* TO `u`@`%`", false)]
    [InlineData("GRANT `writers` TO `u`@`%`", false)]
    [InlineData("GRANT SELECT, UPDATE (`name`, `note`) ON `shop`.`items` TO `writers`", true)]
    [InlineData("GRANT ALL PRIVILEGES ON `shop`.* TO `u`@`%`", true)]
    [InlineData("GRANT SELECT, INSERT ON `shop`.* TO 'u'@'%' WITH GRANT OPTION", true)]
    [InlineData("GRANT DELETE HISTORY ON *.* TO `u`@`%`", true)]
    public void Show_grants_lines_are_read_for_write_privileges(string line, bool canWrite) =>
        Assert.Equal(canWrite, MySqlGrants.CanWrite([line]));
}
