using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Lint;
using static Appliance.Core.Tests.Sql.Lint.LintTestKit;

namespace Appliance.Core.Tests.Sql.Lint;

/// <summary>SQL001 select-star, SQL006 cartesian-join, SQL007 distinct-join-fan-out, SQL010 correlated-scalar-subquery.</summary>
public sealed class LintSelectAndJoinTests
{
    // ---- SQL001 select-star ----------------------------------------------------------------------------------------

    [Fact]
    public void Select_star_on_a_known_table_is_expanded_to_its_columns_in_table_order()
    {
        var finding = Single(Demo("SELECT * FROM customers WHERE status = 'active'"), "SQL001", "1:8");

        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.Equal("SELECT * returns all 8 columns of customers.", finding.Message);
        Rewrite(finding, """
            SELECT
                customer_id,
                email,
                first_name,
                last_name,
                phone,
                status,
                referred_by,
                created_at
            FROM customers
            WHERE status = 'active'
            """, SqlDialect.Sqlite);
    }

    [Fact]
    public void Select_star_over_a_join_is_expanded_to_qualified_columns_of_each_table()
    {
        var finding = Single(Demo("SELECT * FROM regions r JOIN countries c ON c.region_code = r.region_code"), "SQL001", "1:8");

        Assert.Contains("all 5 columns of regions, countries", finding.Message, StringComparison.Ordinal);
        Rewrite(finding, """
            SELECT r.region_code, r.name, c.country_code, c.name, c.region_code
            FROM regions AS r
                JOIN countries AS c ON c.region_code = r.region_code
            """, SqlDialect.Sqlite);
    }

    [Fact]
    public void A_qualified_star_expands_only_its_own_table()
    {
        var finding = Single(Demo("SELECT c.email, r.* FROM customers c JOIN regions r ON 1 = 1"), "SQL001", "1:17");

        Rewrite(finding, """
            SELECT c.email, r.region_code, r.name
            FROM customers AS c
                JOIN regions AS r ON 1 = 1
            """, SqlDialect.Sqlite);
    }

    [Fact]
    public void Expanded_names_are_quoted_as_the_dialect_requires()
    {
        var finding = Single(Pg("SELECT * FROM \"Kundë 客户\""), "SQL001", "1:8");
        Rewrite(finding, "SELECT \"Kundë ID\", \"say \"\"hi\"\"\", \"order id\"\nFROM \"Kundë 客户\"", SqlDialect.Postgres);

        var reserved = Single(Pg("SELECT * FROM sales.\"order\" WHERE status = 'paid'"), "SQL001", "1:8");
        Rewrite(reserved, "SELECT id, customer_id, status, total, \"select\", tags, placed_on, invoice_no\nFROM sales.\"order\"\nWHERE status = 'paid'", SqlDialect.Postgres);

        var schema = SchemaOf(DatabaseEngine.SqlServer, new Table { Schema = "dbo", Name = "Line Items", Columns = [Col("order"), Col("my col"), Col("a]b")] });
        var tsql = Single(Findings("SELECT * FROM [Line Items] AS li", schema, SqlDialect.TSql), "SQL001", "1:8");
        Rewrite(tsql, "SELECT [order], [my col], [a]]b]\nFROM [Line Items] AS li", SqlDialect.TSql);
    }

    [Fact]
    public void Without_a_schema_select_star_is_reported_without_a_rewrite()
    {
        var finding = Single(Findings("SELECT * FROM t", null, SqlDialect.MySql), "SQL001", "1:8");

        Assert.Equal("SELECT * returns every column of t.", finding.Message);
        Assert.Null(finding.RewrittenSql);
        Assert.NotNull(finding.Suggestion);
    }

    [Fact]
    public void A_USING_join_is_not_expanded_because_its_star_merges_the_join_column()
    {
        var finding = Single(Demo("SELECT * FROM orders JOIN payments USING (order_id)"), "SQL001", "1:8");

        Assert.Null(finding.RewrittenSql);
    }

    [Fact]
    public void Select_star_in_a_subquery_is_only_info()
    {
        var finding = Single(Demo("SELECT x.email FROM (SELECT * FROM customers) AS x"), "SQL001", "1:29");

        Assert.Equal(LintSeverity.Info, finding.Severity);
    }

