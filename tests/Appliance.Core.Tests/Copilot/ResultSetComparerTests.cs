using Appliance.Core.Copilot.Evaluation;
using Appliance.Core.Sql;

namespace Appliance.Core.Tests.Copilot;

public sealed class ResultSetComparerTests
{
    private static ResultComparison Compare(object?[][] gold, object?[][] predicted, bool ordered = false) =>
        ResultSetComparer.Compare(gold, gold.FirstOrDefault()?.Length ?? 0, predicted, predicted.FirstOrDefault()?.Length ?? 0, ordered);

    [Fact]
    public void Rows_in_another_order_are_the_same_answer_unless_order_matters()
    {
        object?[][] gold = [[1L, "a"], [2L, "b"], [3L, "c"]];
        object?[][] shuffled = [[3L, "c"], [1L, "a"], [2L, "b"]];

        Assert.True(Compare(gold, shuffled).Equal);
        var ordered = Compare(gold, shuffled, ordered: true);
        Assert.False(ordered.Equal);
        Assert.Equal("row 1 differs: expected (1, 'a'), got (3, 'c')", ordered.Difference);
    }

    [Fact]
    public void Rows_are_a_multiset_so_duplicates_count()
    {
        object?[][] gold = [[1L], [1L], [2L]];
        object?[][] predicted = [[1L], [2L], [2L]];

        Assert.False(Compare(gold, predicted).Equal);
    }

    [Fact]
    public void Numbers_compare_by_value_across_types_within_a_small_tolerance()
    {
        object?[][] gold = [[1032.67466666667, 5L, 12.5m, true]];
        object?[][] predicted = [[1032.6746666666666667m, 5m, "12.50", 1]];

        Assert.True(Compare(gold, predicted).Equal);
        Assert.False(Compare([[100.0]], [[100.01]]).Equal);
    }

    [Fact]
    public void Dates_and_timestamps_compare_as_iso_text_whatever_carries_them()
    {
        object?[][] gold = [[new DateOnly(2025, 3, 1), new DateTime(2025, 3, 1, 10, 5, 0), new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.FromHours(2))]];
        object?[][] predicted = [["2025-03-01", "2025-03-01 10:05:00", new DateTime(2025, 3, 1, 10, 0, 0)]];

        Assert.True(Compare(gold, predicted).Equal);
        Assert.True(Compare([[new DateTime(2025, 3, 1)]], [["2025-03-01"]]).Equal);
        Assert.False(Compare([[new DateTime(2025, 3, 1, 0, 0, 1)]], [["2025-03-01"]]).Equal);
    }

    [Fact]
    public void Null_only_equals_null()
    {
        Assert.True(Compare([[null, DBNull.Value]], [[DBNull.Value, null]]).Equal);
        Assert.False(Compare([[null]], [[""]]).Equal);
        Assert.False(Compare([[null]], [[0L]]).Equal);
    }

    [Fact]
    public void Text_compares_exactly()
    {
        Assert.False(Compare([["Berlin"]], [["berlin"]]).Equal);
        Assert.False(Compare([["a "]], [["a"]]).Equal);
    }

    [Fact]
    public void Column_names_are_ignored_but_the_column_count_must_match()
    {
        var comparison = ResultSetComparer.Compare([[1L, 2L]], 2, [[1L]], 1, ordered: false);

        Assert.False(comparison.Equal);
        Assert.Equal("1 column instead of 2", comparison.Difference);
    }

    [Fact]
    public void A_different_row_count_is_reported()
    {
        Assert.Equal("3 rows instead of 2", Compare([[1L], [2L]], [[1L], [2L], [3L]]).Difference);
        Assert.True(ResultSetComparer.Compare([], 2, [], 2, ordered: true).Equal);
    }

    [Theory]
    [InlineData("SELECT * FROM t ORDER BY a DESC LIMIT 5", true)]
    [InlineData("SELECT a, COUNT(*) FROM t GROUP BY a", false)]
    [InlineData("SELECT * FROM (SELECT * FROM t ORDER BY a LIMIT 3) x", false)]
    [InlineData("WITH x AS (SELECT a FROM t) SELECT a FROM x ORDER BY a", true)]
    [InlineData("not sql at all", false)]
    public void Order_matters_when_the_outer_query_has_order_by(string sql, bool ordered) =>
        Assert.Equal(ordered, ResultSetComparer.IsOrdered(sql, SqlDialect.Postgres));
}
