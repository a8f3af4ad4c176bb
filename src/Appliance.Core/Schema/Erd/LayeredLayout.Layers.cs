namespace Appliance.Core.Schema.Erd;

internal static partial class LayeredLayout
{
    /// <summary>The layout of one connected component.</summary>
    private sealed partial class ComponentLayout
    {
        private readonly IReadOnlyList<LayoutBox> _boxes;
        private readonly IReadOnlyList<LayoutEdge> _edges;
        private readonly List<int> _nodes;
        private readonly List<int> _edgeIds;
        private readonly int _m;

        /// <summary>Self-references per node (global index): their loops take the innermost lanes on the right.</summary>
        private readonly int[] _loops;

        // Relationships between local nodes after merging parallel edges: "up" is the parent (drawn above).
        private int[] _dagUp = [];
        private int[] _dagDown = [];
        private double[] _dagWeight = [];
        private int[] _edgeDag = [];
        private int[] _edgeChild = [];
        private List<int>[] _dagOut = [];
        private List<int>[] _dagIn = [];

        // The proper layered graph: real nodes 0.._m-1, then dummies.
        private int _count;
        private int[] _layer = [];
        private int[] _trunkStart = [];
        private int _layers;
        private double[] _width = [];
        private List<(int Node, double Weight)>[] _up = [];
        private List<(int Node, double Weight)>[] _down = [];
        private int[][] _order = [];
        private int[] _position = [];
        private double[] _center = [];

        public ComponentLayout(IReadOnlyList<LayoutBox> boxes, IReadOnlyList<LayoutEdge> edges, List<int> nodes, List<int> edgeIds, int[] loops)
        {
            _loops = loops;
            _boxes = boxes;
            _edges = edges;
            _nodes = nodes;
            _edgeIds = edgeIds;
            _m = nodes.Count;
        }

        private bool IsDummy(int node) => node >= _m;

        private LayoutBox Box(int local) => _boxes[_nodes[local]];

        public Block Run(ErdPoint[] positions, ErdPoint[][] routes)
        {
            BuildRelationships();
            BreakCycles();
            var ranks = LongestPathRanks(out var topological);
            Balance(ranks, topological);
            AssignLayers(ranks);
            BuildProperGraph();
            Order();
            PlaceHorizontally();
            return Route(positions, routes);
        }

        private void BuildRelationships()
        {
            var local = new Dictionary<int, int>(_m);
            for (var i = 0; i < _m; i++)
            {
                local[_nodes[i]] = i;
            }

            var pairs = new Dictionary<long, int>();
            var up = new List<int>();
            var down = new List<int>();
            var weight = new List<double>();
            _edgeDag = new int[_edgeIds.Count];
            _edgeChild = new int[_edgeIds.Count];
            for (var k = 0; k < _edgeIds.Count; k++)
            {
                var edge = _edges[_edgeIds[k]];
                var parent = local[edge.Parent];
                var child = local[edge.Child];
                var key = ((long)parent * _m) + child;
                if (!pairs.TryGetValue(key, out var index))
                {
                    index = up.Count;
                    pairs[key] = index;
                    up.Add(parent);
                    down.Add(child);
                    weight.Add(0);
                }

                weight[index] += 1;
                _edgeDag[k] = index;
                _edgeChild[k] = child;
            }

            _dagUp = [.. up];
            _dagDown = [.. down];
            _dagWeight = [.. weight];
        }

        /// <summary>Reverses the back edges of a depth-first search (sources first), so that the relationships form a DAG.</summary>
        private void BreakCycles()
        {
            var outgoing = Adjacency(_dagUp, _dagDown.Length);
            var inDegree = new int[_m];
            foreach (var d in _dagDown)
            {
                inDegree[d]++;
            }

            var state = new byte[_m];
            var stack = new Stack<(int Node, int Next)>();
            var roots = Enumerable.Range(0, _m).Where(i => inDegree[i] == 0).Concat(Enumerable.Range(0, _m));
            foreach (var root in roots)
            {
                if (state[root] != 0)
                {
                    continue;
                }

                state[root] = 1;
                stack.Push((root, 0));
                while (stack.Count > 0)
                {
                    var (node, next) = stack.Pop();
                    if (next < outgoing[node].Count)
                    {
                        stack.Push((node, next + 1));
                        var e = outgoing[node][next];
                        var target = _dagDown[e];
                        if (state[target] == 1)
                        {
                            (_dagUp[e], _dagDown[e]) = (_dagDown[e], _dagUp[e]);
                        }
                        else if (state[target] == 0)
                        {
                            state[target] = 1;
                            stack.Push((target, 0));
                        }
                    }
                    else
                    {
                        state[node] = 2;
                    }
                }
            }

            _dagOut = Adjacency(_dagUp, _dagDown.Length);
            _dagIn = Adjacency(_dagDown, _dagDown.Length);
        }

        private List<int>[] Adjacency(int[] from, int count)
        {
            var lists = new List<int>[_m];
            for (var i = 0; i < _m; i++)
            {
                lists[i] = [];
            }

            for (var e = 0; e < count; e++)
            {
                lists[from[e]].Add(e);
            }

            return lists;
        }

        private int[] LongestPathRanks(out int[] topological)
        {
            var ranks = new int[_m];
            var remaining = new int[_m];
            for (var i = 0; i < _m; i++)
            {
                remaining[i] = _dagIn[i].Count;
            }

            var queue = new Queue<int>(Enumerable.Range(0, _m).Where(i => remaining[i] == 0));
            var order = new List<int>(_m);
            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                order.Add(node);
                foreach (var e in _dagOut[node])
                {
                    var child = _dagDown[e];
                    ranks[child] = Math.Max(ranks[child], ranks[node] + 1);
                    if (--remaining[child] == 0)
                    {
                        queue.Enqueue(child);
                    }
                }
            }

