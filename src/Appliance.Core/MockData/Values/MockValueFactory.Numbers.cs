using System.Globalization;

namespace Appliance.Core.MockData.Values;

// Numbers, dates and times all work on whole "units" in a long: 10^-scale for numbers, a day, a second (or the type's
// coarser step) for instants. The allowed range E is the type's range narrowed by the constraints; the realistic range R
// is the generator's default range (prices 0.50–2,000, created_at the last three years) moved inside E.
public sealed partial class MockValueFactory
{
    private const long MaxUnits = 999_999_999_999_999_999;
    private static readonly long[] Pow10 = BuildPow10();
    private static readonly DateTime LatestInstant = new(9999, 12, 31, 23, 59, 59);
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    private readonly record struct NumberProfile(double Min, double Max, int Scale, int MaxScale, bool Sequential);

    /// <summary>Allowed units [Lo, Hi], realistic units [RealLo, RealHi], and what a unit is worth.</summary>
    private readonly record struct UnitRange(long Lo, long Hi, long RealLo, long RealHi, int Scale, bool Sequential)
    {
        public long Size => SizeOf(Lo, Hi);
    }

    private static long[] BuildPow10()
    {
        var powers = new long[19];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }

    private static long SizeOf(long lo, long hi)
    {
        var span = unchecked((ulong)hi - (ulong)lo);
        return span >= long.MaxValue ? long.MaxValue : (long)span + 1;
    }

    // ---- Numbers ----------------------------------------------------------------------------------------------------

    private NumberProfile ProfileFor(Gen gen, MockType type, ValueConstraints constraints) => gen switch
    {
        Gen.Money => new(1, 5000, 2, 18, false),
        Gen.Price => new(0.5, 2000, 2, 18, false),
        Gen.Quantity => new(1, 100, 0, 0, false),
        Gen.Percentage => IsFraction(type, constraints) ? new(0, 1, 2, 18, false) : new(0, 100, 2, 18, false),
        Gen.Rating => new(1, 5, 1, 1, false),
        Gen.Age => new(18, 90, 0, 0, false),
        Gen.Year => new(1950, ReferenceTime.Year, 0, 0, false),
        Gen.SortOrder => new(1, 100, 0, 0, true),
        Gen.Latitude => new(-90, 90, 6, 18, false),
        Gen.Longitude => new(-180, 180, 6, 18, false),
        Gen.Status => new(0, 5, 0, 0, true),
        Gen.Boolean => new(0, 1, 0, 0, true),
        Gen.Integer => new(1, 100_000, 0, 0, true),
        _ => type.Kind == MockValueKind.Integer ? new(1, 100_000, 0, 0, true) : new(0, 1000, 2, 18, false),
    };

    /// <summary>A percentage column that cannot hold 100 (numeric(4,3)) or is capped at 1 holds fractions.</summary>
    private static bool IsFraction(MockType type, ValueConstraints constraints)
    {
        if (constraints.Max is { } max && ToDecimal(max) is { } limit && limit <= 1)
        {
            return true;
        }

        return type.Kind == MockValueKind.Decimal && type.Precision is { } p && p - (type.Scale ?? 0) <= 2 && (type.Scale ?? 0) > 0;
    }

    private UnitRange NumberRange(Gen gen, MockType type, ValueConstraints constraints, bool unique)
    {
        var profile = ProfileFor(gen, type, constraints);
        var scale = type.Kind switch
        {
            MockValueKind.Integer => 0,
            MockValueKind.Decimal => Math.Min(type.Scale ?? profile.Scale, profile.MaxScale),
            _ => profile.Scale,
        };
        scale = Math.Clamp(scale, 0, 18);

        long lo, hi;
        switch (type.Kind)
        {
            case MockValueKind.Integer:
                (lo, hi) = (type.MinInteger, type.MaxInteger);
                break;
            case MockValueKind.Decimal:
                var digits = type.Precision is { } precision ? precision - (type.Scale ?? 0) + scale : 18;
                hi = digits >= 18 ? MaxUnits : digits <= 0 ? 0 : Pow10[digits] - 1;
                lo = type.Unsigned ? 0 : -hi;
                break;
            case MockValueKind.Float:
                // Unique floats stay where neighbouring units are distinct after rounding to float / double.
                var cap = !unique ? MaxUnits : type.Precision is <= 24 ? (1L << 22) - 1 : (1L << 51) - 1;
                if (unique)
                {
                    var widest = Math.Max(Math.Abs(profile.Min), Math.Abs(profile.Max));
                    while (scale > 0 && widest * Pow10[scale] > cap)
                    {
                        scale--;
                    }
                }

                hi = cap;
                lo = type.Unsigned ? 0 : -cap;
                break;
            default:
                (lo, hi) = (-MaxUnits, MaxUnits);
                break;
        }

        if (gen == Gen.Boolean)
        {
            // A flag stored as a number is 0 or 1.
            (lo, hi) = (Math.Max(lo, 0), Math.Min(hi, Pow10[scale]));
        }

        if (constraints.Min is { } min && ToUnits(min, scale, ceiling: true, constraints.MinExclusive) is { } minUnits)
        {
            lo = Math.Max(lo, minUnits);
        }

        if (constraints.Max is { } max && ToUnits(max, scale, ceiling: false, constraints.MaxExclusive) is { } maxUnits)
        {
            hi = Math.Min(hi, maxUnits);
        }

        if (lo > hi)
        {
            throw new InvalidOperationException($"No {type.DatabaseTypeName} value lies between {constraints.Min} and {constraints.Max}.");
        }

        var pow = (double)Pow10[scale];
        var (realLo, realHi) = Window(lo, hi, ClampUnits(Math.Ceiling((profile.Min * pow) - 1e-9)), ClampUnits(Math.Floor((profile.Max * pow) + 1e-9)));
        return new UnitRange(lo, hi, realLo, realHi, scale, profile.Sequential);
    }

