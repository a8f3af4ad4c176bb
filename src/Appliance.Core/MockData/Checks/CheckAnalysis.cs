namespace Appliance.Core.MockData.Checks;

// Contract of the CHECK-constraint analysis used by the mock-data planner. Implemented by CheckAnalyzer.
//
// CheckAnalyzer.Analyze(Table table, DatabaseEngine engine, IReadOnlyDictionary<string, DomainType> columnDomains)
//   parses every table CHECK (and every domain CHECK, where VALUE stands for the column) and returns a CheckAnalysis.

/// <summary>One bound of a range: Value is decimal (numbers), DateTime (date/timestamp literals) or string (text comparisons).</summary>
public sealed record CheckBound(object Value, bool Inclusive, string? Constraint);

/// <summary>What the checks say about one column on its own, collected from top-level AND conjuncts.</summary>
public sealed record ColumnHints
{
    public static readonly ColumnHints None = new();

    public CheckBound? Lower { get; init; }
    public CheckBound? Upper { get; init; }

    /// <summary>IN lists and "= literal", intersected; values decimal, string or bool. Null when unrestricted.</summary>
    public IReadOnlyList<object>? AllowedValues { get; init; }

    /// <summary>"&lt;&gt; literal" and NOT IN values.</summary>
    public IReadOnlyList<object> ExcludedValues { get; init; } = [];

    /// <summary>From length()/char_length()/len() comparisons.</summary>
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }

    /// <summary>A .NET regular expression the value must match (from PostgreSQL ~, MySQL REGEXP / RLIKE).</summary>
    public string? Pattern { get; init; }

    /// <summary>"col IS NOT NULL" or "col &lt;&gt; ''" style requirements.</summary>
    public bool NotNull { get; init; }
    public bool NotEmpty { get; init; }

    /// <summary>Names of the constraints the hints came from, for messages.</summary>
    public IReadOnlyList<string> Constraints { get; init; } = [];
}

/// <summary>
/// Left Operator Right between two columns of the same row ("end_date > start_date"). When <see cref="NullAllowed"/>,
/// the check also passes when Left is NULL ("delivered_at IS NULL OR delivered_at >= shipped_at").
/// </summary>
public sealed record ColumnRelation(string Left, string Operator, string Right, bool NullAllowed, string? Constraint);

public sealed record CheckProblem(string? Constraint, string Expression, string Message, bool IsError);

/// <summary>The checks of one table, compiled for evaluation against generated rows.</summary>
public sealed class CheckAnalysis
{
    public required IReadOnlyList<CompiledCheck> Checks { get; init; }
    public required IReadOnlyDictionary<string, ColumnHints> Hints { get; init; }
    public required IReadOnlyList<ColumnRelation> Relations { get; init; }

    /// <summary>Checks that could not be understood (warnings) and checks that can never pass (errors, e.g. x &gt; 10 AND x &lt; 5).</summary>
    public required IReadOnlyList<CheckProblem> Problems { get; init; }

    public ColumnHints HintsFor(string column) => Hints.TryGetValue(column, out var hints) ? hints : ColumnHints.None;
}

/// <summary>
/// A check ready to be evaluated against a row with SQL three-valued logic. <see cref="Evaluate"/> returns true when the
/// row passes (TRUE or NULL, as a CHECK does), false when it violates it; <see cref="CanEvaluate"/> is false for
/// expressions the evaluator cannot compute (unknown functions), which are then trusted to the database.
/// </summary>
public abstract class CompiledCheck
{
    public required string? Name { get; init; }
    public required string Expression { get; init; }

    /// <summary>The column a domain check applies to (VALUE); null for a table check.</summary>
    public string? DomainColumn { get; init; }

    public required IReadOnlyList<string> Columns { get; init; }
    public abstract bool CanEvaluate { get; }

    /// <summary>Values by column name (the values the generator produced, CLR types as in MockValueKind).</summary>
    public abstract bool Evaluate(Func<string, object?> valueOf);

    /// <summary>"order_lines_check (quantity &gt; 0)" — how messages name the check.</summary>
    public string Display => Name is null ? $"CHECK ({Expression})" : $"{Name} ({Expression})";
}