            topological = [.. order];
            return ranks;
        }

        /// <summary>
        /// Moves each node, within the room its parents and children leave, towards the side with more relationships
        /// (a table referenced once but referring to nothing sits just above its child instead of on the top layer).
        /// </summary>
        private void Balance(int[] ranks, int[] topological)
        {
            for (var pass = 0; pass < 8; pass++)
            {
                var changed = false;
                for (var k = 0; k < topological.Length; k++)
                {
                    var node = topological[pass % 2 == 0 ? k : topological.Length - 1 - k];
                    double inWeight = 0, outWeight = 0;
                    var low = 0;
                    var high = int.MaxValue;
                    foreach (var e in _dagIn[node])
                    {
                        inWeight += _dagWeight[e];
                        low = Math.Max(low, ranks[_dagUp[e]] + 1);
                    }

                    foreach (var e in _dagOut[node])
                    {
                        outWeight += _dagWeight[e];
                        high = Math.Min(high, ranks[_dagDown[e]] - 1);
                    }

                    var target = ranks[node];
                    if (outWeight > inWeight && high != int.MaxValue)
                    {
                        target = high;
                    }
                    else if (inWeight > outWeight)
                    {
                        target = low;
                    }

                    if (target != ranks[node])
                    {
                        ranks[node] = target;
                        changed = true;
                    }
                }

                if (!changed)
                {
                    break;
                }
            }
        }

        /// <summary>Layers no wider than the component's share of a wide screen: a node that does not fit moves down.</summary>
        private void AssignLayers(int[] ranks)
        {
            var area = 0.0;
            var widest = 0.0;
            for (var i = 0; i < _m; i++)
            {
                area += (Box(i).Width + NodeGap) * (Box(i).Height + MinChannel);
                widest = Math.Max(widest, Box(i).Width);
            }

            var limit = Math.Max(Math.Max(MinLayerWidth, widest), Math.Sqrt(area * AspectRatio));
            var order = Enumerable.Range(0, _m)
                .OrderBy(i => ranks[i]).ThenBy(i => _dagOut[i].Count == 0 ? 1 : 0).ThenBy(i => i).ToArray();
            var layer = new int[_m];
            var used = new List<double>();
            foreach (var node in order)
            {
                var first = ranks[node];
                foreach (var e in _dagIn[node])
                {
                    first = Math.Max(first, layer[_dagUp[e]] + 1);
                }

                var width = Box(node).Width;
                var l = first;
                while (l < used.Count && used[l] > 0 && used[l] + width > limit)
                {
                    l++;
                }

                while (used.Count <= l)
                {
                    used.Add(0);
                }

                layer[node] = l;
                used[l] += width + NodeGap;
            }

            // Drop empty layers (a wrapped layer can leave one behind).
            var remap = new int[used.Count];
            var layers = 0;
            for (var l = 0; l < used.Count; l++)
            {
                remap[l] = layers;
                if (used[l] > 0)
                {
                    layers++;
                }
            }

            _layers = layers;
            _layer = new int[_m];
            for (var i = 0; i < _m; i++)
            {
                _layer[i] = remap[layer[i]];
            }
        }

        /// <summary>
        /// Adds dummy nodes so that every edge joins adjacent layers: one chain per parent below it (its edges share the
        /// trunk, which keeps hubs from filling the layers below with parallel lines).
        /// </summary>
        private void BuildProperGraph()
        {
            var layers = new List<int>(_layer);
            _trunkStart = new int[_m];
            var trunkEnd = new int[_m];
            for (var u = 0; u < _m; u++)
            {
                var deepest = _layer[u] + 1;
                foreach (var e in _dagOut[u])
                {
                    deepest = Math.Max(deepest, _layer[_dagDown[e]]);
                }

                _trunkStart[u] = layers.Count;
                for (var l = _layer[u] + 1; l < deepest; l++)
                {
                    layers.Add(l);
                }

                trunkEnd[u] = layers.Count;
            }

            _count = layers.Count;
            _layer = [.. layers];
            _width = new double[_count];
            for (var i = 0; i < _m; i++)
            {
                _width[i] = Box(i).Width;
            }

            _up = new List<(int, double)>[_count];
            _down = new List<(int, double)>[_count];
            for (var i = 0; i < _count; i++)
            {
                _up[i] = [];
                _down[i] = [];
            }

            // Trunk segments carry the weight of every edge that passes them.
            var trunkWeight = new double[_count];
            for (var e = 0; e < _dagUp.Length; e++)
            {
                var u = _dagUp[e];
                var v = _dagDown[e];
                var source = _layer[v] - _layer[u] == 1 ? u : Dummy(u, _layer[v] - 1);
                Link(source, v, _dagWeight[e]);
                for (var l = _layer[u] + 1; l < _layer[v]; l++)
                {
                    trunkWeight[Dummy(u, l)] += _dagWeight[e];
                }
            }

            for (var u = 0; u < _m; u++)
            {
                var previous = u;
                for (var d = _trunkStart[u]; d < trunkEnd[u]; d++)
                {
                    Link(previous, d, trunkWeight[d]);
                    previous = d;
                }
            }

            foreach (var list in _up)
            {
                list.Sort((a, b) => a.Node.CompareTo(b.Node));
            }

            foreach (var list in _down)
            {
                list.Sort((a, b) => a.Node.CompareTo(b.Node));
            }
        }

        private int Dummy(int owner, int layer) => _trunkStart[owner] + (layer - _layer[owner] - 1);

        private void Link(int upper, int lower, double weight)
        {
            _up[lower].Add((upper, weight));
            _down[upper].Add((lower, weight));
        }
    }
}
