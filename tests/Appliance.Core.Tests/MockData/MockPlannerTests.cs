using Appliance.Core.MockData;
using Appliance.Core.Schema;
using Appliance.Core.Tests.Sql;
using static Appliance.Core.Tests.MockData.MockTestSchemas;

namespace Appliance.Core.Tests.MockData;

public sealed class MockPlannerTests
{
    public static TheoryData<string> SchemaNames => ["demo", "postgres", "cycle"];

    internal static DatabaseSchema SchemaNamed(string name) => name switch
    {
        "demo" => TestSchemas.Demo,
        "postgres" => TestSchemas.PostgresFixture,
        _ => Cycle(),
    };

    [Theory]
    [MemberData(nameof(SchemaNames))]
    public void Parents_come_before_children_except_through_a_deferred_or_self_reference(string name)
    {
        var plan = MockPlanner.Plan(SchemaNamed(name), new MockDataRequest { DefaultRows = 50 });

        Assert.False(plan.HasErrors, string.Join("\n", plan.Messages.Select(m => m.Text)));
        Assert.Equal(SchemaNamed(name).Tables.Count, plan.Tables.Count);
        foreach (var table in plan.Tables)
        {
            foreach (var fk in table.ForeignKeys.Where(k => !k.SelfReference && !k.Deferred))
            {
                Assert.True(fk.Parent.Ordinal < table.Ordinal, $"{fk.Display} is planned before its parent");
            }
        }
    }

    [Fact]
    public void A_cycle_is_broken_through_the_nullable_foreign_key_and_set_in_a_second_pass()
    {
        var plan = MockPlanner.Plan(Cycle(), new MockDataRequest { DefaultRows = 20 });

        var department = plan.Tables.Single(t => t.Table.Name == "department");
        var deferred = Assert.Single(plan.Tables.SelectMany(t => t.ForeignKeys), k => k.Deferred);
        Assert.Same(department, deferred.Child);
        Assert.Equal("employee", deferred.Parent.Table.Name);
        Assert.Equal(["id"], department.RowKey.Select(c => c.Name));
        Assert.Contains(plan.Messages, m => m.Severity == PlanSeverity.Info && m.Text.Contains("second pass", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cycle_of_not_null_foreign_keys_is_an_error_naming_the_tables()
    {
        var schema = Cycle();
        var department = schema.Tables[0];
        var strict = department with { Columns = [department.Columns[0], department.Columns[1], Int("head_id")] };
        schema = schema with { Tables = [strict, .. schema.Tables.Skip(1)] };

        var plan = MockPlanner.Plan(schema, new MockDataRequest());

        var error = Assert.Single(plan.Messages, m => m.Severity == PlanSeverity.Error);
        Assert.Contains("public.department", error.Text, StringComparison.Ordinal);
        Assert.Contains("public.employee", error.Text, StringComparison.Ordinal);
        Assert.Throws<MockDataException>(() => MockDataSet.Create(plan));
    }

    [Fact]
    public void Choosing_a_table_adds_the_parents_its_not_null_foreign_keys_need()
    {
        var plan = MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest { Tables = ["order_lines"] });

        var names = plan.Tables.Select(t => t.Table.Name).ToList();
        Assert.Contains("orders", names);
        Assert.Contains("products", names);
        Assert.Contains("customers", names);
        Assert.Contains("categories", names);
        // orders.sales_rep_id is nullable: employees stay out and the column is NULL.
        Assert.DoesNotContain("employees", names);
        Assert.Equal(ColumnSource.Null, plan.Find("main", "orders")!.Columns.Single(c => c.Name == "sales_rep_id").Source);
        Assert.Equal("order_lines.order_id", plan.Find("main", "orders")!.AddedFor);
        Assert.Null(plan.Find("main", "order_lines")!.AddedFor);
    }

    [Fact]
    public void Unknown_tables_and_columns_in_the_request_are_errors()
    {
        var plan = MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest
        {
            Tables = ["nope"],
            RowsPerTable = new Dictionary<string, long> { ["ghost"] = 5 },
            Columns = [new ColumnOverride { Table = "customers", Column = "shoe_size", Generator = "integer" }],
        });

        Assert.Contains(plan.Messages, m => m.Severity == PlanSeverity.Error && m.Text.Contains("nope", StringComparison.Ordinal));
        Assert.Contains(plan.Messages, m => m.Severity == PlanSeverity.Error && m.Text.Contains("ghost", StringComparison.Ordinal));
        Assert.Contains(plan.Messages, m => m.Severity == PlanSeverity.Error && m.Text.Contains("shoe_size", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_of_parent_and_number_becomes_children_per_parent_with_numbers_from_one()
    {
        var plan = MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest
        {
            RowsPerTable = new Dictionary<string, long> { ["orders"] = 40 },
            ChildCounts = [new ChildCountRule { Table = "order_lines", Columns = ["order_id"], Min = 1, Max = 5 }],
        });

        var lines = plan.Find("main", "order_lines")!;
        Assert.NotNull(lines.Nesting);
        Assert.Equal("orders", lines.Nesting!.ForeignKey.Parent.Table.Name);
        Assert.Equal("line_number", lines.Nesting.Ordinal!.Name);
        Assert.InRange(lines.Rows, 40, 200);
    }

    [Fact]
    public void A_key_made_of_foreign_keys_is_capped_at_the_number_of_parent_combinations()
    {
        var plan = MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest
        {
            DefaultRows = 10,
            RowsPerTable = new Dictionary<string, long> { ["warehouses"] = 3, ["products"] = 4, ["inventory"] = 1000 },
        });

        var inventory = plan.Find("main", "inventory")!;
        Assert.Equal(12, inventory.Rows);
        Assert.Equal(2, inventory.TupleKey.Count);
        Assert.Contains(plan.Messages, m => m.Table == "main.inventory" && m.Severity == PlanSeverity.Warning && m.Text.Contains("12", StringComparison.Ordinal));
    }

    [Fact]
    public void Columns_left_to_the_database_and_generated_columns_are_not_written()
    {
        var plan = MockPlanner.Plan(TestSchemas.PostgresFixture, new MockDataRequest
        {
            Columns = [new ColumnOverride { Table = "public.customer", Column = "created_at", Generator = "database_default" }],
        });

        var customer = plan.Find("public", "customer")!;
        Assert.Equal(ColumnSource.Omitted, customer.Columns.Single(c => c.Name == "name_upper").Source);
        Assert.Equal(ColumnSource.Omitted, customer.Columns.Single(c => c.Name == "created_at").Source);
        Assert.DoesNotContain(customer.Written, c => c.Name is "name_upper" or "created_at");
        Assert.Equal(ColumnSource.Sequence, customer.Columns.Single(c => c.Name == "id").Source);
    }

    [Fact]
    public void Leaving_a_not_null_column_without_default_to_the_database_is_an_error()
    {
        var plan = MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest
        {
            Columns = [new ColumnOverride { Table = "customers", Column = "email", Generator = "database_default" }],
        });

        Assert.Contains(plan.Messages, m => m.Severity == PlanSeverity.Error && m.Column == "email");
    }

    [Fact]
    public void Enum_and_check_lists_become_the_values_a_column_takes()
    {
        var demo = MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest());
        var status = demo.Find("main", "customers")!.Columns.Single(c => c.Name == "status");
        Assert.Equal(ColumnSource.Values, status.Source);
        Assert.Equal(["active", "suspended", "closed"], status.Values.Cast<string>());

        var fixture = MockPlanner.Plan(TestSchemas.PostgresFixture, new MockDataRequest());
        var orderStatus = fixture.Find("sales", "order")!.Columns.Single(c => c.Name == "status");
        Assert.Equal(ColumnSource.Values, orderStatus.Source);
        Assert.Contains("on hold", orderStatus.Values.Cast<string>());
    }

