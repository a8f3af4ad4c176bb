namespace Appliance.Core.Sql;

/// <summary>The SQL dialect a text is written in; it decides quoting, literals, operators and a few clauses.</summary>
public enum SqlDialect
{
    Postgres,
    MySql,
    TSql,

    /// <summary>SQLite, lexed and parsed with PostgreSQL-like rules plus its extra identifier quotes.</summary>
    Sqlite,
}

/// <summary>The names the CLI, file names and forms use for dialects ("postgres", "mysql", "tsql", "sqlite").</summary>
public static class SqlDialectNames
{
    public static string ToCliName(this SqlDialect dialect) => dialect switch
    {
        SqlDialect.Postgres => "postgres",
        SqlDialect.MySql => "mysql",
        SqlDialect.TSql => "tsql",
        _ => "sqlite",
    };

    /// <summary>Parses a dialect name, accepting engine spellings too ("postgresql", "pg", "mariadb", "sqlserver", "mssql").</summary>
    public static bool TryParse(string? value, out SqlDialect dialect)
    {
        SqlDialect? parsed = value?.Trim().ToLowerInvariant() switch
        {
            "postgres" or "postgresql" or "pg" => SqlDialect.Postgres,
            "mysql" or "mariadb" => SqlDialect.MySql,
            "tsql" or "sqlserver" or "mssql" => SqlDialect.TSql,
            "sqlite" => SqlDialect.Sqlite,
            _ => null,
        };
        dialect = parsed ?? default;
        return parsed is not null;
    }
}
