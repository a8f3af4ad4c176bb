using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using static Appliance.Core.Query.Plans.PlanText;

namespace Appliance.Core.Query.Plans;

/// <summary>
/// Draws a plan as a standalone SVG tree of boxes, root on top. Built for inline use under a strict CSP: only
/// presentation attributes and class names, no style attribute or element, no script, no external reference.
/// </summary>
public static class PlanDiagram
{
    private const double BoxWidth = 200;
    private const double BoxHeight = 76;
    private const double HorizontalGap = 24;
    private const double VerticalGap = 40;
    private const double Margin = 16;
    private const double HeaderHeight = 26;
    private const double LineHeight = 15;
    private const double FontSize = 12;

    /// <summary>About how many characters of 12px sans-serif fit in a box line.</summary>
    private const int LineCharacters = 29;

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static string ToSvg(QueryPlan plan, IReadOnlyList<PlanFinding>? findings = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        findings ??= [];
        var nodes = plan.Nodes;
        var x = new double[nodes.Count];
        var depth = new int[nodes.Count];

        // Leaves take consecutive slots left to right; a parent sits centred over its first and last child.
        var leaves = 0;
        foreach (var node in nodes)
        {
            depth[node.Id] = plan.ParentOf(node) is { } parent ? depth[parent.Id] + 1 : 0;
            if (node.Children.Count == 0)
            {
                x[node.Id] = Margin + (leaves++ * (BoxWidth + HorizontalGap));
            }
        }

        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            var node = nodes[i];
            if (node.Children.Count > 0)
            {
                x[node.Id] = (x[node.Children[0].Id] + x[node.Children[^1].Id]) / 2;
            }
        }

        var levels = depth.Max() + 1;
        var header = Header(plan);
        // Wide enough for the tree, and for the header line above a narrow tree (about 0.6 em per character).
        var width = Math.Max((2 * Margin) + (leaves * (BoxWidth + HorizontalGap)) - HorizontalGap, (2 * Margin) + (header.Length * FontSize * 0.6));
        var height = (2 * Margin) + HeaderHeight + (levels * (BoxHeight + VerticalGap)) - VerticalGap;
        double Top(PlanNode n) => Margin + HeaderHeight + (depth[n.Id] * (BoxHeight + VerticalGap));

        var costliest = findings.FirstOrDefault(f => f.Kind == PlanFindingKind.CostliestNode)?.Node;
        var byNode = findings.Where(f => f.Kind != PlanFindingKind.CostliestNode).ToLookup(f => f.NodeId);

        var root = new XElement(
            Svg + "svg",
            new XAttribute("width", Format(width)),
            new XAttribute("height", Format(height)),
            new XAttribute("viewBox", $"0 0 {Format(width)} {Format(height)}"),
            new XAttribute("role", "img"),
            new XAttribute("class", "plan-diagram"),
            new XAttribute("font-family", "sans-serif"),
            new XAttribute("font-size", Format(FontSize)),
            new XElement(Svg + "title", Clean($"{EngineName(plan.Engine)} query plan, {nodes.Count} step{(nodes.Count == 1 ? "" : "s")}")),
            new XElement(
                Svg + "text",
                new XAttribute("x", Format(Margin)),
                new XAttribute("y", Format(Margin + 14)),
                new XAttribute("class", "plan-header"),
                new XAttribute("fill", "#424242"),
                Clean(header)));

        var edges = new XElement(Svg + "g", new XAttribute("class", "plan-edges"), new XAttribute("fill", "none"), new XAttribute("stroke", "#9e9e9e"));
        var boxes = new XElement(Svg + "g", new XAttribute("class", "plan-nodes"));
        var hasShares = HasShares(plan);
        foreach (var node in nodes)
        {
            foreach (var child in node.Children)
            {
                edges.Add(Edge(x[node.Id] + (BoxWidth / 2), Top(node) + BoxHeight, x[child.Id] + (BoxWidth / 2), Top(child), child));
            }

            boxes.Add(Box(plan, node, x[node.Id], Top(node), ReferenceEquals(node, costliest), [.. byNode[node.Id]], hasShares));
        }

