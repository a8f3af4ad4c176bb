using System.Text;
using Appliance.Core.MockData.Values;

namespace Appliance.Core.Tests.MockData.Values;

/// <summary>Asserts that a generated value has its kind's CLR type and fits its type and constraints.</summary>
internal static class ValueChecks
{
    public static void AssertFits(MockType type, ValueConstraints constraints, object? value, string because)
    {
        Assert.True(value is not null, $"{because}: null");
        switch (type.Kind)
        {
            case MockValueKind.Integer:
            {
                var number = Assert.IsType<long>(value);
                Assert.True(number >= type.MinInteger && number <= type.MaxInteger, $"{because}: {number} outside the type");
                AssertBounds(constraints, (decimal)number, because);
                break;
            }

            case MockValueKind.Decimal:
            {
                var number = Assert.IsType<decimal>(value);
                if (type.Scale is { } scale)
                {
                    Assert.True(number.Scale <= scale, $"{because}: {number} has more than {scale} decimals");
                }

                if (type.Precision is { } precision)
                {
                    var limit = Pow10(precision - (type.Scale ?? 0));
                    Assert.True(Math.Abs(number) < limit, $"{because}: {number} does not fit precision {precision}");
                }

                Assert.True(!type.Unsigned || number >= 0, $"{because}: negative unsigned {number}");
                AssertBounds(constraints, number, because);
                break;
            }

            case MockValueKind.Float:
            {
                var number = Assert.IsType<double>(value);
                Assert.True(double.IsFinite(number), because);
                Assert.True(type.Precision is not <= 24 || Math.Abs(number) <= float.MaxValue, because);
                if (constraints.Min is not null || constraints.Max is not null)
                {
                    AssertBounds(constraints, (decimal)number, because);
                }

                break;
            }

            case MockValueKind.Boolean:
                Assert.IsType<bool>(value);
                break;
            case MockValueKind.Text:
            {
                var text = Assert.IsType<string>(value);
                AssertText(type, constraints, text, because);
                if (type.EnumValues.Count > 0 && text.Length > 0)
                {
                    Assert.All(text.Split(','), member => Assert.Contains(member, type.EnumValues));
                }

                break;
            }

            case MockValueKind.Json:
                AssertValidUtf16(Assert.IsType<string>(value), because);
                break;
            case MockValueKind.Enum:
                Assert.Contains(Assert.IsType<string>(value), type.EnumValues);
                break;
            case MockValueKind.Date:
            {
                var date = Assert.IsType<DateOnly>(value);
                AssertInstant(type, constraints, date.ToDateTime(TimeOnly.MinValue), because);
                break;
            }

            case MockValueKind.Timestamp:
            {
                var timestamp = Assert.IsType<DateTime>(value);
                Assert.Equal(DateTimeKind.Unspecified, timestamp.Kind);
                Assert.True(timestamp.Ticks % type.TimeStep.Ticks == 0, $"{because}: {timestamp:O} is not a multiple of {type.TimeStep}");
                AssertInstant(type, constraints, timestamp, because);
                break;
            }

            case MockValueKind.TimestampTz:
            {
                var timestamp = Assert.IsType<DateTimeOffset>(value);
                Assert.Equal(TimeSpan.Zero, timestamp.Offset);
                AssertInstant(type, constraints, timestamp.UtcDateTime, because);
                break;
            }

            case MockValueKind.Time:
                Assert.IsType<TimeOnly>(value);
                break;
            case MockValueKind.Interval:
                Assert.True(Assert.IsType<TimeSpan>(value) >= TimeSpan.Zero, because);
                break;
            case MockValueKind.Uuid:
                Assert.IsType<Guid>(value);
                break;
            case MockValueKind.Binary:
            {
                var bytes = Assert.IsType<byte[]>(value);
                if (type.MaxLength is { } max)
                {
                    Assert.True(type.FixedLength ? bytes.Length == max : bytes.Length <= max, $"{because}: {bytes.Length} bytes");
                }

                break;
            }

            case MockValueKind.TextArray:
                Assert.All(Assert.IsType<string[]>(value), item => AssertText(type, ValueConstraints.None, item, because));
                break;
            case MockValueKind.IntegerArray:
                Assert.All(Assert.IsType<long[]>(value), item => Assert.InRange(item, type.MinInteger, type.MaxInteger));
                break;
            default:
                Assert.Fail($"{because}: unexpected kind {type.Kind}");
                break;
        }
    }

    public static void AssertText(MockType type, ValueConstraints constraints, string text, string because)
    {
        AssertValidUtf16(text, because);
        var length = TextLength.Measure(text, type.LengthUnit);
        var max = Min(type.MaxLength, constraints.MaxLength);
        Assert.True(max is null || length <= max, $"{because}: \"{text}\" is {length} long, more than {max}");
        Assert.True(length >= (constraints.MinLength ?? 0), $"{because}: \"{text}\" shorter than {constraints.MinLength}");
        if (type.Repertoire == TextRepertoire.Ascii)
        {
            Assert.True(text.All(char.IsAscii), $"{because}: \"{text}\" is not ASCII");
        }

        if (type.Repertoire == TextRepertoire.BasicMultilingualPlane)
        {
            Assert.True(!text.Any(char.IsSurrogate), $"{because}: \"{text}\" leaves the BMP");
        }
    }

    /// <summary>No lone surrogates: the text encodes to UTF-8 and back unchanged.</summary>
    public static void AssertValidUtf16(string text, string because)
    {
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        try
        {
            Assert.Equal(text, strict.GetString(strict.GetBytes(text)));
        }
        catch (EncoderFallbackException)
        {
            Assert.Fail($"{because}: \"{text}\" has a broken surrogate pair");
        }
    }

    private static void AssertBounds(ValueConstraints constraints, decimal value, string because)
    {
        if (constraints.Min is { } min)
        {
            var bound = Convert.ToDecimal(min, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(constraints.MinExclusive ? value > bound : value >= bound, $"{because}: {value} below {bound}");
        }

        if (constraints.Max is { } max)
        {
            var bound = Convert.ToDecimal(max, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(constraints.MaxExclusive ? value < bound : value <= bound, $"{because}: {value} above {bound}");
        }
    }

    private static void AssertInstant(MockType type, ValueConstraints constraints, DateTime value, string because)
    {
        Assert.True(type.MinDateTime is null || value >= type.MinDateTime, $"{because}: {value:O} before the type's minimum");
        Assert.True(type.MaxDateTime is null || value <= type.MaxDateTime, $"{because}: {value:O} after the type's maximum");
        if (constraints.Min is DateTime min)
        {
            Assert.True(constraints.MinExclusive ? value > min : value >= min, $"{because}: {value:O} before {min:O}");
        }

        if (constraints.Max is DateTime max)
        {
            Assert.True(constraints.MaxExclusive ? value < max : value <= max, $"{because}: {value:O} after {max:O}");
        }
    }

    private static int? Min(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
