using Appliance.Core.Connections;
using Appliance.Core.MockData.Checks;
using Appliance.Core.Sql;

namespace Appliance.Core.Tests.MockData.Checks;

public sealed class CheckProblemTests
{
    private static readonly string[] Columns = ["x integer", "y integer null", "s text", "c varchar", "a date", "b date"];

    [Theory]
    [InlineData("ck_range: (x > 10 AND x < 5)", "Check constraint ck_range on t can never be satisfied: x must be > 10 and < 5.")]
    [InlineData("ck_range: (x >= 5 AND x < 5)", "Check constraint ck_range on t can never be satisfied: x must be >= 5 and < 5.")]
    [InlineData("ck_between: (x BETWEEN 5 AND 1)", "Check constraint ck_between on t can never be satisfied: x must be >= 5 and <= 1.")]
    [InlineData("ck_in: (x IN (1, 2) AND x > 5)", "Check constraint ck_in on t can never be satisfied: x must be in (1, 2) and > 5.")]
    [InlineData("ck_eq: (x = 1 AND x <> 1)", "Check constraint ck_eq on t can never be satisfied: x must be = 1 and <> 1.")]
    [InlineData("ck_sets: (s IN ('a', 'b') AND s IN ('c'))", "Check constraint ck_sets on t can never be satisfied: s must be in ('a', 'b') and = 'c'.")]
    [InlineData("ck_len: (length(c) > 10 AND length(c) < 5)", "Check constraint ck_len on t can never be satisfied: c must be at least 11 characters long and at most 4 characters long.")]
    [InlineData("ck_len_in: (s IN ('long', 'longer') AND char_length(s) <= 2)", "Check constraint ck_len_in on t can never be satisfied: s must be in ('long', 'longer') and at most 2 characters long.")]
    [InlineData("ck_pattern: (s IN ('abc') AND s ~ '^[0-9]+$')", "Check constraint ck_pattern on t can never be satisfied: s must be = 'abc' and a match for ^[0-9]+$.")]
    [InlineData("ck_empty: (s <> '' AND length(s) = 0)", "Check constraint ck_empty on t can never be satisfied: s must be not empty and at most 0 characters long.")]
    [InlineData("ck_dates: (a > '2024-01-01'::date AND a < '2023-01-01'::date)", "Check constraint ck_dates on t can never be satisfied: a must be > 2024-01-01 and < 2023-01-01.")]
    [InlineData("ck_rel: (a > b AND b > a)", "Check constraint ck_rel on t can never be satisfied: a must be > b and b > a.")]
    [InlineData("ck_self: (x > x)", "Check constraint ck_self on t can never be satisfied: x must be > x.")]
    [InlineData("ck_false: (1 = 0)", "Check constraint ck_false on t can never be satisfied: it is always false.")]
    [InlineData("ck_null: (y > 10 AND y < 5)", "Check constraint ck_null on t can never be satisfied: y must be > 10 and < 5, so only NULL passes.")]
    [InlineData("ck_null_or: (y IS NULL OR (y > 10 AND y < 5))", "Check constraint ck_null_or on t can never be satisfied: y must be > 10 and < 5, so only NULL passes.")]
    public void A_check_no_value_can_pass_is_an_error_that_names_it(string check, string message)
    {
        var analysis = CheckTestTables.Analyze(DatabaseEngine.Postgres, Columns, check);

        var problem = Assert.Single(analysis.Problems);
        Assert.True(problem.IsError);
        Assert.Equal(message, problem.Message);
        Assert.Equal(CheckTestTables.Check(check).Name, problem.Constraint);
        Assert.Equal(CheckTestTables.Check(check).Expression, problem.Expression);
    }

    [Fact]
    public void Checks_that_contradict_each_other_are_an_error_naming_both()
    {
        var analysis = CheckTestTables.Analyze(DatabaseEngine.Postgres, Columns, "ck_low: (x > 10)", "ck_high: (x < 5)");

        var problem = Assert.Single(analysis.Problems);
        Assert.True(problem.IsError);
        Assert.Equal("Check constraints ck_low and ck_high on t can never be satisfied together: x must be > 10 and < 5.", problem.Message);
        Assert.Equal("ck_high", problem.Constraint);
    }

