using Appliance.Core.Query.Plans;

namespace Appliance.Core.Tests.Query;

public sealed class SqlServerPlanParserTests
{
    [Fact]
    public void Estimated_plan_reads_operators_objects_predicates_and_seek_keys()
    {
        var plan = PlanFixtures.Parse("sqlserver-estimated-missing-index.xml");

        Assert.Equal(PlanEngine.SqlServer, plan.Engine);
        Assert.Equal(3, plan.Nodes.Count);
        Assert.Contains("o.total > 990", plan.StatementText);
        var join = plan.Root;
        Assert.Equal(("Nested Loops", "Inner Join", "Inner Join"), (join.Operation, join.LogicalOperation, join.JoinType));
        Assert.Equal(4.21356, join.TotalCost);
        Assert.Equal(612.5, join.EstimatedRows);
        Assert.Equal("o.customer_id", join.Detail("OuterReferences"));

        var scan = join.Children[0];
        Assert.Equal("Clustered Index Scan", scan.Operation);
        Assert.Null(scan.LogicalOperation);
        Assert.Equal(PlanAccess.FullTableScan, scan.Access);
        Assert.Equal(("dbo", "orders", "o", "PK_orders"), (scan.Schema, scan.Relation, scan.Alias, scan.IndexName));
        Assert.Equal("[shop].[dbo].[orders].[status] as [o].[status]=N'refunded' AND [shop].[dbo].[orders].[total] as [o].[total]>(990.00)", scan.Filter);
        Assert.Equal(300000, scan.EstimatedRowsScanned);
        Assert.Equal(300000, scan.TableRows);
        Assert.Equal(27, scan.Width);

        var seek = join.Children[1];
        Assert.Equal(PlanAccess.IndexRangeScan, seek.Access);
        Assert.Equal("c.id = [shop].[dbo].[orders].[customer_id] as [o].[customer_id]", seek.Condition);
        Assert.False(plan.HasActuals);
    }

    [Fact]
    public void Missing_index_suggestion_keeps_equality_inequality_and_include_columns()
    {
        var plan = PlanFixtures.Parse("sqlserver-estimated-missing-index.xml");

        var hint = Assert.Single(plan.MissingIndexes);
        Assert.Equal(("shop", "dbo", "orders"), (hint.Database, hint.Schema, hint.Table));
        Assert.Equal(91.2837, hint.Impact);
        Assert.Equal(["status"], hint.EqualityColumns);
        Assert.Equal(["total"], hint.InequalityColumns);
        Assert.Equal(["customer_id"], hint.IncludeColumns);
    }

    [Fact]
    public void Actual_plan_reads_runtime_counters_and_spill_warnings()
    {
        var plan = PlanFixtures.Parse("sqlserver-actual-sort-spill.xml");

        Assert.True(plan.HasActuals);
        var sort = plan.Root;
        Assert.True(sort.SpilledToDisk);
        Assert.Equal(["SpillToTempDb", "SortSpillDetails"], sort.Warnings.Select(w => w.Code));
        Assert.Contains("3046 pages", sort.Warnings[1].Message);
        Assert.Equal("o.note, o.total DESC", sort.SortKey);
        Assert.Equal((180000, 1, 538), (sort.ActualRows!.Value, sort.ActualLoops!.Value, sort.ActualTotalTimeMs!.Value));

        var hash = Assert.Single(sort.Children);
        Assert.Equal("Hash Match", hash.Operation);
        Assert.Equal("Inner Join", hash.JoinType);
        Assert.Equal("c.id", hash.Detail("HashKeysBuild"));
        Assert.Equal("o.customer_id", hash.Detail("HashKeysProbe"));
        Assert.Contains("=[shop].[dbo].[orders].[customer_id]", hash.Condition);
        Assert.False(hash.SpilledToDisk);

        var orders = hash.Children[1];
        Assert.Equal((9000, 180000, 300000), (orders.EstimatedRows!.Value, orders.ActualRows!.Value, orders.ActualRowsScanned!.Value));
        Assert.Equal("3312", orders.Detail("ActualLogicalReads"));
        Assert.Equal(538 - 190, plan.ExclusiveTimeMs(sort), 6);
        Assert.Equal(190 - 6 - 120, plan.ExclusiveTimeMs(hash), 6);
    }

    [Fact]
    public void Every_statement_with_a_plan_is_read_and_the_first_is_the_default()
    {
        var xml = PlanFixtures.Read("sqlserver-no-join-predicate.xml");

        var plans = SqlServerPlanParser.ParseAll(xml);

        Assert.Equal(2, plans.Count);
        Assert.Equal(4, plans[0].Nodes.Count);
        Assert.Equal("Constant Scan", Assert.Single(plans[1].Nodes).Operation);
        Assert.Equal("SELECT 1 AS one;", plans[1].StatementText);
        Assert.Equal(plans[0].StatementText, SqlServerPlanParser.Parse(xml).StatementText);
    }

    [Fact]
    public void Node_and_statement_warnings_are_kept_where_the_engine_put_them()
    {
        var plan = PlanFixtures.Parse("sqlserver-no-join-predicate.xml");

        Assert.Equal("NoJoinPredicate", Assert.Single(plan.Root.Warnings).Code);
        var convert = Assert.Single(plan.Warnings);
        Assert.Equal("PlanAffectingConvert", convert.Code);
        Assert.Contains("CONVERT_IMPLICIT(nvarchar(20),[o].[code],0)=[@code]", convert.Message);
        var scan = plan.Root.Children[0];
        Assert.Equal((PlanAccess.FullIndexScan, "ix_orders_code"), (scan.Access, scan.IndexName));
        var spool = plan.Root.Children[1];
        Assert.Equal(("Table Spool", "Lazy Spool"), (spool.Operation, spool.LogicalOperation));
        Assert.Equal("customers", Assert.Single(spool.Children).Relation);
    }

    [Fact]
    public void Names_are_unbracketed_with_doubled_closing_brackets_restored()
    {
        const string Xml = """
            <ShowPlanXML xmlns="http://schemas.microsoft.com/sqlserver/2004/07/showplan" Version="1.564" Build="16.0.1000.6">
              <BatchSequence><Batch><Statements><StmtSimple StatementText="SELECT * FROM [odd]]name]">
                <QueryPlan>
                  <RelOp NodeId="0" PhysicalOp="Table Scan" LogicalOp="Table Scan" EstimateRows="10" EstimateIO="0.003" EstimateCPU="0.0001" AvgRowSize="11" EstimatedTotalSubtreeCost="0.0032" Parallel="0" EstimateRebinds="0" EstimateRewinds="0">
                    <OutputList />
                    <TableScan Ordered="false" ForcedIndex="false" ForceScan="false" NoExpandHint="false">
                      <DefinedValues />
                      <Object Database="[db]" Schema="[dbo]" Table="[odd]]name]" />
                    </TableScan>
                  </RelOp>
                </QueryPlan>
              </StmtSimple></Statements></Batch></BatchSequence>
            </ShowPlanXML>
            """;

        var scan = SqlServerPlanParser.Parse(Xml).Root;

        Assert.Equal("odd]name", scan.Relation);
        Assert.Equal(PlanAccess.FullTableScan, scan.Access);
    }
}
