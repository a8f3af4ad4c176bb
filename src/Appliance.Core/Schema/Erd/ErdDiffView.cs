using Appliance.Core.Schema.Diff;

namespace Appliance.Core.Schema.Erd;

/// <summary>Ids of diagram elements, shared by the layout, the diff marks and saved positions.</summary>
public static class ErdIds
{
    public static string Table(Table table) => table.QualifiedName;

    public static string Column(Table table, string column) => $"{table.QualifiedName}.{column}";

    /// <summary>
    /// A foreign key by its name or, when the engine gave it none, by its definition ("(a, b) → schema.table(x, y)",
    /// as the diff names it), which cannot be taken for a column's id.
    /// </summary>
    public static string Edge(Table table, ForeignKey key) =>
        $"{table.QualifiedName}.{key.Name ?? $"({string.Join(", ", key.Columns)}) → {key.ReferencedSchema}.{key.ReferencedTable}({string.Join(", ", key.ReferencedColumns)})"}";
}

/// <summary>
/// A diff drawn as one diagram: the new schema plus what was dropped (tables, columns and foreign keys taken from the old
/// schema), with marks for added, dropped, changed and renamed elements.
/// </summary>
public sealed record ErdDiffView(DatabaseSchema Schema, IReadOnlyDictionary<string, ErdMark> Marks)
{
    public static ErdDiffView Build(DatabaseSchema old, DatabaseSchema @new, SchemaDifference difference)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        ArgumentNullException.ThrowIfNull(difference);
        var marks = new Dictionary<string, ErdMark>(StringComparer.Ordinal);
        var tables = @new.Tables.ToDictionary(t => t.QualifiedName, StringComparer.Ordinal);
        var order = @new.Tables.Select(t => t.QualifiedName).ToList();

        // New table id → the table's id in the old schema, for sub-objects of renamed tables.
        var oldIds = difference.Changes
            .Where(c => c.Object == SchemaObjectKind.Table && c.Change == SchemaChangeKind.Renamed)
            .ToDictionary(c => $"{c.Schema}.{c.Name}", c => (Schema: c.OldSchema ?? c.Schema, Name: c.OldName ?? c.Name), StringComparer.Ordinal);
        Table? OldTable(string schema, string name) =>
            oldIds.TryGetValue($"{schema}.{name}", out var was) ? old.FindTable(was.Schema, was.Name) : old.FindTable(schema, name);

        void MarkTableChanged(string id)
        {
            if (!marks.ContainsKey(id))
            {
                marks[id] = ErdMark.Changed;
            }
        }

        foreach (var change in difference.Changes.Where(c => c.Object == SchemaObjectKind.Table))
        {
            var id = $"{change.Schema}.{change.Name}";
            switch (change.Change)
            {
                case SchemaChangeKind.Added:
                    marks[id] = ErdMark.Added;
                    break;
                case SchemaChangeKind.Renamed:
                    marks[id] = ErdMark.Renamed;
                    break;
                case SchemaChangeKind.Dropped when old.FindTable(change.Schema, change.Name) is { } dropped && !tables.ContainsKey(id):
                    tables[id] = dropped;
                    order.Add(id);
                    marks[id] = ErdMark.Dropped;
                    foreach (var key in dropped.ForeignKeys)
                    {
                        marks[ErdIds.Edge(dropped, key)] = ErdMark.Dropped;
                    }

                    break;
                case SchemaChangeKind.Changed:
                    MarkTableChanged(id);
                    break;
            }
        }

        foreach (var change in difference.Changes.Where(c => c.Parent is not null && c.Object != SchemaObjectKind.View))
        {
            var id = $"{change.Schema}.{change.Parent}";
            if (!tables.TryGetValue(id, out var table))
            {
                continue;
            }

            MarkTableChanged(id);
            switch (change.Object)
            {
                case SchemaObjectKind.Column when change.Change == SchemaChangeKind.Dropped:
                    if (OldTable(change.Schema, change.Parent!)?.FindColumn(change.Name) is { } column && table.FindColumn(column.Name) is null)
                    {
                        table = table with { Columns = [.. table.Columns, column] };
                        tables[id] = table;
                    }

                    marks[ErdIds.Column(table, change.Name)] = ErdMark.Dropped;
                    break;
                case SchemaObjectKind.Column:
                    marks[ErdIds.Column(table, change.Name)] = Mark(change.Change);
                    break;
                case SchemaObjectKind.ForeignKey when change.Change == SchemaChangeKind.Dropped:
                    if (OldTable(change.Schema, change.Parent!) is { } oldTable && FindKey(oldTable, change.Name) is { } droppedKey)
                    {
                        // Draw the dropped key in the new names; its columns may themselves be gone (then drawn as dropped above).
                        table = table with { ForeignKeys = [.. table.ForeignKeys, droppedKey] };
                        tables[id] = table;
                        marks[ErdIds.Edge(table, droppedKey)] = ErdMark.Dropped;
                    }

                    break;
                case SchemaObjectKind.ForeignKey when FindKey(table, change.Name) is { } key:
                    marks[ErdIds.Edge(table, key)] = Mark(change.Change);
                    break;
            }
        }

        var schema = @new with { Tables = [.. order.Select(id => tables[id])] };
        return new ErdDiffView(schema, marks);
    }

    private static ForeignKey? FindKey(Table table, string name) =>
        table.ForeignKeys.FirstOrDefault(k => k.Name == name)
        ?? table.ForeignKeys.FirstOrDefault(k => k.Name is null && name.StartsWith($"({string.Join(", ", k.Columns)})", StringComparison.Ordinal));

    private static ErdMark Mark(SchemaChangeKind change) => change switch
    {
        SchemaChangeKind.Added => ErdMark.Added,
        SchemaChangeKind.Dropped => ErdMark.Dropped,
        SchemaChangeKind.Renamed => ErdMark.Renamed,
        _ => ErdMark.Changed,
    };
}
