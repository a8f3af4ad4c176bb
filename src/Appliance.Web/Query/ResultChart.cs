using System.Globalization;
using System.Text;
using Appliance.Infrastructure.Query;

namespace Appliance.Web.Query;

public enum ChartType
{
    Bar,
    Line,
}

/// <summary>What a result can be drawn as: the label column, the value column and the chart type.</summary>
public sealed record ChartChoice(int LabelColumn, int ValueColumn, ChartType Type);

/// <summary>
/// A chart of a result drawn on the server as SVG (no script library, nothing inline that the page's CSP forbids):
/// bars for a label and a number, a line when the labels are dates or times. Only presentation attributes are used.
/// </summary>
public static class ResultChart
{
    public const int MaxBars = 40;
    public const int MaxPoints = 1000;
    private const int Width = 760;
    private const int Height = 320;
    private const int Left = 72;
    private const int Right = 16;
    private const int Top = 16;
    private const int Bottom = 72;

    /// <summary>The columns a chart can use: any number column as value, and a label column of any other kind.</summary>
    public static IReadOnlyList<int> ValueColumns(QueryResult result) =>
        result.Columns.Select((c, i) => (c, i)).Where(x => x.c.Kind == ColumnKind.Number).Select(x => x.i).ToList();

    /// <summary>Keys and counters of rows (id, customer_id) are numbers but not measures: charting them says nothing.</summary>
    private static bool LooksLikeKey(string name) =>
        name.Equals("id", StringComparison.OrdinalIgnoreCase) || name.EndsWith("_id", StringComparison.OrdinalIgnoreCase) ||
        (name.EndsWith("id", StringComparison.Ordinal) && name.Length > 2 && char.IsUpper(name[^2]));

    /// <summary>The natural chart of a result, or null when it has no number column and at least one other column.</summary>
    public static ChartChoice? Suggest(QueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Rows.Count == 0)
        {
            return null;
        }

        var values = ValueColumns(result).Where(i => !LooksLikeKey(result.Columns[i].Name)).ToList();
        if (values.Count == 0 || result.Columns.Count < 2 || result.Rows.Count < 2)
        {
            return null;
        }

        var date = result.Columns.Select((c, i) => (c, i)).FirstOrDefault(x => x.c.Kind == ColumnKind.DateTime);
        if (date.c is not null)
        {
            return new ChartChoice(date.i, values[0], ChartType.Line);
        }

