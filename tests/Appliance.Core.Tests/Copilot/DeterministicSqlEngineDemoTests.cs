using Appliance.Core.Copilot;
using Appliance.Core.Copilot.Deterministic;
using Appliance.Core.Sql;
using static Appliance.Core.Tests.Copilot.CopilotTestSchemas;

namespace Appliance.Core.Tests.Copilot;

/// <summary>The rule engine on the demo schema (SQLite): the common question shapes, their SQL and what it says it understood.</summary>
public sealed class DeterministicSqlEngineDemoTests
{
    private static CopilotAnswer Ask(string question) => Answer(question, Demo());

    [Theory]
    [InlineData("How many orders are there?", "SELECT COUNT(*) AS order_count FROM orders")]
    [InlineData("Orders with status shipped", "SELECT * FROM orders WHERE status = 'shipped'")]
    [InlineData("shipped orders", "SELECT * FROM orders WHERE status = 'shipped'")]
    [InlineData("Customers with status active or suspended", "SELECT * FROM customers WHERE status IN ('active', 'suspended')")]
    [InlineData("Orders that are not cancelled", "SELECT * FROM orders WHERE status <> 'cancelled'")]
    [InlineData("Products cheaper than 20", "SELECT * FROM products WHERE unit_price < 20")]
    [InlineData("Orders over 100", "SELECT * FROM orders WHERE total_amount > 100")]
    [InlineData("Orders with a total amount between 100 and 200", "SELECT * FROM orders WHERE total_amount BETWEEN 100 AND 200")]
    [InlineData("Active products", "SELECT * FROM products WHERE is_active = 1")]
    [InlineData("Inactive products", "SELECT * FROM products WHERE is_active = 0")]
    [InlineData("Orders of customer 42", "SELECT * FROM orders WHERE customer_id = 42")]
    [InlineData("Products whose name contains 'Steel'", "SELECT * FROM products WHERE name LIKE '%Steel%'")]
    [InlineData("Employees without a manager", "SELECT * FROM employees WHERE manager_id IS NULL")]
    [InlineData("Distinct order statuses", "SELECT DISTINCT status FROM orders")]
    [InlineData("List all job titles", "SELECT DISTINCT job_title FROM employees")]
    [InlineData("Emails of suspended customers", "SELECT email FROM customers WHERE status = 'suspended'")]
    public void Single_table_questions_become_the_expected_sql(string question, string sql)
    {
        var answer = Ask(question);

        Assert.Equal(sql, Flat(answer.Sql));
        Assert.Equal(CopilotSource.Deterministic, answer.Source);
        Assert.Null(answer.Problem);
    }

    [Fact]
    public void A_count_over_a_one_to_many_filter_is_a_semi_join_so_no_row_is_counted_twice()
    {
        var answer = Ask("Number of customers in Japan");

        Assert.Equal(
            "SELECT COUNT(*) AS customer_count FROM customers c WHERE c.customer_id IN (SELECT a.customer_id FROM addresses a JOIN countries c2 ON c2.country_code = a.country_code WHERE c2.name = 'Japan')",
            Flat(answer.Sql));
        Assert.Equal(["main.customers", "main.addresses", "main.countries"], answer.TablesUsed);
        Assert.Contains("filter: countries.name = 'Japan'", answer.Understood);
        Assert.Contains("through: customers ← addresses.customer_id", answer.Understood);
    }

    [Fact]
    public void An_unknown_capitalised_place_is_looked_up_as_a_city()
    {
        var answer = Ask("Customers in Lake Virgil");

        Assert.Equal("SELECT c.* FROM customers c WHERE c.customer_id IN (SELECT a.customer_id FROM addresses a WHERE a.city = 'Lake Virgil')", Flat(answer.Sql));
    }

