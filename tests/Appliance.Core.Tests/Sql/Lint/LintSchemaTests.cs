using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Lint;
using static Appliance.Core.Tests.Sql.Lint.LintTestKit;

namespace Appliance.Core.Tests.Sql.Lint;

/// <summary>Schema rules: SQL101 missing-primary-key, SQL102 unindexed-foreign-key, SQL103 duplicate-index, SQL104 redundant-index.</summary>
public sealed class LintSchemaTests
{
    private static Table TableOf(string name, IReadOnlyList<Column> columns, KeyConstraint? primaryKey, params TableIndex[] indexes) =>
        new() { Schema = "app", Name = name, Columns = columns, PrimaryKey = primaryKey, Indexes = indexes };

    private static List<LintFinding> Check(params Table[] tables) => SqlLinter.LintSchema(SchemaOf(DatabaseEngine.Postgres, tables)).ToList();

    // ---- The fixture schemas ---------------------------------------------------------------------------------------

    [Fact]
    public void The_demo_schema_has_unindexed_foreign_keys_and_nothing_else()
    {
        var findings = SqlLinter.LintSchema(TestSchemas.Demo);

        Assert.All(findings, f => Assert.Equal("SQL102", f.RuleId));
        Assert.All(findings, f => Assert.Null(f.Position));
        Assert.Equal(
            [
                "main.addresses (country_code)", "main.categories (parent_category_id)", "main.countries (region_code)",
                "main.customers (referred_by)", "main.order_promotions (promotion_id)", "main.orders (billing_address_id)",
                "main.orders (sales_rep_id)", "main.orders (shipping_address_id)", "main.product_reviews (customer_id)",
                "main.shipment_lines (order_id, line_number)", "main.shipments (warehouse_id)", "main.suppliers (country_code)",
                "main.warehouses (country_code)",
            ],
            findings.Select(f => f.Table + " (" + f.Message.Split('(', ')')[1] + ")"));
        var salesRep = findings.Single(f => f.Message.Contains("(sales_rep_id)", StringComparison.Ordinal));
        Assert.Equal(
            "Foreign key orders (sales_rep_id) → employees (employee_id) has no index starting with sales_rep_id: deleting or updating a row of employees reads all of orders, and joins along the key cannot seek.",
            salesRep.Message);
        Assert.Equal("CREATE INDEX ix_orders_sales_rep_id ON orders (sales_rep_id);", salesRep.Suggestion);
    }

    [Fact]
    public void The_PostgreSQL_fixture_is_checked_with_its_odd_names_quoted_and_a_NOT_NULL_partial_index_counts()
    {
        var findings = SqlLinter.LintSchema(TestSchemas.PostgresFixture);

        // customer.referred_by is covered by customer_referred_idx (… WHERE referred_by IS NOT NULL); the hash and
        // B-tree indexes on customer.email differ by method, so they are no duplicates.
        Assert.Equal(["public.Kundë 客户", "sales.order", "sales.shipment"], findings.Select(f => f.Table));
        Assert.All(findings, f => Assert.Equal("SQL102", f.RuleId));
        Assert.Equal("CREATE INDEX ix_kundë_客户_order_id ON public.\"Kundë 客户\" (\"order id\");", findings[0].Suggestion);
        Assert.StartsWith("Foreign key \"order\" (customer_id) → customer (id)", findings[1].Message, StringComparison.Ordinal);
        Assert.Equal("CREATE INDEX ix_shipment_order_id_line_no ON sales.shipment (order_id, line_no);", findings[2].Suggestion);
    }

    // ---- SQL101 missing-primary-key --------------------------------------------------------------------------------

    [Fact]
    public void A_table_without_a_primary_key_is_flagged_and_a_unique_NOT_NULL_key_is_offered()
    {
        var bare = Assert.Single(Check(TableOf("logs", [Col("at", "timestamp"), Col("line", "text")], null)));
        Assert.Equal(("SQL101", "missing-primary-key", LintSeverity.Warning), (bare.RuleId, bare.RuleName, bare.Severity));
        Assert.Equal("Table logs has no primary key.", bare.Message);

        var keyed = TableOf("users", [Col("id"), Col("email", "text")], null) with { UniqueConstraints = [Key("email")] };
        var candidate = Assert.Single(Check(keyed));
        Assert.Equal(LintSeverity.Info, candidate.Severity);
        Assert.Equal("ALTER TABLE app.users ADD PRIMARY KEY (email);", candidate.Suggestion);
    }

