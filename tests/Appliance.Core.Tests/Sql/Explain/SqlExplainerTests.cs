using Appliance.Core.Sql;
using Appliance.Core.Sql.Explain;

namespace Appliance.Core.Tests.Sql.Explain;

/// <summary>Properties every explanation must have, beyond the golden texts.</summary>
public sealed class SqlExplainerTests
{
    private static QueryExplanation Explain(string sql, SqlDialect dialect = SqlDialect.Sqlite)
    {
        var parsed = SqlParser.Parse(sql, dialect);
        Assert.True(parsed.Succeeded, parsed.Error?.ToString());
        var schema = dialect == SqlDialect.Postgres ? TestSchemas.PostgresFixture : TestSchemas.Demo;
        return SqlExplainer.Explain(Assert.Single(parsed.Statements), schema, dialect);
    }

    [Fact]
    public void A_limit_without_ORDER_BY_says_which_rows_come_back_is_not_defined()
    {
        var unordered = Explain("SELECT email FROM customers LIMIT 5");
        Assert.Contains("only 5 rows (which rows is not defined: there is no ORDER BY)", unordered.ToText(), StringComparison.Ordinal);

        var ordered = Explain("SELECT email FROM customers ORDER BY created_at DESC LIMIT 5");
        Assert.Contains("only the first 5 rows", ordered.ToText(), StringComparison.Ordinal);
        Assert.DoesNotContain("not defined", ordered.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Inner_and_outer_joins_are_told_apart_in_words()
    {
        Assert.Contains("only rows with a match on both sides", Explain("SELECT 1 FROM customers c JOIN orders o ON o.customer_id = c.customer_id").ToText(), StringComparison.Ordinal);
        Assert.Contains("every row of customers is kept even without a match", Explain("SELECT 1 FROM customers c LEFT JOIN orders o ON o.customer_id = c.customer_id").ToText(), StringComparison.Ordinal);
        Assert.Contains("every row of orders is kept even without a match in customers", Explain("SELECT 1 FROM customers c RIGHT JOIN orders o ON o.customer_id = c.customer_id").ToText(), StringComparison.Ordinal);
        Assert.Contains("unmatched rows of both sides are kept", Explain("SELECT 1 FROM customers c FULL JOIN orders o ON o.customer_id = c.customer_id").ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_changing_WITH_query_is_flagged_even_inside_a_SELECT()
    {
        var explanation = Explain("WITH gone AS (DELETE FROM sales.shipment RETURNING id) SELECT count(*) FROM gone", SqlDialect.Postgres);

        Assert.Contains(explanation.Warnings, w => w.StartsWith("Not allowed in read-only mode", StringComparison.Ordinal));
        Assert.Contains("Deletes rows of shipment", explanation.ToText(), StringComparison.Ordinal);
        Assert.Contains("There is no WHERE clause: every row of the table is deleted.", explanation.Warnings);
    }

    [Fact]
    public void Unknown_names_are_reported_and_the_text_uses_them_as_written()
    {
        var explanation = Explain("SELECT emial FROM customers");

        Assert.Equal(["Column \"emial\" does not exist in customers. Did you mean \"email\"?"], explanation.Problems);
        Assert.Contains("Returns emial.", explanation.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_word_tables_and_columns_once()
    {
        var text = Explain("SELECT c.email FROM customers c JOIN customers r ON r.customer_id = c.referred_by").ToText();

        Assert.Equal(1, CountOf(text, "People and companies who place orders"));
        Assert.Contains("c.email (Login and contact e-mail, unique ignoring case)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_identifiers_are_quoted_in_the_text_not_interpreted()
    {
        var text = Explain("SELECT \"say \"\"hi\"\"\" FROM \"Kundë 客户\" WHERE \"order id\" = 1", SqlDialect.Postgres).ToText();

        Assert.Contains("\"say \"\"hi\"\"\"", text, StringComparison.Ordinal);
        Assert.Contains("\"order id\" is 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_queries_are_broken_into_numbered_steps_with_the_final_one_last()
    {
        var explanation = Explain("""
            WITH a AS (SELECT customer_id FROM orders), b AS (SELECT customer_id FROM addresses)
            SELECT * FROM a JOIN b ON a.customer_id = b.customer_id
            WHERE a.customer_id IN (SELECT customer_id FROM payments p JOIN orders o ON o.order_id = p.order_id)
            """);

        Assert.Equal([1, 2, 3, 4], explanation.Steps.Select(s => s.Number));
        Assert.Equal("Final result", explanation.Steps[^1].Title);
        Assert.StartsWith("a (named subquery)", explanation.Steps[0].Title, StringComparison.Ordinal);
        Assert.Contains("\n1. a (named subquery)\n", explanation.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_corpus_statement_gets_an_explanation_without_throwing()
    {
        foreach (var entry in SqlCorpus.All)
        {
            foreach (var statement in SqlParser.Parse(entry.Sql, entry.Dialect).Statements)
            {
                var explanation = SqlExplainer.Explain(statement, TestSchemas.PostgresFixture, entry.Dialect);
                Assert.False(string.IsNullOrWhiteSpace(explanation.Summary), entry.Id);
                Assert.NotEmpty(explanation.Steps);
            }
        }
    }

    [Fact]
    public void Explanations_are_deterministic()
    {
        const string sql = "SELECT status, count(*) FROM orders GROUP BY status ORDER BY 2 DESC";
        Assert.Equal(Explain(sql).ToText(), Explain(sql).ToText());
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
