using Appliance.Core.Schema;
using Appliance.Core.Schema.Diff;
using Appliance.Core.Schema.Erd;
using Appliance.Core.Tests.Schema.Diff;

namespace Appliance.Core.Tests.Schema.Erd;

public sealed class ErdDiffViewTests
{
    private static ErdDiffView View(DatabaseSchema old, DatabaseSchema @new) => ErdDiffView.Build(old, @new, SchemaDiff.Compare(old, @new));

    [Fact]
    public void Same_schema_has_no_marks_and_the_same_tables()
    {
        var view = View(DiffSchemas.Shop(), DiffSchemas.Shop());

        Assert.Empty(view.Marks);
        Assert.Equal(["public.customers", "public.orders"], view.Schema.Tables.Select(t => t.QualifiedName));
    }

    [Fact]
    public void An_added_table_is_marked_added()
    {
        var added = DiffSchemas.Customers() with { Name = "suppliers", Columns = [DiffSchemas.Col("supplier_no", 1, "integer")], UniqueConstraints = [], CheckConstraints = [], Indexes = [], PrimaryKey = null };
        var @new = DiffSchemas.Shop() with { Tables = [.. DiffSchemas.Shop().Tables, added] };

        var view = View(DiffSchemas.Shop(), @new);

        Assert.Equal(ErdMark.Added, view.Marks["public.suppliers"]);
        Assert.False(view.Marks.ContainsKey("public.customers"));
    }

    [Fact]
    public void A_dropped_table_is_drawn_from_the_old_schema_with_its_foreign_keys_marked_dropped()
    {
        var @new = DiffSchemas.Shop() with { Tables = [DiffSchemas.Customers()] };

        var view = View(DiffSchemas.Shop(), @new);

        var orders = Assert.Single(view.Schema.Tables, t => t.Name == "orders");
        Assert.Equal(ErdMark.Dropped, view.Marks["public.orders"]);
        Assert.Equal(ErdMark.Dropped, view.Marks[ErdIds.Edge(orders, orders.ForeignKeys[0])]);
    }

    [Fact]
    public void Column_changes_mark_the_column_and_the_table_and_a_dropped_column_is_kept_for_the_picture()
    {
        var @new = DiffSchemas.Shop().WithTable("customers", t => t with
        {
            Columns = [.. t.Columns.Where(c => c.Name != "created_at").Select(c => c.Name == "email" ? c with { IsNullable = false } : c),
                DiffSchemas.Col("phone", 5, "text", nullable: true)],
        });

        var view = View(DiffSchemas.Shop(), @new);

        var customers = view.Schema.FindTable("public", "customers")!;
        Assert.Equal(ErdMark.Changed, view.Marks["public.customers"]);
        Assert.Equal(ErdMark.Added, view.Marks["public.customers.phone"]);
        Assert.Equal(ErdMark.Changed, view.Marks["public.customers.email"]);
        Assert.Equal(ErdMark.Dropped, view.Marks["public.customers.created_at"]);
        Assert.NotNull(customers.FindColumn("created_at"));
    }

    [Fact]
    public void A_renamed_table_is_marked_renamed_and_a_dropped_foreign_key_is_drawn_dropped()
    {
        var @new = DiffSchemas.Shop().WithTable("orders", t => t with { Name = "purchase_orders", ForeignKeys = [] });

        var view = View(DiffSchemas.Shop(), @new);

        var orders = view.Schema.FindTable("public", "purchase_orders")!;
        Assert.Equal(ErdMark.Renamed, view.Marks["public.purchase_orders"]);
        var key = Assert.Single(orders.ForeignKeys);
        Assert.Equal(ErdMark.Dropped, view.Marks[ErdIds.Edge(orders, key)]);
    }

    [Fact]
    public void An_added_foreign_key_marks_its_edge_added()
    {
        var old = DiffSchemas.Shop().WithTable("orders", t => t with { ForeignKeys = [] });

        var view = View(old, DiffSchemas.Shop());

        var orders = view.Schema.FindTable("public", "orders")!;
        Assert.Equal(ErdMark.Added, view.Marks[ErdIds.Edge(orders, orders.ForeignKeys[0])]);
        Assert.Equal(ErdMark.Changed, view.Marks["public.orders"]);
    }
}
