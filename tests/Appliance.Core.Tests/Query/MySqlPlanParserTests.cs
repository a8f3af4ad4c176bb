using Appliance.Core.Query.Plans;

namespace Appliance.Core.Tests.Query;

public sealed class MySqlPlanParserTests
{
    [Theory]
    [MemberData(nameof(PlanFixtures.Prefixed), "maria-", MemberType = typeof(PlanFixtures))]
    [MemberData(nameof(PlanFixtures.Prefixed), "mysql8-", MemberType = typeof(PlanFixtures))]
    public void Every_table_of_the_plan_becomes_one_table_node(string name)
    {
        var plan = PlanFixtures.Parse(name);
        var json = PlanFixtures.Read(name);

        Assert.Equal(PlanFixtures.EngineOf(name), plan.Engine);
        var tables = System.Text.RegularExpressions.Regex.Count(json, "\"table_name\"");
        var unions = System.Text.RegularExpressions.Regex.Count(json, "\"union_result\"");
        Assert.Equal(tables - unions, plan.Nodes.Count(n => n.Relation is not null && n.Access != PlanAccess.None || n.Operation == "Table"));
    }

    [Fact]
    public void MariaDB_full_scan_estimate_has_rows_filter_and_no_actuals()
    {
        var plan = PlanFixtures.Parse("maria-fullscan-filter.json");
        var table = PlanFixtures.Json("maria-fullscan-filter.json")["query_block"]!["nested_loop"]![0]!["table"]!;
        var (rows, filtered) = ((double)table["rows"]!, (double)table["filtered"]!);

        var scan = Assert.Single(plan.Nodes);
        Assert.Equal("Full table scan (ALL)", scan.Operation);
        Assert.Equal(PlanAccess.FullTableScan, scan.Access);
        Assert.Equal("orders", scan.Relation);
        Assert.Equal("orders.`status` = 'refunded' and orders.total > 990", scan.Filter);
        Assert.Equal(rows, scan.EstimatedRowsScanned);
        Assert.Equal(rows * filtered / 100, scan.EstimatedRows!.Value, 6);
        Assert.False(plan.HasActuals);
        Assert.Null(scan.TotalCost);
    }

    [Fact]
    public void MariaDB_ANALYZE_gives_rows_read_rows_kept_loops_and_time()
    {
        var plan = PlanFixtures.Parse("maria-fullscan-filter-analyze.json");
        var table = PlanFixtures.Json("maria-fullscan-filter-analyze.json")["query_block"]!["nested_loop"]![0]!["table"]!;

        var scan = Assert.Single(plan.Nodes);
        Assert.Equal((double)table["r_rows"]!, scan.ActualRowsScanned);
        Assert.Equal((double)table["r_rows"]! * (double)table["r_filtered"]! / 100, scan.ActualRows!.Value, 6);
        Assert.Equal(1, scan.ActualLoops);
        Assert.Equal((double)table["r_table_time_ms"]! + (double)table["r_other_time_ms"]!, scan.ActualTotalTimeMs!.Value, 6);
        Assert.NotNull(plan.PlanningTimeMs);
        Assert.NotNull(plan.ExecutionTimeMs);
        Assert.Contains(scan.Details, d => d.Key == "r_engine_stats" && d.Value.StartsWith("pages_accessed ", StringComparison.Ordinal));
    }

    [Fact]
    public void MariaDB_nested_loop_list_becomes_a_join_node_over_outer_and_inner_tables()
    {
        var plan = PlanFixtures.Parse("maria-join-ref-analyze.json");

        var join = plan.Root;
        Assert.Equal("Nested Loop", join.Operation);
        Assert.Equal(["c", "o"], join.Children.Select(c => c.Relation));
        Assert.Equal(PlanAccess.IndexRangeScan, join.Children[0].Access);
        var inner = join.Children[1];
        Assert.Equal(PlanAccess.IndexLookup, inner.Access);
        Assert.Equal("orders_customer_id_idx", inner.IndexName);
        Assert.Equal("customer_id = plans.c.id", inner.Condition);
        Assert.Equal(inner.ActualRows * inner.ActualLoops, join.ActualRows);
        Assert.True(join.ActualTotalTimeMs >= join.Children.Sum(c => c.InclusiveTimeMs ?? 0) - 1e-9);
    }

    [Fact]
    public void MariaDB_join_buffer_is_a_block_nested_loop_with_its_condition()
    {
        var plan = PlanFixtures.Parse("maria-block-nl-join-analyze.json");

        Assert.Equal("Block Nested Loop", plan.Root.Operation);
        Assert.True(plan.Root.IsNestedLoop);
        Assert.Equal("t.order_id = o.total", plan.Root.Condition);
        Assert.Equal("256KiB", plan.Root.Detail("buffer_size"));
        Assert.Equal(["t", "o"], plan.Root.Children.Select(c => c.Relation));
        Assert.Equal("o.created_at < '2021-03-01'", plan.Root.Children[1].Filter);
    }

