using System.Xml.Linq;
using Appliance.Core.Schema;
using Appliance.Core.Schema.Diff;
using Appliance.Core.Schema.Erd;
using Appliance.Core.Tests.Schema.Diff;
using Appliance.Core.Tests.Sql;
using static Appliance.Core.Tests.Schema.Erd.ErdTestSchemas;

namespace Appliance.Core.Tests.Schema.Erd;

public sealed class ErdLayoutTests
{
    private static DatabaseSchema Demo => TestSchemas.Demo;

    [Fact]
    public void The_demo_schema_shows_every_table_and_foreign_key_with_boxes_apart_and_lines_from_border_to_border()
    {
        var diagram = ErdLayout.Compute(Demo);

        Assert.Equal(Demo.Tables.Select(t => t.QualifiedName).Order(), diagram.Nodes.Select(n => n.Id).Order());
        Assert.Equal(Demo.Tables.Sum(t => t.ForeignKeys.Count), diagram.Edges.Count);
        Assert.Equal(
            Demo.Tables.SelectMany(t => t.ForeignKeys.Select(fk => $"{t.QualifiedName}->{fk.ReferencedSchema}.{fk.ReferencedTable}")).Order(),
            diagram.Edges.Select(e => $"{e.From}->{e.To}").Order());
        ErdAssert.NoOverlaps(diagram.Nodes);
        ErdAssert.EndpointsOnBorders(diagram);
        ErdAssert.Orthogonal(diagram);
        ErdAssert.NoSegmentThroughBoxes(diagram);
        Assert.All(diagram.Nodes, n => Assert.True(n.X >= 0 && n.Y >= 0 && n.X + n.Width <= diagram.Width && n.Y + n.Height <= diagram.Height, n.Id));
        Assert.All(diagram.Edges.SelectMany(e => e.Points), p => Assert.True(p.X >= 0 && p.Y >= 0 && p.X <= diagram.Width && p.Y <= diagram.Height));
    }

    [Fact]
    public void Referenced_tables_are_above_the_tables_that_refer_to_them()
    {
        var diagram = ErdLayout.Compute(Demo);
        var nodes = diagram.Nodes.ToDictionary(n => n.Id);

        foreach (var edge in diagram.Edges.Where(e => e.From != e.To))
        {
            var (child, parent) = (nodes[edge.From], nodes[edge.To]);
            Assert.True(parent.Y + parent.Height < child.Y, $"{edge.To} is not above {edge.From}");
        }
    }

    [Fact]
    public void A_line_leaves_the_referencing_table_at_the_row_of_its_foreign_key_column()
    {
        var diagram = ErdLayout.Compute(Demo);
        var svg = XDocument.Parse(ErdSvg.Write(diagram));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var nodes = diagram.Nodes.ToDictionary(n => n.Id);

        foreach (var edge in diagram.Edges.Where(e => e.From != e.To))
        {
            var box = svg.Descendants(ns + "g").Single(g => (string?)g.Attribute("class") == "erd-node" && (string?)g.Attribute("data-id") == edge.From);
            var row = box.Elements(ns + "g").Single(g => (string?)g.Attribute("data-column") == edge.FromColumns[0]);
            var baseline = double.Parse((string)row.Element(ns + "text")!.Attribute("y")!, System.Globalization.CultureInfo.InvariantCulture);
            var start = edge.Points[0];
            Assert.True(Math.Abs(start.Y - (nodes[edge.From].Y + baseline)) < 10, $"{edge.Id} leaves at y {start.Y}, not at the row of {edge.FromColumns[0]}");
            Assert.True(start.X == nodes[edge.From].X || start.X == nodes[edge.From].X + nodes[edge.From].Width, $"{edge.Id} does not leave from a side");
        }
    }

