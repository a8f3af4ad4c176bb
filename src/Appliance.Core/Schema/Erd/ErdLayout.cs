namespace Appliance.Core.Schema.Erd;

/// <summary>What to draw and how.</summary>
public sealed record ErdLayoutOptions
{
    /// <summary>Only key columns (primary and foreign key) in the boxes; the rest counted as "+N more".</summary>
    public bool KeysOnly { get; init; }

    /// <summary>Include views as boxes (no edges).</summary>
    public bool IncludeViews { get; init; }

    /// <summary>
    /// Saved positions (top-left corners) by node id ("schema.table"); these nodes keep their place, the rest are laid out
    /// around them: a box the layout put where a pinned one now stands moves to the nearest free place. Negative
    /// coordinates count as 0 (the diagram starts at (0, 0)); pinned boxes may overlap each other, as the user left them.
    /// </summary>
    public IReadOnlyDictionary<string, ErdPoint> Pinned { get; init; } = new Dictionary<string, ErdPoint>();

    /// <summary>
    /// Diff marks by the ids of <see cref="ErdIds"/>: "schema.table" for tables and views, "schema.table.column" for
    /// columns, <see cref="ErdIds.Edge"/> for foreign keys (see <see cref="ErdDiffView"/>).
    /// </summary>
    public IReadOnlyDictionary<string, ErdMark> Marks { get; init; } = new Dictionary<string, ErdMark>();

    /// <summary>At most this many column rows per box (key columns first to stay); the rest are counted as "+N more".</summary>
    public int MaxColumns { get; init; } = 40;
}

/// <summary>
/// Automatic layered layout of tables and foreign keys (Sugiyama style: referenced tables above the tables that refer to
/// them, crossings reduced, related tables near each other, disconnected groups packed side by side).
/// </summary>
public static class ErdLayout
{
    /// <summary>Space kept between a box moved aside for a pinned one and its neighbours (room for the lines' stubs on both).</summary>
    private const double PinGap = 2 * (LayeredLayout.StubLength + 4);

