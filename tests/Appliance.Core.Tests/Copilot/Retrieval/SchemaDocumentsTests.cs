using Appliance.Core.Copilot;
using Appliance.Core.Copilot.Retrieval;

namespace Appliance.Core.Tests.Copilot.Retrieval;

public sealed class SchemaDocumentsTests
{
    [Fact]
    public void Tables_and_their_non_key_columns_get_one_document_each_with_stable_unique_ids()
    {
        var schema = ShopSchema.Create();
        var documents = SchemaDocuments.Build(schema, [], []);

        Assert.Equal(6, documents.Count(d => d.Kind == RetrievalKind.Table));
        // ids and one-column foreign keys are left out: 24 columns, 6 ids, 4 foreign keys.
        Assert.Equal(14, documents.Count(d => d.Kind == RetrievalKind.Column));
        Assert.Equal(documents.Count, documents.Select(d => d.Id).Distinct().Count());
        Assert.Equal(documents.Select(d => d.Id), SchemaDocuments.Build(ShopSchema.Create(), [], []).Select(d => d.Id));

        var customers = documents.Single(d => d.Id == "table:public.customers");
        Assert.Equal("public.customers", customers.Table);
        Assert.Contains("People who buy", customers.Text, StringComparison.Ordinal);
        Assert.Contains("email", customers.Text, StringComparison.Ordinal);
        var amount = documents.Single(d => d.Id == "column:public.orders.total_amount");
        Assert.Equal(("public.orders", "total_amount"), (amount.Table, amount.Column));
        Assert.Contains("total amount", amount.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Glossary_terms_point_at_qualified_tables_and_change_id_when_their_text_changes()
    {
        var schema = ShopSchema.Create();
        var client = SchemaDocuments.GlossaryDocuments(schema, [new GlossaryTerm("client", "customers", Definition: "who buys")]).Single();
        var changed = SchemaDocuments.GlossaryDocuments(schema, [new GlossaryTerm("client", "customers", Definition: "who pays")]).Single();
        var free = SchemaDocuments.GlossaryDocuments(schema, [new GlossaryTerm("churn", Definition: "customers who left")]).Single();

        Assert.Equal(RetrievalKind.Glossary, client.Kind);
        Assert.Equal("public.customers", client.Table);
        Assert.Contains("client", client.Text, StringComparison.Ordinal);
        Assert.NotEqual(client.Id, changed.Id);
        Assert.Null(free.Table);
    }

    [Fact]
    public void Examples_keep_their_sql_and_the_table_they_read()
    {
        var schema = ShopSchema.Create();
        var example = new QuestionExample("orders per customer", "SELECT c.name, count(*) FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.name");
        var document = SchemaDocuments.Build(schema, [], [example]).Single(d => d.Kind == RetrievalKind.Example);

        Assert.Equal(example.Sql, document.Sql);
        Assert.Equal(example.Question, document.Text);
        Assert.Equal("public.orders", document.Table);
        Assert.Equal(SchemaDocuments.ExampleId(example), document.Id);
        Assert.Equal(SchemaDocuments.ExampleId(example with { Question = " orders per customer " }), document.Id);
        Assert.NotEqual(SchemaDocuments.ExampleId(example with { Sql = "SELECT 1" }), document.Id);
        Assert.Equal(["public.orders", "public.customers"], SchemaDocuments.TablesOf(schema, example.Sql));
        // SQL that does not parse is scanned for table names.
        Assert.Equal(["public.products"], SchemaDocuments.TablesOf(schema, "SELEC name FROM products WHERE ("));
    }

    [Fact]
    public void Views_are_documented_like_tables()
    {
        var schema = ShopSchema.Create() with
        {
            Views = [new Appliance.Core.Schema.View { Schema = "public", Name = "big_orders", Columns = [new() { Name = "total", DataType = "numeric" }] }],
        };
        var view = SchemaDocuments.Build(schema, [], []).Single(d => d.Id == "table:public.big_orders");
        Assert.StartsWith("view big_orders", view.Text, StringComparison.Ordinal);
    }
}
