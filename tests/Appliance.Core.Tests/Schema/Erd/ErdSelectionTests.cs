using Appliance.Core.Schema;
using Appliance.Core.Schema.Erd;
using Appliance.Core.Tests.Sql;

namespace Appliance.Core.Tests.Schema.Erd;

public sealed class ErdSelectionTests
{
    private static DatabaseSchema Demo => TestSchemas.Demo;

    [Fact]
    public void Without_a_filter_every_table_is_selected()
    {
        Assert.Equal(Demo.Tables.Select(t => t.QualifiedName), ErdSelection.Select(Demo, new ErdSelectionRequest()));
    }

    [Fact]
    public void A_plain_pattern_matches_anywhere_in_the_name_and_wildcards_anchor_it()
    {
        var anywhere = ErdSelection.Select(Demo, new ErdSelectionRequest { Pattern = "order" });
        var prefix = ErdSelection.Select(Demo, new ErdSelectionRequest { Pattern = "order*" });

        Assert.Contains("main.order_lines", anywhere);
        Assert.Contains("main.order_promotions", anywhere);
        Assert.Contains("main.orders", anywhere);
        Assert.DoesNotContain("main.customers", anywhere);
        Assert.Equal(anywhere.Where(id => id.StartsWith("main.order", StringComparison.Ordinal)), prefix);
    }

    [Fact]
    public void Several_patterns_are_alternatives_and_matching_ignores_case()
    {
        var selected = ErdSelection.Select(Demo, new ErdSelectionRequest { Pattern = "CUSTOMERS, ?roducts" });

        Assert.Equal(["main.customers", "main.products"], selected.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Focus_with_one_step_is_the_table_and_its_direct_neighbours_both_ways()
    {
        var orders = Demo.FindTable("main", "orders")!;
        var expected = new HashSet<string>(StringComparer.Ordinal) { "main.orders" };
        expected.UnionWith(orders.ForeignKeys.Select(k => $"{k.ReferencedSchema}.{k.ReferencedTable}"));
        expected.UnionWith(Demo.ReferencesTo(orders).Select(r => r.From.QualifiedName));

        var selected = ErdSelection.Select(Demo, new ErdSelectionRequest { Focus = "main.orders", Hops = 1 });

        Assert.Equal(expected.Order(StringComparer.Ordinal), selected.Order(StringComparer.Ordinal));
        Assert.True(selected.Count < Demo.Tables.Count);
    }

    [Fact]
    public void More_steps_reach_further_and_zero_steps_is_the_table_alone()
    {
        var one = ErdSelection.Select(Demo, new ErdSelectionRequest { Focus = "main.order_lines", Hops = 1 });
        var two = ErdSelection.Select(Demo, new ErdSelectionRequest { Focus = "main.order_lines", Hops = 2 });
        var zero = ErdSelection.Select(Demo, new ErdSelectionRequest { Focus = "main.order_lines", Hops = 0 });

        Assert.Subset(two.ToHashSet(), one.ToHashSet());
        Assert.True(two.Count > one.Count);
        Assert.Equal(["main.order_lines"], zero);
    }

    [Fact]
    public void An_unknown_focus_selects_nothing()
    {
        Assert.Empty(ErdSelection.Select(Demo, new ErdSelectionRequest { Focus = "main.nope" }));
    }

    [Fact]
    public void Focus_stays_inside_the_name_filter()
    {
        var selected = ErdSelection.Select(Demo, new ErdSelectionRequest { Pattern = "order*", Focus = "main.orders", Hops = 3 });

        Assert.All(selected, id => Assert.StartsWith("main.order", id, StringComparison.Ordinal));
        Assert.Contains("main.orders", selected);
    }

    [Fact]
    public void Schema_filter_keeps_only_that_schema()
    {
        var schema = Demo with { Tables = [.. Demo.Tables, Demo.Tables[0] with { Schema = "audit" }] };

        Assert.Equal([$"audit.{Demo.Tables[0].Name}"], ErdSelection.Select(schema, new ErdSelectionRequest { Schema = "audit" }));
    }

    [Fact]
    public void A_pattern_with_regex_characters_is_taken_literally()
    {
        var schema = Demo with { Tables = [.. Demo.Tables, Demo.Tables[0] with { Name = "a.b(c)" }, Demo.Tables[0] with { Name = "axb(c)" }] };

        Assert.Equal(["main.a.b(c)"], ErdSelection.Select(schema, new ErdSelectionRequest { Pattern = "a.b(" }));
    }
}
