using System.Text.Json.Serialization;
using Appliance.Core.Schema;

namespace Appliance.Core.Query.Plans;

[JsonConverter(typeof(JsonStringEnumConverter<PlanFindingKind>))]
public enum PlanFindingKind
{
    /// <summary>The node with the largest share of the plan's time (or estimated cost).</summary>
    CostliestNode,

    /// <summary>A whole table (or index) read to keep a small part of it.</summary>
    FullScanUnderSelectiveFilter,

    /// <summary>A sort, hash or aggregate that ran out of memory and wrote to disk.</summary>
    Spill,

    /// <summary>A nested loop whose outer rows times inner rows per pass is large.</summary>
    NestedLoopOverLargeInputs,

    /// <summary>Estimated rows far from the rows the node actually produced.</summary>
    EstimateMismatch,

    /// <summary>A warning the engine attached to the plan (SQL Server showplan warnings).</summary>
    EngineWarning,

    /// <summary>An index the engine itself says is missing (SQL Server MissingIndexGroup).</summary>
    MissingIndex,
}

[JsonConverter(typeof(JsonStringEnumConverter<PlanFindingSeverity>))]
public enum PlanFindingSeverity
{
    Info,
    Warning,
    Critical,
}

/// <summary>Something worth knowing about one node of a plan; serialized with <see cref="NodeId"/> only, not the node's subtree.</summary>
/// <param name="Title">A short line: "Full scan of orders keeps 0.2% of its rows".</param>
/// <param name="Explanation">Why it matters and what to do, in a sentence or two.</param>
public sealed record PlanFinding(PlanFindingKind Kind, PlanFindingSeverity Severity, [property: JsonIgnore] PlanNode Node, string Title, string Explanation)
{
    public int NodeId => Node.Id;
}

/// <summary>Thresholds of <see cref="PlanAnalyzer"/>; the defaults suit interactive queries.</summary>
public sealed record PlanAnalyzerOptions
{
    /// <summary>A scan reading at least this many rows per execution counts as a scan of a large table.</summary>
    public double LargeTableRows { get; init; } = 10_000;

    /// <summary>A filter keeping at most this fraction of the rows read counts as selective.</summary>
    public double SelectiveFraction { get; init; } = 0.1;

    /// <summary>Outer rows × inner rows per pass from which a nested loop is reported.</summary>
    public double NestedLoopWork { get; init; } = 1_000_000;

    /// <summary>Estimate and actual rows differing by at least this factor are reported.</summary>
    public double EstimateFactor { get; init; } = 10;

    /// <summary>Mismatches where both numbers stay below this are noise and not reported.</summary>
    public double EstimateMinimumRows { get; init; } = 100;

    /// <summary>Row estimates of tables when the plan does not say how large a scanned table is (PostgreSQL EXPLAIN without ANALYZE).</summary>
    public DatabaseSchema? Schema { get; init; }
}
