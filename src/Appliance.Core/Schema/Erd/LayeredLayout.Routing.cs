namespace Appliance.Core.Schema.Erd;

internal static partial class LayeredLayout
{
    /// <summary>
    /// Orthogonal routing of a laid-out component. Each edge has an upper and a lower end (the child is the upper one
    /// when its edge was reversed to break a cycle): a side exit at the foreign key's row, out to a lane beside the box,
    /// or a port on the top or bottom border. Between them the edge runs down its parent's trunk; in each channel
    /// between two layers it turns on a track shared by the parent's edges (its "net"), nets packed onto as few
    /// tracks as their extents allow. Then the layers get their y, each channel as tall as its tracks need.
    /// </summary>
    private sealed partial class ComponentLayout
    {
        /// <summary>Where an edge meets a box.</summary>
        private struct End
        {
            /// <summary>Out of the box's left or right side at <see cref="Row"/> (else a port on the top or bottom border).</summary>
            public bool Side;
            public double Row;

            /// <summary>The x of the box's side a side exit leaves from.</summary>
            public double SideX;

            /// <summary>The x of the vertical line at this end: the lane of a side exit, or the port.</summary>
            public double X;
        }

        private double[] _left = [];
        private End[] _upperEnd = [];
        private End[] _lowerEnd = [];
        private bool[] _childUpper = [];

        // Nets: one per channel and parent, with their horizontal extent and track.
        private readonly Dictionary<(int Channel, int Owner), int> _nets = [];
        private readonly List<double> _netLow = [];
        private readonly List<double> _netHigh = [];
        private readonly List<int> _netChannel = [];
        private int[] _track = [];
        private int[] _tracks = [];

        // Vertical geometry: layer tops, band (tallest box) and channel heights.
        private double[] _top = [];
        private double[] _band = [];
        private double[] _channelHeight = [];

        private Block Route(ErdPoint[] positions, ErdPoint[][] routes)
        {
            var edgeCount = _edgeIds.Count;
            _left = new double[_m];
            for (var i = 0; i < _m; i++)
            {
                _left[i] = _center[i] - (_width[i] / 2);
            }

            _upperEnd = new End[edgeCount];
            _lowerEnd = new End[edgeCount];
            _childUpper = new bool[edgeCount];
            for (var k = 0; k < edgeCount; k++)
            {
                _childUpper[k] = _dagUp[_edgeDag[k]] == _edgeChild[k];
            }

            PlaceSideExits();
            PlacePorts();
            AssignTracks();
            PlaceLayers();
            return Emit(positions, routes);
        }

        private ref End ChildEnd(int k) => ref _childUpper[k] ? ref _upperEnd[k] : ref _lowerEnd[k];

        /// <summary>The x of the next vertical line along edge <paramref name="k"/> from its upper or lower end.</summary>
        private double Adjacent(int k, bool fromUpper)
        {
            var dag = _edgeDag[k];
            var u = _dagUp[dag];
            var d = _dagDown[dag];
            if (_layer[d] - _layer[u] == 1)
            {
                var end = fromUpper ? _lowerEnd[k] : _upperEnd[k];
                return end.Side ? end.X : _center[fromUpper ? d : u];
            }

            return _center[Dummy(u, fromUpper ? _layer[u] + 1 : _layer[d] - 1)];
        }

        /// <summary>The x where edge <paramref name="k"/> crosses layer <paramref name="l"/>: its ends at the top and bottom, its parent's trunk between.</summary>
        private double VerticalX(int k, int l)
        {
            var dag = _edgeDag[k];
            var u = _dagUp[dag];
            return l == _layer[u] ? _upperEnd[k].X : l == _layer[_dagDown[dag]] ? _lowerEnd[k].X : _center[Dummy(u, l)];
        }

