using static Appliance.Core.Query.Plans.PlanText;

namespace Appliance.Core.Query.Plans;

/// <summary>Points at what is expensive or suspicious in a plan: engine-neutral rules over <see cref="PlanNode"/>.</summary>
public static class PlanAnalyzer
{
    private const int FilterTextLength = 120;

    /// <summary>The findings, most severe first, then in plan order.</summary>
    public static IReadOnlyList<PlanFinding> Analyze(QueryPlan plan, PlanAnalyzerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        options ??= new PlanAnalyzerOptions();
        var findings = new List<PlanFinding>();
        if (Costliest(plan) is { } costliest)
        {
            findings.Add(costliest);
        }

        var mismatched = plan.Nodes.Select(n => Mismatch(n, options) is not null).ToArray();
        foreach (var node in plan.Nodes)
        {
            if (FullScan(node, options) is { } scan)
            {
                findings.Add(scan);
            }

            if (node.SpilledToDisk)
            {
                findings.Add(Spill(plan, node));
            }

            if (NestedLoop(node, options) is { } loop)
            {
                findings.Add(loop);
            }

            // A wrong estimate spreads to every node above it; report where it starts.
            if (mismatched[node.Id] && !node.Children.Any(c => mismatched[c.Id]))
            {
                findings.Add(EstimateMismatch(plan, node, Mismatch(node, options)!.Value));
            }

            findings.AddRange(node.Warnings.Where(w => !IsSpill(w)).Select(w => EngineWarning(node, w)));
        }

        findings.AddRange(plan.Warnings.Where(w => !IsSpill(w)).Select(w => EngineWarning(plan.Root, w)));
        findings.AddRange(plan.MissingIndexes.Select(h => MissingIndex(plan, h)));
        return findings
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.NodeId)
            .ThenBy(f => f.Kind)
            .ToList();
    }

    private static PlanFinding? Costliest(QueryPlan plan)
    {
        var best = plan.Nodes.MaxBy(plan.Share);
        if (best is not null && plan.Share(best) > 0)
        {
            var share = plan.Share(best);
            var measure = plan.HasActualTimes
                ? $"{Percent(share)} of the measured time ({Milliseconds(plan.ExclusiveTimeMs(best))} in this step alone)"
                : $"{Percent(share)} of the estimated cost";
            return new PlanFinding(
                PlanFindingKind.CostliestNode,
                PlanFindingSeverity.Info,
                best,
                $"Costliest step: {best} ({Percent(share)})",
                $"This step takes {measure}; speeding it up helps the query most, so start here.");
        }

        // No costs and no times (MariaDB EXPLAIN before 11.0): the step that reads most rows is the best guess.
        var heaviest = plan.Nodes.Where(n => n.Access != PlanAccess.None).MaxBy(n => RowsRead(n) ?? 0);
        if (heaviest is null || (RowsRead(heaviest) ?? 0) <= 0)
        {
            return null;
        }

        return new PlanFinding(
            PlanFindingKind.CostliestNode,
            PlanFindingSeverity.Info,
            heaviest,
            $"Most rows read: {heaviest} ({Rows(RowsRead(heaviest)!.Value)} rows)",
            "The plan carries no costs, so the step that reads the most rows is the likeliest to be the slowest; start here.");
    }

    /// <summary>Rows read per execution before the node's filter.</summary>
    private static double? RowsRead(PlanNode node) =>
        node.ActualRowsScanned ?? (node.ActualRows + node.RowsRemovedByFilter) ?? node.EstimatedRowsScanned ?? node.ActualRows ?? node.EstimatedRows;

    private static PlanFinding? FullScan(PlanNode node, PlanAnalyzerOptions options)
    {
        if (node.Access is not (PlanAccess.FullTableScan or PlanAccess.FullIndexScan) || node.Filter is null || node.ActualLoops == 0)
        {
            return null;
        }

        var actual = node.ActualRows is not null;
        var returned = node.ActualRows ?? node.EstimatedRows;
        var read = actual
            ? node.ActualRowsScanned ?? (node.ActualRows + node.RowsRemovedByFilter)
            : node.EstimatedRowsScanned;
        read ??= node.TableRows ?? TableRowsFromSchema(node, options);
        if (returned is not { } kept || read is not { } scanned || scanned < options.LargeTableRows || kept > options.SelectiveFraction * scanned)
        {
            return null;
        }

        var loops = node.ActualLoops ?? 1;
        var repeated = node.Access == PlanAccess.FullTableScan && loops > 1 && !IsParallelWorkerScan(node);
        var what = node.Access == PlanAccess.FullTableScan ? "Full scan" : "Full index scan";
        var table = node.RelationLabel ?? "a table";
        var totalRead = scanned * loops;
        var totalKept = kept * loops;
        var index = node.Access == PlanAccess.FullTableScan
            ? "an index on the filtered columns (equality columns first) would let the database read only the matching rows"
            : "an index that starts with the filtered columns would let the database seek instead of reading the whole index";
        return new PlanFinding(
            PlanFindingKind.FullScanUnderSelectiveFilter,
            repeated ? PlanFindingSeverity.Critical : PlanFindingSeverity.Warning,
            node,
            $"{what} of {table} keeps {Percent(scanned > 0 ? kept / scanned : 0)} of the rows",
            $"{Rows(totalRead)} rows are read{(actual ? "" : " (estimated)")} to keep {Rows(totalKept)} with the filter {Shorten(node.Filter, FilterTextLength)}"
            + (repeated ? $", and the scan runs {Rows(loops)} times" : "")
            + $"; {index}.");
    }

    // PostgreSQL counts each parallel worker's share of one scan as a loop; that is not a repeated scan.
    private static bool IsParallelWorkerScan(PlanNode node) => node.Operation.StartsWith("Parallel ", StringComparison.Ordinal);

    private static double? TableRowsFromSchema(PlanNode node, PlanAnalyzerOptions options)
    {
        if (options.Schema is not { } schema || node.Relation is null)
        {
            return null;
        }

        var matches = schema.Tables.Where(t => string.Equals(t.Name, node.Relation, StringComparison.OrdinalIgnoreCase)
            && (node.Schema is null || string.Equals(t.Schema, node.Schema, StringComparison.OrdinalIgnoreCase))).ToList();
        return matches.Count == 1 ? matches[0].RowEstimate : null;
    }

    private static PlanFinding Spill(QueryPlan plan, PlanNode node)
    {
        var what = node.Operation.Contains("Sort", StringComparison.OrdinalIgnoreCase) ? "Sort"
            : node.Operation.Contains("Agg", StringComparison.OrdinalIgnoreCase) ? "Aggregate"
            : node.Operation.Contains("Hash", StringComparison.OrdinalIgnoreCase) ? "Hash"
            : node.Operation;
        var evidence = new List<string>();
        if (node.SortMethod is { } method)
        {
            evidence.Add(method);
        }

        if (node.Detail("Sort Space Used") is { } space && node.Detail("Sort Space Type") == "Disk")
        {
            evidence.Add(space + " kB on disk");
        }

        if (node.Detail("Hash Batches") is { } batches)
        {
            evidence.Add(batches + " batches");
        }

        if (node.Detail("r_sort_passes") is { } passes)
        {
            evidence.Add(passes + " merge passes over temporary files");
        }

        evidence.AddRange(node.Warnings.Where(IsSpill).Select(w => w.Message.TrimEnd('.')));
        var advice = plan.Engine switch
        {
            PlanEngine.Postgres => "raise work_mem for this session or query, make the input smaller, or add an index that delivers rows already in order",
            PlanEngine.MySql or PlanEngine.MariaDb => "raise sort_buffer_size for the session, select fewer or narrower columns, or add an index matching the ORDER BY / GROUP BY",
            _ => "the memory grant was too small: update statistics so the estimate is right, reduce the rows or columns sorted, or add an index that delivers rows already in order",
        };
        return new PlanFinding(
            PlanFindingKind.Spill,
            PlanFindingSeverity.Warning,
            node,
            $"{what} spilled to disk",
            $"The {what.ToLowerInvariant()} did not fit in memory{(evidence.Count > 0 ? " (" + string.Join("; ", evidence) + ")" : "")} and wrote to disk, which is much slower; {advice}.");
    }

    private static PlanFinding? NestedLoop(PlanNode node, PlanAnalyzerOptions options)
    {
        if (!node.IsNestedLoop || node.Children.Count < 2 || node.ActualLoops == 0)
        {
            return null;
        }

        var outer = node.Children[0];
        var inner = node.Children[1];
        var outerRows = outer.TotalActualRows ?? outer.EstimatedRows;
        var innerRows = inner.ActualRowsScanned ?? (inner.ActualRows + inner.RowsRemovedByFilter) ?? inner.ActualRows
            ?? inner.EstimatedRowsScanned ?? inner.EstimatedRows;
        if (outerRows is not { } o || innerRows is not { } i || o * i < options.NestedLoopWork)
        {
            return null;
        }

        var work = o * i;
        var measured = outer.TotalActualRows is not null && inner.ActualRows is not null;
        return new PlanFinding(
            PlanFindingKind.NestedLoopOverLargeInputs,
            work >= 100 * options.NestedLoopWork ? PlanFindingSeverity.Critical : PlanFindingSeverity.Warning,
            node,
            $"{node.Operation} over large inputs (~{Rows(work)} row visits)",
            $"For each of the {Rows(o)} rows of the outer side the inner side{(inner.RelationLabel is { } t ? " (" + t + ")" : "")} goes through {Rows(i)} rows"
            + $"{(measured ? "" : " (estimated)")}; an index on the inner side's join columns turns each pass into a lookup, and with an equality join a hash join reads each side once.");
    }

    private static (double Estimated, double Actual, double Factor)? Mismatch(PlanNode node, PlanAnalyzerOptions options)
    {
        if (node.EstimatedRows is not { } estimated || node.ActualRows is not { } actual || node.ActualLoops == 0)
        {
            return null;
        }

        var factor = Math.Max(estimated, actual) / Math.Max(Math.Min(estimated, actual), 1);
        return factor >= options.EstimateFactor && Math.Max(estimated, actual) >= options.EstimateMinimumRows
            ? (estimated, actual, factor)
            : null;
    }

    private static PlanFinding EstimateMismatch(QueryPlan plan, PlanNode node, (double Estimated, double Actual, double Factor) mismatch)
    {
        var direction = mismatch.Actual > mismatch.Estimated ? "under" : "over";
        var advice = plan.Engine switch
        {
            PlanEngine.Postgres => "run ANALYZE on the table; when the filtered columns depend on each other, CREATE STATISTICS (dependencies, mcv) on them lets the planner see it",
            PlanEngine.MariaDb => "collect column statistics with ANALYZE TABLE … PERSISTENT FOR ALL so the optimizer knows how selective the condition is",
            PlanEngine.MySql => "run ANALYZE TABLE, and consider a histogram on the filtered columns (ANALYZE TABLE … UPDATE HISTOGRAM ON …)",
            _ => "update statistics on the table (UPDATE STATISTICS … WITH FULLSCAN) and check for conversions or functions on the filtered columns",
        };
        return new PlanFinding(
            PlanFindingKind.EstimateMismatch,
            PlanFindingSeverity.Warning,
            node,
            $"Estimated {Rows(mismatch.Estimated)} rows, got {Rows(mismatch.Actual)} (×{Number(Math.Round(mismatch.Factor))} {direction}estimate)",
            $"{node} was expected to produce {Rows(mismatch.Estimated)} rows per execution and produced {Rows(mismatch.Actual)}, so the join methods and memory chosen above it rest on a wrong number; {advice}.");
    }

    private static bool IsSpill(PlanWarning warning) =>
        warning.Code is "SpillToTempDb" or "SortSpillDetails" or "HashSpillDetails" or "ExchangeSpillDetails" or "SpillOccurred";

    private static PlanFinding EngineWarning(PlanNode node, PlanWarning warning)
    {
        var (severity, title, advice) = warning.Code switch
        {
            "NoJoinPredicate" => (PlanFindingSeverity.Critical, "Join without a join predicate",
                "Add the missing join condition, or write CROSS JOIN when the product is meant."),
            "PlanAffectingConvert" => (PlanFindingSeverity.Warning, "Implicit conversion affects the plan",
                "A column converted to another type cannot use its index; compare it with a value of its own type."),
            "ColumnsWithNoStatistics" => (PlanFindingSeverity.Warning, "Columns without statistics",
                "Create statistics on them, or turn AUTO_CREATE_STATISTICS on."),
            "MemoryGrantWarning" => (PlanFindingSeverity.Warning, "Memory grant does not fit the query",
                "Update statistics so the row estimates, and with them the grant, are right."),
            "Wait" => (PlanFindingSeverity.Warning, "The query waited",
                "Check the server's concurrent load and memory."),
            _ => (PlanFindingSeverity.Info, "Engine warning: " + warning.Code, "See the engine's documentation for this warning."),
        };
        return new PlanFinding(PlanFindingKind.EngineWarning, severity, node, title, $"{warning.Message} {advice}");
    }

    private static PlanFinding MissingIndex(QueryPlan plan, MissingIndexHint hint)
    {
        var node = plan.Nodes.FirstOrDefault(n => n.Access != PlanAccess.None && string.Equals(n.Relation, hint.Table, StringComparison.OrdinalIgnoreCase))
            ?? plan.Root;
        var keys = hint.EqualityColumns.Concat(hint.InequalityColumns).Select(Bracket);
        var table = (hint.Schema is null ? "" : Bracket(hint.Schema) + ".") + Bracket(hint.Table);
        var statement = $"CREATE INDEX … ON {table} ({string.Join(", ", keys)})"
            + (hint.IncludeColumns.Count > 0 ? $" INCLUDE ({string.Join(", ", hint.IncludeColumns.Select(Bracket))})" : "");
        var impact = hint.Impact is { } i ? $" (estimated impact {Number(Math.Round(i, 1))}%)" : "";
        return new PlanFinding(
            PlanFindingKind.MissingIndex,
            hint.Impact is >= 50 ? PlanFindingSeverity.Warning : PlanFindingSeverity.Info,
            node,
            $"SQL Server suggests an index on {hint.Table}{impact}",
            $"The optimizer would use {statement}; check it against the existing indexes (it often duplicates one) before creating it.");
    }

    private static string Bracket(string name) => "[" + name.Replace("]", "]]", StringComparison.Ordinal) + "]";
}
