using System.Globalization;
using Appliance.Core.Sql;

namespace Appliance.Core.Copilot.Evaluation;

/// <summary>Whether two result sets are the same answer, and if not, the first difference found.</summary>
public sealed record ResultComparison(bool Equal, string? Difference)
{
    public static ResultComparison Same { get; } = new(true, null);
}

/// <summary>
/// Execution accuracy's yardstick: two results are the same answer when they hold the same rows, as multisets (or in
/// the same order when the gold query orders them). Column names are ignored; the number of columns must match.
/// Values are compared by meaning: numbers numerically within a small relative tolerance (decimal, double, integer
/// and numeric text alike; true/false as 1/0), dates and timestamps as ISO text whatever type carries them, null
/// only equals null, any other text exactly.
/// </summary>
public static class ResultSetComparer
{
    /// <summary>Relative tolerance of number comparisons (absolute below 1).</summary>
    public const double Tolerance = 1e-6;

    public static ResultComparison Compare(IReadOnlyList<object?[]> gold, int goldColumns, IReadOnlyList<object?[]> predicted, int predictedColumns, bool ordered)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        if (goldColumns != predictedColumns)
        {
            return new ResultComparison(false, $"{Plural(predictedColumns, "column")} instead of {goldColumns}");
        }

        if (gold.Count != predicted.Count)
        {
            return new ResultComparison(false, $"{Plural(predicted.Count, "row")} instead of {gold.Count}");
        }

        var left = gold.Select(Canonical).ToList();
        var right = predicted.Select(Canonical).ToList();
        if (!ordered)
        {
            left.Sort(CompareRows);
            right.Sort(CompareRows);
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (!SameRow(left[i], right[i]))
            {
                var which = ordered ? $"row {i + 1}" : "a row";
                return new ResultComparison(false, $"{which} differs: expected ({Show(left[i])}), got ({Show(right[i])})");
            }
        }

        return ResultComparison.Same;
    }

    /// <summary>Whether the outer query of <paramref name="sql"/> has ORDER BY (then row order is part of the answer).</summary>
    public static bool IsOrdered(string sql, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var parsed = SqlParser.Parse(sql, dialect);
        return parsed.Succeeded && parsed.Statements.Count == 1 && parsed.Statements[0].Statement is SelectStatement { Query.OrderBy.Count: > 0 };
    }

    private enum Kind
    {
        Null,
        Number,
        Temporal,
        Text,
    }

    private readonly record struct Value(Kind Kind, double Number, string Text);

    private static Value[] Canonical(object?[] row) => row.Select(ToValue).ToArray();

    private static Value ToValue(object? value) => value switch
    {
        null or DBNull => new Value(Kind.Null, 0, ""),
        bool b => new Value(Kind.Number, b ? 1 : 0, ""),
        byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal =>
            new Value(Kind.Number, Convert.ToDouble(value, CultureInfo.InvariantCulture), ""),
        DateTime dt => new Value(Kind.Temporal, 0, Iso(dt)),
        DateTimeOffset dto => new Value(Kind.Temporal, 0, Iso(dto.UtcDateTime)),
        DateOnly d => new Value(Kind.Temporal, 0, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        string s => FromText(s),
        _ => FromText(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>Text that is a number or an ISO date is compared as one (SQLite returns both as text at times).</summary>
    private static Value FromText(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && (char.IsDigit(trimmed[0]) || trimmed[0] is '-' or '+' or '.')
            && double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !trimmed.Contains(':', StringComparison.Ordinal)
            && trimmed.Count(c => c == '-') <= (trimmed[0] == '-' ? 1 : 0))
        {
            return new Value(Kind.Number, number, "");
        }

        if (trimmed.Length >= 10 && char.IsDigit(trimmed[0]) && trimmed[4] == '-' && trimmed[7] == '-'
            && DateTime.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var stamp))
        {
            return new Value(Kind.Temporal, 0, Iso(stamp));
        }

        return new Value(Kind.Text, 0, text);
    }

    /// <summary>Midnight is a date ("2025-03-01"); anything else keeps its time, fractions without trailing zeros.</summary>
    private static string Iso(DateTime value)
    {
        if (value.TimeOfDay == TimeSpan.Zero)
        {
            return value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var text = value.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0');
        return text.EndsWith('.') ? text[..^1] : text;
    }

    private static bool SameRow(Value[] a, Value[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (!SameValue(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameValue(Value a, Value b)
    {
        if (a.Kind != b.Kind)
        {
            return false;
        }

        return a.Kind switch
        {
            Kind.Null => true,
            Kind.Number => Math.Abs(a.Number - b.Number) <= Tolerance * Math.Max(1, Math.Max(Math.Abs(a.Number), Math.Abs(b.Number))),
            _ => string.Equals(a.Text, b.Text, StringComparison.Ordinal),
        };
    }

    /// <summary>A total order for sorting rows; numbers sort by a rounded key so that near-equal ones stay side by side.</summary>
    private static int CompareRows(Value[] a, Value[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            var byKind = a[i].Kind.CompareTo(b[i].Kind);
            if (byKind != 0)
            {
                return byKind;
            }

            var byValue = a[i].Kind == Kind.Number
                ? SortKey(a[i].Number).CompareTo(SortKey(b[i].Number))
                : string.CompareOrdinal(a[i].Text, b[i].Text);
            if (byValue != 0)
            {
                return byValue;
            }
        }

        return 0;
    }

    private static double SortKey(double value)
    {
        if (value == 0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            return value;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(1, Math.Abs(value)))) - 5);
        return Math.Round(value / magnitude) * magnitude;
    }

    private static string Show(Value[] row) => string.Join(", ", row.Select(v => v.Kind switch
    {
        Kind.Null => "null",
        Kind.Number => v.Number.ToString("G15", CultureInfo.InvariantCulture),
        _ => "'" + (v.Text.Length > 40 ? v.Text[..40] + "…" : v.Text) + "'",
    }));

    private static string Plural(int count, string noun) => $"{count.ToString(CultureInfo.InvariantCulture)} {noun}{(count == 1 ? "" : "s")}";
}
