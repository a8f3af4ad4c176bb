namespace Appliance.Core.Sql;

/// <summary>
/// A node of the syntax tree. Nodes are immutable records without source positions, so two trees compare equal when
/// they say the same thing; positions live beside the tree in <see cref="ParsedStatement"/>.
/// </summary>
public abstract record SqlNode;

/// <summary>
/// One name part. <see cref="Quoted"/> is true only when the name must be written delimited in its dialect (reserved,
/// unusual characters, or PostgreSQL capitals), so "orders" and orders are the same identifier.
/// </summary>
public sealed record SqlIdentifier(string Value, bool Quoted = false) : SqlNode
{
    public override string ToString() => Quoted ? "\"" + Value + "\"" : Value;
}

/// <summary>A possibly qualified name, up to server.database.schema.object (T-SQL) or schema.table.column.</summary>
public sealed record SqlObjectName(NodeList<SqlIdentifier> Parts) : SqlNode
{
    public SqlIdentifier Name => Parts[^1];

    /// <summary>The part before the last one: the schema of a table, or the table (or alias) of a column.</summary>
    public SqlIdentifier? Qualifier => Parts.Count >= 2 ? Parts[^2] : null;

    public static SqlObjectName Of(params string[] parts) => new(NodeList.From(parts.Select(p => new SqlIdentifier(p))));

    public override string ToString() => string.Join(".", Parts);
}

/// <summary>
/// A data type as written: <c>VARCHAR(20)</c>, <c>DOUBLE PRECISION</c>, <c>TIMESTAMP(3) WITH TIME ZONE</c>, <c>int[]</c>.
/// Unquoted type words are kept upper-case; a multi-word built-in type is one name part.
/// </summary>
public sealed record SqlDataType(NodeList<SqlIdentifier> Name, NodeList<string> Arguments, NodeList<string> Modifiers, int ArrayDimensions) : SqlNode;

public abstract record SqlExpression : SqlNode;

public enum SqlLiteralKind
{
    String,
    Number,
    Boolean,
    Null,

    /// <summary>Hexadecimal or bit literals: X'ff', 0xff, B'101'.</summary>
    Binary,
}

/// <summary>A literal: <see cref="Text"/> as written (prefixes and quotes included), <see cref="Value"/> decoded.</summary>
public sealed record LiteralExpression(SqlLiteralKind Kind, string Text, string Value) : SqlExpression;

/// <summary>A type name followed by a string: <c>DATE '2024-01-31'</c>, <c>jsonb '{}'</c>.</summary>
public sealed record TypedLiteralExpression(string TypeName, LiteralExpression Literal) : SqlExpression;

/// <summary><c>INTERVAL '1 day'</c>, <c>INTERVAL 3 DAY</c>, <c>INTERVAL '1:30' HOUR_MINUTE</c>.</summary>
public sealed record IntervalExpression(SqlExpression Value, string? Unit) : SqlExpression;

/// <summary>A reference to a column, possibly qualified by table, schema and database.</summary>
public sealed record ColumnExpression(SqlObjectName Name) : SqlExpression;

/// <summary><c>*</c> or <c>t.*</c>.</summary>
public sealed record StarExpression(SqlObjectName? Qualifier) : SqlExpression;

/// <summary>A placeholder or variable as written: <c>$1</c>, <c>?</c>, <c>:name</c>, <c>@p</c>, <c>@@ROWCOUNT</c>.</summary>
public sealed record ParameterExpression(string Name) : SqlExpression;

/// <summary>A keyword that is a value by itself: CURRENT_DATE, CURRENT_USER, DEFAULT …</summary>
public sealed record KeywordExpression(string Keyword) : SqlExpression;

/// <summary>A prefix operator: <c>-</c>, <c>+</c>, <c>~</c>, <c>NOT</c>, <c>!</c>, <c>BINARY</c> (MySQL) …</summary>
public sealed record UnaryExpression(string Operator, SqlExpression Operand) : SqlExpression;