        /// <summary>
        /// Side exits at the foreign key's row, on the side the edge goes to; the lanes beside a box fan out (the top row
        /// innermost for lines going up, so that no line crosses another's stub), squeezed when the neighbour is near.
        /// </summary>
        private void PlaceSideExits()
        {
            var sides = new Dictionary<(int Node, bool Right), List<int>>();
            for (var k = 0; k < _edgeIds.Count; k++)
            {
                if (_edges[_edgeIds[k]].ChildRow is not { } row)
                {
                    continue;
                }

                var child = _edgeChild[k];
                var right = Adjacent(k, _childUpper[k]) >= _center[child];
                ChildEnd(k) = new End { Side = true, Row = row, SideX = right ? _left[child] + _width[child] : _left[child] };
                if (!sides.TryGetValue((child, right), out var list))
                {
                    sides[(child, right)] = list = [];
                }

                list.Add(k);
            }

            foreach (var ((node, right), list) in sides)
            {
                list.Sort((a, b) =>
                {
                    if (_childUpper[a] != _childUpper[b])
                    {
                        return _childUpper[a] ? 1 : -1;
                    }

                    var (rowA, rowB) = (_edges[_edgeIds[a]].ChildRow!.Value, _edges[_edgeIds[b]].ChildRow!.Value);
                    var compare = _childUpper[a] ? rowB.CompareTo(rowA) : rowA.CompareTo(rowB);
                    return compare != 0 ? compare : a.CompareTo(b);
                });

                // Self-references take the innermost lanes on the right.
                var reserved = right ? _loops[_nodes[node]] : 0;
                var lanes = list.Count + reserved;
                var step = lanes <= 1 ? 0 : Math.Max(1, Math.Min(LaneStep, (Room(node, right) - StubLength) / (lanes - 1)));
                for (var i = 0; i < list.Count; i++)
                {
                    ref var end = ref ChildEnd(list[i]);
                    var offset = Math.Round(StubLength + ((i + reserved) * step));
                    end.X = right ? end.SideX + offset : end.SideX - offset;
                }
            }
        }

        /// <summary>How far lanes may reach beside a box before they come close to its neighbour in the layer.</summary>
        private double Room(int node, bool right)
        {
            var layer = _order[_layer[node]];
            var index = _position[node] + (right ? 1 : -1);
            if (index < 0 || index >= layer.Length)
            {
                return double.MaxValue;
            }

            var other = layer[index];
            var gap = Math.Abs(_center[other] - _center[node]) - ((_width[other] + _width[node]) / 2);
            return IsDummy(other) ? gap - 8 : (gap / 2) - 2;
        }

        /// <summary>
        /// Ports on the top and bottom borders, each above or below where its line goes (a straight line when that is
        /// within the box), kept apart and inside the border; a hub with more lines than ports shares them.
        /// </summary>
        private void PlacePorts()
        {
            var ports = new Dictionary<(int Node, bool Bottom), List<(double Desired, int Edge)>>();
            void Add(int node, int k, bool upper)
            {
                if (node == _edgeChild[k] && _edges[_edgeIds[k]].ChildRow is not null)
                {
                    return;
                }

                if (!ports.TryGetValue((node, upper), out var list))
                {
                    ports[(node, upper)] = list = [];
                }

                list.Add((Adjacent(k, upper), k));
            }

            for (var k = 0; k < _edgeIds.Count; k++)
            {
                Add(_dagUp[_edgeDag[k]], k, upper: true);
                Add(_dagDown[_edgeDag[k]], k, upper: false);
            }

            foreach (var ((node, upper), list) in ports)
            {
                list.Sort((a, b) => a.Desired != b.Desired ? a.Desired.CompareTo(b.Desired) : a.Edge.CompareTo(b.Edge));
                var placed = SpreadPorts([.. list.Select(p => p.Desired)], _left[node] + PortInset, _left[node] + _width[node] - PortInset);
                for (var i = 0; i < list.Count; i++)
                {
                    var end = new End { X = Math.Round(placed[i]) };
                    if (upper)
                    {
                        _upperEnd[list[i].Edge] = end;
                    }
                    else
                    {
                        _lowerEnd[list[i].Edge] = end;
                    }
                }
            }
        }

        /// <summary>Positions in [<paramref name="low"/>, <paramref name="high"/>] near the sorted desired ones, at least <see cref="PortSpacing"/> apart where they fit.</summary>
        private static double[] SpreadPorts(double[] desired, double low, double high)
        {
            var count = desired.Length;
            var placed = new double[count];
            var capacity = (int)Math.Floor((high - low) / PortSpacing) + 1;
            if (count > capacity)
            {
                // More lines than ports fit (a hub): neighbouring lines share a port, their glyphs drawn on one another.
                for (var i = 0; i < count; i++)
                {
                    var slot = i * capacity / count;
                    placed[i] = capacity == 1 ? (low + high) / 2 : low + ((high - low) * slot / (capacity - 1));
                }

                return placed;
            }

            var targets = desired.Select(d => Math.Clamp(d, low, high)).ToArray();
            var weights = Enumerable.Repeat(1.0, count).ToArray();
            var separations = Enumerable.Repeat(PortSpacing, Math.Max(0, count - 1)).ToArray();
            PlaceInOrder(targets, weights, separations, placed);

            // Within the border: pushed right of its left end, then left of its right end (they fit, so both hold).
            for (var i = 0; i < count; i++)
            {
                placed[i] = Math.Max(placed[i], i == 0 ? low : placed[i - 1] + PortSpacing);
            }

            for (var i = count - 1; i >= 0; i--)
            {
                placed[i] = Math.Min(placed[i], i == count - 1 ? high : placed[i + 1] - PortSpacing);
            }

            return placed;
        }

