namespace Appliance.Core.MockData.Values;

/// <summary>
/// Bounds a generated value must respect, already merged from the column's type, its CHECK constraints and the user's
/// override. Min/Max are of the kind's CLR type (long, decimal, double, DateOnly, DateTime, DateTimeOffset, TimeOnly) or null;
/// for text that holds dates (SQLite) and for integers that hold unix time, DateTime, DateOnly and ISO strings work too.
/// </summary>
public sealed record ValueConstraints
{
    public static readonly ValueConstraints None = new();

    public object? Min { get; init; }
    public bool MinExclusive { get; init; }
    public object? Max { get; init; }
    public bool MaxExclusive { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public ValueDistribution Distribution { get; init; } = ValueDistribution.Uniform;

    /// <summary>A pattern as in <see cref="ColumnOverride.Pattern"/>, for text columns; letters it makes are upper case.</summary>
    public string? Pattern { get; init; }

    /// <summary>
    /// The values to pick from (a user's list, a CHECK's IN list, an enum's labels narrowed by checks), of the kind's CLR
    /// type. When set, every generator but "null" and "database_default" picks from them; unique rows take them in order.
    /// </summary>
    public IReadOnlyList<object>? Values { get; init; }

    /// <summary>Weights of <see cref="Values"/>, same order; null means all equal.</summary>
    public IReadOnlyList<double>? Weights { get; init; }
}

/// <summary>
/// What a value generator knows about the row it fills. <see cref="Row"/> is the row's ordinal within its table (0-based);
/// when <see cref="Unique"/> is set, distinct rows must get distinct values (the generator embeds the ordinal).
/// <see cref="Sibling"/> returns a value already generated for another column of the same row (null when none), so an
/// e-mail can match the first and last name.
/// </summary>
public readonly record struct ValueContext(long Row, bool Unique, Func<string, object?>? Sibling)
{
    /// <summary>Which columns of the row hold the person's names, the company…, so an e-mail can be made from them.</summary>
    public SiblingColumns? Siblings { get; init; }
}
