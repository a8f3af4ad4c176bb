namespace Appliance.Core.Sql;

/// <summary>
/// A complete query: optional WITH, a body (SELECT, set operation, VALUES or a parenthesized query), then the clauses
/// that apply to the whole result.
/// </summary>
public sealed record SqlQuery : SqlNode
{
    public SqlWithClause? With { get; init; }

    public required SqlQueryBody Body { get; init; }

    public NodeList<SqlOrderItem> OrderBy { get; init; } = NodeList<SqlOrderItem>.Empty;

    public SqlLimit? Limit { get; init; }

    /// <summary>FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE.</summary>
    public NodeList<SqlLockingClause> Locking { get; init; } = NodeList<SqlLockingClause>.Empty;

    /// <summary>MySQL INTO written after the whole query: <c>… LIMIT 1 INTO @x</c>.</summary>
    public SqlIntoClause? Into { get; init; }

    /// <summary>T-SQL FOR XML / FOR JSON, as upper-cased tokens after FOR.</summary>
    public NodeList<string> OutputFormat { get; init; } = NodeList<string>.Empty;

    /// <summary>T-SQL OPTION (…) query hints, as tokens inside the parentheses.</summary>
    public NodeList<string> Hints { get; init; } = NodeList<string>.Empty;
}

public sealed record SqlWithClause(bool Recursive, NodeList<SqlCommonTableExpression> Tables) : SqlNode;

/// <summary>A named subquery of WITH. Its body may be a writing statement (PostgreSQL <c>WITH d AS (DELETE … RETURNING …)</c>).</summary>
public sealed record SqlCommonTableExpression(SqlIdentifier Name, NodeList<SqlIdentifier> Columns, bool? Materialized, SqlStatement Body) : SqlNode;

public abstract record SqlQueryBody : SqlNode;

/// <summary>One SELECT … FROM … WHERE … GROUP BY … HAVING … WINDOW … block.</summary>
public sealed record SqlSelect : SqlQueryBody
{
    public bool Distinct { get; init; }

    /// <summary>PostgreSQL DISTINCT ON (…).</summary>
    public NodeList<SqlExpression> DistinctOn { get; init; } = NodeList<SqlExpression>.Empty;

    /// <summary>T-SQL TOP.</summary>
    public SqlTop? Top { get; init; }

    /// <summary>MySQL select options such as SQL_NO_CACHE or STRAIGHT_JOIN, upper-case.</summary>
    public NodeList<string> Options { get; init; } = NodeList<string>.Empty;

    public NodeList<SqlSelectItem> Items { get; init; } = NodeList<SqlSelectItem>.Empty;

    /// <summary>SELECT … INTO (a new table, variables, or a file).</summary>
    public SqlIntoClause? Into { get; init; }

    /// <summary>The FROM list; comma-separated entries, each possibly a tree of joins.</summary>
    public NodeList<SqlTableSource> From { get; init; } = NodeList<SqlTableSource>.Empty;

    public SqlExpression? Where { get; init; }

    public SqlGroupBy? GroupBy { get; init; }

    public SqlExpression? Having { get; init; }

    public NodeList<SqlNamedWindow> Windows { get; init; } = NodeList<SqlNamedWindow>.Empty;
}

public enum SqlSetOperator
{
    Union,
    Intersect,
    Except,

    /// <summary>MariaDB's spelling of EXCEPT.</summary>
    Minus,
}

public sealed record SqlSetOperation(SqlQueryBody Left, SqlSetOperator Operator, bool All, SqlQueryBody Right) : SqlQueryBody;

/// <summary>A query in parentheses used as an operand of a set operation (it may carry its own ORDER BY and LIMIT).</summary>
public sealed record SqlParenthesizedQuery(SqlQuery Query) : SqlQueryBody;

/// <summary><c>VALUES (1, 'a'), (2, 'b')</c>.</summary>
public sealed record SqlValues(NodeList<RowExpression> Rows) : SqlQueryBody;

public sealed record SqlSelectItem(SqlExpression Expression, SqlIdentifier? Alias = null) : SqlNode;

public sealed record SqlTop(SqlExpression Count, bool Percent, bool WithTies) : SqlNode;

/// <summary>GROUP BY items (expressions, ROLLUP, CUBE, GROUPING SETS); <see cref="WithRollup"/> is MySQL's trailing form.</summary>
public sealed record SqlGroupBy(NodeList<SqlExpression> Items, bool WithRollup) : SqlNode;