    [Fact]
    public void Crossings_are_reduced_far_below_a_grid_in_name_order()
    {
        // Four parents with four children each, named so that the name order interleaves the families.
        var parents = new[] { "p_a", "p_b", "p_c", "p_d" };
        var children = Enumerable.Range(0, 16).Select(i => Table($"c_{i:D2}", parents[i % 4])).ToList();
        var grandchildren = Enumerable.Range(0, 16).Select(i => Table($"g_{i:D2}", $"c_{(i * 5) % 16:D2}", $"c_{(i * 7 + 3) % 16:D2}")).ToList();
        var schema = SchemaOf([.. parents.Select(p => Table(p)), .. children, .. grandchildren]);

        var diagram = ErdLayout.Compute(schema);
        var ours = ErdAssert.Crossings(diagram.Edges.Select(e => e.Points));

        // The same boxes in a grid in name order, straight lines between centres.
        var grid = diagram.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal)
            .Select((n, i) => (n.Id, Centre: new ErdPoint(((i % 6) * 300) + 110, ((i / 6) * 250) + 80))).ToDictionary(x => x.Id, x => x.Centre);
        var naive = ErdAssert.Crossings(diagram.Edges.Select(e => (IReadOnlyList<ErdPoint>)[grid[e.From], grid[e.To]]));

