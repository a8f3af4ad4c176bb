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

    public int? Precision { get; init; }
    public int? Scale { get; init; }

    /// <summary>Labels of an enum type (PostgreSQL enum, MySQL ENUM), in declaration order.</summary>
    public IReadOnlyList<string> EnumValues { get; init; } = [];

    /// <summary>The domain the column is declared with (PostgreSQL), with its checks (their expressions use VALUE).</summary>
    public DomainType? Domain { get; init; }

    /// <summary>The type name to give a database driver, without modifiers, e.g. "int4", "numeric", "sales.order_status", "citext".</summary>
    public required string DatabaseTypeName { get; init; }
}
