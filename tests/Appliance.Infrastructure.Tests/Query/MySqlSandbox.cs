using Appliance.Core.Connections;
using Appliance.Tests;
using MySqlConnector;

namespace Appliance.Infrastructure.Tests.Query;

/// <summary>
/// A fresh MariaDB database with an account that CAN write (data, DDL, routines, EXECUTE on the database; no global
/// privilege, so no FILE, SUPER or PROCESS), canary tables (InnoDB and the non-transactional MyISAM), a sequence, and
/// stored functions and procedures that write — one commits and switches back to READ WRITE inside. <see cref="FingerprintAsync"/>
/// (read as the admin) changes if anything lands.
/// </summary>
internal sealed class MySqlSandbox : IAsyncDisposable
{
    private readonly TemporaryDatabase _database;

    private MySqlSandbox(TemporaryDatabase database, string user, string password)
    {
        _database = database;
        User = user;
        Writer = QueryTestSupport.MySql(new MySqlConnectionStringBuilder(database.ConnectionString) { UserID = user, Password = password }.ConnectionString);
    }

    public string User { get; }

    public string DatabaseName => _database.Name;

    public ConnectionSettings Writer { get; }

    public string AdminConnectionString => _database.ConnectionString;

    public static async Task<MySqlSandbox> CreateAsync()
    {
        var database = await TestServers.CreateMySqlDatabaseAsync("q");
        var user = "corpus_w_" + Guid.NewGuid().ToString("N")[..12];
        var password = QueryTestSupport.NewPassword();
        await ExecuteAsync(database.ConnectionString,
        [
            // '0000-00-00' in typed.zero needs a permissive sql_mode for the insert.
            "SET SESSION sql_mode = ''",
            $"CREATE USER '{user}'@'%' IDENTIFIED BY '{password}'",
            $"GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, CREATE VIEW, SHOW VIEW, EXECUTE, CREATE TEMPORARY TABLES, LOCK TABLES, TRIGGER, CREATE ROUTINE, ALTER ROUTINE, EVENT ON `{database.Name}`.* TO '{user}'@'%'",
            "CREATE TABLE canary (id INT PRIMARY KEY, note VARCHAR(100)) ENGINE = InnoDB",
            "INSERT INTO canary VALUES (1, 'one'), (2, 'two'), (3, 'three')",
            "CREATE TABLE canary_myisam (id INT PRIMARY KEY, note VARCHAR(100)) ENGINE = MyISAM",
            "INSERT INTO canary_myisam VALUES (1, 'one'), (2, 'two'), (3, 'three')",
            "CREATE SEQUENCE canary_seq NOCACHE",
            "CREATE FUNCTION canary_write() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO canary VALUES (100, 'written by a function'); RETURN 1; END",
            "CREATE FUNCTION canary_write_myisam() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO canary_myisam VALUES (100, 'written by a function'); RETURN 1; END",
            "CREATE FUNCTION canary_nextval() RETURNS BIGINT MODIFIES SQL DATA RETURN NEXTVAL(canary_seq)",
            "CREATE PROCEDURE canary_insert() MODIFIES SQL DATA INSERT INTO canary VALUES (101, 'procedure')",
            "CREATE PROCEDURE canary_escape() MODIFIES SQL DATA BEGIN COMMIT; SET SESSION tx_read_only = 0; SET SESSION TRANSACTION READ WRITE; START TRANSACTION; INSERT INTO canary VALUES (102, 'escaped'); COMMIT; END",
            "CREATE PROCEDURE canary_escape_ddl() MODIFIES SQL DATA CREATE TABLE leak_procedure_table (a INT)",
            "CREATE VIEW canary_writer_view AS SELECT canary_write() AS written",
            "CREATE TABLE typed (ti TINYINT, si SMALLINT, i INT, bi BIGINT, ubi BIGINT UNSIGNED, dc DECIMAL(10, 2), fl FLOAT, db DOUBLE, "
                + "vc VARCHAR(20), tx TEXT, ch CHAR(3), b BOOLEAN, d DATE, dt DATETIME, ts TIMESTAMP NULL, t TIME, y YEAR, bl BLOB, vb VARBINARY(10), "
                + "j JSON, e ENUM('a', 'b'), u UUID, zero DATE, n INT)",
            "INSERT INTO typed VALUES (1, 2, 3, 4, 18446744073709551615, 1.50, 2.5, 3.5, 'var', 'text', 'c', TRUE, '2024-02-29', "
                + "'2024-02-29 12:34:56', '2024-02-29 12:34:56', '12:34:56', 2024, x'0102ff', x'0a0b', '{\"a\": 1}', 'b', "
                + "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '0000-00-00', NULL)",
        ]);
        return new MySqlSandbox(database, user, password);
    }

