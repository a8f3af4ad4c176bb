using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Lint;
using static Appliance.Core.Tests.Sql.Lint.LintTestKit;

namespace Appliance.Core.Tests.Sql.Lint;

/// <summary>
/// Rules about conditions: SQL002 non-sargable-predicate, SQL003 leading-wildcard-like, SQL004 or-across-columns,
/// SQL005 not-in-nullable-subquery, SQL015 null-comparison, SQL016 string-number-comparison,
/// SQL020 not-null-column-is-null, SQL021 between-date-upper-bound.
/// </summary>
public sealed class LintPredicateTests
{
    /// <summary>events(id, created_at, kind, code) with created_at and code indexed, as a given engine would ingest it.</summary>
    private static DatabaseSchema Events(DatabaseEngine engine, string timestampType) => SchemaOf(engine, new Table
    {
        Schema = engine == DatabaseEngine.Postgres ? "public" : "dbo",
        Name = "events",
        Columns = [Col("id"), Col("created_at", timestampType), Col("kind", "varchar(20)"), Col("code", "varchar(10)", nullable: true)],
        PrimaryKey = Key("id"),
        Indexes = [Index("events_pkey", "id"), Index("ix_events_created_at", "created_at"), Index("ix_events_code", "code")],
    });

    // ---- SQL002 non-sargable-predicate -----------------------------------------------------------------------------

    [Fact]
    public void A_date_function_on_an_indexed_column_becomes_a_range_on_the_bare_column()
    {
        // ordered_at is the second column of ix_orders_customer_date, usable because customer_id is pinned by =.
        var finding = Single(Demo("SELECT order_id FROM orders WHERE customer_id = 42 AND date(ordered_at) = '2024-03-01'"), "SQL002", "1:56");

        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.Contains("orders.ordered_at", finding.Message, StringComparison.Ordinal);
        Assert.Contains("ix_orders_customer_date", finding.Message, StringComparison.Ordinal);
        Rewrite(finding, """
            SELECT order_id
            FROM orders
            WHERE customer_id = 42
                AND ordered_at >= '2024-03-01'
                AND ordered_at < '2024-03-02'
            """, SqlDialect.Sqlite);
    }

    [Theory]
    [InlineData("SELECT id FROM events WHERE YEAR(created_at) = 2024", "1:29", "SELECT id\nFROM events\nWHERE created_at >= '2024-01-01' AND created_at < '2025-01-01'")]
    [InlineData("SELECT id FROM events WHERE YEAR(created_at) > 2023", "1:29", "SELECT id\nFROM events\nWHERE created_at >= '2024-01-01'")]
    [InlineData("SELECT id FROM events WHERE 2024 >= YEAR(created_at)", "1:37", "SELECT id\nFROM events\nWHERE created_at < '2025-01-01'")]
    [InlineData("SELECT id FROM events WHERE DATE(created_at) BETWEEN '2024-01-01' AND '2024-01-31'", "1:29", "SELECT id\nFROM events\nWHERE created_at >= '2024-01-01' AND created_at < '2024-02-01'")]
    [InlineData("SELECT id FROM events WHERE DATE(created_at) <= '2024-02-28'", "1:29", "SELECT id\nFROM events\nWHERE created_at < '2024-02-29'")]
    public void Year_and_date_comparisons_in_MySQL_become_half_open_ranges(string sql, string position, string expected)
    {
        var finding = Single(Findings(sql, Events(DatabaseEngine.MySql, "datetime"), SqlDialect.MySql), "SQL002", position);

        Rewrite(finding, expected, SqlDialect.MySql);
    }

