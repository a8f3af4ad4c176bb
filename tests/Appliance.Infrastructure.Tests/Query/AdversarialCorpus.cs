namespace Appliance.Infrastructure.Tests.Query;

/// <summary>Which layer is expected to stop a statement of the corpus when all layers are on.</summary>
public enum Guard
{
    /// <summary>Layer (a), the read-only policy on the parsed text, refuses it before anything is sent.</summary>
    Policy,

    /// <summary>
    /// The text looks like a plain SELECT: the write hides in a user-defined function, view or procedure, or in text the
    /// server reads differently. Only the database's read-only transaction, layer (b), can stop it.
    /// </summary>
    Database,

    /// <summary>
    /// The server runs it inside the read-only transaction without refusing it (PostgreSQL does not count creating a
    /// large object as a write); the rollback that always ends the transaction undoes it.
    /// </summary>
    Rollback,
}

/// <summary>
/// Statements that try to write, read or write files, sleep, take locks, call side-effecting functions or escape the
/// read-only transaction — aimed at the objects of <see cref="PostgresSandbox"/> and <see cref="MySqlSandbox"/>, so that a
/// write that got through would really land. Partly taken from the parse-tree policy's own corpus
/// (tests/Appliance.Core.Tests/Sql/ReadOnlyPolicyTests.cs), made concrete and extended.
/// {file} is replaced with a path in the temporary directory that must never be created.
/// </summary>
public static class AdversarialCorpus
{
    public static readonly string FilePath = Path.Combine(Path.GetTempPath(), $"appliance-corpus-{Guid.NewGuid():N}.out");

    public static string Materialize(string sql) => sql.Replace("{file}", FilePath, StringComparison.Ordinal);

    public static TheoryData<string, Guard> PostgresCases => Cases(Postgres);

    public static TheoryData<string, Guard> MySqlCases => Cases(MySql);

    private static TheoryData<string, Guard> Cases(IEnumerable<(string Sql, Guard Guard)> statements)
    {
        var data = new TheoryData<string, Guard>();
        foreach (var (sql, guard) in statements)
        {
            data.Add(sql, guard);
        }

        return data;
    }

