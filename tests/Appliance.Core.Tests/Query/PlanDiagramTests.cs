using System.Globalization;
using System.Xml.Linq;
using Appliance.Core.Query.Plans;

namespace Appliance.Core.Tests.Query;

public sealed class PlanDiagramTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XDocument Draw(QueryPlan plan, IReadOnlyList<PlanFinding>? findings = null) =>
        XDocument.Parse(PlanDiagram.ToSvg(plan, findings ?? PlanAnalyzer.Analyze(plan)));

    private static List<XElement> NodeGroups(XDocument svg) =>
        svg.Descendants(Svg + "g").Where(g => ((string?)g.Attribute("class"))?.Split(' ').Contains("plan-node") == true).ToList();

    [Theory]
    [MemberData(nameof(PlanFixtures.All), MemberType = typeof(PlanFixtures))]
    public void Every_plan_draws_as_well_formed_SVG_with_a_box_and_tooltip_per_node(string name)
    {
        var plan = PlanFixtures.Parse(name);

        var svg = Draw(plan);

        Assert.Equal(Svg + "svg", svg.Root!.Name);
        var groups = NodeGroups(svg);
        Assert.Equal(plan.Nodes.Count, groups.Count);
        foreach (var node in plan.Nodes)
        {
            var group = Assert.Single(groups, g => (string?)g.Attribute("data-node-id") == node.Id.ToString(CultureInfo.InvariantCulture));
            Assert.StartsWith(node.Operation + "\n", group.Element(Svg + "title")!.Value + "\n", StringComparison.Ordinal);
        }

        Assert.Equal(plan.Nodes.Count - 1, svg.Descendants(Svg + "path").Count(p => (string?)p.Attribute("class") == "plan-edge"));
    }

    [Theory]
    [MemberData(nameof(PlanFixtures.All), MemberType = typeof(PlanFixtures))]
    public void The_SVG_uses_no_style_script_or_external_reference(string name)
    {
        var svg = Draw(PlanFixtures.Parse(name));

        var elements = svg.Descendants().ToList();
        Assert.DoesNotContain(elements, e => e.Name.LocalName is "style" or "script" or "foreignObject" or "image" or "use" or "a");
        var attributes = elements.SelectMany(e => e.Attributes()).Where(a => !a.IsNamespaceDeclaration).ToList();
        Assert.DoesNotContain(attributes, a => a.Name.LocalName == "style" || a.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(attributes, a => a.Name.LocalName == "href" || a.Value.Contains("url(", StringComparison.Ordinal));
    }

    [Fact]
    public void The_costliest_node_is_highlighted_and_only_it()
    {
        var plan = PlanFixtures.Parse("pg-sort-spill-analyze.json");
        var findings = PlanAnalyzer.Analyze(plan);
        var costliest = findings.Single(f => f.Kind == PlanFindingKind.CostliestNode);

        var svg = Draw(plan, findings);

        var highlighted = Assert.Single(NodeGroups(svg), g => ((string)g.Attribute("class")!).Contains("plan-node-costliest", StringComparison.Ordinal));
        Assert.Equal(costliest.NodeId.ToString(CultureInfo.InvariantCulture), (string?)highlighted.Attribute("data-node-id"));
        Assert.Equal("#c62828", (string?)highlighted.Element(Svg + "rect")!.Attribute("stroke"));
        // The spilled sort also carries a warning, so it shows both classes and the badge.
        Assert.Contains("plan-node-warning", (string)highlighted.Attribute("class")!, StringComparison.Ordinal);
        Assert.Single(highlighted.Elements(Svg + "circle"));
    }

    [Fact]
    public void Without_findings_nothing_is_highlighted()
    {
        var svg = Draw(PlanFixtures.Parse("pg-complex.json"), []);

        Assert.All(NodeGroups(svg), g => Assert.Equal("plan-node", (string?)g.Attribute("class")));
    }

    [Fact]
    public void Hostile_names_and_predicates_are_escaped_and_invalid_characters_dropped()
    {
        const string Table = "</text><script>alert(1)</script>";
        const string Filter = "(a < 'x' && b > \"y\") OR c = '&amp;'";
        var scan = new PlanNode
        {
            Operation = "Seq Scan\u0001\u0008",
            Access = PlanAccess.FullTableScan,
            Relation = Table,
            Alias = "\"q\"",
            Filter = Filter,
            IndexName = "ix_\ud83d\ude00_\ud800",
            EstimatedRows = 1,
            TotalCost = 5,
            Details = [new("Output", "<b>&'\"")],
        };
        var root = new PlanNode { Operation = "Limit <&>", Children = [scan], TotalCost = 6 };
        var plan = new QueryPlan(PlanEngine.Postgres, root);

        var text = PlanDiagram.ToSvg(plan, PlanAnalyzer.Analyze(plan));
        var svg = XDocument.Parse(text);

        Assert.DoesNotContain("<script", text, StringComparison.Ordinal);
        Assert.DoesNotContain(svg.Descendants(), e => e.Name.LocalName == "script");
        var tooltip = svg.Descendants(Svg + "title").Select(t => t.Value).Single(t => t.StartsWith("Seq Scan", StringComparison.Ordinal));
        Assert.Contains("Relation: " + Table + " \"q\"", tooltip, StringComparison.Ordinal);
        Assert.Contains("Filter: " + Filter, tooltip, StringComparison.Ordinal);
        Assert.Contains("Output: <b>&'\"", tooltip, StringComparison.Ordinal);
        Assert.Contains("ix_\ud83d\ude00_", tooltip, StringComparison.Ordinal);
        Assert.DoesNotContain('\u0001', tooltip);
        Assert.DoesNotContain('\ud800', tooltip.Replace("\ud83d\ude00", "", StringComparison.Ordinal));
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "Limit <&>");
    }

    [Fact]
    public void A_plan_without_costs_or_times_draws_no_share_bars_and_says_so()
    {
        var svg = Draw(PlanFixtures.Parse("maria-subquery.json"));

        Assert.DoesNotContain(svg.Descendants(Svg + "rect"), r => ((string?)r.Attribute("class"))?.StartsWith("plan-bar", StringComparison.Ordinal) == true);
        Assert.Contains("no costs or times in this plan", svg.Descendants(Svg + "text").First().Value, StringComparison.Ordinal);
    }

    [Fact]
    public void A_narrow_tree_is_still_as_wide_as_its_header()
    {
        var plan = PlanFixtures.Parse("pg-hash-join-analyze.json");

        var svg = Draw(plan);

        var width = double.Parse((string)svg.Root!.Attribute("width")!, CultureInfo.InvariantCulture);
        var header = svg.Descendants(Svg + "text").First().Value;
        Assert.True(width >= 16 + (header.Length * 12 * 0.55), $"{width}px is too narrow for \"{header}\"");
    }

    [Fact]
    public void A_single_node_plan_draws_one_box()
    {
        var plan = new QueryPlan(PlanEngine.MariaDb, new PlanNode { Operation = "No tables used" });

        var svg = Draw(plan);

        Assert.Single(NodeGroups(svg));
        Assert.Empty(svg.Descendants(Svg + "path"));
    }

    [Fact]
    public void Two_hundred_nodes_get_a_width_from_their_leaves_and_no_overlapping_boxes()
    {
        // A left-deep join of 100 tables: 199 nodes, 100 leaves, 100 levels.
        var tree = new PlanNode { Operation = "Seq Scan", Relation = "t0", EstimatedRows = 1000, TotalCost = 10 };
        for (var i = 1; i < 100; i++)
        {
            var scan = new PlanNode { Operation = "Index Scan", Relation = "t" + i, EstimatedRows = 1, TotalCost = 1 };
            tree = new PlanNode { Operation = "Nested Loop", Children = [tree, scan], EstimatedRows = 1000, TotalCost = tree.TotalCost + 2 };
        }

        var plan = new QueryPlan(PlanEngine.Postgres, tree);
        var svg = Draw(plan);

        Assert.Equal(199, plan.Nodes.Count);
        var width = double.Parse((string)svg.Root!.Attribute("width")!, CultureInfo.InvariantCulture);
        Assert.Equal((2 * 16) + (100 * (200 + 24)) - 24, width);
        var boxes = NodeGroups(svg).Select(g => g.Element(Svg + "rect")!).Select(r => (
            X: double.Parse((string)r.Attribute("x")!, CultureInfo.InvariantCulture),
            Y: double.Parse((string)r.Attribute("y")!, CultureInfo.InvariantCulture))).ToList();
        foreach (var row in boxes.GroupBy(b => b.Y))
        {
            var xs = row.Select(b => b.X).Order().ToList();
            Assert.All(xs.Zip(xs.Skip(1)), pair => Assert.True(pair.Second - pair.First >= 200, $"boxes at y={row.Key} overlap"));
        }

        Assert.All(boxes, b => Assert.InRange(b.X, 0, width - 200));
    }

    [Fact]
    public void The_share_bar_is_proportional_to_the_nodes_share()
    {
        var plan = PlanFixtures.Parse("pg-sort-spill-analyze.json");

        var svg = Draw(plan);

        foreach (var node in plan.Nodes)
        {
            var group = NodeGroups(svg).Single(g => (string?)g.Attribute("data-node-id") == node.Id.ToString(CultureInfo.InvariantCulture));
            var bar = group.Elements(Svg + "rect").Single(r => (string?)r.Attribute("class") == "plan-bar");
            var expected = Math.Max(plan.Share(node) > 0 ? 1 : 0, (200 - 56) * plan.Share(node));
            Assert.Equal(expected, double.Parse((string)bar.Attribute("width")!, CultureInfo.InvariantCulture), 0.06);
        }
    }
}
