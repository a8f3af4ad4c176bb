using Appliance.Core.Sql;

namespace Appliance.Infrastructure.Query;

/// <summary>How a column's values are shown: it decides alignment, formatting and which columns a chart can use.</summary>
public enum ColumnKind
{
    Number,
    Text,
    DateTime,
    Boolean,
    Binary,
    Json,
    Other,
}

/// <summary>A result column: its name, the database's own type name (e.g. "int4", "VARCHAR", "nvarchar") and its display kind.</summary>
public sealed record QueryColumn(string Name, string DatabaseType, ColumnKind Kind);

/// <summary>Why a result holds fewer rows than the statement produced.</summary>
public enum QueryTruncation
{
    None,
    /// <summary>More than <see cref="QueryOptions.MaxRows"/> rows: the first MaxRows are kept.</summary>
    RowLimit,
    /// <summary>The next row would have taken the displayed values past <see cref="QueryOptions.MaxBytes"/>.</summary>
    ByteLimit,
}

/// <summary>
/// The result of a read-only run. Cell values are display-safe: null, string, bool, long, decimal, double, DateTime,
/// DateTimeOffset, DateOnly, TimeOnly or TimeSpan. Binary values are a hex preview string ("0x0a0b… (1,024 bytes)"),
/// JSON, arrays and every other type are their text.
/// </summary>
public sealed record QueryResult
{
    public required IReadOnlyList<QueryColumn> Columns { get; init; }

    public required IReadOnlyList<object?[]> Rows { get; init; }

    public int RowCount => Rows.Count;

    public QueryTruncation Truncation { get; init; }

    public bool Truncated => Truncation != QueryTruncation.None;

    /// <summary>
    /// The size the kept values count for: text as its UTF-8 bytes (binary as its preview), 1 for a boolean, 16 for a
    /// decimal, 8 for any other number or date/time, 0 for null.
    /// </summary>
    public long Bytes { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>Notices and warnings the server sent (PostgreSQL NOTICE, MySQL warnings, SQL Server messages), at most 50.</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>The kind of the statement as parsed by the appliance; null when it was not parsed.</summary>
    public StatementKind? StatementKind { get; init; }
}

/// <summary>The result of a confirmed write: one statement, committed.</summary>
public sealed record WriteResult
{
    public required StatementKind StatementKind { get; init; }

    /// <summary>Rows the statement changed; null when the server does not report a count (most DDL).</summary>
    public long? RowsAffected { get; init; }

    public TimeSpan Elapsed { get; init; }

    public IReadOnlyList<string> Notices { get; init; } = [];
}
