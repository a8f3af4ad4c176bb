namespace Appliance.Core.Schema.Erd;

/// <summary>A box to place: its size in diagram units.</summary>
internal readonly record struct LayoutBox(double Width, double Height);

/// <summary>
/// A relationship to draw: <see cref="Child"/> refers to <see cref="Parent"/>, and the parent is placed above. The route
/// leaves the child's side at <see cref="ChildRow"/> (an offset from the box's top: the foreign key's row) or, when null,
/// its top or bottom border; a self-reference comes back at <see cref="ParentRow"/>.
/// </summary>
internal readonly record struct LayoutEdge(int Child, int Parent, double? ChildRow = null, double? ParentRow = null);

/// <summary>Top-left corners of the boxes, one route per edge (from the child's border to the parent's), and the extent.</summary>
internal sealed record LayoutResult(ErdPoint[] Positions, ErdPoint[][] Routes, double Width, double Height);

/// <summary>
/// A layered (Sugiyama) layout for diagrams of boxes and relationships, in linear or near-linear steps so that thousands
/// of boxes lay out in a moment:
/// connected components are laid out on their own; cycles are broken by reversing depth-first back edges; layers come
/// from longest paths, balanced so that sources sit just above their children, then bounded in width (a layer that would
/// be too wide wraps into the next); long edges pass through dummy nodes, one chain per parent (a trunk its edges share);
/// crossings are reduced by barycenter sweeps that keep the best order; x coordinates come from sweeps that pull each box
/// to the weighted mean of its neighbours with order and spacing kept (isotonic regression); edges are routed
/// orthogonally through the channels between layers on tracks (one per parent and channel). Components are then packed
/// in rows, largest first, and boxes without relationships go into a compact grid after them.
/// Everything is ordered by index, never by hash, so the same input gives the same output.
/// </summary>
internal static partial class LayeredLayout
{
    public const double Margin = 24;

    /// <summary>Horizontal space between two boxes of a layer (room for the lanes of side exits).</summary>
    public const double NodeGap = 64;
    private const double DummyNodeGap = 40;
    private const double DummyGap = 14;

    /// <summary>How far the first lane beside a box is (room for the crow's foot drawn on the stub).</summary>
    public const double StubLength = 20;
    public const double LaneStep = 6;
    private const double TrackStep = 8;
    private const double ChannelMargin = 24;
    private const double MinChannel = 64;
    private const double PortInset = 10;
    private const double PortSpacing = 16;
    private const double ComponentGap = 96;
    private const double GridGap = 40;

    /// <summary>Width over height the packing and the layer-width bound aim for (screens are wide).</summary>
    private const double AspectRatio = 2.0;
    private const double MinLayerWidth = 1800;

    public static LayoutResult Run(IReadOnlyList<LayoutBox> boxes, IReadOnlyList<LayoutEdge> edges)
    {
        var n = boxes.Count;
        var positions = new ErdPoint[n];
        var routes = new ErdPoint[edges.Count][];
        if (n == 0)
        {
            return new LayoutResult(positions, routes, 0, 0);
        }

        // Undirected adjacency (self-references aside) for the components.
        var degree = new int[n];
        foreach (var edge in edges)
        {
            if (edge.Child != edge.Parent)
            {
                degree[edge.Child]++;
                degree[edge.Parent]++;
            }
        }

        var neighbours = new int[n][];
        for (var i = 0; i < n; i++)
        {
            neighbours[i] = new int[degree[i]];
        }

        var fill = new int[n];
        foreach (var edge in edges)
        {
            if (edge.Child != edge.Parent)
            {
                neighbours[edge.Child][fill[edge.Child]++] = edge.Parent;
                neighbours[edge.Parent][fill[edge.Parent]++] = edge.Child;
            }
        }

        var component = new int[n];
        Array.Fill(component, -1);
        var members = new List<List<int>>();
        var isolated = new List<int>();
        var queue = new Queue<int>();
        for (var start = 0; start < n; start++)
        {
            if (component[start] >= 0)
            {
                continue;
            }

            if (degree[start] == 0)
            {
                component[start] = int.MaxValue;
                isolated.Add(start);
                continue;
            }

            var id = members.Count;
            var list = new List<int>();
            component[start] = id;
            queue.Enqueue(start);
            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                list.Add(node);
                foreach (var next in neighbours[node])
                {
                    if (component[next] < 0)
                    {
                        component[next] = id;
                        queue.Enqueue(next);
                    }
                }
            }

            list.Sort();
            members.Add(list);
        }

        var edgesOf = members.Select(_ => new List<int>()).ToList();
        var loops = new List<int>();
        var loopCount = new int[n];
        for (var e = 0; e < edges.Count; e++)
        {
            if (edges[e].Child == edges[e].Parent)
            {
                loops.Add(e);
                loopCount[edges[e].Child]++;
            }
            else
            {
                edgesOf[component[edges[e].Child]].Add(e);
            }
        }

        // Lay out each component (and the grid of the rest) in its own coordinates, then pack them.
        var blocks = new List<Block>();
        for (var c = 0; c < members.Count; c++)
        {
            blocks.Add(new ComponentLayout(boxes, edges, members[c], edgesOf[c], loopCount).Run(positions, routes));
        }

        blocks.Sort((a, b) => a.Nodes.Count != b.Nodes.Count ? b.Nodes.Count.CompareTo(a.Nodes.Count) : a.Nodes[0].CompareTo(b.Nodes[0]));
        var totalArea = blocks.Sum(b => (b.Width + ComponentGap) * (b.Height + ComponentGap))
            + isolated.Sum(i => (boxes[i].Width + GridGap) * (boxes[i].Height + GridGap));
        var rowLimit = Math.Max(blocks.Count == 0 ? 0 : blocks.Max(b => b.Width), Math.Sqrt(totalArea * AspectRatio));
        if (isolated.Count > 0)
        {
            blocks.Add(Grid(boxes, isolated, positions, blocks.Count == 0 ? Math.Max(MinLayerWidth / 2, rowLimit) : rowLimit));
        }