    [Fact]
    public void TSql_year_bounds_use_the_unambiguous_yyyymmdd_form_and_cast_to_date_is_left_alone()
    {
        var schema = Events(DatabaseEngine.SqlServer, "datetime2");
        var finding = Single(Findings("SELECT id FROM events WHERE YEAR(created_at) = 2024", schema, SqlDialect.TSql), "SQL002", "1:29");
        Rewrite(finding, "SELECT id\nFROM events\nWHERE created_at >= '20240101' AND created_at < '20250101'", SqlDialect.TSql);

        // SQL Server seeks through CAST(datetime AS date) by itself.
        None(Findings("SELECT id FROM events WHERE CAST(created_at AS date) = '2024-01-01'", schema, SqlDialect.TSql), "SQL002");
    }

    [Fact]
    public void A_PostgreSQL_cast_to_date_keeps_the_typed_literal_form()
    {
        var finding = Single(
            Findings("SELECT id FROM events WHERE created_at::date = DATE '2024-05-01' AND kind = 'x'", Events(DatabaseEngine.Postgres, "timestamp"), SqlDialect.Postgres),
            "SQL002",
            "1:29");

        Assert.Contains("a type conversion", finding.Message, StringComparison.Ordinal);
        Rewrite(finding, """
            SELECT id
            FROM events
            WHERE created_at >= DATE '2024-05-01'
                AND created_at < DATE '2024-05-02'
                AND kind = 'x'
            """, SqlDialect.Postgres);
    }

