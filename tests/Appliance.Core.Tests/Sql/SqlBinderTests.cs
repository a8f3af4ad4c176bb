using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Binding;

namespace Appliance.Core.Tests.Sql;

public sealed class SqlBinderTests
{
    private static BoundStatement Bind(string sql, DatabaseSchema? schema = null, SqlDialect dialect = SqlDialect.Sqlite)
    {
        var result = SqlParser.Parse(sql, dialect);
        Assert.True(result.Succeeded, result.Error?.ToString());
        return SqlBinder.Bind(Assert.Single(result.Statements), schema ?? TestSchemas.Demo, dialect);
    }

    private static BoundStatement BindPg(string sql) => Bind(sql, TestSchemas.PostgresFixture, SqlDialect.Postgres);

    [Fact]
    public void Every_column_of_a_join_is_bound_to_its_table_and_schema_column()
    {
        var bound = Bind("SELECT c.email, o.total_amount, ordered_at FROM customers c JOIN orders o ON o.customer_id = c.customer_id WHERE o.ordered_at >= '2024-01-01'");

        Assert.Empty(bound.Problems);
        Assert.Equal(["customers", "orders"], bound.Sources.Select(s => s.Table!.Name));
        var byName = bound.Columns.Select(c => (c.Name, Table: c.Source?.Table?.Name, Col: c.Column?.Name)).ToList();
        Assert.Contains(("email", "customers", "email"), byName);
        Assert.Contains(("total_amount", "orders", "total_amount"), byName);
        Assert.Contains(("ordered_at", "orders", "ordered_at"), byName);
    }

    [Fact]
    public void An_unqualified_name_in_two_tables_is_ambiguous()
    {
        var bound = Bind("SELECT status FROM customers JOIN orders ON orders.customer_id = customers.customer_id");

        var problem = Assert.Single(bound.Problems);
        Assert.Equal(BindingProblemKind.AmbiguousColumn, problem.Kind);
        Assert.Contains("customers and orders", problem.Message, StringComparison.Ordinal);
        Assert.Equal("1:8", problem.Position.ToString());
    }

