using System.Text.RegularExpressions;
using Appliance.Core.Schema.Diff;

namespace Appliance.Core.Schema.Migration;

/// <summary>Tables, their columns, keys, checks and indexes, and the keys a change forces to be rebuilt.</summary>
internal sealed partial class MigrationBuilder
{
    private void PlanTables()
    {
        var dropped = _old.Tables.Where(t => !_newTableOf.ContainsKey(t)).ToList();
        var droppedByKey = Index(dropped, t => t.Schema, t => t.Name);
        var referencedBy = new Dictionary<Table, List<Table>>(ReferenceEqualityComparer.Instance);
        dropped.ForEach(t => referencedBy[t] = []);
        foreach (var table in dropped)
        {
            foreach (var target in References(table, droppedByKey))
            {
                referencedBy[target].Add(table);
            }
        }

        // Referencing tables first; a foreign key that still points the wrong way (a cycle) is dropped explicitly.
        var dropOrder = TopologicalOrder(dropped, t => referencedBy[t]);
        var position = new Dictionary<Table, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < dropOrder.Count; i++)
        {
            position[dropOrder[i]] = i;
        }

        foreach (var table in dropOrder)
        {
            foreach (var key in table.ForeignKeys)
            {
                if (droppedByKey.GetValueOrDefault(Key(key.ReferencedSchema, key.ReferencedTable)) is { } target
                    && !ReferenceEquals(target, table) && position[target] < position[table])
                {
                    _dropForeignKeys.Add(table, key, "its table is dropped after the table it references");
                }
            }

            Add(Phase.DropTables, _ddl.DropTable(table), $"drop table {table.QualifiedName}", true, DataLoss.DropTable(table));
        }

        foreach (var (oldTable, newTable) in _newTableOf.Where(p => p.Key.Schema != p.Value.Schema || p.Key.Name != p.Value.Name))
        {
            _reshapedTables.Add(oldTable);
            foreach (var statement in _ddl.RenameTable(oldTable, newTable))
            {
                Add(Phase.RenameTables, statement, $"rename table {oldTable.QualifiedName} to {newTable.QualifiedName}");
            }
        }

        var added = _new.Tables.Where(t => !_oldTableOf.ContainsKey(t)).ToList();
        var addedByKey = Index(added, t => t.Schema, t => t.Name);
        foreach (var table in TopologicalOrder(added, t => References(t, addedByKey)))
        {
            Add(Phase.CreateTables, _ddl.CreateTable(table), $"create table {table.QualifiedName}");
            foreach (var index in table.Indexes.Where(i => !IsConstraintIndex(table, i)))
            {
                _createIndexes.Add(table, index);
            }

            foreach (var key in table.ForeignKeys)
            {
                _addForeignKeys.Add(table, key);
            }

            if (_ddl.Dialect != Sql.SqlDialect.MySql)
            {
                if (table.Comment is not null)
                {
                    AddComments(_ddl.CommentOnTable(table, null, table.Comment), $"comment on table {table.QualifiedName}");
                }

                foreach (var column in table.Columns.Where(c => c.Comment is not null))
                {
                    AddComments(_ddl.CommentOnColumn(table, column, null, column.Comment), $"comment on column {table.QualifiedName}.{column.Name}");
                }
            }
        }

