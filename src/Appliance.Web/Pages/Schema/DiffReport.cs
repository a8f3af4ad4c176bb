using System.Globalization;
using Appliance.Core.Schema;
using Appliance.Core.Schema.Diff;

namespace Appliance.Web.Pages.Schema;

/// <summary>One line of the diff report: a change of a column, key, index… (or of a type or sequence), readable.</summary>
public sealed record DiffLine(SchemaChange Change, string Kind, string Name, string? RenamedFrom)
{
    public string Status => DiffReport.StatusOf(Change.Change);
}

/// <summary>The changes of one table or view (its own, then those of its columns, keys and indexes), or of the other objects.</summary>
public sealed record DiffGroup
{
    public required string Title { get; init; }
    public required string Kind { get; init; }
    /// <summary>added, dropped, renamed or changed: the table's own change, or "changed" when only its parts changed.</summary>
    public required string Status { get; init; }
    /// <summary>How likely a guessed rename is ("94% likely"); the title then reads "schema.old → new".</summary>
    public string? RenameNote { get; init; }
    /// <summary>For an added or dropped table, its columns ("name type").</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];
    public IReadOnlyList<PropertyChange> Properties { get; init; } = [];
    public List<DiffLine> Lines { get; } = [];
}

/// <summary>Groups a <see cref="SchemaDifference"/> by table for the diff page.</summary>
public static class DiffReport
{
    public const string OtherObjects = "Schemas, types and sequences";

    public static IReadOnlyList<DiffGroup> Build(SchemaDifference difference, DatabaseSchema old, DatabaseSchema @new)
    {
        var groups = new Dictionary<string, DiffGroup>(StringComparer.Ordinal);
        var order = new List<DiffGroup>();
        DiffGroup Group(string key, Func<DiffGroup> create)
        {
            if (!groups.TryGetValue(key, out var group))
            {
                group = create();
                groups[key] = group;
                order.Add(group);
            }

            return group;
        }

        foreach (var change in difference.Changes)
        {
            if (change.Parent is null && change.Object is SchemaObjectKind.Table or SchemaObjectKind.View)
            {
                var key = $"{change.Schema}.{change.Name}";
                var head = HeadGroup(change, old, @new);
                if (groups.TryGetValue(key, out var partsFirst))
                {
                    // Parts were listed before their table's own change: keep them under the head.
                    var index = order.IndexOf(partsFirst);
                    order[index] = head;
                    head.Lines.AddRange(partsFirst.Lines);
                    groups[key] = head;
                }
                else
                {
                    groups[key] = head;
                    order.Add(head);
                }
            }
            else if (change.Parent is not null)
            {
                var key = $"{change.Schema}.{change.Parent}";
                Group(key, () => new DiffGroup
                {
                    Title = key,
                    Kind = @new.FindView(change.Schema, change.Parent) is not null ? "view" : "table",
                    Status = "changed",
                }).Lines.Add(Line(change));
            }
            else
            {
                Group("\u0001other", () => new DiffGroup { Title = OtherObjects, Kind = "", Status = "changed" })
                    .Lines.Add(Line(change) with { Name = change.Object == SchemaObjectKind.Schema ? change.Name : $"{change.Schema}.{change.Name}" });
            }
        }

        return order;
    }

    public static string StatusOf(SchemaChangeKind kind) => kind switch
    {
        SchemaChangeKind.Added => "added",
        SchemaChangeKind.Dropped => "dropped",
        SchemaChangeKind.Renamed => "renamed",
        _ => "changed",
    };

    /// <summary>"94% likely" for a guessed rename; null when the rename is certain.</summary>
    public static string? Likelihood(SchemaChange change) =>
        change.Confidence is { } confidence ? $"{Math.Round(confidence * 100).ToString(CultureInfo.InvariantCulture)}% likely" : null;

    private static DiffLine Line(SchemaChange change) => new(
        change,
        SchemaDifference.KindLabel(change.Object),
        change.Name,
        change.Change == SchemaChangeKind.Renamed ? change.OldName : null);

    private static DiffGroup HeadGroup(SchemaChange change, DatabaseSchema old, DatabaseSchema @new)
    {
        var isView = change.Object == SchemaObjectKind.View;
        IReadOnlyList<Column> columns = change.Change switch
        {
            SchemaChangeKind.Added => (isView ? @new.FindView(change.Schema, change.Name)?.Columns : @new.FindTable(change.Schema, change.Name)?.Columns) ?? [],
            SchemaChangeKind.Dropped => (isView ? old.FindView(change.Schema, change.Name)?.Columns : old.FindTable(change.Schema, change.Name)?.Columns) ?? [],
            _ => [],
        };
        var title = $"{change.Schema}.{change.Name}";
        string? renameNote = null;
        if (change.Change == SchemaChangeKind.Renamed)
        {
            title = change.OldSchema is null || change.OldSchema == change.Schema
                ? $"{change.Schema}.{change.OldName} → {change.Name}"
                : $"{change.OldSchema}.{change.OldName} → {change.Schema}.{change.Name}";
            renameNote = Likelihood(change) is { } likely ? $"({likely})" : null;
        }

        return new DiffGroup
        {
            Title = title,
            Kind = isView ? "view" : "table",
            Status = StatusOf(change.Change),
            RenameNote = renameNote,
            Columns = [.. columns.Select(c => $"{c.Name} {c.DataType}")],
            Properties = change.Properties,
        };
    }
}
