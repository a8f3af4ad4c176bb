using Appliance.Core.Copilot.Retrieval;

namespace Appliance.Core.Tests.Copilot.Retrieval;

public sealed class TableRankerTests
{
    private static readonly TableRanker Ranker = new(ShopSchema.Create());

    private static RetrievalHit TableHit(string table, double score) => new(RetrievalKind.Table, "public." + table, score);

    [Fact]
    public void The_best_table_brings_its_foreign_key_neighbours_both_ways_with_a_decayed_score()
    {
        var ranked = Ranker.Rank("recent purchases", [TableHit("orders", 0.6)], limit: 5);

        Assert.Equal("public.orders", ranked[0].Table);
        var customers = Assert.Single(ranked, t => t.Table == "public.customers");
        var lines = Assert.Single(ranked, t => t.Table == "public.order_lines");
        Assert.Equal("public.orders", customers.ReachedFrom);
        Assert.Equal("public.orders", lines.ReachedFrom);
        Assert.True(customers.Score < ranked[0].Score);
        // A table the best one references (a lookup) outranks one referencing it (its details).
        Assert.True(customers.Score > lines.Score);
        // One hop only: products is two away, audit_log is not linked at all.
        Assert.DoesNotContain(ranked, t => t.Table is "public.products" or "public.suppliers" or "public.audit_log");
    }

    [Fact]
    public void Only_the_best_tables_are_seeds()
    {
        var ranker = new TableRanker(ShopSchema.Create(), new TableRankingOptions { NeighbourSeeds = 1 });
        var ranked = ranker.Rank("recent purchases", [TableHit("orders", 0.6), TableHit("suppliers", 0.3)], limit: 5);

        Assert.Contains(ranked, t => t.Table == "public.suppliers" && t.ReachedFrom is null);
        Assert.DoesNotContain(ranked, t => t.ReachedFrom == "public.suppliers");
    }

    [Fact]
    public void A_neighbour_holding_words_the_seed_lacks_gains_more()
    {
        // "quantity" is a column of order_lines, not of orders: the detail table is the other half of the join.
        var withWord = Ranker.Rank("orders by quantity", [TableHit("orders", 0.6)], limit: 5);
        var without = Ranker.Rank("recent purchases", [TableHit("orders", 0.6)], limit: 5);

        Assert.True(withWord.Single(t => t.Table == "public.order_lines").Score > without.Single(t => t.Table == "public.order_lines").Score);
    }

    [Fact]
    public void Column_glossary_and_example_hits_count_for_their_tables()
    {
        var ranked = Ranker.Rank("what do they pay", [
            new RetrievalHit(RetrievalKind.Column, "public.products", 0.5) { Column = "price" },
            new RetrievalHit(RetrievalKind.Glossary, "public.suppliers", 0.4),
            new RetrievalHit(RetrievalKind.Example, "public.audit_log", 0.45) { Sql = "SELECT message FROM audit_log JOIN customers ON true" },
        ], limit: 10);

        Assert.Contains(ranked, t => t.Table == "public.products");
        Assert.Contains(ranked, t => t.Table == "public.suppliers");
        // An example counts for every table its SQL reads.
        Assert.Contains(ranked, t => t.Table == "public.audit_log" && t.ReachedFrom is null);
        Assert.Contains(ranked, t => t.Table == "public.customers");
    }

    [Fact]
    public void A_foreign_key_column_match_counts_for_the_table_it_references()
    {
        var ranked = Ranker.Rank("by product", [new RetrievalHit(RetrievalKind.Column, "public.order_lines", 0.6) { Column = "product_id" }], limit: 2);
        Assert.Equal("public.products", ranked[0].Table);
    }

    [Fact]
    public void A_table_the_question_names_ranks_without_any_hit()
    {
        var ranked = Ranker.Rank("list all suppliers", [], limit: 5);
        Assert.Equal("public.suppliers", ranked[0].Table);
        Assert.Empty(Ranker.Rank("something else entirely", [], limit: 5));
    }

    [Fact]
    public void Naming_a_table_outweighs_naming_part_of_a_longer_one()
    {
        var ranked = Ranker.Rank("orders last week", [TableHit("orders", 0.4), TableHit("order_lines", 0.4)], limit: 5);
        Assert.True(ranked.Single(t => t.Table == "public.orders").Score > ranked.Single(t => t.Table == "public.order_lines").Score);
    }

    [Fact]
    public void Hits_for_unknown_tables_are_ignored_and_ties_break_by_name()
    {
        var ranked = Ranker.Rank("zzz", [TableHit("gone", 0.9), TableHit("suppliers", 0.3), TableHit("customers", 0.3)], limit: 2);
        Assert.DoesNotContain(ranked, t => t.Table == "public.gone");
        Assert.Equal(["public.customers", "public.suppliers"], ranked.Take(2).Select(t => t.Table));
    }
}
