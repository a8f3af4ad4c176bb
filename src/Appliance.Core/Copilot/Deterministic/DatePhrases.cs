using System.Globalization;

namespace Appliance.Core.Copilot.Deterministic;

/// <summary>A range of days: from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive); either may be open.</summary>
internal sealed record DateRange(DateOnly? Start, DateOnly? End, string Label)
{
    public string Describe()
    {
        var days = (Start, End) switch
        {
            ({ } s, { } e) when e.DayNumber - s.DayNumber == 1 => Iso(s),
            ({ } s, { } e) => $"{Iso(s)} to {Iso(e.AddDays(-1))}",
            ({ } s, null) => $"from {Iso(s)}",
            (null, { } e) => $"before {Iso(e)}",
            _ => "any time",
        };
        return $"{Label} ({days})";
    }

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// Recognises date phrases relative to a given day: "last month", "this year", "in 2024", "in March 2025",
/// "since 2025-01-01", "last 7 days", "yesterday", "between 2024-01-01 and 2024-03-31", "in Q1 2025"…
/// Calendar words ("last month") mean the whole previous calendar period; "last/past N days" counts back from today.
/// </summary>
internal static class DatePhrases
{
    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    /// <summary>The date phrase starting at <paramref name="at"/> and how many tokens it spans, or null.</summary>
    public static (DateRange Range, int Length)? Match(IReadOnlyList<QuestionToken> tokens, int at, DateOnly today)
    {
        string W(int i) => at + i < tokens.Count && tokens[at + i].Kind == TokenKind.Word ? tokens[at + i].Text : "";
        QuestionToken? T(int i) => at + i < tokens.Count ? tokens[at + i] : null;

        switch (W(0))
        {
            case "today":
                return (new DateRange(today, today.AddDays(1), "today"), 1);
            case "yesterday":
                return (new DateRange(today.AddDays(-1), today, "yesterday"), 1);
            case "ytd" or "year-to-date":
                return (new DateRange(new DateOnly(today.Year, 1, 1), today.AddDays(1), "year to date"), 1);
            case "mtd" or "month-to-date":
                return (new DateRange(new DateOnly(today.Year, today.Month, 1), today.AddDays(1), "month to date"), 1);
            case "year" when W(1) == "to" && W(2) == "date":
                return (new DateRange(new DateOnly(today.Year, 1, 1), today.AddDays(1), "year to date"), 3);
            case "this" or "current":
                if (Period(W(1)) is { } current)
                {
                    var (start, end) = CalendarPeriod(current, today, 0);
                    return (new DateRange(start, end, $"this {current}"), 2);
                }

                break;
            case "last" or "previous" or "past" or "recent":
                return Recent(tokens, at, today);
            case "in" or "during" or "for" or "of" or "within" or "on":
                if (W(0) == "within" || W(1) == "the" && W(2) is "last" or "past" or "previous")
                {
                    var skip = W(1) == "the" ? 2 : 1;
                    if (Recent(tokens, at + skip, today) is { } within)
                    {
                        return (within.Range, within.Length + skip);
                    }
                }

                if (Period(T(1), T(2), today) is { } period)
                {
                    return (period.Range, period.Length + 1);
                }

                break;
            case "since" or "from" or "after" or "before" or "until" or "till" or "through":
                return Bounded(tokens, at, today);
            case "between":
                if (Period(T(1), T(2), today) is { } first && W(1 + first.Length) == "and"
                    && Period(T(2 + first.Length), T(3 + first.Length), today) is { } second && first.Range.Start is { } s && second.Range.End is { } e)
                {
                    return (new DateRange(s, e, $"between {first.Range.Label} and {second.Range.Label}"), 2 + first.Length + second.Length);
                }

                break;
        }

        // A bare date or month: "on 2025-03-01", "orders 2025-03".
        if (T(0) is { Kind: TokenKind.Date } || ((MonthIndex(W(0)) > 0 || IsQuarter(W(0))) && T(1) is { } year && IsYear(year)))
        {
            return Period(T(0), T(1), today);
        }

        return null;
    }