    [Fact]
    public void Allowed_values_emptied_by_another_check_are_an_error_and_leave_no_allowed_value()
    {
        var analysis = CheckTestTables.Analyze(DatabaseEngine.Sqlite, Columns, "s IN ('a', 'b')", "s NOT IN ('a', 'b')");

        var problem = Assert.Single(analysis.Problems);
        Assert.True(problem.IsError);
        Assert.Contains("CHECK (s IN ('a', 'b')) and CHECK (s NOT IN ('a', 'b'))", problem.Message, StringComparison.Ordinal);
        Assert.Empty(analysis.HintsFor("s").AllowedValues!);
    }

    [Theory]
    [InlineData("(x >= 5 AND x <= 5)")]
    [InlineData("(x BETWEEN 1 AND 1)")]
    [InlineData("(s IN ('a', 'b', 'c') AND s <> 'c')")]
    [InlineData("(a >= b)")]
    [InlineData("((y IS NULL) OR (y > 0))")]
    [InlineData("(length(c) >= 2 AND length(c) <= 2)")]
    public void Satisfiable_checks_are_no_problem(string check)
    {
        Assert.Empty(CheckTestTables.Analyze(DatabaseEngine.Postgres, Columns, check).Problems);
    }

    [Theory]
    [InlineData(DatabaseEngine.Postgres, "(x >")]
    [InlineData(DatabaseEngine.Postgres, "")]
    [InlineData(DatabaseEngine.Postgres, ")))")]
    [InlineData(DatabaseEngine.Postgres, "x > 0; DROP TABLE t")]
    [InlineData(DatabaseEngine.Postgres, "(s = 'unterminated)")]
    [InlineData(DatabaseEngine.MySql, "`x > 0")]
    [InlineData(DatabaseEngine.SqlServer, "([x] > (0)")]
    [InlineData(DatabaseEngine.Sqlite, "x IN (1, 2")]
    public void A_check_that_does_not_parse_is_a_warning_and_passes_every_row(DatabaseEngine engine, string expression)
    {
        var analysis = CheckTestTables.Analyze(engine, Columns, "ck_bad: " + expression);

        var problem = Assert.Single(analysis.Problems);
        Assert.False(problem.IsError);
        Assert.Equal("ck_bad", problem.Constraint);
        Assert.StartsWith("Check constraint ck_bad on t is not understood and cannot be evaluated (", problem.Message, StringComparison.Ordinal);
        Assert.EndsWith("); the database will enforce it.", problem.Message, StringComparison.Ordinal);
        var check = Assert.Single(analysis.Checks);
        Assert.False(check.CanEvaluate);
        Assert.True(check.Evaluate(_ => -1L));
        Assert.Empty(analysis.Hints);
    }

    [Theory]
    [InlineData("(my_func(x) > 0)", "the function my_func()")]
    [InlineData("(x > 0 AND pg_catalog.whatever(s))", "the function whatever()")]
    [InlineData("(x IN (SELECT 1))", "a subquery")]
    [InlineData("(x = ANY (SELECT 1))", "a subquery")]
    [InlineData("(x > $1)", "the parameter $1")]
    [InlineData("(nope > 0)", "the unknown column nope")]
    [InlineData("(CURRENT_USER = 'me')", "the keyword CURRENT_USER")]
    [InlineData("(count(x) > 0)", "the function count()")]
    public void A_check_with_parts_the_evaluator_cannot_compute_is_a_warning_and_trusted_to_the_database(string expression, string reason)
    {
        var analysis = CheckTestTables.Analyze(DatabaseEngine.Postgres, Columns, "ck_fn: " + expression);

        var problem = Assert.Single(analysis.Problems);
        Assert.False(problem.IsError);
        Assert.Contains("is not understood and cannot be evaluated", problem.Message, StringComparison.Ordinal);
        Assert.Contains(reason, problem.Message, StringComparison.Ordinal);
        var check = Assert.Single(analysis.Checks);
        Assert.False(check.CanEvaluate);
        Assert.True(check.Evaluate(_ => -1L));
    }