    public static readonly (string Sql, Guard Guard)[] Postgres =
    [
        // Plain writes and DDL.
        ("INSERT INTO canary VALUES (10, 'x')", Guard.Policy),
        ("INSERT INTO canary SELECT id + 100, note FROM canary", Guard.Policy),
        ("INSERT INTO canary VALUES (11, 'y') ON CONFLICT DO NOTHING", Guard.Policy),
        ("INSERT INTO canary VALUES (1, 'z') ON CONFLICT (id) DO UPDATE SET note = 'overwritten'", Guard.Policy),
        ("UPDATE canary SET note = 'changed'", Guard.Policy),
        ("UPDATE canary SET note = 'changed' WHERE id = 1 RETURNING *", Guard.Policy),
        ("DELETE FROM canary", Guard.Policy),
        ("DELETE FROM canary WHERE id = 1 RETURNING id", Guard.Policy),
        ("DELETE FROM ONLY public.canary", Guard.Policy),
        ("DELETE FROM \"canary\"", Guard.Policy),
        ("MERGE INTO canary c USING (VALUES (1)) v(id) ON c.id = v.id WHEN MATCHED THEN DELETE", Guard.Policy),
        ("TRUNCATE canary", Guard.Policy),
        ("TRUNCATE TABLE canary RESTART IDENTITY CASCADE", Guard.Policy),
        ("DROP TABLE canary", Guard.Policy),
        ("DROP TABLE IF EXISTS canary CASCADE", Guard.Policy),
        ("DROP FUNCTION canary_write()", Guard.Policy),
        ("CREATE TABLE leak_table (a int)", Guard.Policy),
        ("CREATE TABLE leak_copy AS SELECT * FROM canary", Guard.Policy),
        ("CREATE UNLOGGED TABLE leak_unlogged (a int)", Guard.Policy),
        ("CREATE TEMP TABLE leak_temp (a int)", Guard.Policy),
        ("CREATE INDEX leak_index ON canary (note)", Guard.Policy),
        ("CREATE VIEW leak_view AS SELECT * FROM canary", Guard.Policy),
        ("CREATE MATERIALIZED VIEW leak_matview AS SELECT * FROM canary", Guard.Policy),
        ("CREATE SCHEMA leak_schema", Guard.Policy),
        ("CREATE SEQUENCE leak_sequence", Guard.Policy),
        ("CREATE FUNCTION leak_function() RETURNS int LANGUAGE sql AS 'SELECT 1'", Guard.Policy),
        ("CREATE OR REPLACE FUNCTION canary_nextval() RETURNS bigint LANGUAGE sql AS 'SELECT 2::bigint'", Guard.Policy),
        ("CREATE EXTENSION hstore", Guard.Policy),
        ("CREATE ROLE leak_role", Guard.Policy),
        ("CREATE DATABASE leak_database", Guard.Policy),
        ("ALTER TABLE canary ADD COLUMN leak int", Guard.Policy),
        ("ALTER TABLE canary RENAME TO leak_renamed", Guard.Policy),
        ("ALTER TABLE canary DROP COLUMN note", Guard.Policy),
        ("ALTER SEQUENCE canary_seq RESTART WITH 1000", Guard.Policy),
        ("ALTER ROLE CURRENT_USER PASSWORD 'leaked-password'", Guard.Policy),
        ("ALTER ROLE CURRENT_USER SET statement_timeout = 0", Guard.Policy),
        ("ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC", Guard.Policy),
        ("GRANT ALL ON canary TO PUBLIC", Guard.Policy),
        ("REVOKE SELECT ON canary FROM PUBLIC", Guard.Policy),
        ("COMMENT ON TABLE canary IS 'leaked'", Guard.Policy),
        ("SECURITY LABEL ON TABLE canary IS 'leaked'", Guard.Policy),
        ("CREATE RULE leak_rule AS ON INSERT TO canary DO INSTEAD NOTHING", Guard.Policy),
        ("COPY canary FROM STDIN", Guard.Policy),
        ("COPY canary TO '{file}'", Guard.Policy),
        ("COPY (SELECT * FROM canary) TO PROGRAM 'touch {file}'", Guard.Policy),
        ("CALL canary_commit()", Guard.Policy),
        ("DO $$ BEGIN DELETE FROM canary; END $$", Guard.Policy),
        ("DO $$ BEGIN PERFORM canary_write(); END $$", Guard.Policy),
        ("VACUUM canary", Guard.Policy),
        ("ANALYZE canary", Guard.Policy),
        ("CLUSTER canary USING canary_pkey", Guard.Policy),
        ("REINDEX TABLE canary", Guard.Policy),
        ("LOCK TABLE canary IN ACCESS EXCLUSIVE MODE", Guard.Policy),
        ("PREPARE leak_prepared AS DELETE FROM canary", Guard.Policy),
        ("EXECUTE leak_prepared", Guard.Policy),
        ("LISTEN leak_channel", Guard.Policy),
        ("NOTIFY leak_channel, 'x'", Guard.Policy),
        ("DISCARD ALL", Guard.Policy),
        ("CHECKPOINT", Guard.Policy),
        ("SET ROLE NONE", Guard.Policy),
        ("SET default_transaction_read_only = off", Guard.Policy),
        ("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE", Guard.Policy),
        ("SET TRANSACTION READ WRITE", Guard.Policy),
        ("RESET ALL", Guard.Policy),
        ("BEGIN", Guard.Policy),
        ("COMMIT", Guard.Policy),
        ("ROLLBACK", Guard.Policy),
        ("START TRANSACTION READ WRITE", Guard.Policy),
        ("SAVEPOINT leak_savepoint", Guard.Policy),
        ("EXPLAIN ANALYZE DELETE FROM canary", Guard.Policy),
        ("EXPLAIN ANALYZE INSERT INTO canary VALUES (12, 'x')", Guard.Policy),
        ("EXPLAIN (ANALYZE, FORMAT JSON) UPDATE canary SET note = 'x'", Guard.Policy),
        ("EXPLAIN ANALYZE WITH d AS (DELETE FROM canary RETURNING *) SELECT * FROM d", Guard.Policy),
        ("SELECT * INTO leak_into FROM canary", Guard.Policy),
        ("SELECT * INTO TEMPORARY leak_into_temp FROM canary", Guard.Policy),
        ("SELECT * INTO UNLOGGED leak_into_unlogged FROM canary", Guard.Policy),

        // Stacked statements: a harmless first statement, then a way out of the transaction, then a write.
        ("SELECT 1; DELETE FROM canary", Guard.Policy),
        ("SELECT 1; COMMIT; DELETE FROM canary", Guard.Policy),
        ("SELECT 1; COMMIT; SET default_transaction_read_only = off; DELETE FROM canary", Guard.Policy),
        ("SELECT 1; ROLLBACK; BEGIN READ WRITE; DELETE FROM canary; COMMIT", Guard.Policy),
        ("SELECT 1; END; TRUNCATE canary", Guard.Policy),
        ("SELECT 1; ABORT; START TRANSACTION READ WRITE; TRUNCATE canary; COMMIT", Guard.Policy),
        ("SELECT 1;DROP TABLE canary;", Guard.Policy),
        ("SELECT 1 /* harmless */ ; /* not */ UPDATE canary SET note = 'x'", Guard.Policy),
        ("select 1;\n-- comment\ninsert into canary values (13, 'x')", Guard.Policy),
        ("sElEcT 1; dElEtE fRoM canary", Guard.Policy),
        ("SELECT $a$x$a$; DELETE FROM canary", Guard.Policy),
        ("SELECT 'a\\'; DELETE FROM canary; --'", Guard.Policy),
        ("SELECT E'\\''; DELETE FROM canary; --'", Guard.Policy),
        ("SELECT 1\n;\nDELETE FROM canary", Guard.Policy),
        ("SELECT 1; SELECT canary_write()", Guard.Policy),
        ("SELECT 1; CALL canary_commit()", Guard.Policy),
        ("SELECT set_config('default_transaction_read_only', 'off', false); COMMIT; DELETE FROM canary", Guard.Policy),
        ("SELECT 1; COPY canary FROM STDIN", Guard.Policy),

        // Comments, odd casing, odd spacing.
        ("DeLeTe FrOm canary", Guard.Policy),
        ("/* SELECT */ DELETE FROM canary", Guard.Policy),
        ("-- SELECT\nUPDATE canary SET note = 'x'", Guard.Policy),
        ("  \n\t INSERT INTO canary SELECT 14, 'x'", Guard.Policy),
        ("/* outer /* nested */ still a comment */ DELETE FROM canary", Guard.Policy),

        // Unicode look-alikes.
        ("ＤＥＬＥＴＥ FROM canary", Guard.Policy),
        ("DЕLETE FROM canary", Guard.Policy),
        ("DELETE\u00A0FROM canary", Guard.Policy),
        ("SELECT ｐｇ＿ｓｌｅｅｐ(1)", Guard.Policy),
        ("SELECT pg_sleep\u200B(1)", Guard.Policy),

        // Data-changing statements inside WITH.
        ("WITH d AS (DELETE FROM canary RETURNING *) SELECT * FROM d", Guard.Policy),
        ("WITH u AS (UPDATE canary SET note = 'x' RETURNING id) SELECT count(*) FROM u", Guard.Policy),
        ("WITH i AS (INSERT INTO canary VALUES (15, 'x') RETURNING *) SELECT 1", Guard.Policy),
        ("WITH a AS (SELECT 1), b AS (DELETE FROM canary RETURNING 1) SELECT * FROM a", Guard.Policy),
        ("WITH x AS (SELECT 1) DELETE FROM canary", Guard.Policy),
        ("WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r WHERE n < 3), d AS (DELETE FROM canary WHERE id IN (SELECT n FROM r) RETURNING 1) SELECT * FROM d", Guard.Policy),
        ("WITH m AS MATERIALIZED (DELETE FROM canary RETURNING *) SELECT 1", Guard.Policy),

        // Locks.
        ("SELECT * FROM canary FOR UPDATE", Guard.Policy),
        ("SELECT * FROM canary FOR SHARE", Guard.Policy),
        ("SELECT * FROM canary FOR NO KEY UPDATE SKIP LOCKED", Guard.Policy),
        ("SELECT * FROM canary FOR KEY SHARE NOWAIT", Guard.Policy),
        ("SELECT * FROM (SELECT * FROM canary FOR UPDATE) s", Guard.Policy),
        ("SELECT pg_advisory_lock(1)", Guard.Policy),
        ("SELECT pg_try_advisory_xact_lock(1)", Guard.Policy),
        ("SELECT pg_advisory_lock_shared(2)", Guard.Policy),

        // Sleeping, files, other servers, settings, sequences, other sessions, dynamic SQL.
        ("SELECT pg_sleep(10)", Guard.Policy),
        ("SELECT * FROM canary WHERE pg_sleep(1) IS NULL", Guard.Policy),
        ("SELECT pg_sleep_for('5 seconds')", Guard.Policy),
        ("SELECT \"pg_sleep\"(1)", Guard.Policy),
        ("SELECT pg_catalog.pg_sleep(1)", Guard.Policy),
        ("SELECT PG_SLEEP(1)", Guard.Policy),
        ("SELECT * FROM canary, LATERAL (SELECT pg_sleep(1)) s", Guard.Policy),
        ("EXPLAIN SELECT pg_sleep(1)", Guard.Policy),
        ("SELECT pg_read_file('/etc/passwd')", Guard.Policy),
        ("SELECT pg_read_binary_file('/etc/hostname')", Guard.Policy),
        ("SELECT pg_ls_dir('.')", Guard.Policy),
        ("SELECT lo_import('/etc/hostname')", Guard.Policy),
        ("SELECT lo_create(0)", Guard.Policy),
        ("SELECT lo_from_bytea(0, 'leak')", Guard.Policy),
        ("SELECT dblink_exec('dbname=postgres', 'DROP TABLE canary')", Guard.Policy),
        ("SELECT set_config('default_transaction_read_only', 'off', false)", Guard.Policy),
        ("SELECT set_config('transaction_read_only', 'off', true)", Guard.Policy),
        ("SELECT nextval('canary_seq')", Guard.Policy),
        ("SELECT setval('canary_seq', 1000)", Guard.Policy),
        ("SELECT * FROM canary WHERE id IN (SELECT nextval('canary_seq'))", Guard.Policy),
        ("SELECT CASE WHEN true THEN nextval('canary_seq') END", Guard.Policy),
        ("SELECT pg_terminate_backend(pg_backend_pid())", Guard.Policy),
        ("SELECT pg_cancel_backend(pid) FROM pg_stat_activity", Guard.Policy),
        ("SELECT query_to_xml('DELETE FROM canary RETURNING id', true, true, '')", Guard.Policy),
        ("SELECT pg_notify('leak_channel', 'x')", Guard.Policy),
        ("SELECT txid_current()", Guard.Policy),
        ("SELECT pg_current_xact_id()", Guard.Policy),
        ("SELECT pg_reload_conf()", Guard.Policy),
        ("SELECT pg_stat_reset()", Guard.Policy),

        // Writes hidden where only the database sees them.
        ("SELECT canary_write()", Guard.Database),
        ("SELECT * FROM canary_delete_sql()", Guard.Database),
        ("SELECT canary_dynamic('DELETE FROM canary')", Guard.Database),
        ("SELECT canary_dynamic('CREATE TABLE leak_dynamic (a int)')", Guard.Database),
        ("SELECT canary_dynamic('SELECT lo_create(0)')", Guard.Rollback),
        ("SELECT canary_flip()", Guard.Database),
        ("SELECT canary_definer()", Guard.Database),
        ("SELECT canary_nextval()", Guard.Database),
        ("SELECT * FROM canary_writer_view", Guard.Database),
        ("SELECT canary_ddl()", Guard.Database),
        ("SELECT canary_write() FROM canary", Guard.Database),
        ("WITH w AS (SELECT canary_write()) SELECT * FROM w", Guard.Database),
        ("SELECT (SELECT canary_write()) + 1", Guard.Database),
        ("SELECT count(*) FROM canary WHERE canary_write() = 1", Guard.Database),
    ];

