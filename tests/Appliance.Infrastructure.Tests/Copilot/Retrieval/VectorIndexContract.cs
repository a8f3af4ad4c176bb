using Appliance.Infrastructure.Copilot;
using Appliance.Infrastructure.Copilot.Retrieval;

namespace Appliance.Infrastructure.Tests.Copilot.Retrieval;

/// <summary>
/// What every <see cref="IVectorIndex"/> does, run against each implementation: the embedded index always, Qdrant
/// when QDRANT_URL names a server.
/// </summary>
public abstract class VectorIndexContract : IAsyncLifetime
{
    private readonly List<string> created = [];

    protected IVectorIndex Index { get; private set; } = null!;

    protected abstract IVectorIndex CreateIndex();

    public ValueTask InitializeAsync()
    {
        Index = CreateIndex();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var collection in created)
        {
            await Index.DeleteCollectionAsync(collection);
        }

        (Index as IDisposable)?.Dispose();
        CleanUp();
    }

    /// <summary>Runs after the test's collections are deleted (xunit calls DisposeAsync only, not Dispose as well).</summary>
    protected virtual void CleanUp()
    {
    }

    /// <summary>A fresh collection name, deleted after the test (servers are shared).</summary>
    private string NewCollection()
    {
        var name = $"contract-{Guid.NewGuid():N}";
        created.Add(name);
        return name;
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static float[] Unit(int dimensions, int axis, float tilt = 0)
    {
        var vector = new float[dimensions];
        vector[axis] = 1;
        vector[(axis + 1) % dimensions] = tilt;
        return vector;
    }

    private static VectorPoint Point(string id, float[] vector, string kind = "Table") =>
        new(id, vector, new Dictionary<string, string> { ["kind"] = kind, ["text"] = "text of " + id });

    [Fact]
    public async Task A_collection_exists_once_ensured_and_not_after_deletion()
    {
        var collection = NewCollection();
        Assert.False(await Index.CollectionExistsAsync(collection, Cancellation));

        await Index.EnsureCollectionAsync(collection, 8, Cancellation);
        await Index.EnsureCollectionAsync(collection, 8, Cancellation);
        Assert.True(await Index.CollectionExistsAsync(collection, Cancellation));
        Assert.Contains(collection, await Index.ListCollectionsAsync(Cancellation));

        await Index.DeleteCollectionAsync(collection, Cancellation);
        Assert.False(await Index.CollectionExistsAsync(collection, Cancellation));
        Assert.DoesNotContain(collection, await Index.ListCollectionsAsync(Cancellation));
    }

    [Fact]
    public async Task Search_returns_the_nearest_points_first_with_cosine_scores_and_their_payload()
    {
        var collection = NewCollection();
        await Index.EnsureCollectionAsync(collection, 8, Cancellation);
        await Index.UpsertAsync(collection, [
            Point("table:public.orders", Unit(8, 0)),
            Point("column:public.orders.total", Unit(8, 0, tilt: 1), "Column"),
            Point("table:public.customers", Unit(8, 3)),
        ], Cancellation);

        // Length does not matter for cosine.
        var hits = await Index.SearchAsync(collection, [5, 0, 0, 0, 0, 0, 0, 0], 2, Cancellation);

        Assert.Equal(["table:public.orders", "column:public.orders.total"], hits.Select(h => h.Id));
        Assert.Equal(1.0, hits[0].Score, 3);
        Assert.Equal(Math.Sqrt(0.5), hits[1].Score, 3);
        Assert.Equal("Column", hits[1].Payload["kind"]);
        Assert.Equal("text of column:public.orders.total", hits[1].Payload["text"]);
        Assert.Equal(2, hits[1].Payload.Count);
    }

    [Fact]
    public async Task Upserting_an_id_again_replaces_its_vector_and_payload()
    {
        var collection = NewCollection();
        await Index.EnsureCollectionAsync(collection, 4, Cancellation);
        await Index.UpsertAsync(collection, [Point("a", Unit(4, 0)), Point("b", Unit(4, 1))], Cancellation);
        await Index.UpsertAsync(collection, [Point("a", Unit(4, 2), "Glossary")], Cancellation);

        var hits = await Index.SearchAsync(collection, Unit(4, 2), 10, Cancellation);

        Assert.Equal(2, hits.Count);
        Assert.Equal("a", hits[0].Id);
        Assert.Equal("Glossary", hits[0].Payload["kind"]);
    }

    [Fact]
    public async Task Deleted_points_are_no_longer_found()
    {
        var collection = NewCollection();
        await Index.EnsureCollectionAsync(collection, 4, Cancellation);
        await Index.UpsertAsync(collection, [Point("a", Unit(4, 0)), Point("b", Unit(4, 1)), Point("c", Unit(4, 2))], Cancellation);

        await Index.DeleteAsync(collection, ["a", "c", "never-there"], Cancellation);

        Assert.Equal(["b"], (await Index.SearchAsync(collection, Unit(4, 0), 10, Cancellation)).Select(h => h.Id));
    }

    [Fact]
    public async Task Ensuring_a_collection_with_another_vector_size_empties_it()
    {
        var collection = NewCollection();
        await Index.EnsureCollectionAsync(collection, 4, Cancellation);
        await Index.UpsertAsync(collection, [Point("a", Unit(4, 0))], Cancellation);

        await Index.EnsureCollectionAsync(collection, 6, Cancellation);

        Assert.Empty(await Index.SearchAsync(collection, Unit(6, 0), 10, Cancellation));
        await Index.UpsertAsync(collection, [Point("b", Unit(6, 5))], Cancellation);
        Assert.Equal("b", Assert.Single(await Index.SearchAsync(collection, Unit(6, 5), 10, Cancellation)).Id);
    }

    [Fact]
    public async Task A_missing_collection_or_a_wrong_vector_size_is_a_vector_index_error()
    {
        var missing = NewCollection();
        await Assert.ThrowsAnyAsync<VectorIndexException>(() => Index.SearchAsync(missing, Unit(4, 0), 3, Cancellation));
        await Assert.ThrowsAnyAsync<VectorIndexException>(() => Index.UpsertAsync(missing, [Point("a", Unit(4, 0))], Cancellation));

        var collection = NewCollection();
        await Index.EnsureCollectionAsync(collection, 4, Cancellation);
        await Assert.ThrowsAnyAsync<VectorIndexException>(() => Index.UpsertAsync(collection, [Point("a", Unit(5, 0))], Cancellation));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("-leading")]
    [InlineData("with space")]
    public async Task Collection_names_that_could_escape_or_that_Qdrant_refuses_are_rejected(string name)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Index.EnsureCollectionAsync(name, 4, Cancellation));
        Assert.Contains("is not allowed", error.Message, StringComparison.Ordinal);
    }
}

public sealed class EmbeddedVectorIndexContractTests : VectorIndexContract
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "appliance-vectors-" + Guid.NewGuid().ToString("N"));

    protected override IVectorIndex CreateIndex() => new EmbeddedVectorIndex(directory);

    protected override void CleanUp()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

public sealed class QdrantVectorIndexContractTests : VectorIndexContract
{
    /// <summary>Qdrant's gRPC address, e.g. http://localhost:6334; QDRANT_API_KEY when the server wants one.</summary>
    public const string UrlVariable = "QDRANT_URL";

    protected override IVectorIndex CreateIndex()
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        if (string.IsNullOrWhiteSpace(url))
        {
            Assert.Skip($"Needs a real Qdrant server: {UrlVariable} is not set (its gRPC address, e.g. http://localhost:6334).");
        }

        return new QdrantVectorIndex(new CopilotOptions { QdrantUrl = url, QdrantApiKey = Environment.GetEnvironmentVariable("QDRANT_API_KEY") });
    }
}
