using System.Text.Json;
using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Core.Schema.Diff;
using Appliance.Core.Tests.Sql;
using static Appliance.Core.Tests.Schema.Diff.DiffSchemas;

namespace Appliance.Core.Tests.Schema.Diff;

public sealed class SchemaDiffTests
{
    [Fact]
    public void Same_schema_gives_an_empty_difference()
    {
        var difference = SchemaDiff.Compare(Shop(), Shop());

        Assert.True(difference.IsEmpty);
        Assert.Equal("no changes", difference.Summary);
    }

    [Fact]
    public void Ingestion_time_server_version_and_row_estimates_are_ignored()
    {
        var later = Shop() with
        {
            IngestedAt = DateTimeOffset.UnixEpoch,
            ServerVersion = "17.0",
            Tables = [.. Shop().Tables.Select(t => t with { RowEstimate = 7 })],
        };

        Assert.True(SchemaDiff.Compare(Shop(), later).IsEmpty);
    }

    [Fact]
    public void Engine_spellings_of_the_same_type_are_not_changes()
    {
        var respelled = Shop().WithTable("customers", t => t
            .WithColumn("id", c => c with { DataType = "int4", BaseType = "int4" })
            .WithColumn("name", c => c with { DataType = "varchar(100)" })
            .WithColumn("created_at", c => c with { DataType = "timestamptz", Default = "now( )".Replace(" ", "", StringComparison.Ordinal) }));

        Assert.True(SchemaDiff.Compare(Shop(), respelled).IsEmpty);
    }

    [Fact]
    public void Postgres_names_differing_only_in_case_are_different_objects()
    {
        var upper = Shop().WithTable("orders", t => t with { Name = "Orders" });

        var difference = SchemaDiff.Compare(Shop(), upper);

        var change = Assert.Single(difference.Changes, c => c.Object == SchemaObjectKind.Table);
        Assert.Equal(SchemaChangeKind.Renamed, change.Change);
        Assert.Equal("orders", change.OldName);
    }

    [Fact]
    public void Case_insensitive_engines_ignore_name_case()
    {
        var upper = Shop(DatabaseEngine.MySql).WithTable("orders", t => (t with { Name = "ORDERS" }).WithColumn("total", c => c with { Name = "Total" }));

        Assert.True(SchemaDiff.Compare(Shop(DatabaseEngine.MySql), upper).IsEmpty);
    }

    [Fact]
    public void Renamed_table_with_a_changed_column_is_a_rename_not_drop_and_add()
    {
        var renamed = Shop().WithTable("customers", t => t.WithColumn("email", c => c with { DataType = "character varying(250)", MaxLength = 250 }) with
        {
            Name = "clients",
            PrimaryKey = new KeyConstraint { Name = "clients_pkey", Columns = ["id"] },
            UniqueConstraints = [new KeyConstraint { Name = "clients_email_key", Columns = ["email"] }],
        });
        // The foreign key of orders follows the renamed table, as the engine reports it.
        renamed = renamed.WithTable("orders", t => t with { ForeignKeys = [t.ForeignKeys[0] with { ReferencedTable = "clients" }] });

        var difference = SchemaDiff.Compare(Shop(), renamed);

        Assert.Equal(2, difference.Changes.Count);
        var rename = difference.Changes[0];
        Assert.Equal((SchemaObjectKind.Table, SchemaChangeKind.Renamed, "clients", "customers"), (rename.Object, rename.Change, rename.Name, rename.OldName));
        Assert.InRange(rename.Confidence!.Value, 0.55, 0.99);
        var column = difference.Changes[1];
        Assert.Equal((SchemaObjectKind.Column, SchemaChangeKind.Changed, "clients", "email"), (column.Object, column.Change, column.Parent, column.Name));
        Assert.Equal(new PropertyChange("length", "200", "250"), Assert.Single(column.Properties));
    }

    [Fact]
    public void Renamed_identical_table_has_high_confidence()
    {
        var renamed = Shop().WithTable("orders", t => t with { Name = "purchase_orders" });

        var change = Assert.Single(SchemaDiff.Compare(Shop(), renamed).Changes);

        Assert.Equal(SchemaChangeKind.Renamed, change.Change);
        Assert.True(change.Confidence >= 0.9);
    }

