using Appliance.Core.Connections;
using Appliance.Core.Schema.Diff;

namespace Appliance.Core.Schema.Migration;

/// <summary>
/// Turns a <see cref="SchemaDifference"/> into ordered DDL. Work is first collected per kind (what to drop, rename, alter,
/// create), including the collateral work a change forces — a foreign key dropped because the key it references is
/// rebuilt, a view dropped because a column it reads changes type — then written out phase by phase.
/// </summary>
internal sealed partial class MigrationBuilder
{
    /// <summary>The order of the script. Drops before renames before creates; foreign keys and views last.</summary>
    private enum Phase
    {
        CreateSchemas,
        Types,
        DropViews,
        DropForeignKeys,
        DropIndexes,
        DropConstraints,
        DropTables,
        RenameTables,
        DropColumns,
        RenameColumns,
        AlterColumns,
        AddColumns,
        CreateTables,
        RenameConstraints,
        AddConstraints,
        CreateIndexes,
        AddForeignKeys,
        CreateViews,
        Comments,
        SequenceOwnership,
        DropTypes,
        DropSchemas,
    }

    private readonly DatabaseSchema _old;
    private readonly DatabaseSchema _new;
    private readonly SchemaDifference _difference;
    private readonly MigrationDdl _ddl;
    private readonly StringComparer _names;
    private readonly Dictionary<string, Table> _oldTables;
    private readonly Dictionary<string, Table> _newTables;
    private readonly Dictionary<string, View> _oldViews;
    private readonly Dictionary<string, View> _newViews;
    private readonly List<MigrationStep>[] _steps = [.. Enum.GetValues<Phase>().Select(_ => new List<MigrationStep>())];

    private readonly Dictionary<Table, Table> _newTableOf = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Table, Table> _oldTableOf = new(ReferenceEqualityComparer.Instance);
    /// <summary>Old table → old column name → new column name.</summary>
    private readonly Dictionary<Table, Dictionary<string, string>> _columnRenames = new(ReferenceEqualityComparer.Instance);
    /// <summary>Old table → old names of columns whose type changes.</summary>
    private readonly Dictionary<Table, HashSet<string>> _retypedColumns = new(ReferenceEqualityComparer.Instance);
    /// <summary>Old tables whose columns are dropped, renamed or retyped: views reading them are rebuilt.</summary>
    private readonly HashSet<Table> _reshapedTables = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<View, View> _newViewOf = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<View> _changedViews = new(ReferenceEqualityComparer.Instance);

    // Work on keys, checks and indexes: old objects to drop (with their old table), new ones to add (with their new table).
    private readonly WorkList<ForeignKey> _dropForeignKeys = new();
    private readonly WorkList<ForeignKey> _addForeignKeys = new();
    private readonly WorkList<KeyConstraint> _dropPrimaryKeys = new();
    private readonly WorkList<KeyConstraint> _addPrimaryKeys = new();
    private readonly WorkList<KeyConstraint> _dropUniques = new();
    private readonly WorkList<KeyConstraint> _addUniques = new();
    private readonly WorkList<CheckConstraint> _dropChecks = new();
    private readonly WorkList<CheckConstraint> _addChecks = new();
    private readonly WorkList<TableIndex> _dropIndexes = new();
    private readonly WorkList<TableIndex> _createIndexes = new();

    public MigrationBuilder(DatabaseSchema old, DatabaseSchema @new, SchemaDifference difference, MigrationDdl ddl)
    {
        _old = old;
        _new = @new;
        _difference = difference;
        _ddl = ddl;
        // The same rule as the diff: PostgreSQL names are case-sensitive, the other engines' are not.
        _names = old.Engine == DatabaseEngine.Postgres || @new.Engine == DatabaseEngine.Postgres ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
        _oldTables = Index(old.Tables, t => t.Schema, t => t.Name);
        _newTables = Index(@new.Tables, t => t.Schema, t => t.Name);
        _oldViews = Index(old.Views, v => v.Schema, v => v.Name);
        _newViews = Index(@new.Views, v => v.Schema, v => v.Name);
    }

    public List<MigrationStep> Build()
    {
        PairTables();
        PlanNamespaces();
        PlanTypes();
        PlanTables();
        foreach (var change in _difference.Changes.Where(c => c.Parent is not null))
        {
            PlanTablePart(change);
        }

        PlanRebuiltConstraints();
        PlanRebuiltForeignKeys();
        PlanViews();
        WriteKeysAndIndexes();
        return [.. _steps.SelectMany(s => s)];
    }

