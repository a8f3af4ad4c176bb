using System.Text.Json;
using static Appliance.Core.Query.Plans.PlanJson;

namespace Appliance.Core.Query.Plans;

/// <summary>Reads PostgreSQL <c>EXPLAIN (FORMAT JSON [, ANALYZE, BUFFERS, VERBOSE])</c> output.</summary>
public static class PostgresPlanParser
{
    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal)
    {
        "Node Type", "Plans", "Relation Name", "Schema", "Alias", "Index Name", "Join Type", "Startup Cost", "Total Cost",
        "Plan Rows", "Plan Width", "Actual Startup Time", "Actual Total Time", "Actual Rows", "Actual Loops", "Filter",
        "Index Cond", "Hash Cond", "Merge Cond", "Recheck Cond", "TID Cond", "Join Filter", "Rows Removed by Filter",
        "Rows Removed by Join Filter", "Sort Key", "Sort Method", "Strategy", "Partial Mode", "Parallel Aware",
        "Scan Direction", "Operation", "CTE Name", "Function Name", "Subplan Name",
    };

    /// <exception cref="PlanFormatException">The text is not PostgreSQL JSON plan output.</exception>
    public static QueryPlan Parse(string text)
    {
        using var document = Load(text, "PostgreSQL");
        try
        {
            var top = document.RootElement;
            if (top.ValueKind == JsonValueKind.Array)
            {
                top = top.GetArrayLength() > 0 ? top[0] : throw new PlanFormatException("The PostgreSQL plan is an empty array.");
            }

            if (top.ValueKind != JsonValueKind.Object || Object(top, "Plan") is not { } plan)
            {
                throw new PlanFormatException("The PostgreSQL plan has no \"Plan\" object; expected the output of EXPLAIN (FORMAT JSON).");
            }

            return new QueryPlan(PlanEngine.Postgres, Node(plan, 0, 1))
            {
                PlanningTimeMs = Number(top, "Planning Time"),
                ExecutionTimeMs = Number(top, "Execution Time"),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException or FormatException and not PlanFormatException)
        {
            throw new PlanFormatException("The PostgreSQL plan has an unexpected shape: " + e.Message, e);
        }
    }

    /// <param name="processes">Processes running this part of the plan: below Gather, the workers and the leader.</param>
    private static PlanNode Node(JsonElement plan, int depth, int processes)
    {
        CheckDepth(depth);
        if (plan.ValueKind != JsonValueKind.Object)
        {
            throw new PlanFormatException($"A PostgreSQL plan node must be an object, not {Describe(plan)}.");
        }

        var type = String(plan, "Node Type") ?? throw new PlanFormatException("A PostgreSQL plan node has no \"Node Type\".");
        var below = processes;
        if (type is "Gather" or "Gather Merge")
        {
            below = 1 + (int)Math.Clamp(Number(plan, "Workers Launched") ?? Number(plan, "Workers Planned") ?? 0, 0, 1024);
        }

        var children = Array(plan, "Plans").Select(p => Node(p, depth + 1, below)).ToList();

        var filterRemoved = Number(plan, "Rows Removed by Filter");
        var joinRemoved = Number(plan, "Rows Removed by Join Filter");
        var sortMethod = String(plan, "Sort Method");
        var details = Leftovers(plan, Mapped, Skip);
        if (String(plan, "Subplan Name") is { } subplan)
        {
            details.Insert(0, new("Subplan Name", subplan));
        }

        var condition = String(plan, "Index Cond") ?? String(plan, "Hash Cond") ?? String(plan, "Merge Cond")
            ?? String(plan, "Recheck Cond") ?? String(plan, "TID Cond");
        var joinFilter = String(plan, "Join Filter");
        if (condition is null)
        {
            condition = joinFilter;
        }
        else if (joinFilter is not null)
        {
            details.Insert(0, new("Join Filter", joinFilter));
        }

        return new PlanNode
        {
            Operation = OperationName(plan, type),
            Access = AccessOf(type),
            Relation = String(plan, "Relation Name") ?? String(plan, "CTE Name") ?? String(plan, "Function Name"),
            Schema = String(plan, "Schema"),
            Alias = String(plan, "Alias"),
            IndexName = String(plan, "Index Name"),
            JoinType = String(plan, "Join Type"),
            StartupCost = Number(plan, "Startup Cost"),
            TotalCost = Number(plan, "Total Cost"),
            EstimatedRows = Number(plan, "Plan Rows"),
            Width = Number(plan, "Plan Width"),
            ActualStartupTimeMs = Number(plan, "Actual Startup Time"),
            ActualTotalTimeMs = Number(plan, "Actual Total Time"),
            ActualRows = Number(plan, "Actual Rows"),
            ActualLoops = Number(plan, "Actual Loops"),
            ParallelProcesses = processes,
            ActualRowsScanned = Number(plan, "Actual Rows") is { } rows && filterRemoved is { } removed ? rows + removed : null,
            Filter = String(plan, "Filter"),
            Condition = condition,
            RowsRemovedByFilter = filterRemoved is null && joinRemoved is null ? null : (filterRemoved ?? 0) + (joinRemoved ?? 0),
            SortKey = String(plan, "Sort Key"),
            SortMethod = sortMethod,
            SpilledToDisk = Spilled(plan, sortMethod),
            Details = details,
            Children = children,
        };
    }

    // Named as the text EXPLAIN format names them, which is what people know: "Parallel Seq Scan", "HashAggregate".
    private static string OperationName(JsonElement plan, string type)
    {
        var name = type;
        switch (type)
        {
            case "Aggregate":
                name = String(plan, "Strategy") switch
                {
                    "Hashed" => "HashAggregate",
                    "Sorted" => "GroupAggregate",
                    "Mixed" => "MixedAggregate",
                    _ => "Aggregate",
                };
                break;
            case "SetOp":
                name = String(plan, "Strategy") == "Hashed" ? "HashSetOp" : "SetOp";
                break;
            case "ModifyTable":
                name = String(plan, "Operation") ?? type;
                break;
        }

        if (String(plan, "Partial Mode") is { } mode && mode != "Simple")
        {
            name = mode + " " + name;
        }

        if (Bool(plan, "Parallel Aware") == true)
        {
            name = "Parallel " + name;
        }

        if (String(plan, "Scan Direction") == "Backward")
        {
            name += " Backward";
        }

        return name;
    }

    private static PlanAccess AccessOf(string type) => type switch
    {
        "Seq Scan" => PlanAccess.FullTableScan,
        "Index Scan" or "Index Only Scan" or "Bitmap Index Scan" => PlanAccess.IndexRangeScan,
        "Bitmap Heap Scan" or "Tid Scan" or "Tid Range Scan" => PlanAccess.IndexLookup,
        _ => PlanAccess.None,
    };

    private static bool Spilled(JsonElement plan, string? sortMethod)
    {
        if (sortMethod is not null && sortMethod.StartsWith("external", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (String(plan, "Sort Space Type") == "Disk")
        {
            return true;
        }

        // Hash joins and hash aggregates that outgrow work_mem split into batches written to temporary files.
        if (Number(plan, "Hash Batches") > 1 || Number(plan, "HashAgg Batches") > 1 || Number(plan, "Disk Usage") > 0)
        {
            return true;
        }

        // Incremental Sort reports its groups' sort methods and disk use separately.
        foreach (var groups in new[] { "Full-sort Groups", "Pre-sorted Groups" })
        {
            if (Object(plan, groups) is { } group
                && (Property(group, "Sort Space Disk") is not null
                    || (String(group, "Sort Methods Used")?.Contains("external", StringComparison.OrdinalIgnoreCase) ?? false)))
            {
                return true;
            }
        }

        return false;
    }

    // Noise of BUFFERS and of flags that are almost always off.
    private static bool Skip(string name, JsonElement value) =>
        value.ValueKind == JsonValueKind.False
        || (name.EndsWith(" Blocks", StringComparison.Ordinal) && value.ValueKind == JsonValueKind.Number && value.GetDouble() == 0)
        || name == "Parent Relationship" && Text(value) is "Outer" or "Inner";
}
