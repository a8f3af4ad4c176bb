using System.Globalization;

namespace Appliance.Core.Schema.Erd;

/// <summary>A group of tables in the overview of a large schema: a schema, or a shared name prefix ("billing_").</summary>
/// <param name="Id">Unique within the overview (the label, made unique).</param>
/// <param name="LinksTo">Foreign keys from this group's tables to each other group's tables, by group id.</param>
public sealed record ErdGroup(string Id, string Label, IReadOnlyList<string> TableIds, IReadOnlyDictionary<string, int> LinksTo);

/// <summary>The overview: the groups, and a diagram whose nodes are the groups (Columns empty) and whose edges are links between groups.</summary>
public sealed record ErdOverviewResult(IReadOnlyList<ErdGroup> Groups, ErdDiagram Diagram);

/// <summary>
/// For schemas too large to read as one picture: tables grouped by schema when there are several, otherwise by name
/// prefix, small groups merged, each group small enough to open in full detail.
/// </summary>
public static class ErdOverview
{
    /// <summary>Above this many tables the page opens on the overview instead of the full diagram.</summary>
    public const int DetailLimit = 300;

    /// <summary>The label of the group that gathers tables whose schema or prefix has too few tables of its own.</summary>
    public const string OtherLabel = "other";

    /// <summary>Groups smaller than this are merged into "other".</summary>
    private const int MinGroupSize = 3;

    /// <summary>Prefixes are refined at most this many segments deep before a group is cut into numbered parts.</summary>
    private const int MaxPrefixDepth = 3;