    private void Add(Phase phase, string sql, string description, bool destructive = false, string? warning = null) =>
        _steps[(int)phase].Add(new MigrationStep(sql, description, destructive, warning));

    /// <summary>A change the dialect cannot express: a comment in the script and a warning saying what to do by hand.</summary>
    private void Unsupported(Phase phase, string description, string reason, bool destructive = false) =>
        _steps[(int)phase].Add(new MigrationStep($"-- not migrated: {OneLine(description)}", description, destructive, reason));

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static bool IsRenameWithoutChanges(SchemaChange change) => change.Change == SchemaChangeKind.Renamed && change.Properties.Count == 0;

    private bool HasProperty(SchemaChange change, string property) => change.Properties.Any(p => p.Property == property);

    private static string Key(string schema, string name) => schema + "\u001F" + name;

    private Dictionary<string, T> Index<T>(IEnumerable<T> items, Func<T, string> schema, Func<T, string> name)
    {
        var index = new Dictionary<string, T>(_names);
        foreach (var item in items)
        {
            index.TryAdd(Key(schema(item), name(item)), item);
        }

        return index;
    }

    private Table? FindTable(DatabaseSchema schema, string schemaName, string name) =>
        (ReferenceEquals(schema, _old) ? _oldTables : _newTables).GetValueOrDefault(Key(schemaName, name));

    private View? FindView(DatabaseSchema schema, string schemaName, string name) =>
        (ReferenceEquals(schema, _old) ? _oldViews : _newViews).GetValueOrDefault(Key(schemaName, name));

    private Column? FindColumn(Table table, string name) => table.Columns.FirstOrDefault(c => _names.Equals(c.Name, name));

    private bool Same(string? left, string? right) => left is not null && right is not null && _names.Equals(left, right);

    /// <summary>Pairs old and new tables and views as the diff did: by the renames it reported, then by name.</summary>
    private void PairTables()
    {
        foreach (var change in _difference.Changes.Where(c => c.Parent is null && c.Change == SchemaChangeKind.Renamed && c.OldName is not null))
        {
            var oldSchema = change.OldSchema ?? change.Schema;
            if (change.Object == SchemaObjectKind.Table
                && FindTable(_old, oldSchema, change.OldName!) is { } oldTable && FindTable(_new, change.Schema, change.Name) is { } newTable)
            {
                _newTableOf[oldTable] = newTable;
                _oldTableOf[newTable] = oldTable;
            }
            else if (change.Object == SchemaObjectKind.View
                && FindView(_old, oldSchema, change.OldName!) is { } oldView && FindView(_new, change.Schema, change.Name) is { } newView)
            {
                _newViewOf[oldView] = newView;
                _changedViews.Add(oldView);
            }
        }

        foreach (var oldTable in _old.Tables.Where(t => !_newTableOf.ContainsKey(t)))
        {
            if (FindTable(_new, oldTable.Schema, oldTable.Name) is { } newTable && !_oldTableOf.ContainsKey(newTable))
            {
                _newTableOf[oldTable] = newTable;
                _oldTableOf[newTable] = oldTable;
            }
        }

        foreach (var oldView in _old.Views.Where(v => !_newViewOf.ContainsKey(v)))
        {
            if (FindView(_new, oldView.Schema, oldView.Name) is { } newView && !_newViewOf.ContainsValue(newView))
            {
                _newViewOf[oldView] = newView;
            }
        }

        foreach (var change in _difference.Changes.Where(c => c.Parent is not null && c.Change == SchemaChangeKind.Renamed && c.Object == SchemaObjectKind.Column))
        {
            if (FindTable(_new, change.Schema, change.Parent!) is { } newTable && _oldTableOf.TryGetValue(newTable, out var oldTable) && change.OldName is not null)
            {
                if (!_columnRenames.TryGetValue(oldTable, out var renames))
                {
                    _columnRenames[oldTable] = renames = new Dictionary<string, string>(_names);
                }

                renames[change.OldName] = change.Name;
            }
        }
    }

