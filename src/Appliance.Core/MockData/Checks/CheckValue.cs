using System.Globalization;
using Appliance.Core.Sql;

namespace Appliance.Core.MockData.Checks;

internal enum CheckValueKind : byte
{
    Null,
    Boolean,

    /// <summary>An exact number (decimal); <see cref="CheckValue.IsInteger"/> tells integer types apart for division.</summary>
    Number,

    /// <summary>A floating-point number, kept as double because it may not fit a decimal.</summary>
    Float,
    Text,
    Date,
    Timestamp,

    /// <summary>A timestamp with time zone, held as UTC ticks.</summary>
    TimestampTz,
    Time,

    /// <summary>An interval: months in <see cref="CheckValue.Number"/>, the rest as ticks.</summary>
    Interval,
    Uuid,

    /// <summary>A value the evaluator cannot compute with (arrays, bytes); it compares as unknown.</summary>
    Other,

    /// <summary>The database would raise an error (division by zero, a failed cast): the row is refused.</summary>
    Error,
}

/// <summary>
/// One SQL value during check evaluation. A struct with the payload spread over a few fields, so evaluating a check
/// allocates nothing for numbers, dates and booleans.
/// </summary>
internal readonly struct CheckValue
{
    public static readonly CheckValue Null = default;
    public static readonly CheckValue Error = new(CheckValueKind.Error);
    public static readonly CheckValue True = Bool(true);
    public static readonly CheckValue False = Bool(false);

    private CheckValue(CheckValueKind kind, decimal number = 0, double real = 0, long ticks = 0, object? reference = null, bool isInteger = false)
    {
        Kind = kind;
        Number = number;
        Real = real;
        Ticks = ticks;
        Reference = reference;
        IsInteger = isInteger;
    }

    public CheckValueKind Kind { get; }

    public bool IsInteger { get; }

    /// <summary>Number, Boolean (0 or 1), months of an Interval.</summary>
    public decimal Number { get; }

    /// <summary>Float.</summary>
    public double Real { get; }

    /// <summary>Date, Timestamp, TimestampTz (DateTime ticks), Time and Interval (TimeSpan ticks).</summary>
    public long Ticks { get; }

    /// <summary>Text (the string), Uuid (a boxed Guid), Other (the original value).</summary>
    public object? Reference { get; }

    public bool IsNull => Kind == CheckValueKind.Null;

    public bool IsError => Kind == CheckValueKind.Error;

    public bool IsNumeric => Kind is CheckValueKind.Number or CheckValueKind.Float or CheckValueKind.Boolean;

    public bool IsDateTime => Kind is CheckValueKind.Date or CheckValueKind.Timestamp or CheckValueKind.TimestampTz;

    public string Text => (string)Reference!;

    public DateTime DateTime => new(Ticks);

    public static CheckValue Bool(bool value) => new(CheckValueKind.Boolean, value ? 1 : 0, isInteger: true);

    public static CheckValue Decimal(decimal value, bool isInteger) => new(CheckValueKind.Number, value, isInteger: isInteger);

    public static CheckValue Integer(long value) => new(CheckValueKind.Number, value, isInteger: true);

    public static CheckValue Float(double value) => new(CheckValueKind.Float, real: value);

    public static CheckValue String(string value) => new(CheckValueKind.Text, reference: value);

    public static CheckValue Date(DateTime value) => new(CheckValueKind.Date, ticks: value.Date.Ticks);

    public static CheckValue Timestamp(DateTime value) => new(CheckValueKind.Timestamp, ticks: value.Ticks);

    public static CheckValue TimestampTz(DateTime utc) => new(CheckValueKind.TimestampTz, ticks: utc.Ticks);

    public static CheckValue Time(long ticks) => new(CheckValueKind.Time, ticks: ticks);

    public static CheckValue Interval(int months, long ticks) => new(CheckValueKind.Interval, months, ticks: ticks);

    public static CheckValue Uuid(object boxedGuid) => new(CheckValueKind.Uuid, reference: boxedGuid);

    /// <summary>The value the generator produced (CLR types as in MockValueKind), as a SQL value.</summary>
    public static CheckValue FromClr(object? value) => value switch
    {
        null or DBNull => Null,
        bool b => Bool(b),
        long l => Integer(l),
        int i => Integer(i),
        short s => Integer(s),
        byte b => Integer(b),
        sbyte b => Integer(b),
        ushort u => Integer(u),
        uint u => Integer(u),
        ulong u => Decimal(u, isInteger: true),
        decimal d => Decimal(d, isInteger: false),
        double d => Float(d),
        float f => Float(f),
        string s => String(s),
        char c => String(c.ToString()),
        DateOnly d => new CheckValue(CheckValueKind.Date, ticks: d.DayNumber * TimeSpan.TicksPerDay),
        DateTime d => Timestamp(d),
        DateTimeOffset d => TimestampTz(d.UtcDateTime),
        TimeOnly t => Time(t.Ticks),
        TimeSpan t => Interval(0, t.Ticks),
        Guid => Uuid(value),
        _ => new CheckValue(CheckValueKind.Other, reference: value),
    };

    /// <summary>The value as a hint or bound: decimal, string, bool or DateTime; null for NULL and values without such a form.</summary>
    public object? ToHintValue() => Kind switch
    {
        CheckValueKind.Number => Number,
        CheckValueKind.Float when double.IsFinite(Real) && Math.Abs(Real) < 7.9e27 => (decimal)Real,
        CheckValueKind.Boolean => Number != 0,
        CheckValueKind.Text => Text,
        CheckValueKind.Date or CheckValueKind.Timestamp or CheckValueKind.TimestampTz => DateTime,
        _ => null,
    };

    /// <summary>A hint value (decimal, string, bool, DateTime) back as a SQL value, to compare hints with each other.</summary>
    public static CheckValue FromHint(object value) => value is DateTime d ? (d.TimeOfDay == TimeSpan.Zero ? Date(d) : Timestamp(d)) : FromClr(value);

    public override string ToString() => Kind switch
    {
        CheckValueKind.Null => "NULL",
        CheckValueKind.Error => "error",
        CheckValueKind.Text => "'" + Text + "'",
        _ => CheckValues.ToText(this, SqlDialect.Postgres) ?? Kind.ToString(),
    };
}