    /// <summary>"last month", "last 7 days", "past year", "previous quarter", "last two weeks".</summary>
    private static (DateRange Range, int Length)? Recent(IReadOnlyList<QuestionToken> tokens, int at, DateOnly today)
    {
        string W(int i) => at + i < tokens.Count && tokens[at + i].Kind == TokenKind.Word ? tokens[at + i].Text : "";
        var word = W(0);
        if (word is not ("last" or "previous" or "past" or "recent"))
        {
            return null;
        }

        var next = at + 1 < tokens.Count ? tokens[at + 1] : null;
        int? count = next switch
        {
            { Kind: TokenKind.Number } n when n.Number is > 0 and < 10000 && n.Number == Math.Floor(n.Number) => (int)n.Number,
            { Kind: TokenKind.Word } w => SmallNumber(w.Text),
            _ => null,
        };
        if (count is { } n2 && Period(W(2)) is { } unit && n2 <= unit switch { "day" => 36500, "week" => 5200, "month" => 1200, "quarter" => 400, _ => 100 })
        {
            var start = unit switch
            {
                "day" => today.AddDays(-n2),
                "week" => today.AddDays(-7 * n2),
                "month" => today.AddMonths(-n2),
                "quarter" => today.AddMonths(-3 * n2),
                _ => today.AddYears(-n2),
            };
            return (new DateRange(start, today.AddDays(1), $"{word} {n2} {unit}{(n2 == 1 ? "" : "s")}"), 3);
        }

        if (Period(W(1)) is { } period)
        {
            if (word == "past")
            {
                // "the past month" counts back from today; "last month" is the previous calendar month.
                var start = period switch
                {
                    "day" => today.AddDays(-1),
                    "week" => today.AddDays(-7),
                    "month" => today.AddMonths(-1),
                    "quarter" => today.AddMonths(-3),
                    _ => today.AddYears(-1),
                };
                return (new DateRange(start, today.AddDays(1), $"past {period}"), 2);
            }

            var (s, e) = CalendarPeriod(period, today, -1);
            return (new DateRange(s, e, $"last {period}"), 2);
        }

        return null;
    }

    /// <summary>"since 2025-01-01", "after 2024", "before March 2025", "from 2024-01-01 to 2024-06-30", "until 2023".</summary>
    private static (DateRange Range, int Length)? Bounded(IReadOnlyList<QuestionToken> tokens, int at, DateOnly today)
    {
        var word = tokens[at].Text;
        QuestionToken? T(int i) => at + i < tokens.Count ? tokens[at + i] : null;
        var skip = T(1) is { Kind: TokenKind.Word, Text: "the" } ? 1 : 0;
        if (word == "since" && T(1 + skip) is { Kind: TokenKind.Word } w && (w.Text is "last" or "previous") && Period(T(2 + skip)?.Text) is { } p)
        {
            var (s, _) = CalendarPeriod(p, today, -1);
            return (new DateRange(s, null, $"since last {p}"), 3 + skip);
        }

        if (Period(T(1 + skip), T(2 + skip), today) is not { } period)
        {
            return null;
        }

        var length = 1 + skip + period.Length;
        var range = period.Range;
        switch (word)
        {
            case "from" when T(length) is { Kind: TokenKind.Word, Text: "to" or "until" or "till" or "through" }
                && Period(T(length + 1), T(length + 2), today) is { } until:
                return (new DateRange(range.Start, until.Range.End, $"from {range.Label} to {until.Range.Label}"), length + 1 + until.Length);
            case "since" or "from":
                return (new DateRange(range.Start, null, $"since {range.Label}"), length);
            case "after":
                return (new DateRange(range.End, null, $"after {range.Label}"), length);
            case "before":
                return (new DateRange(null, range.Start, $"before {range.Label}"), length);
            default:
                return (new DateRange(null, range.End, $"until {range.Label}"), length);
        }
    }