    private string NewColumnName(Table oldTable, string column) =>
        _columnRenames.TryGetValue(oldTable, out var renames) && renames.TryGetValue(column, out var renamed) ? renamed : column;

    private void WriteKeysAndIndexes()
    {
        foreach (var (table, key, reason) in _dropForeignKeys.Items)
        {
            Write(Phase.DropForeignKeys, _ddl.DropForeignKey(table, key), $"drop foreign key {key.Name ?? DescribeForeignKey(table, key)} on {table.QualifiedName}", reason);
        }

        foreach (var (table, index, reason) in _dropIndexes.Items)
        {
            Write(Phase.DropIndexes, _ddl.DropIndex(table, index), $"drop index {index.Name} on {table.QualifiedName}", reason);
        }

        foreach (var (table, check, reason) in _dropChecks.Items)
        {
            Write(Phase.DropConstraints, _ddl.DropConstraint(table, check.Name), $"drop check {check.Name ?? check.Expression} on {table.QualifiedName}", reason);
        }

        foreach (var (table, key, reason) in _dropUniques.Items)
        {
            Write(Phase.DropConstraints, _ddl.DropUnique(table, key), $"drop unique constraint {key.Name ?? Describe(table, key.Columns)} on {table.QualifiedName}", reason);
        }

        // Primary keys last: a unique key or check may be what kept a column's values apart meanwhile, no matter.
        foreach (var (table, key, reason) in _dropPrimaryKeys.Items)
        {
            Write(Phase.DropConstraints, _ddl.DropPrimaryKey(table, key), $"drop primary key {key.Name ?? Describe(table, key.Columns)} on {table.QualifiedName}", reason);
        }

        foreach (var (table, key, _) in _addPrimaryKeys.Items)
        {
            Add(Phase.AddConstraints, _ddl.AddPrimaryKey(table, key), $"add primary key ({string.Join(", ", key.Columns)}) on {table.QualifiedName}");
        }

        foreach (var (table, key, _) in _addUniques.Items)
        {
            Add(Phase.AddConstraints, _ddl.AddUnique(table, key), $"add unique constraint {key.Name ?? Describe(table, key.Columns)} on {table.QualifiedName}");
        }

        foreach (var (table, check, _) in _addChecks.Items)
        {
            Add(Phase.AddConstraints, _ddl.AddCheck(table, check), $"add check {check.Name ?? check.Expression} on {table.QualifiedName}");
        }

        foreach (var (table, index, _) in _createIndexes.Items)
        {
            var (sql, unsupported) = _ddl.CreateIndex(table, index);
            if (sql is null)
            {
                Unsupported(Phase.CreateIndexes, $"create index {index.Name} on {table.QualifiedName}", $"index {index.Name} on {table.QualifiedName} is not created: {unsupported}");
            }
            else
            {
                Add(Phase.CreateIndexes, sql, $"create {(index.IsUnique ? "unique " : "")}index {index.Name} on {table.QualifiedName}");
            }
        }

        foreach (var (table, key, _) in _addForeignKeys.Items)
        {
            Add(Phase.AddForeignKeys, _ddl.AddForeignKey(table, key),
                $"add foreign key {key.Name ?? DescribeForeignKey(table, key)} on {table.QualifiedName} → {key.ReferencedSchema}.{key.ReferencedTable}");
        }
    }

    private void Write(Phase phase, string? sql, string description, string? reason)
    {
        var full = reason is null ? description : $"{description} ({reason})";
        if (sql is null)
        {
            Unsupported(phase, full, $"{description}: it has no name to drop it by; drop it by hand");
        }
        else
        {
            Add(phase, sql, full);
        }
    }

    /// <summary>Objects to drop or add, each once, in the order first planned, with the table they belong to.</summary>
    private sealed class WorkList<T>
        where T : class
    {
        private readonly HashSet<T> _seen = new(ReferenceEqualityComparer.Instance);
        private readonly List<(Table Table, T Item, string? Reason)> _items = [];

        public IReadOnlyList<(Table Table, T Item, string? Reason)> Items => _items;

        public bool Contains(T item) => _seen.Contains(item);

        /// <summary>Adds the item unless it is there already; true when added.</summary>
        public bool Add(Table table, T item, string? reason = null)
        {
            if (!_seen.Add(item))
            {
                return false;
            }

            _items.Add((table, item, reason));
            return true;
        }
    }
}