    [Fact]
    public void A_group_per_entity_returns_its_key_and_name_columns_joined_along_the_foreign_key()
    {
        var answer = Ask("Average price by category");

        Assert.Equal(
            "SELECT c.category_id, c.name, AVG(p.unit_price) AS average_unit_price FROM products p JOIN categories c ON c.category_id = p.category_id GROUP BY c.category_id, c.name",
            Flat(answer.Sql));
        Assert.Contains("group by: categories", answer.Understood);
        Assert.Contains("average: products.unit_price", answer.Understood);
    }

    [Fact]
    public void Rows_per_table_without_an_aggregate_word_are_counted()
    {
        var answer = Ask("Orders per customer");

        Assert.Equal(
            "SELECT c.customer_id, c.first_name, c.last_name, COUNT(*) AS order_count FROM orders o JOIN customers c ON c.customer_id = o.customer_id GROUP BY c.customer_id, c.first_name, c.last_name",
            Flat(answer.Sql));
        Assert.Equal(Flat(answer.Sql), Flat(Ask("For each customer, the number of orders").Sql));
    }

    [Fact]
    public void Top_n_by_an_aggregate_orders_the_groups_and_limits()
    {
        var answer = Ask("Top 5 customers by total order amount");

        Assert.Equal(
            "SELECT c.customer_id, c.first_name, c.last_name, SUM(o.total_amount) AS sum_total_amount FROM orders o JOIN customers c ON c.customer_id = o.customer_id GROUP BY c.customer_id, c.first_name, c.last_name ORDER BY sum_total_amount DESC LIMIT 5",
            Flat(answer.Sql));
    }

    [Theory]
    [InlineData("10 most expensive products", "SELECT * FROM products ORDER BY unit_price DESC LIMIT 10")]
    [InlineData("The 5 cheapest products", "SELECT * FROM products ORDER BY unit_price LIMIT 5")]
    [InlineData("Latest 10 orders", "SELECT * FROM orders ORDER BY ordered_at DESC LIMIT 10")]
    [InlineData("Largest order", "SELECT * FROM orders ORDER BY total_amount DESC LIMIT 1")]
    [InlineData("What is the highest price of any product?", "SELECT MAX(unit_price) AS max_unit_price FROM products")]
    public void Superlatives_rank_by_the_price_date_or_amount_column(string question, string sql) =>
        Assert.Equal(sql, Flat(Ask(question).Sql));

    [Fact]
    public void The_customer_with_the_most_orders_is_a_count_per_customer_ranked_and_limited_to_one()
    {
        var answer = Ask("Which customer has the most orders?");

        Assert.Equal(
            "SELECT c.customer_id, c.first_name, c.last_name, COUNT(*) AS order_count FROM orders o JOIN customers c ON c.customer_id = o.customer_id GROUP BY c.customer_id, c.first_name, c.last_name ORDER BY order_count DESC LIMIT 1",
            Flat(answer.Sql));
    }

