using System.Text.RegularExpressions;

namespace Appliance.Core.Schema.Erd;

/// <summary>Which tables a diagram shows: a schema, name patterns, a focus table with its neighbours, or an overview group.</summary>
public sealed record ErdSelectionRequest
{
    public string? Schema { get; init; }

    /// <summary>Name patterns separated by commas or spaces; '*' and '?' are wildcards, a pattern without them matches anywhere in the name.</summary>
    public string? Pattern { get; init; }

    /// <summary>A table id ("schema.table") to centre the selection on.</summary>
    public string? Focus { get; init; }

    /// <summary>How many foreign-key steps around <see cref="Focus"/> to include, in either direction.</summary>
    public int Hops { get; init; } = 1;

    /// <summary>An overview group id (see <see cref="ErdOverview"/>) to open in detail.</summary>
    public string? Group { get; init; }
}

public static class ErdSelection
{
    public const int MaxHops = 6;

    /// <summary>The ids of the selected tables, in schema order. The focus applies after the filters, so it stays inside them.</summary>
    public static IReadOnlyList<string> Select(DatabaseSchema schema, ErdSelectionRequest request)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(request);
        var patterns = Patterns(request.Pattern);
        IEnumerable<Table> tables = schema.Tables;
        if (!string.IsNullOrEmpty(request.Schema))
        {
            tables = tables.Where(t => t.Schema == request.Schema);
        }

        if (patterns.Count > 0)
        {
            tables = tables.Where(t => patterns.Any(p => p.IsMatch(t.Name)));
        }

        var candidates = tables.ToList();
        if (!string.IsNullOrEmpty(request.Group))
        {
            var group = ErdOverview.Build(schema with { Tables = candidates }).Groups.FirstOrDefault(g => g.Id == request.Group);
            var members = new HashSet<string>(group?.TableIds ?? [], StringComparer.Ordinal);
            candidates = candidates.Where(t => members.Contains(t.QualifiedName)).ToList();
        }

        if (!string.IsNullOrEmpty(request.Focus))
        {
            var within = Neighbourhood(candidates, request.Focus, Math.Clamp(request.Hops, 0, MaxHops));
            candidates = candidates.Where(t => within.Contains(t.QualifiedName)).ToList();
        }

        return candidates.Select(t => t.QualifiedName).ToList();
    }

    /// <summary>The focus table and every table within <paramref name="hops"/> foreign-key steps of it, following keys both ways.</summary>
    public static HashSet<string> Neighbourhood(IReadOnlyCollection<Table> tables, string focus, int hops)
    {
        var present = new HashSet<string>(tables.Select(t => t.QualifiedName), StringComparer.Ordinal);
        var neighbours = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Link(string a, string b)
        {
            if (!neighbours.TryGetValue(a, out var list))
            {
                neighbours[a] = list = [];
            }

            list.Add(b);
        }

        foreach (var table in tables)
        {
            foreach (var key in table.ForeignKeys)
            {
                var target = $"{key.ReferencedSchema}.{key.ReferencedTable}";
                if (present.Contains(target))
                {
                    Link(table.QualifiedName, target);
                    Link(target, table.QualifiedName);
                }
            }
        }

        var reached = new HashSet<string>(StringComparer.Ordinal);
        if (!present.Contains(focus))
        {
            return reached;
        }

        reached.Add(focus);
        var frontier = new List<string> { focus };
        for (var step = 0; step < hops && frontier.Count > 0; step++)
        {
            var next = new List<string>();
            foreach (var id in frontier)
            {
                foreach (var neighbour in neighbours.GetValueOrDefault(id) ?? [])
                {
                    if (reached.Add(neighbour))
                    {
                        next.Add(neighbour);
                    }
                }
            }

            frontier = next;
        }

        return reached;
    }

    private static List<Regex> Patterns(string? text)
    {
        var patterns = new List<Regex>();
        foreach (var part in (text ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var escaped = Regex.Escape(part).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal);
            var anchored = part.Contains('*', StringComparison.Ordinal) || part.Contains('?', StringComparison.Ordinal) ? $"^{escaped}$" : escaped;
            patterns.Add(new Regex(anchored, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromMilliseconds(200)));
        }

        return patterns;
    }
}