        /// <summary>
        /// The horizontal runs in each channel, one net per parent (its trunk and edges share a track). Where nets
        /// overlap, the one whose lines cross the other's less goes above; nets that do not overlap share tracks.
        /// </summary>
        private void AssignTracks()
        {
            var risers = new List<List<double>>();
            var drops = new List<List<double>>();
            for (var k = 0; k < _edgeIds.Count; k++)
            {
                var dag = _edgeDag[k];
                var u = _dagUp[dag];
                for (var l = _layer[u]; l < _layer[_dagDown[dag]]; l++)
                {
                    var (a, b) = (VerticalX(k, l), VerticalX(k, l + 1));
                    if (a == b)
                    {
                        continue;
                    }

                    if (!_nets.TryGetValue((l, u), out var net))
                    {
                        _nets[(l, u)] = net = _netLow.Count;
                        _netLow.Add(double.MaxValue);
                        _netHigh.Add(double.MinValue);
                        _netChannel.Add(l);
                        risers.Add([]);
                        drops.Add([]);
                    }

                    _netLow[net] = Math.Min(_netLow[net], Math.Min(a, b));
                    _netHigh[net] = Math.Max(_netHigh[net], Math.Max(a, b));
                    risers[net].Add(a);
                    drops[net].Add(b);
                }
            }

            foreach (var list in risers.Concat(drops))
            {
                list.Sort();
            }

            _track = new int[_netLow.Count];
            _tracks = new int[_layers];
            foreach (var channel in Enumerable.Range(0, _netLow.Count).GroupBy(i => _netChannel[i]))
            {
                var nets = channel.OrderBy(i => _netLow[i]).ThenBy(i => _netHigh[i]).ThenBy(i => i).ToList();
                _tracks[channel.Key] = nets.Count <= MaxOrderedNets ? OrderedTracks(nets, risers, drops) : PackedTracks(nets);
            }
        }

        /// <summary>Above this many nets in a channel, tracks are packed without weighing crossings (that is quadratic).</summary>
        private const int MaxOrderedNets = 150;

        private bool Overlap(int a, int b) => _netLow[a] <= _netHigh[b] + TrackStep && _netLow[b] <= _netHigh[a] + TrackStep;

        /// <summary>
        /// Nets ranked by how many pairwise contests they win (a net above another crosses it where its drops fall
        /// within the other's extent and the other's risers within its own), then each put just below the overlapping
        /// nets ranked before it.
        /// </summary>
        private int OrderedTracks(List<int> nets, List<List<double>> risers, List<List<double>> drops)
        {
            int Within(List<double> xs, int net) => CountBetween(xs, _netLow[net], _netHigh[net]);
            var wins = new int[nets.Count];
            for (var i = 0; i < nets.Count; i++)
            {
                for (var j = i + 1; j < nets.Count; j++)
                {
                    var (a, b) = (nets[i], nets[j]);
                    if (!Overlap(a, b))
                    {
                        continue;
                    }

                    var aAbove = Within(drops[a], b) + Within(risers[b], a);
                    var bAbove = Within(drops[b], a) + Within(risers[a], b);
                    if (aAbove < bAbove)
                    {
                        wins[i]++;
                    }
                    else if (bAbove < aAbove)
                    {
                        wins[j]++;
                    }
                }
            }

            var ranked = Enumerable.Range(0, nets.Count).OrderByDescending(i => wins[i]).ThenBy(i => i).Select(i => nets[i]).ToList();
            var tracks = 0;
            for (var i = 0; i < ranked.Count; i++)
            {
                var track = 0;
                for (var j = 0; j < i; j++)
                {
                    if (Overlap(ranked[i], ranked[j]))
                    {
                        track = Math.Max(track, _track[ranked[j]] + 1);
                    }
                }

                _track[ranked[i]] = track;
                tracks = Math.Max(tracks, track + 1);
            }

            return tracks;
        }

        /// <summary>How many of the sorted values lie in [<paramref name="low"/>, <paramref name="high"/>].</summary>
        private static int CountBetween(List<double> sorted, double low, double high) =>
            FirstIndex(sorted, x => x > high) - FirstIndex(sorted, x => x >= low);

        /// <summary>The first index whose value meets <paramref name="condition"/> (which holds from some index on), by binary search.</summary>
        private static int FirstIndex(List<double> sorted, Func<double, bool> condition)
        {
            int low = 0, high = sorted.Count;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (condition(sorted[middle]))
                {
                    high = middle;
                }
                else
                {
                    low = middle + 1;
                }
            }