    /// <summary>
    /// Lays out the given tables (and views when asked) of <paramref name="schema"/>; foreign keys to tables outside the
    /// set are not drawn. Deterministic: the same schema, ids and options give the same diagram.
    /// </summary>
    public static ErdDiagram Compute(DatabaseSchema schema, IReadOnlyCollection<string>? tableIds = null, ErdLayoutOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        options ??= new ErdLayoutOptions();
        var wanted = tableIds is null ? null : new HashSet<string>(tableIds, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var tables = schema.Tables.Where(t => (wanted is null || wanted.Contains(t.QualifiedName)) && seen.Add(t.QualifiedName)).ToList();
        var views = options.IncludeViews
            ? schema.Views.Where(v => (wanted is null || wanted.Contains(v.QualifiedName)) && seen.Add(v.QualifiedName)).ToList()
            : [];

        var nodes = Nodes(tables, views, options);
        var (edges, layoutEdges) = Edges(tables, nodes, options);
        var boxes = nodes.Select(n => new LayoutBox(n.Width, n.Height)).ToList();
        var layout = LayeredLayout.Run(boxes, layoutEdges);
        var pinned = options.Pinned.Count > 0 ? Pin(nodes, boxes, layoutEdges, layout, options.Pinned) : new bool[nodes.Count];

        double width = 0, height = 0;
        var placed = new List<ErdNode>(nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            var position = layout.Positions[i];
            placed.Add(nodes[i] with { X = position.X, Y = position.Y, IsPinned = pinned[i] });
            width = Math.Max(width, position.X + boxes[i].Width);
            height = Math.Max(height, position.Y + boxes[i].Height);
        }

        var routed = new List<ErdEdge>(edges.Count);
        for (var e = 0; e < edges.Count; e++)
        {
            routed.Add(edges[e] with { Points = layout.Routes[e] });
            foreach (var point in layout.Routes[e])
            {
                width = Math.Max(width, point.X);
                height = Math.Max(height, point.Y);
            }
        }

        return new ErdDiagram(
            nodes.Count == 0 ? 0 : Math.Max(layout.Width, width + LayeredLayout.Margin),
            nodes.Count == 0 ? 0 : Math.Max(layout.Height, height + LayeredLayout.Margin),
            placed,
            routed);
    }

    /// <summary>The boxes, tables first (in the same order as <paramref name="tables"/>), then views; titles qualified when several schemas show.</summary>
    private static List<ErdNode> Nodes(List<Table> tables, List<View> views, ErdLayoutOptions options)
    {
        var qualified = tables.Select(t => t.Schema).Concat(views.Select(v => v.Schema)).Distinct(StringComparer.Ordinal).Skip(1).Any();
        var nodes = new List<ErdNode>(tables.Count + views.Count);
        foreach (var table in tables)
        {
            var keys = new HashSet<string>(table.PrimaryKey?.Columns ?? [], StringComparer.Ordinal);
            var references = new HashSet<string>(table.ForeignKeys.SelectMany(f => f.Columns), StringComparer.Ordinal);
            var columns = table.Columns.OrderBy(c => c.Ordinal)
                .Select(c => new ErdColumn(c.Name, c.DataType, keys.Contains(c.Name), references.Contains(c.Name), c.IsNullable,
                    options.Marks.GetValueOrDefault(ErdIds.Column(table, c.Name))))
                .ToList();
            nodes.Add(Node(table.Schema, table.Name, isView: false, columns, qualified, options));
        }

        foreach (var view in views)
        {
            var columns = view.Columns.OrderBy(c => c.Ordinal)
                .Select(c => new ErdColumn(c.Name, c.DataType, false, false, c.IsNullable, options.Marks.GetValueOrDefault($"{view.QualifiedName}.{c.Name}")))
                .ToList();
            nodes.Add(Node(view.Schema, view.Name, isView: true, columns, qualified, options));
        }

        return nodes;
    }

    /// <summary>A relationship per foreign key between two drawn tables, with its crow's-foot ends and the rows it leaves and reaches.</summary>
    private static (List<ErdEdge> Edges, List<LayoutEdge> LayoutEdges) Edges(List<Table> tables, List<ErdNode> nodes, ErdLayoutOptions options)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tables.Count; i++)
        {
            index[tables[i].QualifiedName] = i;
        }