    /// <summary>Everything a write could change, as one text.</summary>
    public async Task<string> FingerprintAsync()
    {
        var db = DatabaseName;
        var sql = $"""
            SELECT CONCAT_WS('\n',
              CONCAT('canary=', COALESCE((SELECT GROUP_CONCAT(CONCAT(id, ':', COALESCE(note, '')) ORDER BY id) FROM `{db}`.canary), '')),
              CONCAT('myisam=', COALESCE((SELECT GROUP_CONCAT(CONCAT(id, ':', COALESCE(note, '')) ORDER BY id) FROM `{db}`.canary_myisam), '')),
              CONCAT('tables=', COALESCE((SELECT GROUP_CONCAT(CONCAT(TABLE_NAME, ':', TABLE_TYPE, ':', COALESCE(ENGINE, '')) ORDER BY TABLE_NAME)
                  FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{db}'), '')),
              CONCAT('columns=', COALESCE((SELECT GROUP_CONCAT(CONCAT(TABLE_NAME, '.', COLUMN_NAME, ':', COLUMN_TYPE) ORDER BY TABLE_NAME, ORDINAL_POSITION)
                  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{db}'), '')),
              CONCAT('indexes=', COALESCE((SELECT GROUP_CONCAT(CONCAT(TABLE_NAME, '.', INDEX_NAME, '.', COLUMN_NAME) ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX)
                  FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '{db}'), '')),
              CONCAT('routines=', COALESCE((SELECT GROUP_CONCAT(CONCAT(ROUTINE_NAME, ':', MD5(COALESCE(ROUTINE_DEFINITION, ''))) ORDER BY ROUTINE_NAME)
                  FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '{db}'), '')),
              CONCAT('triggers=', COALESCE((SELECT GROUP_CONCAT(TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '{db}'), '')),
              CONCAT('events=', COALESCE((SELECT GROUP_CONCAT(EVENT_NAME) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '{db}'), '')),
              CONCAT('sequence=', (SELECT next_not_cached_value FROM `{db}`.canary_seq)),
              CONCAT('grants=', COALESCE((SELECT GROUP_CONCAT(CONCAT(GRANTEE, ':', PRIVILEGE_TYPE) ORDER BY GRANTEE, PRIVILEGE_TYPE)
                  FROM information_schema.SCHEMA_PRIVILEGES WHERE TABLE_SCHEMA = '{db}'), '')),
              CONCAT('tablegrants=', COALESCE((SELECT GROUP_CONCAT(CONCAT(GRANTEE, ':', TABLE_NAME, ':', PRIVILEGE_TYPE)) FROM information_schema.TABLE_PRIVILEGES WHERE TABLE_SCHEMA = '{db}'), '')),
              CONCAT('writer=', (SELECT CONCAT(authentication_string, ':', is_role) FROM mysql.user WHERE User = '{User}')),
              CONCAT('leaks=', COALESCE((SELECT GROUP_CONCAT(CONCAT(User, '@', Host)) FROM mysql.user WHERE User LIKE 'leak%'), ''), '/',
                  COALESCE((SELECT GROUP_CONCAT(SCHEMA_NAME) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'leak%'), '')),
              CONCAT('readonly=', @@GLOBAL.read_only))
            """;
        await using var connection = new MySqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    /// <summary>Connections the writing account made since the server started counting (userstat); zero means it never connected.</summary>
    public async Task<long> WriterConnectionsAsync()
    {
        await using var connection = new MySqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"SELECT COALESCE(SUM(TOTAL_CONNECTIONS), 0) FROM information_schema.USER_STATISTICS WHERE USER = '{User}'", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(string connectionString, IEnumerable<string> statements)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new MySqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await ExecuteAsync(TestServers.MySqlAdmin, [$"DROP USER IF EXISTS '{User}'@'%'"]);
    }
}
