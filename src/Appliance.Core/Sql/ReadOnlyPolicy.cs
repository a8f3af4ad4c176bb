using System.Text;

namespace Appliance.Core.Sql;

/// <summary>Whether a text may run in read-only mode, and why (a sentence a user understands).</summary>
public sealed record ReadOnlyVerdict(bool Allowed, string Reason)
{
    public static ReadOnlyVerdict Allow(string reason) => new(true, reason);

    public static ReadOnlyVerdict Refuse(string reason) => new(false, reason);
}

/// <summary>
/// The first layer of safe execution: from the parsed tree alone, only one SELECT, WITH … SELECT or EXPLAIN of one,
/// without SELECT … INTO, locking clauses or side-effecting functions. The database's own read-only transaction,
/// timeouts and caps are further layers; this one must hold even if they are missing.
/// </summary>
public static class ReadOnlyPolicy
{
    public static ReadOnlyVerdict Check(SqlParseResult parsed, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        if (parsed.Error is { } error)
        {
            return ReadOnlyVerdict.Refuse($"The text does not parse ({error}), so it cannot be judged read-only.");
        }

        switch (parsed.Statements.Count)
        {
            case 0:
                return ReadOnlyVerdict.Refuse("There is no statement to run.");
            case > 1:
                return ReadOnlyVerdict.Refuse(
                    $"The text holds {parsed.Statements.Count} statements; read-only mode runs exactly one, so nothing can ride along after a SELECT.");
        }

        return Check(parsed.Statements[0], dialect);
    }

    /// <summary>The verdict for one parsed statement (a script of several is judged by the overload above).</summary>
    public static ReadOnlyVerdict Check(ParsedStatement parsed, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var statement = parsed.Statement;
        var explained = false;
        if (statement is ExplainStatement explain)
        {
            explained = true;
            statement = explain.Statement;
        }

        if (statement.Kind != StatementKind.Select)
        {
            return ReadOnlyVerdict.Refuse(
                $"{Article(statement.Kind)} {statement.Kind.ToString().ToUpperInvariant()} statement{(explained ? " (even under EXPLAIN)" : "")} is not allowed: read-only mode runs SELECT, WITH … SELECT and EXPLAIN of a SELECT.");
        }

        foreach (var node in SqlTree.Descendants(statement))
        {
            switch (node)
            {
                case SqlIntoClause into:
                    return ReadOnlyVerdict.Refuse(into.Kind switch
                    {
                        SqlIntoKind.OutFile or SqlIntoKind.DumpFile => "SELECT … INTO OUTFILE/DUMPFILE writes a file on the database server.",
                        SqlIntoKind.Variables => "SELECT … INTO variables is a procedural assignment, not a query.",
                        _ => "SELECT … INTO creates a table.",
                    });
                case SqlLockingClause:
                    return ReadOnlyVerdict.Refuse("A locking clause (FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE) takes row locks that block other sessions.");
                case SqlNamedTable { Hints.Count: > 0 } table when table.Hints.FirstOrDefault(IsLockingHint) is { } hint:
                    return ReadOnlyVerdict.Refuse($"The table hint {hint} on {table.Name} takes locks that block other sessions.");
                case FunctionCall call when DeniedFunction(call.Name, dialect) is { } why:
                    return ReadOnlyVerdict.Refuse($"The function {call.Name} is not allowed: {why}.");
            }
        }

        var references = SqlReferences.Collect(statement);
        if (references.Tables.FirstOrDefault(t => t.Use == SqlTableUse.Write) is { } written)
        {
            return ReadOnlyVerdict.Refuse($"The statement writes to {written.Name} (a data-changing statement hidden in a WITH query or an INTO clause).");
        }

        return ReadOnlyVerdict.Allow(explained
            ? "EXPLAIN of a single SELECT: it shows a plan and changes nothing."
            : "A single SELECT that reads only: no writes, no INTO, no locks, no side-effecting functions.");
    }

    public static ReadOnlyVerdict Check(string sql, SqlDialect dialect) => Check(SqlParser.Parse(sql, dialect), dialect);

    private static string Article(StatementKind kind) => "AEIOU".Contains(kind.ToString()[0], StringComparison.Ordinal) ? "An" : "A";

    private static bool IsLockingHint(string hint)
    {
        var normalized = Normalize(hint);
        return normalized.Contains("updlock", StringComparison.Ordinal) || normalized.Contains("xlock", StringComparison.Ordinal)
            || normalized.Contains("holdlock", StringComparison.Ordinal) || normalized.Contains("tablockx", StringComparison.Ordinal)
            || normalized.Contains("serializable", StringComparison.Ordinal) || normalized.Contains("paglock", StringComparison.Ordinal);
    }

