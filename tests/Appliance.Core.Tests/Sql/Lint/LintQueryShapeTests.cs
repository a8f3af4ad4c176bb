using Appliance.Core.Sql;
using Appliance.Core.Sql.Lint;
using static Appliance.Core.Tests.Sql.Lint.LintTestKit;

namespace Appliance.Core.Tests.Sql.Lint;

/// <summary>
/// Rules about the shape of a query: SQL008 order-by-random, SQL009 large-offset, SQL011 count-for-existence,
/// SQL012 unbounded-large-table, SQL013 union-without-all, SQL014 having-without-aggregate, SQL017 unused-cte,
/// SQL018 order-by-in-subquery, SQL019 distinct-with-group-by.
/// </summary>
public sealed class LintQueryShapeTests
{
    // ---- SQL008 order-by-random ------------------------------------------------------------------------------------

    [Theory]
    [InlineData(SqlDialect.MySql, "SELECT order_id FROM orders ORDER BY RAND() LIMIT 5", "1:38", "RAND()")]
    [InlineData(SqlDialect.TSql, "SELECT TOP (1) order_id FROM orders ORDER BY NEWID()", "1:46", "NEWID()")]
    [InlineData(SqlDialect.Postgres, "SELECT order_id FROM orders ORDER BY random()", "1:38", "random()")]
    public void Ordering_by_a_random_value_is_flagged_in_each_dialect(SqlDialect dialect, string sql, string position, string function)
    {
        var finding = Single(Findings(sql, null, dialect), "SQL008", position);

        Assert.StartsWith($"ORDER BY {function} gives every row a random value", finding.Message, StringComparison.Ordinal);
        Assert.NotNull(finding.Suggestion);
    }

    [Theory]
    [InlineData("SELECT random() AS r, order_id FROM orders ORDER BY order_id")]
    [InlineData("SELECT order_id FROM orders ORDER BY random_rank")]
    public void Random_values_outside_ORDER_BY_and_look_alike_names_are_fine(string sql)
    {
        None(Findings(sql, null, SqlDialect.Postgres), "SQL008");
    }

    // ---- SQL009 large-offset ---------------------------------------------------------------------------------------

    [Fact]
    public void A_large_offset_ordered_by_the_primary_key_becomes_keyset_pagination()
    {
        var finding = Single(Pg("SELECT id, email FROM customer WHERE country = $1 ORDER BY id LIMIT 20 OFFSET 5000"), "SQL009", "1:79");

        Assert.Equal("OFFSET 5000 reads and discards 5,000 rows before returning any.", finding.Message);
        Assert.Contains("$2 is the key of the last row", finding.Suggestion, StringComparison.Ordinal);
        Rewrite(finding, "SELECT id, email\nFROM customer\nWHERE country = $1 AND id > $2\nORDER BY id\nLIMIT 20", SqlDialect.Postgres, LintRewriteKind.Pattern);
    }

    [Fact]
    public void Keyset_rewrites_follow_the_dialect_and_the_sort_direction()
    {
        var mysql = Single(Findings("SELECT order_id, status FROM orders ORDER BY order_id DESC LIMIT 20000, 50", TestSchemas.Demo, SqlDialect.MySql), "SQL009", "1:66");
        Rewrite(mysql, "SELECT order_id, status\nFROM orders\nWHERE order_id < @last_order_id\nORDER BY order_id DESC\nLIMIT 50", SqlDialect.MySql, LintRewriteKind.Pattern);

        var sqlite = Single(Demo("SELECT order_id, line_number FROM order_lines ORDER BY order_id, line_number LIMIT 100 OFFSET 100000"), "SQL009", "1:95");
        Rewrite(sqlite, "SELECT order_id, line_number\nFROM order_lines\nWHERE (order_id, line_number) > (:last_order_id, :last_line_number)\nORDER BY order_id, line_number\nLIMIT 100", SqlDialect.Sqlite, LintRewriteKind.Pattern);

        var tsql = Single(
            Findings("SELECT order_id FROM order_lines ORDER BY order_id, line_number OFFSET 3000 ROWS FETCH NEXT 25 ROWS ONLY", TestSchemas.Demo, SqlDialect.TSql),
            "SQL009",
            "1:72");
        Rewrite(tsql, """
            SELECT order_id
            FROM order_lines
            WHERE order_id > @last_order_id OR (order_id = @last_order_id AND line_number > @last_line_number)
            ORDER BY order_id, line_number
            OFFSET 0 ROWS FETCH NEXT 25 ROWS ONLY
            """, SqlDialect.TSql, LintRewriteKind.Pattern);
    }

