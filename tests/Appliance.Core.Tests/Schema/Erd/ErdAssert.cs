using Appliance.Core.Schema.Erd;

namespace Appliance.Core.Tests.Schema.Erd;

/// <summary>Geometric checks on laid-out diagrams.</summary>
internal static class ErdAssert
{
    private const double Tolerance = 0.01;

    /// <summary>No two boxes overlap (touching edges allowed); a sweep over x keeps this fast for thousands of boxes.</summary>
    public static void NoOverlaps(IEnumerable<ErdNode> nodes)
    {
        var sorted = nodes.OrderBy(n => n.X).ToList();
        for (var i = 0; i < sorted.Count; i++)
        {
            var a = sorted[i];
            for (var j = i + 1; j < sorted.Count && sorted[j].X < a.X + a.Width; j++)
            {
                var b = sorted[j];
                var overlap = a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;
                Assert.False(overlap, $"{a.Id} ({a.X}, {a.Y}, {a.Width}×{a.Height}) overlaps {b.Id} ({b.X}, {b.Y}, {b.Width}×{b.Height})");
            }
        }
    }

    public static bool OnBorder(ErdPoint point, ErdNode node)
    {
        var withinX = point.X >= node.X - Tolerance && point.X <= node.X + node.Width + Tolerance;
        var withinY = point.Y >= node.Y - Tolerance && point.Y <= node.Y + node.Height + Tolerance;
        var onVertical = Math.Abs(point.X - node.X) < Tolerance || Math.Abs(point.X - (node.X + node.Width)) < Tolerance;
        var onHorizontal = Math.Abs(point.Y - node.Y) < Tolerance || Math.Abs(point.Y - (node.Y + node.Height)) < Tolerance;
        return (onVertical && withinY) || (onHorizontal && withinX);
    }

    /// <summary>Every edge runs from its From box's border to its To box's border.</summary>
    public static void EndpointsOnBorders(ErdDiagram diagram)
    {
        var nodes = diagram.Nodes.ToDictionary(n => n.Id);
        foreach (var edge in diagram.Edges)
        {
            Assert.True(edge.Points.Count >= 2, $"{edge.Id} has {edge.Points.Count} points");
            Assert.True(OnBorder(edge.Points[0], nodes[edge.From]), $"{edge.Id} starts at {edge.Points[0]}, off the border of {edge.From}");
            Assert.True(OnBorder(edge.Points[^1], nodes[edge.To]), $"{edge.Id} ends at {edge.Points[^1]}, off the border of {edge.To}");
        }
    }

    /// <summary>Every segment is horizontal or vertical.</summary>
    public static void Orthogonal(ErdDiagram diagram)
    {
        foreach (var edge in diagram.Edges)
        {
            foreach (var (a, b) in Segments(edge))
            {
                Assert.True(Math.Abs(a.X - b.X) < Tolerance || Math.Abs(a.Y - b.Y) < Tolerance, $"{edge.Id} has a slanted segment {a} → {b}");
            }
        }
    }

    /// <summary>No segment of an orthogonal route passes through the inside of a box.</summary>
    public static void NoSegmentThroughBoxes(ErdDiagram diagram)
    {
        var nodes = diagram.Nodes.OrderBy(n => n.X).ToList();
        foreach (var edge in diagram.Edges)
        {
            foreach (var (a, b) in Segments(edge))
            {
                var (left, right) = (Math.Min(a.X, b.X), Math.Max(a.X, b.X));
                var (top, bottom) = (Math.Min(a.Y, b.Y), Math.Max(a.Y, b.Y));
                foreach (var node in nodes)
                {
                    var inside = left < node.X + node.Width - 0.5 && right > node.X + 0.5 && top < node.Y + node.Height - 0.5 && bottom > node.Y + 0.5;
                    Assert.False(inside, $"{edge.Id}: segment {a} → {b} passes through {node.Id}");
                }
            }
        }
    }

    public static IEnumerable<(ErdPoint A, ErdPoint B)> Segments(ErdEdge edge) => edge.Points.Zip(edge.Points.Skip(1));

    /// <summary>Pairs of segments of different edges that properly cross.</summary>
    public static int Crossings(IEnumerable<IReadOnlyList<ErdPoint>> routes)
    {
        var segments = routes.SelectMany((route, r) => route.Zip(route.Skip(1), (a, b) => (a, b, r))).ToList();
        var count = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            for (var j = i + 1; j < segments.Count; j++)
            {
                if (segments[i].r != segments[j].r && Cross(segments[i].a, segments[i].b, segments[j].a, segments[j].b))
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static bool Cross(ErdPoint a, ErdPoint b, ErdPoint c, ErdPoint d)
    {
        static double Side(ErdPoint p, ErdPoint q, ErdPoint r) => ((q.X - p.X) * (r.Y - p.Y)) - ((q.Y - p.Y) * (r.X - p.X));
        return Side(a, b, c) * Side(a, b, d) < 0 && Side(c, d, a) * Side(c, d, b) < 0;
    }
}