        Assert.True(naive > 60, $"the naive grid has only {naive} crossings; the test graph is too easy");
        Assert.True(ours <= naive / 5, $"{ours} crossings (a grid in name order has {naive})");
        ErdAssert.NoOverlaps(diagram.Nodes);
        ErdAssert.EndpointsOnBorders(diagram);
    }

    [Fact]
    public void Families_without_shared_children_are_drawn_without_crossings()
    {
        var parents = new[] { "p_a", "p_b", "p_c" };
        var schema = SchemaOf([.. parents.Select(p => Table(p)), .. Enumerable.Range(0, 12).Select(i => Table($"c_{i:D2}", parents[i % 3]))]);

        var diagram = ErdLayout.Compute(schema);

        Assert.Equal(0, ErdAssert.Crossings(diagram.Edges.Select(e => e.Points)));
    }

    [Fact]
    public void The_same_input_gives_the_same_diagram()
    {
        var options = new ErdLayoutOptions { IncludeViews = true };
        var first = ErdSvg.Write(ErdLayout.Compute(Demo, options: options));
        var copy = SchemaJson.Deserialize(SchemaJson.Serialize(Demo));
        var second = ErdSvg.Write(ErdLayout.Compute(copy, options: options));
        var generated = ErdSchemas.Generate(400, seed: 3);

        Assert.Equal(first, second);
        Assert.Equal(ErdSvg.Write(ErdLayout.Compute(generated)), ErdSvg.Write(ErdLayout.Compute(ErdSchemas.Generate(400, seed: 3))));
    }

    [Fact]
    public void Keys_only_shows_key_columns_and_counts_the_rest()
    {
        var full = ErdLayout.Compute(Demo);
        var keys = ErdLayout.Compute(Demo, options: new ErdLayoutOptions { KeysOnly = true });

        foreach (var table in Demo.Tables)
        {
            var node = keys.Nodes.Single(n => n.Id == table.QualifiedName);
            var keyColumns = table.Columns.Where(c => (table.PrimaryKey?.Columns.Contains(c.Name) ?? false) || table.ForeignKeys.Any(f => f.Columns.Contains(c.Name))).ToList();
            Assert.Equal(keyColumns.Select(c => c.Name), node.Columns.Select(c => c.Name));
            Assert.Equal(table.Columns.Count - keyColumns.Count, node.HiddenColumns);
            Assert.True(node.Height <= full.Nodes.Single(n => n.Id == node.Id).Height);
        }

        Assert.Equal(full.Edges.Count, keys.Edges.Count);
        Assert.Contains("+6 more", ErdSvg.Write(keys), StringComparison.Ordinal);
        ErdAssert.NoOverlaps(keys.Nodes);
        ErdAssert.EndpointsOnBorders(keys);
    }

    [Fact]
    public void Very_wide_tables_are_cut_to_a_number_of_rows_keeping_their_keys()
    {
        var wide = Table("wide", "parent") with
        {
            Columns = [.. Table("wide", "parent").Columns, .. Enumerable.Range(0, 100).Select(i => new Column { Name = $"extra_{i}", Ordinal = 10 + i, DataType = "text" })],
        };
        var diagram = ErdLayout.Compute(SchemaOf(Table("parent"), wide), options: new ErdLayoutOptions { MaxColumns = 10 });

        var node = diagram.Nodes.Single(n => n.Name == "wide");
        Assert.Equal(10, node.Columns.Count);
        Assert.Equal(93, node.HiddenColumns);
        Assert.Contains(node.Columns, c => c.Name == "parent_id");
    }

    [Fact]
    public void Pinned_tables_keep_their_saved_position_and_the_others_make_room()
    {
        var auto = ErdLayout.Compute(Demo);
        var customers = auto.Nodes.Single(n => n.Name == "customers");
        // Orders pinned exactly where the layout puts customers, products far away.
        var pinned = new Dictionary<string, ErdPoint> { ["main.orders"] = new(customers.X, customers.Y), ["main.products"] = new(5000, 40) };

        var diagram = ErdLayout.Compute(Demo, options: new ErdLayoutOptions { Pinned = pinned });

        var orders = diagram.Nodes.Single(n => n.Id == "main.orders");
        var products = diagram.Nodes.Single(n => n.Id == "main.products");
        Assert.Equal((customers.X, customers.Y, true), (orders.X, orders.Y, orders.IsPinned));
        Assert.Equal((5000.0, 40.0, true), (products.X, products.Y, products.IsPinned));
        Assert.False(diagram.Nodes.Single(n => n.Id == "main.customers").IsPinned);
        Assert.NotEqual((customers.X, customers.Y), (diagram.Nodes.Single(n => n.Id == "main.customers").X, diagram.Nodes.Single(n => n.Id == "main.customers").Y));
        ErdAssert.NoOverlaps(diagram.Nodes);
        ErdAssert.EndpointsOnBorders(diagram);
        Assert.True(diagram.Width >= products.X + products.Width);
        // Tables neither pinned nor in the way stay where the layout put them.
        var regions = auto.Nodes.Single(n => n.Name == "regions");
        Assert.Equal((regions.X, regions.Y), (diagram.Nodes.Single(n => n.Name == "regions").X, diagram.Nodes.Single(n => n.Name == "regions").Y));
    }

    [Fact]
    public void Negative_saved_positions_count_as_zero()
    {
        var diagram = ErdLayout.Compute(Demo, options: new ErdLayoutOptions { Pinned = new Dictionary<string, ErdPoint> { ["main.regions"] = new(-50, -20) } });

        var regions = diagram.Nodes.Single(n => n.Id == "main.regions");
        Assert.Equal((0.0, 0.0), (regions.X, regions.Y));
        ErdAssert.NoOverlaps(diagram.Nodes);
    }

    [Fact]
    public void Diff_marks_reach_tables_columns_and_foreign_keys()
    {
        var marks = new Dictionary<string, ErdMark>
        {
            ["main.promotions"] = ErdMark.Added,
            ["main.orders.status"] = ErdMark.Changed,
            ["main.orders.customer_id"] = ErdMark.Renamed,
            ["main.payments"] = ErdMark.Dropped,
        };
        var ordersToCustomers = ErdLayout.Compute(Demo).Edges.Single(e => e.From == "main.orders" && e.To == "main.customers").Id;
        marks[ordersToCustomers] = ErdMark.Added;

        var diagram = ErdLayout.Compute(Demo, options: new ErdLayoutOptions { Marks = marks });

        Assert.Equal(ErdMark.Added, diagram.Nodes.Single(n => n.Id == "main.promotions").Mark);
        Assert.Equal(ErdMark.Dropped, diagram.Nodes.Single(n => n.Id == "main.payments").Mark);
        Assert.Equal(ErdMark.None, diagram.Nodes.Single(n => n.Id == "main.orders").Mark);
        var orders = diagram.Nodes.Single(n => n.Id == "main.orders").Columns;
        Assert.Equal(ErdMark.Changed, orders.Single(c => c.Name == "status").Mark);
        Assert.Equal(ErdMark.Renamed, orders.Single(c => c.Name == "customer_id").Mark);
        Assert.Equal(ErdMark.None, orders.Single(c => c.Name == "order_id").Mark);
        Assert.Equal(ErdMark.Added, diagram.Edges.Single(e => e.Id == ordersToCustomers).Mark);
        Assert.Single(diagram.Edges, e => e.Mark != ErdMark.None);
    }

    [Fact]
    public void The_marks_of_a_diff_view_reach_tables_columns_and_foreign_keys_without_a_column_and_its_key_taken_for_one_another()
    {
        var old = DiffSchemas.Shop().WithTable("orders", t => t with { Columns = [.. t.Columns, DiffSchemas.Col("referrer_id", 5, "integer", nullable: true)] });
        var invoices = DiffSchemas.Customers() with { Name = "invoices", UniqueConstraints = [], CheckConstraints = [], Indexes = [] };
        // An unnamed foreign key on a column whose type changed: its id must not be the column's.
        var referrer = new ForeignKey { Columns = ["referrer_id"], ReferencedSchema = "public", ReferencedTable = "customers", ReferencedColumns = ["id"] };
        var @new = old.WithTable("orders", t => t with
        {
            Columns = [.. t.Columns.Select(c => c.Name == "referrer_id" ? c with { DataType = "bigint" } : c)],
            ForeignKeys = [.. t.ForeignKeys, referrer],
        });
        @new = @new with { Tables = [.. @new.Tables, invoices] };
        var view = ErdDiffView.Build(old, @new, SchemaDiff.Compare(old, @new));

        var diagram = ErdLayout.Compute(view.Schema, options: new ErdLayoutOptions { Marks = view.Marks });

        var orders = diagram.Nodes.Single(n => n.Id == "public.orders");
        Assert.Equal(ErdMark.Changed, orders.Mark);
        Assert.Equal(ErdMark.Changed, orders.Columns.Single(c => c.Name == "referrer_id").Mark);
        Assert.Equal(ErdMark.None, orders.Columns.Single(c => c.Name == "customer_id").Mark);
        Assert.Equal(ErdMark.Added, diagram.Edges.Single(e => e.FromColumns.SequenceEqual(["referrer_id"])).Mark);
        Assert.Equal(ErdMark.None, diagram.Edges.Single(e => e.FromColumns.SequenceEqual(["customer_id"])).Mark);
        Assert.Equal(ErdMark.Added, diagram.Nodes.Single(n => n.Id == "public.invoices").Mark);
        Assert.Equal(ErdMark.None, diagram.Nodes.Single(n => n.Id == "public.customers").Mark);
    }

    [Fact]
    public void Crows_feet_follow_nullability_and_uniqueness()
    {
        var profile = Table("profiles", "users") with { PrimaryKey = new KeyConstraint { Columns = ["users_id"] } };
        var posts = Table("posts", "users", "topics");
        posts = posts with { Columns = [.. posts.Columns.Select(c => c.Name == "topics_id" ? c with { IsNullable = true } : c)] };
        var badges = Table("badges", "users") with { UniqueConstraints = [new KeyConstraint { Columns = ["users_id"] }] };
        var diagram = ErdLayout.Compute(SchemaOf(Table("users"), Table("topics"), profile, posts, badges));

        ErdEdge Edge(string from, string to) => diagram.Edges.Single(e => e.From == $"public.{from}" && e.To == $"public.{to}");
        Assert.Equal((ErdEnd.Many, ErdEnd.One), (Edge("posts", "users").FromEnd, Edge("posts", "users").ToEnd));
        Assert.Equal((ErdEnd.Many, ErdEnd.ZeroOrOne), (Edge("posts", "topics").FromEnd, Edge("posts", "topics").ToEnd));
        Assert.Equal((ErdEnd.ZeroOrOne, ErdEnd.One), (Edge("profiles", "users").FromEnd, Edge("profiles", "users").ToEnd));
        Assert.Equal(ErdEnd.ZeroOrOne, Edge("badges", "users").FromEnd);
    }

    [Fact]
    public void Cycles_are_laid_out_and_self_references_drawn_as_loops_on_their_table()
    {
        var a = Table("a", "c");
        var b = Table("b", "a");
        var c = Table("c", "b");
        var tree = Table("tree", "tree");
        var diagram = ErdLayout.Compute(SchemaOf(a, b, c, tree, Table("lone")));

        Assert.Equal(4, diagram.Edges.Count);
        ErdAssert.NoOverlaps(diagram.Nodes);
        ErdAssert.EndpointsOnBorders(diagram);
        ErdAssert.Orthogonal(diagram);
        var loop = diagram.Edges.Single(e => e.From == "public.tree");
        var node = diagram.Nodes.Single(n => n.Id == "public.tree");
        Assert.Equal("public.tree", loop.To);
        Assert.All(loop.Points.Skip(1).SkipLast(1), p => Assert.True(p.X > node.X + node.Width, "the loop runs outside the box"));
        // Two of the three tables of the cycle are above the one that closes it.
        var nodes = diagram.Nodes.ToDictionary(n => n.Id);
        var downward = diagram.Edges.Where(e => e.From != e.To).Count(e => nodes[e.To].Y < nodes[e.From].Y);
        Assert.Equal(2, downward);
    }

    [Fact]
    public void Only_the_chosen_tables_are_drawn_and_views_when_asked()
    {
        var ids = new[] { "main.orders", "main.customers", "main.order_lines" };

        var diagram = ErdLayout.Compute(Demo, ids);
        var withViews = ErdLayout.Compute(Demo, options: new ErdLayoutOptions { IncludeViews = true });

        Assert.Equal(ids.Order(), diagram.Nodes.Select(n => n.Id).Order());
        Assert.All(diagram.Edges, e => Assert.True(ids.Contains(e.From) && ids.Contains(e.To)));
        Assert.Equal(3, diagram.Edges.Count); // orders → customers, customers → customers, order_lines → orders
        var views = withViews.Nodes.Where(n => n.IsView).ToList();
        Assert.Equal(Demo.Views.Select(v => v.QualifiedName).Order(), views.Select(v => v.Id).Order());
        Assert.All(views, v => Assert.NotEmpty(v.Columns));
        Assert.DoesNotContain(ErdLayout.Compute(Demo).Nodes, n => n.IsView);
        ErdAssert.NoOverlaps(withViews.Nodes);
    }

    [Fact]
    public void A_hub_with_hundreds_of_children_wraps_instead_of_making_one_endless_row()
    {
        var schema = SchemaOf([Table("hub"), .. Enumerable.Range(0, 300).Select(i => Table($"child_{i:D3}", "hub"))]);

        var diagram = ErdLayout.Compute(schema);

        var rowWidth = diagram.Nodes.Where(n => n.Name != "hub").Sum(n => n.Width + 40);
        Assert.True(diagram.Width < rowWidth / 4, $"{diagram.Width} px wide; one row would be {rowWidth}");
        Assert.True(diagram.Width < diagram.Height * 4, $"{diagram.Width} × {diagram.Height}");
        ErdAssert.NoOverlaps(diagram.Nodes);
        ErdAssert.EndpointsOnBorders(diagram);
        ErdAssert.NoSegmentThroughBoxes(diagram);
    }

    [Fact]
    public void Separate_groups_are_packed_largest_first_and_lone_tables_go_into_a_grid()
    {
        var big = new[] { Table("b_root"), Table("b_1", "b_root"), Table("b_2", "b_root"), Table("b_3", "b_1"), Table("b_4", "b_2") };
        var small = new[] { Table("a_root"), Table("a_1", "a_root") };
        var lone = Enumerable.Range(0, 30).Select(i => Table($"lone_{i:D2}")).ToArray();
        var diagram = ErdLayout.Compute(SchemaOf([.. small, .. lone, .. big]));

        ErdAssert.NoOverlaps(diagram.Nodes);
        var nodes = diagram.Nodes.ToDictionary(n => n.Name);
        Assert.True(nodes["b_root"].X < nodes["a_root"].X || nodes["b_root"].Y < nodes["a_root"].Y, "the larger group comes first");
        var loneNodes = diagram.Nodes.Where(n => n.Name.StartsWith("lone_", StringComparison.Ordinal)).ToList();
        var rows = loneNodes.GroupBy(n => n.Y).ToList();
        Assert.True(rows.Count >= 2 && rows.All(r => r.Count() >= 2), "lone tables form a grid of several rows");
        Assert.True(loneNodes.Min(n => n.Y) >= Math.Min(nodes["b_root"].Y, nodes["a_root"].Y));
    }

    [Fact]
    public void Five_thousand_tables_lay_out_without_overlaps()
    {
        var schema = ErdSchemas.Generate(5000, seed: 11);

        var diagram = ErdLayout.Compute(schema);

        Assert.Equal(5000, diagram.Nodes.Count);
        Assert.Equal(schema.Tables.Sum(t => t.ForeignKeys.Count), diagram.Edges.Count);
        ErdAssert.NoOverlaps(diagram.Nodes);
        ErdAssert.EndpointsOnBorders(diagram);
        ErdAssert.Orthogonal(diagram);
    }

    [Fact]
    public void No_line_passes_through_a_table_in_a_generated_schema_of_a_few_hundred_tables()
    {
        var diagram = ErdLayout.Compute(ErdSchemas.Generate(300, seed: 5, schemaCount: 2));

        ErdAssert.NoOverlaps(diagram.Nodes);
        ErdAssert.EndpointsOnBorders(diagram);
        ErdAssert.NoSegmentThroughBoxes(diagram);
    }
}