    public static ErdOverviewResult Build(DatabaseSchema schema, int maxGroupSize = 150)
    {
        ArgumentNullException.ThrowIfNull(schema);
        maxGroupSize = Math.Max(MinGroupSize, maxGroupSize);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var tables = schema.Tables.Where(t => seen.Add(t.QualifiedName)).ToList();

        var drafts = new List<(string Label, List<Table> Tables)>();
        var other = new List<Table>();
        var schemas = tables.GroupBy(t => t.Schema, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (schemas.Count(g => g.Count() >= MinGroupSize) >= 2)
        {
            foreach (var group in schemas)
            {
                var members = group.ToList();
                if (members.Count < MinGroupSize)
                {
                    other.AddRange(members);
                }
                else if (members.Count <= maxGroupSize)
                {
                    drafts.Add((group.Key, members));
                }
                else
                {
                    ByPrefix(members, group.Key + ": ", maxGroupSize, drafts, other);
                }
            }
        }
        else
        {
            ByPrefix(tables, "", maxGroupSize, drafts, other);
        }

        // In label order, "other" last; ids unique.
        drafts = [.. drafts.OrderBy(d => d.Label, StringComparer.OrdinalIgnoreCase).ThenBy(d => d.Label, StringComparer.Ordinal)];
        if (other.Count > 0)
        {
            other.Sort((a, b) => string.CompareOrdinal(a.QualifiedName, b.QualifiedName));
            drafts.AddRange(Chunks(OtherLabel, other, maxGroupSize));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var labels = new List<string>(drafts.Count);
        foreach (var (label, _) in drafts)
        {
            var id = label;
            for (var copy = 2; !ids.Add(id); copy++)
            {
                id = string.Create(CultureInfo.InvariantCulture, $"{label} ({copy})");
            }

            labels.Add(id);
        }

        var groupOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var g = 0; g < drafts.Count; g++)
        {
            foreach (var table in drafts[g].Tables)
            {
                groupOf[table.QualifiedName] = g;
            }
        }

        var links = drafts.Select(_ => new SortedDictionary<int, int>()).ToList();
        foreach (var table in tables)
        {
            var from = groupOf[table.QualifiedName];
            foreach (var fk in table.ForeignKeys)
            {
                if (groupOf.TryGetValue($"{fk.ReferencedSchema}.{fk.ReferencedTable}", out var to) && to != from)
                {
                    links[from][to] = links[from].GetValueOrDefault(to) + 1;
                }
            }
        }

        var groups = new List<ErdGroup>(drafts.Count);
        var nodes = new List<ErdNode>(drafts.Count);
        for (var g = 0; g < drafts.Count; g++)
        {
            var members = drafts[g].Tables;
            groups.Add(new ErdGroup(labels[g], labels[g], [.. members.Select(t => t.QualifiedName)], links[g].ToDictionary(l => labels[l.Key], l => l.Value, StringComparer.Ordinal)));
            var caption = members.Count == 1 ? "1 table" : string.Create(CultureInfo.InvariantCulture, $"{members.Count:N0} tables");
            var schemaNames = members.Select(t => t.Schema).Distinct(StringComparer.Ordinal).Take(2).ToList();
            nodes.Add(new ErdNode
            {
                Id = labels[g],
                Schema = schemaNames.Count == 1 ? schemaNames[0] : "",
                Name = labels[g],
                IsGroup = true,
                Caption = caption,
                Width = ErdMetrics.GroupWidth(labels[g], caption),
                Height = ErdMetrics.GroupHeight,
            });
        }

        var edges = new List<ErdEdge>();
        var layoutEdges = new List<LayoutEdge>();
        for (var g = 0; g < drafts.Count; g++)
        {
            foreach (var (to, count) in links[g])
            {
                edges.Add(new ErdEdge { Id = $"{labels[g]} → {labels[to]}", From = labels[g], To = labels[to], Count = count });
                layoutEdges.Add(new LayoutEdge(g, to));
            }
        }

        var layout = LayeredLayout.Run([.. nodes.Select(n => new LayoutBox(n.Width, n.Height))], layoutEdges);
        var placed = nodes.Select((n, i) => n with { X = layout.Positions[i].X, Y = layout.Positions[i].Y }).ToList();
        var routed = edges.Select((e, i) => e with { Points = layout.Routes[i] }).ToList();
        return new ErdOverviewResult(groups, new ErdDiagram(layout.Width, layout.Height, placed, routed));
    }

    /// <summary>
    /// Groups by the first segment of the names, a group too large refined by the next segment (up to a few), one still
    /// too large cut into numbered parts; groups too small go to <paramref name="other"/>.
    /// </summary>
    private static void ByPrefix(List<Table> tables, string labelPrefix, int maxGroupSize, List<(string, List<Table>)> groups, List<Table> other)
    {
        var pending = new Stack<(int Depth, List<Table> Tables)>();
        pending.Push((1, tables));
        var found = new List<(string Label, List<Table> Tables)>();
        while (pending.Count > 0)
        {
            var (depth, members) = pending.Pop();
            var byKey = members.GroupBy(t => Prefix(t.Name, depth).Key, StringComparer.Ordinal).ToList();
            foreach (var group in byKey)
            {
                var list = group.OrderBy(t => t.QualifiedName, StringComparer.Ordinal).ToList();
                // The spelling most of the group uses ("billing" over one "BillingRefund").
                var label = labelPrefix + list.GroupBy(t => Prefix(t.Name, depth).Label, StringComparer.Ordinal)
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
                if (list.Count < MinGroupSize)
                {
                    other.AddRange(list);
                }
                else if (list.Count <= maxGroupSize)
                {
                    found.Add((label, list));
                }
                else if (depth < MaxPrefixDepth && RefinesWell(list, depth + 1))
                {
                    pending.Push((depth + 1, list));
                }
                else
                {
                    found.AddRange(Chunks(label, list, maxGroupSize));
                }
            }
        }

        groups.AddRange(found);
    }

    /// <summary>
    /// Whether the next segment splits the group into real groups (most tables in groups of a useful size) rather than
    /// into single tables ("log_01", "log_02"…), which are better cut into numbered parts.
    /// </summary>
    private static bool RefinesWell(List<Table> tables, int depth)
    {
        var sizes = tables.GroupBy(t => Prefix(t.Name, depth).Key, StringComparer.Ordinal).Select(g => g.Count()).ToList();
        return sizes.Count > 1 && sizes.Where(s => s >= MinGroupSize).Sum() * 2 >= tables.Count;
    }

    /// <summary>A group cut into parts of at most <paramref name="maxGroupSize"/>, labelled "label (1/3)" and so on.</summary>
    private static IEnumerable<(string, List<Table>)> Chunks(string label, List<Table> tables, int maxGroupSize)
    {
        var parts = (tables.Count + maxGroupSize - 1) / maxGroupSize;
        if (parts <= 1)
        {
            yield return (label, tables);
            yield break;
        }

        // Even parts, so that the last is not a stub.
        var size = (tables.Count + parts - 1) / parts;
        for (var p = 0; p < parts; p++)
        {
            yield return (string.Create(CultureInfo.InvariantCulture, $"{label} ({p + 1}/{parts})"), tables.Skip(p * size).Take(size).ToList());
        }
    }

    /// <summary>
    /// The first <paramref name="depth"/> segments of a name, split at '_', '-', '.', spaces and camelCase boundaries
    /// ("billing_invoice" and "BillingInvoice" both start with "billing"); the key is lower case, the label as written.
    /// </summary>
    internal static (string Key, string Label) Prefix(string name, int depth)
    {
        var end = 0;
        for (var segment = 0; segment < depth && end < name.Length; segment++)
        {
            // Skip separators, then take one segment.
            while (end < name.Length && IsSeparator(name[end]))
            {
                end++;
            }

            var start = end;
            while (end < name.Length && !IsSeparator(name[end]) && (end == start || !IsCamelBoundary(name, end)))
            {
                end++;
            }
        }

        var label = name[..end].TrimEnd('_', '-', '.', ' ');
        if (label.Length == 0)
        {
            label = name;
        }

        return (label.ToLowerInvariant(), label);
    }

    private static bool IsSeparator(char c) => c is '_' or '-' or '.' or ' ';

    /// <summary>"billingInvoice" splits before 'I'; "HTTPServer" before 'S' (the last capital of a run starts the next word).</summary>
    private static bool IsCamelBoundary(string name, int i) =>
        char.IsUpper(name[i]) && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])
            || (char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1])));
}
