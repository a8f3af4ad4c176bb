using Appliance.Core.Copilot.Retrieval;

namespace Appliance.Core.Tests.Copilot.Retrieval;

public sealed class LexicalEmbeddingTests
{
    [Theory]
    [InlineData("CustAddr_line2", "cust addr line 2")]
    [InlineData("orderID", "order id")]
    [InlineData("HTTPServerURL", "http server url")]
    [InlineData("sales.invoice_line", "sales invoice line")]
    public void Identifiers_are_spelled_out_on_underscores_camel_case_and_digits(string identifier, string words) =>
        Assert.Equal(words, SearchTerms.SpellOut(identifier));

    [Theory]
    [InlineData("cust_addr", "customer address")]
    [InlineData("order_qty", "order quantity")]
    [InlineData("inv_amt", "invoice amount")]
    [InlineData("empDept", "employee department")]
    [InlineData("txn_ts", "transaction timestamp")]
    [InlineData("prod_cat_desc", "product category description")]
    [InlineData("order_no", "order number")]
    public void Abbreviations_in_identifiers_expand_to_the_words_of_a_question(string identifier, string question) =>
        Assert.Equal(SearchTerms.Of(question), SearchTerms.Of(identifier));

    [Fact]
    public void Id_keeps_itself_and_adds_identifier() =>
        Assert.Equal(["customer", "id", "identifier"], SearchTerms.Of("customer_id"));

    [Fact]
    public void English_words_that_are_also_abbreviations_expand_only_inside_identifiers()
    {
        Assert.Contains(SearchTerms.Of("number").Single(), SearchTerms.Of("order_no"));
        Assert.DoesNotContain(SearchTerms.Of("number").Single(), SearchTerms.Of("customers with no orders"));
    }

    [Theory]
    [InlineData("invoices", "invoice")]
    [InlineData("categories", "category")]
    [InlineData("addresses", "address")]
    [InlineData("statuses", "status")]
    [InlineData("shipped", "ship")]
    [InlineData("cancelled", "cancellation")]
    [InlineData("absent", "absence")]
    [InlineData("paid", "payment")]
    [InlineData("people", "person")]
    public void Forms_of_a_word_share_one_stem(string form, string other) =>
        Assert.Equal(SearchTerms.Of(other), SearchTerms.Of(form));

    [Fact]
    public void Question_filler_words_are_dropped() =>
        Assert.Equal(SearchTerms.Of("invoices unpaid"), SearchTerms.Of("Which of the invoices are unpaid?"));

    [Fact]
    public void Abbreviated_and_spelled_out_names_get_the_same_vector()
    {
        Assert.Equal(1.0, Cosine(LexicalEmbedding.Embed("cust_addr"), LexicalEmbedding.Embed("customer address")), 5);
        Assert.True(Cosine(LexicalEmbedding.Embed("cust_addr"), LexicalEmbedding.Embed("invoice line")) < 0.2);
    }

    [Fact]
    public void A_shared_word_counts_far_more_than_shared_letters()
    {
        var invoice = LexicalEmbedding.Embed("invoice");
        var sameWord = Cosine(invoice, LexicalEmbedding.Embed("invoices"));
        var sharedGrams = Cosine(invoice, LexicalEmbedding.Embed("voice"));
        Assert.Equal(1.0, sameWord, 5);
        Assert.InRange(sharedGrams, 0.05, 0.5);
        Assert.True(Cosine(LexicalEmbedding.Embed("unpaid"), LexicalEmbedding.Embed("paid_at")) > Cosine(LexicalEmbedding.Embed("unpaid"), LexicalEmbedding.Embed("shipped_at")));
    }

    [Theory]
    [InlineData("which invoices are unpaid")]
    [InlineData("sales_invoice_line.qty numeric")]
    [InlineData("x")]
    public void Vectors_have_unit_length(string text)
    {
        var vector = LexicalEmbedding.Embed(text);
        Assert.Equal(LexicalEmbedding.DefaultDimensions, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 5);
    }

    [Fact]
    public void A_text_without_words_embeds_to_the_zero_vector() =>
        Assert.All(LexicalEmbedding.Embed(" ?! "), v => Assert.Equal(0f, v));

    [Fact]
    public void The_same_text_gives_the_same_vector_in_every_process()
    {
        // Recorded once: a string.GetHashCode-based hash (randomised per process) or a changed feature scheme would
        // move these buckets and silently invalidate every stored index.
        var vector = LexicalEmbedding.Embed("invoice");
        var strongest = vector.Select((v, i) => (Bucket: i, Value: Math.Abs(v))).OrderByDescending(p => p.Value).ThenBy(p => p.Bucket).Take(4).Select(p => p.Bucket).Order().ToArray();
        Assert.Equal(RecordedInvoiceBuckets, strongest);
        Assert.Equal(vector, LexicalEmbedding.Embed("invoice"));
        Assert.Equal(256, LexicalEmbedding.Embed("invoice", 256).Length);
    }

    private static readonly int[] RecordedInvoiceBuckets = [222, 264, 422, 504];

    internal static double Cosine(float[] a, float[] b) => a.Zip(b).Sum(p => (double)p.First * p.Second);
}