    [Fact]
    public void A_unique_key_with_a_nullable_column_is_no_primary_key_candidate_and_a_keyed_table_is_fine()
    {
        var nullable = TableOf("users", [Col("id"), Col("email", "text", nullable: true)], null) with { UniqueConstraints = [Key("email")] };
        Assert.Equal(LintSeverity.Warning, Assert.Single(Check(nullable)).Severity);

        Assert.Empty(Check(TableOf("users", [Col("id")], Key("id"))));
    }

    // ---- SQL102 unindexed-foreign-key ------------------------------------------------------------------------------

    private static Table Child(KeyConstraint? primaryKey, params TableIndex[] indexes) =>
        TableOf("line", [Col("order_id"), Col("line_no"), Col("sku", "text")], primaryKey, indexes) with
        {
            ForeignKeys = [new ForeignKey { Columns = ["order_id", "line_no"], ReferencedSchema = "app", ReferencedTable = "order_line", ReferencedColumns = ["id", "no"] }],
        };

    [Fact]
    public void A_foreign_key_needs_an_index_whose_leading_columns_are_its_columns_in_order()
    {
        var reversed = Assert.Single(Check(Child(Key("sku"), Index("ix_line", "line_no", "order_id"))));
        Assert.Equal("SQL102", reversed.RuleId);
        Assert.Equal("CREATE INDEX ix_line_order_id_line_no ON app.line (order_id, line_no);", reversed.Suggestion);

        Assert.Single(Check(Child(Key("sku"), Index("ix_line", "order_id"))));
        Assert.Single(Check(Child(Key("sku"), Index("ix_line", "lower(order_id)", "line_no"))));
    }

    [Fact]
    public void A_wider_index_a_primary_key_or_a_unique_constraint_starting_with_the_columns_counts()
    {
        Assert.Empty(Check(Child(Key("sku"), Index("ix_line", "order_id", "line_no", "sku"))));
        Assert.Empty(Check(Child(Key("order_id", "line_no", "sku"))));
        Assert.Empty(Check(Child(Key("sku")) with { UniqueConstraints = [Key("order_id", "line_no")] }));
    }

    [Fact]
    public void A_partial_index_counts_only_when_its_filter_is_the_key_being_not_null()
    {
        var notNull = Index("ix_line", "order_id", "line_no") with { Filter = "(order_id IS NOT NULL)" };
        Assert.Empty(Check(Child(Key("sku"), notNull)));

        var other = Index("ix_line", "order_id", "line_no") with { Filter = "sku <> 'x'" };
        Assert.Single(Check(Child(Key("sku"), other)));
    }

    // ---- SQL103 duplicate-index ------------------------------------------------------------------------------------

    [Fact]
    public void Identical_indexes_are_duplicates_and_the_one_enforcing_less_is_the_one_to_drop()
    {
        var table = TableOf("users", [Col("id"), Col("email", "text")], Key("id"),
            Index("ix_users_email", "email"),
            Index("uq_users_email", "email") with { IsUnique = true });

        var finding = Assert.Single(Check(table));

        Assert.Equal(("SQL103", "duplicate-index"), (finding.RuleId, finding.RuleName));
        Assert.Equal("Indexes uq_users_email and ix_users_email on users are identical (email).", finding.Message);
        Assert.Equal("DROP INDEX app.ix_users_email;", finding.Suggestion);
        Assert.Equal("app.users", finding.Table);
    }

    [Theory]
    [InlineData("email DESC")]
    [InlineData("lower(email)")]
    public void Indexes_differing_in_direction_or_expression_are_not_duplicates(string second)
    {
        var table = TableOf("users", [Col("id"), Col("email", "text")], Key("id"), Index("ix_a", "email"), Index("ix_b", second));

        Assert.DoesNotContain(Check(table), f => f.RuleId == "SQL103");
    }

    [Fact]
    public void Indexes_differing_in_filter_or_method_are_not_duplicates()
    {
        var filtered = TableOf("users", [Col("id"), Col("email", "text")], Key("id"), Index("ix_a", "email"), Index("ix_b", "email") with { Filter = "id > 10" });
        var hashed = TableOf("users", [Col("id"), Col("email", "text")], Key("id"), Index("ix_a", "email"), Index("ix_b", "email") with { Method = "hash" });

        Assert.DoesNotContain(Check(filtered), f => f.RuleId == "SQL103");
        Assert.DoesNotContain(Check(hashed), f => f.RuleId == "SQL103");
    }

