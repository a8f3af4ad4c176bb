using System.Globalization;
using Appliance.Core.Connections;

namespace Appliance.Core.Schema.Diff;

/// <summary>Compares two versions of a database schema.</summary>
public static class SchemaDiff
{
    /// <summary>
    /// Every change from <paramref name="old"/> to <paramref name="new"/>; empty when they declare the same objects
    /// (ingestion time, server version and row estimates are ignored). Likely renames of tables, views and columns
    /// are reported as renames with a confidence rather than as drop + add.
    /// </summary>
    public static SchemaDifference Compare(DatabaseSchema old, DatabaseSchema @new)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        var changes = new SchemaDiffer(old, @new).Run();
        changes.Sort(ChangeOrder.Instance);
        return new SchemaDifference { Changes = changes };
    }

    /// <summary>Stable order: by schema, then by the owning object, the object itself before its parts.</summary>
    private sealed class ChangeOrder : IComparer<SchemaChange>
    {
        public static readonly ChangeOrder Instance = new();

        public int Compare(SchemaChange? x, SchemaChange? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? -1 : 1;
            }

            var order = string.CompareOrdinal(x.Schema, y.Schema);
            if (order != 0) return order;
            order = string.CompareOrdinal(x.Parent ?? x.Name, y.Parent ?? y.Name);
            if (order != 0) return order;
            order = (x.Parent is null ? 0 : 1).CompareTo(y.Parent is null ? 0 : 1);
            if (order != 0) return order;
            order = x.Object.CompareTo(y.Object);
            if (order != 0) return order;
            order = string.CompareOrdinal(x.Name, y.Name);
            if (order != 0) return order;
            return x.Change.CompareTo(y.Change);
        }
    }
}

/// <summary>One comparison; holds the rename maps that constraint comparison translates old names through.</summary>
internal sealed class SchemaDiffer
{
    /// <summary>Above this many candidate pairs, rename detection keeps to exact column signatures (keeps huge diffs fast).</summary>
    private const int MaxPairwiseCandidates = 250_000;
    private const double TableRenameThreshold = 0.55;
    private const double ColumnRenameThreshold = 0.5;

    private readonly DatabaseSchema _old;
    private readonly DatabaseSchema _new;
    private readonly StringComparer _names;
    private readonly List<SchemaChange> _changes = [];
    /// <summary>Old "schema\u001Ftable" → the new table's (schema, name), for tables matched by name or rename.</summary>
    private readonly Dictionary<string, (string Schema, string Name)> _tableMap;
    /// <summary>Old "schema\u001Ftable" → old column name → new column name, for renamed columns.</summary>
    private readonly Dictionary<string, Dictionary<string, string>> _columnRenames;

    public SchemaDiffer(DatabaseSchema old, DatabaseSchema @new)
    {
        _old = old;
        _new = @new;
        // PostgreSQL names are case-sensitive (quoted identifiers); the other engines fold or compare case-insensitively.
        _names = old.Engine == DatabaseEngine.Postgres || @new.Engine == DatabaseEngine.Postgres
            ? StringComparer.Ordinal
            : StringComparer.OrdinalIgnoreCase;
        _tableMap = new(_names);
        _columnRenames = new(_names);
    }

    private static string Key(string schema, string name) => schema + "\u001F" + name;

    public List<SchemaChange> Run()
    {
        DiffNamespaces();
        DiffTopLevel(_old.Enums, _new.Enums, e => e.Schema, e => e.Name, SchemaObjectKind.Enum, CompareEnums);
        DiffTopLevel(_old.Domains, _new.Domains, d => d.Schema, d => d.Name, SchemaObjectKind.Domain, CompareDomains);
        DiffTopLevel(_old.Sequences, _new.Sequences, s => s.Schema, s => s.Name, SchemaObjectKind.Sequence, CompareSequences);

        var tablePairs = MatchRelations(_old.Tables, _new.Tables, t => t.Schema, t => t.Name, t => t.Columns, _ => "", SchemaObjectKind.Table);
        var viewPairs = MatchRelations(_old.Views, _new.Views, v => v.Schema, v => v.Name, v => v.Columns,
            v => SchemaSpelling.Expression(v.Definition), SchemaObjectKind.View);

        // Column renames first: foreign keys of other tables translate through them.
        var tableColumnPairs = new List<(Table Old, Table New, List<(Column Old, Column New, double? Confidence)> Columns)>();
        foreach (var (oldTable, newTable) in tablePairs)
        {
            var columns = MatchColumns(oldTable.Columns, newTable.Columns, out var renames);
            if (renames.Count > 0)
            {
                _columnRenames[Key(oldTable.Schema, oldTable.Name)] = renames;
            }

            tableColumnPairs.Add((oldTable, newTable, columns));
        }

        foreach (var (oldTable, newTable, columns) in tableColumnPairs)
        {
            DiffTable(oldTable, newTable, columns);
        }

        foreach (var (oldView, newView) in viewPairs)
        {
            DiffView(oldView, newView);
        }

        return _changes;
    }

