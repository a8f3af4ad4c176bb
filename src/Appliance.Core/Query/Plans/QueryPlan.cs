using System.Text.Json.Serialization;

namespace Appliance.Core.Query.Plans;

/// <summary>The engine a plan came from; MySQL and MariaDB JSON plans differ in shape and meaning.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlanEngine>))]
public enum PlanEngine
{
    Postgres,
    MySql,
    MariaDb,
    SqlServer,
}

/// <summary>An index the engine itself says it would have liked (SQL Server MissingIndexGroup).</summary>
/// <param name="Impact">The engine's estimate of the cost reduction, in percent.</param>
public sealed record MissingIndexHint(
    string? Database,
    string? Schema,
    string Table,
    double? Impact,
    IReadOnlyList<string> EqualityColumns,
    IReadOnlyList<string> InequalityColumns,
    IReadOnlyList<string> IncludeColumns);

/// <summary>
/// A query plan in the engine-neutral model: a tree of <see cref="PlanNode"/>, numbered in preorder, with the
/// exclusive cost and time of each node worked out once.
/// </summary>
public sealed class QueryPlan
{
    private readonly List<PlanNode> nodes = [];
    private readonly List<int> parents = [];
    private readonly double[] exclusiveCost;
    private readonly double[] exclusiveTime;
    private readonly double totalExclusiveCost;
    private readonly double totalExclusiveTime;

    public QueryPlan(PlanEngine engine, PlanNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        Engine = engine;
        Root = root;
        Number(root);
        exclusiveCost = new double[nodes.Count];
        exclusiveTime = new double[nodes.Count];
        foreach (var node in nodes)
        {
            exclusiveCost[node.Id] = Exclusive(node, n => n.TotalCost);
            exclusiveTime[node.Id] = Exclusive(node, n => n.InclusiveTimeMs);
        }

        totalExclusiveCost = exclusiveCost.Sum();
        totalExclusiveTime = exclusiveTime.Sum();
    }

    public PlanEngine Engine { get; }

    public PlanNode Root { get; }

    /// <summary>Every node, in preorder: <c>Nodes[n.Id] == n</c>. Not serialized: <see cref="Root"/> holds the same tree.</summary>
    [JsonIgnore]
    public IReadOnlyList<PlanNode> Nodes => nodes;

    /// <summary>The statement the plan is for, when the plan carries it (SQL Server StatementText).</summary>
    public string? StatementText { get; init; }

    public double? PlanningTimeMs { get; init; }

    public double? ExecutionTimeMs { get; init; }

    /// <summary>Statement-level warnings of the engine (node-level ones are on the nodes).</summary>
    public IReadOnlyList<PlanWarning> Warnings { get; init; } = [];

    public IReadOnlyList<MissingIndexHint> MissingIndexes { get; init; } = [];

    /// <summary>Whether the plan was executed (EXPLAIN ANALYZE, ANALYZE FORMAT=JSON, an actual showplan).</summary>
    public bool HasActuals => nodes.Exists(n => n.HasActuals);

    /// <summary>Whether per-node times are known, so shares can be by time rather than by estimated cost.</summary>
    public bool HasActualTimes => totalExclusiveTime > 0;

    public PlanNode? ParentOf(PlanNode node) => parents[Check(node)] is var p and >= 0 ? nodes[p] : null;

    /// <summary>Estimated cost of the node itself: its total minus its children's totals (never negative).</summary>
    public double ExclusiveCost(PlanNode node) => exclusiveCost[Check(node)];

    /// <summary>Measured time of the node itself over all loops, in milliseconds: inclusive time minus the children's.</summary>
    public double ExclusiveTimeMs(PlanNode node) => exclusiveTime[Check(node)];

    /// <summary>
    /// The node's share of the whole plan, from 0 to 1: by measured exclusive time when the plan ran, else by
    /// estimated exclusive cost; 0 when the plan has neither.
    /// </summary>
    public double Share(PlanNode node)
    {
        var id = Check(node);
        if (HasActualTimes)
        {
            return exclusiveTime[id] / totalExclusiveTime;
        }

        return totalExclusiveCost > 0 ? exclusiveCost[id] / totalExclusiveCost : 0;
    }

    private int Check(PlanNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Id < 0 || node.Id >= nodes.Count || !ReferenceEquals(nodes[node.Id], node))
        {
            throw new ArgumentException("The node does not belong to this plan.", nameof(node));
        }

        return node.Id;
    }

    // Iterative preorder, so a deep plan cannot overflow the stack here.
    private void Number(PlanNode root)
    {
        var stack = new Stack<(PlanNode Node, int Parent)>();
        stack.Push((root, -1));
        while (stack.Count > 0)
        {
            var (node, parent) = stack.Pop();
            node.Id = nodes.Count;
            nodes.Add(node);
            parents.Add(parent);
            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                stack.Push((node.Children[i], node.Id));
            }
        }
    }

    private static double Exclusive(PlanNode node, Func<PlanNode, double?> inclusive)
    {
        if (inclusive(node) is not { } own)
        {
            return 0;
        }

        var below = node.Children.Sum(c => inclusive(c) ?? 0);
        return Math.Max(0, own - below);
    }
}
