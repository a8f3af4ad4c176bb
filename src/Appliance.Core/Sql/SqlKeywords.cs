using System.Collections.Frozen;

namespace Appliance.Core.Sql;

/// <summary>
/// Which words each dialect reserves, and therefore when an identifier must be quoted. The parser and the formatter
/// share these rules, which is what keeps <c>parse(format(tree)) == tree</c>.
/// </summary>
public static class SqlKeywords
{
    private static readonly string[] Common =
    [
        "ALL", "AND", "ANY", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "CHECK", "COLLATE", "COLUMN", "CONSTRAINT", "CREATE",
        "CROSS", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "DEFAULT", "DELETE", "DESC", "DISTINCT",
        "DROP", "ELSE", "END", "EXCEPT", "EXISTS", "FETCH", "FOR", "FOREIGN", "FROM", "FULL", "GRANT", "GROUP", "HAVING", "IN",
        "INNER", "INSERT", "INTERSECT", "INTO", "IS", "JOIN", "LEFT", "LIKE", "NATURAL", "NOT", "NULL", "ON", "OR", "ORDER",
        "OUTER", "PRIMARY", "REFERENCES", "RIGHT", "SELECT", "SET", "SOME", "TABLE", "THEN", "TO", "UNION", "UNIQUE", "UPDATE",
        "USING", "VALUES", "WHEN", "WHERE", "WITH",
    ];

    private static readonly string[] PostgresOnly =
    [
        "ANALYSE", "ANALYZE", "ARRAY", "ASYMMETRIC", "AUTHORIZATION", "BINARY", "BOTH", "COLLATION", "CONCURRENTLY",
        "CURRENT_CATALOG", "CURRENT_ROLE", "CURRENT_SCHEMA", "DEFERRABLE", "DO", "FALSE", "FREEZE", "ILIKE", "INITIALLY",
        "ISNULL", "LATERAL", "LEADING", "LIMIT", "LOCALTIME", "LOCALTIMESTAMP", "NOTNULL", "OFFSET", "ONLY", "OVERLAPS",
        "PLACING", "RETURNING", "SESSION_USER", "SIMILAR", "SYMMETRIC", "TABLESAMPLE", "TRAILING", "TRUE", "USER", "VARIADIC",
        "VERBOSE", "WINDOW",
    ];

    private static readonly string[] MySqlOnly =
    [
        "ANALYZE", "BOTH", "CHAR", "CONVERT", "DATABASE", "DATABASES", "DISTINCTROW", "DIV", "DUAL", "EXPLAIN", "FALSE",
        "FORCE", "HIGH_PRIORITY", "IF", "IGNORE", "INDEX", "INTERVAL", "KEY", "KEYS", "KILL", "LATERAL", "LEADING", "LIMIT",
        "LINES", "LOAD", "LOCALTIME", "LOCALTIMESTAMP", "LOCK", "LOW_PRIORITY", "MATCH", "MOD", "OPTIMIZE", "OPTION",
        "OUTFILE", "OVER", "PARTITION", "PROCEDURE", "RANGE", "READ", "RECURSIVE", "REGEXP", "RENAME", "REPEAT", "REPLACE",
        "REQUIRE", "RETURN", "RLIKE", "ROW", "ROWS", "SCHEMA", "SEPARATOR", "SHOW", "SQL_CALC_FOUND_ROWS", "STRAIGHT_JOIN",
        "TERMINATED", "TRAILING", "TRUE", "UNLOCK", "UNSIGNED", "USAGE", "USE", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP",
        "WINDOW", "WRITE", "XOR", "ZEROFILL",
    ];

    private static readonly string[] TSqlOnly =
    [
        "ADD", "ALTER", "AUTHORIZATION", "BACKUP", "BEGIN", "BREAK", "BROWSE", "BULK", "CASCADE", "CHECKPOINT", "CLOSE",
        "CLUSTERED", "COALESCE", "COMMIT", "COMPUTE", "CONTAINS", "CONTAINSTABLE", "CONTINUE", "CONVERT", "CURRENT", "CURSOR",
        "DATABASE", "DBCC", "DEALLOCATE", "DECLARE", "DENY", "DISK", "DISTRIBUTED", "DOUBLE", "DUMP", "ERRLVL", "ESCAPE",
        "EXEC", "EXECUTE", "EXIT", "EXTERNAL", "FILE", "FILLFACTOR", "FREETEXT", "FREETEXTTABLE", "FUNCTION", "GOTO",
        "HOLDLOCK", "IDENTITY", "IDENTITY_INSERT", "IDENTITYCOL", "IF", "INDEX", "KEY", "KILL", "LINENO", "LOAD", "MERGE",
        "NATIONAL", "NOCHECK", "NONCLUSTERED", "NULLIF", "OF", "OFF", "OFFSETS", "OPEN", "OPENDATASOURCE", "OPENQUERY",
        "OPENROWSET", "OPENXML", "OPTION", "OVER", "PERCENT", "PIVOT", "PLAN", "PRECISION", "PRINT", "PROC", "PROCEDURE",
        "PUBLIC", "RAISERROR", "READ", "READTEXT", "RECONFIGURE", "REPLICATION", "RESTORE", "RESTRICT", "RETURN", "REVERT",
        "REVOKE", "ROLLBACK", "ROWCOUNT", "ROWGUIDCOL", "RULE", "SAVE", "SCHEMA", "SESSION_USER", "SETUSER", "SHUTDOWN",
        "STATISTICS", "SYSTEM_USER", "TABLESAMPLE", "TEXTSIZE", "TOP", "TRAN", "TRANSACTION", "TRIGGER", "TRUNCATE",
        "TRY_CONVERT", "TSEQUAL", "UNPIVOT", "UPDATETEXT", "USE", "USER", "VARYING", "VIEW", "WAITFOR", "WHILE", "WRITETEXT",
    ];