    [Fact]
    public void A_variable_offset_is_info_and_a_non_unique_order_gets_no_rewrite()
    {
        var variable = Single(Findings("SELECT id FROM t ORDER BY id OFFSET @skip ROWS FETCH NEXT 20 ROWS ONLY", null, SqlDialect.TSql), "SQL009", "1:37");
        Assert.Equal(LintSeverity.Info, variable.Severity);
        Assert.Contains("grows with the page number", variable.Message, StringComparison.Ordinal);

        var byStatus = Single(Demo("SELECT order_id FROM orders ORDER BY status LIMIT 10 OFFSET 5000"), "SQL009", "1:61");
        Assert.Null(byStatus.RewrittenSql);
    }

    [Theory]
    [InlineData("SELECT order_id FROM orders ORDER BY order_id LIMIT 20 OFFSET 40")]
    [InlineData("SELECT order_id FROM orders ORDER BY order_id LIMIT 1000")]
    [InlineData("SELECT order_id FROM orders ORDER BY order_id LIMIT 20 OFFSET 999")]
    public void Small_offsets_and_plain_limits_are_fine(string sql)
    {
        None(Demo(sql), "SQL009");
    }

    [Fact]
    public void The_offset_threshold_is_an_option()
    {
        var options = new LintOptions { LargeOffset = 100, IncludeSchemaFindings = false, VerifyRewrites = false };

        Single(Demo("SELECT order_id FROM orders ORDER BY order_id LIMIT 20 OFFSET 200", options), "SQL009", "1:63");
    }

    // ---- SQL011 count-for-existence --------------------------------------------------------------------------------

    [Fact]
    public void A_counted_subquery_compared_with_zero_becomes_EXISTS()
    {
        var finding = Single(Demo("SELECT c.customer_id FROM customers c WHERE (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.customer_id) > 0"), "SQL011", "1:53");

        Assert.Equal("(SELECT COUNT(*) FROM orders AS o WHERE o.customer_id = c.customer_id) > 0 counts every matching row only to learn whether there is one.", finding.Message);
        Rewrite(finding, """
            SELECT c.customer_id
            FROM customers AS c
            WHERE EXISTS (
                SELECT 1
                FROM orders AS o
                WHERE o.customer_id = c.customer_id
            )
            """, SqlDialect.Sqlite);
    }

    [Fact]
    public void Zero_becomes_NOT_EXISTS_and_counting_a_column_keeps_its_non_null_condition()
    {
        var none = Single(Demo("SELECT c.customer_id FROM customers c WHERE 0 = (SELECT count(o.sales_rep_id) FROM orders o WHERE o.customer_id = c.customer_id)"), "SQL011", "1:57");

        Rewrite(none, """
            SELECT c.customer_id
            FROM customers AS c
            WHERE NOT EXISTS (
                SELECT 1
                FROM orders AS o
                WHERE o.customer_id = c.customer_id AND o.sales_rep_id IS NOT NULL
            )
            """, SqlDialect.Sqlite);
    }

    [Fact]
    public void A_whole_query_that_counts_to_test_existence_becomes_a_select_of_EXISTS()
    {
        var pg = Single(Pg("SELECT count(*) > 0 AS has_paid FROM sales.\"order\" WHERE status = 'paid'"), "SQL011", "1:8");
        Rewrite(pg, "SELECT EXISTS (\n    SELECT 1\n    FROM sales.\"order\"\n    WHERE status = 'paid'\n) AS has_paid", SqlDialect.Postgres);

        var tsql = Single(Findings("SELECT CASE WHEN COUNT(*) >= 1 THEN 1 ELSE 0 END AS has_orders FROM dbo.orders WHERE customer_id = @id", null, SqlDialect.TSql), "SQL011", "1:18");
        Rewrite(tsql, """
            SELECT CASE
                WHEN EXISTS (
                    SELECT 1
                    FROM dbo.orders
                    WHERE customer_id = @id
                ) THEN 1
                ELSE 0
            END AS has_orders
            """, SqlDialect.TSql);
    }

