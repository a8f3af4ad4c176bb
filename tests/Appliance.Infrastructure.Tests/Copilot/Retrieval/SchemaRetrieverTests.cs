using Appliance.Core.Connections;
using Appliance.Core.Copilot;
using Appliance.Core.Copilot.Retrieval;
using Appliance.Core.Schema;
using Appliance.Infrastructure.Copilot.Retrieval;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Infrastructure.Tests.Copilot.Retrieval;

public sealed class SchemaRetrieverTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "appliance-retriever-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Table Table(string name, string[] columns, string? references = null) => new()
    {
        Schema = "main",
        Name = name,
        Columns = [.. columns.Prepend("id").Select((c, i) => new Column { Name = c, DataType = i == 0 ? "INTEGER" : "TEXT", Ordinal = i + 1 })],
        PrimaryKey = new KeyConstraint { Columns = ["id"] },
        ForeignKeys = references is null ? [] :
            [new ForeignKey { Columns = [columns[0]], ReferencedSchema = "main", ReferencedTable = references, ReferencedColumns = ["id"] }],
    };

    private static DatabaseSchema Shop(params Table[] extra) => new()
    {
        Engine = DatabaseEngine.Sqlite,
        Tables =
        [
            Table("customers", ["name", "email", "country"]),
            Table("orders", ["customer_id", "ordered_at", "status"], references: "customers"),
            Table("products", ["title", "price"]),
            Table("warehouses", ["city", "capacity"]),
            .. extra,
        ],
    };

    private (SchemaRetriever Retriever, EmbeddedVectorIndex Index) Create()
    {
        var index = new EmbeddedVectorIndex(directory);
        return (new SchemaRetriever(index, new LexicalEmbedder(), NullLogger<SchemaRetriever>.Instance), index);
    }

    [Fact]
    public async Task An_unchanged_schema_is_indexed_once_even_across_restarts()
    {
        var schema = Shop();
        var (retriever, index) = Create();

        var first = await retriever.EnsureIndexedAsync("7", schema, [], [], Cancellation);
        var again = await retriever.EnsureIndexedAsync("7", schema, [], [], Cancellation);
        var (restarted, _) = Create();
        var afterRestart = await restarted.EnsureIndexedAsync("7", SchemaJson.Deserialize(SchemaJson.Serialize(schema)), [], [], Cancellation);

        Assert.True(first.Rebuilt);
        Assert.False(again.Rebuilt);
        Assert.False(afterRestart.Rebuilt);
        Assert.Equal(first.Collection, afterRestart.Collection);
        Assert.StartsWith("7-lexical-v1-", first.Collection, StringComparison.Ordinal);
        Assert.Equal([first.Collection], await index.ListCollectionsAsync(Cancellation));
        var ranked = await restarted.RetrieveAsync("7", "orders placed last week", 3, Cancellation);
        Assert.Equal("main.orders", ranked[0].Table);
        Assert.Contains(ranked, t => t.Table == "main.customers" && t.ReachedFrom == "main.orders");
    }

    [Fact]
    public async Task A_changed_schema_gets_a_new_collection_and_the_old_one_is_deleted()
    {
        var (retriever, index) = Create();
        var before = await retriever.EnsureIndexedAsync("7", Shop(), [], [], Cancellation);
        await retriever.EnsureIndexedAsync("8", Shop(), [], [], Cancellation);

        var after = await retriever.EnsureIndexedAsync("7", Shop(Table("invoices", ["order_id", "amount"], references: "orders")), [], [], Cancellation);

        Assert.True(after.Rebuilt);
        Assert.NotEqual(before.Collection, after.Collection);
        var collections = await index.ListCollectionsAsync(Cancellation);
        Assert.Contains(after.Collection, collections);
        Assert.DoesNotContain(before.Collection, collections);
        Assert.Contains(collections, c => c.StartsWith("8-", StringComparison.Ordinal));
        Assert.Equal("main.invoices", (await retriever.RetrieveAsync("7", "unpaid invoices", 3, Cancellation))[0].Table);

        await retriever.ForgetAsync("7", Cancellation);
        Assert.DoesNotContain(await index.ListCollectionsAsync(Cancellation), c => c.StartsWith("7-", StringComparison.Ordinal));
        await Assert.ThrowsAsync<InvalidOperationException>(() => retriever.RetrieveAsync("7", "orders", 3, Cancellation));
    }

    [Fact]
    public async Task Accepted_examples_are_added_and_removed_one_by_one()
    {
        var (retriever, _) = Create();
        await retriever.EnsureIndexedAsync("7", Shop(), [], [], Cancellation);
        var example = new QuestionExample("biggest spenders", "SELECT c.name FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.name");

        await retriever.AddExampleAsync("7", example, Cancellation);
        var withExample = await retriever.RetrieveContextAsync("7", "who are the biggest spenders", 3, Cancellation);
        await retriever.RemoveExampleAsync("7", example, Cancellation);
        var without = await retriever.RetrieveContextAsync("7", "who are the biggest spenders", 3, Cancellation);

        Assert.Equal([example], withExample.Examples);
        // The example's tables come first while it is there.
        Assert.Equal(["main.customers", "main.orders"], withExample.Tables.Take(2).Select(t => t.Table).Order());
        Assert.Empty(without.Examples);
        Assert.True(Score(without.Tables, "main.customers") < Score(withExample.Tables, "main.customers") / 2);
    }

    [Fact]
    public async Task Examples_and_glossary_terms_dropped_while_the_appliance_was_down_no_longer_count()
    {
        var example = new QuestionExample("biggest spenders", "SELECT name FROM customers");
        var (before, _) = Create();
        await before.EnsureIndexedAsync("7", Shop(), [new GlossaryTerm("stock", "warehouses")], [example], Cancellation);
        Assert.Equal("main.warehouses", (await before.RetrieveAsync("7", "stock", 3, Cancellation))[0].Table);

        var (after, _) = Create();
        var status = await after.EnsureIndexedAsync("7", Shop(), [], [], Cancellation);
        // The same schema indexed without them ever, for comparison.
        await after.EnsureIndexedAsync("control", Shop(), [], [], Cancellation);

        Assert.False(status.Rebuilt);
        var spenders = await after.RetrieveContextAsync("7", "biggest spenders", 3, Cancellation);
        Assert.Empty(spenders.Examples);
        Assert.Equal(await after.RetrieveAsync("control", "biggest spenders", 3, Cancellation), spenders.Tables);
        Assert.Equal(await after.RetrieveAsync("control", "stock", 3, Cancellation), await after.RetrieveAsync("7", "stock", 3, Cancellation));
    }

    private static double Score(IReadOnlyList<ScoredTable> ranked, string table) => ranked.FirstOrDefault(t => t.Table == table)?.Score ?? 0;

    [Fact]
    public async Task A_glossary_term_leads_to_the_table_it_names()
    {
        var (retriever, _) = Create();
        await retriever.EnsureIndexedAsync("7", Shop(), [new GlossaryTerm("client", "customers", Definition: "someone who buys")], [], Cancellation);

        Assert.Equal("main.customers", (await retriever.RetrieveAsync("7", "clients from Spain", 3, Cancellation))[0].Table);
    }

    [Fact]
    public async Task A_damaged_or_unfinished_index_is_rebuilt()
    {
        var (retriever, index) = Create();
        var status = await retriever.EnsureIndexedAsync("7", Shop(), [], [], Cancellation);
        var file = Path.Combine(directory, status.Collection + ".vec");
        await File.WriteAllTextAsync(file, "damaged", Cancellation);

        // Damaged while running: the next question re-indexes from the schema at hand.
        Assert.Equal("main.orders", (await retriever.RetrieveAsync("7", "orders", 3, Cancellation))[0].Table);

        // Damaged before a restart.
        await File.WriteAllTextAsync(file, "damaged", Cancellation);
        var (restarted, _) = Create();
        Assert.True((await restarted.EnsureIndexedAsync("7", Shop(), [], [], Cancellation)).Rebuilt);

        // Created but never filled (the appliance stopped while indexing).
        await index.DeleteCollectionAsync(status.Collection, Cancellation);
        await index.EnsureCollectionAsync(status.Collection, new LexicalEmbedder().Dimensions, Cancellation);
        var (again, _) = Create();
        Assert.True((await again.EnsureIndexedAsync("7", Shop(), [], [], Cancellation)).Rebuilt);
        Assert.Equal("main.products", (await again.RetrieveAsync("7", "product prices", 3, Cancellation))[0].Table);
    }

    [Fact]
    public async Task Questions_before_indexing_are_refused_clearly()
    {
        var (retriever, _) = Create();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => retriever.RetrieveAsync("9", "orders", 3, Cancellation));
        Assert.Contains("connection 9 is not indexed", error.Message, StringComparison.Ordinal);
    }
}
