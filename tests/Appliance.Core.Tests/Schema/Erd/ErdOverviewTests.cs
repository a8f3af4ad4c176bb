using Appliance.Core.Schema;
using Appliance.Core.Schema.Erd;
using static Appliance.Core.Tests.Schema.Erd.ErdTestSchemas;

namespace Appliance.Core.Tests.Schema.Erd;

public sealed class ErdOverviewTests
{
    [Fact]
    public void Several_schemas_of_useful_size_group_by_schema_and_tiny_ones_go_to_other()
    {
        var schema = SchemaOf(
            [
                .. Enumerable.Range(0, 5).Select(i => TableIn("sales", $"t{i}", i > 0 ? "sales.t0" : "hr.e0")),
                .. Enumerable.Range(0, 4).Select(i => TableIn("hr", $"e{i}", i > 0 ? "hr.e0" : "sales.t0")),
                .. Enumerable.Range(0, 3).Select(i => TableIn("ops", $"o{i}", "sales.t1")),
                TableIn("misc", "lonely", "hr.e1"),
            ]);

        var overview = ErdOverview.Build(schema);

        Assert.Equal(["hr", "ops", "sales", "other"], overview.Groups.Select(g => g.Label));
        Assert.Equal(["hr.e0", "hr.e1", "hr.e2", "hr.e3"], overview.Groups[0].TableIds);
        Assert.Equal(["misc.lonely"], overview.Groups[3].TableIds);
        Assert.Equal(new Dictionary<string, int> { ["sales"] = 1 }, overview.Groups[0].LinksTo);
        Assert.Equal(new Dictionary<string, int> { ["sales"] = 3 }, overview.Groups[1].LinksTo);
        Assert.Equal(new Dictionary<string, int> { ["hr"] = 1 }, overview.Groups[2].LinksTo);
        Assert.Equal(new Dictionary<string, int> { ["hr"] = 1 }, overview.Groups[3].LinksTo);
        Assert.Equal(schema.Tables.Count, overview.Groups.Sum(g => g.TableIds.Count));
    }

    [Fact]
    public void One_schema_groups_by_name_prefix_at_underscores_and_camel_case()
    {
        var names = new[]
        {
            "billing_invoice", "billing_line", "billing_payment", "BillingRefund",
            "crm_contact", "crm_lead", "crmAccount",
            "users", "audit_log",
        };
        var schema = SchemaOf([.. names.Select(n => Table(n))]);

        var overview = ErdOverview.Build(schema);

        Assert.Equal(["billing", "crm", "other"], overview.Groups.Select(g => g.Label));
        Assert.Equal(["public.BillingRefund", "public.billing_invoice", "public.billing_line", "public.billing_payment"], overview.Groups[0].TableIds);
        Assert.Equal(["public.crmAccount", "public.crm_contact", "public.crm_lead"], overview.Groups[1].TableIds);
        Assert.Equal(["public.audit_log", "public.users"], overview.Groups[2].TableIds);
    }

    [Fact]
    public void Groups_larger_than_the_limit_are_refined_by_the_next_segment_then_cut_into_parts()
    {
        var tables = new List<Table>();
        tables.AddRange(Enumerable.Range(0, 12).Select(i => Table($"app_user_{i:D2}")));
        tables.AddRange(Enumerable.Range(0, 12).Select(i => Table($"app_order_{i:D2}")));
        tables.AddRange(Enumerable.Range(0, 25).Select(i => Table($"log_{i:D2}")));
        var overview = ErdOverview.Build(SchemaOf([.. tables]), maxGroupSize: 10);

        Assert.All(overview.Groups, g => Assert.InRange(g.TableIds.Count, 1, 10));
        Assert.Equal(tables.Count, overview.Groups.Sum(g => g.TableIds.Count));
        Assert.Equal(overview.Groups.Count, overview.Groups.Select(g => g.Id).Distinct().Count());
        var labels = overview.Groups.Select(g => g.Label).ToList();
        Assert.Equal(["app_order (1/2)", "app_order (2/2)", "app_user (1/2)", "app_user (2/2)", "log (1/3)", "log (2/3)", "log (3/3)"], labels);
    }

    [Fact]
    public void The_overview_diagram_has_a_box_per_group_and_a_line_per_linked_pair()
    {
        var schema = ErdSchemas.Generate(1000, seed: 2, schemaCount: 4);

        var overview = ErdOverview.Build(schema);

        var diagram = overview.Diagram;
        Assert.Equal(overview.Groups.Select(g => g.Id), diagram.Nodes.Select(n => n.Id));
        Assert.All(diagram.Nodes, n => Assert.True(n.IsGroup && n.Columns.Count == 0));
        Assert.All(overview.Groups, g => Assert.Equal($"{g.TableIds.Count:N0} tables", diagram.Nodes.Single(n => n.Id == g.Id).Caption));
        Assert.Equal(overview.Groups.Sum(g => g.LinksTo.Count), diagram.Edges.Count);
        foreach (var edge in diagram.Edges)
        {
            Assert.Equal(overview.Groups.Single(g => g.Id == edge.From).LinksTo[edge.To], edge.Count);
        }

        Assert.All(overview.Groups, g => Assert.True(g.TableIds.Count <= 150));
        Assert.StartsWith("s0: ", overview.Groups[0].Label, StringComparison.Ordinal);
        Assert.Equal(schema.Tables.Count, overview.Groups.Sum(g => g.TableIds.Count));
        ErdAssert.NoOverlaps(diagram.Nodes);
        ErdAssert.EndpointsOnBorders(diagram);
        // Every foreign key between groups is counted once.
        var groupOf = overview.Groups.SelectMany(g => g.TableIds.Select(t => (t, g.Id))).ToDictionary(x => x.t, x => x.Id);
        var crossing = schema.Tables.SelectMany(t => t.ForeignKeys.Select(fk => (From: groupOf[t.QualifiedName], To: groupOf[$"{fk.ReferencedSchema}.{fk.ReferencedTable}"]))).Count(x => x.From != x.To);
        Assert.Equal(crossing, overview.Groups.Sum(g => g.LinksTo.Values.Sum()));
        var svg = ErdSvg.Write(diagram);
        Assert.Contains("erd-group", svg, StringComparison.Ordinal);
        Assert.Equal(svg, ErdSvg.Write(ErdOverview.Build(ErdSchemas.Generate(1000, seed: 2, schemaCount: 4)).Diagram));
    }
}