    [Fact]
    public void Dropping_an_index_is_advised_in_the_dialect_of_the_schema()
    {
        var table = TableOf("users", [Col("id"), Col("email", "varchar(100)")], Key("id"), Index("ix_a", "email"), Index("ix b", "email"));

        var mysql = Assert.Single(SqlLinter.LintSchema(SchemaOf(DatabaseEngine.MySql, table)));
        Assert.Equal("DROP INDEX `ix b` ON app.users;", mysql.Suggestion);

        var tsql = Assert.Single(SqlLinter.LintSchema(SchemaOf(DatabaseEngine.SqlServer, table)));
        Assert.Equal("DROP INDEX [ix b] ON app.users;", tsql.Suggestion);
    }

    // ---- SQL104 redundant-index ------------------------------------------------------------------------------------

    [Fact]
    public void An_index_that_is_a_leading_prefix_of_another_is_redundant()
    {
        var table = TableOf("orders", [Col("id"), Col("customer_id"), Col("placed_at", "timestamp")], Key("id"),
            Index("ix_orders_customer", "customer_id"),
            Index("ix_orders_customer_placed", "customer_id", "placed_at DESC"));

        var finding = Assert.Single(Check(table));

        Assert.Equal(("SQL104", "redundant-index", LintSeverity.Info), (finding.RuleId, finding.RuleName, finding.Severity));
        Assert.Equal("Index ix_orders_customer (customer_id) on orders is redundant: ix_orders_customer_placed (customer_id, placed_at DESC) starts with the same columns.", finding.Message);
        Assert.Equal("DROP INDEX app.ix_orders_customer;", finding.Suggestion);
    }

    [Fact]
    public void A_single_column_prefix_is_redundant_whatever_its_direction()
    {
        var table = TableOf("orders", [Col("id"), Col("customer_id"), Col("placed_at", "timestamp")], Key("id"),
            Index("ix_desc", "customer_id DESC"),
            Index("ix_wide", "customer_id", "placed_at"));

        Assert.Equal("SQL104", Assert.Single(Check(table)).RuleId);
    }

    [Theory]
    [InlineData(true, null, "btree", "btree")] // a unique index enforces a constraint
    [InlineData(false, "customer_id > 0", "btree", "btree")] // a partial index is smaller, not redundant
    [InlineData(false, null, "hash", "btree")] // a hash index serves = on its own terms
    [InlineData(false, null, "btree", "gin")]
    public void Unique_partial_and_other_method_indexes_are_not_redundant(bool unique, string? filter, string method, string widerMethod)
    {
        var table = TableOf("orders", [Col("id"), Col("customer_id"), Col("placed_at", "timestamp")], Key("id"),
            Index("ix_narrow", "customer_id") with { IsUnique = unique, Filter = filter, Method = method },
            Index("ix_wide", "customer_id", "placed_at") with { Method = widerMethod });

        Assert.DoesNotContain(Check(table), f => f.RuleId == "SQL104");
    }

    [Fact]
    public void Mixed_directions_or_a_wider_filtered_index_do_not_make_an_index_redundant()
    {
        var mixed = TableOf("t", [Col("id"), Col("a"), Col("b"), Col("c")], Key("id"), Index("ix_ab", "a", "b DESC"), Index("ix_abc", "a", "b", "c"));
        var filtered = TableOf("t", [Col("id"), Col("a"), Col("b")], Key("id"), Index("ix_a", "a"), Index("ix_ab", "a", "b") with { Filter = "b > 0" });

        Assert.Empty(Check(mixed));
        Assert.Empty(Check(filtered));
    }

    // ---- Schema findings in query lint -----------------------------------------------------------------------------

    [Fact]
    public void Linting_a_query_reports_the_schema_findings_of_its_tables_at_their_reference()
    {
        var statement = Parse("SELECT o.order_id FROM orders o WHERE o.status = 'paid'", SqlDialect.Sqlite);

        var findings = SqlLinter.Lint(statement, TestSchemas.Demo, SqlDialect.Sqlite);

        Assert.Equal(3, findings.Count(f => f.RuleId == "SQL102"));
        Assert.All(findings.Where(f => f.RuleId == "SQL102"), f => Assert.Equal(("1:24", "main.orders"), (f.Position.ToString(), f.Table)));
        Assert.DoesNotContain(SqlLinter.Lint(statement, TestSchemas.Demo, SqlDialect.Sqlite, new LintOptions { IncludeSchemaFindings = false }), f => f.RuleId == "SQL102");
    }
}
