using System.Text.Json.Serialization;
using Appliance.Core.Schema;

namespace Appliance.Core.MockData.Values;

/// <summary>
/// The kind of value a column takes, and the CLR type every generated value of that kind has:
/// Integer long, Decimal decimal, Float double, Boolean bool, Text/Enum/Json string, Date DateOnly,
/// Timestamp DateTime (unspecified kind), TimestampTz DateTimeOffset (UTC), Time TimeOnly, Interval TimeSpan,
/// Uuid Guid, Binary byte[], TextArray string[], IntegerArray long[]. NULL is null.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<MockValueKind>))]
public enum MockValueKind
{
    Integer,
    Decimal,
    Float,
    Boolean,
    Text,
    Date,
    Timestamp,
    TimestampTz,
    Time,
    Interval,
    Uuid,
    Binary,
    Json,
    Enum,
    TextArray,
    IntegerArray,
    /// <summary>A type the generator cannot produce (geometry, xml, ranges…): nullable columns get NULL, NOT NULL ones are reported.</summary>
    Unsupported,
}

/// <summary>What the generator must know about a column's type, resolved from the engine's spelling, enums and domains.</summary>
public sealed record MockType
{
    public required MockValueKind Kind { get; init; }

    /// <summary>Range of an integer type (smallint, unsigned, tinyint(1)…).</summary>
    public long MinInteger { get; init; } = long.MinValue;
    public long MaxInteger { get; init; } = long.MaxValue;

    /// <summary>Maximum length in characters (text) or bytes (binary); null when unbounded.</summary>
    public int? MaxLength { get; init; }

    /// <summary>char(n) / nchar(n): values are padded by the database, so shorter values are fine but the length is the capacity.</summary>
    public bool FixedLength { get; init; }

    /// <summary>
    /// Decimal: total digits (null when unbounded). Float: 24 for single precision, 53 for double. Timestamps and
    /// times: fractional-second digits, when declared.
    /// </summary>
    public int? Precision { get; init; }

    /// <summary>Decimal digits after the point.</summary>
    public int? Scale { get; init; }

    /// <summary>Labels of an enum type (PostgreSQL enum, MySQL ENUM), in declaration order.</summary>
    public IReadOnlyList<string> EnumValues { get; init; } = [];

    /// <summary>The domain the column is declared with (PostgreSQL), with its checks (their expressions use VALUE).</summary>
    public DomainType? Domain { get; init; }

    /// <summary>The type name to give a database driver, without modifiers, e.g. "int4", "numeric", "sales.order_status", "citext".</summary>
    public required string DatabaseTypeName { get; init; }

    /// <summary>What <see cref="MaxLength"/> of a text type counts (the way the engine measures it).</summary>
    public TextLengthUnit LengthUnit { get; init; } = TextLengthUnit.CodePoints;

    /// <summary>The characters a text type stores faithfully; edge values stay inside it.</summary>
    public TextRepertoire Repertoire { get; init; } = TextRepertoire.Unicode;

    /// <summary>
    /// What the type itself says a Text value holds, whatever the column is called: IP addresses (inet, cidr),
    /// MAC addresses (macaddr), dates and timestamps as ISO text (SQLite DATE / DATETIME declared types). None otherwise.
    /// </summary>
    public SemanticKind Semantic { get; init; }

    /// <summary>MySQL UNSIGNED: no negative values (integer ranges already say so; decimals and floats read it).</summary>
    public bool Unsigned { get; init; }

    /// <summary>
    /// The earliest and latest instant a date or date-time type stores (SQL Server datetime starts in 1753, MySQL TIMESTAMP
    /// ends in 2038…), within what .NET represents. Null for non-temporal kinds.
    /// </summary>
    public DateTime? MinDateTime { get; init; }
    public DateTime? MaxDateTime { get; init; }

    /// <summary>Granularity of generated date-times: a second, or coarser where the type is (smalldatetime keeps minutes).</summary>
    public TimeSpan TimeStep { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>How an engine measures the declared length of a text column.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TextLengthUnit>))]
public enum TextLengthUnit
{
    /// <summary>Unicode code points: PostgreSQL, MySQL CHAR/VARCHAR, SQLite (which does not enforce it).</summary>
    CodePoints,
    /// <summary>UTF-16 code units: SQL Server nchar / nvarchar (an emoji takes two).</summary>
    Utf16CodeUnits,
    /// <summary>Bytes of UTF-8: MySQL TINYTEXT…MEDIUMTEXT, SQL Server char / varchar (conservative for single-byte code pages too).</summary>
    Utf8Bytes,
}

/// <summary>The characters a text column keeps as written.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TextRepertoire>))]
public enum TextRepertoire
{
    Unicode,
    /// <summary>No characters outside the Basic Multilingual Plane (MySQL utf8mb3): no emoji.</summary>
    BasicMultilingualPlane,
    /// <summary>Single-byte code pages (SQL Server varchar without a UTF-8 collation, MySQL latin1): ASCII is safe.</summary>
    Ascii,
}