/// <summary>The SQL semantics of values: truth, comparison across types, text forms and parsing.</summary>
internal static class CheckValues
{
    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm",
        "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyyMMdd",
    ];

    private static readonly string[] TimeFormats = ["HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF"];

    /// <summary>TRUE, FALSE or unknown (null). Numbers are true when not zero (MySQL, SQLite); text is read as a boolean or a number.</summary>
    public static bool? Truth(CheckValue value) => value.Kind switch
    {
        CheckValueKind.Boolean or CheckValueKind.Number => value.Number != 0,
        CheckValueKind.Float => value.Real != 0,
        CheckValueKind.Text => ParseBoolean(value.Text) ?? (TryParseNumber(value.Text, out var number) ? number != 0 : null),
        _ => null,
    };

    public static bool? ParseBoolean(string text) => text.Trim().ToLowerInvariant() switch
    {
        "t" or "true" or "y" or "yes" or "on" or "1" => true,
        "f" or "false" or "n" or "no" or "off" or "0" => false,
        _ => null,
    };

    public static bool TryParseNumber(string text, out decimal number) =>
        decimal.TryParse(text.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);

    /// <summary>An ISO date or timestamp ("2024-01-31", "2024-01-31 12:00:00", with T, fractions or an offset); offsets go to UTC.</summary>
    public static bool TryParseDateTime(string text, out DateTime value)
    {
        var trimmed = text.AsSpan().Trim();
        if (DateTime.TryParseExact(trimmed, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
        {
            return true;
        }

        // PostgreSQL spells offsets "+00" and "+05:30"; .NET wants minutes too.
        var withOffset = trimmed.Length > 3 && trimmed[^3] is '+' or '-' && char.IsAsciiDigit(trimmed[^1]) ? string.Concat(trimmed, ":00") : trimmed.ToString();
        if (withOffset.Length >= 10 && char.IsAsciiDigit(withOffset[0]) &&
            DateTimeOffset.TryParse(withOffset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var offset))
        {
            value = offset.UtcDateTime;
            return true;
        }

        value = default;
        return false;
    }

    public static bool TryParseTime(string text, out long ticks)
    {
        if (TimeOnly.TryParseExact(text.AsSpan().Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            ticks = time.Ticks;
            return true;
        }

        ticks = 0;
        return false;
    }

    /// <summary>
    /// Compares two non-NULL values: numbers numerically across types, booleans as 0/1, text ordinally, dates and times by
    /// instant, a date/time with text by reading the text as an ISO date/time (or, when it is none, as text). Null when the
    /// two cannot be compared.
    /// </summary>
    public static int? Compare(CheckValue left, CheckValue right, SqlDialect dialect)
    {
        if (left.IsNumeric && right.IsNumeric)
        {
            return CompareNumbers(left, right);
        }

        switch (left.Kind, right.Kind)
        {
            case (CheckValueKind.Text, CheckValueKind.Text):
                return Math.Sign(string.CompareOrdinal(left.Text, right.Text));
            case (CheckValueKind.Text, _):
                return -Compare(right, left, dialect);
        }

        if (left.IsDateTime)
        {
            if (right.IsDateTime)
            {
                return left.Ticks.CompareTo(right.Ticks);
            }

            if (right.Kind == CheckValueKind.Text)
            {
                return TryParseDateTime(right.Text, out var parsed)
                    ? left.Ticks.CompareTo(parsed.Ticks)
                    : Math.Sign(string.CompareOrdinal(ToText(left, dialect), right.Text));
            }

            return null;
        }

        if (left.IsNumeric && right.Kind == CheckValueKind.Text)
        {
            if (left.Kind == CheckValueKind.Boolean && ParseBoolean(right.Text) is { } flag)
            {
                return left.Number.CompareTo(flag ? 1m : 0m);
            }

            return TryParseNumber(right.Text, out var number) ? CompareNumbers(left, CheckValue.Decimal(number, false)) : null;
        }

        switch (left.Kind, right.Kind)
        {
            case (CheckValueKind.Time, CheckValueKind.Time):
                return left.Ticks.CompareTo(right.Ticks);
            case (CheckValueKind.Time, CheckValueKind.Text):
                return TryParseTime(right.Text, out var ticks) ? left.Ticks.CompareTo(ticks) : null;
            case (CheckValueKind.Interval, CheckValueKind.Interval):
                return left.Number != right.Number ? left.Number.CompareTo(right.Number) : left.Ticks.CompareTo(right.Ticks);
            case (CheckValueKind.Uuid, CheckValueKind.Uuid):
                return ((Guid)left.Reference!).CompareTo((Guid)right.Reference!);
            case (CheckValueKind.Uuid, CheckValueKind.Text):
                return Guid.TryParse(right.Text, out var guid) ? ((Guid)left.Reference!).CompareTo(guid) : null;
            default:
                return null;
        }
    }

    private static int CompareNumbers(CheckValue left, CheckValue right) =>
        left.Kind != CheckValueKind.Float && right.Kind != CheckValueKind.Float
            ? left.Number.CompareTo(right.Number)
            : ToDouble(left).CompareTo(ToDouble(right));

    public static double ToDouble(CheckValue value) => value.Kind == CheckValueKind.Float ? value.Real : (double)value.Number;

    /// <summary>A number as the SQL value it is read as in arithmetic: numbers, booleans, and numeric text (MySQL, SQLite).</summary>
    public static bool TryNumeric(CheckValue value, out CheckValue number)
    {
        switch (value.Kind)
        {
            case CheckValueKind.Number or CheckValueKind.Float:
                number = value;
                return true;
            case CheckValueKind.Boolean:
                number = CheckValue.Decimal(value.Number, true);
                return true;
            case CheckValueKind.Text when TryParseNumber(value.Text, out var parsed):
                number = CheckValue.Decimal(parsed, parsed == decimal.Truncate(parsed) && !value.Text.Contains('.', StringComparison.Ordinal));
                return true;
            default:
                number = CheckValue.Null;
                return false;
        }
    }

    /// <summary>The text the database would show for the value (what a cast to text or length() sees); null for NULL and unknown values.</summary>
    public static string? ToText(CheckValue value, SqlDialect dialect) => value.Kind switch
    {
        CheckValueKind.Text => value.Text,
        CheckValueKind.Number => value.Number.ToString(CultureInfo.InvariantCulture),
        CheckValueKind.Float => value.Real.ToString("R", CultureInfo.InvariantCulture),
        CheckValueKind.Boolean => dialect == SqlDialect.Postgres ? (value.Number != 0 ? "true" : "false") : (value.Number != 0 ? "1" : "0"),
        CheckValueKind.Date => value.DateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        CheckValueKind.Timestamp => value.DateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        CheckValueKind.TimestampTz => value.DateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture) + (dialect == SqlDialect.Postgres ? "+00" : ""),
        CheckValueKind.Time => new TimeOnly(value.Ticks).ToString("HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        CheckValueKind.Interval when value.Number == 0 => new TimeSpan(value.Ticks).ToString("c", CultureInfo.InvariantCulture),
        CheckValueKind.Uuid => ((Guid)value.Reference!).ToString("D"),
        _ => null,
    };

    /// <summary>How a hint value is written in messages: 10, 'active', 2024-01-31, true.</summary>
    public static string Describe(object value) => value switch
    {
        string s => "'" + s + "'",
        bool b => b ? "true" : "false",
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
