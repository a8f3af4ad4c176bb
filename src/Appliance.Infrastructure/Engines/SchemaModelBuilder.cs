using Appliance.Core.Connections;
using Appliance.Core.Schema;

namespace Appliance.Infrastructure.Engines;

/// <summary>
/// Collects catalog rows (in whatever order the queries return them) and builds the canonical model sorted
/// deterministically — ordinal string order everywhere — so two ingestions of the same database give identical JSON.
/// Rows that name a table or view the builder does not know (dropped while reading, or filtered out) are ignored.
/// </summary>
internal sealed class SchemaModelBuilder(DatabaseEngine engine)
{
    private static readonly StringComparer Order = StringComparer.Ordinal;

    private readonly Dictionary<(string Schema, string Name), RelationBuilder> _relations = [];
    private readonly Dictionary<string, SchemaNamespace> _schemas = new(StringComparer.Ordinal);
    private readonly List<EnumType> _enums = [];
    private readonly List<DomainType> _domains = [];
    private readonly List<Sequence> _sequences = [];

    public string? ServerVersion { get; set; }
    public string? DatabaseName { get; set; }

    public void AddSchema(string name, string? comment = null) => _schemas[name] = new SchemaNamespace { Name = name, Comment = Blank(comment) };

    public RelationBuilder AddTable(string schema, string name, string? comment = null, long? rowEstimate = null) =>
        _relations[(schema, name)] = new RelationBuilder(schema, name, isView: false)
        {
            Comment = Blank(comment),
            RowEstimate = rowEstimate,
        };

    public RelationBuilder AddView(string schema, string name, string? definition, string? comment = null, bool materialized = false) =>
        _relations[(schema, name)] = new RelationBuilder(schema, name, isView: true)
        {
            Comment = Blank(comment),
            Definition = definition,
            IsMaterialized = materialized,
        };

    /// <summary>The table or view, or null when it was not read (the row then belongs to something filtered out).</summary>
    public RelationBuilder? Find(string schema, string name) => _relations.GetValueOrDefault((schema, name));

    /// <summary>The table (not a view), or null.</summary>
    public RelationBuilder? FindTable(string schema, string name) => Find(schema, name) is { IsView: false } table ? table : null;

    public IEnumerable<RelationBuilder> Relations => _relations.Values;

    public void AddEnum(EnumType value) => _enums.Add(value);
    public void AddDomain(DomainType value) => _domains.Add(value);
    public void AddSequence(Sequence value) => _sequences.Add(value);

    public DatabaseSchema Build()
    {
        var relations = _relations.Values.OrderBy(r => r.Schema, Order).ThenBy(r => r.Name, Order).ToList();
        return new DatabaseSchema
        {
            Engine = engine,
            ServerVersion = ServerVersion,
            DatabaseName = DatabaseName,
            IngestedAt = DateTimeOffset.UtcNow,
            Schemas = [.. _schemas.Values.OrderBy(s => s.Name, Order)],
            Tables = [.. relations.Where(r => !r.IsView).Select(r => r.BuildTable())],
            Views = [.. relations.Where(r => r.IsView).Select(r => r.BuildView())],
            Enums = [.. _enums.OrderBy(e => e.Schema, Order).ThenBy(e => e.Name, Order)],
            Domains = [.. _domains.OrderBy(d => d.Schema, Order).ThenBy(d => d.Name, Order)],
            Sequences = [.. _sequences.OrderBy(s => s.Schema, Order).ThenBy(s => s.Name, Order)],
        };
    }

    /// <summary>Null for null, empty or white-space text (engines report "no comment" as either).</summary>
    public static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}

/// <summary>A table or view being assembled from catalog rows.</summary>
internal sealed class RelationBuilder(string schema, string name, bool isView)
{
    private static readonly StringComparer Order = StringComparer.Ordinal;

    public string Schema { get; } = schema;
    public string Name { get; } = name;
    public bool IsView { get; } = isView;
    public string? Comment { get; set; }
    public long? RowEstimate { get; set; }
    public string? Definition { get; set; }
    public bool IsMaterialized { get; set; }

    public List<Column> Columns { get; } = [];
    public KeyConstraint? PrimaryKey { get; set; }
    public List<ForeignKey> ForeignKeys { get; } = [];
    public List<KeyConstraint> UniqueConstraints { get; } = [];
    public List<CheckConstraint> CheckConstraints { get; } = [];
    public List<TableIndex> Indexes { get; } = [];

    public Column? FindColumn(string column) => Columns.Find(c => c.Name == column);

    public Table BuildTable() => new()
    {
        Schema = Schema,
        Name = Name,
        Comment = Comment,
        Columns = SortedColumns(),
        PrimaryKey = PrimaryKey,
        ForeignKeys = [.. ForeignKeys.OrderBy(f => f.Name ?? "", Order).ThenBy(f => string.Join('\u0001', f.Columns), Order)],
        UniqueConstraints = [.. UniqueConstraints.OrderBy(u => u.Name ?? "", Order).ThenBy(u => string.Join('\u0001', u.Columns), Order)],
        CheckConstraints = [.. CheckConstraints.OrderBy(c => c.Name ?? "", Order).ThenBy(c => c.Expression, Order)],
        Indexes = [.. Indexes.OrderBy(i => i.Name, Order)],
        RowEstimate = RowEstimate,
    };

    public View BuildView() => new()
    {
        Schema = Schema,
        Name = Name,
        Definition = Definition,
        Comment = Comment,
        IsMaterialized = IsMaterialized,
        Columns = SortedColumns(),
    };

    private List<Column> SortedColumns() => [.. Columns.OrderBy(c => c.Ordinal).ThenBy(c => c.Name, Order)];
}

internal static class ReferentialActions
{
    /// <summary>Parses "CASCADE", "SET NULL", "SET_NULL", "SET DEFAULT", "RESTRICT", "NO ACTION" in any case; anything else is NO ACTION.</summary>
    public static ReferentialAction Parse(string? text) =>
        text?.Trim().Replace('_', ' ').ToUpperInvariant() switch
        {
            "CASCADE" => ReferentialAction.Cascade,
            "SET NULL" => ReferentialAction.SetNull,
            "SET DEFAULT" => ReferentialAction.SetDefault,
            "RESTRICT" => ReferentialAction.Restrict,
            _ => ReferentialAction.NoAction,
        };
}