        foreach (var change in _difference.Changes.Where(c => c.Object == SchemaObjectKind.Table && c.Change == SchemaChangeKind.Changed && HasProperty(c, "comment")))
        {
            if (FindTable(_new, change.Schema, change.Name) is { } newTable && _oldTableOf.TryGetValue(newTable, out var oldTable))
            {
                AddComments(_ddl.CommentOnTable(newTable, oldTable.Comment, newTable.Comment), $"comment on table {newTable.QualifiedName}");
            }
        }
    }

    /// <summary>The other tables of <paramref name="tables"/> that <paramref name="table"/> has a foreign key to.</summary>
    private static IEnumerable<Table> References(Table table, Dictionary<string, Table> tables) =>
        table.ForeignKeys
            .Select(k => tables.GetValueOrDefault(Key(k.ReferencedSchema, k.ReferencedTable)))
            .OfType<Table>()
            .Where(t => !ReferenceEquals(t, table));

    /// <summary>
    /// The items with every item after its <paramref name="dependencies"/> (items it needs first), otherwise in their given
    /// order; members of a cycle keep their given order.
    /// </summary>
    private static List<T> TopologicalOrder<T>(List<T> items, Func<T, IEnumerable<T>> dependencies)
        where T : class
    {
        var result = new List<T>(items.Count);
        var done = new HashSet<T>(ReferenceEqualityComparer.Instance);
        var visiting = new HashSet<T>(ReferenceEqualityComparer.Instance);

        void Visit(T item)
        {
            if (done.Contains(item) || !visiting.Add(item))
            {
                return;
            }

            foreach (var dependency in dependencies(item).Where(d => !ReferenceEquals(d, item)))
            {
                Visit(dependency);
            }

            visiting.Remove(item);
            if (done.Add(item))
            {
                result.Add(item);
            }
        }

        foreach (var item in items)
        {
            Visit(item);
        }

        return result;
    }

    // ---------------------------------------------------------------- columns, keys, checks, indexes of kept tables

    private void PlanTablePart(SchemaChange change)
    {
        if (FindTable(_new, change.Schema, change.Parent!) is not { } newTable || !_oldTableOf.TryGetValue(newTable, out var oldTable))
        {
            // A column of a view: the view is rebuilt from its new definition.
            if (FindView(_new, change.Schema, change.Parent!) is { } view && _newViewOf.FirstOrDefault(p => ReferenceEquals(p.Value, view)).Key is { } oldView)
            {
                _changedViews.Add(oldView);
            }

            return;
        }

        switch (change.Object)
        {
            case SchemaObjectKind.Column:
                PlanColumn(change, oldTable, newTable);
                break;
            case SchemaObjectKind.PrimaryKey:
                PlanConstraint(change, oldTable, newTable, t => t.PrimaryKey is { } k ? [k] : [], k => k.Name,
                    (t, k) => Describe(t, k.Columns), _dropPrimaryKeys, _addPrimaryKeys);
                break;
            case SchemaObjectKind.UniqueConstraint:
                PlanConstraint(change, oldTable, newTable, t => t.UniqueConstraints, k => k.Name,
                    (t, k) => Describe(t, k.Columns), _dropUniques, _addUniques);
                break;
            case SchemaObjectKind.CheckConstraint:
                PlanConstraint(change, oldTable, newTable, t => t.CheckConstraints, c => c.Name,
                    (_, c) => SchemaSpelling.Expression(c.Expression), _dropChecks, _addChecks);
                break;
            case SchemaObjectKind.ForeignKey:
                PlanConstraint(change, oldTable, newTable, t => t.ForeignKeys, k => k.Name, DescribeForeignKey, _dropForeignKeys, _addForeignKeys);
                break;
            case SchemaObjectKind.Index:
                PlanIndex(change, oldTable, newTable);
                break;
            default:
                break;
        }
    }

    private void PlanColumn(SchemaChange change, Table oldTable, Table newTable)
    {
        var path = DataLoss.Path(newTable.Schema, newTable.Name, change.Name);
        switch (change.Change)
        {
            case SchemaChangeKind.Added when FindColumn(newTable, change.Name) is { } column:
                var noValue = !column.IsNullable && column.Default is null && column.Identity == IdentityKind.None && column.GenerationExpression is null;
                Add(Phase.AddColumns, _ddl.AddColumn(newTable, column), $"add column {path}", false,
                    noValue ? $"adds {path} as NOT NULL without a default: fails if {newTable.QualifiedName} already has rows" : null);
                if (column.Comment is not null && _ddl.Dialect != Sql.SqlDialect.MySql)
                {
                    AddComments(_ddl.CommentOnColumn(newTable, column, null, column.Comment), $"comment on column {path}");
                }

                break;
            case SchemaChangeKind.Dropped when FindColumn(oldTable, change.Name) is { } column:
                _reshapedTables.Add(oldTable);
                var statements = _ddl.DropColumn(newTable, column);
                for (var i = 0; i < statements.Count; i++)
                {
                    // What comes before the DROP COLUMN itself (SQL Server's default constraint) loses nothing.
                    var last = i == statements.Count - 1;
                    Add(Phase.DropColumns, statements[i], $"drop column {DataLoss.Path(oldTable.Schema, oldTable.Name, column.Name)}", last,
                        last ? DataLoss.DropColumn(oldTable, column) : null);
                }

                break;
            case SchemaChangeKind.Renamed when change.OldName is not null && FindColumn(oldTable, change.OldName) is { } oldColumn
                                                 && FindColumn(newTable, change.Name) is { } newColumn:
                _reshapedTables.Add(oldTable);
                Add(Phase.RenameColumns, _ddl.RenameColumn(newTable, oldColumn.Name, newColumn.Name), $"rename column {newTable.QualifiedName}.{oldColumn.Name} to {newColumn.Name}");
                PlanColumnAlteration(change, oldTable, newTable, oldColumn, newColumn);
                break;
            case SchemaChangeKind.Changed when FindColumn(oldTable, change.Name) is { } oldColumn && FindColumn(newTable, change.Name) is { } newColumn:
                PlanColumnAlteration(change, oldTable, newTable, oldColumn, newColumn);
                break;
            default:
                break;
        }
    }

    private void PlanColumnAlteration(SchemaChange change, Table oldTable, Table newTable, Column oldColumn, Column newColumn)
    {
        var aspects = ColumnAspect.None;
        foreach (var property in change.Properties)
        {
            aspects |= property.Property switch
            {
                "type" or "length" or "precision" or "scale" => ColumnAspect.Type,
                "nullable" => ColumnAspect.Nullability,
                "default" => ColumnAspect.Default,
                "identity" => ColumnAspect.Identity,
                "generated" => ColumnAspect.Generation,
                "collation" => ColumnAspect.Collation,
                "comment" => ColumnAspect.Comment,
                _ => ColumnAspect.None,
            };
        }

        if (aspects == ColumnAspect.None)
        {
            return;
        }

        if ((aspects & (ColumnAspect.Type | ColumnAspect.Generation)) != 0)
        {
            _reshapedTables.Add(oldTable);
            if (!_retypedColumns.TryGetValue(oldTable, out var retyped))
            {
                _retypedColumns[oldTable] = retyped = new HashSet<string>(_names);
            }

            retyped.Add(oldColumn.Name);
        }

        var path = DataLoss.Path(newTable.Schema, newTable.Name, newColumn.Name);
        var typeWarning = (aspects & ColumnAspect.Type) != 0 ? DataLoss.TypeChange(path, oldColumn, newColumn) : null;
        var notNullWarning = (aspects & ColumnAspect.Nullability) != 0 && !newColumn.IsNullable ? DataLoss.NotNull(path) : null;
        var identityWarning = (aspects & ColumnAspect.Identity) != 0 && oldColumn.Identity == IdentityKind.None && _ddl.Dialect == Sql.SqlDialect.Postgres
            ? $"the new identity of {path} starts at 1: move it past the existing values (ALTER TABLE … ALTER COLUMN … RESTART WITH n) before inserting"
            : null;
        var recreateWarning = oldColumn.GenerationExpression is null && newColumn.GenerationExpression is not null ? DataLoss.ComputedReplacesValues(path) : null;
        var description = $"alter column {path} ({string.Join(", ", change.Properties.Select(p => p.Property))})";
        foreach (var statement in _ddl.AlterColumn(new ColumnAlteration(newTable, oldColumn, newColumn, aspects)))
        {
            if (statement.Unsupported is not null)
            {
                Unsupported(Phase.AlterColumns, description, statement.Unsupported);
                continue;
            }

            var warnings = new List<string>();
            var destructive = false;
            if ((statement.Aspects & ColumnAspect.Type) != 0 && typeWarning is not null)
            {
                warnings.Add(typeWarning);
                destructive = true;
            }

            if ((statement.Aspects & ColumnAspect.Nullability) != 0 && notNullWarning is not null)
            {
                warnings.Add(notNullWarning);
                destructive = true;
            }

            if ((statement.Aspects & ColumnAspect.Recreate) != 0 && recreateWarning is not null && statement.Sql.Contains("DROP COLUMN", StringComparison.Ordinal))
            {
                warnings.Add(recreateWarning);
                destructive = true;
            }

            if ((statement.Aspects & ColumnAspect.Identity) != 0 && identityWarning is not null)
            {
                warnings.Add(identityWarning);
            }

            Add(Phase.AlterColumns, statement.Sql, description, destructive, warnings.Count == 0 ? null : string.Join("; ", warnings));
        }
    }

    /// <summary>"(a, b)" in the new names, the way the diff describes unnamed keys.</summary>
    private string Describe(Table table, IReadOnlyList<string> columns)
    {
        var names = _newTableOf.ContainsKey(table) ? columns.Select(c => NewColumnName(table, c)) : columns;
        return $"({string.Join(", ", names)})";
    }

    private string DescribeForeignKey(Table table, ForeignKey key)
    {
        var (schema, name, referencedColumns) = (key.ReferencedSchema, key.ReferencedTable, key.ReferencedColumns);
        if (_newTableOf.ContainsKey(table) && FindTable(_old, schema, name) is { } referenced && _newTableOf.TryGetValue(referenced, out var referencedNew))
        {
            (schema, name) = (referencedNew.Schema, referencedNew.Name);
            referencedColumns = [.. referencedColumns.Select(c => NewColumnName(referenced, c))];
        }

        return $"{Describe(table, key.Columns)} → {schema}.{name}({string.Join(", ", referencedColumns)})";
    }

    /// <summary>The constraint a change names: by its name, else by the description the diff gives unnamed ones.</summary>
    private T? Find<T>(Table table, IEnumerable<T> items, Func<T, string?> name, Func<Table, T, string> describe, string changeName)
        where T : class
    {
        var list = items.ToList();
        return list.FirstOrDefault(i => Same(name(i), changeName)) ?? list.FirstOrDefault(i => _names.Equals(describe(table, i), changeName));
    }

    private void PlanConstraint<T>(SchemaChange change, Table oldTable, Table newTable, Func<Table, IEnumerable<T>> items, Func<T, string?> name,
        Func<Table, T, string> describe, WorkList<T> drops, WorkList<T> adds)
        where T : class
    {
        var oldName = change.Change == SchemaChangeKind.Renamed ? change.OldName ?? change.Name : change.Name;
        var oldItem = change.Change == SchemaChangeKind.Added ? null : Find(oldTable, items(oldTable), name, describe, oldName);
        var newItem = change.Change == SchemaChangeKind.Dropped ? null : Find(newTable, items(newTable), name, describe, change.Name);
        if (change.Change == SchemaChangeKind.Changed && oldItem is null && newItem is not null)
        {
            // Paired by definition under another (engine-made) name.
            oldItem = items(oldTable).FirstOrDefault(o => _names.Equals(describe(oldTable, o), describe(newTable, newItem)));
        }

        if (IsRenameWithoutChanges(change) && oldItem is not null && newItem is not null
            && name(oldItem) is { } from && name(newItem) is { } to
            && _ddl.RenameConstraint(newTable, from, to) is { } rename)
        {
            Add(Phase.RenameConstraints, rename, $"rename {SchemaDifference.KindLabel(change.Object)} {from} on {newTable.QualifiedName} to {to}");
            return;
        }

        if (oldItem is not null)
        {
            drops.Add(oldTable, oldItem);
        }

        if (newItem is not null)
        {
            adds.Add(newTable, newItem);
        }
    }

    /// <summary>Whether the index is the one behind the table's primary key or a unique constraint (the constraint's DDL builds it).</summary>
    private bool IsConstraintIndex(Table table, TableIndex index) =>
        index.IsPrimaryKey
        || Same(table.PrimaryKey?.Name, index.Name)
        || table.UniqueConstraints.Any(u => Same(u.Name, index.Name));

    private void PlanIndex(SchemaChange change, Table oldTable, Table newTable)
    {
        var oldName = change.Change == SchemaChangeKind.Renamed ? change.OldName ?? change.Name : change.Name;
        var oldIndex = change.Change == SchemaChangeKind.Added ? null : oldTable.Indexes.FirstOrDefault(i => Same(i.Name, oldName));
        var newIndex = change.Change == SchemaChangeKind.Dropped ? null : newTable.Indexes.FirstOrDefault(i => Same(i.Name, change.Name));
        if (change.Change == SchemaChangeKind.Changed && oldIndex is null && newIndex is not null)
        {
            oldIndex = oldTable.Indexes.FirstOrDefault(o => _names.Equals(Describe(oldTable, [.. o.Columns.Select(c => c.Name)]), Describe(newTable, [.. newIndex.Columns.Select(c => c.Name)])));
        }

        var oldPlain = oldIndex is not null && !IsConstraintIndex(oldTable, oldIndex);
        var newPlain = newIndex is not null && !IsConstraintIndex(newTable, newIndex);
        if (IsRenameWithoutChanges(change) && oldPlain && newPlain)
        {
            Add(Phase.RenameConstraints, _ddl.RenameIndex(newTable, oldIndex!.Name, newIndex!.Name), $"rename index {oldIndex.Name} on {newTable.QualifiedName} to {newIndex.Name}");
            return;
        }

        if (oldPlain)
        {
            _dropIndexes.Add(oldTable, oldIndex!);
        }

        if (newPlain)
        {
            _createIndexes.Add(newTable, newIndex!);
        }
    }

    /// <summary>
    /// SQL Server cannot change a column's type while an index, key or check uses it: those are dropped and built again
    /// (PostgreSQL and MySQL rebuild them themselves).
    /// </summary>
    private void PlanRebuiltConstraints()
    {
        if (_ddl.Dialect != Sql.SqlDialect.TSql)
        {
            return;
        }

        foreach (var (oldTable, retyped) in _retypedColumns)
        {
            var newTable = _newTableOf[oldTable];
            bool Uses(IEnumerable<string> columns) => columns.Any(retyped.Contains);

            foreach (var index in oldTable.Indexes.Where(i => !IsConstraintIndex(oldTable, i) && Uses(i.Columns.Select(c => c.Name).Concat(i.IncludedColumns))))
            {
                if (_dropIndexes.Add(oldTable, index, "it uses a column whose type changes; added again below")
                    && newTable.Indexes.FirstOrDefault(i => Same(i.Name, index.Name)) is { } again && !IsConstraintIndex(newTable, again))
                {
                    _createIndexes.Add(newTable, again);
                }
            }

            if (oldTable.PrimaryKey is { } primaryKey && Uses(primaryKey.Columns)
                && _dropPrimaryKeys.Add(oldTable, primaryKey, "it uses a column whose type changes; added again below") && newTable.PrimaryKey is { } newPrimaryKey)
            {
                _addPrimaryKeys.Add(newTable, newPrimaryKey);
            }

            foreach (var unique in oldTable.UniqueConstraints.Where(u => Uses(u.Columns)))
            {
                if (_dropUniques.Add(oldTable, unique, "it uses a column whose type changes; added again below")
                    && Find(newTable, newTable.UniqueConstraints, k => k.Name, (t, k) => Describe(t, k.Columns), unique.Name ?? Describe(oldTable, unique.Columns)) is { } again)
                {
                    _addUniques.Add(newTable, again);
                }
            }

            foreach (var check in oldTable.CheckConstraints.Where(c => retyped.Any(column => Mentions(c.Expression, column))))
            {
                if (_dropChecks.Add(oldTable, check, "it uses a column whose type changes; added again below")
                    && Find(newTable, newTable.CheckConstraints, c => c.Name, (_, c) => SchemaSpelling.Expression(c.Expression), check.Name ?? SchemaSpelling.Expression(check.Expression)) is { } again)
                {
                    _addChecks.Add(newTable, again);
                }
            }
        }
    }

    /// <summary>
    /// Foreign keys that must come off while their columns or the key they reference change, and go back on afterwards:
    /// a column on either side changes type, the referenced primary key / unique key / unique index is rebuilt, or
    /// (MySQL) the index the key relies on is dropped.
    /// </summary>
    private void PlanRebuiltForeignKeys()
    {
        foreach (var (oldTable, newTable) in _newTableOf)
        {
            foreach (var key in oldTable.ForeignKeys.Where(k => !_dropForeignKeys.Contains(k)))
            {
                if (ForeignKeyRebuildReason(oldTable, key) is not { } reason)
                {
                    continue;
                }

                _dropForeignKeys.Add(oldTable, key, reason);
                var again = Find(newTable, newTable.ForeignKeys, k => k.Name, DescribeForeignKey, key.Name ?? DescribeForeignKey(oldTable, key));
                if (again is not null)
                {
                    _addForeignKeys.Add(newTable, again);
                }
            }
        }
    }

    private string? ForeignKeyRebuildReason(Table oldTable, ForeignKey key)
    {
        if (_retypedColumns.TryGetValue(oldTable, out var retyped) && key.Columns.Any(retyped.Contains))
        {
            return "one of its columns changes type; added again below";
        }

        if (FindTable(_old, key.ReferencedSchema, key.ReferencedTable) is not { } referenced || !_newTableOf.ContainsKey(referenced))
        {
            return null;
        }

        if (_retypedColumns.TryGetValue(referenced, out var referencedRetyped) && key.ReferencedColumns.Any(referencedRetyped.Contains))
        {
            return "a column it references changes type; added again below";
        }

        bool SameColumns(IEnumerable<string> columns) => columns.ToHashSet(_names).SetEquals(key.ReferencedColumns);
        if ((referenced.PrimaryKey is { } primaryKey && _dropPrimaryKeys.Contains(primaryKey) && SameColumns(primaryKey.Columns))
            || referenced.UniqueConstraints.Any(u => _dropUniques.Contains(u) && SameColumns(u.Columns))
            || referenced.Indexes.Any(i => i.IsUnique && _dropIndexes.Contains(i) && SameColumns(i.Columns.Select(c => c.Name))))
        {
            return "the key it references is rebuilt; added again below";
        }

        if (_ddl.Dialect == Sql.SqlDialect.MySql && DroppedKeyColumns(oldTable).Any(columns => columns.Count >= key.Columns.Count
                && columns.Take(key.Columns.Count).ToHashSet(_names).SetEquals(key.Columns)))
        {
            return "MySQL needs an index on its columns while it exists; added again below";
        }

        return null;
    }

    /// <summary>The columns of the table's indexes, primary key and unique keys that are dropped (MySQL indexes all of them).</summary>
    private IEnumerable<IReadOnlyList<string>> DroppedKeyColumns(Table table)
    {
        foreach (var index in table.Indexes.Where(_dropIndexes.Contains))
        {
            yield return [.. index.Columns.Select(c => c.Name)];
        }

        if (table.PrimaryKey is { } primaryKey && _dropPrimaryKeys.Contains(primaryKey))
        {
            yield return primaryKey.Columns;
        }

        foreach (var unique in table.UniqueConstraints.Where(_dropUniques.Contains))
        {
            yield return unique.Columns;
        }
    }

    private static bool Mentions(string text, string name) =>
        Regex.IsMatch(text, $@"(?<![\w$]){Regex.Escape(name)}(?![\w$])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