    private static long ClampUnits(double units) => (long)Math.Clamp(units, -MaxUnits, MaxUnits);

    /// <summary>The realistic range inside the allowed one; when they do not meet, a window as wide at the near end.</summary>
    private static (long Lo, long Hi) Window(long lo, long hi, long defaultLo, long defaultHi)
    {
        var width = unchecked((ulong)defaultHi - (ulong)defaultLo);
        var allowed = unchecked((ulong)hi - (ulong)lo);
        if (defaultHi < lo)
        {
            return (lo, allowed <= width ? hi : lo + (long)width);
        }

        if (defaultLo > hi)
        {
            return (allowed <= width ? lo : hi - (long)width, hi);
        }

        return (Math.Max(lo, defaultLo), Math.Min(hi, defaultHi));
    }

    private object CreateNumber(Gen gen, MockType type, ValueConstraints constraints, ref MockRandom random, in ValueContext context)
    {
        if (IsInstantGenerator(gen) && type.Kind == MockValueKind.Integer)
        {
            return CreateInstant(gen, type, constraints, ref random, context);
        }

        var range = NumberRange(gen, type, constraints, context.Unique);
        long units;
        if (context.Unique)
        {
            if (!TryUniqueUnits(context.Row, range, out units))
            {
                throw CapacityExceeded(context.Row, range.Size);
            }
        }
        else
        {
            units = Distribute(range.RealLo, range.RealHi, constraints.Distribution, ref random);
        }

        return type.Kind switch
        {
            MockValueKind.Integer => units,
            MockValueKind.Decimal => UnitsToDecimal(units, range.Scale),
            MockValueKind.Float => units / (double)Pow10[range.Scale],
            _ => UnitsToDecimal(units, range.Scale).ToString(CultureInfo.InvariantCulture),
        };
    }

    private long NumberCapacity(Gen gen, MockType type, ValueConstraints constraints) =>
        IsInstantGenerator(gen) && type.Kind == MockValueKind.Integer
            ? InstantCapacity(gen, type, constraints)
            : NumberRange(gen, type, constraints, unique: true).Size;