        root.Add(edges, boxes);
        return root.ToString(SaveOptions.DisableFormatting);
    }

    private static XElement Edge(double x1, double y1, double x2, double y2, PlanNode child)
    {
        // Thicker edges carry more rows: about one pixel per decade.
        var rows = child.TotalActualRows ?? child.EstimatedRows ?? 1;
        var thickness = Math.Clamp(1 + Math.Log10(Math.Max(rows, 1)) * 0.7, 1, 6);
        var middle = y1 + ((y2 - y1) / 2);
        return new XElement(
            Svg + "path",
            new XAttribute("class", "plan-edge"),
            new XAttribute("d", $"M {Format(x1)} {Format(y1)} V {Format(middle)} H {Format(x2)} V {Format(y2)}"),
            new XAttribute("stroke-width", Format(thickness)),
            new XElement(Svg + "title", Clean($"{Rows(rows)} rows{(child.TotalActualRows is null ? " (estimated)" : "")}")));
    }

    private static XElement Box(QueryPlan plan, PlanNode node, double x, double y, bool costliest, IReadOnlyList<PlanFinding> findings, bool hasShares)
    {
        var severity = findings.Count > 0 ? findings.Max(f => f.Severity) : (PlanFindingSeverity?)null;
        var (fill, stroke, strokeWidth, css) = (costliest, severity) switch
        {
            (true, _) => ("#fdecea", "#c62828", 3, "plan-node plan-node-costliest"),
            (_, PlanFindingSeverity.Critical) => ("#fdecea", "#e53935", 2, "plan-node plan-node-critical"),
            (_, PlanFindingSeverity.Warning) => ("#fff8e1", "#ef6c00", 2, "plan-node plan-node-warning"),
            _ => ("#ffffff", "#9e9e9e", 1, "plan-node"),
        };
        if (costliest && severity is PlanFindingSeverity.Warning or PlanFindingSeverity.Critical)
        {
            css += " plan-node-warning";
        }

        var share = plan.Share(node);
        var group = new XElement(
            Svg + "g",
            new XAttribute("class", css),
            new XAttribute("data-node-id", node.Id.ToString(CultureInfo.InvariantCulture)),
            new XElement(Svg + "title", Clean(Tooltip(plan, node, findings))),
            new XElement(
                Svg + "rect",
                new XAttribute("x", Format(x)),
                new XAttribute("y", Format(y)),
                new XAttribute("width", Format(BoxWidth)),
                new XAttribute("height", Format(BoxHeight)),
                new XAttribute("rx", "4"),
                new XAttribute("fill", fill),
                new XAttribute("stroke", stroke),
                new XAttribute("stroke-width", Format(strokeWidth))),
            Text(x + 6, y + 16, Shorten(Title(node), LineCharacters), "plan-node-operation", bold: true),
            Text(x + 6, y + 16 + LineHeight, Shorten(Subtitle(node), LineCharacters + 2), "plan-node-relation"),
            Text(x + 6, y + 16 + (2 * LineHeight), Shorten(RowsLine(node), LineCharacters + 2), "plan-node-rows"));

        // The share bar: the whole width is the whole plan. A plan without costs or times gets none.
        var barWidth = BoxWidth - 56;
        var barY = y + BoxHeight - 14;
        if (hasShares)
        {
            group.Add(
                new XElement(
                    Svg + "rect",
                    new XAttribute("class", "plan-bar-track"),
                    new XAttribute("x", Format(x + 6)),
                    new XAttribute("y", Format(barY)),
                    new XAttribute("width", Format(barWidth)),
                    new XAttribute("height", "7"),
                    new XAttribute("fill", "#eeeeee")),
                new XElement(
                    Svg + "rect",
                    new XAttribute("class", "plan-bar"),
                    new XAttribute("x", Format(x + 6)),
                    new XAttribute("y", Format(barY)),
                    new XAttribute("width", Format(Math.Max(share > 0 ? 1 : 0, barWidth * share))),
                    new XAttribute("height", "7"),
                    new XAttribute("fill", costliest ? "#c62828" : "#1976d2")),
                Text(x + BoxWidth - 44, barY + 7, Percent(share), "plan-node-share"));
        }

        if (severity is PlanFindingSeverity.Warning or PlanFindingSeverity.Critical)
        {
            group.Add(
                new XElement(
                    Svg + "circle",
                    new XAttribute("class", "plan-node-badge"),
                    new XAttribute("cx", Format(x + BoxWidth - 10)),
                    new XAttribute("cy", Format(y + 11)),
                    new XAttribute("r", "7"),
                    new XAttribute("fill", severity == PlanFindingSeverity.Critical ? "#e53935" : "#ef6c00")),
                new XElement(
                    Svg + "text",
                    new XAttribute("x", Format(x + BoxWidth - 10)),
                    new XAttribute("y", Format(y + 15)),
                    new XAttribute("text-anchor", "middle"),
                    new XAttribute("font-weight", "bold"),
                    new XAttribute("fill", "#ffffff"),
                    "!"));
        }

        return group;
    }

    private static XElement Text(double x, double y, string text, string css, bool bold = false)
    {
        var element = new XElement(
            Svg + "text",
            new XAttribute("x", Format(x)),
            new XAttribute("y", Format(y)),
            new XAttribute("class", css),
            new XAttribute("fill", "#212121"),
            Clean(text));
        if (bold)
        {
            element.Add(new XAttribute("font-weight", "bold"));
        }

        return element;
    }

    private static string Title(PlanNode node) => node.Operation;

    private static string Subtitle(PlanNode node)
    {
        if (node.RelationLabel is { } relation)
        {
            return node.IndexName is { } index ? relation + " · " + index : relation;
        }

        return node.LogicalOperation ?? node.JoinType ?? node.SortKey ?? node.Condition ?? node.Filter ?? "";
    }

    private static string RowsLine(PlanNode node)
    {
        var loops = node.ActualLoops is > 1 ? " ×" + Rows(node.ActualLoops.Value) : "";
        return (node.ActualRows, node.EstimatedRows) switch
        {
            ({ } actual, { } estimated) => $"{Rows(actual)} rows (est. {Rows(estimated)}){loops}",
            ({ } actual, null) => $"{Rows(actual)} rows{loops}",
            (null, { } estimated) => $"est. {Rows(estimated)} rows",
            _ => "",
        };
    }

    private static string Tooltip(QueryPlan plan, PlanNode node, IReadOnlyList<PlanFinding> findings)
    {
        var text = new StringBuilder();
        void Line(string label, object? value)
        {
            if (value is not null && (value is not string s || s.Length > 0))
            {
                text.Append(label).Append(": ").Append(value is double d ? Number(d) : value).Append('\n');
            }
        }

        text.Append(node.Operation).Append('\n');
        Line("Logical operation", node.LogicalOperation);
        Line("Relation", node.RelationLabel);
        Line("Index", node.IndexName);
        Line("Join type", node.JoinType);
        Line("Startup cost", node.StartupCost);
        Line("Total cost", node.TotalCost);
        Line("Share of plan", Percent(plan.Share(node)));
        Line("Estimated rows", node.EstimatedRows);
        Line("Estimated rows read", node.EstimatedRowsScanned);
        Line("Actual rows", node.ActualRows);
        Line("Actual rows read", node.ActualRowsScanned);
        Line("Loops", node.ActualLoops);
        if (node.ActualTotalTimeMs is { } time)
        {
            Line("Actual time", Milliseconds(time) + " per loop, " + Milliseconds(plan.ExclusiveTimeMs(node)) + " in this step");
        }

        Line("Width", node.Width);
        Line("Condition", node.Condition);
        Line("Filter", node.Filter);
        Line("Rows removed by filter", node.RowsRemovedByFilter);
        Line("Sort key", node.SortKey);
        Line("Sort method", node.SortMethod);
        if (node.SpilledToDisk)
        {
            Line("Spilled to disk", "yes");
        }

        foreach (var detail in node.Details)
        {
            Line(detail.Key, Shorten(detail.Value, 200));
        }

        foreach (var warning in node.Warnings)
        {
            Line("Warning", warning.Message);
        }

        foreach (var finding in findings)
        {
            Line(finding.Severity.ToString(), finding.Title);
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string Header(QueryPlan plan)
    {
        var parts = new List<string> { EngineName(plan.Engine) + " plan", $"{plan.Nodes.Count} step{(plan.Nodes.Count == 1 ? "" : "s")}" };
        if (plan.Root.TotalCost is { } cost)
        {
            parts.Add("total cost " + Number(cost));
        }

        if (plan.ExecutionTimeMs is { } ms)
        {
            parts.Add("executed in " + Milliseconds(ms));
        }

        parts.Add(plan.HasActualTimes ? "bars: share of measured time"
            : HasShares(plan) ? "bars: share of estimated cost"
            : "no costs or times in this plan");
        return string.Join(" · ", parts);
    }

    private static bool HasShares(QueryPlan plan) => plan.Nodes.Any(n => plan.Share(n) > 0);

    private static string EngineName(PlanEngine engine) => engine switch
    {
        PlanEngine.Postgres => "PostgreSQL",
        PlanEngine.MySql => "MySQL",
        PlanEngine.MariaDb => "MariaDB",
        PlanEngine.SqlServer => "SQL Server",
        _ => engine.ToString(),
    };

    private static string Format(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Drops characters XML cannot carry (control characters, lone surrogates); escaping is XElement's job.</summary>
    private static string Clean(string text)
    {
        StringBuilder? clean = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c);
            if (pair || XmlConvert.IsXmlChar(c))
            {
                clean?.Append(c);
                if (pair)
                {
                    clean?.Append(text[i + 1]);
                    i++;
                }

                continue;
            }

            clean ??= new StringBuilder(text, 0, i, text.Length);
        }

        return clean?.ToString() ?? text;
    }
}
