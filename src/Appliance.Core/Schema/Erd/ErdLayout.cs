namespace Appliance.Core.Schema.Erd;

/// <summary>What to draw and how.</summary>
public sealed record ErdLayoutOptions
{
    /// <summary>Only key columns (primary and foreign key) in the boxes; the rest counted as "+N more".</summary>
    public bool KeysOnly { get; init; }

    /// <summary>Include views as boxes (no edges).</summary>
    public bool IncludeViews { get; init; }

    /// <summary>Saved positions by node id ("schema.table"); these nodes keep their place, the rest are laid out around them.</summary>
    public IReadOnlyDictionary<string, ErdPoint> Pinned { get; init; } = new Dictionary<string, ErdPoint>();

    /// <summary>Diff marks by node id, and by "schema.table.column" for columns and "schema.table.fkname" for edges.</summary>
    public IReadOnlyDictionary<string, ErdMark> Marks { get; init; } = new Dictionary<string, ErdMark>();
}

/// <summary>
/// Automatic layered layout of tables and foreign keys (Sugiyama style: referenced tables above the tables that refer to
/// them, crossings reduced, related tables near each other, disconnected groups packed side by side).
/// </summary>
public static class ErdLayout
{
    /// <summary>Lays out the given tables (and views when asked) of <paramref name="schema"/>; foreign keys to tables outside the set are not drawn.</summary>
    public static ErdDiagram Compute(DatabaseSchema schema, IReadOnlyCollection<string>? tableIds = null, ErdLayoutOptions? options = null)
    {
        // Placeholder grid until the layered layout lands (issue 5 work in progress).
        options ??= new ErdLayoutOptions();
        var ids = tableIds is null ? null : new HashSet<string>(tableIds, StringComparer.Ordinal);
        var tables = schema.Tables.Where(t => ids is null || ids.Contains(t.QualifiedName)).ToList();
        var nodes = new List<ErdNode>();
        var index = 0;
        foreach (var table in tables)
        {
            var keys = new HashSet<string>(table.PrimaryKey?.Columns ?? [], StringComparer.Ordinal);
            var fks = new HashSet<string>(table.ForeignKeys.SelectMany(f => f.Columns), StringComparer.Ordinal);
            var columns = table.Columns.Select(c => new ErdColumn(c.Name, c.DataType, keys.Contains(c.Name), fks.Contains(c.Name), c.IsNullable))
                .Where(c => !options.KeysOnly || c.IsPrimaryKey || c.IsForeignKey).ToList();
            var x = (index % 8) * 260.0;
            var y = (index / 8) * 300.0;
            if (options.Pinned.TryGetValue(table.QualifiedName, out var pin))
            {
                (x, y) = (pin.X, pin.Y);
            }

            nodes.Add(new ErdNode
            {
                Id = table.QualifiedName, Schema = table.Schema, Name = table.Name, X = x, Y = y, Width = 220, Height = 28 + (18 * columns.Count),
                Columns = columns, HiddenColumns = table.Columns.Count - columns.Count,
                Mark = options.Marks.GetValueOrDefault(table.QualifiedName),
            });
            index++;
        }

        var byId = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var edges = new List<ErdEdge>();
        foreach (var table in tables)
        {
            foreach (var fk in table.ForeignKeys)
            {
                var to = $"{fk.ReferencedSchema}.{fk.ReferencedTable}";
                if (!byId.TryGetValue(to, out var target))
                {
                    continue;
                }

                var source = byId[table.QualifiedName];
                edges.Add(new ErdEdge
                {
                    Id = $"{table.QualifiedName}.{fk.Name ?? string.Join("_", fk.Columns)}", From = source.Id, To = to,
                    FromColumns = fk.Columns, ToColumns = fk.ReferencedColumns,
                    Points = [new(source.X + (source.Width / 2), source.Y), new(target.X + (target.Width / 2), target.Y + target.Height)],
                });
            }
        }

        var width = nodes.Count == 0 ? 0 : nodes.Max(n => n.X + n.Width);
        var height = nodes.Count == 0 ? 0 : nodes.Max(n => n.Y + n.Height);
        return new ErdDiagram(width, height, nodes, edges);
    }
}
