using System.Globalization;
using System.Security;
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
/// </summary>
public static class ErdSvg
{
    public static string Write(ErdDiagram diagram, ErdSvgOptions? options = null)
    {
        // Placeholder until the full writer lands (issue 5 work in progress).
        options ??= new ErdSvgOptions();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"erd\" data-tables=\"{diagram.Nodes.Count}\" viewBox=\"0 0 {diagram.Width} {diagram.Height}\"><g class=\"erd-viewport\"><g class=\"erd-edges\">");
        foreach (var edge in diagram.Edges)
        {
            var d = string.Join(" L", edge.Points.Select(p => FormattableString.Invariant($"{p.X} {p.Y}")));
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"erd-edge\" data-id=\"{Escape(edge.Id)}\" data-from=\"{Escape(edge.From)}\" data-to=\"{Escape(edge.To)}\"><path class=\"erd-line\" d=\"M{d}\"/></g>");
        }

        svg.Append("</g><g class=\"erd-nodes\">");
        foreach (var node in diagram.Nodes)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"erd-node\" data-id=\"{Escape(node.Id)}\" data-schema=\"{Escape(node.Schema)}\" data-name=\"{Escape(node.Name)}\" data-width=\"{node.Width}\" data-height=\"{node.Height}\" transform=\"translate({node.X} {node.Y})\">");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"erd-box\" width=\"{node.Width}\" height=\"{node.Height}\"/><text class=\"erd-title\" x=\"8\" y=\"18\">{Escape(node.Name)}</text>");
            var y = 40;
            foreach (var column in node.Columns)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<g class=\"erd-col\"><text class=\"erd-col-name\" x=\"8\" y=\"{y}\">{Escape(column.Name)}</text><text class=\"erd-col-type\" x=\"{node.Width - 8}\" y=\"{y}\">{Escape(column.Type)}</text></g>");
                y += 18;
            }

            svg.Append("</g>");
        }

        svg.Append("</g></g></svg>");
        return svg.ToString();
    }

    private static string Escape(string text) => SecurityElement.Escape(text);
}
