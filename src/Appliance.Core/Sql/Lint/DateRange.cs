using Appliance.Core.Schema;

namespace Appliance.Core.Sql.Lint;

/// <summary>
/// Rewrites a comparison of the date or the year of a column with a constant as a half-open range on the bare column:
/// <c>date(c) = '2024-01-01'</c> becomes <c>c &gt;= '2024-01-01' AND c &lt; '2024-01-02'</c>, <c>year(c) = 2024</c>
/// becomes <c>c &gt;= '2024-01-01' AND c &lt; '2025-01-01'</c>. Both forms are NULL for a NULL column, so the rewrite
/// is equivalent wherever it stands.
/// </summary>
internal static class DateRange
{
    private enum Unit
    {
        Day,
        Year,
    }

    public static SqlExpression? Rewrite(Comparison comparison, SqlExpression wrapper, ColumnExpression column, Column? schemaColumn, LintContext context)
    {
        var unit = UnitOf(wrapper, column, context.Dialect);
        if (unit is null || (schemaColumn is not null && !IsDateLike(schemaColumn)))
        {
            return null;
        }

        var starts = new List<DateOnly>();
        foreach (var value in comparison.Values)
        {
            if (Start(value, unit.Value, wrapper) is not { } start)
            {
                return null;
            }

            starts.Add(start);
        }

        // A day's lower bound is the literal as written; other bounds are new literals in the same form.
        var template = unit == Unit.Day ? comparison.Values[0] : null;
        SqlExpression Bound(DateOnly date) => Comparisons.DateLiteral(date, template, context.Dialect);
        SqlExpression Lower(int i) => unit == Unit.Day ? comparison.Values[i] : Bound(starts[i]);
        DateOnly Next(DateOnly date) => unit == Unit.Day ? date.AddDays(1) : date.AddYears(1);
        SqlExpression Compare(string op, SqlExpression bound) => new BinaryExpression(column, op, bound);

        return comparison.Operator switch
        {
            "=" => new BinaryExpression(Compare(">=", Lower(0)), "AND", Compare("<", Bound(Next(starts[0])))),
            ">=" => Compare(">=", Lower(0)),
            ">" => Compare(">=", Bound(Next(starts[0]))),
            "<" => Compare("<", Lower(0)),
            "<=" => Compare("<", Bound(Next(starts[0]))),
            "BETWEEN" when comparison.Node is BetweenExpression { Symmetric: false } =>
                new BinaryExpression(Compare(">=", Lower(0)), "AND", Compare("<", Bound(Next(starts[1])))),
            _ => null,
        };
    }

    private static Unit? UnitOf(SqlExpression wrapper, ColumnExpression column, SqlDialect dialect)
    {
        switch (wrapper)
        {
            case FunctionCall { Arguments: [var only] } call when ReferenceEquals(only, column):
                return SqlFacts.NameOf(call) switch
                {
                    "date" when dialect is SqlDialect.MySql or SqlDialect.Sqlite => Unit.Day,
                    "year" when dialect is SqlDialect.MySql or SqlDialect.TSql => Unit.Year,
                    _ => null,
                };
            case FunctionCall { Arguments: [LiteralExpression { Kind: SqlLiteralKind.String } field, var source] } call when ReferenceEquals(source, column):
                return (SqlFacts.NameOf(call), field.Value.ToLowerInvariant(), dialect) switch
                {
                    ("date_trunc", "day", SqlDialect.Postgres) => Unit.Day,
                    ("date_part", "year", SqlDialect.Postgres) => Unit.Year,
                    ("strftime", _, SqlDialect.Sqlite) when field.Value == "%Y" => Unit.Year,
                    _ => null,
                };
            case CastExpression { Type: { Name: [{ Value: var type }], Arguments.Count: 0, ArrayDimensions: 0 }, Operand: var operand }
                when ReferenceEquals(operand, column) && SqlFacts.SameName(type, "date"):
                return Unit.Day;
            case ExtractExpression { Field: "YEAR", Source: var source } when ReferenceEquals(source, column) && dialect != SqlDialect.TSql:
                return Unit.Year;
            default:
                return null;
        }
    }

    private static DateOnly? Start(SqlExpression value, Unit unit, SqlExpression wrapper)
    {
        if (unit == Unit.Day)
        {
            return Comparisons.DateValue(value);
        }

        // strftime('%Y', c) yields text, so it is compared with '2024'; the others yield numbers.
        var year = wrapper is FunctionCall call && SqlFacts.NameOf(call) == "strftime"
            ? SqlFacts.Unparen(value) is LiteralExpression { Kind: SqlLiteralKind.String } text && text.Value.Length == 4 && int.TryParse(text.Value, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : (int?)null
            : SqlFacts.IntegerValue(value) is { } number && number <= int.MaxValue ? (int)number : null;
        return year is >= 1 and <= 9998 ? new DateOnly(year.Value, 1, 1) : null;
    }

    /// <summary>Dates, timestamps, and text (ISO dates compare correctly as text); not numbers (epoch seconds, Julian days).</summary>
    private static bool IsDateLike(Column column) =>
        SchemaFacts.IsTimestamp(column) || SchemaFacts.IsText(column) ||
        (column.BaseType ?? column.DataType).Contains("date", StringComparison.OrdinalIgnoreCase) ||
        (column.BaseType ?? column.DataType).Contains("time", StringComparison.OrdinalIgnoreCase);
}
