using System.Text;

namespace Appliance.Core.MockData.Values;

// Edge-case mode: boundary values instead of realistic ones, cycling by row so every kind of boundary shows up early.
public sealed partial class MockValueFactory
{
    /// <summary>Plain ASCII troublemakers for writers and parsers: quotes, escapes, separators, whitespace, look-alikes of NULL.</summary>
    private static readonly string[] AsciiEdges =
    [
        "It's \"quoted\"",
        "back\\slash \\N",
        "a,b;c|d",
        "line1\nline2\r\nline3",
        "col1\tcol2",
        "  padded  ",
        "'; DROP TABLE x; --",
        "NULL",
        "%_*?",
    ];

    /// <summary>Combining marks and other scripts, all inside the Basic Multilingual Plane.</summary>
    private static readonly string[] BmpEdges =
    [
        "Cafe\u0301 nai\u0308ve",
        "e\u0301",
        "Ünïcödé ✓ Ελληνικά 中文 العربية",
        "\u200Bzero\u00A0width",
    ];

    /// <summary>Surrogate pairs: emoji, a skin-tone modifier, a ZWJ family sequence, a flag.</summary>
    private static readonly string[] SupplementaryEdges =
    [
        "😀",
        "👍🏽 ok 👨‍👩‍👧 🇩🇪",
        "𝒳 math 🀄",
    ];

    /// <summary>
    /// A boundary value for row <paramref name="row"/>: maximum-length and empty strings, the ends of the type's and the
    /// constraints' range, dates at the type's limits, unicode (combining marks, emoji — never cut inside a grapheme
    /// cluster), quotes, backslashes, separators, newlines and tabs. NULLs are the caller's.
    /// </summary>
    public object? CreateEdge(MockType type, ValueConstraints constraints, ref MockRandom random, long row)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(constraints);
        var slot = row < 0 ? 0 : row;
        if (constraints.Values is { Count: > 0 } values)
        {
            return values[(int)(slot % values.Count)];
        }

