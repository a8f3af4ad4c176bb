using System.Globalization;
using Appliance.Core.MockData.Values;

namespace Appliance.Core.MockData;

/// <summary>Converts check literals and user-typed values to the CLR type a column's kind uses, and compares them.</summary>
public static class MockValueConversion
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-dd HH:mm:ssK"];

    /// <summary>The value as the kind's CLR type, or null when it cannot be one.</summary>
    public static object? To(object value, MockType type)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(type);
        var text = value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        switch (type.Kind)
        {
            case MockValueKind.Integer:
                if (value is long or int or short or byte)
                {
                    return Convert.ToInt64(value, CultureInfo.InvariantCulture);
                }

                if (value is decimal d)
                {
                    return d == decimal.Truncate(d) && d >= long.MinValue && d <= long.MaxValue ? (long)d : null;
                }

                if (value is bool b)
                {
                    return b ? 1L : 0L;
                }

                return long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null;
            case MockValueKind.Decimal:
                return value is decimal dec ? dec : decimal.TryParse(text.Trim(), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            case MockValueKind.Float:
                return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f : null;
            case MockValueKind.Boolean:
                return value switch
                {
                    bool flag => flag,
                    decimal n => n == 1 ? true : n == 0 ? false : null,
                    _ => text.Trim().ToLowerInvariant() switch
                    {
                        "true" or "t" or "1" or "yes" or "y" or "on" => true,
                        "false" or "f" or "0" or "no" or "n" or "off" => false,
                        _ => null,
                    },
                };
            case MockValueKind.Date:
                return value switch
                {
                    DateTime dt => DateOnly.FromDateTime(dt),
                    DateOnly date => date,
                    _ => DateTime.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsedDate) ? DateOnly.FromDateTime(parsedDate) : null,
                };
            case MockValueKind.Timestamp:
                return value switch
                {
                    DateTime dt => DateTime.SpecifyKind(dt, DateTimeKind.Unspecified),
                    _ => DateTime.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var stamp) ? DateTime.SpecifyKind(stamp, DateTimeKind.Unspecified) : null,
                };
            case MockValueKind.TimestampTz:
                return value switch
                {
                    DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
                    _ => DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var offset) ? offset.ToUniversalTime() : null,
                };
            case MockValueKind.Time:
                return TimeOnly.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var time) ? time : null;
            case MockValueKind.Uuid:
                return Guid.TryParse(text.Trim(), out var guid) ? guid : null;
            case MockValueKind.Text or MockValueKind.Enum or MockValueKind.Json:
                return value is decimal number ? number.ToString(CultureInfo.InvariantCulture) : text;
            default:
                return null;
        }
    }

    /// <summary>A CHECK bound (decimal, DateTime or string) as a bound for the column's kind; null when it does not apply.</summary>
    public static object? ToBound(object bound, MockType type) => type.Kind switch
    {
        MockValueKind.Integer => bound is decimal d ? d : null,
        MockValueKind.Decimal => bound is decimal d ? d : null,
        MockValueKind.Float => bound is decimal d ? (double)d : null,
        MockValueKind.Date or MockValueKind.Timestamp or MockValueKind.TimestampTz => bound is DateTime or string ? To(bound, type) : null,
        _ => null,
    } switch
    {
        decimal d when type.Kind == MockValueKind.Integer => d,
        var other => other,
    };

    /// <summary>Orders two values of compatible types; null when they cannot be compared.</summary>
    public static int? Compare(object a, object b) => (a, b) switch
    {
        (long x, long y) => x.CompareTo(y),
        (long x, decimal y) => ((decimal)x).CompareTo(y),
        (decimal x, long y) => x.CompareTo(y),
        (decimal x, decimal y) => x.CompareTo(y),
        (double x, double y) => x.CompareTo(y),
        (DateOnly x, DateOnly y) => x.CompareTo(y),
        (DateTime x, DateTime y) => x.CompareTo(y),
        (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
        (TimeOnly x, TimeOnly y) => x.CompareTo(y),
        (string x, string y) => string.CompareOrdinal(x, y),
        _ => null,
    };

    public static string Display(object? value) => value switch
    {
        null => "NULL",
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset o => o.ToString("yyyy-MM-dd HH:mm:sszzz", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