    [Theory]
    [InlineData("SELECT c.customer_id FROM customers c WHERE (SELECT count(*) FROM orders o WHERE o.customer_id = c.customer_id) > 5")]
    [InlineData("SELECT customer_id FROM orders GROUP BY customer_id HAVING count(*) > 0")]
    [InlineData("SELECT count(*) FROM orders")]
    [InlineData("SELECT c.customer_id FROM customers c WHERE (SELECT count(*) FROM orders o GROUP BY o.status LIMIT 1) > 0")]
    public void Counting_for_a_number_HAVING_and_grouped_counts_are_fine(string sql)
    {
        None(Demo(sql), "SQL011");
    }

    [Fact]
    public void A_whole_query_that_also_returns_a_column_is_reported_without_a_rewrite()
    {
        var finding = Single(Demo("SELECT count(*) > 0 AS any_paid, max(total_amount) AS biggest FROM orders WHERE status = 'paid'"), "SQL011", "1:8");

        Assert.Null(finding.RewrittenSql);
    }

    // ---- SQL012 unbounded-large-table ------------------------------------------------------------------------------

    private static readonly Appliance.Core.Schema.DatabaseSchema LargeOrders = DemoWith("orders", t => t with { RowEstimate = 2_500_000 });

    [Fact]
    public void Reading_a_large_table_without_a_limit_is_flagged_with_its_size()
    {
        var finding = Single(Findings("SELECT order_id, status FROM orders", LargeOrders, SqlDialect.Sqlite), "SQL012", "1:30");

        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.Equal("orders has about 2,500,000 rows and the query returns all of them: there is no filter and no limit.", finding.Message);

        var filtered = Single(Findings("SELECT o.order_id FROM customers c JOIN orders o ON o.customer_id = c.customer_id WHERE o.status = 'paid'", LargeOrders, SqlDialect.Sqlite), "SQL012", "1:41");
        Assert.Equal(LintSeverity.Info, filtered.Severity);
    }

    [Theory]
    [InlineData("SELECT order_id FROM orders LIMIT 100")]
    [InlineData("SELECT status, count(*) FROM orders GROUP BY status")]
    [InlineData("SELECT order_id, status FROM orders WHERE order_id = 5")]
    [InlineData("SELECT customer_id FROM customers")]
    [InlineData("INSERT INTO order_promotions (order_id, promotion_id) SELECT order_id, 1 FROM orders")]
    [InlineData("SELECT c.email FROM customers c WHERE c.customer_id IN (SELECT customer_id FROM orders)")]
    public void Limits_aggregates_key_lookups_small_tables_and_subqueries_are_fine(string sql)
    {
        None(Findings(sql, LargeOrders, SqlDialect.Sqlite), "SQL012");
    }

    [Fact]
    public void The_large_table_threshold_is_an_option()
    {
        var options = new LintOptions { LargeTableRows = 3_000_000, IncludeSchemaFindings = false };

        None(Findings("SELECT order_id FROM orders", LargeOrders, SqlDialect.Sqlite, options), "SQL012");
        None(Findings("SELECT top (10) order_id FROM orders", LargeOrders, SqlDialect.TSql), "SQL012");
    }

    // ---- SQL013 union-without-all ----------------------------------------------------------------------------------

    [Fact]
    public void A_UNION_of_branches_with_different_constants_and_keys_becomes_UNION_ALL()
    {
        var finding = Single(
            Demo("SELECT 'customer' AS kind, customer_id AS id FROM customers UNION SELECT 'employee', employee_id FROM employees"),
            "SQL013",
            "1:61");

        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.Contains("column 1 is 'customer' in one branch and 'employee' in another", finding.Message, StringComparison.Ordinal);
        Rewrite(finding, """
            SELECT 'customer' AS kind, customer_id AS id
            FROM customers
            UNION ALL
            SELECT 'employee', employee_id
            FROM employees
            """, SqlDialect.Sqlite);
    }