    [Fact]
    public void Understood_parts_of_an_unevaluable_check_still_give_hints()
    {
        var analysis = CheckTestTables.Analyze(DatabaseEngine.Postgres, Columns, "(x > 0 AND my_func(s))");

        Assert.Equal(">0", CheckTestTables.Describe(analysis.HintsFor("x")));
        Assert.False(analysis.Checks[0].CanEvaluate);
    }

    [Theory]
    [InlineData("ck_or: (x > 0 OR y > 0)", "Check constraint ck_or on t is not understood; values are still checked against it where possible.")]
    [InlineData("ck_sum: (x > 0 AND x + y < 10)", "Check constraint ck_sum on t is not understood (the part x + y < 10); values are still checked against it where possible.")]
    [InlineData("ck_not_between: (x NOT BETWEEN 1 AND 5)", "Check constraint ck_not_between on t is not understood; values are still checked against it where possible.")]
    public void A_check_that_gives_no_hint_but_can_be_evaluated_is_a_warning(string check, string message)
    {
        var analysis = CheckTestTables.Analyze(DatabaseEngine.Postgres, Columns, check);

        var problem = Assert.Single(analysis.Problems);
        Assert.False(problem.IsError);
        Assert.Equal(message, problem.Message);
        Assert.True(analysis.Checks[0].CanEvaluate);
    }

    [Fact]
    public void Unnamed_checks_are_named_by_their_text()
    {
        var analysis = CheckTestTables.Analyze(DatabaseEngine.Sqlite, Columns, "x > 10 AND x < 5");

        var problem = Assert.Single(analysis.Problems);
        Assert.Null(problem.Constraint);
        Assert.StartsWith("Check constraint CHECK (x > 10 AND x < 5) on t can never be satisfied", problem.Message, StringComparison.Ordinal);
        Assert.Equal("CHECK (x > 10 AND x < 5)", analysis.Checks[0].Display);
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, "((status)::text = ANY ((ARRAY['a'::character varying])::text[]))")]
    [InlineData(SqlDialect.MySql, "(`status` in (_utf8mb4'a',_utf8mb4'b'))")]
    [InlineData(SqlDialect.TSql, "([quantity]>(0))")]
    [InlineData(SqlDialect.Sqlite, "delivered_at IS NULL OR delivered_at >= shipped_at")]
    public void ParseExpression_reads_a_whole_expression(SqlDialect dialect, string text)
    {
        var result = SqlParser.ParseExpression(text, dialect);

        Assert.True(result.Succeeded);
        Assert.Null(result.Error);
        Assert.NotNull(result.Expression);
    }

    [Theory]
    [InlineData("x > 0 x", "1:7", "expected the end of the expression")]
    [InlineData("x > 0;", "1:6", "expected the end of the expression")]
    [InlineData("", "1:1", "expected an expression, found the end of the input")]
    [InlineData("x >\n  ", "2:3", "expected an expression")]
    [InlineData("'open", "1:1", "unterminated string literal")]
    public void ParseExpression_returns_a_positioned_error_instead_of_throwing(string text, string position, string message)
    {
        var result = SqlParser.ParseExpression(text, SqlDialect.Postgres);

        Assert.False(result.Succeeded);
        Assert.Null(result.Expression);
        Assert.Equal(position, result.Error!.Position.ToString());
        Assert.Contains(message, result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseEngine.Postgres, SqlDialect.Postgres)]
    [InlineData(DatabaseEngine.MySql, SqlDialect.MySql)]
    [InlineData(DatabaseEngine.SqlServer, SqlDialect.TSql)]
    [InlineData(DatabaseEngine.Sqlite, SqlDialect.Sqlite)]
    public void Each_engine_reports_checks_in_its_dialect(DatabaseEngine engine, SqlDialect dialect)
    {
        Assert.Equal(dialect, engine.ToSqlDialect());
    }
}