    [Fact]
    public void MariaDB_filesort_with_merge_passes_spilled_to_temporary_files()
    {
        var plan = PlanFixtures.Parse("maria-filesort-analyze.json");

        var sort = plan.Root;
        Assert.Equal("Sort (filesort)", sort.Operation);
        Assert.True(sort.SpilledToDisk);
        Assert.Equal("orders.total desc, orders.note", sort.SortKey);
        Assert.Equal("packed_sort_key,packed_addon_fields", sort.SortMethod);
        Assert.Equal(60000, sort.ActualRows);
        Assert.Equal(PlanAccess.FullTableScan, Assert.Single(sort.Children).Access);
    }

    [Theory]
    [InlineData("maria-group-temporary.json")]
    [InlineData("maria-group-temporary-analyze.json")]
    public void MariaDB_group_by_sorts_a_temporary_table_without_spilling(string name)
    {
        var plan = PlanFixtures.Parse(name);

        Assert.Equal(["Sort (filesort)", "Temporary table", "Full table scan (ALL)"], plan.Nodes.Select(n => n.Operation));
        Assert.Equal("count(0) desc", plan.Root.SortKey);
        Assert.DoesNotContain(plan.Nodes, n => n.SpilledToDisk);
    }

    [Fact]
    public void MariaDB_subqueries_and_materialized_semi_joins_hang_under_their_block()
    {
        var plan = PlanFixtures.Parse("maria-subquery.json");

        Assert.Equal("Select #1", plan.Root.Operation);
        var subquery = Assert.Single(plan.Nodes, n => n.Operation.StartsWith("Subquery #2", StringComparison.Ordinal));
        Assert.Contains("expression cache", subquery.Operation);
        Assert.Equal("o", Assert.Single(subquery.Children).Relation);
        var materialized = Assert.Single(plan.Nodes, n => n.Relation == "<subquery3>");
        Assert.Equal("orders", Assert.Single(materialized.Children).Relation);
        Assert.Equal("(subquery#2) desc", plan.Single("Sort (filesort)").SortKey);
    }

    [Fact]
    public void MySQL_costs_go_to_tables_and_the_prefix_cost_to_the_join()
    {
        var plan = PlanFixtures.Parse("mysql8-join-filesort.json");

        Assert.Equal(PlanEngine.MySql, plan.Engine);
        var sort = plan.Single("Sort (filesort)");
        var join = plan.Single("Nested Loop");
        Assert.Equal(5236.40, join.TotalCost!.Value, 6);
        Assert.Equal(458.49 + 49.85, join.Children[0].TotalCost!.Value, 6);
        Assert.Equal(4985 * 0.10, join.Children[0].EstimatedRows!.Value, 6);
        Assert.Equal(5982, join.EstimatedRows);
        Assert.Equal("(`shop`.`c`.`country` = 'NZ')", join.Children[0].Filter);
        Assert.Equal("customer_id = shop.c.id", join.Children[1].Condition);
        Assert.Same(join, Assert.Single(sort.Children, c => c.IsJoin));
        var subquery = Assert.Single(plan.Nodes, n => n.Operation == "Subquery #2");
        Assert.Equal("true", subquery.Detail("dependent"));
        Assert.Equal("true", Assert.Single(subquery.Children).Detail("using_index"));
    }

    [Fact]
    public void MySQL_hash_join_through_the_join_buffer()
    {
        var plan = PlanFixtures.Parse("mysql8-hash-join.json");

        Assert.Equal("Hash Join", plan.Root.Operation);
        Assert.False(plan.Root.IsNestedLoop);
        Assert.Equal(18022815.42, plan.Root.TotalCost!.Value, 6);
        Assert.Equal(17964300, plan.Root.EstimatedRows);
        Assert.Equal(59881 * 0.10, plan.Root.Children[1].EstimatedRows!.Value, 6);
    }

    [Fact]
    public void MySQL_format_2_folds_the_filter_into_the_scan_it_filters()
    {
        var plan = PlanFixtures.Parse("mysql8-analyze-v2.json");

        var scan = Assert.Single(plan.Nodes);
        Assert.Equal("Table scan", scan.Operation);
        Assert.Equal(PlanAccess.FullTableScan, scan.Access);
        Assert.Equal(("shop", "orders", "o"), (scan.Schema, scan.Relation, scan.Alias));
        Assert.Equal("((o.`status` = 'refunded') and (o.total > 990.00))", scan.Filter);
        Assert.Equal(59881, scan.EstimatedRowsScanned);
        Assert.Equal(598.81, scan.EstimatedRows);
        Assert.Equal(60000, scan.ActualRowsScanned);
        Assert.Equal(112, scan.ActualRows);
        Assert.Equal(31.207, scan.ActualTotalTimeMs);
        Assert.StartsWith("/* select#1 */", plan.StatementText, StringComparison.Ordinal);
        Assert.Equal("Filter: ((o.`status` = 'refunded') and (o.total > 990.00))", scan.Detail("operation"));
    }
}
