namespace Appliance.Core.Sql;

public enum StatementKind
{
    Select,
    Insert,
    Update,
    Delete,
    Merge,
    Create,
    Alter,
    Drop,
    Truncate,
    Grant,
    Revoke,
    Copy,
    Call,
    Set,
    Show,
    Explain,
    Transaction,
    Use,
    Declare,
    Other,
}

public abstract record SqlStatement : SqlNode
{
    public abstract StatementKind Kind { get; }
}

/// <summary>A query: SELECT, WITH … SELECT, VALUES, or a parenthesized query.</summary>
public sealed record SelectStatement(SqlQuery Query) : SqlStatement
{
    public override StatementKind Kind => StatementKind.Select;
}

/// <summary><c>column = value</c> in SET lists; several targets for <c>(a, b) = (…)</c>, operator <c>+=</c> and friends in T-SQL.</summary>
public sealed record SqlAssignment(NodeList<SqlObjectName> Targets, string Operator, SqlExpression Value) : SqlNode;

/// <summary>T-SQL OUTPUT inserted.*, deleted.x [INTO target (columns)].</summary>
public sealed record SqlOutputClause(NodeList<SqlSelectItem> Items, SqlObjectName? Into, NodeList<SqlIdentifier> IntoColumns) : SqlNode;

/// <summary>PostgreSQL and SQLite ON CONFLICT … DO NOTHING | DO UPDATE SET ….</summary>
public sealed record SqlOnConflict : SqlNode
{
    public NodeList<SqlExpression> Targets { get; init; } = NodeList<SqlExpression>.Empty;

    public SqlExpression? TargetWhere { get; init; }

    public SqlIdentifier? Constraint { get; init; }

    public bool DoNothing { get; init; }

    public NodeList<SqlAssignment> Set { get; init; } = NodeList<SqlAssignment>.Empty;

    public SqlExpression? Where { get; init; }
}

public sealed record InsertStatement : SqlStatement
{
    public override StatementKind Kind => StatementKind.Insert;

    public SqlWithClause? With { get; init; }

    /// <summary>INSERT, or MySQL's REPLACE.</summary>
    public string Verb { get; init; } = "INSERT";

    /// <summary>IGNORE, LOW_PRIORITY … (MySQL), upper-case.</summary>
    public NodeList<string> Options { get; init; } = NodeList<string>.Empty;

    public SqlTop? Top { get; init; }

    public required SqlObjectName Target { get; init; }

    public SqlIdentifier? Alias { get; init; }

    public NodeList<SqlIdentifier> Columns { get; init; } = NodeList<SqlIdentifier>.Empty;

    public SqlOutputClause? Output { get; init; }

    /// <summary>The rows: a VALUES list or a query.</summary>
    public SqlQuery? Source { get; init; }

    public bool DefaultValues { get; init; }

    /// <summary>MySQL INSERT … SET a = 1.</summary>
    public NodeList<SqlAssignment> Set { get; init; } = NodeList<SqlAssignment>.Empty;

    /// <summary>T-SQL INSERT … EXEC procedure.</summary>
    public SqlStatement? Execute { get; init; }

    public SqlOnConflict? OnConflict { get; init; }

    public NodeList<SqlAssignment> OnDuplicateKeyUpdate { get; init; } = NodeList<SqlAssignment>.Empty;

    public NodeList<SqlSelectItem> Returning { get; init; } = NodeList<SqlSelectItem>.Empty;
}

public sealed record UpdateStatement : SqlStatement
{
    public override StatementKind Kind => StatementKind.Update;

    public SqlWithClause? With { get; init; }

    public NodeList<string> Options { get; init; } = NodeList<string>.Empty;

    public SqlTop? Top { get; init; }

    /// <summary>The updated table; MySQL may list several, each possibly joined.</summary>
    public NodeList<SqlTableSource> Targets { get; init; } = NodeList<SqlTableSource>.Empty;

    public NodeList<SqlAssignment> Set { get; init; } = NodeList<SqlAssignment>.Empty;

    public SqlOutputClause? Output { get; init; }

    /// <summary>PostgreSQL and T-SQL UPDATE … FROM.</summary>
    public NodeList<SqlTableSource> From { get; init; } = NodeList<SqlTableSource>.Empty;

    public SqlExpression? Where { get; init; }

    public NodeList<SqlOrderItem> OrderBy { get; init; } = NodeList<SqlOrderItem>.Empty;

    public SqlExpression? Limit { get; init; }

    public NodeList<SqlSelectItem> Returning { get; init; } = NodeList<SqlSelectItem>.Empty;
}

/// <summary>
/// DELETE in its several shapes: <c>DELETE FROM t [USING …]</c>, T-SQL <c>DELETE [FROM] t [FROM …]</c> and MySQL
/// <c>DELETE t1, t2 FROM …</c> (<see cref="TargetsBeforeFrom"/>).
/// </summary>
public sealed record DeleteStatement : SqlStatement
{
    public override StatementKind Kind => StatementKind.Delete;