            return low;
        }

        /// <summary>First-fit packing from the left: as few tracks as the overlaps need.</summary>
        private int PackedTracks(List<int> nets)
        {
            var ends = new List<double>();
            foreach (var net in nets)
            {
                var track = ends.FindIndex(end => end + TrackStep < _netLow[net]);
                if (track < 0)
                {
                    track = ends.Count;
                    ends.Add(0);
                }

                ends[track] = _netHigh[net];
                _track[net] = track;
            }

            return ends.Count;
        }

        /// <summary>Layers from the top: each as tall as its tallest box (boxes aligned at the top), then its channel.</summary>
        private void PlaceLayers()
        {
            _band = new double[_layers];
            for (var i = 0; i < _m; i++)
            {
                _band[_layer[i]] = Math.Max(_band[_layer[i]], Box(i).Height);
            }

            _top = new double[_layers];
            _channelHeight = new double[_layers];
            for (var l = 0; l < _layers; l++)
            {
                _channelHeight[l] = Math.Max(MinChannel, (2 * ChannelMargin) + (Math.Max(0, _tracks[l] - 1) * TrackStep));
                if (l > 0)
                {
                    _top[l] = _top[l - 1] + _band[l - 1] + _channelHeight[l - 1];
                }
            }
        }

        private double TrackY(int net)
        {
            var l = _netChannel[net];
            var first = _top[l] + _band[l] + ((_channelHeight[l] - ((_tracks[l] - 1) * TrackStep)) / 2);
            return Math.Round(first + (_track[net] * TrackStep));
        }

        /// <summary>Writes the boxes' corners and the routes (child to parent), shifted so that the component starts at x = 0.</summary>
        private Block Emit(ErdPoint[] positions, ErdPoint[][] routes)
        {
            var minX = double.MaxValue;
            var maxX = double.MinValue;
            var maxY = 0.0;
            for (var i = 0; i < _m; i++)
            {
                var global = _nodes[i];
                positions[global] = new ErdPoint(_left[i], _top[_layer[i]]);
                minX = Math.Min(minX, _left[i]);
                maxX = Math.Max(maxX, _left[i] + _width[i] + (_loops[global] > 0 ? StubLength + (_loops[global] * LaneStep) : 0));
                maxY = Math.Max(maxY, _top[_layer[i]] + Box(i).Height);
            }

            var points = new List<ErdPoint>();
            for (var k = 0; k < _edgeIds.Count; k++)
            {
                var route = Points(k, points);
                foreach (var point in route)
                {
                    minX = Math.Min(minX, point.X);
                    maxX = Math.Max(maxX, point.X);
                    maxY = Math.Max(maxY, point.Y);
                }

                routes[_edgeIds[k]] = route;
            }

            // Lanes left of the leftmost box reach past it.
            foreach (var global in _nodes)
            {
                positions[global] = new ErdPoint(positions[global].X - minX, positions[global].Y);
            }

            foreach (var e in _edgeIds)
            {
                routes[e] = [.. routes[e].Select(p => new ErdPoint(p.X - minX, p.Y))];
            }

            return new Block(_nodes, _edgeIds, maxX - minX, maxY);
        }

        /// <summary>The route of edge <paramref name="k"/>, from the child's border to the parent's.</summary>
        private ErdPoint[] Points(int k, List<ErdPoint> points)
        {
            var dag = _edgeDag[k];
            var u = _dagUp[dag];
            var d = _dagDown[dag];
            points.Clear();
            var upper = _upperEnd[k];
            if (upper.Side)
            {
                var y = _top[_layer[u]] + upper.Row;
                points.Add(new ErdPoint(upper.SideX, y));
                points.Add(new ErdPoint(upper.X, y));
            }
            else
            {
                points.Add(new ErdPoint(upper.X, _top[_layer[u]] + Box(u).Height));
            }

            for (var l = _layer[u]; l < _layer[d]; l++)
            {
                var (a, b) = (VerticalX(k, l), VerticalX(k, l + 1));
                if (a != b)
                {
                    var y = TrackY(_nets[(l, u)]);
                    points.Add(new ErdPoint(a, y));
                    points.Add(new ErdPoint(b, y));
                }
            }

            var lower = _lowerEnd[k];
            if (lower.Side)
            {
                var y = _top[_layer[d]] + lower.Row;
                points.Add(new ErdPoint(lower.X, y));
                points.Add(new ErdPoint(lower.SideX, y));
            }
            else
            {
                points.Add(new ErdPoint(lower.X, _top[_layer[d]]));
            }

            if (!_childUpper[k])
            {
                points.Reverse();
            }

            return Simplify(points);
        }
    }
}
