namespace Appliance.Core.Copilot.Deterministic;

/// <summary>The shortest way along foreign keys (either direction) from a set of tables to another table.</summary>
internal sealed record JoinPath(IReadOnlyList<JoinEdge> Edges);

/// <summary>Why no single path was chosen: none exists, or several equally short ones do.</summary>
internal sealed record JoinPathProblem(string Message);

internal static class JoinPaths
{
    /// <summary>
    /// Breadth-first search from every table in <paramref name="from"/> to <paramref name="to"/>. Equally short paths
    /// that differ (two foreign keys between the same tables, two routes) make the answer ambiguous unless
    /// <paramref name="prefer"/> picks exactly one of the edges that differ (a word of the question naming a key column).
    /// </summary>
    public static (JoinPath? Path, JoinPathProblem? Problem) Find(IReadOnlyCollection<TableInfo> from, TableInfo to, Func<JoinEdge, bool> prefer)
    {
        if (from.Contains(to))
        {
            return (new JoinPath([]), null);
        }

        // Per table: its distance and the edges that reach it on a shortest path.
        var distance = new Dictionary<TableInfo, int>();
        var arrivals = new Dictionary<TableInfo, List<JoinEdge>>();
        var queue = new Queue<TableInfo>();
        foreach (var start in from)
        {
            distance[start] = 0;
            queue.Enqueue(start);
        }

        while (queue.Count > 0)
        {
            var table = queue.Dequeue();
            var d = distance[table];
            if (distance.TryGetValue(to, out var found) && d >= found)
            {
                break;
            }

            foreach (var edge in table.Edges)
            {
                if (edge.To == edge.From)
                {
                    continue;
                }

                if (!distance.TryGetValue(edge.To, out var known))
                {
                    distance[edge.To] = d + 1;
                    arrivals[edge.To] = [edge];
                    queue.Enqueue(edge.To);
                }
                else if (known == d + 1)
                {
                    arrivals[edge.To].Add(edge);
                }
            }
        }

        if (!distance.ContainsKey(to))
        {
            return (null, new JoinPathProblem($"no foreign-key path joins {to.Name} to {string.Join(" or ", from.Select(t => t.Name))}"));
        }

        // Walk back; at each table with several arrivals, a preferred edge decides, otherwise it is ambiguous.
        var edges = new List<JoinEdge>();
        var current = to;
        while (!from.Contains(current))
        {
            var options = arrivals[current];
            var chosen = options;
            if (options.Count > 1)
            {
                var preferred = options.Where(prefer).ToList();
                chosen = preferred.Count == 1 ? preferred : Distinct(options);
            }

            if (chosen.Count > 1)
            {
                var ways = string.Join(" or ", chosen.Select(e => e.Describe()));
                return (null, new JoinPathProblem($"{Start(current, arrivals, from)} reaches {current.Name} in more than one way ({ways}); say which"));
            }

            edges.Add(chosen[0]);
            current = chosen[0].From;
        }

        edges.Reverse();
        return (new JoinPath(edges), null);
    }

    /// <summary>Two arrivals from the same table over the same columns are one way (duplicate foreign keys).</summary>
    private static List<JoinEdge> Distinct(List<JoinEdge> options) =>
        options.DistinctBy(e => (e.From, string.Join(',', e.FromColumns), string.Join(',', e.ToColumns))).ToList();

    private static string Start(TableInfo table, Dictionary<TableInfo, List<JoinEdge>> arrivals, IReadOnlyCollection<TableInfo> from)
    {
        var current = table;
        var guard = 0;
        while (!from.Contains(current) && arrivals.TryGetValue(current, out var list) && guard++ < 64)
        {
            current = list[0].From;
        }

        return current.Name;
    }
}