    [Fact]
    public void A_function_without_a_range_equivalent_is_reported_with_advice_only()
    {
        var finding = Single(Pg("SELECT id FROM customer WHERE lower(country) = 'nl'"), "SQL002", "1:31");

        Assert.Contains("customer_country_created_idx", finding.Message, StringComparison.Ordinal);
        Assert.Null(finding.RewrittenSql);
        Assert.Contains("expression index", finding.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Arithmetic_on_an_indexed_column_is_non_sargable_too()
    {
        var finding = Single(Demo("SELECT order_id FROM orders WHERE customer_id + 1 = 43"), "SQL002", "1:35");

        Assert.Contains("arithmetic", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_schema_a_wrapped_column_is_info_and_still_gets_the_range()
    {
        var finding = Single(Findings("SELECT * FROM t WHERE DATE(created_at) = '2024-01-01'", null, SqlDialect.MySql), "SQL002", "1:23");

        Assert.Equal(LintSeverity.Info, finding.Severity);
        Assert.Contains("if created_at is indexed", finding.Message, StringComparison.Ordinal);
        Rewrite(finding, "SELECT *\nFROM t\nWHERE created_at >= '2024-01-01' AND created_at < '2024-01-02'", SqlDialect.MySql);
    }

    [Fact]
    public void A_text_column_compared_with_a_number_loses_its_index_in_MySQL()
    {
        var finding = Single(Findings("SELECT id FROM events WHERE code = 42", Events(DatabaseEngine.MySql, "datetime"), SqlDialect.MySql), "SQL002", "1:29");

        Assert.Contains("events.code is text but is compared with 42", finding.Message, StringComparison.Ordinal);
        Assert.Contains("ix_events_code", finding.Message, StringComparison.Ordinal);
        Rewrite(finding, "SELECT id\nFROM events\nWHERE code = '42'", SqlDialect.MySql, LintRewriteKind.Fix);
    }

    [Theory]
    [InlineData("SELECT customer_id FROM customers WHERE lower(email) = 'ann@example.com'")] // the expression index ux_customers_email
    [InlineData("SELECT customer_id FROM customers WHERE date(created_at) = '2024-01-01'")] // created_at has no index to lose
    [InlineData("SELECT order_id FROM orders WHERE date(ordered_at) = '2024-03-01'")] // ordered_at is not a leading column
    [InlineData("SELECT order_id FROM orders WHERE customer_id = 42 AND ordered_at >= '2024-03-01'")]
    [InlineData("SELECT o.order_id FROM orders o JOIN customers c ON c.customer_id = o.customer_id")]
    public void Expression_indexes_unindexed_columns_and_bare_columns_are_not_flagged(string sql)
    {
        None(Demo(sql), "SQL002");
    }

    [Fact]
    public void A_PostgreSQL_expression_index_matches_although_the_catalog_adds_a_cast()
    {
        // customer_lower_name_idx is stored as lower(name::text).
        None(Pg("SELECT id FROM customer WHERE lower(name) = 'ann'"), "SQL002");
    }

    // ---- SQL003 leading-wildcard-like ------------------------------------------------------------------------------

    [Fact]
    public void A_pattern_starting_with_a_wildcard_cannot_use_an_index()
    {
        var finding = Single(Demo("SELECT customer_id FROM customers WHERE last_name LIKE '%son'"), "SQL003", "1:41");

        Assert.Equal("last_name LIKE '%son' starts with a wildcard, so an index on customers.last_name cannot be used to find the matches; every row is read and tested.", finding.Message);
        Assert.Contains("FTS5", finding.Suggestion, StringComparison.Ordinal);
        Assert.Null(finding.RewrittenSql);

        var concatenated = Single(Pg("SELECT id FROM customer WHERE name ILIKE '%' || $1"), "SQL003", "1:31");
        Assert.Contains("pg_trgm", concatenated.Suggestion, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT customer_id FROM customers WHERE last_name LIKE 'son%'")]
    [InlineData("SELECT customer_id FROM customers WHERE last_name NOT LIKE '%son'")]
    [InlineData("SELECT customer_id FROM customers WHERE last_name LIKE '\\%son' ESCAPE '\\'")]
    [InlineData("SELECT customer_id FROM customers WHERE 'abc' LIKE '%b%'")]
    public void Prefix_patterns_negations_escaped_percent_and_constants_are_fine(string sql)
    {
        None(Demo(sql), "SQL003");
    }

    // ---- SQL004 or-across-columns ----------------------------------------------------------------------------------

    [Fact]
    public void An_OR_across_unindexed_columns_becomes_a_UNION_ALL_whose_branches_exclude_each_other()
    {
        var finding = Single(Demo("SELECT customer_id FROM customers WHERE email = 'ann@example.com' OR last_name = 'Smith'"), "SQL004", "1:41");

        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.Contains("customers.email, customers.last_name have no index", finding.Message, StringComparison.Ordinal);

        // email is NOT NULL, so "not the first branch" is simply email <> '…'.
        Rewrite(finding, """
            SELECT customer_id
            FROM customers
            WHERE email = 'ann@example.com'
            UNION ALL
            SELECT customer_id
            FROM customers
            WHERE last_name = 'Smith' AND email <> 'ann@example.com'
            """, SqlDialect.Sqlite);
    }

    [Fact]
    public void A_nullable_first_branch_is_excluded_with_IS_NOT_TRUE_and_other_conditions_are_kept_in_every_branch()
    {
        var finding = Single(Demo("SELECT customer_id FROM customers WHERE status = 'active' AND (phone = '555' OR last_name = 'Smith')"), "SQL004", "1:63");

        Rewrite(finding, """
            SELECT customer_id
            FROM customers
            WHERE status = 'active' AND phone = '555'
            UNION ALL
            SELECT customer_id
            FROM customers
            WHERE status = 'active'
                AND last_name = 'Smith'
                AND (phone = '555') IS NOT TRUE
            """, SqlDialect.Sqlite);
    }

    [Fact]
    public void With_DISTINCT_the_branches_are_joined_by_UNION()
    {
        var finding = Single(Demo("SELECT DISTINCT last_name FROM customers WHERE phone = '555' OR first_name = 'Ann'"), "SQL004", "1:48");

        Rewrite(finding, """
            SELECT last_name
            FROM customers
            WHERE phone = '555'
            UNION
            SELECT last_name
            FROM customers
            WHERE first_name = 'Ann'
            """, SqlDialect.Sqlite);
    }

    [Fact]
    public void Indexed_columns_make_the_OR_info_and_ORDER_BY_or_TSql_nullability_prevent_the_rewrite()
    {
        var indexed = Single(Pg("SELECT name FROM customer WHERE id = 7 OR email = 'ann@example.com'"), "SQL004", "1:33");
        Assert.Equal(LintSeverity.Info, indexed.Severity);

        var ordered = Single(Demo("SELECT customer_id FROM customers WHERE email = 'a' OR last_name = 'b' ORDER BY customer_id"), "SQL004", "1:41");
        Assert.Null(ordered.RewrittenSql);

        var schema = SchemaOf(DatabaseEngine.SqlServer, new Table { Schema = "dbo", Name = "people", Columns = [Col("id"), Col("phone", "varchar", nullable: true), Col("email", "varchar")] });
        var tsql = Single(Findings("SELECT id FROM people WHERE phone = '1' OR email = 'x'", schema, SqlDialect.TSql), "SQL004", "1:29");
        Assert.Null(tsql.RewrittenSql);
    }

    [Theory]
    [InlineData("SELECT order_id FROM orders WHERE status = 'paid' OR status = 'shipped'")]
    [InlineData("SELECT order_id FROM orders WHERE ? IS NULL OR status = ?")]
    [InlineData("SELECT order_id FROM orders WHERE status = 'paid' AND customer_id = 3")]
    public void An_OR_over_one_column_or_an_optional_filter_is_not_flagged(string sql)
    {
        None(Demo(sql), "SQL004");
    }

    // ---- SQL005 not-in-nullable-subquery ---------------------------------------------------------------------------

    [Fact]
    public void NOT_IN_over_a_nullable_column_is_rewritten_as_NOT_EXISTS_with_the_outer_column_qualified()
    {
        var finding = Single(Demo("SELECT employee_id FROM employees WHERE employee_id NOT IN (SELECT sales_rep_id FROM orders WHERE status = 'paid')"), "SQL005", "1:41");

        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.Equal("orders.sales_rep_id can be NULL: if the subquery returns a single NULL, NOT IN is never true and the query returns no rows.", finding.Message);
        Rewrite(finding, """
            SELECT employee_id
            FROM employees
            WHERE NOT EXISTS (
                SELECT 1
                FROM orders
                WHERE status = 'paid' AND sales_rep_id = employees.employee_id
            )
            """, SqlDialect.Sqlite, LintRewriteKind.Fix);
    }

    [Fact]
    public void NOT_IN_over_the_same_table_gets_no_rewrite_as_the_outer_row_cannot_be_named_inside()
    {
        var finding = Single(Demo("SELECT customer_id FROM customers WHERE customer_id NOT IN (SELECT referred_by FROM customers)"), "SQL005", "1:41");

        Assert.Null(finding.RewrittenSql);
    }

    [Fact]
    public void Without_a_schema_NOT_IN_over_a_subquery_is_info()
    {
        var finding = Single(Findings("SELECT a FROM t WHERE t.a NOT IN (SELECT b FROM u)", null, SqlDialect.Postgres), "SQL005", "1:23");

        Assert.Equal(LintSeverity.Info, finding.Severity);
        Rewrite(finding, "SELECT a\nFROM t\nWHERE NOT EXISTS (\n    SELECT 1\n    FROM u\n    WHERE b = t.a\n)", SqlDialect.Postgres, LintRewriteKind.Fix);
    }

    [Theory]
    [InlineData("SELECT customer_id FROM customers WHERE customer_id NOT IN (SELECT customer_id FROM orders)")]
    [InlineData("SELECT employee_id FROM employees WHERE employee_id NOT IN (SELECT sales_rep_id FROM orders WHERE sales_rep_id IS NOT NULL)")]
    [InlineData("SELECT employee_id FROM employees WHERE employee_id IN (SELECT sales_rep_id FROM orders)")]
    [InlineData("SELECT employee_id FROM employees WHERE employee_id NOT IN (1, 2, 3)")]
    public void NOT_IN_over_a_NOT_NULL_or_filtered_column_IN_and_lists_are_fine(string sql)
    {
        None(Demo(sql), "SQL005");
    }

    // ---- SQL015 null-comparison ------------------------------------------------------------------------------------

    [Fact]
    public void Equality_with_NULL_is_an_error_and_becomes_IS_NULL()
    {
        var findings = Demo("SELECT order_id FROM orders WHERE sales_rep_id = NULL OR shipping_address_id <> NULL").OfRule("SQL015").ToList();

        Assert.Equal(["1:35", "1:58"], findings.Select(f => f.Position.ToString()));
        Assert.All(findings, f => Assert.Equal(LintSeverity.Error, f.Severity));
        Assert.Equal("sales_rep_id = NULL is never true: nothing equals NULL, not even NULL.", findings[0].Message);
        Rewrite(findings[0], "SELECT order_id\nFROM orders\nWHERE sales_rep_id IS NULL OR shipping_address_id <> NULL", SqlDialect.Sqlite, LintRewriteKind.Fix);
        Rewrite(findings[1], "SELECT order_id\nFROM orders\nWHERE sales_rep_id = NULL OR shipping_address_id IS NOT NULL", SqlDialect.Sqlite, LintRewriteKind.Fix);
    }

    [Fact]
    public void A_NULL_in_a_NOT_IN_list_and_CASE_WHEN_NULL_are_caught_as_well()
    {
        var notIn = Single(Demo("SELECT order_id FROM orders WHERE sales_rep_id NOT IN (1, NULL)"), "SQL015", "1:35");
        Rewrite(notIn, "SELECT order_id\nFROM orders\nWHERE sales_rep_id NOT IN (1)", SqlDialect.Sqlite, LintRewriteKind.Fix);

        var caseWhen = Single(Demo("SELECT CASE sales_rep_id WHEN NULL THEN 'none' WHEN 1 THEN 'boss' ELSE 'rep' END AS rep FROM orders"), "SQL015", "1:8");
        Assert.Equal(LintSeverity.Warning, caseWhen.Severity);
        Rewrite(caseWhen, """
            SELECT CASE
                WHEN sales_rep_id IS NULL THEN 'none'
                WHEN sales_rep_id = 1 THEN 'boss'
                ELSE 'rep'
            END AS rep
            FROM orders
            """, SqlDialect.Sqlite, LintRewriteKind.Fix);
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite, "SELECT order_id FROM orders WHERE sales_rep_id IS NULL")]
    [InlineData(SqlDialect.Sqlite, "SELECT order_id FROM orders WHERE status = 'NULL'")]
    [InlineData(SqlDialect.MySql, "SELECT id FROM t WHERE a <=> NULL")]
    [InlineData(SqlDialect.Postgres, "SELECT id FROM t WHERE a IS NOT DISTINCT FROM NULL")]
    [InlineData(SqlDialect.TSql, "SELECT total = NULL FROM t")]
    [InlineData(SqlDialect.Postgres, "UPDATE t SET a = NULL WHERE id = 1")]
    public void IS_NULL_the_string_NULL_null_safe_operators_and_assignments_are_fine(SqlDialect dialect, string sql)
    {
        None(Findings(sql, null, dialect), "SQL015");
    }

    // ---- SQL016 string-number-comparison ---------------------------------------------------------------------------

    [Fact]
    public void PostgreSQL_rejects_text_compared_with_a_number()
    {
        var finding = Single(Pg("SELECT id FROM customer WHERE name = 42"), "SQL016", "1:31");

        Assert.Equal(LintSeverity.Error, finding.Severity);
        Assert.Contains("customer.name is text but is compared with the number 42", finding.Message, StringComparison.Ordinal);
        Rewrite(finding, "SELECT id\nFROM customer\nWHERE name = '42'", SqlDialect.Postgres, LintRewriteKind.Fix);
    }

    [Fact]
    public void MySQL_compares_an_unindexed_text_column_with_a_number_as_floating_point()
    {
        var finding = Single(Findings("SELECT id FROM events WHERE kind IN (1, -2)", Events(DatabaseEngine.MySql, "datetime"), SqlDialect.MySql), "SQL016", "1:29");

        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Rewrite(finding, "SELECT id\nFROM events\nWHERE kind IN ('1', '-2')", SqlDialect.MySql, LintRewriteKind.Fix);
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite, "SELECT customer_id FROM customers WHERE phone = 5551234")] // SQLite converts the number, not the column
    [InlineData(SqlDialect.Sqlite, "SELECT customer_id FROM customers WHERE customer_id = '42'")]
    [InlineData(SqlDialect.Postgres, "SELECT id FROM customer WHERE name = '42'")]
    [InlineData(SqlDialect.Postgres, "SELECT id FROM customer WHERE id = 42")]
    public void SQLite_number_columns_and_string_literals_are_fine(SqlDialect dialect, string sql)
    {
        None(Findings(sql, dialect == SqlDialect.Sqlite ? TestSchemas.Demo : TestSchemas.PostgresFixture, dialect), "SQL016");
    }

    // ---- SQL020 not-null-column-is-null ----------------------------------------------------------------------------

    [Fact]
    public void IS_NULL_on_a_NOT_NULL_column_is_never_true_and_IS_NOT_NULL_always_true()
    {
        var findings = Demo("SELECT c.customer_id FROM customers c WHERE c.email IS NULL OR c.phone IS NULL").OfRule("SQL020").ToList();
        var never = Assert.Single(findings);
        Assert.Equal("1:45", never.Position.ToString());
        Assert.Equal("customers.email is declared NOT NULL, so c.email IS NULL is never true.", never.Message);

        var always = Single(Demo("SELECT customer_id FROM customers WHERE status IS NOT NULL AND phone IS NULL"), "SQL020", "1:41");
        Assert.Equal(LintSeverity.Info, always.Severity);
        Rewrite(always, "SELECT customer_id\nFROM customers\nWHERE phone IS NULL", SqlDialect.Sqlite);
    }

    [Fact]
    public void The_outer_side_of_an_outer_join_can_be_NULL_whatever_its_declaration()
    {
        None(Demo("SELECT c.customer_id FROM customers c LEFT JOIN orders o ON o.customer_id = c.customer_id WHERE o.order_id IS NULL"), "SQL020");
        None(Demo("SELECT c.customer_id FROM orders o RIGHT JOIN customers c ON o.customer_id = c.customer_id WHERE o.status IS NULL"), "SQL020");
    }

    // ---- SQL021 between-date-upper-bound ---------------------------------------------------------------------------

    [Fact]
    public void BETWEEN_with_a_date_upper_bound_on_a_timestamp_drops_the_last_day()
    {
        var finding = Single(Pg("SELECT id FROM customer WHERE created_at BETWEEN '2024-01-01' AND '2024-01-31' AND country = 'NL'"), "SQL021", "1:31");

        Assert.Equal("customer.created_at is a timestamp, so BETWEEN … AND '2024-01-31' ends at 2024-01-31 00:00:00 and leaves out the rest of that day.", finding.Message);
        Rewrite(finding, """
            SELECT id
            FROM customer
            WHERE created_at >= '2024-01-01'
                AND created_at < '2024-02-01'
                AND country = 'NL'
            """, SqlDialect.Postgres, LintRewriteKind.Fix);
    }

    [Theory]
    [InlineData("SELECT id FROM sales.\"order\" WHERE placed_on BETWEEN '2024-01-01' AND '2024-01-31'")] // a date column
    [InlineData("SELECT id FROM customer WHERE created_at BETWEEN '2024-01-01' AND '2024-01-31 23:59:59.999'")]
    [InlineData("SELECT id FROM customer WHERE created_at NOT BETWEEN '2024-01-01' AND '2024-01-31'")]
    public void Date_columns_and_bounds_with_a_time_are_fine(string sql)
    {
        None(Pg(sql), "SQL021");
    }
}
