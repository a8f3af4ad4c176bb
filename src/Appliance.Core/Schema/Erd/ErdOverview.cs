namespace Appliance.Core.Schema.Erd;

/// <summary>A group of tables in the overview of a large schema: a schema, or a shared name prefix ("billing_").</summary>
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

    public static ErdOverviewResult Build(DatabaseSchema schema, int maxGroupSize = 150)
    {
        // Placeholder until the grouping lands (issue 5 work in progress): one group per schema.
        _ = maxGroupSize;
        var groups = schema.Tables.GroupBy(t => t.Schema, StringComparer.Ordinal)
            .Select(g => new ErdGroup(g.Key, g.Key, g.Select(t => t.QualifiedName).ToList(), new Dictionary<string, int>()))
            .ToList();
        var nodes = groups.Select((g, i) => new ErdNode { Id = g.Id, Schema = g.Id, Name = g.Label, X = i * 240, Y = 0, Width = 220, Height = 60 }).ToList();
        return new ErdOverviewResult(groups, new ErdDiagram(nodes.Count * 240, 60, nodes, []));
    }
}