    private void DiffNamespaces()
    {
        var oldByName = ToDictionary(_old.Schemas, s => s.Name);
        var newByName = ToDictionary(_new.Schemas, s => s.Name);
        foreach (var schema in _old.Schemas)
        {
            if (!newByName.TryGetValue(schema.Name, out var newSchema))
            {
                Add(SchemaObjectKind.Schema, SchemaChangeKind.Dropped, schema.Name, null, schema.Name);
            }
            else
            {
                var properties = new List<PropertyChange>();
                Text(properties, "comment", schema.Comment, newSchema.Comment);
                AddChanged(SchemaObjectKind.Schema, newSchema.Name, null, newSchema.Name, properties);
            }
        }

        foreach (var schema in _new.Schemas.Where(s => !oldByName.ContainsKey(s.Name)))
        {
            Add(SchemaObjectKind.Schema, SchemaChangeKind.Added, schema.Name, null, schema.Name);
        }
    }

    private void DiffTopLevel<T>(IReadOnlyList<T> olds, IReadOnlyList<T> news, Func<T, string> schema, Func<T, string> name,
        SchemaObjectKind kind, Action<T, T, List<PropertyChange>> compare)
    {
        var oldByKey = ToDictionary(olds, o => Key(schema(o), name(o)));
        var newByKey = ToDictionary(news, o => Key(schema(o), name(o)));
        foreach (var oldItem in olds)
        {
            if (newByKey.TryGetValue(Key(schema(oldItem), name(oldItem)), out var newItem))
            {
                var properties = new List<PropertyChange>();
                compare(oldItem, newItem, properties);
                AddChanged(kind, schema(newItem), null, name(newItem), properties);
            }
            else
            {
                Add(kind, SchemaChangeKind.Dropped, schema(oldItem), null, name(oldItem));
            }
        }

        foreach (var newItem in news.Where(n => !oldByKey.ContainsKey(Key(schema(n), name(n)))))
        {
            Add(kind, SchemaChangeKind.Added, schema(newItem), null, name(newItem));
        }
    }

    private static void CompareEnums(EnumType old, EnumType @new, List<PropertyChange> properties)
    {
        var added = @new.Values.Except(old.Values, StringComparer.Ordinal).ToList();
        var removed = old.Values.Except(@new.Values, StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            properties.Add(new PropertyChange("values added", null, string.Join(", ", added)));
        }

        if (removed.Count > 0)
        {
            properties.Add(new PropertyChange("values removed", string.Join(", ", removed), null));
        }

        var keptOld = old.Values.Where(v => !removed.Contains(v, StringComparer.Ordinal));
        var keptNew = @new.Values.Where(v => !added.Contains(v, StringComparer.Ordinal));
        if (!keptOld.SequenceEqual(keptNew, StringComparer.Ordinal))
        {
            properties.Add(new PropertyChange("value order", string.Join(", ", old.Values), string.Join(", ", @new.Values)));
        }

        Text(properties, "comment", old.Comment, @new.Comment);
    }

    private static void CompareDomains(DomainType old, DomainType @new, List<PropertyChange> properties)
    {
        if (SchemaSpelling.Type(old.BaseType) != SchemaSpelling.Type(@new.BaseType))
        {
            properties.Add(new PropertyChange("type", old.BaseType, @new.BaseType));
        }

        Flag(properties, "nullable", old.IsNullable, @new.IsNullable);
        Expression(properties, "default", old.Default, @new.Default);
        var oldChecks = string.Join("; ", old.CheckConstraints.Select(c => SchemaSpelling.Expression(c.Expression)).Order(StringComparer.Ordinal));
        var newChecks = string.Join("; ", @new.CheckConstraints.Select(c => SchemaSpelling.Expression(c.Expression)).Order(StringComparer.Ordinal));
        Text(properties, "checks", oldChecks, newChecks);
        Text(properties, "comment", old.Comment, @new.Comment);
    }

