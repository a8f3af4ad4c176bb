using System.Globalization;
using System.Text;
using Appliance.Core.Connections;
using Appliance.Core.MockData;
using Appliance.Core.MockData.Output;
using Appliance.Core.Schema;
using Appliance.Core.Tests.Sql;
using static Appliance.Core.Tests.MockData.MockTestSchemas;

namespace Appliance.Core.Tests.MockData;

public sealed class MockDataSetTests
{
    [Theory]
    [MemberData(nameof(MockPlannerTests.SchemaNames), MemberType = typeof(MockPlannerTests))]
    public void Generated_data_satisfies_every_key_foreign_key_not_null_and_check(string name)
    {
        foreach (var seed in new ulong[] { 1, 2, 3 })
        {
            var plan = MockPlanner.Plan(MockPlannerTests.SchemaNamed(name), new MockDataRequest { Seed = seed, DefaultRows = 150 });
            var data = MockDataSet.Create(plan);

            Assert.Empty(Violations(data));
            Assert.All(data.Tables, t => Assert.Equal(t.RowCount, t.Rows().LongCount()));
        }
    }

    [Fact]
    public void Edge_case_data_still_satisfies_every_constraint()
    {
        foreach (var schema in new[] { TestSchemas.Demo, TestSchemas.PostgresFixture, Cycle() })
        {
            var data = MockDataSet.Create(MockPlanner.Plan(schema, new MockDataRequest { EdgeCases = true, DefaultRows = 60 }));
            Assert.Empty(Violations(data));
        }
    }

    [Fact]
    public void Edge_case_data_has_a_row_with_null_in_every_nullable_column()
    {
        var plan = MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest { EdgeCases = true, DefaultRows = 20 });
        var customers = MockDataSet.Create(plan)[plan.Find("main", "customers")!];
        var nullable = customers.Columns.Select((c, i) => (c, i)).Where(x => x.c.Nullable && !x.c.Stable).Select(x => x.i).ToList();

