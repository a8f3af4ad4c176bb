using System.Text.Json.Serialization;
using Appliance.Core.Connections;

namespace Appliance.Core.Schema;

/// <summary>
/// The canonical, engine-neutral model of one database's schema. It is what ingestion produces,
/// what is stored as a schema version and what the CLI writes as schema.json (format documented in docs/schema-json.md).
/// </summary>
public sealed record DatabaseSchema
{
    /// <summary>Bumped only on a breaking change to the JSON; readers refuse newer versions.</summary>
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public required DatabaseEngine Engine { get; init; }
    public string? ServerVersion { get; init; }
    public string? DatabaseName { get; init; }
    public DateTimeOffset IngestedAt { get; init; }
    public IReadOnlyList<SchemaNamespace> Schemas { get; init; } = [];
    public IReadOnlyList<Table> Tables { get; init; } = [];
    public IReadOnlyList<View> Views { get; init; } = [];
    public IReadOnlyList<EnumType> Enums { get; init; } = [];
    public IReadOnlyList<DomainType> Domains { get; init; } = [];
    public IReadOnlyList<Sequence> Sequences { get; init; } = [];

    public Table? FindTable(string schema, string name) =>
        Tables.FirstOrDefault(t => t.Schema == schema && t.Name == name);

    public View? FindView(string schema, string name) =>
        Views.FirstOrDefault(v => v.Schema == schema && v.Name == name);

    /// <summary>Foreign keys of other tables (or the same table) that point at <paramref name="table"/>.</summary>
    public IEnumerable<(Table From, ForeignKey Key)> ReferencesTo(Table table) =>
        from t in Tables
        from fk in t.ForeignKeys
        where fk.ReferencedSchema == table.Schema && fk.ReferencedTable == table.Name
        select (t, fk);

    /// <summary>The sequence a column's <c>nextval('…')</c> default draws from, when it names one of <see cref="Sequences"/>.</summary>
    public Sequence? SequenceOfDefault(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Default is not { } expression || !expression.Contains("nextval", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Sequences.FirstOrDefault(s => expression.Contains($"{s.Schema}.{s.Name}'", StringComparison.Ordinal)
            || expression.Contains($"'{s.Name}'", StringComparison.Ordinal));
    }

    public SchemaSummary Summarize() => new(
        Tables.Count,
        Views.Count,
        Tables.Sum(t => t.Columns.Count) + Views.Sum(v => v.Columns.Count),
        Tables.Sum(t => t.ForeignKeys.Count),
        Tables.Sum(t => t.Indexes.Count));
}

public sealed record SchemaSummary(int Tables, int Views, int Columns, int ForeignKeys, int Indexes);

/// <summary>A namespace: a PostgreSQL / SQL Server schema, a MySQL database, SQLite's "main".</summary>
public sealed record SchemaNamespace
{
    public required string Name { get; init; }
    public string? Comment { get; init; }
}

public sealed record Table
{
    public required string Schema { get; init; }
    public required string Name { get; init; }
    public string? Comment { get; init; }
    public IReadOnlyList<Column> Columns { get; init; } = [];
    public KeyConstraint? PrimaryKey { get; init; }
    public IReadOnlyList<ForeignKey> ForeignKeys { get; init; } = [];
    public IReadOnlyList<KeyConstraint> UniqueConstraints { get; init; } = [];
    public IReadOnlyList<CheckConstraint> CheckConstraints { get; init; } = [];
    public IReadOnlyList<TableIndex> Indexes { get; init; } = [];
    /// <summary>The catalog's row-count estimate (never a COUNT(*)); null where the engine keeps none.</summary>
    public long? RowEstimate { get; init; }

    [JsonIgnore]
    public string QualifiedName => $"{Schema}.{Name}";

    public Column? FindColumn(string name) => Columns.FirstOrDefault(c => c.Name == name);
}

public sealed record Column
{
    public required string Name { get; init; }
    /// <summary>1-based position in the table.</summary>
    public int Ordinal { get; init; }
    /// <summary>The type as the engine spells it in DDL, with length/precision, e.g. "character varying(40)", "decimal(10,2)".</summary>
    public required string DataType { get; init; }
    /// <summary>The base type name without modifiers, lower case, e.g. "varchar", "numeric", "int4".</summary>
    public string? BaseType { get; init; }
    public int? MaxLength { get; init; }
    public int? Precision { get; init; }
    public int? Scale { get; init; }
    public bool IsNullable { get; init; }
    public string? Default { get; init; }
    public IdentityKind Identity { get; init; }
    /// <summary>Expression of a generated (computed) column.</summary>
    public string? GenerationExpression { get; init; }
    public bool IsGeneratedStored { get; init; }
    public string? Collation { get; init; }
    public string? Comment { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<IdentityKind>))]
