using System.Globalization;
using System.Xml.Linq;
using Appliance.Core.Schema;
using Appliance.Core.Schema.Erd;
using Appliance.Core.Tests.Sql;
using static Appliance.Core.Tests.Schema.Erd.ErdTestSchemas;

namespace Appliance.Core.Tests.Schema.Erd;

public sealed class ErdSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static IEnumerable<XElement> WithClass(XContainer root, string element, string @class) =>
        root.Descendants(Svg + element).Where(e => ((string?)e.Attribute("class"))?.Split(' ').Contains(@class) == true);

    [Fact]
    public void A_standalone_file_parses_and_holds_every_table_column_and_relationship()
    {
        var diagram = ErdLayout.Compute(TestSchemas.Demo);

        var text = ErdSvg.Write(diagram, new ErdSvgOptions { Title = "demo" });
        var document = XDocument.Parse(text);

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", text, StringComparison.Ordinal);
        var root = document.Root!;
        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal("erd", (string?)root.Attribute("class"));
        Assert.Equal("18", (string?)root.Attribute("data-tables"));
        Assert.Equal(FormattableString.Invariant($"0 0 {diagram.Width} {diagram.Height}"), (string?)root.Attribute("viewBox"));
        Assert.Contains(".erd-box", root.Element(Svg + "style")!.Value, StringComparison.Ordinal);
        Assert.Equal("demo", root.Element(Svg + "title")!.Value);
        var viewport = Assert.Single(WithClass(root, "g", "erd-viewport"));
        Assert.Equal(TestSchemas.Demo.Tables.Select(t => t.Name).Order(), WithClass(viewport, "text", "erd-title").Select(t => t.Value).Order());

        var nodes = WithClass(viewport, "g", "erd-node").ToList();
        foreach (var table in TestSchemas.Demo.Tables)
        {
            var node = nodes.Single(n => (string?)n.Attribute("data-id") == table.QualifiedName);
            Assert.Equal(table.Name, (string?)node.Attribute("data-name"));
            Assert.Equal(table.Schema, (string?)node.Attribute("data-schema"));
            var laid = diagram.Nodes.Single(n => n.Id == table.QualifiedName);
            Assert.Equal(FormattableString.Invariant($"translate({laid.X} {laid.Y})"), (string?)node.Attribute("transform"));
            Assert.Equal(laid.Width, double.Parse((string)node.Attribute("data-width")!, CultureInfo.InvariantCulture));
            Assert.Single(WithClass(node, "rect", "erd-box"));
            Assert.Single(WithClass(node, "rect", "erd-head"));
            var columns = WithClass(node, "g", "erd-col").ToList();
            Assert.Equal(table.Columns.Select(c => c.Name), columns.Select(c => WithClass(c, "text", "erd-col-name").Single().Value));
            foreach (var column in table.Columns)
            {
                var row = columns.Single(c => (string?)c.Attribute("data-column") == column.Name);
                var classes = ((string)row.Attribute("class")!).Split(' ');
                Assert.Equal(table.PrimaryKey?.Columns.Contains(column.Name) ?? false, classes.Contains("pk"));
                Assert.Equal(table.ForeignKeys.Any(f => f.Columns.Contains(column.Name)), classes.Contains("fk"));
                Assert.Equal(column.IsNullable, classes.Contains("nullable"));
                Assert.Equal(column.DataType + (column.IsNullable ? "?" : ""), WithClass(row, "text", "erd-col-type").Single().Value);
            }
        }

        var edges = WithClass(viewport, "g", "erd-edge").ToList();
        Assert.Equal(diagram.Edges.Count, edges.Count);
        foreach (var edge in edges)
        {
            Assert.Single(WithClass(edge, "path", "erd-line"));
            Assert.Single(WithClass(edge, "path", "erd-end-from"));
            Assert.Single(WithClass(edge, "path", "erd-end-to"));
            Assert.Contains(" → ", edge.Element(Svg + "title")!.Value, StringComparison.Ordinal);
        }

        var ordersToCustomers = edges.Single(e => (string?)e.Attribute("data-from") == "main.orders" && (string?)e.Attribute("data-to") == "main.customers");
        Assert.Equal("orders.customer_id → customers.customer_id", ordersToCustomers.Element(Svg + "title")!.Value);
        Assert.Equal(("Many", "One"), ((string?)ordersToCustomers.Attribute("data-from-end"), (string?)ordersToCustomers.Attribute("data-to-end")));
        var salesRep = edges.Single(e => (string?)e.Attribute("data-from") == "main.orders" && (string?)e.Attribute("data-to") == "main.employees");
        Assert.Equal("ZeroOrOne", (string?)salesRep.Attribute("data-to-end"));
        var shipmentLines = edges.Single(e => (string?)e.Attribute("data-from") == "main.shipment_lines" && (string?)e.Attribute("data-to") == "main.order_lines");
        Assert.Equal("shipment_lines.(order_id, line_number) → order_lines.(order_id, line_number)", shipmentLines.Element(Svg + "title")!.Value);
    }

    [Fact]
    public void The_page_version_leaves_out_the_declaration_and_the_style()
    {
        var text = ErdSvg.Write(ErdLayout.Compute(TestSchemas.Demo), new ErdSvgOptions { Standalone = false });

        Assert.StartsWith("<svg ", text, StringComparison.Ordinal);
        var root = XDocument.Parse(text).Root!;
        Assert.Null(root.Element(Svg + "style"));
        Assert.Equal(18, WithClass(root, "g", "erd-node").Count());
    }

    [Fact]
    public void Hostile_names_are_escaped_and_the_file_still_parses()
    {
        const string table = "<script>alert('x')</script> & \"co\"";
        const string column = "a<b>&c\"d'e\u0001f";
        var hostile = new Table
        {
            Schema = "s&<>", Name = table,
            Columns = [new Column { Name = column, Ordinal = 1, DataType = "varchar(10) <x>" }, new Column { Name = "p_id", Ordinal = 2, DataType = "int" }],
            PrimaryKey = new KeyConstraint { Columns = [column] },
            ForeignKeys = [new ForeignKey { Name = "fk \"]]>", Columns = ["p_id"], ReferencedSchema = "other", ReferencedTable = "p&q", ReferencedColumns = ["id"] }],
        };
        var schema = SchemaOf(hostile, TableIn("other", "p&q"));

        var text = ErdSvg.Write(ErdLayout.Compute(schema), new ErdSvgOptions { Title = "<title>&" });
        var root = XDocument.Parse(text).Root!;

        Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
        var node = WithClass(root, "g", "erd-node").Single(n => (string?)n.Attribute("data-schema") == "s&<>");
        Assert.Equal(table, (string?)node.Attribute("data-name"));
        Assert.Equal($"s&<>.{table}", (string?)node.Attribute("data-id"));
        // Several schemas: titles are qualified (cut to the box's width).
        Assert.StartsWith("s&<>.<script>", WithClass(node, "text", "erd-title").Single().Value, StringComparison.Ordinal);
        // A control character cannot appear in XML at all; it is replaced.
        Assert.Equal("a<b>&c\"d'e\uFFFDf", (string?)WithClass(node, "g", "erd-col").First().Attribute("data-column"));
        var edge = Assert.Single(WithClass(root, "g", "erd-edge"));
        Assert.Equal($"s&<>.{table}.fk \"]]>", (string?)edge.Attribute("data-id"));
        Assert.Equal("<title>&", root.Element(Svg + "title")!.Value);
    }

    [Fact]
    public void Marks_become_classes_on_tables_columns_and_relationships()
    {
        var schema = SchemaOf(Table("customers"), Table("orders", "customers"), Table("archive"));
        var edgeId = ErdIds.Edge(schema.Tables[1], schema.Tables[1].ForeignKeys[0]);
        var marks = new Dictionary<string, ErdMark>
        {
            ["public.customers"] = ErdMark.Changed,
            ["public.customers.name"] = ErdMark.Added,
            ["public.archive"] = ErdMark.Dropped,
            ["public.orders"] = ErdMark.Renamed,
            [edgeId] = ErdMark.Added,
        };

        var root = XDocument.Parse(ErdSvg.Write(ErdLayout.Compute(schema, options: new ErdLayoutOptions { Marks = marks }))).Root!;

        string Classes(XElement e) => (string)e.Attribute("class")!;
        XElement Node(string id) => WithClass(root, "g", "erd-node").Single(n => (string?)n.Attribute("data-id") == id);
        Assert.Contains("mark-changed", Classes(Node("public.customers")), StringComparison.Ordinal);
        Assert.Contains("mark-dropped", Classes(Node("public.archive")), StringComparison.Ordinal);
        Assert.Contains("mark-renamed", Classes(Node("public.orders")), StringComparison.Ordinal);
        var name = WithClass(Node("public.customers"), "g", "erd-col").Single(c => (string?)c.Attribute("data-column") == "name");
        Assert.Contains("mark-added", Classes(name), StringComparison.Ordinal);
        Assert.Single(WithClass(name, "rect", "erd-row"));
        Assert.DoesNotContain("mark-", Classes(WithClass(Node("public.customers"), "g", "erd-col").Single(c => (string?)c.Attribute("data-column") == "id")), StringComparison.Ordinal);
        Assert.Equal("erd-edge mark-added", Classes(Assert.Single(WithClass(root, "g", "erd-edge"))));
    }

    [Fact]
    public void Views_keys_only_boxes_and_long_names_are_drawn_as_such()
    {
        var longName = new string('x', 120);
        var schema = TestSchemas.Demo with { Tables = [.. TestSchemas.Demo.Tables, Table(longName)] };
        var diagram = ErdLayout.Compute(schema, options: new ErdLayoutOptions { IncludeViews = true, KeysOnly = true });

        var root = XDocument.Parse(ErdSvg.Write(diagram)).Root!;

        var views = WithClass(root, "g", "erd-view").ToList();
        Assert.Equal(schema.Views.Count, views.Count);
        Assert.All(views, v => Assert.Contains("more", WithClass(v, "text", "erd-more").Single().Value, StringComparison.Ordinal));
        var orders = WithClass(root, "g", "erd-node").Single(n => (string?)n.Attribute("data-id") == "main.orders");
        Assert.Equal("+3 more", WithClass(orders, "text", "erd-more").Single().Value);
        var title = WithClass(root, "g", "erd-node").Single(n => (string?)n.Attribute("data-name") == longName).Descendants(Svg + "text").First().Value;
        Assert.EndsWith("…", title, StringComparison.Ordinal);
        Assert.True(title.Length < 60);
    }

    [Fact]
    public void An_empty_diagram_is_a_valid_empty_picture()
    {
        var diagram = ErdLayout.Compute(SchemaOf());

        var root = XDocument.Parse(ErdSvg.Write(diagram)).Root!;

        Assert.Equal("0", (string?)root.Attribute("data-tables"));
        Assert.Empty(WithClass(root, "g", "erd-node"));
    }
}