        Assert.NotEmpty(nullable);
        Assert.Contains(customers.Rows(), row => nullable.All(i => row[i] is null));
    }

    [Fact]
    public void The_same_seed_gives_the_same_bytes_and_another_seed_other_bytes()
    {
        static string Csv(ulong seed)
        {
            var data = MockDataSet.Create(MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest { Seed = seed, DefaultRows = 200 }));
            var text = new StringWriter();
            foreach (var table in data.Tables)
            {
                MockCsvWriter.Write(table, text);
            }

            return text.ToString();
        }

        var first = Csv(42);
        Assert.Equal(first, Csv(42));
        Assert.NotEqual(first, Csv(43));
    }

    [Fact]
    public void Changing_one_column_leaves_the_other_columns_as_they_were()
    {
        var before = MockDataSet.Create(MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest { DefaultRows = 50 }));
        var plan = MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest
        {
            DefaultRows = 50,
            Columns = [new ColumnOverride { Table = "customers", Column = "phone", Generator = "null" }],
        });
        var after = MockDataSet.Create(plan);
        var table = plan.Find("main", "customers")!;
        var email = MockPlannerTests.Index(plan, "customers", "email");

        var emailsBefore = before[before.Plan.Find("main", "customers")!].Rows().Select(r => r[email]).ToList();
        var emailsAfter = after[table].Rows().Select(r => r[email]).ToList();
        Assert.Equal(emailsBefore, emailsAfter);
    }

    [Fact]
    public void A_row_fetched_by_number_equals_the_row_at_that_position_in_the_stream()
    {
        var plan = MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest { DefaultRows = 60, ChildCounts = [new ChildCountRule { Table = "order_lines", Columns = ["order_id"], Min = 0, Max = 4 }] });
        var data = MockDataSet.Create(plan);
        foreach (var table in data.Tables)
        {
            var streamed = table.Rows().Select(r => r.ToArray()).ToList();
            foreach (var index in new long[] { 0, table.RowCount / 2, table.RowCount - 1 }.Where(i => i >= 0))
            {
                Assert.Equal(streamed[(int)index], table.Row(index));
            }
        }
    }

    [Fact]
    public void Child_counts_per_parent_stay_within_the_rule_and_lines_are_numbered_from_one()
    {
        var plan = MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest
        {
            RowsPerTable = new Dictionary<string, long> { ["orders"] = 300 },
            ChildCounts = [new ChildCountRule { Table = "order_lines", Columns = ["order_id"], Min = 1, Max = 5 }],
        });
        var rows = Materialize(MockDataSet.Create(plan))["main.order_lines"];

        var perOrder = rows.GroupBy(r => r["order_id"]).ToList();
        Assert.Equal(300, perOrder.Count);
        Assert.All(perOrder, g => Assert.InRange(g.Count(), 1, 5));
        Assert.All(perOrder, g => Assert.Equal(Enumerable.Range(1, g.Count()).Select(i => (long)i), g.Select(r => Convert.ToInt64(r["line_number"], CultureInfo.InvariantCulture))));
        Assert.True(perOrder.Select(g => g.Count()).Distinct().Count() >= 4, "child counts should vary");
    }

    [Fact]
    public void A_self_reference_forms_a_tree_rooted_in_the_first_row()
    {
        var plan = MockPlanner.Plan(Cycle(), new MockDataRequest { DefaultRows = 500, NullRate = 0 });
        var employees = Materialize(MockDataSet.Create(plan))["public.employee"];
        var managerOf = employees.ToDictionary(r => (long)r["id"]!, r => r["manager_id"] as long?);

        Assert.Null(managerOf[1]);
        foreach (var (id, manager) in managerOf)
        {
            // Every chain of managers ends at the root without revisiting anyone.
            var seen = new HashSet<long> { id };
            for (var current = manager; current is not null; current = managerOf[current.Value])
            {
                Assert.True(seen.Add(current.Value), $"employee {id} is in a management loop");
            }
        }

        Assert.True(managerOf.Values.Where(m => m is not null).Distinct().Count() > 50, "a tree, not a star");
    }

    [Fact]
    public void Skewed_foreign_keys_give_a_few_parents_most_children()
    {
        var plan = MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest
        {
            DefaultRows = 50,
            RowsPerTable = new Dictionary<string, long> { ["customers"] = 1000, ["payments"] = 5000, ["orders"] = 1000 },
            ForeignKeyDistribution = ValueDistribution.Skewed,
        });
        var orders = Materialize(MockDataSet.Create(plan))["main.orders"];
        var perCustomer = orders.GroupBy(r => r["customer_id"]).Select(g => g.Count()).OrderByDescending(c => c).ToList();

        Assert.True(perCustomer.Take(100).Sum() > orders.Count / 2, "the busiest 10% of customers should place most orders");
    }

    [Fact]
    public void Nullable_columns_get_nulls_at_about_the_requested_rate()
    {
        var plan = MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest { DefaultRows = 20, RowsPerTable = new Dictionary<string, long> { ["customers"] = 4000 }, NullRate = 0.25 });
        var customers = Materialize(MockDataSet.Create(plan))["main.customers"];
        var nulls = customers.Count(r => r["phone"] is null);

        Assert.InRange(nulls, 800, 1200);
    }

    [Fact]
    public void A_unique_two_letter_code_caps_the_table_at_the_codes_that_exist()
    {
        var plan = MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest { DefaultRows = 10, RowsPerTable = new Dictionary<string, long> { ["countries"] = 5000 } });

        var countries = plan.Find("main", "countries")!;
        Assert.Equal(676, countries.Rows);
        Assert.Contains(plan.Messages, m => m.Table == "main.countries" && m.Column == "country_code" && m.Severity == PlanSeverity.Warning);
        Assert.Empty(Violations(MockDataSet.Create(plan)));
    }

    [Fact]
    public void A_check_no_value_satisfies_is_reported_naming_the_constraint()
    {
        var table = new Table
        {
            Schema = "public", Name = "gadget",
            Columns = [Int("id"), Int("size")],
            PrimaryKey = new KeyConstraint { Columns = ["id"] },
            CheckConstraints = [new CheckConstraint { Name = "gadget_size_odd_check", Expression = "((size % 2) = 1 AND (size % 2) = 0)" }],
        };
        var schema = new DatabaseSchema { Engine = DatabaseEngine.Postgres, Tables = [table] };
        var plan = MockPlanner.Plan(schema, new MockDataRequest { DefaultRows = 5 });

        var error = plan.HasErrors
            ? string.Join(" ", plan.Messages.Select(m => m.Text))
            : Assert.Throws<MockDataException>(() => MockDataSet.Create(plan).Probe()).Message;
        Assert.Contains("gadget_size_odd_check", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_contradictory_check_is_a_plan_error_naming_the_constraint()
    {
        var table = new Table
        {
            Schema = "public", Name = "gadget",
            Columns = [Int("id"), Int("size")],
            PrimaryKey = new KeyConstraint { Columns = ["id"] },
            CheckConstraints = [new CheckConstraint { Name = "gadget_size_check", Expression = "((size > 10) AND (size < 5))" }],
        };
        var plan = MockPlanner.Plan(new DatabaseSchema { Engine = DatabaseEngine.Postgres, Tables = [table] }, new MockDataRequest());

        Assert.Contains(plan.Messages, m => m.Severity == PlanSeverity.Error && m.Text.Contains("gadget_size_check", StringComparison.Ordinal));
    }

    [Fact]
    public void Deferred_updates_set_the_cycle_key_the_first_pass_left_null()
    {
        var plan = MockPlanner.Plan(Cycle(), new MockDataRequest { DefaultRows = 30, NullRate = 0 });
        var data = MockDataSet.Create(plan);
        var department = data[plan.Find("public", "department")!];
        var head = department.Columns.Select((c, i) => (c, i)).Single(x => x.c.Name == "head_id").i;

        Assert.All(department.Rows(deferCycles: true), r => Assert.Null(r[head]));
        var updates = department.DeferredUpdates().Select(u => u.ToArray()).ToList();
        var final = department.Rows().Select(r => r.ToArray()).ToList();
        Assert.Equal(30, updates.Count);
        Assert.All(updates, u => Assert.Equal(final.Single(r => Equals(r[0], u[0]))[head], u[1]));
    }

    [Fact]
    public void E_mail_addresses_are_made_from_the_names_in_the_same_row()
    {
        var plan = MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest { DefaultRows = 200 });
        var customers = Materialize(MockDataSet.Create(plan))["main.customers"];
        var matching = customers.Count(r => ((string)r["email"]!).StartsWith(
            $"{((string)r["first_name"]!).ToLowerInvariant()}.{((string)r["last_name"]!).ToLowerInvariant()}".Replace("'", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal),
            StringComparison.Ordinal));

        Assert.True(matching > 150, $"only {matching} of 200 addresses follow first.last");
    }

    [Theory]
    [InlineData(61, 0, 7)]
    [InlineData(60, 2, 2)]
    [InlineData(1, 1, 5)]
    public void Every_row_of_a_nested_table_is_found_by_number(long orders, int min, int max)
    {
        var plan = MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest
        {
            DefaultRows = 5,
            RowsPerTable = new Dictionary<string, long> { ["orders"] = orders },
            ChildCounts = [new ChildCountRule { Table = "order_lines", Columns = ["order_id"], Min = min, Max = max }],
        });
        var lines = MockDataSet.Create(plan)[plan.Find("main", "order_lines")!];
        var streamed = lines.Rows().Select(r => r.ToArray()).ToList();

        Assert.Equal(lines.RowCount, streamed.Count);
        for (var i = 0; i < streamed.Count; i++)
        {
            Assert.Equal(streamed[i], lines.Row(i));
        }
    }
}
