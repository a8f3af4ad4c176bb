namespace Appliance.Core.Schema.Erd;

internal static partial class LayeredLayout
{
    private sealed partial class ComponentLayout
    {
        /// <summary>Crossing reduction: a depth-first initial order, then barycenter sweeps down and up, keeping the best.</summary>
        private void Order()
        {
            var layerLists = new List<int>[_layers];
            for (var l = 0; l < _layers; l++)
            {
                layerLists[l] = [];
            }

            var visited = new bool[_count];
            var stack = new Stack<int>();
            foreach (var root in Enumerable.Range(0, _m).OrderBy(i => _layer[i]).ThenBy(i => i))
            {
                if (visited[root])
                {
                    continue;
                }

                stack.Push(root);
                while (stack.Count > 0)
                {
                    var node = stack.Pop();
                    if (visited[node])
                    {
                        continue;
                    }

                    visited[node] = true;
                    layerLists[_layer[node]].Add(node);
                    for (var k = _down[node].Count - 1; k >= 0; k--)
                    {
                        if (!visited[_down[node][k].Node])
                        {
                            stack.Push(_down[node][k].Node);
                        }
                    }
                }
            }

            _order = [.. layerLists.Select(l => l.ToArray())];
            _position = new int[_count];
            UpdatePositions();
            if (_layers < 2)
            {
                return;
            }

            var size = _count + _up.Sum(u => u.Count);
            var maxIterations = size switch { < 2_000 => 24, < 20_000 => 12, _ => 6 };
            // Swapping neighbours costs the product of their degrees per pair: affordable below a few thousand nodes.
            var transpose = size < 6_000;
            var best = _order.Select(o => (int[])o.Clone()).ToArray();
            var bestCrossings = Crossings();
            var sinceBest = 0;
            for (var iteration = 0; iteration < maxIterations && bestCrossings > 0 && sinceBest < 4; iteration++)
            {
                var downward = iteration % 2 == 0;
                var biasRight = iteration % 4 >= 2;
                if (downward)
                {
                    for (var l = 1; l < _layers; l++)
                    {
                        SortLayer(l, _up, biasRight);
                    }
                }
                else
                {
                    for (var l = _layers - 2; l >= 0; l--)
                    {
                        SortLayer(l, _down, biasRight);
                    }
                }

                if (transpose)
                {
                    Transpose();
                }

                var crossings = Crossings();
                if (crossings < bestCrossings)
                {
                    bestCrossings = crossings;
                    best = _order.Select(o => (int[])o.Clone()).ToArray();
                    sinceBest = 0;
                }
                else
                {
                    sinceBest++;
                }
            }

            _order = best;
            UpdatePositions();
        }

        private void UpdatePositions()
        {
            foreach (var layer in _order)
            {
                for (var i = 0; i < layer.Length; i++)
                {
                    _position[layer[i]] = i;
                }
            }
        }

        /// <summary>Swaps neighbours in a layer while that removes crossings with the layers above and below (a few passes).</summary>
        private void Transpose()
        {
            for (var pass = 0; pass < 4; pass++)
            {
                var improved = false;
                foreach (var layer in _order)
                {
                    for (var i = 0; i + 1 < layer.Length; i++)
                    {
                        var (v, w) = (layer[i], layer[i + 1]);
                        var keep = PairCrossings(v, w, _up) + PairCrossings(v, w, _down);
                        var swap = PairCrossings(w, v, _up) + PairCrossings(w, v, _down);
                        if (swap < keep)
                        {
                            (layer[i], layer[i + 1]) = (w, v);
                            (_position[v], _position[w]) = (i + 1, i);
                            improved = true;
                        }
                    }
                }

                if (!improved)
                {
                    break;
                }
            }
        }

        /// <summary>Weighted crossings between the edges of <paramref name="left"/> and <paramref name="right"/> to one side, with left placed first.</summary>
        private double PairCrossings(int left, int right, List<(int Node, double Weight)>[] side)
        {
            double crossings = 0;
            foreach (var (a, wa) in side[left])
            {
                foreach (var (b, wb) in side[right])
                {
                    if (_position[b] < _position[a])
                    {
                        crossings += wa * wb;
                    }
                }
            }

            return crossings;
        }

        /// <summary>Orders a layer by the barycenters of its neighbours in the fixed layer; nodes without any keep their slot.</summary>
        private void SortLayer(int l, List<(int Node, double Weight)>[] fixedSide, bool biasRight)
        {
            var layer = _order[l];
            var sortable = new List<(double Barycenter, int Position, int Node)>(layer.Length);
            var keep = new bool[layer.Length];
            for (var i = 0; i < layer.Length; i++)
            {
                var node = layer[i];
                double sum = 0, weight = 0;
                foreach (var (other, w) in fixedSide[node])
                {
                    sum += _position[other] * w;
                    weight += w;
                }

                if (weight > 0)
                {
                    sortable.Add((sum / weight, i, node));
                }
                else
                {
                    keep[i] = true;
                }
            }

            sortable.Sort((a, b) =>
            {
                var compare = a.Barycenter.CompareTo(b.Barycenter);
                return compare != 0 ? compare : biasRight ? b.Position.CompareTo(a.Position) : a.Position.CompareTo(b.Position);
            });
            var next = 0;
            var result = new int[layer.Length];
            for (var i = 0; i < layer.Length; i++)
            {
                result[i] = keep[i] ? layer[i] : sortable[next++].Node;
            }

            _order[l] = result;
            for (var i = 0; i < result.Length; i++)
            {
                _position[result[i]] = i;
            }
        }