    private static void CompareSequences(Sequence old, Sequence @new, List<PropertyChange> properties)
    {
        if (SchemaSpelling.Type(old.DataType ?? "") != SchemaSpelling.Type(@new.DataType ?? ""))
        {
            properties.Add(new PropertyChange("type", old.DataType, @new.DataType));
        }

        Number(properties, "start", old.StartValue, @new.StartValue);
        Number(properties, "increment", old.Increment, @new.Increment);
        Number(properties, "min", old.MinValue, @new.MinValue);
        Number(properties, "max", old.MaxValue, @new.MaxValue);
        Flag(properties, "cycles", old.Cycles, @new.Cycles);
        Text(properties, "owned by", old.OwnedBy, @new.OwnedBy);
    }

    /// <summary>
    /// Pairs tables (or views) by qualified name, then pairs the leftovers that look like renames; reports the rest as
    /// dropped / added and returns the pairs to compare in detail.
    /// </summary>
    private List<(T Old, T New)> MatchRelations<T>(IReadOnlyList<T> olds, IReadOnlyList<T> news, Func<T, string> schema,
        Func<T, string> name, Func<T, IReadOnlyList<Column>> columns, Func<T, string> body, SchemaObjectKind kind)
        where T : class
    {
        var newByKey = ToDictionary(news, n => Key(schema(n), name(n)));
        var pairs = new List<(T Old, T New)>();
        var unmatchedOld = new List<T>();
        var matchedNew = new HashSet<T>(ReferenceEqualityComparer.Instance);
        foreach (var oldItem in olds)
        {
            if (newByKey.TryGetValue(Key(schema(oldItem), name(oldItem)), out var newItem) && matchedNew.Add(newItem))
            {
                pairs.Add((oldItem, newItem));
            }
            else
            {
                unmatchedOld.Add(oldItem);
            }
        }

        var unmatchedNew = news.Where(n => !matchedNew.Contains(n)).ToList();
        var renames = RenameDetector.Pair(unmatchedOld, unmatchedNew, schema, name, columns, body, MaxPairwiseCandidates, TableRenameThreshold);
        var renamedOld = new HashSet<T>(ReferenceEqualityComparer.Instance);
        var renamedNew = new HashSet<T>(ReferenceEqualityComparer.Instance);
        foreach (var (oldItem, newItem, confidence) in renames)
        {
            renamedOld.Add(oldItem);
            renamedNew.Add(newItem);
            pairs.Add((oldItem, newItem));
            _changes.Add(new SchemaChange
            {
                Object = kind, Change = SchemaChangeKind.Renamed, Schema = schema(newItem), Name = name(newItem),
                OldSchema = schema(oldItem), OldName = name(oldItem), Confidence = Math.Round(confidence, 2),
            });
        }

        foreach (var oldItem in unmatchedOld.Where(o => !renamedOld.Contains(o)))
        {
            Add(kind, SchemaChangeKind.Dropped, schema(oldItem), null, name(oldItem));
        }

        foreach (var newItem in unmatchedNew.Where(n => !renamedNew.Contains(n)))
        {
            Add(kind, SchemaChangeKind.Added, schema(newItem), null, name(newItem));
        }

        if (kind == SchemaObjectKind.Table)
        {
            foreach (var (oldItem, newItem) in pairs)
            {
                _tableMap[Key(schema(oldItem), name(oldItem))] = (schema(newItem), name(newItem));
            }
        }

        return pairs;
    }