        // Shelf packing: left to right, a new row when the next block does not fit.
        double x = 0, y = 0, rowHeight = 0, width = 0, height = 0;
        foreach (var block in blocks)
        {
            if (x > 0 && x + block.Width > rowLimit)
            {
                x = 0;
                y += rowHeight + ComponentGap;
                rowHeight = 0;
            }

            var dx = Margin + x;
            var dy = Margin + y;
            foreach (var node in block.Nodes)
            {
                positions[node] = new ErdPoint(positions[node].X + dx, positions[node].Y + dy);
            }

            foreach (var e in block.Edges)
            {
                routes[e] = [.. routes[e].Select(p => new ErdPoint(p.X + dx, p.Y + dy))];
            }

            width = Math.Max(width, x + block.Width);
            height = Math.Max(height, y + block.Height);
            rowHeight = Math.Max(rowHeight, block.Height);
            x += block.Width + ComponentGap;
        }

        var lane = new int[n];
        foreach (var e in loops)
        {
            var node = edges[e].Child;
            routes[e] = SelfLoop(positions[node], boxes[node], edges[e], lane[node]++);
        }

        return new LayoutResult(positions, routes, width + (2 * Margin), height + (2 * Margin));
    }

    /// <summary>A laid-out part: its nodes and edges, in coordinates from (0, 0) to (Width, Height).</summary>
    private sealed record Block(List<int> Nodes, List<int> Edges, double Width, double Height);

    private static Block Grid(IReadOnlyList<LayoutBox> boxes, List<int> nodes, ErdPoint[] positions, double limit)
    {
        double x = 0, y = 0, rowHeight = 0, width = 0;
        foreach (var node in nodes)
        {
            var box = boxes[node];
            if (x > 0 && x + box.Width > limit)
            {
                x = 0;
                y += rowHeight + GridGap;
                rowHeight = 0;
            }

            positions[node] = new ErdPoint(x, y);
            width = Math.Max(width, x + box.Width);
            rowHeight = Math.Max(rowHeight, box.Height);
            // Room on the right for a self-reference's loop.
            x += box.Width + NodeGap;
        }

        return new Block(nodes, [], width + StubLength + LaneStep, y + rowHeight);
    }

    /// <summary>A self-reference: out of the box's right side at the foreign key's row, back in at the referenced row.</summary>
    internal static ErdPoint[] SelfLoop(ErdPoint position, LayoutBox box, LayoutEdge edge, int lane)
    {
        var right = position.X + box.Width;
        var from = position.Y + (edge.ChildRow ?? (box.Height / 2));
        var to = position.Y + (edge.ParentRow ?? ErdMetrics.HeaderHeight / 2);
        if (Math.Abs(to - from) < 1)
        {
            to = position.Y + (ErdMetrics.HeaderHeight / 2);
        }

        var lx = right + StubLength + (lane * LaneStep);
        return [new(right, from), new(lx, from), new(lx, to), new(right, to)];
    }

    /// <summary>Removes repeated points and points in the middle of a straight run.</summary>
    internal static ErdPoint[] Simplify(List<ErdPoint> points)
    {
        var result = new List<ErdPoint>(points.Count);
        foreach (var point in points)
        {
            if (result.Count > 0 && result[^1] == point)
            {
                continue;
            }

            if (result.Count >= 2)
            {
                var a = result[^2];
                var b = result[^1];
                if ((a.X == b.X && b.X == point.X) || (a.Y == b.Y && b.Y == point.Y))
                {
                    result[^1] = point;
                    continue;
                }
            }

            result.Add(point);
        }

        if (result.Count == 1)
        {
            result.Add(result[0]);
        }

        return [.. result];
    }

    /// <summary>
    /// Places values in order with minimum separations, as close as possible (weighted least squares) to their targets:
    /// pool-adjacent-violators on the targets shifted by the cumulative separations. Linear time.
    /// </summary>
    internal static void PlaceInOrder(ReadOnlySpan<double> targets, ReadOnlySpan<double> weights, ReadOnlySpan<double> separations, Span<double> result)
    {
        var count = targets.Length;
        if (count == 0)
        {
            return;
        }

        Span<double> offsets = count <= 256 ? stackalloc double[count] : new double[count];
        offsets[0] = 0;
        for (var i = 1; i < count; i++)
        {
            offsets[i] = offsets[i - 1] + separations[i - 1];
        }

        // Blocks of pooled values: (sum of weights, weighted sum, first index).
        var blockWeight = new double[count];
        var blockSum = new double[count];
        var blockStart = new int[count];
        var blocks = 0;
        for (var i = 0; i < count; i++)
        {
            var w = Math.Max(weights[i], 1e-6);
            blockWeight[blocks] = w;
            blockSum[blocks] = w * (targets[i] - offsets[i]);
            blockStart[blocks] = i;
            blocks++;
            while (blocks > 1 && blockSum[blocks - 2] / blockWeight[blocks - 2] > blockSum[blocks - 1] / blockWeight[blocks - 1])
            {
                blockWeight[blocks - 2] += blockWeight[blocks - 1];
                blockSum[blocks - 2] += blockSum[blocks - 1];
                blocks--;
            }
        }

        for (var b = 0; b < blocks; b++)
        {
            var value = blockSum[b] / blockWeight[b];
            var end = b + 1 < blocks ? blockStart[b + 1] : count;
            for (var i = blockStart[b]; i < end; i++)
            {
                result[i] = value + offsets[i];
            }
        }
    }
}
