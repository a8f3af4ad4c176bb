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
