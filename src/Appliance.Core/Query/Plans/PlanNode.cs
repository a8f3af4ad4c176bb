using System.Text.Json.Serialization;

namespace Appliance.Core.Query.Plans;

/// <summary>How a node reaches table rows, in engine-neutral terms; the analyzer reasons on this, not on operator names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlanAccess>))]
public enum PlanAccess
{
    /// <summary>Not a table access: joins, sorts, aggregates, …</summary>
    None,

    /// <summary>Every row of the table: PostgreSQL Seq Scan, MySQL/MariaDB ALL, SQL Server Table Scan / Clustered Index Scan.</summary>
    FullTableScan,

    /// <summary>Every entry of an index: MySQL/MariaDB <c>index</c>, SQL Server Index Scan.</summary>
    FullIndexScan,

    /// <summary>A bounded part of an index: PostgreSQL Index Scan / Bitmap Index Scan, MySQL <c>range</c>, SQL Server Index Seek.</summary>
    IndexRangeScan,

    /// <summary>Rows found by key: MySQL <c>ref</c>/<c>eq_ref</c>/<c>const</c>, SQL Server Key Lookup.</summary>
    IndexLookup,
}

/// <summary>A warning the engine itself attached to a node or statement (SQL Server showplan warnings).</summary>
/// <param name="Code">The warning's element or attribute name, e.g. <c>SpillToTempDb</c>, <c>NoJoinPredicate</c>.</param>
/// <param name="Message">A readable sentence with the warning's details.</param>
public sealed record PlanWarning(string Code, string Message);

/// <summary>
/// One operator of a query plan, in the engine-neutral shape every parser produces. Row counts follow PostgreSQL's
/// convention: per execution (loop), so the total is <see cref="ActualRows"/> × <see cref="ActualLoops"/>.
/// </summary>
public sealed class PlanNode
{
    /// <summary>Preorder position in its <see cref="QueryPlan"/> (root is 0); findings and the diagram refer to nodes by it.</summary>
    public int Id { get; internal set; } = -1;

    /// <summary>The operator as the engine names it: "Seq Scan", "Hash Join", "Full table scan (ALL)", "Clustered Index Scan".</summary>
    public required string Operation { get; init; }

    /// <summary>SQL Server's logical operator ("Inner Join", "Aggregate"), when it differs from the physical one.</summary>
    public string? LogicalOperation { get; init; }

    public PlanAccess Access { get; init; }

    /// <summary>The table (or CTE, function, derived table) the node reads, without schema.</summary>
    public string? Relation { get; init; }

    public string? Schema { get; init; }

    /// <summary>The name the query gave the relation, when the engine reports it.</summary>
    public string? Alias { get; init; }

    public string? IndexName { get; init; }

    /// <summary>"Inner", "Left", "Semi", "Anti"… for join nodes.</summary>
    public string? JoinType { get; init; }

    /// <summary>Estimated cost before the first row, in the engine's own units.</summary>
    public double? StartupCost { get; init; }

    /// <summary>Estimated cost of this node and everything below it, per execution, in the engine's own units.</summary>
    public double? TotalCost { get; init; }

    /// <summary>Estimated rows produced per execution.</summary>
    public double? EstimatedRows { get; init; }

    /// <summary>Estimated rows read before this node's filter (MySQL/MariaDB rows examined, SQL Server EstimatedRowsRead).</summary>
    public double? EstimatedRowsScanned { get; init; }

    /// <summary>Rows the table holds according to the engine (SQL Server TableCardinality), when reported.</summary>
    public double? TableRows { get; init; }

    /// <summary>Rows actually produced per execution (average over loops); null without ANALYZE / actual plan.</summary>
    public double? ActualRows { get; init; }

    /// <summary>Rows actually read per execution before this node's filter, when the engine tells.</summary>
    public double? ActualRowsScanned { get; init; }

    /// <summary>How many times the node ran.</summary>
    public double? ActualLoops { get; init; }

    /// <summary>
    /// How many processes shared the loops (PostgreSQL parallel workers plus the leader), running side by side; the
    /// wall-clock time over all loops is the per-loop time × loops ÷ this.
    /// </summary>
    public int ParallelProcesses { get; init; } = 1;

    /// <summary>Time to the first row, per execution, in milliseconds.</summary>
    public double? ActualStartupTimeMs { get; init; }

    /// <summary>Time to the last row, per execution, including the nodes below, in milliseconds.</summary>
    public double? ActualTotalTimeMs { get; init; }

    /// <summary>Predicate applied to rows after they are read (PostgreSQL Filter, MySQL attached_condition, SQL Server Predicate).</summary>
    public string? Filter { get; init; }

    /// <summary>Predicate the access or join uses: index condition, seek keys, hash or merge condition, join filter.</summary>
    public string? Condition { get; init; }

    /// <summary>Rows read and thrown away by the filter or join filter, per execution.</summary>
    public double? RowsRemovedByFilter { get; init; }

    public string? SortKey { get; init; }

    /// <summary>"quicksort", "top-N heapsort", "external merge", MariaDB's sort mode…</summary>
    public string? SortMethod { get; init; }

    /// <summary>Whether the sort, hash or aggregate had to write to disk (temporary files, tempdb, several batches).</summary>
    public bool SpilledToDisk { get; init; }

    /// <summary>Estimated average row width in bytes.</summary>
    public double? Width { get; init; }

    /// <summary>Everything else the engine said about the node, in its own words, as it came.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Details { get; init; } = [];

    public IReadOnlyList<PlanWarning> Warnings { get; init; } = [];

    public IReadOnlyList<PlanNode> Children { get; init; } = [];

    public bool HasActuals => ActualRows is not null || ActualLoops is not null || ActualTotalTimeMs is not null;

    /// <summary>Rows actually produced over all executions.</summary>
    public double? TotalActualRows => ActualRows is { } rows ? rows * (ActualLoops ?? 1) : null;

    /// <summary>Wall-clock time including the nodes below, over all executions.</summary>
    public double? InclusiveTimeMs => ActualTotalTimeMs is { } time ? time * (ActualLoops ?? 1) / Math.Max(1, ParallelProcesses) : null;

    public bool IsJoin => JoinType is not null || Operation.Contains("Join", StringComparison.OrdinalIgnoreCase)
        || Operation.Contains("Nested Loop", StringComparison.OrdinalIgnoreCase);

    public bool IsNestedLoop => Operation.Contains("Nested Loop", StringComparison.OrdinalIgnoreCase);

    /// <summary>"orders o" / "sales.orders" — what the node reads, for titles and labels.</summary>
    public string? RelationLabel
    {
        get
        {
            if (Relation is null)
            {
                return null;
            }

            var name = Schema is null ? Relation : Schema + "." + Relation;
            return Alias is not null && !string.Equals(Alias, Relation, StringComparison.Ordinal) ? name + " " + Alias : name;
        }
    }

    public string? Detail(string key) => Details.FirstOrDefault(d => d.Key == key).Value;

    public override string ToString() => RelationLabel is null ? Operation : Operation + " on " + RelationLabel;
}