    private static decimal UnitsToDecimal(long units, int scale)
    {
        var magnitude = units < 0 ? (ulong)(-(units + 1)) + 1 : (ulong)units;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, units < 0, (byte)scale);
    }

    /// <summary>A bound as units, rounded inwards; exclusive bounds step one unit in when they fall on a unit.</summary>
    private static long? ToUnits(object bound, int scale, bool ceiling, bool exclusive)
    {
        if (ToDecimal(bound) is not { } value)
        {
            return null;
        }

        var limit = (decimal)MaxUnits / Pow10[scale];
        value = Math.Clamp(value, -limit, limit);
        var scaled = value * Pow10[scale];
        var rounded = ceiling ? decimal.Ceiling(scaled) : decimal.Floor(scaled);
        if (exclusive && rounded == scaled)
        {
            rounded += ceiling ? 1 : -1;
        }

        return (long)rounded;
    }

    private static decimal? ToDecimal(object value) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        byte b => b,
        decimal m => m,
        double d when double.IsFinite(d) => (decimal)Math.Clamp(d, -7.9e27, 7.9e27),
        float f when float.IsFinite(f) => (decimal)Math.Clamp(f, -7.9e27f, 7.9e27f),
        string s when decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private static long Distribute(long lo, long hi, ValueDistribution distribution, ref MockRandom random)
    {
        if (hi <= lo)
        {
            return lo;
        }

        var span = (double)unchecked((ulong)hi - (ulong)lo);
        switch (distribution)
        {
            case ValueDistribution.Skewed:
            {
                // Log-uniform offsets: density ~ 1/x, Zipf-like with s ≈ 1; the low end gets most values.
                var offset = Math.Floor(Math.Exp(random.NextDouble() * Math.Log(span + 1))) - 1;
                return Offset(lo, hi, offset);
            }

            case ValueDistribution.Normal:
            {
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                var gaussian = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
                var offset = Math.Round((span / 2) + (gaussian * span / 6));
                return Offset(lo, hi, offset);
            }

            default:
                return random.NextInt64(lo, hi);
        }
    }

    /// <summary>lo + offset, kept inside [lo, hi] even for ranges wider than a long.</summary>
    private static long Offset(long lo, long hi, double offset)
    {
        var span = unchecked((ulong)hi - (ulong)lo);
        var steps = offset <= 0 ? 0 : offset >= span ? span : (ulong)offset;
        return unchecked((long)((ulong)lo + steps));
    }

    /// <summary>
    /// Row → units, a bijection: the realistic range first (counting up for sequential kinds, scattered otherwise), then
    /// upwards to the top of the allowed range, then downwards to its bottom. False beyond the allowed range's size.
    /// </summary>
    private bool TryUniqueUnits(long row, in UnitRange range, out long units)
    {
        var index = (UInt128)(ulong)row;
        var realSize = (UInt128)unchecked((ulong)range.RealHi - (ulong)range.RealLo) + 1;
        if (index < realSize)
        {
            var offset = range.Sequential ? (ulong)index
                : realSize > ulong.MaxValue ? MockRandom.Mix((ulong)index ^ scatterKey)
                : UniqueCodes.Scatter((ulong)index, (ulong)realSize, scatterKey);
            units = unchecked(range.RealLo + (long)offset);
            return true;
        }

        index -= realSize;
        var above = (UInt128)unchecked((ulong)range.Hi - (ulong)range.RealHi);
        if (index < above)
        {
            units = unchecked(range.RealHi + 1 + (long)(ulong)index);
            return true;
        }

        index -= above;
        var below = (UInt128)unchecked((ulong)range.RealLo - (ulong)range.Lo);
        if (index < below)
        {
            units = unchecked(range.RealLo - 1 - (long)(ulong)index);
            return true;
        }

        units = 0;
        return false;
    }

    // ---- Dates and timestamps -----------------------------------------------------------------------------------------

    private enum InstantShape
    {
        Date,
        Timestamp,
        TimestampTz,
        DateText,
        TimestampText,
        UnixSeconds,
    }

    private static InstantShape ShapeOf(Gen gen, MockType type) => type.Kind switch
    {
        MockValueKind.Date => InstantShape.Date,
        MockValueKind.Timestamp => InstantShape.Timestamp,
        MockValueKind.TimestampTz => InstantShape.TimestampTz,
        MockValueKind.Integer => InstantShape.UnixSeconds,
        _ when type.Semantic == SemanticKind.Date => InstantShape.DateText,
        _ when type.Semantic != SemanticKind.Timestamp && gen is Gen.Date or Gen.BirthDate => InstantShape.DateText,
        _ => InstantShape.TimestampText,
    };

    /// <summary>Realistic ranges by generator, worked out once: created_at the last three years, ages 18 to 90 for birth dates.</summary>
    private (DateTime From, DateTime To) InstantProfile(Gen gen) => gen switch
    {
        Gen.UpdatedAt or Gen.DeletedAt => (instantProfiles.LastYear, ReferenceTime),
        Gen.BirthDate => (instantProfiles.Ninety, instantProfiles.Eighteen),
        _ => (instantProfiles.ThreeYears, ReferenceTime),
    };

    private readonly record struct InstantProfiles(DateTime LastYear, DateTime ThreeYears, DateTime Eighteen, DateTime Ninety)
    {
        public static InstantProfiles Before(DateTime reference) =>
            new(YearsBefore(reference, 1), YearsBefore(reference, 3), YearsBefore(reference, 18), YearsBefore(reference, 90));

        private static DateTime YearsBefore(DateTime reference, int years) =>
            reference.Year > years ? reference.AddYears(-years) : DateTime.MinValue;
    }

    private UnitRange InstantRange(Gen gen, MockType type, ValueConstraints constraints, InstantShape shape, out long unitTicks)
    {
        unitTicks = shape switch
        {
            InstantShape.Date or InstantShape.DateText => TimeSpan.TicksPerDay,
            InstantShape.UnixSeconds => TimeSpan.TicksPerSecond,
            _ => Math.Max(type.TimeStep.Ticks, TimeSpan.TicksPerSecond),
        };

        var minTicks = (type.MinDateTime ?? DateTime.MinValue).Ticks;
        var maxTicks = (type.MaxDateTime ?? LatestInstant).Ticks;
        if (shape == InstantShape.UnixSeconds)
        {
            minTicks = Math.Max(minTicks, SecondsToTicks(type.MinInteger));
            maxTicks = Math.Min(maxTicks, SecondsToTicks(type.MaxInteger));
        }

        var lo = CeilDiv(minTicks, unitTicks);
        var hi = maxTicks / unitTicks;
        if (constraints.Min is { } min && ToTicks(min, shape) is { } minBound)
        {
            var units = CeilDiv(minBound, unitTicks);
            lo = Math.Max(lo, constraints.MinExclusive && units * unitTicks == minBound ? units + 1 : units);
        }

        if (constraints.Max is { } max && ToTicks(max, shape) is { } maxBound)
        {
            var units = maxBound / unitTicks;
            hi = Math.Min(hi, constraints.MaxExclusive && units * unitTicks == maxBound ? units - 1 : units);
        }

        if (lo > hi)
        {
            throw new InvalidOperationException($"No {type.DatabaseTypeName} value lies between {constraints.Min} and {constraints.Max}.");
        }

        var (from, to) = InstantProfile(gen);
        var (realLo, realHi) = Window(lo, hi, CeilDiv(from.Ticks, unitTicks), to.Ticks / unitTicks);
        return new UnitRange(lo, hi, realLo, realHi, 0, Sequential: false);
    }

    private object CreateInstant(Gen gen, MockType type, ValueConstraints constraints, ref MockRandom random, in ValueContext context)
    {
        var shape = ShapeOf(gen, type);
        var range = InstantRange(gen, type, constraints, shape, out var unitTicks);
        long units;
        if (context.Unique)
        {
            if (!TryUniqueUnits(context.Row, range, out units))
            {
                throw CapacityExceeded(context.Row, range.Size);
            }
        }
        else
        {
            units = Distribute(range.RealLo, range.RealHi, constraints.Distribution, ref random);
        }

        var ticks = units * unitTicks;
        return shape switch
        {
            InstantShape.Date => DateOnly.FromDateTime(new DateTime(ticks)),
            InstantShape.Timestamp => new DateTime(ticks, DateTimeKind.Unspecified),
            InstantShape.TimestampTz => new DateTimeOffset(ticks, TimeSpan.Zero),
            InstantShape.DateText => IsoText.Date(new DateTime(ticks)),
            InstantShape.TimestampText => IsoText.Timestamp(new DateTime(ticks)),
            _ => (ticks - UnixEpochTicks) / TimeSpan.TicksPerSecond,
        };
    }

    private long InstantCapacity(Gen gen, MockType type, ValueConstraints constraints)
    {
        var shape = ShapeOf(IsInstantGenerator(gen) ? gen : Gen.Timestamp, type);
        return InstantRange(gen, type, constraints, shape, out _).Size;
    }

    private static long SecondsToTicks(long seconds)
    {
        var limit = (DateTime.MaxValue.Ticks - UnixEpochTicks) / TimeSpan.TicksPerSecond;
        var clamped = Math.Clamp(seconds, -UnixEpochTicks / TimeSpan.TicksPerSecond, limit);
        return UnixEpochTicks + (clamped * TimeSpan.TicksPerSecond);
    }

    private static long CeilDiv(long value, long divisor) => (value / divisor) + (value % divisor > 0 ? 1 : 0);

    /// <summary>A date bound as ticks: DateTime, DateOnly, DateTimeOffset (its UTC instant), ISO text, or unix seconds for integer columns.</summary>
    private static long? ToTicks(object bound, InstantShape shape) => bound switch
    {
        DateTime dateTime => dateTime.Ticks,
        DateOnly date => date.DayNumber * TimeSpan.TicksPerDay,
        DateTimeOffset offset => offset.UtcTicks,
        string text when DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed) => parsed.Ticks,
        long seconds when shape == InstantShape.UnixSeconds => SecondsToTicks(seconds),
        _ => null,
    };

    // ---- Times of day and intervals -----------------------------------------------------------------------------------

    private UnitRange TimeRange(ValueConstraints constraints)
    {
        long lo = 0, hi = 86_399;
        if (constraints.Min is { } min && SecondsOfDay(min) is { } minSeconds)
        {
            lo = Math.Max(lo, constraints.MinExclusive ? minSeconds + 1 : minSeconds);
        }

        if (constraints.Max is { } max && SecondsOfDay(max) is { } maxSeconds)
        {
            hi = Math.Min(hi, constraints.MaxExclusive ? maxSeconds - 1 : maxSeconds);
        }

        return lo > hi
            ? throw new InvalidOperationException($"No time of day lies between {constraints.Min} and {constraints.Max}.")
            : new UnitRange(lo, hi, lo, hi, 0, Sequential: false);

        static long? SecondsOfDay(object bound) => bound switch
        {
            TimeOnly time => time.Ticks / TimeSpan.TicksPerSecond,
            TimeSpan span => (long)span.TotalSeconds,
            DateTime dateTime => dateTime.TimeOfDay.Ticks / TimeSpan.TicksPerSecond,
            string text when TimeOnly.TryParse(text, CultureInfo.InvariantCulture, out var parsed) => parsed.Ticks / TimeSpan.TicksPerSecond,
            _ => null,
        };
    }

    private TimeOnly CreateTime(ValueConstraints constraints, ref MockRandom random, in ValueContext context)
    {
        var range = TimeRange(constraints);
        long seconds;
        if (context.Unique)
        {
            if (!TryUniqueUnits(context.Row, range, out seconds))
            {
                throw CapacityExceeded(context.Row, range.Size);
            }
        }
        else
        {
            seconds = Distribute(range.Lo, range.Hi, constraints.Distribution, ref random);
        }

        return new TimeOnly(seconds * TimeSpan.TicksPerSecond);
    }

    private long TimeCapacity(ValueConstraints constraints) => TimeRange(constraints).Size;

    private object CreateInterval(ValueConstraints constraints, ref MockRandom random, in ValueContext context)
    {
        long lo = 0, hi = 100L * 365 * 86_400;
        if (constraints.Min is TimeSpan min)
        {
            lo = Math.Max(lo, (long)Math.Ceiling(min.TotalSeconds) + (constraints.MinExclusive ? 1 : 0));
        }

        if (constraints.Max is TimeSpan max)
        {
            hi = Math.Min(hi, (long)Math.Floor(max.TotalSeconds) - (constraints.MaxExclusive ? 1 : 0));
        }

        if (lo > hi)
        {
            throw new InvalidOperationException($"No interval lies between {constraints.Min} and {constraints.Max}.");
        }

        // A minute to thirty days, in whole seconds.
        var (realLo, realHi) = Window(lo, hi, 60, 30L * 86_400);
        var range = new UnitRange(lo, hi, realLo, realHi, 0, Sequential: false);
        long seconds;
        if (context.Unique)
        {
            if (!TryUniqueUnits(context.Row, range, out seconds))
            {
                throw CapacityExceeded(context.Row, range.Size);
            }
        }
        else
        {
            seconds = Distribute(realLo, realHi, constraints.Distribution, ref random);
        }

        return TimeSpan.FromSeconds(seconds);
    }
}