/// <summary>An infix operator; keyword operators are upper-case: <c>AND</c>, <c>OR</c>, <c>AT TIME ZONE</c>, <c>DIV</c>.</summary>
public sealed record BinaryExpression(SqlExpression Left, string Operator, SqlExpression Right) : SqlExpression;

/// <summary>Parentheses written in the source around a single expression.</summary>
public sealed record ParenthesizedExpression(SqlExpression Inner) : SqlExpression;

/// <summary>A tuple <c>(a, b)</c> or <c>ROW(a, b)</c>.</summary>
public sealed record RowExpression(NodeList<SqlExpression> Items, bool RowKeyword = false) : SqlExpression;

public enum SqlIsTest
{
    Null,
    True,
    False,
    Unknown,
    DistinctFrom,
}

/// <summary><c>x IS [NOT] NULL|TRUE|FALSE|UNKNOWN</c> or <c>x IS [NOT] DISTINCT FROM y</c>.</summary>
public sealed record IsExpression(SqlExpression Operand, bool Negated, SqlIsTest Test, SqlExpression? Other = null) : SqlExpression;

public sealed record BetweenExpression(SqlExpression Operand, bool Negated, bool Symmetric, SqlExpression Low, SqlExpression High) : SqlExpression;

/// <summary>Pattern matching: <see cref="Operator"/> is LIKE, ILIKE, SIMILAR TO, REGEXP, RLIKE or GLOB.</summary>
public sealed record LikeExpression(SqlExpression Operand, bool Negated, string Operator, SqlExpression Pattern, SqlExpression? Escape) : SqlExpression;

public sealed record InListExpression(SqlExpression Operand, bool Negated, NodeList<SqlExpression> Items) : SqlExpression;

public sealed record InSubqueryExpression(SqlExpression Operand, bool Negated, SqlQuery Query) : SqlExpression;

public sealed record ExistsExpression(SqlQuery Query) : SqlExpression;

/// <summary>A subquery used as a value.</summary>
public sealed record SubqueryExpression(SqlQuery Query) : SqlExpression;

public enum SqlQuantifier
{
    Any,
    Some,
    All,
}

/// <summary><c>x = ANY (subquery)</c> or <c>x &lt;&gt; ALL (array)</c>; a subquery source is a <see cref="SubqueryExpression"/>.</summary>
public sealed record QuantifiedExpression(SqlExpression Left, string Operator, SqlQuantifier Quantifier, SqlExpression Source) : SqlExpression;

/// <summary>A function call with everything an aggregate or window function can carry.</summary>
public sealed record FunctionCall : SqlExpression
{
    public required SqlObjectName Name { get; init; }

    public NodeList<SqlExpression> Arguments { get; init; } = NodeList<SqlExpression>.Empty;

    public bool Distinct { get; init; }

    /// <summary>ORDER BY inside the parentheses: <c>string_agg(x, ',' ORDER BY y)</c>.</summary>
    public NodeList<SqlOrderItem> OrderBy { get; init; } = NodeList<SqlOrderItem>.Empty;

    /// <summary><c>FILTER (WHERE …)</c>.</summary>
    public SqlExpression? Filter { get; init; }

    /// <summary><c>WITHIN GROUP (ORDER BY …)</c>; empty when absent.</summary>
    public NodeList<SqlOrderItem> WithinGroup { get; init; } = NodeList<SqlOrderItem>.Empty;

    /// <summary><c>OVER (…)</c>.</summary>
    public SqlWindowSpec? Over { get; init; }

    /// <summary><c>OVER name</c>, a window defined in the WINDOW clause.</summary>
    public SqlIdentifier? OverWindow { get; init; }
}

/// <summary>An argument introduced by a keyword inside special functions: <c>SUBSTRING(x FROM 2 FOR 3)</c>, <c>TRIM(BOTH 'x' FROM y)</c>.</summary>
public sealed record KeywordArgument(string Keyword, SqlExpression? Value) : SqlExpression;

/// <summary>A named argument: <c>make_interval(days => 3)</c>.</summary>
public sealed record NamedArgument(SqlIdentifier Name, SqlExpression Value) : SqlExpression;

public sealed record SqlWhen(SqlExpression Condition, SqlExpression Result) : SqlNode;

