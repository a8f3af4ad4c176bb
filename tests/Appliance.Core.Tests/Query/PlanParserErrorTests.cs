using System.Text;
using Appliance.Core.Query.Plans;

namespace Appliance.Core.Tests.Query;

public sealed class PlanParserErrorTests
{
    [Theory]
    [InlineData("", "empty")]
    [InlineData("   \n", "empty")]
    [InlineData("QUERY PLAN\n----------\nSeq Scan on t", "not valid JSON")]
    [InlineData("[{\"Plan\": {\"Node Type\": \"Seq Scan\"}", "not valid JSON")]
    [InlineData("[]", "empty array")]
    [InlineData("[1]", "no \"Plan\" object")]
    [InlineData("{}", "no \"Plan\" object")]
    [InlineData("{\"Plan\": 1}", "\"Plan\" must be an object")]
    [InlineData("{\"Plan\": {}}", "no \"Node Type\"")]
    [InlineData("{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Total Cost\": \"cheap\"}}", "\"Total Cost\" must be a number, not the text \"cheap\"")]
    [InlineData("{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Plan Rows\": {}}}", "\"Plan Rows\" must be a number, not an object")]
    [InlineData("{\"Plan\": {\"Node Type\": \"Hash Join\", \"Plans\": {}}}", "\"Plans\" must be an array")]
    [InlineData("{\"Plan\": {\"Node Type\": \"Hash Join\", \"Plans\": [1]}}", "node must be an object")]
    [InlineData("{\"Plan\": {\"Node Type\": {\"x\": 1}}}", "\"Node Type\" must be text")]
    [InlineData("{\"Plan\": {\"Node Type\": \"Sort\", \"Sort Key\": [[\"a\"]]}}", "\"Sort Key\" must be text")]
    [InlineData("{\"Plan\": {\"Node Type\": \"Sort\", \"Parallel Aware\": \"maybe\"}}", "must be true or false")]
    public void Malformed_PostgreSQL_plans_are_refused_with_a_reason(string text, string reason)
    {
        var error = Assert.Throws<PlanFormatException>(() => PostgresPlanParser.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{}", "no \"query_block\"")]
    [InlineData("{\"query_block\": []}", "\"query_block\" must be an object")]
    [InlineData("{\"query_block\": {\"select_id\": 1}}", "holds no table")]
    [InlineData("{\"query_block\": {\"nested_loop\": {}}}", "\"nested_loop\" must be a non-empty array")]
    [InlineData("{\"query_block\": {\"nested_loop\": []}}", "\"nested_loop\" must be a non-empty array")]
    [InlineData("{\"query_block\": {\"nested_loop\": [{}]}}", "holds no table or join")]
    [InlineData("{\"query_block\": {\"table\": \"orders\"}}", "\"table\" must be an object")]
    [InlineData("{\"query_block\": {\"table\": {\"table_name\": \"t\", \"rows\": \"many\"}}}", "\"rows\" must be a number")]
    [InlineData("{\"query_block\": {\"table\": {\"table_name\": \"t\", \"filtered\": true}}}", "\"filtered\" must be a number")]
    [InlineData("{\"query_block\": {\"table\": {\"table_name\": \"t\", \"attached_subqueries\": [{}]}}}", "has no \"query_block\"")]
    [InlineData("{\"query_block\": {\"filesort\": {\"sort_key\": \"a\"}}}", "holds no table or join")]
    [InlineData("{\"operation\": \"Table scan on t\", \"inputs\": [7]}", "must be an object")]
    public void Malformed_MySQL_and_MariaDB_plans_are_refused_with_a_reason(string text, string reason)
    {
        var error = Assert.Throws<PlanFormatException>(() => MySqlPlanParser.Parse(text, PlanEngine.MariaDb));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("<ShowPlanXML", "not readable showplan XML")]
    [InlineData("{\"Plan\": {}}", "not readable showplan XML")]
    [InlineData("<html><body>plan</body></html>", "root element is <html>")]
    [InlineData("<ShowPlanXML xmlns=\"http://schemas.microsoft.com/sqlserver/2004/07/showplan\"/>", "no statement with a query plan")]
    [InlineData("<ShowPlanXML xmlns=\"http://schemas.microsoft.com/sqlserver/2004/07/showplan\"><QueryPlan/></ShowPlanXML>", "has no RelOp")]
    [InlineData("<ShowPlanXML><QueryPlan><RelOp NodeId=\"0\"/></QueryPlan></ShowPlanXML>", "no PhysicalOp")]
    [InlineData("<ShowPlanXML><QueryPlan><RelOp PhysicalOp=\"Sort\" EstimateRows=\"lots\"/></QueryPlan></ShowPlanXML>", "EstimateRows attribute of <RelOp> is not a number")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE ShowPlanXML [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><ShowPlanXML>&b;</ShowPlanXML>", "not readable showplan XML")]
    public void Malformed_showplan_XML_is_refused_with_a_reason(string text, string reason)
    {
        var error = Assert.Throws<PlanFormatException>(() => SqlServerPlanParser.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plans_nested_deeper_than_the_limit_are_refused_not_a_stack_overflow()
    {
        var json = new StringBuilder();
        const int Depth = 400;
        for (var i = 0; i < Depth; i++)
        {
            json.Append("{\"Node Type\": \"Limit\", \"Plans\": [");
        }

        json.Append("{\"Node Type\": \"Result\"}");
        for (var i = 0; i < Depth; i++)
        {
            json.Append("]}");
        }

        var error = Assert.Throws<PlanFormatException>(() => PostgresPlanParser.Parse("{\"Plan\": " + json + "}"));
        Assert.Contains("nests more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_just_inside_the_depth_limit_is_read()
    {
        var json = new StringBuilder();
        const int Depth = 200;
        for (var i = 0; i < Depth; i++)
        {
            json.Append("{\"Node Type\": \"Limit\", \"Plans\": [");
        }

        json.Append("{\"Node Type\": \"Result\"}");
        for (var i = 0; i < Depth; i++)
        {
            json.Append("]}");
        }

        var plan = PostgresPlanParser.Parse("{\"Plan\": " + json + "}");

        Assert.Equal(Depth + 1, plan.Nodes.Count);
    }

    /// <summary>Random damage to every real fixture: the parser returns a plan or a PlanFormatException, nothing else.</summary>
    [Theory]
    [MemberData(nameof(PlanFixtures.All), MemberType = typeof(PlanFixtures))]
    public void Damaged_fixtures_give_a_plan_or_a_PlanFormatException(string name)
    {
        var original = PlanFixtures.Read(name);
        var engine = PlanFixtures.EngineOf(name);
        // A seed from the name, not string.GetHashCode (randomized per process), so a failure reproduces.
        var random = new Random(name.Aggregate(20240611, (hash, c) => (hash * 31) + c));
        const string Noise = "{}[]\",:<>/=&;0.-e \"\\x";
        var failures = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var text = new StringBuilder(original);
            for (var edits = random.Next(1, 4); edits > 0 && text.Length > 0; edits--)
            {
                var at = random.Next(text.Length);
                switch (random.Next(4))
                {
                    case 0:
                        text.Remove(at, Math.Min(random.Next(1, 40), text.Length - at));
                        break;
                    case 1:
                        text.Insert(at, Noise[random.Next(Noise.Length)]);
                        break;
                    case 2:
                        text[at] = Noise[random.Next(Noise.Length)];
                        break;
                    default:
                        text.Length = at;
                        break;
                }
            }

            try
            {
                _ = PlanParser.Parse(engine, text.ToString());
            }
            catch (PlanFormatException)
            {
            }
            catch (Exception e)
            {
                failures.Add($"{e.GetType().Name}: {e.Message}");
            }
        }

        Assert.Empty(failures);
    }
}