/// <summary>ISO 8601 text the way SQLite's date functions write it, without culture lookups.</summary>
internal static class IsoText
{
    public static string Date(DateTime value) => string.Create(10, value, static (span, v) => WriteDate(span, v));

    public static string Timestamp(DateTime value) => string.Create(19, value, static (span, v) =>
    {
        WriteDate(span, v);
        span[10] = ' ';
        WriteTime(span[11..], v.Hour, v.Minute, v.Second);
    });

    public static string Time(TimeOnly value) => string.Create(8, value, static (span, v) => WriteTime(span, v.Hour, v.Minute, v.Second));

    private static void WriteDate(Span<char> span, DateTime v)
    {
        Digits(span[..4], v.Year);
        span[4] = '-';
        Digits(span.Slice(5, 2), v.Month);
        span[7] = '-';
        Digits(span.Slice(8, 2), v.Day);
    }

    private static void WriteTime(Span<char> span, int hour, int minute, int second)
    {
        Digits(span[..2], hour);
        span[2] = ':';
        Digits(span.Slice(3, 2), minute);
        span[5] = ':';
        Digits(span.Slice(6, 2), second);
    }

    private static void Digits(Span<char> span, int value)
    {
        for (var i = span.Length - 1; i >= 0; i--)
        {
            span[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