    /// <summary>
    /// Pairs columns by name; of the rest, a dropped and an added column of the same type at the same position or with
    /// a similar name are taken as a rename (confidence in the pair).
    /// </summary>
    private List<(Column Old, Column New, double? Confidence)> MatchColumns(IReadOnlyList<Column> olds, IReadOnlyList<Column> news,
        out Dictionary<string, string> renames)
    {
        renames = new Dictionary<string, string>(_names);
        var newByName = ToDictionary(news, c => c.Name);
        var pairs = new List<(Column Old, Column New, double? Confidence)>();
        var matchedNew = new HashSet<Column>(ReferenceEqualityComparer.Instance);
        var unmatchedOld = new List<(Column Column, int Position)>();
        for (var i = 0; i < olds.Count; i++)
        {
            if (newByName.TryGetValue(olds[i].Name, out var newColumn) && matchedNew.Add(newColumn))
            {
                pairs.Add((olds[i], newColumn, null));
            }
            else
            {
                unmatchedOld.Add((olds[i], Position(olds[i], i)));
            }
        }

        if (unmatchedOld.Count == 0 || matchedNew.Count == news.Count)
        {
            return pairs;
        }

        var unmatchedNew = news.Select((c, i) => (Column: c, Position: Position(c, i))).Where(c => !matchedNew.Contains(c.Column)).ToList();
        var candidates = new List<(int Old, int New, double Score)>();
        for (var o = 0; o < unmatchedOld.Count; o++)
        {
            for (var n = 0; n < unmatchedNew.Count; n++)
            {
                var (oldColumn, oldPosition) = unmatchedOld[o];
                var (newColumn, newPosition) = unmatchedNew[n];
                if (SchemaSpelling.Type(oldColumn.DataType) != SchemaSpelling.Type(newColumn.DataType))
                {
                    continue;
                }

                var similarity = SchemaSpelling.NameSimilarity(oldColumn.Name, newColumn.Name);
                var score = oldPosition == newPosition ? 0.7 + (0.3 * similarity) : similarity >= 0.5 ? 0.4 + (0.5 * similarity) : 0;
                if (score >= ColumnRenameThreshold)
                {
                    candidates.Add((o, n, score));
                }
            }
        }

        var usedOld = new HashSet<int>();
        var usedNew = new HashSet<int>();
        foreach (var (o, n, score) in candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Old).ThenBy(c => c.New))
        {
            if (usedOld.Contains(o) || usedNew.Contains(n))
            {
                continue;
            }

            usedOld.Add(o);
            usedNew.Add(n);
            pairs.Add((unmatchedOld[o].Column, unmatchedNew[n].Column, Math.Round(score, 2)));
            renames[unmatchedOld[o].Column.Name] = unmatchedNew[n].Column.Name;
        }

