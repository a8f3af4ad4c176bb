using Appliance.Core.Copilot.Deterministic;
using Appliance.Core.Copilot.Evaluation;
using Appliance.Core.Sql;
using static Appliance.Core.Tests.Copilot.CopilotTestSchemas;

namespace Appliance.Core.Tests.Copilot;

/// <summary>
/// The rule engine is not written for the demo: the PostgreSQL fixture (schemas, an enum, a keyword table name,
/// two-letter country codes), a library schema with other words, and a schema of 5,000 tables.
/// </summary>
public sealed class DeterministicSqlEngineSchemaTests
{
    [Fact]
    public void Postgres_names_are_quoted_only_where_needed_and_other_schemas_are_qualified()
    {
        var answer = Answer("How many orders are on hold?", Postgres());

        // "order" is reserved; "on hold" is an enum label with a space; sales is not on the search path.
        Assert.Equal("SELECT COUNT(*) AS order_count FROM sales.\"order\" WHERE status = 'on hold'", Flat(answer.Sql));
        Assert.Equal(["sales.order"], answer.TablesUsed);
    }

    [Fact]
    public void A_country_name_becomes_the_two_letter_code_of_a_char2_country_column()
    {
        Assert.Equal("SELECT * FROM customer WHERE country = 'JP'", Flat(Answer("Customers from Japan", Postgres()).Sql));
        Assert.Equal("SELECT * FROM customer WHERE country IN ('BR', 'JP')", Flat(Answer("Customers from Brazil or Japan", Postgres()).Sql));
    }

    [Fact]
    public void Postgres_top_lists_put_null_aggregates_last()
    {
        var answer = Answer("Top 5 customers by revenue", Postgres());

        Assert.Equal(
            "SELECT c.id, c.name, SUM(o.total) AS sum_total FROM sales.\"order\" o JOIN customer c ON c.id = o.customer_id GROUP BY c.id, c.name ORDER BY sum_total DESC NULLS LAST LIMIT 5",
            Flat(answer.Sql));
    }

    [Fact]
    public void A_composite_foreign_key_path_is_joined_on_every_column()
    {
        var answer = Answer("Orders without shipments", Postgres());

        Assert.Equal(
            "SELECT o.* FROM sales.\"order\" o WHERE NOT EXISTS (SELECT 1 FROM sales.order_line ol JOIN sales.shipment s ON s.order_id = ol.order_id AND s.line_no = ol.line_no WHERE ol.order_id = o.id)",
            Flat(answer.Sql));
    }

    [Fact]
    public void A_table_without_a_name_column_is_grouped_by_the_foreign_key()
    {
        Assert.Equal("SELECT order_id, COUNT(*) AS order_line_count FROM sales.order_line GROUP BY order_id", Flat(Answer("Number of lines per order", Postgres()).Sql));
    }

    [Fact]
    public void A_table_name_with_spaces_and_unicode_is_quoted()
    {
        Assert.Equal("SELECT * FROM \"Kundë 客户\"", Flat(Answer("Show the Kundë 客户 rows", Postgres()).Sql));
    }

    [Theory]
    [InlineData("How many books?", "SELECT COUNT(*) AS book_count FROM books")]
    [InlineData("Books by author 3", "SELECT * FROM books WHERE author_id = 3")]
    [InlineData("Poetry books", "SELECT * FROM books WHERE genre = 'poetry'")]
    [InlineData("Titles of history books", "SELECT title FROM books WHERE genre = 'history'")]
    [InlineData("Books published in 2020", "SELECT * FROM books WHERE published_on >= DATE '2020-01-01' AND published_on < DATE '2021-01-01'")]
    [InlineData("Books with more than 300 pages", "SELECT * FROM books WHERE page_count > 300")]
    [InlineData("Loans last month", "SELECT * FROM loans WHERE loaned_at >= DATE '2025-12-01' AND loaned_at < DATE '2026-01-01'")]
    [InlineData("Loans not returned", "SELECT * FROM loans WHERE returned_at IS NULL")]
    [InlineData("Suspended members", "SELECT * FROM members WHERE is_suspended = TRUE")]
    [InlineData("Members in Springfield", "SELECT * FROM members WHERE city = 'Springfield'")]
    [InlineData("Members without loans", "SELECT m.* FROM members m WHERE NOT EXISTS (SELECT 1 FROM loans l WHERE l.member_id = m.member_id)")]
    [InlineData("How many patrons are there?", "SELECT COUNT(*) AS member_count FROM members")]
    [InlineData("Average page count by genre", "SELECT genre, AVG(page_count) AS average_page_count FROM books GROUP BY genre")]
    [InlineData("Total fines per member", "SELECT m.member_id, m.first_name, m.last_name, SUM(l.fine_amount) AS total_fine_amount FROM loans l JOIN members m ON m.member_id = l.member_id GROUP BY m.member_id, m.first_name, m.last_name")]
    [InlineData("Top 3 authors by number of books", "SELECT a.author_id, a.full_name, COUNT(*) AS book_count FROM books b JOIN authors a ON a.author_id = b.author_id GROUP BY a.author_id, a.full_name ORDER BY book_count DESC LIMIT 3")]
    [InlineData("Number of loans per genre", "SELECT b.genre, COUNT(*) AS loan_count FROM loans l JOIN books b ON b.book_id = l.book_id GROUP BY b.genre")]
    public void A_library_schema_gets_the_same_shapes(string question, string sql)
    {
        var context = new QuestionContext(Library, SqlDialect.Postgres, QuestionSets.ReferenceDate);

        Assert.Equal(sql, Flat(Answer(question, context).Sql));
    }

    [Fact]
    public void A_schema_of_five_thousand_tables_answers_the_same_and_stays_unambiguous()
    {
        var context = new QuestionContext(Large, SqlDialect.Sqlite, QuestionSets.ReferenceDate);

        Assert.Equal("SELECT COUNT(*) AS order_count FROM orders", Flat(Answer("How many orders are there?", context).Sql));
        Assert.Equal(
            "SELECT c.category_id, c.name, AVG(p.unit_price) AS average_unit_price FROM products p JOIN categories c ON c.category_id = p.category_id GROUP BY c.category_id, c.name",
            Flat(Answer("Average price by category", context).Sql));
        Assert.Equal("SELECT * FROM products WHERE name = 'Handmade Metal Bike'", Flat(Answer("Products named 'Handmade Metal Bike'", context).Sql));
        // Thousands of *_amount columns do not make "revenue" ambiguous: the best named one wins.
        Assert.Equal("SELECT SUM(total_amount) AS sum_total_amount FROM orders", Flat(Answer("Total revenue", context).Sql));
    }
}