        var rows = nodes.Take(tables.Count).Select(n => Rows(n.Columns)).ToList();
        var edges = new List<ErdEdge>();
        var layoutEdges = new List<LayoutEdge>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tables.Count; i++)
        {
            var table = tables[i];
            foreach (var fk in table.ForeignKeys)
            {
                if (!index.TryGetValue($"{fk.ReferencedSchema}.{fk.ReferencedTable}", out var target))
                {
                    continue;
                }

                var id = ErdIds.Edge(table, fk);
                for (var copy = 2; !ids.Add(id); copy++)
                {
                    id = $"{ErdIds.Edge(table, fk)} ({copy})";
                }

                var nullable = fk.Columns.Any(c => table.FindColumn(c)?.IsNullable == true);
                edges.Add(new ErdEdge
                {
                    Id = id,
                    From = table.QualifiedName,
                    To = tables[target].QualifiedName,
                    FromColumns = fk.Columns,
                    ToColumns = fk.ReferencedColumns,
                    FromEnd = IsUnique(table, fk.Columns) ? ErdEnd.ZeroOrOne : ErdEnd.Many,
                    ToEnd = nullable ? ErdEnd.ZeroOrOne : ErdEnd.One,
                    Mark = options.Marks.GetValueOrDefault(id),
                });
                layoutEdges.Add(new LayoutEdge(i, target, RowOffset(rows[i], fk.Columns), RowOffset(rows[target], fk.ReferencedColumns)));
            }
        }

        return (edges, layoutEdges);
    }

    /// <summary>
    /// Puts pinned boxes at their saved positions, moves the laid-out boxes they cover aside, and re-routes the edges of
    /// every box that moved. Returns which boxes are pinned.
    /// </summary>
    private static bool[] Pin(List<ErdNode> nodes, List<LayoutBox> boxes, List<LayoutEdge> edges, LayoutResult layout, IReadOnlyDictionary<string, ErdPoint> pins)
    {
        var positions = layout.Positions;
        var pinned = new bool[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            if (pins.TryGetValue(nodes[i].Id, out var pin))
            {
                pinned[i] = true;
                positions[i] = new ErdPoint(Math.Max(0, pin.X), Math.Max(0, pin.Y));
            }
        }

        var moved = MoveAsideForPinned(boxes, positions, pinned);
        var lane = new int[nodes.Count];
        for (var e = 0; e < edges.Count; e++)
        {
            var edge = edges[e];
            if (edge.Child == edge.Parent)
            {
                // Self-references keep their lanes; they only follow their box.
                layout.Routes[e] = LayeredLayout.SelfLoop(positions[edge.Child], boxes[edge.Child], edge, lane[edge.Child]++);
            }
            else if (pinned[edge.Child] || pinned[edge.Parent] || moved[edge.Child] || moved[edge.Parent])
            {
                layout.Routes[e] = DirectRoute(positions[edge.Child], boxes[edge.Child], positions[edge.Parent], boxes[edge.Parent], edge);
            }
        }

        return pinned;
    }

    private static ErdNode Node(string schema, string name, bool isView, List<ErdColumn> all, bool qualified, ErdLayoutOptions options)
    {
        var columns = Visible(all, options);
        var hidden = all.Count - columns.Count;
        var rows = columns.Count + (hidden > 0 ? 1 : 0);
        var id = $"{schema}.{name}";
        return new ErdNode
        {
            Id = id,
            Schema = schema,
            Name = name,
            IsView = isView,
            Columns = columns,
            HiddenColumns = hidden,
            Width = ErdMetrics.TableWidth(ErdMetrics.Title(schema, name, qualified), columns, hidden),
            Height = ErdMetrics.TableHeight(rows),
            Mark = options.Marks.GetValueOrDefault(id),
        };
    }

    /// <summary>The rows shown: keys only when asked; at most MaxColumns, keys kept first, in the table's column order.</summary>
    private static List<ErdColumn> Visible(List<ErdColumn> all, ErdLayoutOptions options)
    {
        var candidates = options.KeysOnly ? all.Where(c => c.IsPrimaryKey || c.IsForeignKey).ToList() : all;
        var limit = Math.Max(1, options.MaxColumns);
        if (candidates.Count <= limit)
        {
            return candidates;
        }

        var keep = new HashSet<ErdColumn>(ReferenceEqualityComparer.Instance);
        foreach (var column in candidates.Where(c => c.IsPrimaryKey || c.IsForeignKey).Concat(candidates))
        {
            if (keep.Count == limit)
            {
                break;
            }

            keep.Add(column);
        }

        return [.. candidates.Where(keep.Contains)];
    }

    private static Dictionary<string, int> Rows(IReadOnlyList<ErdColumn> columns)
    {
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            rows.TryAdd(columns[i].Name, i);
        }

        return rows;
    }

    /// <summary>The middle of the first of <paramref name="columns"/> shown in the box, or of the header when none is.</summary>
    private static double RowOffset(Dictionary<string, int> rows, IReadOnlyList<string> columns)
    {
        foreach (var column in columns)
        {
            if (rows.TryGetValue(column, out var row))
            {
                return ErdMetrics.RowMiddle(row);
            }
        }

        return ErdMetrics.HeaderHeight / 2;
    }

    /// <summary>A foreign key whose columns include a whole primary or unique key: at most one row refers to each parent row.</summary>
    private static bool IsUnique(Table table, IReadOnlyList<string> columns)
    {
        var set = new HashSet<string>(columns, StringComparer.Ordinal);
        var keys = table.UniqueConstraints.Select(u => u.Columns)
            .Concat(table.Indexes.Where(i => i.IsUnique && i.Filter is null && i.Columns.All(c => !c.IsExpression)).Select(i => (IReadOnlyList<string>)[.. i.Columns.Select(c => c.Name)]));
        if (table.PrimaryKey is { } primaryKey)
        {
            keys = keys.Prepend(primaryKey.Columns);
        }

        return keys.Any(key => key.Count > 0 && key.All(set.Contains));
    }

    /// <summary>
    /// Moves each laid-out box that a pinned box now covers to the nearest free place (tried next to whatever is in the
    /// way, nearest first). Returns which boxes moved.
    /// </summary>
    private static bool[] MoveAsideForPinned(List<LayoutBox> boxes, ErdPoint[] positions, bool[] pinned)
    {
        var moved = new bool[boxes.Count];
        var grid = new BoxGrid(boxes, positions);
        for (var i = 0; i < boxes.Count; i++)
        {
            grid.Add(i);
        }

        for (var i = 0; i < boxes.Count; i++)
        {
            if (pinned[i] || !grid.Overlapping(i, positions[i], PinGap).Any(j => pinned[j]))
            {
                continue;
            }

            var origin = positions[i];
            var tried = new HashSet<ErdPoint>();
            var candidates = new PriorityQueue<ErdPoint, (double, double, double)>();
            void Offer(ErdPoint point)
            {
                point = new ErdPoint(Math.Max(0, point.X), Math.Max(0, point.Y));
                if (tried.Add(point))
                {
                    var distance = Math.Abs(point.X - origin.X) + Math.Abs(point.Y - origin.Y);
                    candidates.Enqueue(point, (distance, point.Y, point.X));
                }
            }

            void OfferAround(int j)
            {
                var p = positions[j];
                var b = boxes[j];
                Offer(new ErdPoint(p.X + b.Width + PinGap, origin.Y));
                Offer(new ErdPoint(p.X - boxes[i].Width - PinGap, origin.Y));
                Offer(new ErdPoint(origin.X, p.Y + b.Height + PinGap));
                Offer(new ErdPoint(origin.X, p.Y - boxes[i].Height - PinGap));
            }

            grid.Remove(i);
            foreach (var j in grid.Overlapping(i, origin, PinGap))
            {
                OfferAround(j);
            }

            ErdPoint? found = null;
            for (var attempt = 0; attempt < 400 && candidates.TryDequeue(out var candidate, out _); attempt++)
            {
                var blocking = grid.Overlapping(i, candidate, PinGap).ToList();
                if (blocking.Count == 0)
                {
                    found = candidate;
                    break;
                }

                foreach (var j in blocking)
                {
                    var p = positions[j];
                    var b = boxes[j];
                    Offer(new ErdPoint(p.X + b.Width + PinGap, candidate.Y));
                    Offer(new ErdPoint(p.X - boxes[i].Width - PinGap, candidate.Y));
                    Offer(new ErdPoint(candidate.X, p.Y + b.Height + PinGap));
                    Offer(new ErdPoint(candidate.X, p.Y - boxes[i].Height - PinGap));
                }
            }

            // Nothing free nearby (a crowd of pinned boxes): below everything.
            positions[i] = found ?? new ErdPoint(origin.X, Enumerable.Range(0, boxes.Count).Where(j => j != i).Max(j => positions[j].Y + boxes[j].Height) + PinGap);
            moved[i] = true;
            grid.Add(i);
        }

        return moved;
    }

    /// <summary>
    /// A route for a box that no longer stands where the layout put it: out of the child's side at the foreign key's row,
    /// then across the gap between the two boxes to the parent's facing border.
    /// </summary>
    internal static ErdPoint[] DirectRoute(ErdPoint child, LayoutBox childBox, ErdPoint parent, LayoutBox parentBox, LayoutEdge edge)
    {
        var childCentre = child.X + (childBox.Width / 2);
        var parentCentre = parent.X + (parentBox.Width / 2);
        var parentBottom = parent.Y + parentBox.Height;
        var childBottom = child.Y + childBox.Height;
        var above = parentBottom + (2 * LayeredLayout.StubLength) <= child.Y;
        var below = parent.Y >= childBottom + (2 * LayeredLayout.StubLength);
        var points = new List<ErdPoint>();
        double laneX;
        if (edge.ChildRow is { } row || (!above && !below))
        {
            var right = parentCentre >= childCentre;
            var side = right ? child.X + childBox.Width : child.X;
            var y = child.Y + (edge.ChildRow ?? (childBox.Height / 2));
            laneX = right ? side + LayeredLayout.StubLength : side - LayeredLayout.StubLength;
            points.Add(new ErdPoint(side, y));
            points.Add(new ErdPoint(laneX, y));
        }
        else
        {
            laneX = childCentre;
            points.Add(new ErdPoint(childCentre, above ? child.Y : childBottom));
        }

        var portX = Math.Clamp(laneX, parent.X + 10, parent.X + parentBox.Width - 10);
        if (above || below)
        {
            var middle = Math.Round(above ? (parentBottom + child.Y) / 2 : (childBottom + parent.Y) / 2);
            points.Add(new ErdPoint(laneX, middle));
            points.Add(new ErdPoint(portX, middle));
            points.Add(new ErdPoint(portX, above ? parentBottom : parent.Y));
        }
        else
        {
            // Side by side: into the parent's facing side at its header.
            var y = parent.Y + (ErdMetrics.HeaderHeight / 2);
            points.Add(new ErdPoint(laneX, y));
            points.Add(new ErdPoint(laneX <= parentCentre ? parent.X : parent.X + parentBox.Width, y));
        }

        return LayeredLayout.Simplify(points);
    }

    /// <summary>A coarse grid of buckets over the boxes, for overlap queries in near-constant time.</summary>
    private sealed class BoxGrid(List<LayoutBox> boxes, ErdPoint[] positions)
    {
        private const double Cell = 256;
        private readonly Dictionary<(int, int), List<int>> _cells = [];

        public void Add(int i)
        {
            foreach (var cell in Cells(positions[i], boxes[i], 0))
            {
                if (!_cells.TryGetValue(cell, out var list))
                {
                    _cells[cell] = list = [];
                }

                list.Add(i);
            }
        }

        public void Remove(int i)
        {
            foreach (var cell in Cells(positions[i], boxes[i], 0))
            {
                _cells[cell].Remove(i);
            }
        }

        /// <summary>Boxes other than <paramref name="self"/> within <paramref name="gap"/> of <paramref name="self"/> placed at <paramref name="at"/>.</summary>
        public IEnumerable<int> Overlapping(int self, ErdPoint at, double gap)
        {
            var box = boxes[self];
            var found = new SortedSet<int>();
            foreach (var cell in Cells(at, box, gap))
            {
                if (!_cells.TryGetValue(cell, out var list))
                {
                    continue;
                }

                foreach (var j in list)
                {
                    if (j != self
                        && at.X < positions[j].X + boxes[j].Width + gap && positions[j].X < at.X + box.Width + gap
                        && at.Y < positions[j].Y + boxes[j].Height + gap && positions[j].Y < at.Y + box.Height + gap)
                    {
                        found.Add(j);
                    }
                }
            }

            return found;
        }

        private static IEnumerable<(int, int)> Cells(ErdPoint at, LayoutBox box, double gap)
        {
            for (var x = (int)Math.Floor((at.X - gap) / Cell); x <= (int)Math.Floor((at.X + box.Width + gap) / Cell); x++)
            {
                for (var y = (int)Math.Floor((at.Y - gap) / Cell); y <= (int)Math.Floor((at.Y + box.Height + gap) / Cell); y++)
                {
                    yield return (x, y);
                }
            }
        }
    }
}
