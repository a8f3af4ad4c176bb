using System.Text.Json;
using System.Text.Json.Nodes;
using Appliance.Core.Connections;
using Appliance.Core.Query.Plans;
using Appliance.Core.Schema;

namespace Appliance.Core.Tests.Query;

public sealed class PlanAnalyzerTests
{
    private static IReadOnlyList<PlanFinding> Analyze(string fixture, PlanAnalyzerOptions? options = null) =>
        PlanAnalyzer.Analyze(PlanFixtures.Parse(fixture), options);

    private static IEnumerable<PlanFinding> OfKind(IEnumerable<PlanFinding> findings, PlanFindingKind kind) => findings.Where(f => f.Kind == kind);

    [Theory]
    [MemberData(nameof(PlanFixtures.All), MemberType = typeof(PlanFixtures))]
    public void Every_plan_names_one_costliest_step_and_findings_come_most_severe_first(string name)
    {
        var plan = PlanFixtures.Parse(name);
        var findings = PlanAnalyzer.Analyze(plan);

        var costliest = Assert.Single(OfKind(findings, PlanFindingKind.CostliestNode));
        Assert.Same(plan.Nodes[costliest.NodeId], costliest.Node);
        if (plan.Nodes.Any(n => plan.Share(n) > 0))
        {
            Assert.Equal(plan.Nodes.Max(plan.Share), plan.Share(costliest.Node));
        }

        Assert.Equal(findings.OrderByDescending(f => f.Severity).Select(f => f.Severity), findings.Select(f => f.Severity));
        Assert.All(findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Title) || string.IsNullOrWhiteSpace(f.Explanation)));
    }

    [Fact]
    public void Parallel_seq_scan_keeping_a_sliver_of_the_table_is_a_full_scan_finding()
    {
        var findings = Analyze("pg-seqscan-filter-analyze.json");

        var scan = Assert.Single(OfKind(findings, PlanFindingKind.FullScanUnderSelectiveFilter));
        Assert.Equal("Parallel Seq Scan", scan.Node.Operation);
        // Workers sharing one scan are not a repeated scan.
        Assert.Equal(PlanFindingSeverity.Warning, scan.Severity);
        Assert.StartsWith("Full scan of orders keeps 0.", scan.Title, StringComparison.Ordinal);
        Assert.Contains("300,000 rows are read", scan.Explanation, StringComparison.Ordinal);
        Assert.Contains("index on the filtered columns", scan.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_larger_threshold_silences_the_full_scan_finding()
    {
        var findings = Analyze("pg-seqscan-filter-analyze.json", new PlanAnalyzerOptions { LargeTableRows = 1_000_000 });

        Assert.Empty(OfKind(findings, PlanFindingKind.FullScanUnderSelectiveFilter));
    }

    [Theory]
    [InlineData("maria-fullscan-filter-analyze.json", "orders")]
    [InlineData("mysql8-analyze-v2.json", "shop.orders o")]
    [InlineData("sqlserver-estimated-missing-index.xml", "dbo.orders o")]
    public void Full_scans_under_selective_filters_are_found_on_every_engine(string fixture, string table)
    {
        var scan = Assert.Single(OfKind(Analyze(fixture), PlanFindingKind.FullScanUnderSelectiveFilter));

        Assert.Equal(table, scan.Node.RelationLabel);
    }

    [Fact]
    public void An_estimate_only_plan_without_the_table_size_needs_the_schema_row_estimate()
    {
        var scan = new PlanNode { Operation = "Seq Scan", Access = PlanAccess.FullTableScan, Relation = "events", Filter = "(kind = 'x')", EstimatedRows = 40, TotalCost = 18000 };
        var plan = new QueryPlan(PlanEngine.Postgres, scan);
        var schema = new DatabaseSchema
        {
            Engine = DatabaseEngine.Postgres,
            Tables = [new Table { Schema = "public", Name = "events", RowEstimate = 2_000_000 }],
        };

        Assert.Empty(OfKind(PlanAnalyzer.Analyze(plan), PlanFindingKind.FullScanUnderSelectiveFilter));
        var finding = Assert.Single(OfKind(PlanAnalyzer.Analyze(plan, new PlanAnalyzerOptions { Schema = schema }), PlanFindingKind.FullScanUnderSelectiveFilter));
        Assert.Contains("2,000,000 rows are read (estimated) to keep 40", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_scan_repeated_in_a_loop_is_critical()
    {
        var scan = new PlanNode { Operation = "Seq Scan", Access = PlanAccess.FullTableScan, Relation = "items", Filter = "(o.id = i.order_id)", ActualRows = 2, RowsRemovedByFilter = 49_998, ActualLoops = 500 };
        var plan = new QueryPlan(PlanEngine.Postgres, scan);

        var finding = Assert.Single(OfKind(PlanAnalyzer.Analyze(plan), PlanFindingKind.FullScanUnderSelectiveFilter));

        Assert.Equal(PlanFindingSeverity.Critical, finding.Severity);
        Assert.Contains("the scan runs 500 times", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scan_that_keeps_most_rows_is_not_a_finding()
    {
        // The orders scan of the actual SQL Server plan keeps 180,000 of 300,000 rows: an index would not help.
        var findings = Analyze("sqlserver-actual-sort-spill.xml");

        Assert.Empty(OfKind(findings, PlanFindingKind.FullScanUnderSelectiveFilter));
    }

    [Theory]
    [InlineData("pg-sort-spill-analyze.json", "work_mem", "external merge")]
    [InlineData("maria-filesort-analyze.json", "sort_buffer_size", "merge passes over temporary files")]
    [InlineData("sqlserver-actual-sort-spill.xml", "memory grant", "3046 pages to tempdb")]
    public void Sorts_that_spill_say_so_with_the_engines_evidence_and_remedy(string fixture, string remedy, string evidence)
    {
        var findings = Analyze(fixture);

        var spill = Assert.Single(OfKind(findings, PlanFindingKind.Spill));
        Assert.Equal("Sort spilled to disk", spill.Title);
        Assert.Contains(remedy, spill.Explanation, StringComparison.Ordinal);
        Assert.Contains(evidence, spill.Explanation, StringComparison.Ordinal);
        // SQL Server's spill warnings are part of this finding, not repeated as engine warnings.
        Assert.Empty(OfKind(findings, PlanFindingKind.EngineWarning));
    }

    [Theory]
    [InlineData("pg-hash-join-analyze.json")]
    [InlineData("maria-group-temporary-analyze.json")]
    [InlineData("pg-nested-loop-index.json")]
    public void Plans_that_sort_in_memory_have_no_spill_finding(string fixture)
    {
        Assert.Empty(OfKind(Analyze(fixture), PlanFindingKind.Spill));
    }

    [Theory]
    [InlineData("pg-nested-loop-large-analyze.json", "Nested Loop", PlanFindingSeverity.Warning)]
    [InlineData("maria-block-nl-join-analyze.json", "Block Nested Loop", PlanFindingSeverity.Critical)]
    [InlineData("sqlserver-no-join-predicate.xml", "Nested Loops", PlanFindingSeverity.Warning)]
    public void Nested_loops_over_large_inputs_are_found(string fixture, string operation, PlanFindingSeverity severity)
    {
        var finding = Assert.Single(OfKind(Analyze(fixture), PlanFindingKind.NestedLoopOverLargeInputs));

        Assert.Equal(operation, finding.Node.Operation);
        Assert.Equal(severity, finding.Severity);
        Assert.Contains("hash join", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_measured_nested_loop_counts_outer_rows_times_inner_rows_per_pass()
    {
        var finding = Assert.Single(OfKind(Analyze("pg-nested-loop-large-analyze.json"), PlanFindingKind.NestedLoopOverLargeInputs));

        // 4,000 rows of big_b, 3,000 materialized rows of big_a per pass.
        Assert.Contains("~12,000,000 row visits", finding.Title, StringComparison.Ordinal);
        Assert.Contains("For each of the 4,000 rows", finding.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pg-nested-loop-index.json")]
    [InlineData("maria-join-ref-analyze.json")]
    [InlineData("sqlserver-estimated-missing-index.xml")]
    public void Nested_loops_into_index_lookups_are_fine(string fixture)
    {
        Assert.Empty(OfKind(Analyze(fixture), PlanFindingKind.NestedLoopOverLargeInputs));
    }

    [Fact]
    public void A_misestimate_is_reported_where_it_starts_not_at_every_node_above()
    {
        var findings = Analyze("pg-misestimate-analyze.json");

        var mismatch = Assert.Single(OfKind(findings, PlanFindingKind.EstimateMismatch));
        Assert.Equal("Parallel Seq Scan", mismatch.Node.Operation);
        Assert.Contains("underestimate", mismatch.Title, StringComparison.Ordinal);
        Assert.Contains("CREATE STATISTICS", mismatch.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void SQL_Server_misestimate_points_at_the_scan_under_the_join_and_sort()
    {
        var mismatch = Assert.Single(OfKind(Analyze("sqlserver-actual-sort-spill.xml"), PlanFindingKind.EstimateMismatch));

        Assert.Equal("orders", mismatch.Node.Relation);
        Assert.Contains("Estimated 9,000 rows, got 180,000 (×20 underestimate)", mismatch.Title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pg-nested-loop-index.json")]
    [InlineData("maria-fullscan-filter.json")]
    [InlineData("sqlserver-estimated-missing-index.xml")]
    public void Estimate_only_plans_have_no_misestimate_findings(string fixture)
    {
        Assert.Empty(OfKind(Analyze(fixture), PlanFindingKind.EstimateMismatch));
    }

    [Fact]
    public void Small_mismatches_below_the_minimum_rows_are_noise()
    {
        var scan = new PlanNode { Operation = "Index Scan", Access = PlanAccess.IndexRangeScan, EstimatedRows = 1, ActualRows = 40, ActualLoops = 1 };

        Assert.Empty(OfKind(PlanAnalyzer.Analyze(new QueryPlan(PlanEngine.Postgres, scan)), PlanFindingKind.EstimateMismatch));
        Assert.Single(OfKind(PlanAnalyzer.Analyze(new QueryPlan(PlanEngine.Postgres, scan), new PlanAnalyzerOptions { EstimateMinimumRows = 10 }), PlanFindingKind.EstimateMismatch));
    }

    [Fact]
    public void SQL_Server_warnings_become_findings_with_their_severity()
    {
        var findings = Analyze("sqlserver-no-join-predicate.xml");

        var warnings = OfKind(findings, PlanFindingKind.EngineWarning).ToList();
        var noPredicate = Assert.Single(warnings, w => w.Title == "Join without a join predicate");
        Assert.Equal(PlanFindingSeverity.Critical, noPredicate.Severity);
        Assert.Equal(0, noPredicate.NodeId);
        var convert = Assert.Single(warnings, w => w.Title == "Implicit conversion affects the plan");
        Assert.Equal(PlanFindingSeverity.Warning, convert.Severity);
        Assert.Contains("CONVERT_IMPLICIT", convert.Explanation, StringComparison.Ordinal);
        Assert.Same(noPredicate, findings[0]);
        var scan = Assert.Single(OfKind(findings, PlanFindingKind.FullScanUnderSelectiveFilter));
        Assert.StartsWith("Full index scan of dbo.orders o", scan.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void SQL_Server_missing_index_points_at_the_scan_of_its_table()
    {
        var findings = Analyze("sqlserver-estimated-missing-index.xml");

        var missing = Assert.Single(OfKind(findings, PlanFindingKind.MissingIndex));
        Assert.Equal(PlanFindingSeverity.Warning, missing.Severity);
        Assert.Equal("Clustered Index Scan", missing.Node.Operation);
        Assert.Contains("CREATE INDEX … ON [dbo].[orders] ([status], [total]) INCLUDE ([customer_id])", missing.Explanation, StringComparison.Ordinal);
        Assert.Equal("Clustered Index Scan", Assert.Single(OfKind(findings, PlanFindingKind.CostliestNode)).Node.Operation);
    }

    [Fact]
    public void The_costliest_step_is_by_measured_time_when_the_plan_ran()
    {
        var plan = PlanFixtures.Parse("sqlserver-actual-sort-spill.xml");

        var costliest = Assert.Single(OfKind(PlanAnalyzer.Analyze(plan), PlanFindingKind.CostliestNode));

        Assert.Same(plan.Root, costliest.Node);
        Assert.Contains("of the measured time (348 ms in this step alone)", costliest.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Plans_and_findings_serialize_to_JSON_once_each_with_readable_enums()
    {
        var plan = PlanFixtures.Parse("pg-sort-spill-analyze.json");
        var findings = PlanAnalyzer.Analyze(plan);

        var json = JsonNode.Parse(JsonSerializer.Serialize(new { plan, findings }))!;

        Assert.Null(json["plan"]!["Nodes"]);
        Assert.Equal("Postgres", (string?)json["plan"]!["Engine"]);
        Assert.Equal("Seq Scan", (string?)json["plan"]!["Root"]!["Children"]![0]!["Operation"]);
        var spill = json["findings"]!.AsArray().Single(f => (string?)f!["Kind"] == "Spill")!;
        Assert.Equal(0, (int)spill["NodeId"]!);
        Assert.Null(spill["Node"]);
    }

    [Fact]
    public void Without_costs_or_times_the_step_reading_most_rows_is_the_costliest()
    {
        var plan = PlanFixtures.Parse("maria-subquery.json");

        var costliest = Assert.Single(OfKind(PlanAnalyzer.Analyze(plan), PlanFindingKind.CostliestNode));

        Assert.Equal("orders", costliest.Node.Relation);
        Assert.StartsWith("Most rows read:", costliest.Title, StringComparison.Ordinal);
    }
}