        var label = result.Columns.Select((c, i) => (c, i)).FirstOrDefault(x => x.i != values[0] && x.c.Kind is ColumnKind.Text or ColumnKind.Boolean);
        return label.c is null ? null : new ChartChoice(label.i, values[0], ChartType.Bar);
    }

    public static string ToSvg(QueryResult result, ChartChoice choice)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(choice);
        var limit = choice.Type == ChartType.Bar ? MaxBars : MaxPoints;
        var points = result.Rows.Take(limit)
            .Select(r => (Label: r[choice.LabelColumn] is { } l ? ResultExport.Text(l) : "NULL", Value: ToDouble(r[choice.ValueColumn])))
            .ToList();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"result-chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Escape(Title(result, choice))}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Escape(Title(result, choice))}</title>");
        var numbers = points.Where(p => p.Value is not null).Select(p => p.Value!.Value).ToList();
        if (numbers.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" fill=\"#5f6b7a\" font-size=\"14\">No numeric values to draw.</text></svg>");
            return svg.ToString();
        }

        var (low, high, step) = Scale(Math.Min(0, numbers.Min()), Math.Max(0, numbers.Max()));
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double Y(double v) => Top + plotHeight - ((v - low) / (high - low) * plotHeight);

        // Grid and value axis.
        for (var tick = low; tick <= high + (step / 2); tick += step)
        {
            var y = Y(tick);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#e1e5eb\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" fill=\"#5f6b7a\" font-size=\"11\">{Escape(Number(tick))}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(0):0.#}\" y2=\"{Y(0):0.#}\" stroke=\"#5f6b7a\" stroke-width=\"1\"/>");
        var slot = (double)plotWidth / points.Count;
        var labelEvery = Math.Max(1, (int)Math.Ceiling(points.Count / (plotWidth / 60.0)));
        if (choice.Type == ChartType.Bar)
        {
            for (var i = 0; i < points.Count; i++)
            {
                var (label, value) = points[i];
                var x = Left + (i * slot) + (slot * 0.15);
                var width = slot * 0.7;
                if (value is { } v)
                {
                    var top = Math.Min(Y(v), Y(0));
                    var height = Math.Abs(Y(v) - Y(0));
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<rect class=\"bar\" x=\"{x:0.#}\" y=\"{top:0.#}\" width=\"{width:0.#}\" height=\"{Math.Max(height, 0.5):0.#}\" fill=\"#2f5fd0\"><title>{Escape(label)}: {Escape(Number(v))}</title></rect>");
                }

                if (i % labelEvery == 0)
                {
                    AppendLabel(svg, Left + (i * slot) + (slot / 2), label);
                }
            }
        }
        else
        {
            var path = new StringBuilder();
            for (var i = 0; i < points.Count; i++)
            {
                if (points[i].Value is not { } v)
                {
                    continue;
                }

                var x = Left + (i * slot) + (slot / 2);
                path.Append(CultureInfo.InvariantCulture, $"{(path.Length == 0 ? "M" : " L")}{x:0.#},{Y(v):0.#}");
                if (points.Count <= 120)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"point\" cx=\"{x:0.#}\" cy=\"{Y(v):0.#}\" r=\"3\" fill=\"#2f5fd0\"><title>{Escape(points[i].Label)}: {Escape(Number(v))}</title></circle>");
                }
            }

            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"line\" d=\"{path}\" fill=\"none\" stroke=\"#2f5fd0\" stroke-width=\"2\"/>");
            for (var i = 0; i < points.Count; i += labelEvery)
            {
                AppendLabel(svg, Left + (i * slot) + (slot / 2), points[i].Label);
            }
        }

        var names = $"{result.Columns[choice.ValueColumn].Name} by {result.Columns[choice.LabelColumn].Name}";
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - 6}\" fill=\"#5f6b7a\" font-size=\"12\">{Escape(names)}{(result.Rows.Count > limit ? Escape($" (first {limit} rows of {result.Rows.Count})") : "")}</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Title(QueryResult result, ChartChoice choice) =>
        $"{(choice.Type == ChartType.Bar ? "Bar" : "Line")} chart of {result.Columns[choice.ValueColumn].Name} by {result.Columns[choice.LabelColumn].Name}";

    private static void AppendLabel(StringBuilder svg, double x, string label)
    {
        var shown = label.Length > 14 ? label[..13] + "…" : label;
        var y = Height - Bottom + 14;
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{x:0.#}\" y=\"{y}\" text-anchor=\"end\" transform=\"rotate(-35 {x:0.#} {y})\" fill=\"#1d2430\" font-size=\"11\">{Escape(shown)}</text>");
    }

    /// <summary>Round axis bounds and a step of 1, 2 or 5 × 10ⁿ giving about five grid lines.</summary>
    internal static (double Low, double High, double Step) Scale(double min, double max)
    {
        if (max - min < double.Epsilon)
        {
            max = min + 1;
        }

        var raw = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        return (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
    }

    internal static double? ToDouble(object? value) => value switch
    {
        null => null,
        long l => l,
        int i => i,
        decimal m => (double)m,
        double d when double.IsFinite(d) => d,
        float f when float.IsFinite(f) => f,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) => parsed,
        _ => null,
    };

    private static string Number(double value) =>
        Math.Abs(value) >= 1_000_000 ? value.ToString("0.##e0", CultureInfo.InvariantCulture) : value.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text) ?? "";
}
