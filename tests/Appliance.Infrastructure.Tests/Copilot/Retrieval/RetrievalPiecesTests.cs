using Appliance.Core.Copilot.Retrieval;
using Appliance.Infrastructure.Copilot;
using Appliance.Infrastructure.Copilot.Retrieval;

namespace Appliance.Infrastructure.Tests.Copilot.Retrieval;

public sealed class RetrievalPiecesTests
{
    [Fact]
    public void The_token_counter_counts_with_cl100k_base()
    {
        var counter = new TiktokenTokenCounter();
        // Known cl100k_base encodings: "hello world" is [15339, 1917]; "SELECT * FROM orders;" is five tokens.
        Assert.Equal(2, counter.CountTokens("hello world"));
        Assert.Equal(5, counter.CountTokens("SELECT * FROM orders;"));
        Assert.Equal(0, counter.CountTokens(""));
    }

    [Fact]
    public async Task The_lexical_embedder_is_named_and_sized_for_its_collections()
    {
        var embedder = new LexicalEmbedder();
        var vector = await embedder.EmbedAsync("customer address", TestContext.Current.CancellationToken);

        Assert.Equal("lexical-v1", embedder.Name);
        Assert.Equal(embedder.Dimensions, vector.Length);
        Assert.Equal(LexicalEmbedding.Embed("cust_addr"), vector);
    }

    [Fact]
    public void Collection_names_are_safe_whatever_the_connection_id()
    {
        var plain = VectorCollectionNames.For("42", "lexical-v1", "ABCDEF0123456789ffff");
        Assert.Equal("42-lexical-v1-abcdef012345", plain);
        Assert.StartsWith(VectorCollectionNames.PrefixFor("42", "lexical-v1"), plain, StringComparison.Ordinal);

        var odd = VectorCollectionNames.For("../a b", "lexical-v1", "abc");
        var other = VectorCollectionNames.For("../a_b", "lexical-v1", "abc");
        Assert.True(VectorCollectionNames.IsValid(odd));
        Assert.True(VectorCollectionNames.IsValid(other));
        Assert.NotEqual(odd, other);
        Assert.True(VectorCollectionNames.IsValid(VectorCollectionNames.For(new string('x', 500), "lexical-v1", "abc")));
    }

    [Fact]
    public void Qdrant_point_ids_are_name_based_uuids_of_the_string_ids()
    {
        var id = QdrantVectorIndex.PointUuid("table:public.orders");
        Assert.Equal(id, QdrantVectorIndex.PointUuid("table:public.orders"));
        Assert.NotEqual(id, QdrantVectorIndex.PointUuid("table:public.order"));
        Assert.Equal('5', id.ToString()[14]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("qdrant:6334")]
    [InlineData("ftp://qdrant:6334")]
    public void A_qdrant_url_that_is_not_an_http_address_is_refused_clearly(string? url)
    {
        var error = Assert.Throws<ArgumentException>(() => new QdrantVectorIndex(new CopilotOptions { QdrantUrl = url }));
        Assert.Contains("Copilot:QdrantUrl", error.Message, StringComparison.Ordinal);
    }
}
