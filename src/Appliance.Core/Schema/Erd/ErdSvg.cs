using System.Globalization;
using System.Text;

namespace Appliance.Core.Schema.Erd;

public sealed record ErdSvgOptions
{
    /// <summary>A file on its own: XML declaration and an embedded &lt;style&gt;. The web page leaves both out and styles by class.</summary>
    public bool Standalone { get; init; } = true;
    public string? Title { get; init; }
}

/// <summary>
/// Writes a diagram as SVG. The markup is a contract with the web page's script (erd.js), which pans, zooms, drags and
/// re-routes by these classes and data attributes:
/// <code>
/// svg.erd[data-tables] > g.erd-viewport > g.erd-edges > g.erd-edge[data-id data-from data-to data-from-end data-to-end](.mark-*) > path.erd-line, path.erd-end-from, path.erd-end-to, title
///                                     > g.erd-nodes > g.erd-node[data-id data-schema data-name transform="translate(x y)" data-width data-height](.erd-view)(.mark-*) > rect.erd-box, rect.erd-head, text.erd-title, g.erd-col(.pk)(.fk)(.nullable)(.mark-*) > text.erd-col-name + text.erd-col-type, text.erd-more
/// </code>
/// Also: svg[data-edges]; g.erd-edge[data-count] (links an overview edge stands for); g.erd-node(.erd-group)(.erd-pinned)
/// > title, text.erd-caption (a group's "N tables"); g.erd-col[data-column] > rect.erd-row (marked rows only),
/// text.erd-col-key ("PK", "FK", "PK FK"), text.erd-col-type > tspan.erd-null ("?" of a nullable column).
/// data-from-end and data-to-end are the <see cref="ErdEnd"/> names: "One", "ZeroOrOne" or "Many". Geometry (sizes, anchors, font sizes) is in
/// attributes, so the picture holds together unstyled; colours come from <see cref="Stylesheet"/> or the page's CSS.
/// </summary>
public static class ErdSvg
{
    /// <summary>The look of a standalone file (white boxes, a tinted header; green, red, amber and blue for diff marks).</summary>
    public const string Stylesheet = """
        .erd { background: #fff; }
        .erd text { font-family: Helvetica, Arial, 'Liberation Sans', sans-serif; font-size: 12px; fill: #243b53; }
        .erd .erd-box { fill: #fff; stroke: #9aa5b1; stroke-width: 1; }
        .erd .erd-head { fill: #e3ecf8; }
        .erd .erd-title { font-size: 13px; font-weight: bold; fill: #102a43; }
        .erd .erd-caption { fill: #627d98; }
        .erd .erd-view > .erd-box { stroke-dasharray: 5 3; }
        .erd .erd-view > .erd-head { fill: #eee8f7; }
        .erd .erd-group > .erd-head { fill: #e6f2ea; }
        .erd .erd-col-key { font-size: 8px; font-weight: bold; fill: #b7791f; }
        .erd .fk > .erd-col-key { fill: #2b6cb0; }
        .erd .pk > .erd-col-name { font-weight: bold; }
        .erd .erd-col-type { fill: #627d98; }
        .erd .nullable > .erd-col-type, .erd .erd-null { fill: #9fb3c8; }
        .erd .erd-more { fill: #829ab1; font-style: italic; }
        .erd .erd-line { fill: none; stroke: #7b8794; stroke-width: 1.25; }
        .erd .erd-end-from, .erd .erd-end-to { fill: #fff; stroke: #7b8794; stroke-width: 1.25; }
        .erd .mark-added > .erd-box { stroke: #2f855a; stroke-width: 2; }
        .erd .mark-added > .erd-head, .erd .mark-added > .erd-row { fill: #dcf2e3; }
        .erd .mark-dropped > .erd-box { stroke: #c53030; stroke-width: 2; stroke-dasharray: 6 3; }
        .erd .mark-dropped > .erd-head, .erd .mark-dropped > .erd-row { fill: #fbe0e0; }
        .erd .erd-col.mark-dropped > text { text-decoration: line-through; }
        .erd .mark-changed > .erd-box { stroke: #b7791f; stroke-width: 2; }
        .erd .mark-changed > .erd-head, .erd .mark-changed > .erd-row { fill: #fcefd2; }
        .erd .mark-renamed > .erd-box { stroke: #2b6cb0; stroke-width: 2; }
        .erd .mark-renamed > .erd-head, .erd .mark-renamed > .erd-row { fill: #dceafa; }
        .erd .erd-edge.mark-added > path { stroke: #2f855a; stroke-width: 2; }
        .erd .erd-edge.mark-dropped > path { stroke: #c53030; stroke-width: 2; }
        .erd .erd-edge.mark-dropped > .erd-line { stroke-dasharray: 6 3; }
        .erd .erd-edge.mark-changed > path, .erd .erd-edge.mark-renamed > path { stroke: #b7791f; stroke-width: 2; }
        """;