    /// <summary>A year (2024), a date, a month (2025-03, "March 2025", "March"), or a quarter ("Q1 2025").</summary>
    private static (DateRange Range, int Length)? Period(QuestionToken? first, QuestionToken? second, DateOnly today)
    {
        if (first is null)
        {
            return null;
        }

        if (first.Kind == TokenKind.Date)
        {
            return first.IsMonth
                ? (new DateRange(first.Date, first.Date.AddMonths(1), first.Original), 1)
                : (new DateRange(first.Date, first.Date.AddDays(1), first.Original), 1);
        }

        if (IsYear(first))
        {
            var year = (int)first.Number;
            return (new DateRange(new DateOnly(year, 1, 1), new DateOnly(year + 1, 1, 1), first.Original), 1);
        }

        if (first.Kind != TokenKind.Word)
        {
            return null;
        }

        var month = MonthIndex(first.Text);
        if (month > 0)
        {
            if (second is not null && IsYear(second))
            {
                var start = new DateOnly((int)second.Number, month, 1);
                return (new DateRange(start, start.AddMonths(1), $"{MonthNames[month - 1]} {second.Original}"), 2);
            }

            // A month without a year is the latest one that has begun.
            var year = month <= today.Month ? today.Year : today.Year - 1;
            var begin = new DateOnly(year, month, 1);
            return (new DateRange(begin, begin.AddMonths(1), $"{MonthNames[month - 1]} {year.ToString(CultureInfo.InvariantCulture)}"), 1);
        }

        if (IsQuarter(first.Text))
        {
            var quarter = first.Text[1] - '0';
            var year = second is not null && IsYear(second) ? (int)second.Number : (quarter <= (today.Month + 2) / 3 ? today.Year : today.Year - 1);
            var start = new DateOnly(year, (quarter * 3) - 2, 1);
            var label = $"Q{quarter.ToString(CultureInfo.InvariantCulture)} {year.ToString(CultureInfo.InvariantCulture)}";
            return (new DateRange(start, start.AddMonths(3), label), second is not null && IsYear(second) ? 2 : 1);
        }

        return null;
    }

    public static bool IsYear(QuestionToken token) =>
        token.Kind == TokenKind.Number && token.Number is >= 1900 and <= 2200 && token.Number == Math.Floor(token.Number) && !token.Text.Contains('.', StringComparison.Ordinal);

    private static bool IsQuarter(string word) => word.Length == 2 && word[0] == 'q' && word[1] is >= '1' and <= '4';

    public static int MonthIndex(string word)
    {
        for (var i = 0; i < MonthNames.Length; i++)
        {
            if (word == MonthNames[i] || (word.Length == 3 && word != "may" && MonthNames[i].StartsWith(word, StringComparison.Ordinal)) || (word == "sept" && i == 8))
            {
                return i + 1;
            }
        }

        return 0;
    }

    /// <summary>The calendar period containing today, moved by <paramref name="offset"/> periods.</summary>
    private static (DateOnly Start, DateOnly End) CalendarPeriod(string period, DateOnly today, int offset)
    {
        switch (period)
        {
            case "day":
                return (today.AddDays(offset), today.AddDays(offset + 1));
            case "week":
                var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7)).AddDays(7 * offset);
                return (monday, monday.AddDays(7));
            case "month":
                var month = new DateOnly(today.Year, today.Month, 1).AddMonths(offset);
                return (month, month.AddMonths(1));
            case "quarter":
                var quarter = new DateOnly(today.Year, (((today.Month - 1) / 3) * 3) + 1, 1).AddMonths(3 * offset);
                return (quarter, quarter.AddMonths(3));
            default:
                var year = new DateOnly(today.Year + offset, 1, 1);
                return (year, year.AddYears(1));
        }
    }

    private static string? Period(string? word) => word switch
    {
        "day" or "days" => "day",
        "week" or "weeks" => "week",
        "month" or "months" => "month",
        "quarter" or "quarters" => "quarter",
        "year" or "years" => "year",
        _ => null,
    };

    private static int? SmallNumber(string word) => word switch
    {
        "one" => 1, "two" => 2, "three" => 3, "four" => 4, "five" => 5, "six" => 6, "seven" => 7, "eight" => 8, "nine" => 9,
        "ten" => 10, "twelve" => 12, "fourteen" => 14, "thirty" => 30, "ninety" => 90,
        _ => null,
    };
}