    [Fact]
    public void Different_equality_filters_on_a_selected_column_also_make_branches_disjoint()
    {
        var finding = Single(
            Demo("SELECT order_id, status FROM orders WHERE status = 'paid' UNION SELECT order_id, status FROM orders WHERE status = 'shipped' UNION SELECT order_id, status FROM orders WHERE status = 'new'"),
            "SQL013",
            "1:59");

        Rewrite(finding, """
            SELECT order_id, status
            FROM orders
            WHERE status = 'paid'
            UNION ALL
            SELECT order_id, status
            FROM orders
            WHERE status = 'shipped'
            UNION ALL
            SELECT order_id, status
            FROM orders
            WHERE status = 'new'
            """, SqlDialect.Sqlite);
    }

    [Fact]
    public void Disjoint_branches_that_may_repeat_rows_or_overlapping_branches_get_an_info_only()
    {
        // customers.email has no plain unique key, so a branch may return the same email twice.
        var maybe = Single(Demo("SELECT 'c' AS kind, email FROM customers UNION SELECT 'e', email FROM employees"), "SQL013", "1:42");
        Assert.Equal(LintSeverity.Info, maybe.Severity);
        Assert.Contains("cannot overlap", maybe.Message, StringComparison.Ordinal);
        Assert.Null(maybe.RewrittenSql);

        // The filtered column is not selected, so equal order ids... here equal statuses cannot be told apart.
        var overlapping = Single(Demo("SELECT customer_id FROM orders WHERE status = 'paid' UNION SELECT customer_id FROM orders WHERE status = 'new'"), "SQL013", "1:54");
        Assert.Equal(LintSeverity.Info, overlapping.Severity);
        Assert.StartsWith("UNION removes duplicate rows", overlapping.Message, StringComparison.Ordinal);
        Assert.Null(overlapping.RewrittenSql);
    }

    [Fact]
    public void UNION_ALL_is_fine()
    {
        None(Demo("SELECT email FROM customers UNION ALL SELECT email FROM employees"), "SQL013");
    }

    // ---- SQL014 having-without-aggregate ---------------------------------------------------------------------------

    [Fact]
    public void A_HAVING_condition_on_a_grouping_column_moves_to_WHERE()
    {
        var finding = Single(Demo("SELECT status, count(*) AS n FROM orders WHERE total_amount > 10 GROUP BY status HAVING status <> 'cancelled' AND count(*) > 10"), "SQL014", "1:89");

        Assert.Equal("HAVING status <> 'cancelled' uses no aggregate, only grouping columns: it can filter rows before grouping.", finding.Message);
        Rewrite(finding, """
            SELECT status, count(*) AS n
            FROM orders
            WHERE total_amount > 10 AND status <> 'cancelled'
            GROUP BY status
            HAVING count(*) > 10
            """, SqlDialect.Sqlite);
    }

    [Theory]
    [InlineData("SELECT status, count(*) FROM orders GROUP BY status HAVING count(*) > 1")]
    [InlineData("SELECT status AS s, count(*) FROM orders GROUP BY status HAVING s <> 'x'")]
    [InlineData("SELECT status, count(*) FROM orders GROUP BY ROLLUP (status) HAVING status IS NOT NULL")]
    [InlineData("SELECT customer_id, count(*) FROM orders GROUP BY customer_id HAVING status = 'paid'")]
    public void Aggregates_aliases_rollups_and_non_grouping_columns_stay_in_HAVING(string sql)
    {
        None(Findings(sql, TestSchemas.Demo, SqlDialect.Postgres), "SQL014");
    }

    // ---- SQL017 unused-cte -----------------------------------------------------------------------------------------

