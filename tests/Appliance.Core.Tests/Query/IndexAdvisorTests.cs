using System.Text.Json;
using System.Text.Json.Nodes;
using Appliance.Core.Connections;
using Appliance.Core.Query.Indexes;
using Appliance.Core.Schema;
using Appliance.Core.Sql;

namespace Appliance.Core.Tests.Query;

public sealed class IndexAdvisorTests
{
    private static Column Col(string name, int ordinal, string type = "integer") => new() { Name = name, Ordinal = ordinal, DataType = type };

    /// <summary>A small shop: orders with an index on customer_id, customers with a unique email, order lines keyed by (order_id, line).</summary>
    private static DatabaseSchema Shop(string schema = "public", string? serverVersion = null, params TableIndex[] extraOrderIndexes) => new()
    {
        Engine = DatabaseEngine.Postgres,
        ServerVersion = serverVersion,
        Tables =
        [
            new Table
            {
                Schema = schema,
                Name = "orders",
                Columns = [Col("id", 1), Col("customer_id", 2), Col("status", 3, "text"), Col("total", 4, "numeric"), Col("created_at", 5, "timestamptz"), Col("note", 6, "text")],
                PrimaryKey = new KeyConstraint { Name = "orders_pkey", Columns = ["id"] },
                Indexes =
                [
                    new TableIndex { Name = "orders_pkey", Columns = [new IndexColumn { Name = "id" }], IsUnique = true, IsPrimaryKey = true, Method = "btree" },
                    new TableIndex { Name = "ix_orders_customer_id", Columns = [new IndexColumn { Name = "customer_id" }], Method = "btree" },
                    new TableIndex { Name = "ix_orders_note_partial", Columns = [new IndexColumn { Name = "note" }], Filter = "(note IS NOT NULL)", Method = "btree" },
                    .. extraOrderIndexes,
                ],
                RowEstimate = 1_000_000,
            },
            new Table
            {
                Schema = schema,
                Name = "customers",
                Columns = [Col("id", 1), Col("email", 2, "text"), Col("name", 3, "text"), Col("country", 4, "text"), Col("created_at", 5, "timestamptz")],
                PrimaryKey = new KeyConstraint { Name = "customers_pkey", Columns = ["id"] },
                UniqueConstraints = [new KeyConstraint { Name = "customers_email_key", Columns = ["email"] }],
            },
            new Table
            {
                Schema = schema,
                Name = "order_lines",
                Columns = [Col("order_id", 1), Col("line", 2), Col("sku", 3, "text"), Col("qty", 4)],
                PrimaryKey = new KeyConstraint { Columns = ["order_id", "line"] },
            },
            new Table
            {
                Schema = "Sales Dept",
                Name = "Order Details",
                Columns = [Col("Unit Price", 1, "numeric"), Col("select", 2), Col("weird\"col", 3), Col("Qty", 4), Col("Discount", 5)],
            },
        ],
    };

    private static IndexAdviceReport Advise(string sql, SqlDialect dialect = SqlDialect.Postgres, DatabaseSchema? schema = null, IndexAdvisorOptions? options = null)
    {
        var parsed = SqlParser.Parse(sql, dialect);
        Assert.True(parsed.Succeeded, parsed.Error?.ToString());
        return IndexAdvisor.Advise(Assert.Single(parsed.Statements), schema ?? Shop(dialect == SqlDialect.MySql ? "shop" : dialect == SqlDialect.TSql ? "dbo" : "public"), dialect, options);
    }

    private static string[] Keys(IndexAdvice advice) => advice.KeyColumns.Select(k => k.ToString()).ToArray();