    [Fact]
    public void Weighted_values_and_bounds_from_an_override_are_used()
    {
        var plan = MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest
        {
            DefaultRows = 400,
            Columns =
            [
                new ColumnOverride { Table = "customers", Column = "status", Values = [new WeightedValue("active", 9), new WeightedValue("closed", 1)] },
                new ColumnOverride { Table = "order_lines", Column = "quantity", Min = "10", Max = "12" },
            ],
        });
        var data = MockDataSet.Create(plan);

        var statuses = data[plan.Find("main", "customers")!].Rows().Select(r => (string)r[Index(plan, "customers", "status")]!).ToList();
        Assert.DoesNotContain("suspended", statuses);
        Assert.InRange(statuses.Count(s => s == "active"), 320, 390);
        var quantities = data[plan.Find("main", "order_lines")!].Rows().Select(r => r[Index(plan, "order_lines", "quantity")]).ToList();
        Assert.All(quantities, q => Assert.InRange(Convert.ToInt64(q, System.Globalization.CultureInfo.InvariantCulture), 10, 12));
    }

    [Fact]
    public void Bounds_that_exclude_every_value_are_an_error_naming_the_column()
    {
        var plan = MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest
        {
            Columns = [new ColumnOverride { Table = "product_reviews", Column = "rating", Min = "7" }],
        });

        var error = Assert.Single(plan.Messages, m => m.Severity == PlanSeverity.Error);
        Assert.Equal("rating", error.Column);
    }

    internal static int Index(MockPlan plan, string table, string column) =>
        plan.Tables.Single(t => t.Table.Name == table).Written.Select((c, i) => (c, i)).Single(x => x.c.Name == column).i;
}
