using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Appliance.Core.Schema.Diff;

/// <summary>The kind of schema object a <see cref="SchemaChange"/> is about.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SchemaObjectKind>))]
public enum SchemaObjectKind
{
    [JsonStringEnumMemberName("schema")] Schema,
    [JsonStringEnumMemberName("enum")] Enum,
    [JsonStringEnumMemberName("domain")] Domain,
    [JsonStringEnumMemberName("sequence")] Sequence,
    [JsonStringEnumMemberName("table")] Table,
    [JsonStringEnumMemberName("view")] View,
    [JsonStringEnumMemberName("column")] Column,
    [JsonStringEnumMemberName("primaryKey")] PrimaryKey,
    [JsonStringEnumMemberName("foreignKey")] ForeignKey,
    [JsonStringEnumMemberName("unique")] UniqueConstraint,
    [JsonStringEnumMemberName("check")] CheckConstraint,
    [JsonStringEnumMemberName("index")] Index,
}

[JsonConverter(typeof(JsonStringEnumConverter<SchemaChangeKind>))]
public enum SchemaChangeKind
{
    [JsonStringEnumMemberName("added")] Added,
    [JsonStringEnumMemberName("dropped")] Dropped,
    [JsonStringEnumMemberName("renamed")] Renamed,
    [JsonStringEnumMemberName("changed")] Changed,
}

/// <summary>One property of an object that differs, with both values as display text (null where absent).</summary>
public sealed record PropertyChange(string Property, string? OldValue, string? NewValue);

/// <summary>
/// One change between two schema versions. Sub-objects (columns, keys, indexes) name their table or view in
/// <see cref="Parent"/> (its name in the new schema); a rename keeps the old name in <see cref="OldName"/>.
/// A renamed object may also carry property changes (a renamed column whose type changed too).
/// </summary>
public sealed record SchemaChange
{
    public required SchemaObjectKind Object { get; init; }
    public required SchemaChangeKind Change { get; init; }
    public required string Schema { get; init; }
    public string? Parent { get; init; }
    /// <summary>The object's name; engine-generated constraint names may be null, then a description of its definition.</summary>
    public required string Name { get; init; }
    public string? OldSchema { get; init; }
    public string? OldName { get; init; }
    /// <summary>How sure the rename guess is, 0–1; only for renames inferred from similarity.</summary>
    public double? Confidence { get; init; }
    public IReadOnlyList<PropertyChange> Properties { get; init; } = [];

    /// <summary>"schema.table" for tables, "schema.table.column" for sub-objects.</summary>
    public string Path => Parent is null ? $"{Schema}.{Name}" : $"{Schema}.{Parent}.{Name}";
}

/// <summary>The result of <see cref="SchemaDiff.Compare"/>: every change, in a stable order.</summary>
public sealed record SchemaDifference
{
    public required IReadOnlyList<SchemaChange> Changes { get; init; }

    public bool IsEmpty => Changes.Count == 0;

    /// <summary>A one-line summary for history timelines and notifications, e.g. "+2 tables, 1 table renamed, 5 columns changed".</summary>
    public string Summary => BuildSummary();

    public int Count(SchemaObjectKind objectKind, SchemaChangeKind changeKind) =>
        Changes.Count(c => c.Object == objectKind && c.Change == changeKind);

    public string ToJson(bool indented = true) =>
        JsonSerializer.Serialize(this, indented ? SchemaDiffJsonContext.Indented.SchemaDifference : SchemaDiffJsonContext.Default.SchemaDifference);

    /// <summary>A readable report: the summary, then one line per change grouped under its table.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append("Schema changes: ").Append(Summary).Append('\n');
        string? currentGroup = null;
        foreach (var change in Changes)
        {
            var group = change.Parent is null ? null : $"{change.Schema}.{change.Parent}";
            if (group is not null && group != currentGroup)
            {
                text.Append('\n').Append(group).Append('\n');
            }
            else if (group is null && currentGroup is not null)
            {
                text.Append('\n');
            }

            currentGroup = group;
            text.Append(group is null ? "" : "  ").Append(Symbol(change.Change)).Append(' ')
                .Append(KindLabel(change.Object)).Append(' ')
                .Append(group is null ? $"{change.Schema}.{change.Name}" : change.Name);
            if (change.Change == SchemaChangeKind.Renamed)
            {
                var oldName = change.OldSchema is null ? change.OldName : $"{change.OldSchema}.{change.OldName}";
                text.Append(" (renamed from ").Append(oldName);
                if (change.Confidence is { } confidence)
                {
                    text.Append(", confidence ").Append(confidence.ToString("0.00", CultureInfo.InvariantCulture));
                }

                text.Append(')');
            }

            foreach (var property in change.Properties)
            {
                text.Append('\n').Append(group is null ? "    " : "      ")
                    .Append(property.Property).Append(": ")
                    .Append(property.OldValue ?? "(none)").Append(" → ").Append(property.NewValue ?? "(none)");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Symbol(SchemaChangeKind kind) => kind switch
    {
        SchemaChangeKind.Added => "+",
        SchemaChangeKind.Dropped => "-",
        SchemaChangeKind.Renamed => ">",
        _ => "~",
    };

    /// <summary>The kind in words for reports: "primary key", "unique constraint", "column".</summary>
    public static string KindLabel(SchemaObjectKind kind) => kind switch
    {
        SchemaObjectKind.PrimaryKey => "primary key",
        SchemaObjectKind.ForeignKey => "foreign key",
        SchemaObjectKind.UniqueConstraint => "unique constraint",
        SchemaObjectKind.CheckConstraint => "check constraint",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Plural(SchemaObjectKind kind, int count)
    {
        var label = KindLabel(kind);
        if (count == 1)
        {
            return label;
        }

        return kind switch
        {
            SchemaObjectKind.Index => "indexes",
            SchemaObjectKind.PrimaryKey => "primary keys",
            _ => label + "s",
        };
    }

    private string BuildSummary()
    {
        if (IsEmpty)
        {
            return "no changes";
        }

        var parts = new List<string>();
        foreach (var kind in Enum.GetValues<SchemaObjectKind>())
        {
            foreach (var change in Enum.GetValues<SchemaChangeKind>())
            {
                var count = Count(kind, change);
                if (count == 0)
                {
                    continue;
                }

                var noun = Plural(kind, count);
                parts.Add(change switch
                {
                    SchemaChangeKind.Added => $"+{count} {noun}",
                    SchemaChangeKind.Dropped => $"{count} {noun} dropped",
                    SchemaChangeKind.Renamed => $"{count} {noun} renamed",
                    _ => $"{count} {noun} changed",
                });
            }
        }

        return string.Join(", ", parts);
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SchemaDifference))]
internal sealed partial class SchemaDiffJsonContext : JsonSerializerContext
{
    private static SchemaDiffJsonContext? s_indented;

    public static SchemaDiffJsonContext Indented =>
        s_indented ??= new SchemaDiffJsonContext(new JsonSerializerOptions(Default.GeneratedSerializerOptions!) { WriteIndented = true });
}
