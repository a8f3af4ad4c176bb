using System.Text;

namespace Appliance.Core.Schema.Erd;

/// <summary>
/// The geometry of a table box, shared by the layout (which sizes boxes) and the SVG writer (which draws into them), so a
/// box is always as wide as its text. Text is measured with Helvetica/Arial advance widths (the SVG names that font
/// family; Liberation Sans is metric-compatible), plus an allowance for a page that sets a wider sans-serif.
/// </summary>
internal static class ErdMetrics
{
    public const string FontFamily = "Helvetica, Arial, 'Liberation Sans', sans-serif";
    public const double FontSize = 12;
    public const double TitleFontSize = 13;
    public const double KeyFontSize = 8;
    public const double HeaderHeight = 28;
    public const double RowHeight = 20;

    /// <summary>Space between the header and the first row, and below the last row.</summary>
    public const double BodyPadding = 4;
    public const double PaddingX = 10;

    /// <summary>The column of PK/FK badges left of the column names.</summary>
    public const double KeyColumnWidth = 30;

    /// <summary>The least space between a column's name and its right-aligned type.</summary>
    public const double NameTypeGap = 16;
    public const double MinWidth = 140;
    public const double MaxWidth = 420;

    /// <summary>A group box of the overview: its label, and "N tables" under it.</summary>
    public const double GroupHeight = 58;
    public const double GroupMinWidth = 150;

    public const string Ellipsis = "…";

    /// <summary>DejaVu Sans, the usual sans-serif fallback on Linux, runs about a tenth wider than Helvetica.</summary>
    private const double WiderFontAllowance = 1.12;

    // Advance widths of Helvetica (em = 1) for printable ASCII, from space (32) to tilde (126).
    private static readonly double[] AsciiWidths =
    [
        0.278, 0.278, 0.355, 0.556, 0.556, 0.889, 0.667, 0.191, 0.333, 0.333, 0.389, 0.584, 0.278, 0.333, 0.278, 0.278, // space to /
        0.556, 0.556, 0.556, 0.556, 0.556, 0.556, 0.556, 0.556, 0.556, 0.556, 0.278, 0.278, 0.584, 0.584, 0.584, 0.556, // 0 to ?
        1.015, 0.667, 0.667, 0.722, 0.722, 0.667, 0.611, 0.778, 0.722, 0.278, 0.5, 0.667, 0.556, 0.833, 0.722, 0.778, // @ to O
        0.667, 0.778, 0.722, 0.667, 0.611, 0.722, 0.667, 0.944, 0.667, 0.667, 0.611, 0.278, 0.278, 0.278, 0.469, 0.556, // P to _
        0.333, 0.556, 0.556, 0.5, 0.556, 0.556, 0.278, 0.556, 0.556, 0.222, 0.222, 0.5, 0.222, 0.833, 0.556, 0.556, // ` to o
        0.556, 0.556, 0.333, 0.5, 0.278, 0.556, 0.5, 0.722, 0.5, 0.5, 0.5, 0.334, 0.26, 0.334, 0.584, // p to ~
    ];

    /// <summary>The estimated width in pixels of <paramref name="text"/> at <paramref name="fontSize"/>.</summary>
    public static double TextWidth(string text, double fontSize, bool bold = false)
    {
        double ems = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            ems += RuneWidth(rune);
        }

        // Bold faces run about a tenth wider.
        return ems * fontSize * WiderFontAllowance * (bold ? 1.1 : 1.0);
    }

    private static double RuneWidth(Rune rune) => rune.Value switch
    {
        >= 32 and <= 126 => AsciiWidths[rune.Value - 32],
        < 32 => 0,
        // East Asian wide characters (CJK, Hangul, full-width forms) take a full em.
        >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF or >= 0xFF00 and <= 0xFF60 or >= 0x20000 => 1.0,
        _ => 0.6,
    };

    /// <summary><paramref name="text"/> cut with an ellipsis to fit <paramref name="width"/> pixels.</summary>
    public static string Fit(string text, double width, double fontSize, bool bold = false)
    {
        if (TextWidth(text, fontSize, bold) <= width)
        {
            return text;
        }

        var budget = width - TextWidth(Ellipsis, fontSize, bold);
        var scale = fontSize * WiderFontAllowance * (bold ? 1.1 : 1.0);
        var used = 0.0;
        var builder = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            used += RuneWidth(rune) * scale;
            if (used > budget)
            {
                break;
            }

            builder.Append(rune.ToString());
        }

        return builder.Append(Ellipsis).ToString();
    }

    public static string KeyBadge(bool primaryKey, bool foreignKey) => (primaryKey, foreignKey) switch
    {
        (true, true) => "PK FK",
        (true, false) => "PK",
        (false, true) => "FK",
        _ => "",
    };

    /// <summary>The type as shown: nullable columns carry a "?".</summary>
    public static double TypeWidth(ErdColumn column) => TextWidth(column.Type + (column.IsNullable ? "?" : ""), FontSize);

    /// <summary>The width a column row needs, badge to type.</summary>
    public static double ColumnWidth(ErdColumn column) =>
        KeyColumnWidth + TextWidth(column.Name, FontSize) + NameTypeGap + TypeWidth(column) + PaddingX;

    public static double TitleWidth(string title) => PaddingX + TextWidth(title, TitleFontSize, bold: true) + PaddingX;

    /// <summary>The title drawn in a box's header: the table name, qualified when the diagram spans several schemas.</summary>
    public static string Title(string schema, string name, bool qualified) => qualified && schema.Length > 0 ? $"{schema}.{name}" : name;

    public static string More(int hidden) => $"+{hidden} more";

    public static double TableWidth(string title, IReadOnlyList<ErdColumn> columns, int hiddenColumns)
    {
        var width = Math.Max(MinWidth, TitleWidth(title));
        foreach (var column in columns)
        {
            width = Math.Max(width, ColumnWidth(column));
        }

        if (hiddenColumns > 0)
        {
            width = Math.Max(width, KeyColumnWidth + TextWidth(More(hiddenColumns), FontSize) + PaddingX);
        }

        return Math.Ceiling(Math.Min(MaxWidth, width));
    }

    public static double TableHeight(int rows) => HeaderHeight + BodyPadding + (rows * RowHeight) + BodyPadding;

    /// <summary>The vertical middle of row <paramref name="row"/> (0-based), from the top of the box.</summary>
    public static double RowMiddle(int row) => HeaderHeight + BodyPadding + (row * RowHeight) + (RowHeight / 2);

    /// <summary>The name and type of a column cut to fit a box of <paramref name="boxWidth"/>; the type gives way first, down to half.</summary>
    public static (string Name, string Type) FitColumn(ErdColumn column, double boxWidth)
    {
        var available = boxWidth - KeyColumnWidth - NameTypeGap - PaddingX;
        var nameWidth = TextWidth(column.Name, FontSize);
        var typeWidth = TypeWidth(column);
        if (nameWidth + typeWidth <= available)
        {
            return (column.Name, column.Type);
        }

        var typeBudget = Math.Max(available - nameWidth, Math.Min(typeWidth, available / 2));
        var questionMark = column.IsNullable ? TextWidth("?", FontSize) : 0;
        var type = Fit(column.Type, typeBudget - questionMark, FontSize);
        var name = Fit(column.Name, available - TextWidth(type, FontSize) - questionMark, FontSize);
        return (name, type);
    }

    public static double GroupWidth(string label, string caption) =>
        Math.Ceiling(Math.Min(MaxWidth, Math.Max(GroupMinWidth, Math.Max(TitleWidth(label), PaddingX + TextWidth(caption, FontSize) + PaddingX))));
}
