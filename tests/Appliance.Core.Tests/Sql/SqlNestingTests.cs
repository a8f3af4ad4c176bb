using Appliance.Core.Sql;

namespace Appliance.Core.Tests.Sql;

/// <summary>Hostile depth and length must give a ParseError, never a stack overflow.</summary>
public sealed class SqlNestingTests
{
    private static void AssertNestingError(string sql, SqlDialect dialect = SqlDialect.Postgres)
    {
        var result = SqlParser.Parse(sql, dialect);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Statements);
        Assert.Contains("nest", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(1, result.Error.Line);
    }

    [Fact]
    public void Ten_thousand_nested_parentheses_give_a_parse_error()
    {
        AssertNestingError("SELECT " + new string('(', 10_000) + "1" + new string(')', 10_000));
    }

    [Fact]
    public void Ten_thousand_unclosed_parentheses_give_a_parse_error()
    {
        AssertNestingError("SELECT " + new string('(', 10_000));
    }

    [Fact]
    public void Ten_thousand_nested_subqueries_give_a_parse_error()
    {
        AssertNestingError(string.Concat(Enumerable.Repeat("SELECT * FROM (", 10_000)) + "SELECT 1" + new string(')', 10_000));
    }

    [Theory]
    [InlineData("SELECT ", "NOT ", "TRUE")]
    [InlineData("SELECT ", "- ", "1")]
    [InlineData("SELECT ", "f(", "1")]
    [InlineData("SELECT ", "CASE WHEN ", "1")]
    [InlineData("SELECT ", "ARRAY[", "1")]
    [InlineData("SELECT * FROM ", "(", "t")]
    [InlineData("SELECT * FROM t WHERE x IN ", "(SELECT x FROM u WHERE x IN ", "(1)")]
    public void Deep_chains_of_any_nesting_construct_give_a_parse_error(string prefix, string repeated, string inner)
    {
        AssertNestingError(prefix + string.Concat(Enumerable.Repeat(repeated, 10_000)) + inner);
    }

    [Fact]
    public void Long_operator_chains_are_refused_before_the_tree_gets_too_deep()
    {
        var result = SqlParser.Parse("SELECT " + string.Join(" + ", Enumerable.Repeat("1", 20_000)), SqlDialect.Postgres);

        Assert.False(result.Succeeded);
        Assert.Contains("operators", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_depth_and_length_still_parse_format_and_compare()
    {
        var sql = "SELECT " + new string('(', 150) + "1" + new string(')', 150) + " + " + string.Join(" OR ", Enumerable.Range(0, 1000).Select(i => $"a = {i}")) + " FROM t";

        var result = SqlParser.Parse(sql, SqlDialect.Postgres);

        Assert.True(result.Succeeded, result.Error?.ToString());
        var tree = result.Statements[0].Statement;
        var again = SqlParser.Parse(SqlFormatter.Format(tree, SqlDialect.Postgres), SqlDialect.Postgres).Statements[0].Statement;
        Assert.Equal(tree, again);
        Assert.NotEmpty(SqlReferences.Collect(tree).Columns);
    }

    [Fact]
    public void A_long_IN_list_is_not_nesting()
    {
        var sql = "SELECT * FROM t WHERE id IN (" + string.Join(", ", Enumerable.Range(0, 20_000)) + ")";

        var result = SqlParser.Parse(sql, SqlDialect.MySql);

        Assert.True(result.Succeeded, result.Error?.ToString());
        var select = Assert.IsType<SqlSelect>(Assert.IsType<SelectStatement>(result.Statements[0].Statement).Query.Body);
        Assert.Equal(20_000, Assert.IsType<InListExpression>(select.Where).Items.Count);
    }
}