    [Theory]
    [InlineData("SELECT count(*) FROM customers")]
    [InlineData("SELECT c.email FROM customers c WHERE EXISTS (SELECT * FROM orders o WHERE o.customer_id = c.customer_id)")]
    [InlineData("WITH active AS (SELECT customer_id, email FROM customers WHERE status = 'active') SELECT * FROM active")]
    [InlineData("SELECT customer_id, email FROM customers")]
    public void Star_inside_count_or_EXISTS_or_over_a_CTE_is_not_select_star(string sql)
    {
        None(Demo(sql), "SQL001");
    }

    // ---- SQL006 cartesian-join -------------------------------------------------------------------------------------

    [Fact]
    public void A_comma_join_without_a_linking_condition_is_a_cartesian_product_and_the_foreign_key_is_suggested()
    {
        var finding = Single(Demo("SELECT c.email, o.order_id FROM customers c, orders o WHERE c.status = 'active'"), "SQL006", "1:46");

        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.Equal("customers (c) and orders (o) are not linked by any join condition: every row of one is paired with every row of the other.", finding.Message);
        Assert.Contains("o.customer_id = c.customer_id", finding.Suggestion, StringComparison.Ordinal);
        Assert.Null(finding.RewrittenSql);
    }

    [Fact]
    public void A_join_on_a_constant_condition_is_a_cartesian_product_too()
    {
        Single(Demo("SELECT * FROM products p JOIN warehouses w ON 1 = 1"), "SQL006", "1:31");
        Single(Findings("SELECT * FROM a JOIN b ON TRUE", null, SqlDialect.Postgres), "SQL006", "1:22");
    }

    [Theory]
    [InlineData("SELECT c.email, o.order_id FROM customers c, orders o WHERE o.customer_id = c.customer_id")]
    [InlineData("SELECT * FROM products CROSS JOIN warehouses")]
    [InlineData("SELECT o.order_id FROM orders o, (SELECT max(total_amount) AS biggest FROM orders) m WHERE o.total_amount = m.biggest")]
    [InlineData("SELECT o.order_id, m.biggest FROM orders o, (SELECT max(total_amount) AS biggest FROM orders) m")]
    [InlineData("SELECT c.email FROM customers c, orders o, payments p WHERE o.customer_id = c.customer_id AND p.order_id = o.order_id")]
    [InlineData("SELECT c.email FROM customers c WHERE EXISTS (SELECT 1 FROM orders o, payments p WHERE p.order_id = o.order_id AND o.customer_id = c.customer_id)")]
    public void Linked_crossed_or_single_row_sources_are_not_cartesian(string sql)
    {
        None(Demo(sql), "SQL006");
    }

    [Theory]
    [InlineData("SELECT * FROM a, b WHERE x = y")]
    [InlineData("SELECT * FROM t, generate_series(1, 3) AS g (n)")]
    [InlineData("SELECT * FROM t, LATERAL (SELECT * FROM u WHERE u.t_id = t.id) AS x")]
    public void Without_a_schema_an_unplaceable_name_or_a_table_function_gives_no_cartesian_finding(string sql)
    {
        None(Findings(sql, null, SqlDialect.Postgres), "SQL006");
        None(Findings(sql, TestSchemas.PostgresFixture, SqlDialect.Postgres), "SQL006"); // tables the schema does not know
    }

    // ---- SQL007 distinct-join-fan-out ------------------------------------------------------------------------------

    [Fact]
    public void Distinct_over_the_parent_of_a_joined_child_is_rewritten_as_EXISTS_without_DISTINCT_when_the_key_is_selected()
    {
        var finding = Single(
            Demo("SELECT DISTINCT c.customer_id, c.email FROM customers c JOIN orders o ON o.customer_id = c.customer_id WHERE o.status = 'paid' AND c.status = 'active' ORDER BY c.email"),
            "SQL007",
            "1:62");

        Assert.Equal("DISTINCT removes the copies made by joining orders: each customers row matches many orders rows through customer_id, yet no column of orders is selected.", finding.Message);
        Rewrite(finding, """
            SELECT c.customer_id, c.email
            FROM customers AS c
            WHERE c.status = 'active'
                AND EXISTS (
                    SELECT 1
                    FROM orders AS o
                    WHERE o.customer_id = c.customer_id AND o.status = 'paid'
                )
            ORDER BY c.email
            """, SqlDialect.Sqlite);
    }