    [Theory]
    [InlineData("Orders last month", "ordered_at >= '2025-12-01' AND ordered_at < '2026-01-01'", "last month (2025-12-01 to 2025-12-31)")]
    [InlineData("Revenue this year", "ordered_at >= '2026-01-01' AND ordered_at < '2027-01-01'", "this year (2026-01-01 to 2026-12-31)")]
    [InlineData("Orders in 2024", "ordered_at >= '2024-01-01' AND ordered_at < '2025-01-01'", "2024 (2024-01-01 to 2024-12-31)")]
    [InlineData("Orders since 2025-01-01", "ordered_at >= '2025-01-01'", "since 2025-01-01 (from 2025-01-01)")]
    [InlineData("Orders in the last 7 days", "ordered_at >= '2025-12-25' AND ordered_at < '2026-01-02'", "last 7 days (2025-12-25 to 2026-01-01)")]
    [InlineData("Orders yesterday", "ordered_at >= '2025-12-31' AND ordered_at < '2026-01-01'", "yesterday (2025-12-31)")]
    [InlineData("Orders in March 2025", "ordered_at >= '2025-03-01' AND ordered_at < '2025-04-01'", "march 2025 (2025-03-01 to 2025-03-31)")]
    [InlineData("Orders in Q3 2024", "ordered_at >= '2024-07-01' AND ordered_at < '2024-10-01'", "Q3 2024 (2024-07-01 to 2024-09-30)")]
    [InlineData("Orders between 2025-03-01 and 2025-03-31", "ordered_at >= '2025-03-01' AND ordered_at < '2025-04-01'", "between 2025-03-01 and 2025-03-31 (2025-03-01 to 2025-03-31)")]
    [InlineData("Orders before 2024", "ordered_at < '2024-01-01'", "before 2024 (before 2024-01-01)")]
    public void Date_phrases_are_ranges_of_literal_days_relative_to_the_given_today(string question, string condition, string range)
    {
        var answer = Ask(question);

        Assert.Contains("WHERE " + condition, Flat(answer.Sql), StringComparison.Ordinal);
        Assert.Contains($"date range: {range} (orders.ordered_at)", answer.Understood);
    }

    [Fact]
    public void Today_comes_from_the_context_not_the_clock()
    {
        var answer = DeterministicSqlEngine.Answer("Orders last month", Demo() with { Today = new DateOnly(2024, 3, 15) });

        Assert.Contains("ordered_at >= '2024-02-01' AND ordered_at < '2024-03-01'", Flat(answer.Sql), StringComparison.Ordinal);
    }

    [Fact]
    public void A_verb_before_a_date_picks_the_date_column_and_may_reach_another_table()
    {
        Assert.Equal("SELECT * FROM employees WHERE hired_on >= '2024-01-01' AND hired_on < '2025-01-01'", Flat(Ask("Employees hired in 2024").Sql));
        Assert.Equal(
            "SELECT COUNT(*) AS shipment_count FROM shipments WHERE delivered_at >= '2024-01-01' AND delivered_at < '2025-01-01'",
            Flat(Ask("How many shipments were delivered in 2024?").Sql));
        Assert.Equal(
            "SELECT c.* FROM customers c WHERE c.customer_id IN (SELECT o.customer_id FROM orders o WHERE o.ordered_at >= '2025-01-01' AND o.ordered_at < '2026-01-01')",
            Flat(Ask("Customers who placed orders in 2025").Sql));
    }

    [Fact]
    public void A_group_per_month_is_the_period_as_text_in_chronological_order()
    {
        var answer = Ask("Orders per month in 2025");

        Assert.Equal(
            "SELECT strftime('%Y-%m', ordered_at) AS month, COUNT(*) AS order_count FROM orders WHERE ordered_at >= '2025-01-01' AND ordered_at < '2026-01-01' GROUP BY strftime('%Y-%m', ordered_at) ORDER BY month",
            Flat(answer.Sql));
    }

    [Fact]
    public void Revenue_is_the_best_named_amount_or_price_times_quantity_less_discount_nearest_to_the_grouping()
    {
        Assert.Equal("SELECT SUM(total_amount) AS sum_total_amount FROM orders", Flat(Ask("Total revenue").Sql));
        Assert.Equal(
            "SELECT p.product_id, p.name, SUM(ol.unit_price * ol.quantity * (1 - ol.discount)) AS revenue FROM order_lines ol JOIN products p ON p.product_id = ol.product_id GROUP BY p.product_id, p.name",
            Flat(Ask("Revenue per product").Sql));
    }

    [Theory]
    [InlineData("Customers without orders", "SELECT c.* FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)")]
    [InlineData("Customers who never ordered", "SELECT c.* FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)")]
    [InlineData("Customers with more than 5 orders", "SELECT c.* FROM customers c WHERE (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.customer_id) > 5")]
    [InlineData("Products with an average rating above 4", "SELECT p.* FROM products p WHERE (SELECT AVG(pr.rating) FROM product_reviews pr WHERE pr.product_id = p.product_id) > 4")]
    [InlineData("Products without a supplier", "SELECT p.* FROM products p WHERE p.supplier_id IS NULL")]
    public void Conditions_on_related_rows_are_correlated_subqueries(string question, string sql) =>
        Assert.Equal(sql, Flat(Ask(question).Sql));

