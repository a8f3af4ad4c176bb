using System.Numerics;

namespace Appliance.Core.MockData.Values;

/// <summary>Bijections from row ordinals to values: what makes unique columns unique without remembering what was made.</summary>
internal static class UniqueCodes
{
    public const string UpperAlphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    public const string LowerAlphanumeric = "0123456789abcdefghijklmnopqrstuvwxyz";
    public const string UpperLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>
    /// A permutation of [0, span) keyed by <paramref name="key"/>: unique rows spread over a range instead of counting up.
    /// An invertible mix on the next power of two, walked until it lands inside the span (fewer than two steps on average).
    /// </summary>
    public static ulong Scatter(ulong index, ulong span, ulong key)
    {
        if (span <= 1)
        {
            return 0;
        }

        var bits = 64 - BitOperations.LeadingZeroCount(span - 1);
        var mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        var shift = Math.Max(1, bits / 2);
        var x = index;
        do
        {
            // Each step is a bijection on bits-wide numbers: odd multiply, xor-shift right, add.
            x = (x * 0x9E3779B97F4A7C15UL) & mask;
            x ^= x >> shift;
            x = (x + key) & mask;
            x = (x * 0xBF58476D1CE4E5B9UL) & mask;
            x ^= x >> shift;
        }
        while (x >= span);

        return x;
    }

    /// <summary>base^exponent, or long.MaxValue when larger.</summary>
    public static long SaturatingPower(long @base, int exponent)
    {
        if (exponent <= 0)
        {
            return 1;
        }

        long result = 1;
        for (var i = 0; i < exponent; i++)
        {
            if (result > long.MaxValue / @base)
            {
                return long.MaxValue;
            }

            result *= @base;
        }

        return result;
    }

    public static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    /// <summary><paramref name="value"/> in the alphabet's base, left-padded with its first symbol to <paramref name="width"/>.</summary>
    public static string Positional(ulong value, int width, string alphabet)
    {
        var radix = (ulong)alphabet.Length;
        var digits = 1;
        for (var rest = value / radix; rest > 0; rest /= radix)
        {
            digits++;
        }

        var length = Math.Max(width, digits);
        return string.Create(length, (value, alphabet), static (span, state) =>
        {
            var (v, a) = state;
            var r = (ulong)a.Length;
            for (var i = span.Length - 1; i >= 0; i--)
            {
                span[i] = a[(int)(v % r)];
                v /= r;
            }
        });
    }

    /// <summary>Number of symbols <see cref="Positional"/> needs for a value.</summary>
    public static int Digits(ulong value, int radix)
    {
        var digits = 1;
        for (var rest = value / (ulong)radix; rest > 0; rest /= (ulong)radix)
        {
            digits++;
        }

        return digits;
    }

    /// <summary>Decimal digits of <paramref name="value"/>, zero-padded to <paramref name="width"/>.</summary>
    public static string Padded(long value, int width) => Positional((ulong)value, width, "0123456789");
}