    [Fact]
    public void Distinct_is_kept_in_the_rewrite_when_the_selected_columns_are_not_a_key()
    {
        var finding = Single(
            Demo("SELECT DISTINCT c.status FROM customers c, orders o WHERE o.customer_id = c.customer_id AND o.sales_rep_id = referred_by AND c.phone IS NULL"),
            "SQL007",
            "1:44");

        // referred_by is the parent's: inside EXISTS it is qualified so that no column of orders can capture it.
        Rewrite(finding, """
            SELECT DISTINCT c.status
            FROM customers AS c
            WHERE c.phone IS NULL
                AND EXISTS (
                    SELECT 1
                    FROM orders AS o
                    WHERE o.customer_id = c.customer_id AND o.sales_rep_id = c.referred_by
                )
            """, SqlDialect.Sqlite);
    }

    [Theory]
    [InlineData("SELECT DISTINCT o.order_id, o.status FROM orders o JOIN customers c ON c.customer_id = o.customer_id")]
    [InlineData("SELECT DISTINCT c.customer_id, o.status FROM customers c JOIN orders o ON o.customer_id = c.customer_id")]
    [InlineData("SELECT c.customer_id FROM customers c JOIN orders o ON o.customer_id = c.customer_id")]
    [InlineData("SELECT DISTINCT c.customer_id FROM customers c LEFT JOIN orders o ON o.customer_id = c.customer_id")]
    [InlineData("SELECT DISTINCT c.customer_id FROM customers c JOIN orders o ON o.sales_rep_id = c.customer_id")]
    public void Joining_a_parent_selecting_the_child_no_DISTINCT_an_outer_join_or_a_non_key_condition_is_not_a_hidden_fan_out(string sql)
    {
        None(Demo(sql), "SQL007");
    }

    // ---- SQL010 correlated-scalar-subquery -------------------------------------------------------------------------

    [Fact]
    public void A_correlated_count_in_the_select_list_becomes_a_grouped_left_join_with_coalesce()
    {
        var finding = Single(
            Demo("SELECT c.customer_id, (SELECT count(*) FROM orders o WHERE o.customer_id = c.customer_id AND o.status = 'paid') AS paid_orders FROM customers c"),
            "SQL010",
            "1:23");

        Assert.Equal("The subquery for paid_orders refers to customers.customer_id of the outer query, so it runs once for every row the outer query returns.", finding.Message);

        // customer_id is a column of customers already, so the grouped key gets a name of its own.
        Rewrite(finding, """
            SELECT c.customer_id, COALESCE(orders_agg.paid_orders, 0) AS paid_orders
            FROM customers AS c
                LEFT JOIN (
                    SELECT o.customer_id AS orders_customer_id, count(*) AS paid_orders
                    FROM orders AS o
                    WHERE o.status = 'paid'
                    GROUP BY o.customer_id
                ) AS orders_agg ON orders_agg.orders_customer_id = c.customer_id
            """, SqlDialect.Sqlite);
    }

    [Fact]
    public void A_correlated_max_keeps_null_for_rows_without_a_match()
    {
        var finding = Single(
            Pg("SELECT c.name, (SELECT max(o.total) FROM sales.\"order\" o WHERE o.customer_id = c.id) AS biggest FROM customer c WHERE c.country = 'NL'"),
            "SQL010",
            "1:16");

        Rewrite(finding, """
            SELECT c.name, order_agg.biggest AS biggest
            FROM customer AS c
                LEFT JOIN (
                    SELECT o.customer_id AS customer_id, max(o.total) AS biggest
                    FROM sales."order" AS o
                    GROUP BY o.customer_id
                ) AS order_agg ON order_agg.customer_id = c.id
            WHERE c.country = 'NL'
            """, SqlDialect.Postgres);
    }

    [Fact]
    public void A_correlated_subquery_that_is_not_a_grouped_aggregate_is_reported_without_a_rewrite()
    {
        var finding = Single(
            Demo("SELECT c.email, (SELECT o.status FROM orders o WHERE o.customer_id = c.customer_id ORDER BY o.ordered_at DESC LIMIT 1) AS last_status FROM customers c"),
            "SQL010",
            "1:17");

        Assert.Null(finding.RewrittenSql);
        Assert.Contains("LEFT JOIN", finding.Suggestion, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT c.email, (SELECT max(total_amount) FROM orders) AS biggest FROM customers c")]
    [InlineData("SELECT c.email FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)")]
    [InlineData("SELECT c.email, x.n FROM customers c JOIN (SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id) x ON x.customer_id = c.customer_id")]
    public void Uncorrelated_subqueries_and_correlation_outside_the_select_list_are_fine(string sql)
    {
        None(Demo(sql), "SQL010");
    }
}
