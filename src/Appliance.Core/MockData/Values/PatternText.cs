namespace Appliance.Core.MockData.Values;

/// <summary>
/// Patterns as in <see cref="ColumnOverride.Pattern"/>: # a digit, ? an upper-case letter, * an upper-case letter or digit,
/// \ makes the next character literal, anything else is itself. Upper case only, so values stay distinct under
/// case-insensitive collations. Unique rows count through the placeholders like an odometer (rightmost fastest).
/// </summary>
public static class PatternText
{
    private const string Digits = "0123456789";
    private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Alphanumerics = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>A value for the pattern, cut to <paramref name="maxLength"/>; for a unique row (<paramref name="uniqueRow"/>) the row's own value.</summary>
    public static string Create(string pattern, int? maxLength, TextLengthUnit unit, long? uniqueRow, ref MockRandom random)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var limit = maxLength ?? int.MaxValue;
        Span<char> text = pattern.Length <= 256 ? stackalloc char[pattern.Length] : new char[pattern.Length];
        Span<byte> radix = pattern.Length <= 256 ? stackalloc byte[pattern.Length] : new byte[pattern.Length];
        var length = Parse(pattern, limit, text, radix);

        if (uniqueRow is { } row)
        {
            var rest = (ulong)row;
            for (var i = length - 1; i >= 0 && rest > 0; i--)
            {
                if (radix[i] != 0)
                {
                    text[i] = AlphabetOf(radix[i])[(int)(rest % radix[i])];
                    rest /= radix[i];
                }
            }

            if (rest > 0)
            {
                throw MockValueFactory.CapacityExceeded(row, Capacity(pattern, maxLength));
            }
        }
        else
        {
            for (var i = 0; i < length; i++)
            {
                if (radix[i] != 0)
                {
                    text[i] = AlphabetOf(radix[i])[random.NextInt32(radix[i])];
                }
            }
        }

        var value = new string(text[..length]);
        return maxLength is { } max ? TextLength.Truncate(value, max, unit) : value;
    }

    /// <summary>How many distinct values the pattern makes within the length: the product of its placeholders' alphabets.</summary>
    public static long Capacity(string pattern, int? maxLength)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Span<char> text = pattern.Length <= 256 ? stackalloc char[pattern.Length] : new char[pattern.Length];
        Span<byte> radix = pattern.Length <= 256 ? stackalloc byte[pattern.Length] : new byte[pattern.Length];
        var length = Parse(pattern, maxLength ?? int.MaxValue, text, radix);
        long capacity = 1;
        for (var i = 0; i < length; i++)
        {
            if (radix[i] != 0)
            {
                capacity = capacity > long.MaxValue / radix[i] ? long.MaxValue : capacity * radix[i];
            }
        }

        return capacity;
    }

    /// <summary>Fills literals and the placeholders' alphabet sizes (0 for a literal); returns the number of characters kept.</summary>
    private static int Parse(string pattern, int limit, Span<char> text, Span<byte> radix)
    {
        var length = 0;
        for (var i = 0; i < pattern.Length && length < limit; i++)
        {
            var c = pattern[i];
            byte size = c switch
            {
                '#' => 10,
                '?' => 26,
                '*' => 36,
                _ => 0,
            };
            if (c == '\\' && i + 1 < pattern.Length)
            {
                c = pattern[++i];
                size = 0;
            }

            text[length] = size == 0 ? c : AlphabetOf(size)[0];
            radix[length] = size;
            length++;
        }

        return length;
    }

    private static string AlphabetOf(byte radix) => radix switch
    {
        10 => Digits,
        26 => Letters,
        _ => Alphanumerics,
    };
}
