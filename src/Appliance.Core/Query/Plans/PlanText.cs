using System.Globalization;

namespace Appliance.Core.Query.Plans;

/// <summary>Numbers and snippets as findings and the diagram print them (invariant culture: the output is English).</summary>
internal static class PlanText
{
    public static string Rows(double rows)
    {
        var rounded = Math.Round(rows, rows < 10 && rows != Math.Floor(rows) ? 1 : 0);
        return rounded.ToString(rounded == Math.Floor(rounded) ? "N0" : "N1", CultureInfo.InvariantCulture);
    }

    public static string Percent(double fraction)
    {
        var percent = fraction * 100;
        if (percent is > 0 and < 0.01)
        {
            return "<0.01%";
        }

        var format = percent switch
        {
            0 => "0",
            < 0.1 => "0.00",
            < 10 => "0.#",
            _ => "0",
        };
        return percent.ToString(format, CultureInfo.InvariantCulture) + "%";
    }

    public static string Number(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "N0" : "0.##", CultureInfo.InvariantCulture);

    public static string Milliseconds(double ms) => ms.ToString(ms >= 100 ? "N0" : "0.###", CultureInfo.InvariantCulture) + " ms";

    /// <summary>At most <paramref name="max"/> characters, with an ellipsis; never splits a surrogate pair.</summary>
    public static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = Math.Max(0, max - 1);
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut] + "…";
    }
}