    public SqlWithClause? With { get; init; }

    public NodeList<string> Options { get; init; } = NodeList<string>.Empty;

    public SqlTop? Top { get; init; }

    /// <summary>The tables rows are deleted from.</summary>
    public NodeList<SqlTableSource> Targets { get; init; } = NodeList<SqlTableSource>.Empty;

    public bool TargetsBeforeFrom { get; init; }

    public SqlOutputClause? Output { get; init; }

    /// <summary>Other tables joined in (USING in PostgreSQL and MySQL, a second FROM in T-SQL).</summary>
    public NodeList<SqlTableSource> Sources { get; init; } = NodeList<SqlTableSource>.Empty;

    public bool SourcesWithUsing { get; init; }

    public SqlExpression? Where { get; init; }

    public NodeList<SqlOrderItem> OrderBy { get; init; } = NodeList<SqlOrderItem>.Empty;

    public SqlExpression? Limit { get; init; }

    public NodeList<SqlSelectItem> Returning { get; init; } = NodeList<SqlSelectItem>.Empty;
}

public enum SqlMergeMatch
{
    Matched,
    NotMatched,
    NotMatchedBySource,
}

public enum SqlMergeAction
{
    Update,
    Delete,
    Insert,
    DoNothing,
}

public sealed record SqlMergeClause : SqlNode
{
    public required SqlMergeMatch Match { get; init; }

    public SqlExpression? Condition { get; init; }

    public required SqlMergeAction Action { get; init; }

    public NodeList<SqlAssignment> Set { get; init; } = NodeList<SqlAssignment>.Empty;

    public NodeList<SqlIdentifier> Columns { get; init; } = NodeList<SqlIdentifier>.Empty;

    public NodeList<SqlExpression> Values { get; init; } = NodeList<SqlExpression>.Empty;

    public bool DefaultValues { get; init; }
}

public sealed record MergeStatement : SqlStatement
{
    public override StatementKind Kind => StatementKind.Merge;

    public SqlWithClause? With { get; init; }

    public SqlTop? Top { get; init; }

    public required SqlTableSource Target { get; init; }

    public required SqlTableSource Source { get; init; }

    public required SqlExpression On { get; init; }

    public NodeList<SqlMergeClause> Clauses { get; init; } = NodeList<SqlMergeClause>.Empty;

    public SqlOutputClause? Output { get; init; }

    public NodeList<SqlSelectItem> Returning { get; init; } = NodeList<SqlSelectItem>.Empty;
}

/// <summary>EXPLAIN [options] statement, with the explained statement parsed.</summary>
public sealed record ExplainStatement(NodeList<string> Options, SqlStatement Statement) : SqlStatement
{
    public override StatementKind Kind => StatementKind.Explain;

    /// <summary>Whether the statement would really run (EXPLAIN ANALYZE), not only be planned.</summary>
    public bool Analyze
    {
        get
        {
            for (var i = 0; i < Options.Count; i++)
            {
                if (Options[i].Equals("ANALYZE", StringComparison.OrdinalIgnoreCase) || Options[i].Equals("ANALYSE", StringComparison.OrdinalIgnoreCase))
                {
                    var next = i + 1 < Options.Count ? Options[i + 1] : "";
                    return !(next.Equals("FALSE", StringComparison.OrdinalIgnoreCase) || next.Equals("OFF", StringComparison.OrdinalIgnoreCase) || next == "0");
                }
            }

            return false;
        }
    }
}

/// <summary>
/// Every other statement (DDL, GRANT, COPY, CALL, SET, SHOW, transactions, USE, DECLARE …), recognised by kind with the
/// objects it acts on. The text is kept as tokens; an embedded query (CREATE VIEW … AS SELECT, COPY (SELECT …) TO)
/// is parsed, with the tokens after it in <see cref="TrailingTokens"/>.
/// </summary>
public sealed record CommandStatement : SqlStatement
{
    public override StatementKind Kind => CommandKind;

    public required StatementKind CommandKind { get; init; }

    /// <summary>The leading keyword(s), upper-case: CREATE, DROP, EXEC, BEGIN, START TRANSACTION …</summary>
    public required string Verb { get; init; }

    /// <summary>For DDL and GRANT: TABLE, VIEW, INDEX, FUNCTION …, upper-case.</summary>
    public string? ObjectType { get; init; }

    /// <summary>The objects named by the statement, in order (CREATE INDEX: the index, then its table).</summary>
    public NodeList<SqlObjectName> Targets { get; init; } = NodeList<SqlObjectName>.Empty;

    /// <summary>The statement's tokens (up to the embedded statement, if any); reserved words upper-case.</summary>
    public NodeList<string> Tokens { get; init; } = NodeList<string>.Empty;

    public SqlStatement? Embedded { get; init; }

    public NodeList<string> TrailingTokens { get; init; } = NodeList<string>.Empty;
}