/// <summary>CASE: simple when <see cref="Operand"/> is set, searched otherwise.</summary>
public sealed record CaseExpression(SqlExpression? Operand, NodeList<SqlWhen> Whens, SqlExpression? Else) : SqlExpression;

public enum SqlCastSyntax
{
    /// <summary>CAST(x AS type).</summary>
    Cast,

    /// <summary>TRY_CAST(x AS type).</summary>
    TryCast,

    /// <summary>x::type (PostgreSQL).</summary>
    Colons,

    /// <summary>CONVERT(type, x [, style]) (T-SQL).</summary>
    Convert,

    /// <summary>TRY_CONVERT(type, x [, style]) (T-SQL).</summary>
    TryConvert,

    /// <summary>CONVERT(x, type) (MySQL).</summary>
    ConvertValueFirst,
}

public sealed record CastExpression(SqlExpression Operand, SqlDataType Type, SqlCastSyntax Syntax, SqlExpression? Style = null) : SqlExpression;

/// <summary><c>EXTRACT(field FROM source)</c>; the field is upper-case, or a quoted string as written.</summary>
public sealed record ExtractExpression(string Field, SqlExpression Source) : SqlExpression;

public sealed record CollateExpression(SqlExpression Operand, SqlObjectName Collation) : SqlExpression;

/// <summary><c>ARRAY[1, 2]</c>, or a nested <c>[1, 2]</c> inside one.</summary>
public sealed record ArrayExpression(NodeList<SqlExpression> Elements, bool ArrayKeyword = true) : SqlExpression;

/// <summary><c>ARRAY(SELECT …)</c>.</summary>
public sealed record ArraySubqueryExpression(SqlQuery Query) : SqlExpression;

/// <summary><c>a[i]</c> or the slice <c>a[lower:upper]</c> (either bound optional).</summary>
public sealed record SubscriptExpression(SqlExpression Operand, SqlExpression? Lower, SqlExpression? Upper, bool Slice) : SqlExpression;

/// <summary>Field selection from a composite value: <c>(x).field</c>, or <c>(x).*</c> when <see cref="Field"/> is null.</summary>
public sealed record FieldExpression(SqlExpression Operand, SqlIdentifier? Field) : SqlExpression;

public enum SqlGroupingKind
{
    Rollup,
    Cube,
    GroupingSets,
}

/// <summary>ROLLUP (…), CUBE (…) or GROUPING SETS (…) in GROUP BY; <c>()</c> is an empty <see cref="RowExpression"/>.</summary>
public sealed record GroupingExpression(SqlGroupingKind Kind, NodeList<SqlExpression> Items) : SqlExpression;

public enum SqlSortDirection
{
    Unspecified,
    Ascending,
    Descending,
}

public enum SqlNullsOrder
{
    Unspecified,
    First,
    Last,
}

public sealed record SqlOrderItem(SqlExpression Expression, SqlSortDirection Direction = SqlSortDirection.Unspecified, SqlNullsOrder Nulls = SqlNullsOrder.Unspecified) : SqlNode;

public enum SqlFrameUnits
{
    Rows,
    Range,
    Groups,
}

public enum SqlFrameBoundKind
{
    UnboundedPreceding,
    Preceding,
    CurrentRow,
    Following,
    UnboundedFollowing,
}

public sealed record SqlFrameBound(SqlFrameBoundKind Kind, SqlExpression? Offset = null) : SqlNode;

/// <summary>A window frame; <see cref="End"/> is null for the short form <c>ROWS UNBOUNDED PRECEDING</c>.</summary>
public sealed record SqlWindowFrame(SqlFrameUnits Units, SqlFrameBound Start, SqlFrameBound? End, string? Exclusion) : SqlNode;

public sealed record SqlWindowSpec(SqlIdentifier? BaseWindow, NodeList<SqlExpression> PartitionBy, NodeList<SqlOrderItem> OrderBy, SqlWindowFrame? Frame) : SqlNode;

public sealed record SqlNamedWindow(SqlIdentifier Name, SqlWindowSpec Spec) : SqlNode;