    [Fact]
    public void Unrelated_dropped_and_added_tables_are_not_paired()
    {
        var products = new Table
        {
            Schema = "public", Name = "products",
            Columns = [Col("id", 1, "integer"), Col("sku", 2, "text"), Col("title", 3, "text"), Col("price", 4, "numeric(10,2)")],
        };
        var changed = Shop() with { Tables = [Customers(), products] };

        var difference = SchemaDiff.Compare(Shop(), changed);

        Assert.Equal(
            [(SchemaChangeKind.Added, "products"), (SchemaChangeKind.Dropped, "orders")],
            difference.Changes.Select(c => (c.Change, c.Name)).Order());
    }

    [Fact]
    public void Renamed_column_at_the_same_position_is_a_rename_and_keys_follow_it()
    {
        var renamed = Shop().WithTable("customers", t => t.WithColumn("name", c => c with { Name = "full_name" }) with
        {
            Indexes = [t.Indexes[0] with { Columns = [new IndexColumn { Name = "full_name" }] }],
        });

        var change = Assert.Single(SchemaDiff.Compare(Shop(), renamed).Changes);

        Assert.Equal((SchemaObjectKind.Column, SchemaChangeKind.Renamed, "full_name", "name"), (change.Object, change.Change, change.Name, change.OldName));
        Assert.NotNull(change.Confidence);
    }

    [Fact]
    public void Renamed_column_with_a_similar_name_elsewhere_is_a_rename()
    {
        var renamed = Shop().WithTable("customers", t => t with
        {
            Columns = [t.Columns[0], t.Columns[1], t.Columns[3] with { Ordinal = 3 }, t.Columns[2] with { Name = "email_address", Ordinal = 4 }],
        });

        var changes = SchemaDiff.Compare(Shop(), renamed).Changes;

        var rename = Assert.Single(changes, c => c.Change == SchemaChangeKind.Renamed);
        Assert.Equal(("email_address", "email"), (rename.Name, rename.OldName));
        Assert.DoesNotContain(changes, c => c.Change is SchemaChangeKind.Added or SchemaChangeKind.Dropped);
    }

    [Fact]
    public void Column_replaced_by_one_of_another_type_is_drop_and_add()
    {
        var replaced = Shop().WithTable("orders", t => t.WithColumn("status", c => c with { Name = "shipped", DataType = "boolean" }));

        var changes = SchemaDiff.Compare(Shop(), replaced).Changes;

        Assert.Equal([SchemaChangeKind.Added, SchemaChangeKind.Dropped], changes.Select(c => c.Change).Order());
    }

    [Fact]
    public void Engine_generated_constraint_names_are_matched_by_definition()
    {
        var renamedKeys = Shop().WithTable("orders", t => t with
        {
            PrimaryKey = new KeyConstraint { Name = "PK__orders__3213E83F", Columns = ["id"] },
            ForeignKeys = [t.ForeignKeys[0] with { Name = "orders_ibfk_1" }],
        });

        Assert.True(SchemaDiff.Compare(Shop(), renamedKeys).IsEmpty);
    }

    [Fact]
    public void User_named_constraint_renamed_with_the_same_definition_is_a_rename()
    {
        var renamed = Shop().WithTable("customers", t => t with { Indexes = [t.Indexes[0] with { Name = "customers_by_name" }] });

        var change = Assert.Single(SchemaDiff.Compare(Shop(), renamed).Changes);

        Assert.Equal((SchemaObjectKind.Index, SchemaChangeKind.Renamed, "customers_by_name", "ix_customers_name"), (change.Object, change.Change, change.Name, change.OldName));
        Assert.Empty(change.Properties);
    }

    [Fact]
    public void Order_of_changes_does_not_depend_on_the_order_of_objects()
    {
        var changed = Shop() with
        {
            Tables = [.. Shop().Tables.Select(t => t with { Columns = [.. t.Columns, Col("note", 9, "text", true)] }), new Table { Schema = "public", Name = "audit", Columns = [Col("at", 1, "timestamp")] }],
            Enums = [],
        };
        var shuffled = changed with { Tables = [.. changed.Tables.Reverse()], Views = [.. changed.Views.Reverse()] };

        var first = SchemaDiff.Compare(Shop(), changed);
        var second = SchemaDiff.Compare(Shop() with { Tables = [.. Shop().Tables.Reverse()] }, shuffled);

        Assert.Equal(first.ToJson(), second.ToJson());
        Assert.Equal(["public.audit", "public.customers.note", "public.order_status", "public.orders.note"], first.Changes.Select(c => c.Path));
    }