        /// <summary>Weighted crossings between all adjacent layers (Barth, Jünger and Mutzel's accumulator tree).</summary>
        private double Crossings()
        {
            double total = 0;
            var pairs = new List<(int Upper, int Lower, double Weight)>();
            for (var l = 0; l + 1 < _layers; l++)
            {
                pairs.Clear();
                foreach (var node in _order[l])
                {
                    foreach (var (other, w) in _down[node])
                    {
                        pairs.Add((_position[node], _position[other], w));
                    }
                }

                pairs.Sort((a, b) => a.Upper != b.Upper ? a.Upper.CompareTo(b.Upper) : a.Lower.CompareTo(b.Lower));
                var size = 1;
                while (size < _order[l + 1].Length)
                {
                    size *= 2;
                }

                var tree = new double[2 * size];
                foreach (var (_, lower, weight) in pairs)
                {
                    var index = lower + size;
                    tree[index] += weight;
                    var weightSum = 0.0;
                    while (index > 1)
                    {
                        if (index % 2 == 0)
                        {
                            weightSum += tree[index + 1];
                        }

                        index /= 2;
                        tree[index] += weight;
                    }

                    total += weight * weightSum;
                }
            }

            return total;
        }

        private double Separation(int a, int b)
        {
            var gap = (IsDummy(a), IsDummy(b)) switch
            {
                (false, false) => NodeGap,
                (true, true) => DummyGap,
                _ => DummyNodeGap,
            };
            return ((_width[a] + _width[b]) / 2) + gap;
        }

        /// <summary>
        /// Horizontal centres: each sweep pulls the nodes of a layer towards the weighted mean of their neighbours in the
        /// layer before it (trunks weigh most so long edges run straight), keeping the order and the spacing.
        /// </summary>
        private void PlaceHorizontally()
        {
            _center = new double[_count];
            foreach (var layer in _order)
            {
                double x = 0;
                for (var i = 0; i < layer.Length; i++)
                {
                    if (i > 0)
                    {
                        x += Separation(layer[i - 1], layer[i]);
                    }

                    _center[layer[i]] = x;
                }

                for (var i = 0; i < layer.Length; i++)
                {
                    _center[layer[i]] -= x / 2;
                }
            }

            var passes = _count < 5_000 ? 10 : 6;
            for (var pass = 0; pass < passes; pass++)
            {
                // The last two sweeps weigh both sides, so that no layer is left pulled only one way.
                var both = pass >= passes - 2;
                if (pass % 2 == 0)
                {
                    for (var l = 1; l < _layers; l++)
                    {
                        Pull(l, fromAbove: true, fromBelow: both);
                    }
                }
                else
                {
                    for (var l = _layers - 2; l >= 0; l--)
                    {
                        Pull(l, fromAbove: both, fromBelow: true);
                    }
                }
            }

            var min = double.MaxValue;
            for (var i = 0; i < _count; i++)
            {
                min = Math.Min(min, _center[i] - (_width[i] / 2));
            }

            for (var i = 0; i < _count; i++)
            {
                // Whole units keep lines crisp; left edges of real boxes land on whole numbers (their widths are whole).
                _center[i] = IsDummy(i) ? Math.Round(_center[i] - min) : Math.Round(_center[i] - min - (_width[i] / 2)) + (_width[i] / 2);
            }
        }

        private void Pull(int l, bool fromAbove, bool fromBelow)
        {
            var layer = _order[l];
            var count = layer.Length;
            var targets = new double[count];
            var weights = new double[count];
            var separations = new double[Math.Max(0, count - 1)];
            for (var i = 0; i < count; i++)
            {
                var node = layer[i];
                double sum = 0, weight = 0;
                if (fromAbove)
                {
                    Accumulate(node, _up[node], ref sum, ref weight);
                }

                if (fromBelow)
                {
                    Accumulate(node, _down[node], ref sum, ref weight);
                }

                // A node with no neighbour on that side stays where it is unless its neighbours in the layer push it.
                targets[i] = weight > 0 ? sum / weight : _center[node];
                weights[i] = weight > 0 ? weight : 0.05;
                if (i > 0)
                {
                    separations[i - 1] = Separation(layer[i - 1], node);
                }
            }

            var result = new double[count];
            PlaceInOrder(targets, weights, separations, result);
            for (var i = 0; i < count; i++)
            {
                _center[layer[i]] = result[i];
            }
        }

        private void Accumulate(int node, List<(int Node, double Weight)> neighbours, ref double sum, ref double weight)
        {
            foreach (var (other, w) in neighbours)
            {
                // Straight trunks matter most, then edges into a trunk, then ordinary edges.
                var factor = (IsDummy(node), IsDummy(other)) switch { (true, true) => 8.0, (false, false) => 1.0, _ => 2.0 };
                sum += _center[other] * w * factor;
                weight += w * factor;
            }
        }
    }
}
