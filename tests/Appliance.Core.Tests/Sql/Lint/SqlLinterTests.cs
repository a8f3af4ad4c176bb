using System.Text.RegularExpressions;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Lint;
using static Appliance.Core.Tests.Sql.Lint.LintTestKit;

namespace Appliance.Core.Tests.Sql.Lint;

/// <summary>The linter as a whole: its rule list, options, ordering, and statements other than SELECT.</summary>
public sealed class SqlLinterTests
{
    [Fact]
    public void Every_rule_has_a_unique_id_a_kebab_case_name_a_title_and_a_reason()
    {
        var rules = SqlLinter.Rules;

        Assert.True(rules.Count(r => r.Target == LintRuleTarget.Query) >= 15);
        Assert.Equal(
            ["missing-primary-key", "unindexed-foreign-key", "duplicate-index", "redundant-index"],
            rules.Where(r => r.Target == LintRuleTarget.Schema).Select(r => r.Name));
        Assert.Equal(rules.Count, rules.Select(r => r.Id).Distinct().Count());
        Assert.Equal(rules.Count, rules.Select(r => r.Name).Distinct().Count());
        Assert.Equal(rules.Select(r => r.Id).Order(StringComparer.Ordinal), rules.Select(r => r.Id));
        Assert.All(rules, r =>
        {
            Assert.Matches(new Regex("^SQL[0-9]{3}$"), r.Id);
            Assert.Matches(new Regex("^[a-z]+(-[a-z]+)*$"), r.Name);
            Assert.False(string.IsNullOrWhiteSpace(r.Title));
            Assert.EndsWith(".", r.WhyItMatters, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_rules_the_issue_names_are_all_there()
    {
        var names = SqlLinter.Rules.Select(r => r.Name).ToHashSet();

        Assert.Superset(
            new HashSet<string>
            {
                "select-star", "non-sargable-predicate", "leading-wildcard-like", "or-across-columns", "not-in-nullable-subquery",
                "cartesian-join", "distinct-join-fan-out", "order-by-random", "large-offset", "correlated-scalar-subquery",
                "count-for-existence", "unbounded-large-table", "union-without-all", "having-without-aggregate", "null-comparison",
            },
            names);
    }

    [Fact]
    public void Findings_are_ordered_by_position_then_rule()
    {
        var findings = Demo("SELECT * FROM orders WHERE sales_rep_id = NULL AND status LIKE '%paid' ORDER BY random()");

        Assert.Equal(["SQL001", "SQL015", "SQL003", "SQL008"], findings.Select(f => f.RuleId));
        Assert.Equal(findings.Select(f => f.Position!.Value.Offset).Order(), findings.Select(f => f.Position!.Value.Offset));
    }

    [Fact]
    public void Linting_is_deterministic()
    {
        const string sql = "SELECT DISTINCT c.* FROM customers c, orders o WHERE o.customer_id = c.customer_id AND (c.phone = '1' OR o.status = 'x')";

        Assert.Equal(Demo(sql), Demo(sql));
    }

    [Theory]
    [InlineData("SQL001")]
    [InlineData("select-star")]
    [InlineData("Select-Star")]
    public void Rules_can_be_disabled_by_id_or_name(string rule)
    {
        var options = new LintOptions { DisabledRules = [rule], IncludeSchemaFindings = false };

        Assert.Empty(Demo("SELECT * FROM customers", options));
        Assert.NotEmpty(Demo("SELECT * FROM customers"));
    }

    [Fact]
    public void Rewrites_are_verified_by_default_and_the_default_options_include_schema_findings()
    {
        var statement = Parse("SELECT * FROM regions", SqlDialect.Sqlite);

        var finding = Assert.Single(SqlLinter.Lint(statement, TestSchemas.Demo, SqlDialect.Sqlite));

        Assert.Equal("SELECT region_code, name\nFROM regions", finding.RewrittenSql);
        Assert.Equal(LintRewriteKind.Equivalent, finding.RewriteKind);
        Assert.Contains("SQL102", SqlLinter.Lint(Parse("SELECT 1 FROM orders", SqlDialect.Sqlite), TestSchemas.Demo, SqlDialect.Sqlite).Select(f => f.RuleId));
    }

    [Fact]
    public void Conditions_of_UPDATE_and_DELETE_are_linted_and_rewritten_in_place()
    {
        var update = Single(Demo("UPDATE orders SET status = 'void' WHERE sales_rep_id = NULL"), "SQL015", "1:41");
        Rewrite(update, "UPDATE orders\nSET status = 'void'\nWHERE sales_rep_id IS NULL", SqlDialect.Sqlite, LintRewriteKind.Fix);

        var delete = Single(Findings("DELETE FROM events WHERE code LIKE '%x'", null, SqlDialect.Postgres), "SQL003", "1:26");
        Assert.Null(delete.RewrittenSql);
    }

    [Fact]
    public void EXPLAIN_of_a_query_is_linted_like_the_query()
    {
        var finding = Single(Findings("EXPLAIN SELECT id FROM customer WHERE name = 42", TestSchemas.PostgresFixture, SqlDialect.Postgres), "SQL016", "1:39");

        Rewrite(finding, "EXPLAIN\nSELECT id\nFROM customer\nWHERE name = '42'", SqlDialect.Postgres, LintRewriteKind.Fix);
    }

    [Fact]
    public void A_rewrite_inside_a_statement_the_editor_cannot_rebuild_is_left_out_but_the_finding_stays()
    {
        var finding = Single(Findings("CREATE VIEW v AS SELECT a FROM t WHERE b = NULL", null, SqlDialect.Postgres), "SQL015", "1:40");

        Assert.Null(finding.RewrittenSql);
        Assert.Null(finding.RewriteKind);
    }

    [Fact]
    public void Hostile_names_are_written_in_the_dialect_in_messages_and_rewrites()
    {
        var pg = Single(Pg("SELECT \"order id\" FROM \"Kundë 客户\" k WHERE k.\"say \"\"hi\"\"\" = 5"), "SQL016", "1:43");
        Assert.StartsWith("\"Kundë 客户\".\"say \"\"hi\"\"\" is text", pg.Message, StringComparison.Ordinal);
        Rewrite(pg, "SELECT \"order id\"\nFROM \"Kundë 客户\" AS k\nWHERE k.\"say \"\"hi\"\"\" = '5'", SqlDialect.Postgres, LintRewriteKind.Fix);

        var schema = SchemaOf(Appliance.Core.Connections.DatabaseEngine.SqlServer, new Appliance.Core.Schema.Table
        {
            Schema = "dbo",
            Name = "Order Lines",
            Columns = [Col("id"), Col("Qty]", "nvarchar(10)")],
            PrimaryKey = Key("id"),
        });
        var tsql = Single(Findings("SELECT id FROM [Order Lines] WHERE [Qty]]] = 3", schema, SqlDialect.TSql), "SQL016", "1:36");
        Assert.StartsWith("[Order Lines].[Qty]]] is text", tsql.Message, StringComparison.Ordinal);
        Rewrite(tsql, "SELECT id\nFROM [Order Lines]\nWHERE [Qty]]] = '3'", SqlDialect.TSql, LintRewriteKind.Fix);
    }

    [Fact]
    public void Findings_read_well_as_text()
    {
        var finding = Assert.Single(Demo("SELECT order_id FROM orders WHERE sales_rep_id = NULL"));

        Assert.Equal("1:35 SQL015 null-comparison (Error): sales_rep_id = NULL is never true: nothing equals NULL, not even NULL.", finding.ToString());
    }
}