    [Fact]
    public void Summary_counts_changes_by_kind()
    {
        var changed = Shop() with
        {
            Tables =
            [
                Customers().WithColumn("name", c => c with { IsNullable = true }).WithColumn("email", c => c with { Comment = "x" }),
                Orders() with { Indexes = [] },
                new Table { Schema = "public", Name = "audit_log", Columns = [Col("happened_at", 1, "timestamp")] },
                new Table { Schema = "public", Name = "settings", Columns = [Col("setting_key", 1, "text"), Col("setting_value", 2, "text")] },
            ],
        };

        var difference = SchemaDiff.Compare(Shop(), changed);

        Assert.Equal("+2 tables, 2 columns changed, 1 index dropped", difference.Summary);
        Assert.Equal(2, difference.Count(SchemaObjectKind.Table, SchemaChangeKind.Added));
    }

    [Fact]
    public void Text_report_lists_each_change_under_its_table()
    {
        var changed = Shop().WithTable("orders", t => t.WithColumn("customer_id", c => c with { DataType = "bigint" }) with { Name = "sales_orders" });

        var text = SchemaDiff.Compare(Shop(), changed).ToText();

        Assert.StartsWith("Schema changes: 1 table renamed, 1 column changed\n", text, StringComparison.Ordinal);
        Assert.Contains("> table public.sales_orders (renamed from public.orders, confidence ", text, StringComparison.Ordinal);
        Assert.Contains("public.sales_orders\n  ~ column customer_id\n      type: integer → bigint\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_is_camel_case_with_enums_as_strings()
    {
        var renamed = Shop().WithTable("orders", t => t with { Name = "purchase_orders" });

        using var json = JsonDocument.Parse(SchemaDiff.Compare(Shop(), renamed).ToJson());

        var root = json.RootElement;
        Assert.False(root.GetProperty("isEmpty").GetBoolean());
        Assert.Equal("1 table renamed", root.GetProperty("summary").GetString());
        var change = root.GetProperty("changes")[0];
        Assert.Equal("table", change.GetProperty("object").GetString());
        Assert.Equal("renamed", change.GetProperty("change").GetString());
        Assert.Equal("orders", change.GetProperty("oldName").GetString());
        Assert.Equal("public.purchase_orders", change.GetProperty("path").GetString());
    }

    [Fact]
    public void Fixture_schemas_compared_with_themselves_are_empty()
    {
        Assert.True(SchemaDiff.Compare(TestSchemas.Demo, TestSchemas.Demo).IsEmpty);
        Assert.True(SchemaDiff.Compare(TestSchemas.PostgresFixture, TestSchemas.PostgresFixture).IsEmpty);
        // A fresh read of the same file: no reference equality to lean on.
        Assert.True(SchemaDiff.Compare(TestSchemas.PostgresFixture, SchemaJson.Deserialize(SchemaJson.Serialize(TestSchemas.PostgresFixture))).IsEmpty);
    }

    [Fact]
    public void Modified_demo_schema_gives_the_expected_changes()
    {
        var demo = TestSchemas.Demo;
        var modified = demo with
        {
            Tables =
            [
                .. demo.Tables
                    .Where(t => t.Name != "warehouses")
                    .Select(t => t.Name switch
                    {
                        "addresses" => t with { Columns = [.. t.Columns, Col("note", t.Columns.Count + 1, "TEXT", true)] },
                        "countries" => t.WithColumn("name", c => c with { IsNullable = true }),
                        _ => t,
                    }),
            ],
        };

        var difference = SchemaDiff.Compare(demo, modified);

        Assert.Equal(
            ["column added main.addresses.note", "column changed main.countries.name", "table dropped main.warehouses"],
            difference.Changes.Select(c => $"{c.Object.ToString().ToLowerInvariant()} {c.Change.ToString().ToLowerInvariant()} {c.Path}"));
    }

    [Fact]
    public void Modified_postgres_fixture_gives_the_expected_changes()
    {
        var fixture = TestSchemas.PostgresFixture;
        var modified = fixture with
        {
            Enums = [.. fixture.Enums.Select(e => e with { Values = [.. e.Values, "lost"] })],
            Sequences = [.. fixture.Sequences.Where(s => s.Name != "invoice_no")],
            Tables = [.. fixture.Tables.Select(t => t.Name == "shipment" ? t with { Name = "shipments" } : t)],
        };

        var difference = SchemaDiff.Compare(fixture, modified);

        Assert.Equal(
            [
                (SchemaObjectKind.Enum, SchemaChangeKind.Changed, "sales.order_status"),
                (SchemaObjectKind.Sequence, SchemaChangeKind.Dropped, "sales.invoice_no"),
                (SchemaObjectKind.Table, SchemaChangeKind.Renamed, "sales.shipments"),
            ],
            difference.Changes.Select(c => (c.Object, c.Change, c.Path)).OrderBy(c => c.Object));
    }
}
