using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Lint;

namespace Appliance.Core.Tests.Sql.Lint;

/// <summary>Helpers shared by the linter tests: lint a text, pick a rule's findings, check a rewrite parses to the expected text.</summary>
internal static class LintTestKit
{
    public static ParsedStatement Parse(string sql, SqlDialect dialect)
    {
        var result = SqlParser.Parse(sql, dialect);
        Assert.True(result.Succeeded, result.Error?.ToString());
        return Assert.Single(result.Statements);
    }

    /// <summary>Query findings only (the schema rules are tested on their own unless asked for).</summary>
    public static IReadOnlyList<LintFinding> Findings(string sql, DatabaseSchema? schema, SqlDialect dialect, LintOptions? options = null) =>
        SqlLinter.Lint(Parse(sql, dialect), schema, dialect, options ?? new LintOptions { IncludeSchemaFindings = false, VerifyRewrites = false });

    public static IReadOnlyList<LintFinding> Demo(string sql, LintOptions? options = null) => Findings(sql, TestSchemas.Demo, SqlDialect.Sqlite, options);

    public static IReadOnlyList<LintFinding> Pg(string sql, LintOptions? options = null) => Findings(sql, TestSchemas.PostgresFixture, SqlDialect.Postgres, options);

    public static IEnumerable<LintFinding> OfRule(this IEnumerable<LintFinding> findings, string ruleId) => findings.Where(f => f.RuleId == ruleId);

    /// <summary>The one finding of the rule, with its position; fails when there is none or several.</summary>
    public static LintFinding Single(IEnumerable<LintFinding> findings, string ruleId, string position)
    {
        var list = findings.ToList();
        var finding = Assert.Single(list, f => f.RuleId == ruleId);
        Assert.Equal(position, finding.Position?.ToString());
        Assert.False(string.IsNullOrWhiteSpace(finding.WhyItMatters));
        Assert.Equal(SqlLinter.Rules.Single(r => r.Id == ruleId).Name, finding.RuleName);
        return finding;
    }

    public static void None(IEnumerable<LintFinding> findings, string ruleId)
    {
        var found = findings.OfRule(ruleId).ToList();
        Assert.True(found.Count == 0, $"unexpected {ruleId}: {string.Join("; ", found)}");
    }

    /// <summary>The rewrite equals the expected text, parses in the dialect, and formats back to itself.</summary>
    public static void Rewrite(LintFinding finding, string expected, SqlDialect dialect, LintRewriteKind kind = LintRewriteKind.Equivalent)
    {
        Assert.NotNull(finding.RewrittenSql);
        Assert.Equal(expected, finding.RewrittenSql);
        Assert.Equal(kind, finding.RewriteKind);
        AssertParsesAndIsStable(finding.RewrittenSql, dialect);
    }

    public static void AssertParsesAndIsStable(string sql, SqlDialect dialect)
    {
        var reparsed = SqlParser.Parse(sql, dialect);
        Assert.True(reparsed.Succeeded, $"{reparsed.Error}\n{sql}");
        Assert.Equal(sql, SqlFormatter.Format(Assert.Single(reparsed.Statements).Statement, dialect));
    }

    // ---- Hand-built schemas --------------------------------------------------------------------------------------

    public static DatabaseSchema SchemaOf(DatabaseEngine engine, params Table[] tables) => new() { Engine = engine, Tables = tables };

    public static Column Col(string name, string type = "integer", bool nullable = false) => new() { Name = name, DataType = type, BaseType = type, IsNullable = nullable };

    public static TableIndex Index(string name, params string[] columns) => new()
    {
        Name = name,
        Columns = columns.Select(c => c.EndsWith(" DESC", StringComparison.Ordinal)
            ? new IndexColumn { Name = c[..^5], Descending = true }
            : new IndexColumn { Name = c, IsExpression = c.Contains('(', StringComparison.Ordinal) }).ToList(),
        Method = "btree",
    };

    public static KeyConstraint Key(params string[] columns) => new() { Columns = columns };

    /// <summary>The demo schema with one table changed.</summary>
    public static DatabaseSchema DemoWith(string table, Func<Table, Table> change) => TestSchemas.Demo with
    {
        Tables = TestSchemas.Demo.Tables.Select(t => t.Name == table ? change(t) : t).ToList(),
    };
}