        // Unpaired columns are reported by the caller as dropped / added (paired by reference, so look them up there).
        return pairs;
    }

    private static int Position(Column column, int index) => column.Ordinal > 0 ? column.Ordinal : index + 1;

    private void DiffTable(Table old, Table @new, List<(Column Old, Column New, double? Confidence)> columnPairs)
    {
        var properties = new List<PropertyChange>();
        Text(properties, "comment", old.Comment, @new.Comment);
        AddChanged(SchemaObjectKind.Table, @new.Schema, null, @new.Name, properties);

        DiffColumns(old.Columns, @new.Columns, columnPairs, @new.Schema, @new.Name);

        var oldKey = Key(old.Schema, old.Name);
        string MapColumn(string column) => MapColumnOf(oldKey, column);

        DiffConstraints<KeyConstraint>(SchemaObjectKind.PrimaryKey, @new.Schema, @new.Name,
            old.PrimaryKey is null ? [] : [old.PrimaryKey with { Columns = [.. old.PrimaryKey.Columns.Select(MapColumn)] }],
            @new.PrimaryKey is null ? [] : [@new.PrimaryKey],
            k => k.Name, _ => "primary key", k => $"({string.Join(", ", k.Columns)})",
            (o, n, p) => Text(p, "columns", string.Join(", ", o.Columns), string.Join(", ", n.Columns)));

        DiffConstraints<ForeignKey>(SchemaObjectKind.ForeignKey, @new.Schema, @new.Name,
            [.. old.ForeignKeys.Select(fk => TranslateForeignKey(fk, MapColumn))], @new.ForeignKeys,
            fk => fk.Name, ForeignKeyDefinition, ForeignKeyDefinition, CompareForeignKeys);

        DiffConstraints<KeyConstraint>(SchemaObjectKind.UniqueConstraint, @new.Schema, @new.Name,
            [.. old.UniqueConstraints.Select(k => k with { Columns = [.. k.Columns.Select(MapColumn)] })], @new.UniqueConstraints,
            k => k.Name, k => string.Join(", ", k.Columns), k => $"({string.Join(", ", k.Columns)})",
            (o, n, p) => Text(p, "columns", string.Join(", ", o.Columns), string.Join(", ", n.Columns)));

        DiffConstraints<CheckConstraint>(SchemaObjectKind.CheckConstraint, @new.Schema, @new.Name,
            old.CheckConstraints, @new.CheckConstraints,
            c => c.Name, c => SchemaSpelling.Expression(c.Expression), c => SchemaSpelling.Expression(c.Expression),
            (o, n, p) => Expression(p, "expression", o.Expression, n.Expression));

        DiffConstraints<TableIndex>(SchemaObjectKind.Index, @new.Schema, @new.Name,
            [.. old.Indexes.Select(ix => ix with
            {
                Columns = [.. ix.Columns.Select(c => c.IsExpression ? c : c with { Name = MapColumn(c.Name) })],
                IncludedColumns = [.. ix.IncludedColumns.Select(MapColumn)],
            })],
            @new.Indexes,
            ix => ix.Name, ix => (ix.IsUnique ? "unique " : "") + IndexColumns(ix), ix => $"({IndexColumns(ix)})", CompareIndexes);
    }

    private string MapColumnOf(string oldTableKey, string column) =>
        _columnRenames.TryGetValue(oldTableKey, out var renames) && renames.TryGetValue(column, out var renamed) ? renamed : column;

    /// <summary>The key as it reads in the new schema's names, so a renamed referenced table or column is not a change.</summary>
    private ForeignKey TranslateForeignKey(ForeignKey fk, Func<string, string> mapColumn)
    {
        var referencedKey = Key(fk.ReferencedSchema, fk.ReferencedTable);
        var (schema, table) = _tableMap.TryGetValue(referencedKey, out var target) ? target : (fk.ReferencedSchema, fk.ReferencedTable);
        return fk with
        {
            Columns = [.. fk.Columns.Select(mapColumn)],
            ReferencedSchema = schema,
            ReferencedTable = table,
            ReferencedColumns = [.. fk.ReferencedColumns.Select(c => MapColumnOf(referencedKey, c))],
        };
    }

    private string ForeignKeyDefinition(ForeignKey fk) =>
        $"({string.Join(", ", fk.Columns)}) → {fk.ReferencedSchema}.{fk.ReferencedTable}({string.Join(", ", fk.ReferencedColumns)})";

    private void CompareForeignKeys(ForeignKey old, ForeignKey @new, List<PropertyChange> properties)
    {
        Names(properties, "columns", old.Columns, @new.Columns);
        if (!_names.Equals(old.ReferencedSchema, @new.ReferencedSchema) || !_names.Equals(old.ReferencedTable, @new.ReferencedTable))
        {
            properties.Add(new PropertyChange("references", $"{old.ReferencedSchema}.{old.ReferencedTable}", $"{@new.ReferencedSchema}.{@new.ReferencedTable}"));
        }

        Names(properties, "referenced columns", old.ReferencedColumns, @new.ReferencedColumns);
        Value(properties, "on delete", old.OnDelete, @new.OnDelete);
        Value(properties, "on update", old.OnUpdate, @new.OnUpdate);
    }

    private static string IndexColumns(TableIndex index) =>
        string.Join(", ", index.Columns.Select(c => (c.IsExpression ? SchemaSpelling.Expression(c.Name) : c.Name) + (c.Descending ? " desc" : "")));

    private void CompareIndexes(TableIndex old, TableIndex @new, List<PropertyChange> properties)
    {
        var oldColumns = IndexColumns(old);
        var newColumns = IndexColumns(@new);
        if (!_names.Equals(oldColumns, newColumns))
        {
            properties.Add(new PropertyChange("columns", oldColumns, newColumns));
        }

        Names(properties, "included columns", old.IncludedColumns, @new.IncludedColumns);
        Flag(properties, "unique", old.IsUnique, @new.IsUnique);
        Expression(properties, "filter", old.Filter, @new.Filter);
        // A missing method is the engine's default access method, so only two reported methods can differ.
        if (old.Method is not null && @new.Method is not null && !string.Equals(old.Method, @new.Method, StringComparison.OrdinalIgnoreCase))
        {
            properties.Add(new PropertyChange("method", old.Method, @new.Method));
        }
    }

    private void DiffView(View old, View @new)
    {
        var properties = new List<PropertyChange>();
        Expression(properties, "definition", old.Definition, @new.Definition);
        Flag(properties, "materialized", old.IsMaterialized, @new.IsMaterialized);
        Text(properties, "comment", old.Comment, @new.Comment);
        AddChanged(SchemaObjectKind.View, @new.Schema, null, @new.Name, properties);
        DiffColumns(old.Columns, @new.Columns, MatchColumns(old.Columns, @new.Columns, out _), @new.Schema, @new.Name);
    }

    private void DiffColumns(IReadOnlyList<Column> olds, IReadOnlyList<Column> news,
        List<(Column Old, Column New, double? Confidence)> pairs, string schema, string parent)
    {
        var pairedOld = new HashSet<Column>(ReferenceEqualityComparer.Instance);
        var pairedNew = new HashSet<Column>(ReferenceEqualityComparer.Instance);
        foreach (var (oldColumn, newColumn, confidence) in pairs)
        {
            pairedOld.Add(oldColumn);
            pairedNew.Add(newColumn);
            var properties = CompareColumns(oldColumn, newColumn);
            if (confidence is not null)
            {
                _changes.Add(new SchemaChange
                {
                    Object = SchemaObjectKind.Column, Change = SchemaChangeKind.Renamed, Schema = schema, Parent = parent,
                    Name = newColumn.Name, OldName = oldColumn.Name, Confidence = confidence, Properties = properties,
                });
            }
            else
            {
                AddChanged(SchemaObjectKind.Column, schema, parent, newColumn.Name, properties);
            }
        }

        foreach (var column in olds.Where(c => !pairedOld.Contains(c)))
        {
            Add(SchemaObjectKind.Column, SchemaChangeKind.Dropped, schema, parent, column.Name,
                [new PropertyChange("type", column.DataType, null)]);
        }

        foreach (var column in news.Where(c => !pairedNew.Contains(c)))
        {
            Add(SchemaObjectKind.Column, SchemaChangeKind.Added, schema, parent, column.Name,
                [new PropertyChange("type", null, column.DataType)]);
        }
    }

    private static List<PropertyChange> CompareColumns(Column old, Column @new)
    {
        var properties = new List<PropertyChange>();
        if (SchemaSpelling.BaseTypeOf(old) != SchemaSpelling.BaseTypeOf(@new))
        {
            properties.Add(new PropertyChange("type", old.DataType, @new.DataType));
        }
        else
        {
            var before = properties.Count;
            Number(properties, "length", old.MaxLength, @new.MaxLength);
            Number(properties, "precision", old.Precision, @new.Precision);
            Number(properties, "scale", old.Scale, @new.Scale);
            if (properties.Count == before && SchemaSpelling.Type(old.DataType) != SchemaSpelling.Type(@new.DataType))
            {
                properties.Add(new PropertyChange("type", old.DataType, @new.DataType));
            }
        }

        Flag(properties, "nullable", old.IsNullable, @new.IsNullable);
        Expression(properties, "default", old.Default, @new.Default);
        Value(properties, "identity", old.Identity, @new.Identity);
        var oldGeneration = old.GenerationExpression is null ? null : SchemaSpelling.Expression(old.GenerationExpression) + (old.IsGeneratedStored ? " stored" : "");
        var newGeneration = @new.GenerationExpression is null ? null : SchemaSpelling.Expression(@new.GenerationExpression) + (@new.IsGeneratedStored ? " stored" : "");
        Text(properties, "generated", oldGeneration, newGeneration);
        if (!string.Equals(old.Collation ?? "", @new.Collation ?? "", StringComparison.OrdinalIgnoreCase))
        {
            properties.Add(new PropertyChange("collation", old.Collation, @new.Collation));
        }

        Text(properties, "comment", old.Comment, @new.Comment);
        return properties;
    }

    /// <summary>
    /// Pairs constraints by name, then the rest by definition (engine-generated names change with the table's name);
    /// paired ones are compared, the others reported as dropped / added.
    /// </summary>
    private void DiffConstraints<T>(SchemaObjectKind kind, string schema, string parent, IReadOnlyList<T> olds, IReadOnlyList<T> news,
        Func<T, string?> name, Func<T, string> definition, Func<T, string> describe, Action<T, T, List<PropertyChange>> compare)
        where T : class
    {
        if (olds.Count == 0 && news.Count == 0)
        {
            return;
        }

        var pairs = new List<(T Old, T New)>();
        var remainingNew = new List<T>(news);
        var remainingOld = new List<T>();
        foreach (var oldItem in olds)
        {
            var oldName = name(oldItem);
            var index = oldName is null ? -1 : remainingNew.FindIndex(n => name(n) is { } newName && _names.Equals(oldName, newName));
            if (index >= 0)
            {
                pairs.Add((oldItem, remainingNew[index]));
                remainingNew.RemoveAt(index);
            }
            else
            {
                remainingOld.Add(oldItem);
            }
        }

        var unpairedOld = new List<T>();
        foreach (var oldItem in remainingOld)
        {
            var oldDefinition = definition(oldItem);
            var index = remainingNew.FindIndex(n => _names.Equals(definition(n), oldDefinition));
            if (index < 0)
            {
                unpairedOld.Add(oldItem);
                continue;
            }

            var newItem = remainingNew[index];
            remainingNew.RemoveAt(index);
            var (oldName, newName) = (name(oldItem), name(newItem));
            var properties = new List<PropertyChange>();
            compare(oldItem, newItem, properties);
            if (!SchemaSpelling.IsEngineGeneratedName(oldName) && !SchemaSpelling.IsEngineGeneratedName(newName))
            {
                _changes.Add(new SchemaChange
                {
                    Object = kind, Change = SchemaChangeKind.Renamed, Schema = schema, Parent = parent,
                    Name = newName!, OldName = oldName, Properties = properties,
                });
            }
            else
            {
                AddChanged(kind, schema, parent, newName ?? describe(newItem), properties);
            }
        }

        foreach (var (oldItem, newItem) in pairs)
        {
            var properties = new List<PropertyChange>();
            compare(oldItem, newItem, properties);
            AddChanged(kind, schema, parent, name(newItem) ?? describe(newItem), properties);
        }

        foreach (var oldItem in unpairedOld)
        {
            Add(kind, SchemaChangeKind.Dropped, schema, parent, name(oldItem) ?? describe(oldItem), [new PropertyChange("definition", describe(oldItem), null)]);
        }

        foreach (var newItem in remainingNew)
        {
            Add(kind, SchemaChangeKind.Added, schema, parent, name(newItem) ?? describe(newItem), [new PropertyChange("definition", null, describe(newItem))]);
        }
    }

    private Dictionary<string, T> ToDictionary<T>(IEnumerable<T> items, Func<T, string> key)
    {
        var dictionary = new Dictionary<string, T>(_names);
        foreach (var item in items)
        {
            dictionary.TryAdd(key(item), item);
        }

        return dictionary;
    }

    private void Add(SchemaObjectKind kind, SchemaChangeKind change, string schema, string? parent, string name, IReadOnlyList<PropertyChange>? properties = null) =>
        _changes.Add(new SchemaChange { Object = kind, Change = change, Schema = schema, Parent = parent, Name = name, Properties = properties ?? [] });

    private void AddChanged(SchemaObjectKind kind, string schema, string? parent, string name, List<PropertyChange> properties)
    {
        if (properties.Count > 0)
        {
            Add(kind, SchemaChangeKind.Changed, schema, parent, name, properties);
        }
    }

    private static void Text(List<PropertyChange> properties, string property, string? old, string? @new)
    {
        if (!string.Equals(old ?? "", @new ?? "", StringComparison.Ordinal))
        {
            properties.Add(new PropertyChange(property, old, @new));
        }
    }

    private static void Expression(List<PropertyChange> properties, string property, string? old, string? @new)
    {
        if (SchemaSpelling.Expression(old) != SchemaSpelling.Expression(@new))
        {
            properties.Add(new PropertyChange(property, old, @new));
        }
    }

    private static void Flag(List<PropertyChange> properties, string property, bool old, bool @new)
    {
        if (old != @new)
        {
            properties.Add(new PropertyChange(property, old ? "yes" : "no", @new ? "yes" : "no"));
        }
    }

    private static void Number(List<PropertyChange> properties, string property, long? old, long? @new)
    {
        if (old != @new)
        {
            properties.Add(new PropertyChange(property, old?.ToString(CultureInfo.InvariantCulture), @new?.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static void Value<TEnum>(List<PropertyChange> properties, string property, TEnum old, TEnum @new)
        where TEnum : struct, Enum
    {
        if (!EqualityComparer<TEnum>.Default.Equals(old, @new))
        {
            properties.Add(new PropertyChange(property, old.ToString(), @new.ToString()));
        }
    }

    private void Names(List<PropertyChange> properties, string property, IReadOnlyList<string> old, IReadOnlyList<string> @new)
    {
        if (!old.SequenceEqual(@new, _names))
        {
            properties.Add(new PropertyChange(property, string.Join(", ", old), string.Join(", ", @new)));
        }
    }
}