    [Fact]
    public void An_unused_WITH_query_is_removed_in_the_rewrite()
    {
        var finding = Single(Demo("WITH paid AS (SELECT order_id FROM orders WHERE status = 'paid'), big AS (SELECT order_id FROM orders WHERE total_amount > 100) SELECT order_id FROM big"), "SQL017", "1:6");

        Assert.Equal("The WITH query paid is never used.", finding.Message);
        Rewrite(finding, """
            WITH big AS (
                SELECT order_id
                FROM orders
                WHERE total_amount > 100
            )
            SELECT order_id
            FROM big
            """, SqlDialect.Sqlite);

        var only = Single(Demo("WITH unused AS (SELECT 1) SELECT order_id FROM orders"), "SQL017", "1:6");
        Rewrite(only, "SELECT order_id\nFROM orders", SqlDialect.Sqlite);
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite, "WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a) SELECT x FROM b")]
    [InlineData(SqlDialect.Sqlite, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT i FROM n")]
    [InlineData(SqlDialect.Postgres, "WITH gone AS (DELETE FROM sessions WHERE expires < now() RETURNING id) SELECT 1")]
    public void CTEs_used_by_other_CTEs_recursive_ones_and_data_modifying_ones_are_fine(SqlDialect dialect, string sql)
    {
        None(Findings(sql, null, dialect), "SQL017");
    }

    // ---- SQL018 order-by-in-subquery -------------------------------------------------------------------------------

    [Fact]
    public void ORDER_BY_inside_IN_is_removed_and_inside_a_derived_table_it_is_reported()
    {
        var inList = Single(Demo("SELECT email FROM customers WHERE customer_id IN (SELECT customer_id FROM orders ORDER BY ordered_at)"), "SQL018", "1:91");
        Assert.Equal("ORDER BY ordered_at inside this subquery has no effect on its result.", inList.Message);
        Rewrite(inList, """
            SELECT email
            FROM customers
            WHERE customer_id IN (
                SELECT customer_id
                FROM orders
            )
            """, SqlDialect.Sqlite);

        var derived = Single(Demo("SELECT x.order_id FROM (SELECT order_id FROM orders ORDER BY ordered_at) AS x"), "SQL018", "1:62");
        Assert.Equal(LintSeverity.Info, derived.Severity);
        Assert.Contains("not guaranteed", derived.Message, StringComparison.Ordinal);
        Assert.Null(derived.RewrittenSql);
    }

    [Fact]
    public void SQL_Server_rejects_ORDER_BY_in_a_subquery()
    {
        var finding = Single(Findings("SELECT x.id FROM (SELECT id FROM t ORDER BY id) AS x", null, SqlDialect.TSql), "SQL018", "1:45");

        Assert.Equal(LintSeverity.Error, finding.Severity);
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, "SELECT x.id FROM (SELECT id FROM t ORDER BY id LIMIT 5) AS x")]
    [InlineData(SqlDialect.Postgres, "SELECT id FROM t ORDER BY id")]
    [InlineData(SqlDialect.TSql, "SELECT x.id FROM (SELECT TOP (5) id FROM t ORDER BY id) AS x")]
    [InlineData(SqlDialect.Postgres, "SELECT ARRAY(SELECT name FROM t ORDER BY name)")]
    [InlineData(SqlDialect.Postgres, "INSERT INTO u (id) SELECT id FROM t ORDER BY id")]
    public void ORDER_BY_with_a_limit_at_the_top_in_ARRAY_or_for_INSERT_is_fine(SqlDialect dialect, string sql)
    {
        None(Findings(sql, null, dialect), "SQL018");
    }

    // ---- SQL019 distinct-with-group-by -----------------------------------------------------------------------------

    [Fact]
    public void DISTINCT_over_a_result_grouped_by_selected_columns_is_removed()
    {
        var finding = Single(Demo("SELECT DISTINCT status, count(*) FROM orders GROUP BY status"), "SQL019", "1:1");

        Assert.Equal("DISTINCT is redundant: the rows are grouped by status, every grouping column is selected, so they are already distinct.", finding.Message);

        Rewrite(finding, "SELECT status, count(*)\nFROM orders\nGROUP BY status", SqlDialect.Sqlite);
    }

    [Fact]
    public void DISTINCT_matters_when_a_grouping_column_is_not_selected()
    {
        None(Demo("SELECT DISTINCT status FROM orders GROUP BY status, customer_id"), "SQL019");
    }
}