    public static string Write(ErdDiagram diagram, ErdSvgOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(diagram);
        options ??= new ErdSvgOptions();
        var qualified = diagram.Nodes.Where(n => !n.IsGroup).Select(n => n.Schema).Distinct(StringComparer.Ordinal).Skip(1).Any();
        var names = new Dictionary<string, ErdNode>(StringComparer.Ordinal);
        foreach (var node in diagram.Nodes)
        {
            names.TryAdd(node.Id, node);
        }

        var svg = new StringBuilder(4096 + (diagram.Nodes.Count * 1500) + (diagram.Edges.Count * 400));
        if (options.Standalone)
        {
            svg.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        }

        var tables = diagram.Nodes.Count(n => !n.IsGroup);
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"erd\" data-tables=\"{tables}\" data-edges=\"{diagram.Edges.Count}\" width=\"{N(diagram.Width)}\" height=\"{N(diagram.Height)}\" viewBox=\"0 0 {N(diagram.Width)} {N(diagram.Height)}\""));
        svg.Append(Invariant($" font-family=\"{Escape(ErdMetrics.FontFamily)}\" font-size=\"{N(ErdMetrics.FontSize)}\""));
        if (options.Title is { } title)
        {
            svg.Append(" role=\"img\" aria-label=\"").Append(Escape(title)).Append("\">\n<title>").Append(Escape(title)).Append("</title>\n");
        }
        else
        {
            svg.Append(">\n");
        }

        if (options.Standalone)
        {
            svg.Append("<style>\n").Append(Stylesheet).Append("\n</style>\n");
            svg.Append(Invariant($"<rect class=\"erd-background\" width=\"{N(diagram.Width)}\" height=\"{N(diagram.Height)}\" fill=\"#fff\"/>\n"));
        }

        svg.Append("<g class=\"erd-viewport\">\n<g class=\"erd-edges\">\n");
        foreach (var edge in diagram.Edges)
        {
            WriteEdge(svg, edge, names, qualified);
        }

        svg.Append("</g>\n<g class=\"erd-nodes\">\n");
        foreach (var node in diagram.Nodes)
        {
            WriteNode(svg, node, qualified);
        }

        svg.Append("</g>\n</g>\n</svg>\n");
        return svg.ToString();
    }

    private static void WriteEdge(StringBuilder svg, ErdEdge edge, Dictionary<string, ErdNode> nodes, bool qualified)
    {
        svg.Append("<g class=\"erd-edge").Append(MarkClass(edge.Mark)).Append("\" data-id=\"").Append(Escape(edge.Id))
            .Append("\" data-from=\"").Append(Escape(edge.From)).Append("\" data-to=\"").Append(Escape(edge.To))
            .Append("\" data-from-end=\"").Append(edge.FromEnd.ToString()).Append("\" data-to-end=\"").Append(edge.ToEnd.ToString()).Append('"');
        if (edge.Count != 1)
        {
            svg.Append(Invariant($" data-count=\"{edge.Count}\""));
        }

        svg.Append("><title>").Append(Escape(Describe(edge, nodes, qualified))).Append("</title>");
        var points = edge.Points;
        if (points.Count >= 2)
        {
            svg.Append("<path class=\"erd-line\" d=\"M").Append(N(points[0].X)).Append(' ').Append(N(points[0].Y));
            for (var i = 1; i < points.Count; i++)
            {
                svg.Append(" L").Append(N(points[i].X)).Append(' ').Append(N(points[i].Y));
            }

            svg.Append("\"/>");
            svg.Append("<path class=\"erd-end-from\" d=\"").Append(Glyph(edge.FromEnd, points[0], points[1])).Append("\"/>");
            svg.Append("<path class=\"erd-end-to\" d=\"").Append(Glyph(edge.ToEnd, points[^1], points[^2])).Append("\"/>");
        }

        svg.Append("</g>\n");
    }

    /// <summary>"orders.customer_id → customers.id"; an overview link says how many foreign keys it stands for.</summary>
    private static string Describe(ErdEdge edge, Dictionary<string, ErdNode> nodes, bool qualified)
    {
        string Name(string id) => nodes.TryGetValue(id, out var node)
            ? node.IsGroup ? node.Name : ErdMetrics.Title(node.Schema, node.Name, qualified)
            : id;

        if (edge.FromColumns.Count == 0)
        {
            var count = edge.Count == 1 ? "1 foreign key" : Invariant($"{edge.Count} foreign keys");
            return $"{Name(edge.From)} → {Name(edge.To)}: {count}";
        }

        static string Columns(IReadOnlyList<string> columns) => columns.Count == 1 ? columns[0] : $"({string.Join(", ", columns)})";
        return $"{Name(edge.From)}.{Columns(edge.FromColumns)} → {Name(edge.To)}.{Columns(edge.ToColumns)}";
    }

    private static void WriteNode(StringBuilder svg, ErdNode node, bool qualified)
    {
        svg.Append("<g class=\"erd-node");
        if (node.IsView)
        {
            svg.Append(" erd-view");
        }

        if (node.IsGroup)
        {
            svg.Append(" erd-group");
        }

        if (node.IsPinned)
        {
            svg.Append(" erd-pinned");
        }

        var title = node.IsGroup ? node.Name : ErdMetrics.Title(node.Schema, node.Name, qualified);
        svg.Append(MarkClass(node.Mark)).Append("\" data-id=\"").Append(Escape(node.Id)).Append("\" data-schema=\"").Append(Escape(node.Schema))
            .Append("\" data-name=\"").Append(Escape(node.Name))
            .Append(Invariant($"\" data-width=\"{N(node.Width)}\" data-height=\"{N(node.Height)}\" transform=\"translate({N(node.X)} {N(node.Y)})\">"));
        var tooltip = node.IsGroup ? $"{node.Name}: {node.Caption}" : $"{node.Schema}.{node.Name}{(node.IsView ? " (view)" : "")}";
        svg.Append("<title>").Append(Escape(tooltip)).Append("</title>");
        svg.Append(Invariant($"<rect class=\"erd-box\" width=\"{N(node.Width)}\" height=\"{N(node.Height)}\" rx=\"4\"/>"));
        svg.Append(Invariant($"<rect class=\"erd-head\" x=\"0.5\" y=\"0.5\" width=\"{N(node.Width - 1)}\" height=\"{N(ErdMetrics.HeaderHeight - 0.5)}\" rx=\"3.5\"/>"));
        var titleWidth = node.Width - (2 * ErdMetrics.PaddingX);
        svg.Append(Invariant($"<text class=\"erd-title\" x=\"{N(ErdMetrics.PaddingX)}\" y=\"{N((ErdMetrics.HeaderHeight / 2) + 4.5)}\" font-size=\"{N(ErdMetrics.TitleFontSize)}\" font-weight=\"bold\">"))
            .Append(Escape(ErdMetrics.Fit(title, titleWidth, ErdMetrics.TitleFontSize, bold: true))).Append("</text>");
        if (node.Caption is { } caption)
        {
            svg.Append(Invariant($"<text class=\"erd-caption\" x=\"{N(ErdMetrics.PaddingX)}\" y=\"{N(ErdMetrics.HeaderHeight + 19)}\">"))
                .Append(Escape(ErdMetrics.Fit(caption, titleWidth, ErdMetrics.FontSize))).Append("</text>");
        }

        for (var row = 0; row < node.Columns.Count; row++)
        {
            WriteColumn(svg, node, node.Columns[row], row);
        }

        if (node.HiddenColumns > 0)
        {
            svg.Append(Invariant($"<text class=\"erd-more\" x=\"{N(ErdMetrics.KeyColumnWidth)}\" y=\"{N(ErdMetrics.RowMiddle(node.Columns.Count) + 4)}\">"))
                .Append(Escape(ErdMetrics.More(node.HiddenColumns))).Append("</text>");
        }

        svg.Append("</g>\n");
    }

    private static void WriteColumn(StringBuilder svg, ErdNode node, ErdColumn column, int row)
    {
        svg.Append("<g class=\"erd-col");
        if (column.IsPrimaryKey)
        {
            svg.Append(" pk");
        }

        if (column.IsForeignKey)
        {
            svg.Append(" fk");
        }

        if (column.IsNullable)
        {
            svg.Append(" nullable");
        }

        svg.Append(MarkClass(column.Mark)).Append("\" data-column=\"").Append(Escape(column.Name)).Append("\">");
        var middle = ErdMetrics.RowMiddle(row);
        var baseline = N(middle + 4);
        if (column.Mark != ErdMark.None)
        {
            svg.Append(Invariant($"<rect class=\"erd-row\" x=\"1\" y=\"{N(middle - (ErdMetrics.RowHeight / 2))}\" width=\"{N(node.Width - 2)}\" height=\"{N(ErdMetrics.RowHeight)}\"/>"));
        }

        var badge = ErdMetrics.KeyBadge(column.IsPrimaryKey, column.IsForeignKey);
        if (badge.Length > 0)
        {
            // "PK FK" is set a little narrower to fit the badge column.
            svg.Append(Invariant($"<text class=\"erd-col-key\" x=\"{N(badge.Length > 2 ? 5 : 9)}\" y=\"{N(middle + 3)}\" font-size=\"{N(ErdMetrics.KeyFontSize)}\" font-weight=\"bold\"{(badge.Length > 2 ? " textLength=\"21\" lengthAdjust=\"spacingAndGlyphs\"" : "")}>{badge}</text>"));
        }

        var (name, type) = ErdMetrics.FitColumn(column, node.Width);
        svg.Append(Invariant($"<text class=\"erd-col-name\" x=\"{N(ErdMetrics.KeyColumnWidth)}\" y=\"{baseline}\">")).Append(Escape(name)).Append("</text>");
        svg.Append(Invariant($"<text class=\"erd-col-type\" x=\"{N(node.Width - ErdMetrics.PaddingX)}\" y=\"{baseline}\" text-anchor=\"end\">")).Append(Escape(type));
        if (column.IsNullable)
        {
            svg.Append("<tspan class=\"erd-null\">?</tspan>");
        }

        svg.Append("</text></g>");
    }

    /// <summary>
    /// The crow's-foot glyph where a line meets a box at <paramref name="at"/>, drawn along the segment towards
    /// <paramref name="toward"/>: bar(s) for one, a circle for zero, three toes for many.
    /// </summary>
    internal static string Glyph(ErdEnd end, ErdPoint at, ErdPoint toward)
    {
        var dx = toward.X - at.X;
        var dy = toward.Y - at.Y;
        var length = Math.Sqrt((dx * dx) + (dy * dy));
        var (ux, uy) = length < 1e-9 ? (0.0, -1.0) : (dx / length, dy / length);
        var (nx, ny) = (-uy, ux);
        string P(double along, double across) => $"{N(at.X + (ux * along) + (nx * across))} {N(at.Y + (uy * along) + (ny * across))}";
        string Bar(double along) => $"M{P(along, -6)} L{P(along, 6)}";
        string Circle(double along)
        {
            const double r = 3.5;
            return $"M{P(along - r, 0)} A{N(r)} {N(r)} 0 1 0 {P(along + r, 0)} A{N(r)} {N(r)} 0 1 0 {P(along - r, 0)} Z";
        }

        return end switch
        {
            ErdEnd.One => $"{Bar(6)} {Bar(10)}",
            ErdEnd.ZeroOrOne => $"{Bar(6)} {Circle(13)}",
            _ => $"M{P(0, -7)} L{P(10, 0)} L{P(0, 7)} M{P(0, 0)} L{P(10, 0)} {Circle(14.5)}",
        };
    }

    private static string MarkClass(ErdMark mark) => mark switch
    {
        ErdMark.Added => " mark-added",
        ErdMark.Dropped => " mark-dropped",
        ErdMark.Changed => " mark-changed",
        ErdMark.Renamed => " mark-renamed",
        _ => "",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Text for element content and attribute values: markup characters escaped, and characters XML cannot hold replaced.</summary>
    internal static string Escape(string text)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? replacement = c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '"' => "&quot;",
                '\'' => "&apos;",
                '\t' or '\n' or '\r' => " ",
                < ' ' or '\uFFFE' or '\uFFFF' => "\uFFFD",
                _ when char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) => null,
                _ when char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1]) => null,
                _ when char.IsSurrogate(c) => "\uFFFD",
                _ => null,
            };
            if (replacement is null)
            {
                builder?.Append(c);
                continue;
            }

            builder ??= new StringBuilder(text, 0, i, text.Length + 16);
            builder.Append(replacement);
        }

        return builder?.ToString() ?? text;
    }
}