public enum IdentityKind
{
    [JsonStringEnumMemberName("none")] None,
    /// <summary>GENERATED ALWAYS AS IDENTITY.</summary>
    [JsonStringEnumMemberName("always")] Always,
    /// <summary>GENERATED BY DEFAULT AS IDENTITY, SQL Server IDENTITY.</summary>
    [JsonStringEnumMemberName("byDefault")] ByDefault,
    /// <summary>MySQL AUTO_INCREMENT, SQLite INTEGER PRIMARY KEY AUTOINCREMENT.</summary>
    [JsonStringEnumMemberName("autoIncrement")] AutoIncrement,
}

/// <summary>A primary key or unique constraint.</summary>
public sealed record KeyConstraint
{
    public string? Name { get; init; }
    public required IReadOnlyList<string> Columns { get; init; }
}

public sealed record ForeignKey
{
    public string? Name { get; init; }
    public required IReadOnlyList<string> Columns { get; init; }
    public required string ReferencedSchema { get; init; }
    public required string ReferencedTable { get; init; }
    public required IReadOnlyList<string> ReferencedColumns { get; init; }
    public ReferentialAction OnDelete { get; init; }
    public ReferentialAction OnUpdate { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<ReferentialAction>))]
public enum ReferentialAction
{
    [JsonStringEnumMemberName("noAction")] NoAction,
    [JsonStringEnumMemberName("restrict")] Restrict,
    [JsonStringEnumMemberName("cascade")] Cascade,
    [JsonStringEnumMemberName("setNull")] SetNull,
    [JsonStringEnumMemberName("setDefault")] SetDefault,
}

public sealed record CheckConstraint
{
    public string? Name { get; init; }
    /// <summary>The expression as the engine reports it (normalised by the engine, not by the appliance).</summary>
    public required string Expression { get; init; }
}

public sealed record TableIndex
{
    public required string Name { get; init; }
    public required IReadOnlyList<IndexColumn> Columns { get; init; }
    /// <summary>Non-key columns carried in the index (SQL Server / PostgreSQL INCLUDE).</summary>
    public IReadOnlyList<string> IncludedColumns { get; init; } = [];
    public bool IsUnique { get; init; }
    /// <summary>The index that backs the primary key.</summary>
    public bool IsPrimaryKey { get; init; }
    /// <summary>Partial-index predicate (PostgreSQL WHERE, SQL Server filter, SQLite WHERE).</summary>
    public string? Filter { get; init; }
    /// <summary>Access method, lower case: btree, hash, gin, gist, brin, fulltext, spatial, clustered, nonclustered…</summary>
    public string? Method { get; init; }
}

public sealed record IndexColumn
{
    /// <summary>Column name, or the expression text when <see cref="IsExpression"/>.</summary>
    public required string Name { get; init; }
    public bool Descending { get; init; }
    public bool IsExpression { get; init; }
}

public sealed record View
{
    public required string Schema { get; init; }
    public required string Name { get; init; }
    public string? Definition { get; init; }
    public string? Comment { get; init; }
    public bool IsMaterialized { get; init; }
    public IReadOnlyList<Column> Columns { get; init; } = [];

    [JsonIgnore]
    public string QualifiedName => $"{Schema}.{Name}";
}

public sealed record EnumType
{
    public required string Schema { get; init; }
    public required string Name { get; init; }
    public required IReadOnlyList<string> Values { get; init; }
    public string? Comment { get; init; }
}

public sealed record DomainType
{
    public required string Schema { get; init; }
    public required string Name { get; init; }
    public required string BaseType { get; init; }
    public bool IsNullable { get; init; } = true;
    public string? Default { get; init; }
    public IReadOnlyList<CheckConstraint> CheckConstraints { get; init; } = [];
    public string? Comment { get; init; }
}

public sealed record Sequence
{
    public required string Schema { get; init; }
    public required string Name { get; init; }
    public string? DataType { get; init; }
    public long? StartValue { get; init; }
    public long? Increment { get; init; }
    public long? MinValue { get; init; }
    public long? MaxValue { get; init; }
    public bool Cycles { get; init; }
    /// <summary>"schema.table.column" of a column that owns the sequence (PostgreSQL serial / identity).</summary>
    public string? OwnedBy { get; init; }
}