    // Words that are not reserved but cannot be an alias written without AS, because a clause starts with them.
    private static readonly FrozenSet<string> PostgresAliasBlocked = Set([]);
    private static readonly FrozenSet<string> MySqlAliasBlocked = Set(["RETURNING", "MINUS"]);
    private static readonly FrozenSet<string> TSqlAliasBlocked = Set(["OUTPUT", "WINDOW", "OFFSET"]);
    private static readonly FrozenSet<string> SqliteAliasBlocked = Set(["INDEXED", "NOT", "GLOB", "MATCH", "REGEXP"]);

    private static readonly FrozenSet<string> PostgresReserved = Set([.. Common, .. PostgresOnly]);
    private static readonly FrozenSet<string> MySqlReserved = Set([.. Common, .. MySqlOnly]);
    private static readonly FrozenSet<string> TSqlReserved = Set([.. Common, .. TSqlOnly]);
    private static readonly FrozenSet<string> SqliteReserved = Set([.. Common, .. PostgresOnly, "GLOB", "INDEXED", "REGEXP", "MATCH"]);

    /// <summary>Reserved words that still name a function when a parenthesis follows: LEFT(s, 3), IF(a, b, c), OPENQUERY(…).</summary>
    internal static readonly FrozenSet<string> FunctionNames = Set(
    [
        "LEFT", "RIGHT", "IF", "MOD", "REPLACE", "INSERT", "DATABASE", "SCHEMA", "CHAR", "VALUES", "REPEAT", "COALESCE", "NULLIF",
        "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER",
        "LOCALTIME", "LOCALTIMESTAMP", "USER", "SESSION_USER", "SYSTEM_USER", "CURRENT_SCHEMA", "CURRENT_ROLE", "IDENTITY",
        "OPENQUERY", "OPENROWSET", "OPENDATASOURCE", "OPENXML", "CONTAINS", "FREETEXT", "CONTAINSTABLE", "FREETEXTTABLE",
        "TRY_CONVERT", "COLLATION",
    ]);

    /// <summary>Reserved words that are values on their own: CURRENT_DATE, DEFAULT, USER …</summary>
    internal static readonly FrozenSet<string> ValueKeywords = Set(
    [
        "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "SESSION_USER", "SYSTEM_USER", "USER",
        "LOCALTIME", "LOCALTIMESTAMP", "CURRENT_CATALOG", "CURRENT_ROLE", "CURRENT_SCHEMA", "UTC_DATE", "UTC_TIME",
        "UTC_TIMESTAMP", "DEFAULT",
    ]);

    public static bool IsReserved(string word, SqlDialect dialect) => ReservedSet(dialect).Contains(word);

    internal static bool IsReserved(ReadOnlySpan<char> word, SqlDialect dialect) =>
        ReservedSet(dialect).GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    internal static bool IsAliasBlocked(ReadOnlySpan<char> word, SqlDialect dialect) =>
        IsReserved(word, dialect) || (dialect switch
        {
            SqlDialect.MySql => MySqlAliasBlocked,
            SqlDialect.TSql => TSqlAliasBlocked,
            SqlDialect.Sqlite => SqliteAliasBlocked,
            _ => PostgresAliasBlocked,
        }).GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    /// <summary>
    /// Whether <paramref name="name"/> has to be written quoted in <paramref name="dialect"/>: it is not a plain word,
    /// is reserved, or (PostgreSQL, when <paramref name="caseMatters"/>) has capitals that an unquoted name would lose.
    /// </summary>
    public static bool NeedsQuoting(string name, SqlDialect dialect, bool caseMatters = true)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || !IsPlainWord(name, dialect) || IsReserved(name, dialect))
        {
            return true;
        }

        // GO alone on a line would end a T-SQL batch.
        if (dialect == SqlDialect.TSql && name.Equals("GO", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return caseMatters && dialect == SqlDialect.Postgres && name.Any(char.IsAsciiLetterUpper);
    }

    /// <summary>The name in the dialect's own quotes, with embedded quotes doubled.</summary>
    public static string Quote(string name, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(name);
        return dialect switch
        {
            SqlDialect.MySql => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`",
            SqlDialect.TSql => "[" + name.Replace("]", "]]", StringComparison.Ordinal) + "]",
            _ => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        };
    }

    /// <summary>Whether the lexer would read <paramref name="name"/> back as one bare word.</summary>
    internal static bool IsPlainWord(string name, SqlDialect dialect)
    {
        var tokens = SqlLexer.TokenizeToList(name, dialect);
        return tokens.Count == 2 && tokens[0].Kind == SqlTokenKind.Word && tokens[0].Length == name.Length && tokens[1].Kind == SqlTokenKind.End;
    }

    private static FrozenSet<string> ReservedSet(SqlDialect dialect) => dialect switch
    {
        SqlDialect.MySql => MySqlReserved,
        SqlDialect.TSql => TSqlReserved,
        SqlDialect.Sqlite => SqliteReserved,
        _ => PostgresReserved,
    };

    private static FrozenSet<string> Set(string[] words) => words.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
}
