using System.Text.Json.Serialization;
using Appliance.Core.Schema;

namespace Appliance.Core.Query.Indexes;

/// <summary>Why a column is in a proposed index key.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IndexKeyRole>))]
public enum IndexKeyRole
{
    /// <summary>Compared with a value by <c>=</c>, <c>IN</c> or <c>IS NULL</c>.</summary>
    Equality,

    /// <summary>Compared by <c>=</c> with a column of the table joined before it (the index makes each lookup a seek).</summary>
    Join,

    /// <summary>Compared by <c>&lt;</c>, <c>&gt;</c>, <c>BETWEEN</c> or a prefix <c>LIKE</c>.</summary>
    Range,

    /// <summary>Listed in ORDER BY; in the key so rows come out already sorted.</summary>
    OrderBy,
}

/// <summary>One key part of a proposed index: a column, or an expression for an expression index.</summary>
/// <param name="Name">The column name as the schema spells it, or the expression text.</param>
public sealed record IndexKeyColumn(string Name, IndexKeyRole Role, bool Descending = false, bool IsExpression = false)
{
    public override string ToString() => (IsExpression ? "(" + Name + ")" : Name) + (Descending ? " DESC" : "");
}

/// <summary>A proposed index with the statement that creates it and why.</summary>
public sealed record IndexAdvice
{
    public IndexAdvice(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        Table = table;
    }

    /// <summary>The schema table; serialized as <see cref="TableName"/> only.</summary>
    [JsonIgnore]
    public Table Table { get; }

    /// <summary>"schema.table".</summary>
    public string TableName => Table.QualifiedName;

    public required IReadOnlyList<IndexKeyColumn> KeyColumns { get; init; }

    /// <summary>Non-key columns carried in the leaf level so the query is answered from the index alone (PostgreSQL 11+, SQL Server).</summary>
    public IReadOnlyList<string> IncludeColumns { get; init; } = [];

    /// <summary>A generated name, e.g. <c>ix_orders_customer_id_created_at</c>, within the dialect's identifier length.</summary>
    public required string IndexName { get; init; }

    /// <summary>The CREATE INDEX statement in the dialect, identifiers quoted where needed.</summary>
    public required string CreateStatement { get; init; }

    /// <summary>What the index serves and why it helps, in a sentence or two.</summary>
    public required string Reason { get; init; }

    /// <summary>An existing index that starts like this one and that the new one could replace, when there is one.</summary>
    public string? ExtendsIndex { get; init; }

    public bool IsExpressionIndex => KeyColumns.Any(k => k.IsExpression);
}

[JsonConverter(typeof(JsonStringEnumConverter<IndexNoteKind>))]
public enum IndexNoteKind
{
    /// <summary>The index the query needs exists already (an index, primary key or unique constraint starting with the key columns).</summary>
    AlreadyCovered,

    /// <summary>OR across different columns: no single composite index serves it.</summary>
    OrAcrossColumns,

    /// <summary>A function, cast or arithmetic on a column hides it from a plain index.</summary>
    NonSargable,

    /// <summary>LIKE with a leading wildcard cannot use a B-tree index.</summary>
    LeadingWildcard,

    /// <summary>A prefix LIKE that a default B-tree index does not serve in this dialect (PostgreSQL without the C collation).</summary>
    PatternNeedsOperatorClass,
}

/// <summary>Something the advisor noticed but did not turn into a CREATE INDEX, with the reason.</summary>
public sealed record IndexNote(IndexNoteKind Kind, [property: JsonIgnore] Table? Table, string Message)
{
    /// <summary>"schema.table", when the note is about one table.</summary>
    public string? TableName => Table?.QualifiedName;
}

/// <summary>The advice for one statement: indexes to create, and what was looked at but not proposed.</summary>
public sealed record IndexAdviceReport(IReadOnlyList<IndexAdvice> Advice, IReadOnlyList<IndexNote> Notes);

/// <summary>Knobs of <see cref="IndexAdvisor"/>.</summary>
public sealed record IndexAdvisorOptions
{
    /// <summary>
    /// Distinct values of a column when statistics are known (e.g. from pg_stats n_distinct); when every equality column
    /// of a proposal has a number, the more selective ones go first. Otherwise they keep their order in the statement.
    /// </summary>
    public Func<Table, string, double?>? DistinctValues { get; init; }

    /// <summary>A covering INCLUDE list longer than this is left out: the index would be nearly a copy of the table.</summary>
    public int MaxIncludeColumns { get; init; } = 5;
}