public enum SqlLimitStyle
{
    /// <summary>LIMIT n [OFFSET m].</summary>
    Limit,

    /// <summary>MySQL LIMIT m, n.</summary>
    LimitComma,

    /// <summary>OFFSET m ROWS [FETCH FIRST|NEXT n ROWS ONLY|WITH TIES].</summary>
    OffsetFetch,
}

/// <summary>How many rows, after skipping how many; either may be absent.</summary>
public sealed record SqlLimit(SqlExpression? Count, SqlExpression? Offset, SqlLimitStyle Style, bool WithTies = false) : SqlNode;

public enum SqlLockStrength
{
    Update,
    NoKeyUpdate,
    Share,
    KeyShare,

    /// <summary>MySQL LOCK IN SHARE MODE.</summary>
    LockInShareMode,
}

public enum SqlLockWait
{
    Wait,
    NoWait,
    SkipLocked,
}

public sealed record SqlLockingClause(SqlLockStrength Strength, NodeList<SqlObjectName> Of, SqlLockWait Wait) : SqlNode;

public enum SqlIntoKind
{
    /// <summary>A new table (T-SQL, PostgreSQL).</summary>
    Table,

    /// <summary>Variables (MySQL, PL/pgSQL).</summary>
    Variables,

    /// <summary>MySQL INTO OUTFILE 'file'.</summary>
    OutFile,

    /// <summary>MySQL INTO DUMPFILE 'file'.</summary>
    DumpFile,
}

/// <summary>SELECT … INTO; <see cref="File"/> is the literal as written and <see cref="Options"/> the export options.</summary>
public sealed record SqlIntoClause : SqlNode
{
    public required SqlIntoKind Kind { get; init; }

    public SqlObjectName? Table { get; init; }

    /// <summary>TEMPORARY, UNLOGGED, TABLE … written before the new table's name.</summary>
    public NodeList<string> TableModifiers { get; init; } = NodeList<string>.Empty;

    public NodeList<SqlExpression> Variables { get; init; } = NodeList<SqlExpression>.Empty;

    public string? File { get; init; }

    public NodeList<string> Options { get; init; } = NodeList<string>.Empty;
}

public abstract record SqlTableSource : SqlNode;

/// <summary>An alias with optional column names: <c>AS t (a, b)</c>.</summary>
public sealed record SqlTableAlias(SqlIdentifier Name, NodeList<SqlIdentifier> Columns) : SqlNode;

/// <summary>A table or view by name (a T-SQL table variable has a single part starting with @).</summary>
public sealed record SqlNamedTable : SqlTableSource
{
    public required SqlObjectName Name { get; init; }

    public SqlTableAlias? Alias { get; init; }

    /// <summary>PostgreSQL ONLY (no inheritance children).</summary>
    public bool Only { get; init; }

    /// <summary>T-SQL table hints (<c>NOLOCK</c>, <c>INDEX(ix)</c>) or MySQL index hints (<c>USE INDEX (ix)</c>), normalised text.</summary>
    public NodeList<string> Hints { get; init; } = NodeList<string>.Empty;
}

/// <summary>A subquery in FROM.</summary>
public sealed record SqlDerivedTable(SqlQuery Query, SqlTableAlias? Alias, bool Lateral) : SqlTableSource;

/// <summary>A set-returning function in FROM: <c>generate_series(1, 10) AS g(n)</c>, <c>OPENJSON(@j)</c>.</summary>
public sealed record SqlFunctionTable(FunctionCall Function, SqlTableAlias? Alias, bool Lateral, bool WithOrdinality) : SqlTableSource;

public enum SqlJoinKind
{
    Inner,
    Left,
    Right,
    Full,
    Cross,
    CrossApply,
    OuterApply,

    /// <summary>MySQL STRAIGHT_JOIN: an inner join in the written order.</summary>
    Straight,
}

public sealed record SqlJoin : SqlTableSource
{
    public required SqlTableSource Left { get; init; }

    public required SqlJoinKind Kind { get; init; }

    public required SqlTableSource Right { get; init; }

    public bool Natural { get; init; }

    public SqlExpression? On { get; init; }

    public NodeList<SqlIdentifier> Using { get; init; } = NodeList<SqlIdentifier>.Empty;
}

/// <summary>Joins in parentheses: <c>(a JOIN b ON …)</c>.</summary>
public sealed record SqlParenthesizedSource(SqlTableSource Inner, SqlTableAlias? Alias) : SqlTableSource;
