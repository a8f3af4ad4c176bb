using System.Text.Json.Serialization;
using Appliance.Core.MockData.Checks;
using Appliance.Core.MockData.Values;
using Appliance.Core.Schema;

namespace Appliance.Core.MockData;

/// <summary>
/// How every selected table will be filled: in foreign-key order, with a row count and a source for every column.
/// Built by <see cref="MockPlanner"/>; a plan with errors cannot be generated.
/// </summary>
public sealed class MockPlan
{
    public required DatabaseSchema Schema { get; init; }
    public required MockDataRequest Request { get; init; }

    /// <summary>Tables in load order: every parent before its children (cycles broken through a deferred, nullable foreign key).</summary>
    public required IReadOnlyList<TablePlan> Tables { get; init; }

    public required IReadOnlyList<PlanMessage> Messages { get; init; }

    [JsonIgnore]
    public MockValueFactory Values { get; init; } = null!;

    public bool HasErrors => Messages.Any(m => m.Severity == PlanSeverity.Error);

    public long TotalRows => Tables.Sum(t => t.Rows);

    public TablePlan? Find(string schema, string name) =>
        Tables.FirstOrDefault(t => t.Table.Schema == schema && t.Table.Name == name);
}

[JsonConverter(typeof(JsonStringEnumConverter<PlanSeverity>))]
public enum PlanSeverity
{
    [JsonStringEnumMemberName("info")] Info,
    [JsonStringEnumMemberName("warning")] Warning,
    [JsonStringEnumMemberName("error")] Error,
}

/// <summary>Something the user should know about the plan; errors name the table, column or constraint at fault.</summary>
public sealed record PlanMessage(PlanSeverity Severity, string? Table, string? Column, string Text);

public sealed class TablePlan
{
    public required Table Table { get; init; }

    /// <summary>Position in the plan; part of every row's random stream.</summary>
    public required int Ordinal { get; init; }

    public long Rows { get; internal set; }

    /// <summary>Every column of the table, in table order; omitted ones (generated, left to the database) included.</summary>
    public required IReadOnlyList<ColumnPlan> Columns { get; init; }

    public IReadOnlyList<ForeignKeyPlan> ForeignKeys { get; internal set; } = [];

    /// <summary>Set when rows are generated per parent row ("1–5 lines per order").</summary>
    public NestingPlan? Nesting { get; internal set; }

    /// <summary>Foreign keys whose combined parents must be distinct (a key made only of foreign-key columns).</summary>
    public IReadOnlyList<ForeignKeyPlan> TupleKey { get; internal set; } = [];

    public CheckAnalysis Checks { get; internal set; } = null!;

    /// <summary>Why the table is in the plan although it was not chosen ("needed by orders.customer_id").</summary>
    public string? AddedFor { get; internal set; }

    /// <summary>Columns that identify a row for the second pass of a deferred foreign key (primary key or a NOT NULL unique key).</summary>
    public IReadOnlyList<ColumnPlan> RowKey { get; internal set; } = [];

    [JsonIgnore]
    public IEnumerable<ColumnPlan> Written => Columns.Where(c => c.Source != ColumnSource.Omitted);

    public string QualifiedName => Table.QualifiedName;
}

[JsonConverter(typeof(JsonStringEnumConverter<ColumnSource>))]
public enum ColumnSource
{
    /// <summary>Not written: computed by the database (generated column) or left to its default.</summary>
    [JsonStringEnumMemberName("omitted")] Omitted,
    /// <summary>Always NULL (a nullable foreign key to a table outside the selection, or the "null" generator).</summary>
    [JsonStringEnumMemberName("null")] Null,
    /// <summary>start + row × step: identity, serial and integer keys. Unique without remembering anything.</summary>
    [JsonStringEnumMemberName("sequence")] Sequence,
    [JsonStringEnumMemberName("foreignKey")] ForeignKey,
    /// <summary>1, 2, 3… within the parent row of a nested table (order_lines.line_number).</summary>
    [JsonStringEnumMemberName("ordinal")] Ordinal,
    /// <summary>One of a fixed list: enum labels, a CHECK's IN list, or the user's weighted values.</summary>
    [JsonStringEnumMemberName("values")] Values,
    [JsonStringEnumMemberName("generator")] Generator,
}

public sealed class ColumnPlan
{
    public required Column Column { get; init; }

    /// <summary>Index of the column in <see cref="TablePlan.Columns"/>.</summary>
    public required int Index { get; init; }

    public required MockType Type { get; init; }
    public ColumnSource Source { get; internal set; }

    /// <summary>Generator name (see <see cref="MockGenerators"/>) when <see cref="Source"/> is Generator.</summary>
    public string? Generator { get; internal set; }

    /// <summary>Distinct rows get distinct values (the column carries a primary key or unique constraint).</summary>
    public bool Unique { get; internal set; }

    public bool Nullable { get; internal set; }
    public double NullRate { get; internal set; }
    public ValueConstraints Constraints { get; internal set; } = ValueConstraints.None;

    /// <summary>Typed values for <see cref="ColumnSource.Values"/>, with cumulative weights for picking.</summary>
    public IReadOnlyList<object> Values { get; internal set; } = [];
    internal double[] CumulativeWeights { get; set; } = [];

    public ForeignKeyPlan? ForeignKey { get; internal set; }

    /// <summary>Position of this column within <see cref="ForeignKey"/>'s column list.</summary>
    public int ForeignKeyPosition { get; internal set; }

    public long SequenceStart { get; internal set; } = 1;
    public long SequenceStep { get; internal set; } = 1;

    /// <summary>Columns of the same row this one is computed from (a relation such as ends_on &gt; starts_on); generated first.</summary>
    public IReadOnlyList<(ColumnPlan Other, string Operator)> After { get; internal set; } = [];

    /// <summary>Part of a primary key, a unique key or a referenced key: computed once, never regenerated to satisfy a check.</summary>
    public bool Stable { get; internal set; }

    /// <summary>What the UI shows: "e-mail (unique)", "→ customers (uniform)", "1, 2, 3… per order".</summary>
    public string Description { get; internal set; } = "";

    public string Name => Column.Name;
}

public sealed class ForeignKeyPlan
{
    public required ForeignKey Key { get; init; }
    public required TablePlan Child { get; init; }
    public required TablePlan Parent { get; init; }

    /// <summary>Parent columns matching <see cref="ForeignKey.Columns"/>, in the same order.</summary>
    public required IReadOnlyList<ColumnPlan> ParentColumns { get; init; }
    public required IReadOnlyList<ColumnPlan> ChildColumns { get; init; }
    public ValueDistribution Distribution { get; internal set; }
    public bool SelfReference => ReferenceEquals(Child, Parent);
    public bool Nullable { get; internal set; }
    public double NullRate { get; internal set; }

    /// <summary>Written NULL in the first pass and set afterwards, because it closes a cycle of foreign keys.</summary>
    public bool Deferred { get; internal set; }

    /// <summary>Index of this key's random stream within the row (after the columns).</summary>
    internal int Stream { get; set; }

    public string Display => $"{Child.Table.Name}({string.Join(", ", Key.Columns)}) → {Parent.Table.Name}";
}

/// <summary>Rows generated per parent row: between <see cref="Min"/> and <see cref="Max"/> children each.</summary>
public sealed class NestingPlan
{
    public required ForeignKeyPlan ForeignKey { get; init; }
    public required int Min { get; init; }
    public required int Max { get; init; }

    /// <summary>The 1, 2, 3… column within the parent, when the key is (parent key, ordinal).</summary>
    public ColumnPlan? Ordinal { get; init; }
}
