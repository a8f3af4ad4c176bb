using System.Globalization;
using System.Text;

namespace Appliance.Core.MockData.Values;

/// <summary>
/// Measures and cuts text the way a database counts its length (<see cref="TextLengthUnit"/>). Cuts fall between
/// grapheme clusters, so a surrogate pair, an emoji sequence or a letter with its combining marks is never split.
/// </summary>
public static class TextLength
{
    public static int Measure(string text, TextLengthUnit unit)
    {
        ArgumentNullException.ThrowIfNull(text);
        return unit switch
        {
            TextLengthUnit.Utf16CodeUnits => text.Length,
            TextLengthUnit.Utf8Bytes => Encoding.UTF8.GetByteCount(text),
            _ => CodePoints(text),
        };
    }

    public static bool Fits(string text, int? maxLength, TextLengthUnit unit)
    {
        if (maxLength is not { } max)
        {
            return true;
        }

        // Code points never outnumber UTF-16 units, so a short string fits without counting; UTF-8 may take more bytes.
        return (text.Length <= max && unit != TextLengthUnit.Utf8Bytes) || Measure(text, unit) <= max;
    }

    /// <summary>The longest prefix of whole grapheme clusters that fits in <paramref name="maxLength"/> units.</summary>
    public static string Truncate(string text, int maxLength, TextLengthUnit unit)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (maxLength <= 0)
        {
            return "";
        }

        if (Fits(text, maxLength, unit))
        {
            return text;
        }

        var span = text.AsSpan();
        var used = 0;
        var end = 0;
        while (end < span.Length)
        {
            var length = StringInfo.GetNextTextElementLength(span[end..]);
            var size = Measure(span.Slice(end, length), unit);
            if (used + size > maxLength)
            {
                break;
            }

            used += size;
            end += length;
        }

        return text[..end];
    }

    /// <summary>Like <see cref="Truncate"/>, but ends at a word boundary when one is in the second half, without trailing spaces or commas.</summary>
    public static string TruncateAtWord(string text, int maxLength, TextLengthUnit unit)
    {
        var cut = Truncate(text, maxLength, unit);
        if (cut.Length == text.Length)
        {
            return cut;
        }

        var space = cut.LastIndexOf(' ');
        if (space > cut.Length / 2)
        {
            cut = cut[..space];
        }

        return cut.TrimEnd(' ', ',', ';', ':', '-');
    }

    private static int Measure(ReadOnlySpan<char> text, TextLengthUnit unit) => unit switch
    {
        TextLengthUnit.Utf16CodeUnits => text.Length,
        TextLengthUnit.Utf8Bytes => Encoding.UTF8.GetByteCount(text),
        _ => CodePoints(text),
    };

    private static int CodePoints(ReadOnlySpan<char> text)
    {
        var count = text.Length;
        foreach (var c in text)
        {
            if (char.IsLowSurrogate(c))
            {
                count--;
            }
        }

        return count;
    }
}
