namespace Appliance.Infrastructure.Engines;

/// <summary>
/// The MySQL / MariaDB catalog queries, all against information_schema and each covering every table of the chosen
/// databases at once (never per table). Which databases: the connection's database when it names one (parameter @db),
/// otherwise every database except the system ones.
/// </summary>
internal static class MySqlCatalogSql
{
    public const string SystemSchemas = "'mysql', 'information_schema', 'performance_schema', 'sys'";

    /// <summary>What the server is, and the first thing every ingestion reads.</summary>
    public const string Header = "SELECT VERSION(), DATABASE()";

    /// <summary>The condition restricting <paramref name="column"/> (a schema name column) to the databases to read.</summary>
    public static string SchemaFilter(string column, bool singleDatabase) =>
        singleDatabase ? $"{column} = @db" : $"{column} NOT IN ({SystemSchemas})";

    public static string Schemas(bool single) =>
        $"SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE {SchemaFilter("SCHEMA_NAME", single)}";

    /// <summary>Tables, views and (MariaDB) sequences with the storage engine's row estimate and the table's default collation.</summary>
    public static string Tables(bool single) => $"""
        SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_ROWS, TABLE_COMMENT, TABLE_COLLATION
        FROM information_schema.TABLES
        WHERE {SchemaFilter("TABLE_SCHEMA", single)}
        """;

    public static string Views(bool single) => $"""
        SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION
        FROM information_schema.VIEWS
        WHERE {SchemaFilter("TABLE_SCHEMA", single)}
        """;

    public static string Columns(bool single) => $"""
        SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE,
               CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, COLLATION_NAME,
               COLUMN_TYPE, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION
        FROM information_schema.COLUMNS
        WHERE {SchemaFilter("TABLE_SCHEMA", single)}
        """;

    /// <summary>
    /// Foreign-key columns, one row per column. The referential actions come from <see cref="ReferentialActions"/> and are
    /// joined in memory: joining the two information_schema views in SQL is an order of magnitude slower on MariaDB.
    /// </summary>
    public static string ForeignKeyColumns(bool single) => $"""
        SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION,
               REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
        FROM information_schema.KEY_COLUMN_USAGE
        WHERE REFERENCED_TABLE_NAME IS NOT NULL AND {SchemaFilter("TABLE_SCHEMA", single)}
        """;

    public static string ReferentialActions(bool single) => $"""
        SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE
        FROM information_schema.REFERENTIAL_CONSTRAINTS
        WHERE {SchemaFilter("CONSTRAINT_SCHEMA", single)}
        """;

    /// <summary>Index columns; MySQL 8.0.13+ reports functional key parts in EXPRESSION (MariaDB has none).</summary>
    public static string Indexes(bool single, bool hasExpressionColumn) => $"""
        SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, COLLATION, SUB_PART, INDEX_TYPE,
               {(hasExpressionColumn ? "EXPRESSION" : "NULL")} AS EXPRESSION
        FROM information_schema.STATISTICS
        WHERE {SchemaFilter("TABLE_SCHEMA", single)}
        """;

    /// <summary>MariaDB keeps the table name in CHECK_CONSTRAINTS (column-level checks are named after their column).</summary>
    public static string MariaDbChecks(bool single) => $"""
        SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE
        FROM information_schema.CHECK_CONSTRAINTS
        WHERE {SchemaFilter("CONSTRAINT_SCHEMA", single)}
        """;

    /// <summary>MySQL 8.0.16+: the table of a check is found through TABLE_CONSTRAINTS.</summary>
    public static string MySqlChecks(bool single) => $"""
        SELECT tc.TABLE_SCHEMA, tc.TABLE_NAME, cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE
        FROM information_schema.TABLE_CONSTRAINTS tc
        JOIN information_schema.CHECK_CONSTRAINTS cc
          ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
        WHERE tc.CONSTRAINT_TYPE = 'CHECK' AND {SchemaFilter("tc.TABLE_SCHEMA", single)}
        """;

    /// <summary>Privileges that change data, schema, files or accounts (USAGE, SELECT, SHOW VIEW … do not).</summary>
    private const string WritePrivileges =
        "'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'ALTER', 'INDEX', 'CREATE VIEW', 'TRIGGER', 'FILE', 'CREATE ROUTINE', " +
        "'ALTER ROUTINE', 'EVENT', 'SUPER', 'CREATE USER', 'DELETE HISTORY', 'CREATE TABLESPACE'";

    /// <summary>
    /// Connection test: the version, and whether the connected account holds a privilege that changes data or schema,
    /// globally, on a database, on a table or on a column. Privileges that come through roles are not in these views
    /// (MariaDB lists them only in SHOW GRANTS, which <see cref="MySqlGrants"/> reads next).
    /// </summary>
    public const string Probe = $"""
        SELECT VERSION(),
               EXISTS (SELECT 1 FROM information_schema.USER_PRIVILEGES p WHERE p.GRANTEE = g.grantee AND p.PRIVILEGE_TYPE IN ({WritePrivileges}))
               OR EXISTS (SELECT 1 FROM information_schema.SCHEMA_PRIVILEGES p WHERE p.GRANTEE = g.grantee AND p.PRIVILEGE_TYPE IN ({WritePrivileges}))
               OR EXISTS (SELECT 1 FROM information_schema.TABLE_PRIVILEGES p WHERE p.GRANTEE = g.grantee AND p.PRIVILEGE_TYPE IN ({WritePrivileges}))
               OR EXISTS (SELECT 1 FROM information_schema.COLUMN_PRIVILEGES p WHERE p.GRANTEE = g.grantee AND p.PRIVILEGE_TYPE IN ('INSERT', 'UPDATE'))
        FROM (SELECT CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''') AS grantee) g
        """;
}

/// <summary>Reads SHOW GRANTS output: it is the only place MariaDB lists what the account's enabled roles may do.</summary>
internal static class MySqlGrants
{
    private static readonly HashSet<string> Write = new(StringComparer.OrdinalIgnoreCase)
    {
        "ALL", "ALL PRIVILEGES", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "INDEX", "CREATE VIEW", "TRIGGER", "FILE",
        "CREATE ROUTINE", "ALTER ROUTINE", "EVENT", "SUPER", "CREATE USER", "DELETE HISTORY", "CREATE TABLESPACE",
    };

    /// <summary>
    /// True when a "GRANT privileges ON object TO …" line grants a write privilege (column lists such as UPDATE (`b`) count).
    /// Lines that grant a role ("GRANT `role` TO …") or set a default role are ignored.
    /// </summary>
    public static bool CanWrite(IEnumerable<string> grantLines) => grantLines.Any(GrantsWrite);

    private static bool GrantsWrite(string line)
    {
        var text = line.Trim();
        if (!text.StartsWith("GRANT ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var on = text.IndexOf(" ON ", StringComparison.OrdinalIgnoreCase);
        if (on < 0)
        {
            return false;
        }

        foreach (var privilege in SplitOutsideParentheses(text[6..on]))
        {
            var paren = privilege.IndexOf('(', StringComparison.Ordinal);
            var name = (paren >= 0 ? privilege[..paren] : privilege).Trim();
            if (Write.Contains(name))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<string> SplitOutsideParentheses(string list)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < list.Length; i++)
        {
            switch (list[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return list[start..i];
                    start = i + 1;
                    break;
                default:
                    break;
            }
        }

        yield return list[start..];
    }
}