    [Theory]
    [InlineData("SELECT * FROM custmers", "custmers", "customers")]
    [InlineData("SELECT * FROM order_line", "order_line", "order_lines")]
    [InlineData("SELECT * FROM Product", "Product", "products")]
    [InlineData("SELECT * FROM orderlines", "orderlines", "order_lines")]
    public void An_unknown_table_suggests_the_closest_one(string sql, string name, string suggestion)
    {
        var problem = Assert.Single(Bind(sql).Problems);

        Assert.Equal(BindingProblemKind.UnknownTable, problem.Kind);
        Assert.Equal(name, problem.Name);
        Assert.Equal(suggestion, problem.Suggestion);
        Assert.Contains($"Did you mean \"{suggestion}\"?", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_far_from_everything_gets_no_suggestion()
    {
        var problem = Assert.Single(Bind("SELECT * FROM zebra_crossings").Problems);

        Assert.Null(problem.Suggestion);
        Assert.Equal("Table \"zebra_crossings\" does not exist.", problem.Message);
    }

    [Fact]
    public void An_unknown_column_suggests_a_column_of_the_tables_in_scope()
    {
        var bound = Bind("SELECT c.emial FROM customers c WHERE c.first_nam = 'Ann'");

        Assert.Equal(
            [("emial", "email"), ("first_nam", "first_name")],
            bound.Problems.Select(p => (p.Name.Split('.')[^1], p.Suggestion)));
        Assert.Contains("does not exist in customers (c)", bound.Problems[0].Message, StringComparison.Ordinal);
        Assert.Equal("1:8", bound.Problems[0].Position.ToString());
    }

    [Fact]
    public void A_table_name_used_although_aliased_is_pointed_at_the_alias()
    {
        var problem = Assert.Single(Bind("SELECT customers.email FROM customers c").Problems);

        Assert.Equal(BindingProblemKind.UnknownQualifier, problem.Kind);
        Assert.Equal("\"customers\" is aliased as \"c\" in this query; write c.email.", problem.Message);
    }

    [Fact]
    public void Correlated_subqueries_see_the_outer_query()
    {
        var bound = Bind("SELECT c.email FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id AND status = 'paid')");

        Assert.Empty(bound.Problems);
        var outer = bound.Columns.Single(x => x.Node.Name.ToString() == "c.customer_id");
        Assert.True(outer.IsCorrelated);
        var status = bound.Columns.Single(x => x.Name == "status");
        Assert.Equal("orders", status.Source!.Table!.Name);
        Assert.False(status.IsCorrelated);
    }

    [Fact]
    public void CTE_and_derived_table_columns_come_from_their_select_lists()
    {
        var bound = Bind("""
            WITH recent AS (SELECT customer_id, total_amount AS amount FROM orders WHERE ordered_at > '2024-01-01')
            SELECT r.customer_id, t.n, r.amount FROM recent r
            JOIN (SELECT customer_id, count(*) AS n FROM addresses GROUP BY customer_id) t ON t.customer_id = r.customer_id
            """);

        Assert.Empty(bound.Problems);
        var recent = bound.Sources.Single(s => s.Kind == BoundSourceKind.CommonTableExpression);
        Assert.Equal(["customer_id", "amount"], recent.Columns);
        var derived = bound.Sources.Single(s => s.Kind == BoundSourceKind.Derived);
        Assert.Equal(["customer_id", "n"], derived.Columns);
    }

    [Fact]
    public void An_unknown_column_of_a_CTE_is_reported_with_the_CTE_columns_as_candidates()
    {
        var problem = Assert.Single(Bind("WITH recent AS (SELECT customer_id, total_amount AS amount FROM orders) SELECT amout FROM recent").Problems);

        Assert.Equal("amount", problem.Suggestion);
    }

    [Fact]
    public void Recursive_CTEs_reference_themselves()
    {
        var bound = Bind("""
            WITH RECURSIVE chain(employee_id, manager_id, depth) AS (
              SELECT employee_id, manager_id, 0 FROM employees WHERE manager_id IS NULL
              UNION ALL
              SELECT e.employee_id, e.manager_id, c.depth + 1 FROM employees e JOIN chain c ON e.manager_id = c.employee_id)
            SELECT employee_id, depth FROM chain ORDER BY depth
            """);

        Assert.Empty(bound.Problems);
        Assert.Contains(bound.Columns, c => c.Name == "depth" && c.Source?.Kind == BoundSourceKind.CommonTableExpression);
    }

    [Fact]
    public void Output_aliases_bind_in_ORDER_BY_and_GROUP_BY_but_not_in_WHERE()
    {
        var ok = Bind("SELECT customer_id AS who, count(*) AS n FROM orders GROUP BY who ORDER BY n DESC");
        Assert.Empty(ok.Problems);
        Assert.Contains(ok.Columns, c => c.Name == "n" && c.IsOutputAlias);

        var bad = Bind("SELECT customer_id AS who FROM orders WHERE who = 1");
        Assert.Equal(BindingProblemKind.UnknownColumn, Assert.Single(bad.Problems).Kind);
    }

    [Fact]
    public void Views_bind_with_their_columns()
    {
        var bound = Bind("SELECT email, revenue FROM customer_revenue WHERE revnue > 10");

        var view = Assert.Single(bound.Sources);
        Assert.Equal(BoundSourceKind.View, view.Kind);
        Assert.Equal("revenue", Assert.Single(bound.Problems).Suggestion);
    }

    [Fact]
    public void PostgreSQL_schema_qualified_and_quoted_names_bind_exactly()
    {
        var bound = BindPg("SELECT o.id, o.\"select\", c.\"name\" FROM sales.\"order\" o JOIN customer c ON c.id = o.customer_id");
        Assert.Empty(bound.Problems);
        Assert.Equal(["sales.order", "public.customer"], bound.Sources.Select(s => s.QualifiedName));

        var unicode = BindPg("SELECT \"Kundë ID\", \"say \"\"hi\"\"\" FROM \"Kundë 客户\"");
        Assert.Empty(unicode.Problems);

        // Quoted names keep their case in PostgreSQL: "Customer" is not customer.
        var wrongCase = BindPg("SELECT 1 FROM \"Customer\"");
        Assert.Equal("customer", Assert.Single(wrongCase.Problems).Suggestion);
    }

    [Fact]
    public void A_wrong_schema_is_an_unknown_table()
    {
        var problem = Assert.Single(BindPg("SELECT * FROM public.order_line").Problems);

        Assert.Equal(BindingProblemKind.UnknownTable, problem.Kind);
        Assert.Equal("public.order_line", problem.Name);
    }

    [Fact]
    public void Sources_with_unknown_columns_accept_any_column_without_guessing()
    {
        var bound = BindPg("SELECT g, x.whatever FROM generate_series(1, 3) g, jsonb_each('{}') x");

        Assert.Empty(bound.Problems);
    }

    [Fact]
    public void System_catalogs_are_not_reported()
    {
        Assert.Empty(BindPg("SELECT relname FROM pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace").Problems);
        Assert.Empty(BindPg("SELECT table_name FROM information_schema.tables").Problems);
    }

    [Fact]
    public void DML_targets_and_assigned_columns_are_checked()
    {
        var update = Bind("UPDATE orders SET stauts = 'paid' WHERE order_id = 1");
        Assert.Equal("status", Assert.Single(update.Problems).Suggestion);

        var insert = Bind("INSERT INTO customers (email, frist_name, last_name) VALUES ('a@b.c', 'A', 'B')");
        Assert.Equal("first_name", Assert.Single(insert.Problems).Suggestion);

        var delete = Bind("DELETE FROM payments WHERE paid_at < '2020-01-01' AND amout = 0");
        Assert.Equal("amount", Assert.Single(delete.Problems).Suggestion);
    }

    [Fact]
    public void A_correlated_column_of_a_lateral_subquery_binds_to_the_preceding_table()
    {
        var bound = BindPg("SELECT c.id, last.placed_on FROM customer c CROSS JOIN LATERAL (SELECT o.placed_on FROM sales.\"order\" o WHERE o.customer_id = c.id ORDER BY o.placed_on DESC LIMIT 1) last");

        Assert.Empty(bound.Problems);
        Assert.Contains(bound.Columns, c => c.Node.Name.ToString() == "c.id" && c.IsCorrelated);
    }

    [Fact]
    public void The_same_text_in_two_scopes_binds_to_two_different_tables()
    {
        var bound = Bind("SELECT customer_id FROM orders WHERE customer_id IN (SELECT customer_id FROM addresses)");

        Assert.Empty(bound.Problems);
        Assert.Equal(["orders", "orders", "addresses"], bound.Columns.Select(c => c.Source!.Table!.Name));
    }

    [Fact]
    public void Every_corpus_statement_binds_without_throwing()
    {
        foreach (var (dialect, _, _, sql) in SqlCorpus.All)
        {
            var parsed = SqlParser.Parse(sql, dialect);
            foreach (var statement in parsed.Statements)
            {
                var bound = SqlBinder.Bind(statement, TestSchemas.PostgresFixture, dialect);
                Assert.All(bound.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
            }
        }
    }

    [Theory]
    [InlineData("customers", "custmers", true)]
    [InlineData("order_lines", "orderlines", true)]
    [InlineData("email", "emial", true)]
    [InlineData("id", "xy", false)]
    [InlineData("status", "state", false)]
    public void Suggestions_stay_within_a_plausible_typo(string known, string typed, bool suggested)
    {
        Assert.Equal(suggested ? known : null, NameMatching.Suggest(typed, [known, "zzzzzzzz"]));
    }
}