    /// <summary>Why a function may not run in read-only mode, or null. Names are compared after Unicode folding.</summary>
    private static string? DeniedFunction(SqlObjectName name, SqlDialect dialect)
    {
        var function = Normalize(name.Name.Value);
        foreach (var (prefix, why) in DeniedPrefixes)
        {
            if (function.StartsWith(prefix, StringComparison.Ordinal))
            {
                return why;
            }
        }

        if (Denied.TryGetValue(function, out var reason))
        {
            return reason;
        }

        return dialect switch
        {
            SqlDialect.MySql when DeniedMySql.TryGetValue(function, out var mysql) => mysql,
            SqlDialect.TSql when DeniedTSql.TryGetValue(function, out var tsql) => tsql,
            _ => null,
        };
    }

    /// <summary>NFKC folds look-alikes such as full-width letters (ｐｇ_ｓｌｅｅｐ) onto the plain name before comparing.</summary>
    private static string Normalize(string value) => value.Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    private const string Sleeps = "it makes the server wait";
    private const string Files = "it reads or writes files on the database server";
    private const string Remote = "it connects to another server";
    private const string Settings = "it changes server or session settings";
    private const string Sequences = "it advances a sequence, which is a write";
    private const string Locks = "it takes a lock that outlives the query";
    private const string Admin = "it controls the server or other sessions";
    private const string Dynamic = "it runs SQL from a string, which this check cannot see";

    private static readonly (string Prefix, string Why)[] DeniedPrefixes =
    [
        ("pg_advisory", Locks), ("pg_try_advisory", Locks), ("dblink", Remote), ("lo_", "it reads or writes large objects"),
        ("pg_file_", Files), ("pg_replication_", Admin), ("pg_logical_", Admin), ("xp_", "it is an extended stored procedure"),
    ];

    // PostgreSQL names; a few also exist elsewhere under the same meaning.
    private static readonly Dictionary<string, string> Denied = new(StringComparer.Ordinal)
    {
        ["pg_sleep"] = Sleeps, ["pg_sleep_for"] = Sleeps, ["pg_sleep_until"] = Sleeps,
        ["pg_read_file"] = Files, ["pg_read_binary_file"] = Files, ["pg_ls_dir"] = Files, ["pg_stat_file"] = Files,
        ["pg_ls_logdir"] = Files, ["pg_ls_waldir"] = Files, ["pg_ls_tmpdir"] = Files, ["pg_ls_archive_statusdir"] = Files,
        ["set_config"] = Settings, ["pg_reload_conf"] = Settings,
        ["nextval"] = Sequences, ["setval"] = Sequences,
        ["pg_terminate_backend"] = Admin, ["pg_cancel_backend"] = Admin, ["pg_rotate_logfile"] = Admin, ["pg_switch_wal"] = Admin,
        ["pg_create_restore_point"] = Admin, ["pg_promote"] = Admin, ["pg_wal_replay_pause"] = Admin, ["pg_wal_replay_resume"] = Admin,
        ["pg_notify"] = "it sends a notification to other sessions",
        ["query_to_xml"] = Dynamic, ["query_to_xml_and_xmlschema"] = Dynamic, ["query_to_xmlschema"] = Dynamic, ["cursor_to_xml"] = Dynamic,
        ["txid_current"] = "it assigns a transaction ID, which is a write", ["pg_current_xact_id"] = "it assigns a transaction ID, which is a write",
        ["pg_import_system_collations"] = Admin, ["pg_stat_reset"] = Admin,
    };

    private static readonly Dictionary<string, string> DeniedMySql = new(StringComparer.Ordinal)
    {
        ["sleep"] = Sleeps, ["benchmark"] = "it burns server CPU on purpose", ["load_file"] = Files,
        ["get_lock"] = Locks, ["release_lock"] = Locks, ["release_all_locks"] = Locks,
        ["master_pos_wait"] = Sleeps, ["source_pos_wait"] = Sleeps, ["wait_for_executed_gtid_set"] = Sleeps, ["wait_until_sql_thread_after_gtids"] = Sleeps,
        ["sys_exec"] = "it runs an operating-system command", ["sys_eval"] = "it runs an operating-system command",
        ["nextval"] = Sequences, ["setval"] = Sequences, ["lastval"] = Sequences,
    };

    private static readonly Dictionary<string, string> DeniedTSql = new(StringComparer.Ordinal)
    {
        ["openrowset"] = Remote + " or reads files", ["opendatasource"] = Remote, ["openquery"] = Remote,
        ["sp_executesql"] = Dynamic, ["sp_oacreate"] = "it creates an OLE automation object",
    };
}