        switch (type.Kind)
        {
            case MockValueKind.Integer:
            {
                var range = NumberRange(Gen.Integer, type, constraints, unique: false);
                return Cycle(slot, range.Lo, range.Hi, [range.Lo, range.Hi, 0, 1, -1, range.Lo + 1, range.Hi - 1]);
            }

            case MockValueKind.Decimal:
            {
                var range = NumberRange(Gen.Decimal, type, constraints, unique: false);
                var units = Cycle(slot, range.Lo, range.Hi, [range.Hi, range.Lo, 0, 1, -1, Pow10[range.Scale], range.Hi - 1]);
                return UnitsToDecimal(units, range.Scale);
            }

            case MockValueKind.Float:
                return EdgeFloat(type, constraints, slot);
            case MockValueKind.Boolean:
                return slot % 2 == 1;
            case MockValueKind.Text:
                return EdgeText(type, constraints, slot);
            case MockValueKind.Date or MockValueKind.Timestamp or MockValueKind.TimestampTz:
                return EdgeInstant(type, constraints, slot);
            case MockValueKind.Time:
            {
                var range = TimeRange(constraints);
                var seconds = Cycle(slot, range.Lo, range.Hi, [range.Lo, range.Hi, 0, 86_399, 43_200]);
                return new TimeOnly(seconds * TimeSpan.TicksPerSecond);
            }

            case MockValueKind.Interval:
                return (slot % 4) switch
                {
                    0 => TimeSpan.Zero,
                    1 => TimeSpan.FromSeconds(1),
                    2 => TimeSpan.FromDays(1),
                    _ => TimeSpan.FromDays(3650),
                };
            case MockValueKind.Uuid:
                return (slot % 3) switch
                {
                    0 => Guid.Empty,
                    1 => Guid.AllBitsSet,
                    _ => NewGuid(ref random, default),
                };
            case MockValueKind.Binary:
                return EdgeBinary(type, slot);
            case MockValueKind.Json:
                return (slot % 6) switch
                {
                    0 => "{}",
                    1 => "[]",
                    2 => "null",
                    3 => "{\"text\":\"It's \\\"quoted\\\" \\\\ back\\nslash\",\"unicode\":\"e\u0301 😀\"}",
                    4 => "{\"deep\":{\"a\":[1,2,{\"b\":[null,true,false]}]},\"big\":12345678901234567890,\"small\":-1.5e-300}",
                    _ => "\"just a string\"",
                };
            case MockValueKind.Enum:
                return type.EnumValues.Count == 0 ? null : slot % 2 == 0 ? type.EnumValues[0] : type.EnumValues[^1];
            case MockValueKind.TextArray:
                return (slot % 4) switch
                {
                    0 => Array.Empty<string>(),
                    1 => new[] { "" },
                    2 => FitAll(["a,b", "\"quoted\"", "back\\slash", "NULL", "{braces}"], type),
                    _ => FitAll(type.Repertoire == TextRepertoire.Unicode ? ["😀", "e\u0301", "Ünïcödé"] : ["e\u0301", "Ünïcödé"], type),
                };
            case MockValueKind.IntegerArray:
                return (slot % 3) switch
                {
                    0 => Array.Empty<long>(),
                    1 => new[] { type.MinInteger, type.MaxInteger },
                    _ => new long[] { 0 },
                };
            default:
                return null;
        }
    }

    /// <summary>The slot's candidate, kept inside [lo, hi].</summary>
    private static long Cycle(long slot, long lo, long hi, ReadOnlySpan<long> candidates) =>
        Math.Clamp(candidates[(int)(slot % candidates.Length)], lo, hi);

    private static double EdgeFloat(MockType type, ValueConstraints constraints, long slot)
    {
        // The ranges every engine accepts: PostgreSQL's real and double precision are the narrowest.
        var single = type.Precision is <= 24;
        var largest = single ? 1e37 : 1e307;
        var smallest = single ? 1e-37 : 1e-307;
        var lo = type.Unsigned ? 0 : -largest;
        var hi = largest;
        if (constraints.Min is { } min && ToDecimal(min) is { } minValue)
        {
            lo = Math.Max(lo, (double)minValue);
        }

        if (constraints.Max is { } max && ToDecimal(max) is { } maxValue)
        {
            hi = Math.Min(hi, (double)maxValue);
        }

        ReadOnlySpan<double> candidates = [hi, lo, 0, smallest, -smallest, 1, -1, 0.1];
        var value = candidates[(int)(slot % candidates.Length)];
        return Math.Clamp(value, lo, Math.Max(lo, hi));
    }

    private object EdgeInstant(MockType type, ValueConstraints constraints, long slot)
    {
        var shape = ShapeOf(Gen.Timestamp, type);
        var range = InstantRange(Gen.Timestamp, type, constraints, shape, out var unitTicks);
        var candidates = new long[]
        {
            range.Lo * unitTicks,
            range.Hi * unitTicks,
            UnixEpochTicks,
            new DateTime(2000, 2, 29, 12, 30, 45).Ticks,
            ReferenceTime.Ticks,
        };
        var ticks = Math.Clamp(candidates[slot % candidates.Length] / unitTicks, range.Lo, range.Hi) * unitTicks;
        return shape switch
        {
            InstantShape.Date => DateOnly.FromDateTime(new DateTime(ticks)),
            InstantShape.TimestampTz => new DateTimeOffset(ticks, TimeSpan.Zero),
            _ => new DateTime(ticks, DateTimeKind.Unspecified),
        };
    }

    private static byte[] EdgeBinary(MockType type, long slot)
    {
        var longest = type.MaxLength ?? 256;
        var variant = slot % 4;
        var length = type.FixedLength ? longest : variant switch
        {
            0 => 0,
            1 => 1,
            _ => longest,
        };
        var bytes = new byte[length];
        if (variant == 2)
        {
            Array.Fill(bytes, (byte)0xFF);
        }
        else if (variant == 3)
        {
            for (var i = 0; i < length; i++)
            {
                bytes[i] = (byte)i;
            }
        }

        return bytes;
    }

    private string EdgeText(MockType type, ValueConstraints constraints, long slot)
    {
        var limits = TextLimits.Of(type, constraints);
        if (type.EnumValues.Count > 0)
        {
            return slot % 2 == 0 ? "" : string.Join(',', type.EnumValues);
        }

        if (constraints.Pattern is { Length: > 0 } pattern)
        {
            var random = new MockRandom((ulong)slot);
            return PatternText.Create(pattern, limits.Max, limits.Unit, null, ref random);
        }

        // Text that holds something else keeps its format.
        switch (type.Semantic)
        {
            case SemanticKind.Date or SemanticKind.Timestamp:
            {
                var instant = (DateTime)EdgeInstant(type with { Kind = MockValueKind.Timestamp }, constraints, slot);
                return FitEdge(type.Semantic == SemanticKind.Date ? IsoText.Date(instant) : IsoText.Timestamp(instant), limits);
            }

            case SemanticKind.Time:
                return FitEdge(slot % 2 == 0 ? "00:00:00" : "23:59:59", limits);
            case SemanticKind.IpAddress:
                return FitEdge((slot % 3) switch { 0 => "0.0.0.0", 1 => "255.255.255.255", _ => "::1" }, limits);
            case SemanticKind.MacAddress:
                return FitEdge(slot % 2 == 0 ? "00:00:00:00:00:00" : "ff:ff:ff:ff:ff:ff", limits);
            case SemanticKind.Uuid:
                return FitEdge(slot % 2 == 0 ? Guid.Empty.ToString("D") : Guid.AllBitsSet.ToString("D"), limits);
        }

        var unicode = type.Repertoire == TextRepertoire.Unicode;
        var bmp = type.Repertoire != TextRepertoire.Ascii;
        var count = 4 + AsciiEdges.Length + (bmp ? BmpEdges.Length : 0) + (unicode ? SupplementaryEdges.Length : 0);
        var index = (int)(slot % count);
        switch (index)
        {
            case 0:
                return MaximumLength(limits, unicode ? "aé😀 " : bmp ? "aé中 " : "ab c");
            case 1:
                return FitEdge("", limits);
            case 2:
                return FitEdge("x", limits);
            case 3:
                return MaximumLength(limits, unicode ? "😀" : bmp ? "e\u0301" : "z");
        }

        index -= 4;
        if (index < AsciiEdges.Length)
        {
            return FitEdge(AsciiEdges[index], limits);
        }

        index -= AsciiEdges.Length;
        if (bmp && index < BmpEdges.Length)
        {
            return FitEdge(BmpEdges[index], limits);
        }

        index -= bmp ? BmpEdges.Length : 0;
        return FitEdge(SupplementaryEdges[index], limits);
    }

    /// <summary>
    /// Exactly the maximum length (1,000 characters when unbounded, 4,000 at most): the pattern repeated, cut between
    /// grapheme clusters, then filled up with ASCII where a cluster would not fit whole.
    /// </summary>
    private static string MaximumLength(in TextLimits limits, string unit)
    {
        var target = Math.Min(limits.Max ?? 1000, 4000);
        var repeats = (target / Math.Max(1, TextLength.Measure(unit, limits.Unit))) + 1;
        var builder = new StringBuilder(repeats * unit.Length);
        for (var i = 0; i < repeats; i++)
        {
            builder.Append(unit);
        }

        var text = TextLength.Truncate(builder.ToString(), target, limits.Unit);
        var missing = target - TextLength.Measure(text, limits.Unit);
        return missing > 0 ? text + new string('x', missing) : text;
    }

    private static string FitEdge(string text, in TextLimits limits)
    {
        if (limits.Max is { } max)
        {
            text = TextLength.Truncate(text, max, limits.Unit);
        }

        var missing = limits.Min - TextLength.Measure(text, limits.Unit);
        return missing > 0 ? text + new string('x', missing) : text;
    }

    private static string[] FitAll(string[] items, MockType type)
    {
        if (type.MaxLength is { } max)
        {
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = TextLength.Truncate(items[i], max, type.LengthUnit);
            }
        }

        return items;
    }
}