    [Fact]
    public void Equality_columns_come_before_the_range_column()
    {
        var report = Advise("SELECT id, total FROM orders WHERE created_at >= '2024-01-01' AND status = 'paid'");

        var advice = Assert.Single(report.Advice);
        Assert.Equal("orders", advice.Table.Name);
        Assert.Equal(["status", "created_at"], Keys(advice));
        Assert.Equal([IndexKeyRole.Equality, IndexKeyRole.Range], advice.KeyColumns.Select(k => k.Role));
        Assert.Equal("ix_orders_status_created_at", advice.IndexName);
        Assert.Equal("CREATE INDEX ix_orders_status_created_at ON public.orders (status, created_at) INCLUDE (id, total);", advice.CreateStatement);
        Assert.Contains("seek the matching rows", advice.Reason, StringComparison.Ordinal);
        Assert.Contains("status = 'paid'", advice.Reason, StringComparison.Ordinal);
        Assert.Contains("INCLUDE (id, total)", advice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void At_most_one_range_column_is_a_key()
    {
        var advice = Assert.Single(Advise("SELECT id FROM orders WHERE total > 100 AND created_at > '2024-01-01' AND status IN ('paid', 'shipped')").Advice);

        Assert.Equal(["status", "total"], Keys(advice));
        // The second range is still checked, from the INCLUDE columns, without visiting the table.
        Assert.Equal(["id", "created_at"], advice.IncludeColumns);
    }

    [Fact]
    public void Equality_columns_keep_their_order_in_the_statement_without_statistics()
    {
        var advice = Assert.Single(Advise("SELECT id FROM orders WHERE status = 'paid' AND note = 'gift'").Advice);

        Assert.Equal(["status", "note"], Keys(advice));
    }

    [Fact]
    public void With_statistics_the_more_selective_equality_column_leads()
    {
        var options = new IndexAdvisorOptions { DistinctValues = (_, column) => column switch { "status" => 5, "note" => 40_000, _ => null } };

        var advice = Assert.Single(Advise("SELECT id FROM orders WHERE status = 'paid' AND note = 'gift'", options: options).Advice);

        Assert.Equal(["note", "status"], Keys(advice));
    }

    [Theory]
    [InlineData("SELECT * FROM orders WHERE customer_id = 42", "index ix_orders_customer_id")]
    [InlineData("SELECT * FROM orders o WHERE o.id = 7", "the primary key orders_pkey")]
    [InlineData("SELECT name FROM customers WHERE email = 'a@example.com'", "the unique constraint customers_email_key")]
    [InlineData("SELECT * FROM order_lines WHERE order_id = 3", "the primary key")]
    public void Nothing_is_proposed_when_an_existing_index_or_key_starts_with_the_columns(string sql, string existing)
    {
        var report = Advise(sql);

        Assert.Empty(report.Advice);
        var note = Assert.Single(report.Notes);
        Assert.Equal(IndexNoteKind.AlreadyCovered, note.Kind);
        Assert.Contains("already served by " + existing, note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_index_with_the_equality_columns_in_another_order_covers_too()
    {
        var existing = new TableIndex { Name = "ix_orders_note_status", Columns = [new IndexColumn { Name = "note" }, new IndexColumn { Name = "status" }] };

        var report = Advise("SELECT id FROM orders WHERE status = 'paid' AND note = 'gift'", schema: Shop(extraOrderIndexes: existing));

        Assert.Empty(report.Advice);
        Assert.Contains("ix_orders_note_status", Assert.Single(report.Notes).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partial_index_does_not_count_as_covering()
    {
        var advice = Assert.Single(Advise("SELECT id FROM orders WHERE note = 'gift'").Advice);

        Assert.Equal(["note"], Keys(advice));
    }

    [Fact]
    public void An_index_that_starts_like_the_proposal_is_named_as_the_one_it_extends()
    {
        var advice = Assert.Single(Advise("SELECT id FROM orders WHERE customer_id = 42 AND created_at > now() - interval '30 days'").Advice);

        Assert.Equal(["customer_id", "created_at"], Keys(advice));
        Assert.Equal("ix_orders_customer_id_created_at", advice.IndexName);
        Assert.Equal("index ix_orders_customer_id", advice.ExtendsIndex);
        Assert.Contains("starts like the existing index ix_orders_customer_id", advice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Order_by_columns_follow_the_equality_columns_to_spare_the_sort()
    {
        var advice = Assert.Single(Advise("SELECT id FROM orders WHERE status = 'paid' ORDER BY created_at DESC LIMIT 20").Advice);

        Assert.Equal(["status", "created_at"], Keys(advice));
        Assert.Equal(IndexKeyRole.OrderBy, advice.KeyColumns[1].Role);
        Assert.Contains("no sort is needed", advice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Order_by_after_a_range_on_another_column_cannot_spare_the_sort_and_is_left_out()
    {
        var advice = Assert.Single(Advise("SELECT id FROM orders WHERE status = 'paid' AND total > 10 ORDER BY created_at").Advice);

        Assert.Equal(["status", "total"], Keys(advice));
        Assert.DoesNotContain("no sort", advice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_range_on_the_first_order_by_column_is_chosen_and_the_order_continues()
    {
        var advice = Assert.Single(Advise("SELECT id FROM orders WHERE total > 10 AND created_at > '2024-01-01' ORDER BY created_at, id").Advice);

        Assert.Equal(["created_at", "id"], Keys(advice));
    }

    [Fact]
    public void Mixed_directions_need_descending_key_columns_and_LIMIT_alone_is_enough()
    {
        var advice = Assert.Single(Advise("SELECT id, total FROM orders ORDER BY created_at DESC, id LIMIT 50").Advice);

        Assert.Equal(["created_at DESC", "id"], Keys(advice));
        Assert.Contains("CREATE INDEX ix_orders_created_at_id ON public.orders (created_at DESC, id) INCLUDE (total);", advice.CreateStatement, StringComparison.Ordinal);
        Assert.Empty(Advise("SELECT id FROM orders ORDER BY created_at").Advice);
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, "CREATE INDEX ix_orders_status_created_at ON public.orders (status, created_at) INCLUDE (id, total);")]
    [InlineData(SqlDialect.TSql, "CREATE INDEX ix_orders_status_created_at ON dbo.orders (status, created_at) INCLUDE (total);")]
    [InlineData(SqlDialect.MySql, "CREATE INDEX ix_orders_status_created_at ON shop.orders (status, created_at);")]
    [InlineData(SqlDialect.Sqlite, "CREATE INDEX ix_orders_status_created_at ON orders (status, created_at);")]
    public void INCLUDE_only_where_the_dialect_has_it(SqlDialect dialect, string statement)
    {
        var advice = Assert.Single(Advise("SELECT id, total FROM orders WHERE status = 'paid' AND created_at >= '2024-01-01'", dialect).Advice);

        Assert.Equal(statement, advice.CreateStatement);
        Assert.True(SqlParser.Parse(advice.CreateStatement, dialect).Succeeded);
    }

    [Fact]
    public void PostgreSQL_before_11_has_no_INCLUDE()
    {
        var advice = Assert.Single(Advise("SELECT id, total FROM orders WHERE status = 'paid'", schema: Shop(serverVersion: "10.23")).Advice);

        Assert.Empty(advice.IncludeColumns);
        Assert.Equal("CREATE INDEX ix_orders_status ON public.orders (status);", advice.CreateStatement);
    }

    [Fact]
    public void SELECT_star_is_not_covered_by_an_INCLUDE_list()
    {
        var advice = Assert.Single(Advise("SELECT * FROM orders o WHERE o.status = 'paid'").Advice);

        Assert.Empty(advice.IncludeColumns);
    }

    [Fact]
    public void The_inner_side_of_a_join_gets_its_join_column_and_aliases_are_resolved()
    {
        var report = Advise("SELECT o.id, l.qty FROM order_lines l JOIN orders o ON o.note = l.sku WHERE l.qty > 5");

        var orders = Assert.Single(report.Advice, a => a.Table.Name == "orders");
        Assert.Equal(["note"], Keys(orders));
        Assert.Equal(IndexKeyRole.Join, orders.KeyColumns[0].Role);
        Assert.Contains("looked up once per row", orders.Reason, StringComparison.Ordinal);
        Assert.Contains("o.note = l.sku", orders.Reason, StringComparison.Ordinal);
        var lines = Assert.Single(report.Advice, a => a.Table.Name == "order_lines");
        Assert.Equal(["qty"], Keys(lines));
    }

    [Theory]
    [InlineData("SELECT c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = 'x'", "customers")]
    [InlineData("SELECT c.name FROM customers c LEFT JOIN orders o ON o.customer_id = c.id", "orders")]
    [InlineData("SELECT c.name FROM orders o RIGHT JOIN customers c ON o.customer_id = c.id", "orders")]
    public void The_join_column_of_the_probed_side_is_checked_against_existing_keys(string sql, string probed)
    {
        var report = Advise(sql);

        Assert.Contains(report.Notes, n => n.Kind == IndexNoteKind.AlreadyCovered && n.Table!.Name == probed);
        Assert.DoesNotContain(report.Advice, a => a.Table.Name == probed);
    }

    [Fact]
    public void Filters_on_both_sides_of_a_join_give_one_proposal_per_table()
    {
        var report = Advise("SELECT c.name, o.total FROM customers c JOIN orders o ON o.customer_id = c.id AND o.status = 'paid' WHERE c.country = 'NZ'");

        Assert.Equal(["customer_id", "status"], Keys(Assert.Single(report.Advice, a => a.Table.Name == "orders")));
        Assert.Equal(["country"], Keys(Assert.Single(report.Advice, a => a.Table.Name == "customers")));
    }

    [Fact]
    public void OR_across_columns_gets_no_composite_index_and_says_why()
    {
        var report = Advise("SELECT id FROM orders WHERE status = 'paid' OR customer_id = 42");

        Assert.Empty(report.Advice);
        var note = Assert.Single(report.Notes);
        Assert.Equal(IndexNoteKind.OrAcrossColumns, note.Kind);
        Assert.Contains("orders.status, orders.customer_id", note.Message, StringComparison.Ordinal);
        Assert.Contains("BitmapOr", note.Message, StringComparison.Ordinal);
        Assert.Contains("UNION ALL", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OR_on_one_column_is_an_IN_list_and_gets_its_index()
    {
        var advice = Assert.Single(Advise("SELECT id FROM orders WHERE (status = 'paid' OR status = 'shipped') AND total > 0").Advice);

        Assert.Equal(["status", "total"], Keys(advice));
    }

    [Fact]
    public void A_function_on_a_column_gets_an_expression_index_on_PostgreSQL()
    {
        var report = Advise("SELECT id FROM customers c WHERE lower(c.name) = 'ann'");

        var advice = Assert.Single(report.Advice);
        Assert.True(advice.IsExpressionIndex);
        Assert.Equal("CREATE INDEX ix_customers_lower_name ON public.customers ((lower(name)));", advice.CreateStatement);
        Assert.Empty(advice.IncludeColumns);
        var note = Assert.Single(report.Notes);
        Assert.Equal(IndexNoteKind.NonSargable, note.Kind);
        Assert.Contains("IMMUTABLE", note.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SqlDialect.MySql, "SELECT id FROM customers WHERE UPPER(name) = 'ANN'")]
    [InlineData(SqlDialect.TSql, "SELECT id FROM customers WHERE YEAR(created_at) = 2024")]
    [InlineData(SqlDialect.Postgres, "SELECT id FROM orders WHERE total * 2 > 100")]
    public void A_function_or_arithmetic_on_a_column_is_non_sargable_and_gets_no_plain_index(SqlDialect dialect, string sql)
    {
        var report = Advise(sql, dialect);

        Assert.Empty(report.Advice);
        Assert.Equal(IndexNoteKind.NonSargable, Assert.Single(report.Notes).Kind);
    }

    [Fact]
    public void A_correlated_subquery_looks_up_its_table_by_the_outer_value()
    {
        var report = Advise("SELECT c.id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.note = c.name AND o.status = 'open')");

        var advice = Assert.Single(report.Advice);
        Assert.Equal("orders", advice.Table.Name);
        Assert.Equal(["note", "status"], Keys(advice));
        Assert.All(advice.KeyColumns, k => Assert.Equal(IndexKeyRole.Equality, k.Role));
    }

    [Fact]
    public void An_IN_subquery_probes_its_column_and_extends_the_existing_index()
    {
        var advice = Assert.Single(Advise("SELECT name FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE total > 100)").Advice);

        Assert.Equal(["customer_id", "total"], Keys(advice));
        Assert.Equal(IndexKeyRole.Join, advice.KeyColumns[0].Role);
        Assert.Equal("index ix_orders_customer_id", advice.ExtendsIndex);
    }

    [Fact]
    public void Columns_of_derived_tables_and_CTEs_are_not_indexable_but_their_bodies_are()
    {
        var report = Advise("""
            WITH recent AS (SELECT * FROM orders WHERE created_at > now() - interval '1 day')
            SELECT s.total FROM (SELECT * FROM recent WHERE status = 'x') s WHERE s.total > 5
            """);

        var advice = Assert.Single(report.Advice);
        Assert.Equal(["created_at"], Keys(advice));
    }

    [Fact]
    public void Proposals_from_several_blocks_for_the_same_table_merge_into_the_widest()
    {
        var report = Advise("SELECT id FROM orders WHERE status = 'a' UNION ALL SELECT id FROM orders WHERE status = 'b' AND total > 5");

        Assert.Equal(["status", "total"], Keys(Assert.Single(report.Advice)));
    }

    [Fact]
    public void DELETE_and_UPDATE_filters_are_advised_too()
    {
        Assert.Equal(["status", "created_at"], Keys(Assert.Single(Advise("DELETE FROM orders WHERE status = 'cancelled' AND created_at < '2020-01-01'").Advice)));
        Assert.Equal(["note"], Keys(Assert.Single(Advise("UPDATE orders SET total = 0 WHERE note = 'void'").Advice)));
    }

    [Theory]
    [InlineData(SqlDialect.MySql, "SELECT id FROM customers WHERE name LIKE 'Ann%'", null)]
    [InlineData(SqlDialect.MySql, "SELECT id FROM customers WHERE name LIKE '%son'", IndexNoteKind.LeadingWildcard)]
    [InlineData(SqlDialect.Postgres, "SELECT id FROM customers WHERE name LIKE 'Ann%'", IndexNoteKind.PatternNeedsOperatorClass)]
    public void LIKE_prefixes_are_ranges_where_a_plain_index_serves_them(SqlDialect dialect, string sql, IndexNoteKind? note)
    {
        var report = Advise(sql, dialect);

        if (note is null)
        {
            Assert.Equal(["name"], Keys(Assert.Single(report.Advice)));
            Assert.Equal(IndexKeyRole.Range, report.Advice[0].KeyColumns[0].Role);
        }
        else
        {
            Assert.Empty(report.Advice);
            Assert.Equal(note, Assert.Single(report.Notes).Kind);
        }
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, """SELECT d."Qty" FROM "Sales Dept"."Order Details" d WHERE d."Unit Price" = 5 AND d."weird""col" = 1 AND d."select" > 3""",
        """CREATE INDEX ix_order_details_unit_price_weird_col_select ON "Sales Dept"."Order Details" ("Unit Price", "weird""col", "select") INCLUDE ("Qty");""")]
    [InlineData(SqlDialect.TSql, """SELECT d.Qty FROM [Sales Dept].[Order Details] d WHERE d.[Unit Price] = 5 AND d.[weird"col] = 1 AND d.[select] > 3""",
        """CREATE INDEX ix_order_details_unit_price_weird_col_select ON [Sales Dept].[Order Details] ([Unit Price], [weird"col], [select]) INCLUDE (Qty);""")]
    [InlineData(SqlDialect.MySql, """SELECT d.Qty FROM `Sales Dept`.`Order Details` d WHERE d.`Unit Price` = 5 AND d.`weird"col` = 1 AND d.`select` > 3""",
        """CREATE INDEX ix_order_details_unit_price_weird_col_select ON `Sales Dept`.`Order Details` (`Unit Price`, `weird"col`, `select`);""")]
    public void Hostile_identifiers_are_quoted_in_the_dialect_and_the_name_stays_bare(SqlDialect dialect, string sql, string statement)
    {
        var advice = Assert.Single(Advise(sql, dialect).Advice);

        Assert.Equal(statement, advice.CreateStatement);
        Assert.True(SqlParser.Parse(advice.CreateStatement, dialect).Succeeded, SqlParser.Parse(advice.CreateStatement, dialect).Error?.ToString());
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, 63)]
    [InlineData(SqlDialect.MySql, 64)]
    public void Generated_names_fit_the_dialects_identifier_length_and_stay_distinct(SqlDialect dialect, int max)
    {
        var columns = Enumerable.Range(1, 6).Select(i => Col("a_rather_long_column_name_number_" + i, i)).ToList();
        var schema = new DatabaseSchema
        {
            Engine = DatabaseEngine.Postgres,
            Tables = [new Table { Schema = "s", Name = "an_unusually_long_table_name_for_testing", Columns = columns }],
        };

        var first = Assert.Single(Advise("SELECT 1 FROM s.an_unusually_long_table_name_for_testing t WHERE t.a_rather_long_column_name_number_1 = 1 AND t.a_rather_long_column_name_number_2 = 2", dialect, schema).Advice);
        var second = Assert.Single(Advise("SELECT 1 FROM s.an_unusually_long_table_name_for_testing t WHERE t.a_rather_long_column_name_number_1 = 1 AND t.a_rather_long_column_name_number_3 = 2", dialect, schema).Advice);

        Assert.InRange(first.IndexName.Length, 1, max);
        Assert.InRange(second.IndexName.Length, 1, max);
        Assert.NotEqual(first.IndexName, second.IndexName);
        Assert.StartsWith("ix_an_unusually_long_table_name", first.IndexName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_generated_name_that_exists_already_gets_a_number()
    {
        var taken = new TableIndex { Name = "ix_orders_status", Columns = [new IndexColumn { Name = "note" }, new IndexColumn { Name = "status" }], Method = "hash" };

        var advice = Assert.Single(Advise("SELECT id FROM orders WHERE status = 'paid'", schema: Shop(extraOrderIndexes: taken)).Advice);

        Assert.Equal("ix_orders_status_2", advice.IndexName);
    }

    [Fact]
    public void Advice_serializes_with_the_table_name_not_the_whole_table()
    {
        var report = Advise("SELECT id FROM orders WHERE status = 'paid' OR customer_id = 1");
        var advice = Advise("SELECT id FROM orders WHERE status = 'paid'");

        var json = JsonNode.Parse(JsonSerializer.Serialize(new { report.Notes, advice.Advice }))!;

        Assert.Equal("OrAcrossColumns", (string?)json["Notes"]![0]!["Kind"]);
        Assert.Equal("public.orders", (string?)json["Notes"]![0]!["TableName"]);
        Assert.Null(json["Notes"]![0]!["Table"]);
        Assert.Equal("public.orders", (string?)json["Advice"]![0]!["TableName"]);
        Assert.Equal("Equality", (string?)json["Advice"]![0]!["KeyColumns"]![0]!["Role"]);
        Assert.Null(json["Advice"]![0]!["Table"]);
    }

    [Fact]
    public void Unknown_tables_and_statements_without_predicates_give_no_advice()
    {
        Assert.Empty(Advise("SELECT * FROM nowhere WHERE x = 1").Advice);
        Assert.Empty(Advise("SELECT count(*) FROM orders").Advice);
        Assert.Empty(Advise("CREATE TABLE t (a int)").Advice);
    }
}
