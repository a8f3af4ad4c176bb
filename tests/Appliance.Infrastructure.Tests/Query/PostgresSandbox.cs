using Appliance.Core.Connections;
using Appliance.Tests;
using Npgsql;

namespace Appliance.Infrastructure.Tests.Query;

/// <summary>
/// A fresh PostgreSQL database with a role that CAN write (INSERT, UPDATE, DELETE, TRUNCATE on the tables, CREATE on the
/// database and the public schema, UPDATE on the sequence — not a superuser), a canary table and functions that write
/// in every way a SELECT can hide a write. <see cref="FingerprintAsync"/> (read as the admin) changes if anything lands.
/// </summary>
internal sealed class PostgresSandbox : IAsyncDisposable
{
    private readonly TemporaryDatabase _database;

    private PostgresSandbox(TemporaryDatabase database, string role, string password)
    {
        _database = database;
        Role = role;
        Writer = QueryTestSupport.Postgres(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = password }.ConnectionString);
    }

    public string Role { get; }

    public string DatabaseName => _database.Name;

    /// <summary>The writing role's settings, as a user would enter them.</summary>
    public ConnectionSettings Writer { get; }

    /// <summary>Superuser connection string to the sandbox database.</summary>
    public string AdminConnectionString => _database.ConnectionString;

    public static async Task<PostgresSandbox> CreateAsync()
    {
        var database = await TestServers.CreatePostgresDatabaseAsync("q");
        var role = "corpus_w_" + Guid.NewGuid().ToString("N")[..12];
        var password = QueryTestSupport.NewPassword();
        await ExecuteAsync(database.ConnectionString,
        [
            $"CREATE ROLE {role} LOGIN PASSWORD '{password}'",
            $"GRANT CONNECT, CREATE, TEMPORARY ON DATABASE \"{database.Name}\" TO {role}",
            $"GRANT USAGE, CREATE ON SCHEMA public TO {role}",
            "CREATE TABLE canary (id int PRIMARY KEY, note text)",
            "INSERT INTO canary VALUES (1, 'one'), (2, 'two'), (3, 'three')",
            "CREATE SEQUENCE canary_seq",
            "CREATE FUNCTION canary_write() RETURNS int LANGUAGE plpgsql AS $$ BEGIN INSERT INTO canary VALUES (100, 'written by a function'); RETURN 1; END $$",
            "CREATE FUNCTION canary_delete_sql() RETURNS SETOF int LANGUAGE sql AS $$ DELETE FROM canary RETURNING id $$",
            "CREATE FUNCTION canary_dynamic(statement text) RETURNS int LANGUAGE plpgsql AS $$ BEGIN EXECUTE statement; RETURN 1; END $$",
            "CREATE FUNCTION canary_flip() RETURNS int LANGUAGE plpgsql AS $$ BEGIN PERFORM set_config('transaction_read_only', 'off', true); INSERT INTO canary VALUES (101, 'flipped'); RETURN 1; END $$",
            "CREATE FUNCTION canary_definer() RETURNS int LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN INSERT INTO canary VALUES (102, 'definer'); RETURN 1; END $$",
            "CREATE FUNCTION canary_nextval() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('canary_seq') $$",
            "CREATE FUNCTION canary_ddl() RETURNS int LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE leak_fn_table (a int); RETURN 1; END $$",
            "CREATE PROCEDURE canary_commit() LANGUAGE plpgsql AS $$ BEGIN INSERT INTO canary VALUES (103, 'procedure'); COMMIT; INSERT INTO canary VALUES (104, 'after commit'); END $$",
            "CREATE VIEW canary_writer_view AS SELECT canary_write() AS written",
            "CREATE FUNCTION canary_notice() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'a notice from the server'; RETURN 1; END $$",
            "CREATE TYPE mood AS ENUM ('happy', 'sad')",
            "CREATE EXTENSION IF NOT EXISTS pg_stat_statements",
            $"GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO {role}",
            $"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}",
        ]);
        return new PostgresSandbox(database, role, password);
    }

    /// <summary>Everything a write could change, as one text: rows, relations, sequence, functions, schemas, grants, comments, the role itself, large objects, extensions.</summary>
    public async Task<string> FingerprintAsync()
    {
        var sql = $"""
            SELECT concat_ws(E'\n',
              'canary=' || coalesce((SELECT string_agg(id || ':' || coalesce(note, ''), ',' ORDER BY id) FROM public.canary), ''),
              'relations=' || coalesce((SELECT string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text || ':' || c.relnatts, ',' ORDER BY n.nspname, c.relname)
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'), ''),
              'sequence=' || (SELECT last_value || ':' || is_called FROM public.canary_seq),
              'functions=' || coalesce((SELECT string_agg(p.proname || ':' || md5(p.prosrc), ',' ORDER BY p.proname)
                  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')), ''),
              'schemas=' || (SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace WHERE nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%'),
              'acl=' || coalesce((SELECT string_agg(c.relname || ':' || coalesce(c.relacl::text, ''), ',' ORDER BY c.relname) FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace), ''),
              'comments=' || coalesce((SELECT string_agg(d.objoid || ':' || d.description, ',' ORDER BY d.objoid) FROM pg_description d JOIN pg_class c ON c.oid = d.objoid), ''),
              'rules=' || (SELECT count(*) FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class WHERE c.relnamespace = 'public'::regnamespace),
              'triggers=' || (SELECT count(*) FROM pg_trigger t WHERE NOT t.tgisinternal),
              'writer=' || (SELECT rolname || ':' || coalesce(rolpassword, '') || ':' || rolsuper || rolcreaterole || rolcreatedb || ':' || coalesce(rolvaliduntil::text, '')
                  FROM pg_authid WHERE rolname = '{Role}'),
              'settings=' || coalesce((SELECT string_agg(array_to_string(s.setconfig, ';'), ',') FROM pg_db_role_setting s
                  WHERE s.setrole = (SELECT oid FROM pg_roles WHERE rolname = '{Role}') OR s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())), ''),
              'leaks=' || coalesce((SELECT string_agg(rolname, ',') FROM pg_roles WHERE rolname LIKE 'leak%'), '') || '/'
                  || coalesce((SELECT string_agg(datname, ',') FROM pg_database WHERE datname LIKE 'leak%'), ''),
              'largeobjects=' || (SELECT count(*) FROM pg_largeobject_metadata),
              'extensions=' || (SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension),
              'database=' || (SELECT coalesce(datacl::text, '') || ':' || datallowconn FROM pg_database WHERE datname = current_database()))
            """;
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Statements pg_stat_statements recorded for the writing role, in any database: zero means it never ran a thing.</summary>
    public async Task<long> StatementsRunByWriterAsync()
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) FROM pg_stat_statements WHERE userid = (SELECT oid FROM pg_roles WHERE rolname = '{Role}')", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(string connectionString, IEnumerable<string> statements)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await ExecuteAsync(TestServers.PostgresAdmin, [$"DROP ROLE IF EXISTS {Role}"]);
    }
}