    public static readonly (string Sql, Guard Guard)[] MySql =
    [
        // Plain writes and DDL.
        ("INSERT INTO canary VALUES (10, 'x')", Guard.Policy),
        ("INSERT IGNORE INTO canary VALUES (1, 'x')", Guard.Policy),
        ("INSERT INTO canary VALUES (1, 'x') ON DUPLICATE KEY UPDATE note = 'overwritten'", Guard.Policy),
        ("INSERT INTO canary SET id = 16, note = 'x'", Guard.Policy),
        ("INSERT INTO canary_myisam VALUES (10, 'x')", Guard.Policy),
        ("REPLACE INTO canary VALUES (1, 'replaced')", Guard.Policy),
        ("UPDATE canary SET note = 'changed'", Guard.Policy),
        ("UPDATE canary SET note = 'x' ORDER BY id LIMIT 1", Guard.Policy),
        ("UPDATE canary c JOIN canary_myisam m ON c.id = m.id SET c.note = 'x'", Guard.Policy),
        ("UPDATE canary_myisam SET note = 'x'", Guard.Policy),
        ("DELETE FROM canary", Guard.Policy),
        ("DELETE FROM canary LIMIT 1", Guard.Policy),
        ("DELETE c FROM canary c JOIN canary_myisam m ON c.id = m.id", Guard.Policy),
        ("DELETE FROM canary_myisam", Guard.Policy),
        ("DELETE FROM canary RETURNING id", Guard.Policy),
        ("DELETE FROM `canary`", Guard.Policy),
        ("TRUNCATE canary", Guard.Policy),
        ("TRUNCATE TABLE canary_myisam", Guard.Policy),
        ("DROP TABLE canary", Guard.Policy),
        ("DROP TABLE IF EXISTS canary_myisam", Guard.Policy),
        ("DROP FUNCTION canary_write", Guard.Policy),
        ("CREATE TABLE leak_table (a INT)", Guard.Policy),
        ("CREATE TABLE leak_copy AS SELECT * FROM canary", Guard.Policy),
        ("CREATE TABLE leak_like LIKE canary", Guard.Policy),
        ("CREATE TEMPORARY TABLE leak_temp (a INT)", Guard.Policy),
        ("CREATE INDEX leak_index ON canary (note)", Guard.Policy),
        ("CREATE VIEW leak_view AS SELECT * FROM canary", Guard.Policy),
        ("CREATE OR REPLACE VIEW canary_writer_view AS SELECT 1 AS written", Guard.Policy),
        ("CREATE DATABASE leak_database", Guard.Policy),
        ("CREATE SCHEMA leak_schema", Guard.Policy),
        ("CREATE SEQUENCE leak_sequence", Guard.Policy),
        ("CREATE FUNCTION leak_function() RETURNS INT RETURN 1", Guard.Policy),
        ("CREATE PROCEDURE leak_procedure() SELECT 1", Guard.Policy),
        ("CREATE TRIGGER leak_trigger BEFORE INSERT ON canary FOR EACH ROW SET NEW.note = 'x'", Guard.Policy),
        ("CREATE EVENT leak_event ON SCHEDULE EVERY 1 DAY DO DELETE FROM canary", Guard.Policy),
        ("CREATE USER leak_user", Guard.Policy),
        ("CREATE ROLE leak_role", Guard.Policy),
        ("ALTER TABLE canary ADD COLUMN leak INT", Guard.Policy),
        ("ALTER TABLE canary ENGINE = MyISAM", Guard.Policy),
        ("ALTER TABLE canary RENAME TO leak_renamed", Guard.Policy),
        ("RENAME TABLE canary TO leak_renamed", Guard.Policy),
        ("ALTER SEQUENCE canary_seq RESTART WITH 1000", Guard.Policy),
        ("ALTER USER CURRENT_USER() IDENTIFIED BY 'leaked-password'", Guard.Policy),
        ("SET PASSWORD = PASSWORD('leaked-password')", Guard.Policy),
        ("GRANT SELECT ON canary TO CURRENT_USER()", Guard.Policy),
        ("REVOKE SELECT ON canary FROM CURRENT_USER()", Guard.Policy),
        ("LOAD DATA INFILE '/etc/hostname' INTO TABLE canary", Guard.Policy),
        ("LOAD DATA LOCAL INFILE '/etc/hostname' INTO TABLE canary", Guard.Policy),
        ("HANDLER canary OPEN", Guard.Policy),
        ("LOCK TABLES canary WRITE", Guard.Policy),
        ("FLUSH TABLES", Guard.Policy),
        ("FLUSH TABLES WITH READ LOCK", Guard.Policy),
        ("SET GLOBAL read_only = 0", Guard.Policy),
        ("SET SESSION TRANSACTION READ WRITE", Guard.Policy),
        ("SET SESSION tx_read_only = 0", Guard.Policy),
        ("SET autocommit = 1", Guard.Policy),
        ("START TRANSACTION", Guard.Policy),
        ("START TRANSACTION READ WRITE", Guard.Policy),
        ("BEGIN", Guard.Policy),
        ("COMMIT", Guard.Policy),
        ("ROLLBACK", Guard.Policy),
        ("XA START 'leak'", Guard.Policy),
        ("XA END 'leak'", Guard.Policy),
        ("SAVEPOINT leak_savepoint", Guard.Policy),
        ("CALL canary_insert()", Guard.Policy),
        ("CALL canary_escape()", Guard.Policy),
        ("CALL canary_escape_ddl()", Guard.Policy),
        ("DO SLEEP(5)", Guard.Policy),
        ("DO canary_write()", Guard.Policy),
        ("KILL QUERY 1", Guard.Policy),
        ("ANALYZE TABLE canary", Guard.Policy),
        ("OPTIMIZE TABLE canary", Guard.Policy),
        ("REPAIR TABLE canary_myisam", Guard.Policy),
        ("PREPARE leak_prepared FROM 'DELETE FROM canary'", Guard.Policy),
        ("EXECUTE leak_prepared", Guard.Policy),
        ("EXPLAIN DELETE FROM canary", Guard.Policy),
        ("ANALYZE DELETE FROM canary", Guard.Policy),
        ("ANALYZE FORMAT=JSON UPDATE canary SET note = 'x'", Guard.Policy),

        // SELECT … INTO: files and variables.
        ("SELECT * FROM canary INTO OUTFILE '{file}'", Guard.Policy),
        ("SELECT * INTO OUTFILE '{file}' FROM canary", Guard.Policy),
        ("SELECT 'x' INTO DUMPFILE '{file}'", Guard.Policy),
        ("SELECT note INTO @leak FROM canary LIMIT 1", Guard.Policy),

        // Stacked statements.
        ("SELECT 1; DELETE FROM canary", Guard.Policy),
        ("SELECT 1; COMMIT; DELETE FROM canary", Guard.Policy),
        ("SELECT 1; COMMIT; SET SESSION tx_read_only = 0; DELETE FROM canary", Guard.Policy),
        ("SELECT 1; XA END 'x'; XA ROLLBACK 'x'; DELETE FROM canary", Guard.Policy),
        ("SELECT 1; CALL canary_escape()", Guard.Policy),
        ("SELECT 1;DROP TABLE canary", Guard.Policy),
        ("SELECT 1 -- x\n; DELETE FROM canary", Guard.Policy),
        ("SELECT 1 # x\n; DELETE FROM canary", Guard.Policy),
        ("SELECT 'a\\\\'; DELETE FROM canary; -- '", Guard.Policy),
        ("SELECT \"a\"; DELETE FROM canary", Guard.Policy),
        ("sElEcT 1; dElEtE fRoM canary", Guard.Policy),
        ("SELECT 1 /*!; DELETE FROM canary */", Guard.Policy),
        ("SELECT 1 /*!50000 ; DELETE FROM canary */", Guard.Policy),
        ("SELECT 1 /*M!; DELETE FROM canary */", Guard.Policy),
        ("/*!50000 DELETE FROM canary */", Guard.Policy),
        ("/*M! DELETE FROM canary */", Guard.Policy),

        // Comments, odd casing, odd spacing, look-alikes.
        ("DeLeTe FrOm canary", Guard.Policy),
        ("/* SELECT */ DELETE FROM canary", Guard.Policy),
        ("-- SELECT\nUPDATE canary SET note = 'x'", Guard.Policy),
        ("# SELECT\nDELETE FROM canary", Guard.Policy),
        ("  \n\t INSERT INTO canary SELECT 17, 'x'", Guard.Policy),
        ("ＤＥＬＥＴＥ FROM canary", Guard.Policy),
        ("DЕLETE FROM canary", Guard.Policy),
        ("DELETE\u00A0FROM canary", Guard.Policy),
        ("SELECT ＳＬＥＥＰ(1)", Guard.Policy),

        // Data-changing statements inside WITH.
        ("WITH x AS (SELECT 1) DELETE FROM canary", Guard.Policy),
        ("WITH x AS (SELECT id FROM canary) UPDATE canary SET note = 'x' WHERE id IN (SELECT id FROM x)", Guard.Policy),

        // Locks.
        ("SELECT * FROM canary FOR UPDATE", Guard.Policy),
        ("SELECT * FROM canary LOCK IN SHARE MODE", Guard.Policy),
        ("SELECT * FROM canary FOR UPDATE NOWAIT", Guard.Policy),
        ("SELECT * FROM canary FOR UPDATE SKIP LOCKED", Guard.Policy),
        ("SELECT * FROM (SELECT * FROM canary FOR UPDATE) s", Guard.Policy),
        ("SELECT GET_LOCK('leak', 10)", Guard.Policy),
        ("SELECT RELEASE_LOCK('leak')", Guard.Policy),

        // Sleeping, files, sequences, commands.
        ("SELECT SLEEP(5)", Guard.Policy),
        ("SELECT * FROM canary WHERE SLEEP(1) = 0", Guard.Policy),
        ("SELECT `sleep`(1)", Guard.Policy),
        ("SELECT (SELECT SLEEP(1))", Guard.Policy),
        ("SELECT CASE WHEN 1 THEN SLEEP(1) END", Guard.Policy),
        ("SELECT BENCHMARK(10000000, MD5('x'))", Guard.Policy),
        ("SELECT LOAD_FILE('/etc/passwd')", Guard.Policy),
        ("SELECT MASTER_POS_WAIT('log', 4)", Guard.Policy),
        ("SELECT sys_exec('id')", Guard.Policy),
        ("SELECT NEXTVAL(canary_seq)", Guard.Policy),
        ("SELECT SETVAL(canary_seq, 1000)", Guard.Policy),
        ("SELECT NEXT VALUE FOR canary_seq", Guard.Policy),

        // Writes hidden where only the database sees them.
        ("SELECT canary_write()", Guard.Database),
        ("SELECT canary_write_myisam()", Guard.Database),
        ("SELECT canary_nextval()", Guard.Database),
        ("SELECT * FROM canary_writer_view", Guard.Database),
        ("SELECT canary_write() FROM canary", Guard.Database),
        ("SELECT (SELECT canary_write())", Guard.Database),
        ("SELECT COUNT(*) FROM canary WHERE canary_write() = 1", Guard.Database),
        ("SELECT 1 /*M!, canary_write() */", Guard.Database),
    ];
}