    [Fact]
    public void A_second_mention_of_the_same_table_with_a_number_follows_its_self_reference()
    {
        Assert.Equal("SELECT * FROM employees WHERE manager_id = 1", Flat(Ask("Employees who report to employee 1").Sql));
        Assert.Equal("SELECT * FROM employees WHERE employee_id = 1", Flat(Ask("Show employee 1").Sql));
    }

    [Fact]
    public void A_word_that_names_a_foreign_key_chooses_between_two_ways_to_the_same_table()
    {
        var answer = Ask("Revenue per country of the shipping address");

        Assert.Contains("JOIN addresses a ON a.address_id = o.shipping_address_id", answer.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("kind", answer.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void The_answer_carries_the_explainers_plain_english_and_the_qualified_tables()
    {
        var answer = Ask("Average price by category");

        Assert.Equal(["main.products", "main.categories"], answer.TablesUsed);
        Assert.NotNull(answer.Explanation);
        Assert.Contains("categor", answer.Explanation, StringComparison.OrdinalIgnoreCase);
        Assert.True(answer.IsUnderstood);
    }

    [Fact]
    public void A_glossary_term_names_a_table_or_a_column()
    {
        var context = Demo() with
        {
            Glossary = [new GlossaryTerm("big spenders", "customers"), new GlossaryTerm("turnover figure", "orders", "total_amount")],
        };

        Assert.Equal("SELECT COUNT(*) AS customer_count FROM customers", Flat(Answer("How many big spenders are there?", context).Sql));
        Assert.Equal("SELECT AVG(total_amount) AS average_total_amount FROM orders", Flat(Answer("Average turnover figure", context).Sql));
    }

    [Theory]
    [InlineData(SqlDialect.TSql, "SELECT TOP (10) * FROM main.products ORDER BY unit_price DESC")]
    [InlineData(SqlDialect.MySql, "SELECT * FROM main.products ORDER BY unit_price DESC LIMIT 10")]
    [InlineData(SqlDialect.Postgres, "SELECT * FROM main.products ORDER BY unit_price DESC LIMIT 10")]
    public void Limits_are_spelt_per_dialect(SqlDialect dialect, string sql) =>
        Assert.Equal(sql, Flat(Answer("10 most expensive products", Demo(dialect)).Sql));

    [Theory]
    [InlineData(SqlDialect.Sqlite, "ordered_at >= '2025-12-01' AND ordered_at < '2026-01-01'", "strftime('%Y-%m', ordered_at)")]
    [InlineData(SqlDialect.Postgres, "ordered_at >= DATE '2025-12-01' AND ordered_at < DATE '2026-01-01'", "to_char(ordered_at, 'YYYY-MM')")]
    [InlineData(SqlDialect.MySql, "ordered_at >= DATE '2025-12-01' AND ordered_at < DATE '2026-01-01'", "DATE_FORMAT(ordered_at, '%Y-%m')")]
    [InlineData(SqlDialect.TSql, "ordered_at >= CAST('2025-12-01' AS date) AND ordered_at < CAST('2026-01-01' AS date)", "FORMAT(ordered_at, 'yyyy-MM')")]
    public void Dates_and_periods_are_spelt_per_dialect(SqlDialect dialect, string range, string month)
    {
        Assert.Contains(range, Flat(Answer("Orders last month", Demo(dialect)).Sql), StringComparison.Ordinal);
        Assert.Contains(month, Flat(Answer("Number of orders per month", Demo(dialect)).Sql), StringComparison.Ordinal);
    }
}
