using Appliance.Core.Sql;

namespace Appliance.Core.Tests.Sql;

/// <summary>
/// The parse-tree layer of read-only execution against an adversarial corpus: statements that write, touch files, sleep,
/// lock, call side-effecting functions or try to smuggle a second statement in. Each must be refused with a reason.
/// </summary>
public sealed class ReadOnlyPolicyTests
{
    public static TheoryData<string, string, string> Refused => new()
    {
        // Plain writes and DDL, every dialect.
        { "postgres", "INSERT INTO t VALUES (1)", "INSERT" },
        { "postgres", "UPDATE t SET a = 1", "UPDATE" },
        { "postgres", "DELETE FROM t", "DELETE" },
        { "postgres", "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE", "MERGE" },
        { "postgres", "TRUNCATE t", "TRUNCATE" },
        { "postgres", "DROP TABLE t", "DROP" },
        { "postgres", "CREATE TABLE x (a int)", "CREATE" },
        { "postgres", "ALTER TABLE t ADD COLUMN b int", "ALTER" },
        { "postgres", "GRANT SELECT ON t TO public", "GRANT" },
        { "postgres", "REVOKE SELECT ON t FROM public", "REVOKE" },
        { "postgres", "COPY t TO '/tmp/x.csv'", "COPY" },
        { "postgres", "COPY (SELECT 1) TO PROGRAM 'rm -rf /'", "COPY" },
        { "postgres", "CALL do_things()", "CALL" },
        { "postgres", "SET ROLE postgres", "SET" },
        { "postgres", "SET default_transaction_read_only = off", "SET" },
        { "postgres", "BEGIN", "TRANSACTION" },
        { "postgres", "COMMIT", "TRANSACTION" },
        { "postgres", "DO $$ BEGIN DELETE FROM t; END $$", "not allowed" },
        { "postgres", "VACUUM t", "not allowed" },
        { "postgres", "LOCK TABLE t IN ACCESS EXCLUSIVE MODE", "not allowed" },
        { "postgres", "REFRESH MATERIALIZED VIEW mv", "not allowed" },
        { "postgres", "PREPARE p AS DELETE FROM t", "not allowed" },
        { "postgres", "LISTEN ch", "not allowed" },
        { "postgres", "NOTIFY ch", "not allowed" },
        { "postgres", "DISCARD ALL", "not allowed" },
        { "postgres", "CHECKPOINT", "not allowed" },
        { "postgres", "EXPLAIN ANALYZE DELETE FROM t", "EXPLAIN" },
        { "postgres", "EXPLAIN UPDATE t SET a = 1", "EXPLAIN" },
        { "mysql", "INSERT INTO t VALUES (1)", "INSERT" },
        { "mysql", "REPLACE INTO t VALUES (1)", "not allowed" },
        { "mysql", "UPDATE t SET a = 1 LIMIT 1", "UPDATE" },
        { "mysql", "DELETE FROM t LIMIT 1", "DELETE" },
        { "mysql", "LOAD DATA INFILE '/etc/passwd' INTO TABLE t", "not allowed" },
        { "mysql", "HANDLER t OPEN", "not allowed" },
        { "mysql", "LOCK TABLES t WRITE", "not allowed" },
        { "mysql", "FLUSH TABLES WITH READ LOCK", "not allowed" },
        { "mysql", "SET GLOBAL read_only = 0", "SET" },
        { "mysql", "START TRANSACTION", "TRANSACTION" },
        { "mysql", "CALL p()", "CALL" },
        { "mysql", "DO SLEEP(5)", "not allowed" },
        { "mysql", "CREATE TEMPORARY TABLE x (a INT)", "CREATE" },
        { "mysql", "RENAME TABLE a TO b", "not allowed" },
        { "mysql", "KILL 42", "not allowed" },
        { "mysql", "SHUTDOWN", "not allowed" },
        { "tsql", "INSERT INTO t VALUES (1)", "INSERT" },
        { "tsql", "UPDATE TOP (1) t SET a = 1", "UPDATE" },
        { "tsql", "DELETE TOP (10) FROM t", "DELETE" },
        { "tsql", "MERGE t USING s ON t.id = s.id WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id);", "MERGE" },
        { "tsql", "EXEC xp_cmdshell 'dir'", "CALL" },
        { "tsql", "EXECUTE sp_configure 'show advanced options', 1", "CALL" },
        { "tsql", "EXEC('DROP TABLE t')", "CALL" },
        { "tsql", "WAITFOR DELAY '00:00:10'", "not allowed" },
        { "tsql", "BACKUP DATABASE d TO DISK = 'c:\\x.bak'", "not allowed" },
        { "tsql", "DBCC FREEPROCCACHE", "not allowed" },
        { "tsql", "BULK INSERT t FROM 'c:\\data.csv'", "not allowed" },
        { "tsql", "TRUNCATE TABLE t", "TRUNCATE" },
        { "tsql", "DECLARE @x int", "DECLARE" },
        { "tsql", "USE master", "USE" },
        { "tsql", "SET IMPLICIT_TRANSACTIONS OFF", "SET" },
        { "tsql", "BEGIN TRAN", "TRANSACTION" },
        { "tsql", "IF 1 = 1 DELETE FROM t", "not allowed" },
        { "tsql", "REVERT", "not allowed" },
        { "tsql", "EXECUTE AS LOGIN = 'sa'", "not allowed" },

        // Stacked statements, comments, odd casing.
        { "postgres", "SELECT 1; DELETE FROM t", "2 statements" },
        { "postgres", "SELECT 1;DROP TABLE t;", "2 statements" },
        { "postgres", "SELECT 1 /* harmless */ ; /* not */ UPDATE t SET a = 1", "2 statements" },
        { "postgres", "select 1;\n-- comment\ninsert into t values (1)", "2 statements" },
        { "mysql", "SELECT 1; DROP TABLE t", "2 statements" },
        { "mysql", "SELECT 1 -- x\n; DELETE FROM t", "2 statements" },
        { "mysql", "SELECT 1 /*!; DELETE FROM t */", "2 statements" },
        { "mysql", "SELECT 1 /*M!; DELETE FROM t */", "2 statements" },
        { "tsql", "SELECT 1\nGO\nDROP TABLE t", "2 statements" },
        { "tsql", "SELECT 1 DELETE FROM t", "2 statements" },
        { "postgres", "sElEcT 1; dElEtE fRoM t", "2 statements" },
        { "postgres", "DeLeTe FrOm t", "DELETE" },
        { "postgres", "/* SELECT */ DELETE FROM t", "DELETE" },
        { "postgres", "-- SELECT\nUPDATE t SET a = 1", "UPDATE" },
        { "postgres", "  \n\t INSERT INTO t SELECT * FROM s", "INSERT" },

        // Writes hidden in WITH.
        { "postgres", "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "writes to t" },
        { "postgres", "WITH u AS (UPDATE t SET a = 1 RETURNING a) SELECT count(*) FROM u", "writes to t" },
        { "postgres", "WITH i AS (INSERT INTO t VALUES (1) RETURNING *) SELECT 1", "writes to t" },
        { "postgres", "WITH a AS (SELECT 1), b AS (DELETE FROM audit RETURNING 1) SELECT * FROM a", "writes to audit" },
        { "postgres", "WITH x AS (SELECT 1) DELETE FROM t", "DELETE" },
        { "postgres", "WITH x AS (SELECT * FROM s) INSERT INTO t SELECT * FROM x", "INSERT" },

        // SELECT … INTO, files.
        { "postgres", "SELECT * INTO new_table FROM t", "creates a table" },
        { "postgres", "SELECT * INTO TEMPORARY tmp FROM t", "creates a table" },
        { "tsql", "SELECT * INTO #tmp FROM t", "creates a table" },
        { "tsql", "SELECT a INTO dbo.copy FROM t", "creates a table" },
        { "mysql", "SELECT * FROM t INTO OUTFILE '/tmp/out.csv'", "writes a file" },
        { "mysql", "SELECT * INTO OUTFILE '/var/www/shell.php' FROM t", "writes a file" },
        { "mysql", "SELECT 'x' INTO DUMPFILE '/tmp/x'", "writes a file" },
        { "mysql", "SELECT a INTO @v FROM t", "variables" },

        // Locks.
        { "postgres", "SELECT * FROM t FOR UPDATE", "locking clause" },
        { "postgres", "SELECT * FROM t FOR SHARE", "locking clause" },
        { "postgres", "SELECT * FROM t FOR NO KEY UPDATE SKIP LOCKED", "locking clause" },
        { "postgres", "SELECT * FROM t FOR UPDATE OF t NOWAIT", "locking clause" },
        { "postgres", "SELECT * FROM (SELECT * FROM t FOR UPDATE) s", "locking clause" },
        { "mysql", "SELECT * FROM t LOCK IN SHARE MODE", "locking clause" },
        { "mysql", "SELECT * FROM t FOR UPDATE", "locking clause" },
        { "tsql", "SELECT * FROM t WITH (UPDLOCK)", "UPDLOCK" },
        { "tsql", "SELECT * FROM t WITH (XLOCK, ROWLOCK)", "XLOCK" },
        { "tsql", "SELECT * FROM t WITH (TABLOCKX)", "TABLOCKX" },
        { "tsql", "SELECT * FROM t WITH (HOLDLOCK)", "HOLDLOCK" },
        { "postgres", "SELECT pg_advisory_lock(1)", "lock" },
        { "postgres", "SELECT pg_try_advisory_xact_lock(1)", "lock" },
        { "mysql", "SELECT GET_LOCK('x', 10)", "lock" },

        // Side-effecting functions.
        { "postgres", "SELECT pg_sleep(10)", "wait" },
        { "postgres", "SELECT * FROM t WHERE pg_sleep(1) IS NULL", "wait" },
        { "postgres", "SELECT pg_sleep_for('5 minutes')", "wait" },
        { "postgres", "SELECT PG_SLEEP(1)", "wait" },
        { "postgres", "SELECT \"pg_sleep\"(1)", "wait" },
        { "postgres", "SELECT pg_catalog.pg_sleep(1)", "wait" },
        { "postgres", "SELECT ｐｇ＿ｓｌｅｅｐ(1)", "wait" },
        { "postgres", "SELECT pg_read_file('/etc/passwd')", "files" },
        { "postgres", "SELECT pg_ls_dir('.')", "files" },
        { "postgres", "SELECT lo_export(12345, '/tmp/x')", "large objects" },
        { "postgres", "SELECT lo_import('/etc/passwd')", "large objects" },
        { "postgres", "SELECT dblink('host=evil', 'DELETE FROM t')", "another server" },
        { "postgres", "SELECT * FROM dblink('host=evil', 'DELETE FROM t') AS x(a int)", "does not parse" },
        { "postgres", "SELECT dblink_exec('DROP TABLE t')", "another server" },
        { "postgres", "SELECT set_config('default_transaction_read_only', 'off', false)", "settings" },
        { "postgres", "SELECT nextval('s')", "sequence" },
        { "postgres", "SELECT setval('s', 1)", "sequence" },
        { "postgres", "SELECT pg_terminate_backend(123)", "controls the server" },
        { "postgres", "SELECT pg_cancel_backend(pid) FROM pg_stat_activity", "controls the server" },
        { "postgres", "SELECT query_to_xml('DELETE FROM t RETURNING 1', true, true, '')", "runs SQL from a string" },
        { "postgres", "SELECT pg_notify('ch', 'x')", "notification" },
        { "postgres", "SELECT (SELECT pg_sleep(1))", "wait" },
        { "postgres", "SELECT CASE WHEN true THEN pg_sleep(1) END", "wait" },
        { "postgres", "SELECT * FROM t ORDER BY pg_sleep(0.1)", "wait" },
        { "postgres", "SELECT count(*) FILTER (WHERE pg_sleep(1) IS NULL) FROM t", "wait" },
        { "postgres", "EXPLAIN SELECT pg_sleep(1)", "wait" },
        { "postgres", "WITH s AS (SELECT pg_sleep(1)) SELECT * FROM s", "wait" },
        { "postgres", "SELECT 1 UNION ALL SELECT pg_sleep(1)::text::int", "wait" },
        { "postgres", "SELECT * FROM t WHERE a IN (SELECT nextval('s'))", "sequence" },
        { "postgres", "SELECT * FROM t, LATERAL (SELECT pg_sleep(1)) s", "wait" },
        { "mysql", "SELECT SLEEP(5)", "wait" },
        { "mysql", "SELECT * FROM t WHERE SLEEP(1) = 0", "wait" },
        { "mysql", "SELECT BENCHMARK(1000000, MD5('x'))", "CPU" },
        { "mysql", "SELECT LOAD_FILE('/etc/passwd')", "files" },
        { "mysql", "SELECT RELEASE_LOCK('x')", "lock" },
        { "mysql", "SELECT `sleep`(1)", "wait" },
        { "mysql", "SELECT MASTER_POS_WAIT('log', 4)", "wait" },
        { "mysql", "SELECT sys_exec('id')", "operating-system" },
        { "tsql", "SELECT * FROM OPENROWSET('SQLNCLI', 'Server=evil;', 'SELECT 1')", "another server" },
        { "tsql", "SELECT * FROM OPENQUERY(linked, 'DELETE FROM t')", "another server" },
        { "tsql", "SELECT * FROM OPENDATASOURCE('SQLNCLI', 'Data Source=evil').db.dbo.t", "does not parse" },
        { "tsql", "SELECT OPENDATASOURCE('SQLNCLI', 'Data Source=evil')", "another server" },
        { "tsql", "SELECT xp_cmdshell('dir')", "extended stored procedure" },
    };

    public static TheoryData<string, string> Allowed => new()
    {
        { "postgres", "SELECT 1" },
        { "postgres", "SELECT * FROM t WHERE a = 1 ORDER BY b LIMIT 10" },
        { "postgres", "WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT * FROM r" },
        { "postgres", "SELECT a, count(*) FROM t GROUP BY ROLLUP (a) HAVING count(*) > 1" },
        { "postgres", "SELECT row_number() OVER (PARTITION BY a ORDER BY b) FROM t" },
        { "postgres", "SELECT * FROM t JOIN LATERAL (SELECT * FROM u WHERE u.t_id = t.id LIMIT 1) x ON true" },
        { "postgres", "EXPLAIN SELECT * FROM t" },
        { "postgres", "EXPLAIN (FORMAT JSON) SELECT * FROM t WHERE a > 1" },
        { "postgres", "SELECT 'DELETE FROM t; DROP TABLE t' AS harmless_text" },
        { "postgres", "SELECT \"delete\" FROM \"update\"" },
        { "postgres", "SELECT now(), current_user, version()" },
        { "postgres", "SELECT * FROM generate_series(1, 10) g" },
        { "postgres", "SELECT 1; " },
        { "postgres", "-- only a comment before\nSELECT 1" },
        { "mysql", "SELECT * FROM t LIMIT 10, 20" },
        { "mysql", "SELECT `select` FROM `from`" },
        { "mysql", "SELECT a, GROUP_CONCAT(b) FROM t GROUP BY a WITH ROLLUP" },
        { "mysql", "SELECT NOW(), DATABASE()" },
        { "tsql", "SELECT TOP (10) * FROM dbo.t ORDER BY a" },
        { "tsql", "SELECT * FROM t WITH (NOLOCK)" },
        { "tsql", "SELECT a FROM t ORDER BY a OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY" },
        { "tsql", "SELECT * FROM t CROSS APPLY (SELECT TOP 1 * FROM u WHERE u.t_id = t.id) x" },
        { "tsql", "WITH c AS (SELECT 1 AS n) SELECT n FROM c" },
        { "sqlite", "SELECT * FROM t WHERE a LIKE 'x%'" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Adversarial_statement_is_refused_with_its_reason(string dialect, string sql, string reason)
    {
        var verdict = ReadOnlyPolicy.Check(sql, Dialect(dialect));

        Assert.False(verdict.Allowed, $"allowed: {sql}");
        Assert.Contains(reason, verdict.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Plain_reads_are_allowed(string dialect, string sql)
    {
        var verdict = ReadOnlyPolicy.Check(sql, Dialect(dialect));

        Assert.True(verdict.Allowed, verdict.Reason);
    }

    [Fact]
    public void The_adversarial_corpus_has_at_least_120_statements() => Assert.True(Refused.Count >= 120, $"only {Refused.Count}");

    [Theory]
    [InlineData("SELECT (1")]
    [InlineData("")]
    [InlineData("   ;  ")]
    public void Unparseable_or_empty_text_is_refused(string sql) =>
        Assert.False(ReadOnlyPolicy.Check(sql, SqlDialect.Postgres).Allowed);

    private static SqlDialect Dialect(string name) => name switch
    {
        "postgres" => SqlDialect.Postgres,
        "mysql" => SqlDialect.MySql,
        "tsql" => SqlDialect.TSql,
        _ => SqlDialect.Sqlite,
    };
}
