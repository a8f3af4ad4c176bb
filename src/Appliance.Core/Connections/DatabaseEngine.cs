using Appliance.Core.Sql;

namespace Appliance.Core.Connections;

/// <summary>The database engines the appliance can read. The string forms are the ones the CLI and the JSON use.</summary>
public enum DatabaseEngine
{
    Postgres,
    MySql,
    SqlServer,
    Sqlite,
}

public static class DatabaseEngineNames
{
    public static string ToCliName(this DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.Postgres => "postgres",
        DatabaseEngine.MySql => "mysql",
        DatabaseEngine.SqlServer => "sqlserver",
        DatabaseEngine.Sqlite => "sqlite",
        _ => throw new ArgumentOutOfRangeException(nameof(engine)),
    };

    public static string DisplayName(this DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.Postgres => "PostgreSQL",
        DatabaseEngine.MySql => "MySQL / MariaDB",
        DatabaseEngine.SqlServer => "SQL Server",
        DatabaseEngine.Sqlite => "SQLite",
        _ => throw new ArgumentOutOfRangeException(nameof(engine)),
    };

    /// <summary>Parses the CLI / configuration name of an engine ("postgres", "mysql", "mariadb", "sqlserver", "mssql", "sqlite").</summary>
    public static bool TryParse(string? value, out DatabaseEngine engine)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "postgres" or "postgresql" or "pg":
                engine = DatabaseEngine.Postgres; return true;
            case "mysql" or "mariadb":
                engine = DatabaseEngine.MySql; return true;
            case "sqlserver" or "mssql" or "tsql":
                engine = DatabaseEngine.SqlServer; return true;
            case "sqlite":
                engine = DatabaseEngine.Sqlite; return true;
            default:
                engine = default; return false;
        }
    }

    /// <summary>The SQL dialect the engine's texts (queries, CHECK expressions, defaults) are written in.</summary>
    public static SqlDialect ToSqlDialect(this DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.MySql => SqlDialect.MySql,
        DatabaseEngine.SqlServer => SqlDialect.TSql,
        DatabaseEngine.Sqlite => SqlDialect.Sqlite,
        _ => SqlDialect.Postgres,
    };

    public static int DefaultPort(this DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.Postgres => 5432,
        DatabaseEngine.MySql => 3306,
        DatabaseEngine.SqlServer => 1433,
        _ => 0,
    };
}
