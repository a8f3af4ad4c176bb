using System.Text.Json.Serialization;

namespace Appliance.Core.MockData;

/// <summary>What a user asks the generator for: counts, seed, locale and per-column overrides. Serializable as JSON (saved with a workspace, sent by the CLI).</summary>
public sealed record MockDataRequest
{
    public ulong Seed { get; init; } = 1;

    /// <summary>Rows for every table without its own count (and without a child-count rule).</summary>
    public long DefaultRows { get; init; } = 100;

    /// <summary>Row counts by table, keyed "schema.table" or just "table" when the name is unique.</summary>
    public IReadOnlyDictionary<string, long> RowsPerTable { get; init; } = new Dictionary<string, long>();

    /// <summary>Tables to fill ("schema.table" or "table"); null means all. Tables they reference through a NOT NULL foreign key are added.</summary>
    public IReadOnlyList<string>? Tables { get; init; }

    /// <summary>Bogus locale, e.g. "en", "de", "fr", "ja".</summary>
    public string Locale { get; init; } = "en";

    /// <summary>Share of NULLs in nullable columns that have no override (0 to 1).</summary>
    public double NullRate { get; init; } = 0.1;

    /// <summary>Boundary values instead of realistic ones: maximum lengths, extreme numbers and dates, unicode, empty strings, NULLs.</summary>
    public bool EdgeCases { get; init; }

    /// <summary>How foreign-key values pick their parent row when no rule says otherwise.</summary>
    public ValueDistribution ForeignKeyDistribution { get; init; } = ValueDistribution.Uniform;

    /// <summary>The instant "now" stands for (created_at, ages, CURRENT_DATE in checks); fixed so output is reproducible.</summary>
    public DateTime ReferenceTime { get; init; } = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public IReadOnlyList<ColumnOverride> Columns { get; init; } = [];

    public IReadOnlyList<ChildCountRule> ChildCounts { get; init; } = [];
}

[JsonConverter(typeof(JsonStringEnumConverter<ValueDistribution>))]
public enum ValueDistribution
{
    [JsonStringEnumMemberName("uniform")] Uniform,
    /// <summary>A few values (parents) get most of the rows (Zipf-like, s ≈ 1).</summary>
    [JsonStringEnumMemberName("skewed")] Skewed,
    /// <summary>Bell-shaped around the middle of the range.</summary>
    [JsonStringEnumMemberName("normal")] Normal,
}

/// <summary>A user's setting for one column. Unset members keep what the planner chose.</summary>
public sealed record ColumnOverride
{
    /// <summary>"schema.table" or "table".</summary>
    public required string Table { get; init; }
    public required string Column { get; init; }

    /// <summary>A generator name from <see cref="Values.MockGenerators"/> (e.g. "email", "first_name", "lorem", "database_default").</summary>
    public string? Generator { get; init; }

    /// <summary>Pick from these values (weights default to 1).</summary>
    public IReadOnlyList<WeightedValue>? Values { get; init; }

    /// <summary>Lower and upper bound (numbers, dates, timestamps as text in ISO form).</summary>
    public string? Min { get; init; }
    public string? Max { get; init; }
    public ValueDistribution? Distribution { get; init; }
    public double? NullRate { get; init; }

    /// <summary>A pattern: # a digit, ? a letter, * a letter or digit, \ escapes; anything else is literal. E.g. "INV-#####".</summary>
    public string? Pattern { get; init; }
}

public sealed record WeightedValue(string Value, double Weight = 1);

/// <summary>"Between Min and Max child rows per parent row" for the foreign key of <see cref="Table"/> made of <see cref="Columns"/>.</summary>
public sealed record ChildCountRule
{
    public required string Table { get; init; }
    /// <summary>The foreign key's columns, or its constraint name as a one-element list.</summary>
    public required IReadOnlyList<string> Columns { get; init; }
    public int Min { get; init; } = 1;
    public int Max { get; init; } = 5;
}
