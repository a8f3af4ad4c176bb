namespace Appliance.Core.Copilot.Deterministic;

internal enum AggregateKind
{
    Count,
    Sum,
    Average,
    Min,
    Max,
}

/// <summary>What is summed or averaged: a column, or a product of two (price × quantity).</summary>
internal sealed record Measure(ColumnInfo Column, ColumnInfo? Times = null, ColumnInfo? Discount = null)
{
    public TableInfo Table => Column.Table;

    public string Describe() => Times is null ? Column.Display
        : Discount is null ? $"{Column.Display} × {Times.Name}" : $"{Column.Display} × {Times.Name} × (1 − {Discount.Name})";

    public string AliasStem() => Times is null ? Column.Name : "revenue";
}

/// <summary>A literal value of a filter: text, a number or a truth value.</summary>
internal sealed record Literal(string? Text, decimal? Number, bool? Flag)
{
    public static Literal Of(string text) => new(text, null, null);

    public static Literal Of(decimal number) => new(null, number, null);

    public static Literal Of(bool flag) => new(null, null, flag);

    public override string ToString() => Text is not null ? $"'{Text}'" : Number is { } n ? WordForms.Invariant(n) : Flag == true ? "true" : "false";
}

internal abstract record Filter
{
    /// <summary>The table the condition is about (joined or semi-joined from the fact table).</summary>
    public abstract TableInfo Table { get; }

    public abstract string Describe();
}

/// <summary><c>column op value</c>; <c>IN</c>/<c>NOT IN</c> with several values; <c>BETWEEN</c> with two.</summary>
internal sealed record ColumnFilter(ColumnInfo Column, string Operator, IReadOnlyList<Literal> Values) : Filter
{
    public override TableInfo Table => Column.Table;

    public override string Describe() => Operator switch
    {
        "IN" or "NOT IN" => $"{Column.Name} {Operator.ToLowerInvariant()} ({string.Join(", ", Values)})",
        "BETWEEN" => $"{Column.Name} between {Values[0]} and {Values[1]}",
        _ => $"{Column.Name} {Operator} {Values[0]}",
    };
}

internal sealed record NullFilter(ColumnInfo Column, bool IsNull) : Filter
{
    public override TableInfo Table => Column.Table;

    public override string Describe() => $"{Column.Name} is {(IsNull ? "missing" : "present")}";
}

internal sealed record DateFilter(ColumnInfo Column, DateRange Range) : Filter
{
    public override TableInfo Table => Column.Table;

    public override string Describe() => $"{Range.Describe()} on {Column.Display}";
}

/// <summary>Rows of the fact table that have (or have no) related rows in <see cref="Related"/>, or more/fewer than N.</summary>
internal sealed record RelatedFilter(TableInfo Related, bool Exists, string? Operator = null, decimal Count = 0) : Filter
{
    public override TableInfo Table => Related;

    /// <summary>With <see cref="Column"/>: the condition is on this aggregate of the related rows, not on their number.</summary>
    public AggregateKind? Aggregate { get; init; }

    public ColumnInfo? Column { get; init; }

    public override string Describe() => Operator is null
        ? $"{(Exists ? "with" : "without")} {Related.Name}"
        : Column is not null
            ? $"{Aggregate.ToString()!.ToLowerInvariant()} of {Column.Display} {Operator} {WordForms.Invariant(Count)}"
            : $"number of {Related.Name} {Operator} {WordForms.Invariant(Count)}";
}

/// <summary>A group: a table (its key and label columns), a column, or a period of a date column.</summary>
internal sealed record GroupSpec(TableInfo? Entity, ColumnInfo? Column, string? Period)
{
    public TableInfo Table => Entity ?? Column!.Table;

    public string Describe() => Period is not null ? $"{Period} of {Column!.Display}" : Entity is not null ? Entity.Name : Column!.Display;
}

internal enum OrderKind
{
    /// <summary>By the aggregate of the query (count, sum…).</summary>
    Aggregate,

    /// <summary>By a column of the rows.</summary>
    Column,
}

internal sealed record OrderSpec(OrderKind Kind, ColumnInfo? Column, bool Descending);

/// <summary>The query the rule engine decided on, before it is written as SQL.</summary>
internal sealed class QueryPlan
{
    public required TableInfo Fact { get; set; }

    public AggregateKind? Aggregate { get; set; }

    public Measure? Measure { get; set; }

    /// <summary>COUNT(DISTINCT column) instead of COUNT(*).</summary>
    public ColumnInfo? CountDistinct { get; set; }

    public List<GroupSpec> Groups { get; } = [];

    public List<Filter> Filters { get; } = [];

    /// <summary>Output columns of a listing; empty means every column of the fact table.</summary>
    public List<ColumnInfo> Select { get; } = [];

    public bool Distinct { get; set; }

    public OrderSpec? Order { get; set; }

    public int? Limit { get; set; }
}
