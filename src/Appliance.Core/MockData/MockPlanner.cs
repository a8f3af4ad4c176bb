using System.Globalization;
using Appliance.Core.MockData.Checks;
using Appliance.Core.MockData.Values;
using Appliance.Core.Schema;

namespace Appliance.Core.MockData;

/// <summary>
/// Turns a schema and a <see cref="MockDataRequest"/> into a <see cref="MockPlan"/>: which tables, in which order,
/// how many rows, and where each column's values come from so that every declared constraint holds.
/// Keys are derived from the row number (sequences, bijective encodings, permutations of parent tuples), so
/// uniqueness and foreign-key integrity are guaranteed without remembering generated values.
/// </summary>
public static class MockPlanner
{
    /// <summary>An upper bound per table that keeps arithmetic on row numbers safe.</summary>
    public const long MaxRowsPerTable = 1_000_000_000;

    public static MockPlan Plan(DatabaseSchema schema, MockDataRequest request)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(request);
        var messages = new List<PlanMessage>();
        MockValueFactory factory;
        try
        {
            factory = new MockValueFactory(request.Locale, request.Seed, request.ReferenceTime);
        }
        catch (ArgumentException e)
        {
            messages.Add(new PlanMessage(PlanSeverity.Error, null, null, e.Message));
            factory = new MockValueFactory("en", request.Seed, request.ReferenceTime);
        }

        if (request.NullRate is < 0 or > 1 || double.IsNaN(request.NullRate))
        {
            messages.Add(new PlanMessage(PlanSeverity.Error, null, null, "The null rate must be between 0 and 1."));
        }

        if (request.DefaultRows is < 0 or > MaxRowsPerTable)
        {
            messages.Add(new PlanMessage(PlanSeverity.Error, null, null, $"The row count must be between 0 and {MaxRowsPerTable:N0}."));
        }

        var planner = new Planner(schema, request, factory, messages);
        var tables = planner.Build();
        return new MockPlan { Schema = schema, Request = request, Tables = tables, Messages = messages, Values = factory };
    }

    /// <summary>Finds a table by "schema.table" or by its bare name when that is unique.</summary>
    public static Table? ResolveTable(DatabaseSchema schema, string name)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(name);
        var exact = schema.Tables.FirstOrDefault(t => t.QualifiedName == name);
        if (exact is not null)
        {
            return exact;
        }

        var byName = schema.Tables.Where(t => t.Name == name).Take(2).ToList();
        if (byName.Count == 1)
        {
            return byName[0];
        }

        var folded = schema.Tables.Where(t => string.Equals(t.QualifiedName, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return folded.Count == 1 ? folded[0] : null;
    }

    private sealed class Planner(DatabaseSchema schema, MockDataRequest request, MockValueFactory factory, List<PlanMessage> messages)
    {
        private readonly Dictionary<Table, TablePlan> plans = new(ReferenceEqualityComparer.Instance);

        public IReadOnlyList<TablePlan> Build()
        {
            var (selected, addedFor) = Select();
            var deferred = new HashSet<ForeignKey>(ReferenceEqualityComparer.Instance);
            var order = Order(selected, deferred);
            var result = new List<TablePlan>(order.Count);
            foreach (var table in order)
            {
                var plan = new TablePlan
                {
                    Table = table,
                    Ordinal = result.Count,
                    Columns = table.Columns.Select((c, i) => CreateColumn(table, c, i)).ToList(),
                };
                plan.AddedFor = addedFor.GetValueOrDefault(table);
                plans[table] = plan;
                result.Add(plan);
            }

            // Foreign keys need every plan to exist (cycles point forward); counts need parents counted first.
            foreach (var plan in result)
            {
                PlanForeignKeys(plan, deferred);
            }

            foreach (var plan in result)
            {
                PlanTable(plan);
            }

            foreach (var plan in result)
            {
                CheckParentsHaveRows(plan);
            }

            return result;
        }

        private void Error(Table? table, string? column, string text) =>
            messages.Add(new PlanMessage(PlanSeverity.Error, table?.QualifiedName, column, text));

        private void Warn(Table? table, string? column, string text) =>
            messages.Add(new PlanMessage(PlanSeverity.Warning, table?.QualifiedName, column, text));

        private void Info(Table? table, string? column, string text) =>
            messages.Add(new PlanMessage(PlanSeverity.Info, table?.QualifiedName, column, text));

        private Table? Parent(ForeignKey key) => schema.FindTable(key.ReferencedSchema, key.ReferencedTable);

        private (List<Table> Selected, Dictionary<Table, string> AddedFor) Select()
        {
            var chosen = new HashSet<Table>(ReferenceEqualityComparer.Instance);
            var addedFor = new Dictionary<Table, string>(ReferenceEqualityComparer.Instance);
            if (request.Tables is null)
            {
                chosen.UnionWith(schema.Tables);
            }
            else
            {
                foreach (var name in request.Tables)
                {
                    var table = ResolveTable(schema, name);
                    if (table is null)
                    {
                        Error(null, null, $"There is no table named {name} in the schema.");
                    }
                    else
                    {
                        chosen.Add(table);
                    }
                }
            }

            // A NOT NULL foreign key needs its parent filled too; a nullable one is left NULL instead.
            var queue = new Queue<Table>(chosen);
            while (queue.TryDequeue(out var table))
            {
                foreach (var key in table.ForeignKeys)
                {
                    var parent = Parent(key);
                    if (parent is null || chosen.Contains(parent))
                    {
                        continue;
                    }

                    var required = key.Columns.Any(c => table.FindColumn(c) is { IsNullable: false });
                    if (required)
                    {
                        chosen.Add(parent);
                        addedFor[parent] = $"{table.Name}.{string.Join(", ", key.Columns)}";
                        queue.Enqueue(parent);
                    }
                }
            }

            foreach (var (tableName, columnName) in request.Columns.Select(o => (o.Table, o.Column)))
            {
                var table = ResolveTable(schema, tableName);
                if (table is null)
                {
                    Error(null, columnName, $"An override names {tableName}.{columnName}, but there is no table {tableName}.");
                }
                else if (table.FindColumn(columnName) is null)
                {
                    Error(table, columnName, $"An override names {table.Name}.{columnName}, but the table has no such column.");
                }
            }

            foreach (var rule in request.ChildCounts)
            {
                if (ResolveTable(schema, rule.Table) is null)
                {
                    Error(null, null, $"A child-count rule names {rule.Table}, but there is no such table.");
                }
            }

            foreach (var name in request.RowsPerTable.Keys)
            {
                if (ResolveTable(schema, name) is null)
                {
                    Error(null, null, $"A row count is given for {name}, but there is no such table.");
                }
            }

            return (schema.Tables.Where(chosen.Contains).ToList(), addedFor);
        }

        /// <summary>Parents before children; a cycle is broken through a foreign key whose columns are all nullable.</summary>
        private List<Table> Order(List<Table> selected, HashSet<ForeignKey> deferred)
        {
            var inSelection = new HashSet<Table>(selected, ReferenceEqualityComparer.Instance);
            var done = new HashSet<Table>(ReferenceEqualityComparer.Instance);
            var order = new List<Table>(selected.Count);
            var remaining = new List<Table>(selected);
            while (remaining.Count > 0)
            {
                var ready = remaining.FirstOrDefault(t => t.ForeignKeys.All(k =>
                {
                    var parent = Parent(k);
                    return parent is null || ReferenceEquals(parent, t) || !inSelection.Contains(parent) || done.Contains(parent) || deferred.Contains(k);
                }));
                if (ready is not null)
                {
                    order.Add(ready);
                    done.Add(ready);
                    remaining.Remove(ready);
                    continue;
                }

                var breakable = remaining
                    .SelectMany(t => t.ForeignKeys.Select(k => (Table: t, Key: k)))
                    .FirstOrDefault(x =>
                    {
                        var parent = Parent(x.Key);
                        return parent is not null && !ReferenceEquals(parent, x.Table) && !done.Contains(parent) && inSelection.Contains(parent)
                            && !deferred.Contains(x.Key) && x.Key.Columns.All(c => x.Table.FindColumn(c) is { IsNullable: true });
                    });
                if (breakable.Key is null)
                {
                    // Name only the tables in the cycle, not the ones that merely hang below it.
                    var cyclic = new List<Table>(remaining);
                    while (cyclic.RemoveAll(t => !cyclic.Any(other => other.ForeignKeys.Any(k => !ReferenceEquals(other, t) && ReferenceEquals(Parent(k), t)))) > 0)
                    {
                    }

                    Error(null, null, "These tables reference each other in a cycle of NOT NULL foreign keys, so no insert order exists: "
                        + string.Join(", ", cyclic.Select(t => t.QualifiedName)) + ". Make one of the foreign keys nullable or leave a table out.");
                    order.AddRange(remaining);
                    break;
                }

                deferred.Add(breakable.Key);
                Info(breakable.Table, null, $"Foreign key {breakable.Table.Name}({string.Join(", ", breakable.Key.Columns)}) → {breakable.Key.ReferencedTable} closes a cycle; it is written as NULL first and set in a second pass.");
            }

            return order;
        }

        private ColumnPlan CreateColumn(Table table, Column column, int index)
        {
            var type = MockTypes.Resolve(column, schema);
            return new ColumnPlan
            {
                Column = column,
                Index = index,
                Type = type,
                Nullable = column.IsNullable && type.Domain is not { IsNullable: false },
                Source = ColumnSource.Generator,
            };
        }

        private void PlanForeignKeys(TablePlan plan, HashSet<ForeignKey> deferred)
        {
            var keys = new List<ForeignKeyPlan>();
            foreach (var key in plan.Table.ForeignKeys)
            {
                var parentTable = Parent(key);
                var childColumns = key.Columns.Select(c => plan.Columns.FirstOrDefault(x => x.Name == c)).ToList();
                if (childColumns.Any(c => c is null))
                {
                    Warn(plan.Table, null, $"Foreign key {key.Name} names a column the table does not have; it is ignored.");
                    continue;
                }

                if (parentTable is null || !plans.TryGetValue(parentTable, out var parent))
                {
                    foreach (var column in childColumns)
                    {
                        if (column!.Source == ColumnSource.ForeignKey)
                        {
                            continue;
                        }

                        if (column.Nullable)
                        {
                            column.Source = ColumnSource.Null;
                            column.Description = $"NULL: {key.ReferencedTable} is not being filled";
                        }
                        else
                        {
                            Error(plan.Table, column.Name, $"{plan.Table.Name}.{column.Name} must reference {key.ReferencedSchema}.{key.ReferencedTable}, which is not in the schema.");
                        }
                    }

                    continue;
                }

                var parentColumns = key.ReferencedColumns.Select(c => parent.Columns.FirstOrDefault(x => x.Name == c)).ToList();
                if (parentColumns.Any(c => c is null) || parentColumns.Count != childColumns.Count)
                {
                    Warn(plan.Table, null, $"Foreign key {key.Name} references columns {parent.Table.Name} does not have; it is ignored.");
                    continue;
                }

                if (childColumns.Any(c => c!.Source == ColumnSource.ForeignKey))
                {
                    Warn(plan.Table, null, $"Foreign key {key.Name} shares a column with another foreign key; values follow the first one and may not satisfy this one.");
                    continue;
                }

                var fk = new ForeignKeyPlan
                {
                    Key = key,
                    Child = plan,
                    Parent = parent,
                    ChildColumns = childColumns!,
                    ParentColumns = parentColumns!,
                    Distribution = request.ForeignKeyDistribution,
                    Nullable = childColumns.All(c => c!.Nullable),
                    Deferred = deferred.Contains(key),
                    Stream = plan.Columns.Count + keys.Count,
                };
                var overrideRate = childColumns.Select(c => FindOverride(plan.Table, c!.Name)?.NullRate).FirstOrDefault(r => r is not null);
                fk.NullRate = fk.Nullable ? overrideRate ?? request.NullRate : 0;
                var distribution = childColumns.Select(c => FindOverride(plan.Table, c!.Name)?.Distribution).FirstOrDefault(d => d is not null);
                if (distribution is not null)
                {
                    fk.Distribution = distribution.Value;
                }

                for (var i = 0; i < childColumns.Count; i++)
                {
                    var column = childColumns[i]!;
                    column.Source = ColumnSource.ForeignKey;
                    column.ForeignKey = fk;
                    column.ForeignKeyPosition = i;
                    parentColumns[i]!.Stable = true;
                }

                keys.Add(fk);
            }

            plan.ForeignKeys = keys;
        }

        private ColumnOverride? FindOverride(Table table, string column) =>
            request.Columns.LastOrDefault(o => o.Column == column && ReferenceEquals(ResolveTable(schema, o.Table), table));

        private void PlanTable(TablePlan plan)
        {
            var table = plan.Table;
            var domains = plan.Columns.Where(c => c.Type.Domain is not null).ToDictionary(c => c.Name, c => c.Type.Domain!);
            plan.Checks = CheckAnalyzer.Analyze(table, schema.Engine, domains, request.ReferenceTime);
            foreach (var problem in plan.Checks.Problems)
            {
                messages.Add(new PlanMessage(problem.IsError ? PlanSeverity.Error : PlanSeverity.Warning, table.QualifiedName, null, problem.Message));
            }

            PlanNesting(plan);
            plan.Rows = PlanRowCount(plan);
            var keySets = KeySets(table, plan);
            foreach (var column in plan.Columns)
            {
                PlanColumn(plan, column, keySets);
            }

            PlanKeys(plan, keySets);
            PlanRelations(plan);
            plan.RowKey = RowKeyOf(plan, keySets);
            if (plan.ForeignKeys.Any(k => k.Deferred) && plan.RowKey.Count == 0)
            {
                Error(table, null, $"{table.Name} closes a foreign-key cycle but has no primary or unique key to set the deferred values by.");
            }
        }

        private void CheckParentsHaveRows(TablePlan plan)
        {
            foreach (var fk in plan.ForeignKeys)
            {
                if (!fk.Nullable && fk.Parent.Rows == 0 && plan.Rows > 0 && !fk.SelfReference)
                {
                    Error(plan.Table, null, $"{fk.Display} needs parent rows, but {fk.Parent.Table.Name} gets none. Give {fk.Parent.Table.Name} a row count above zero.");
                }
            }
        }

        private void PlanNesting(TablePlan plan)
        {
            var rule = request.ChildCounts.LastOrDefault(r => ReferenceEquals(ResolveTable(schema, r.Table), plan.Table));
            ForeignKeyPlan? fk = null;
            if (rule is not null)
            {
                fk = plan.ForeignKeys.FirstOrDefault(k => k.Key.Columns.SequenceEqual(rule.Columns)
                    || (rule.Columns.Count == 1 && k.Key.Name == rule.Columns[0]));
                if (fk is null)
                {
                    Error(plan.Table, null, $"{plan.Table.Name} has no foreign key on ({string.Join(", ", rule.Columns)}) for the child-count rule.");
                    return;
                }

                if (rule.Min < 0 || rule.Max < rule.Min || rule.Max > 1_000_000)
                {
                    Error(plan.Table, null, $"Child counts for {fk.Display} must satisfy 0 ≤ min ≤ max ≤ 1,000,000 (got {rule.Min}–{rule.Max}).");
                    return;
                }
            }

            // A key (parent key…, n) reads as "the n-th child of the parent": order_lines(order_id, line_number).
            ColumnPlan? ordinal = null;
            foreach (var key in KeyColumnLists(plan.Table))
            {
                var candidate = plan.ForeignKeys.FirstOrDefault(k => !k.SelfReference && !k.Deferred
                    && k.ChildColumns.All(c => key.Contains(c.Name)) && key.Count == k.ChildColumns.Count + 1
                    && (fk is null || ReferenceEquals(fk, k)));
                var rest = candidate is null ? null : plan.Columns.FirstOrDefault(c => key.Contains(c.Name) && c.Source != ColumnSource.ForeignKey);
                if (candidate is not null && rest is { Type.Kind: MockValueKind.Integer or MockValueKind.Decimal } && rest.Column.GenerationExpression is null)
                {
                    fk ??= candidate;
                    ordinal = rest;
                    break;
                }
            }

            if (fk is null || fk.Deferred || fk.SelfReference)
            {
                return;
            }

            int min, max;
            if (rule is not null)
            {
                (min, max) = (rule.Min, rule.Max);
            }
            else if (!HasOwnRowCount(plan.Table))
            {
                // Lines of an order, items of an invoice: a few per parent reads as real data.
                (min, max) = (1, 5);
            }
            else
            {
                // Spread the table's requested rows over the parents: 1..2m−1 children has mean m.
                var wanted = RequestedRows(plan.Table);
                var parents = Math.Max(1, fk.Parent.Rows);
                var mean = (double)wanted / parents;
                (min, max) = mean < 0.75 ? (0, 1) : (1, (int)Math.Clamp(Math.Round(2 * mean) - 1, 1, 1_000_000));
            }

            plan.Nesting = new NestingPlan { ForeignKey = fk, Min = min, Max = max, Ordinal = ordinal };
            if (ordinal is not null)
            {
                ordinal.Source = ColumnSource.Ordinal;
                ordinal.Stable = true;
                ordinal.Description = $"1, 2, 3… within each {fk.Parent.Table.Name} row";
            }

            foreach (var column in fk.ChildColumns)
            {
                column.Description = $"→ {fk.Parent.Table.Name}, {min}–{max} rows per parent";
            }
        }

        private bool HasOwnRowCount(Table table) => request.RowsPerTable.Keys.Any(name => ReferenceEquals(ResolveTable(schema, name), table));

        private long RequestedRows(Table table)
        {
            foreach (var (name, rows) in request.RowsPerTable)
            {
                if (ReferenceEquals(ResolveTable(schema, name), table))
                {
                    if (rows is < 0 or > MaxRowsPerTable)
                    {
                        Error(table, null, $"The row count for {table.Name} must be between 0 and {MaxRowsPerTable:N0}.");
                        return 0;
                    }

                    return rows;
                }
            }

            return Math.Clamp(request.DefaultRows, 0, MaxRowsPerTable);
        }

        private long PlanRowCount(TablePlan plan)
        {
            if (plan.Nesting is not { } nesting)
            {
                return RequestedRows(plan.Table);
            }

            var parents = nesting.ForeignKey.Parent.Rows;
            if ((decimal)parents * Math.Max(nesting.Max, 1) > MaxRowsPerTable * 2m
                || MockRows.RowsFor(request.Seed, plan, parents) is var total && total > MaxRowsPerTable)
            {
                Error(plan.Table, null, $"{plan.Table.Name} would get more than {MaxRowsPerTable:N0} rows; lower the child counts.");
                return 0;
            }

            return total;
        }

        private static IEnumerable<IReadOnlyList<string>> KeyColumnLists(Table table)
        {
            if (table.PrimaryKey is { } pk)
            {
                yield return pk.Columns;
            }

            foreach (var unique in table.UniqueConstraints)
            {
                yield return unique.Columns;
            }

            foreach (var index in table.Indexes.Where(i => i.IsUnique && !i.IsPrimaryKey))
            {
                if (index.Columns.All(c => !c.IsExpression))
                {
                    yield return index.Columns.Select(c => c.Name).ToList();
                }
                else
                {
                    // lower(email): unique values of the column itself are enough when they differ in more than case.
                    var mentioned = table.Columns.Where(c => index.Columns.Any(i => i.IsExpression && MentionsColumn(i.Name, c.Name))
                        || index.Columns.Any(i => !i.IsExpression && i.Name == c.Name)).Select(c => c.Name).ToList();
                    if (mentioned.Count > 0)
                    {
                        yield return mentioned;
                    }
                }
            }
        }

        private static bool MentionsColumn(string expression, string column)
        {
            var at = 0;
            while ((at = expression.IndexOf(column, at, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                var before = at == 0 ? ' ' : expression[at - 1];
                var after = at + column.Length >= expression.Length ? ' ' : expression[at + column.Length];
                if (!char.IsLetterOrDigit(before) && before != '_' && !char.IsLetterOrDigit(after) && after != '_')
                {
                    return true;
                }

                at += column.Length;
            }

            return false;
        }

        private static List<List<ColumnPlan>> KeySets(Table table, TablePlan plan) =>
            KeyColumnLists(table)
                .Select(names => names.Select(n => plan.Columns.FirstOrDefault(c => c.Name == n)).OfType<ColumnPlan>().ToList())
                .Where(set => set.Count > 0)
                .ToList();

        private void PlanColumn(TablePlan plan, ColumnPlan column, List<List<ColumnPlan>> keySets)
        {
            var table = plan.Table;
            var source = column.Column;
            var hints = plan.Checks.HintsFor(column.Name);
            var overrides = FindOverride(table, column.Name);
            if (hints.NotNull)
            {
                column.Nullable = false;
            }

            if (keySets.Any(k => k.Contains(column)))
            {
                column.Stable = true;
            }

            if (source.GenerationExpression is not null)
            {
                column.Source = ColumnSource.Omitted;
                column.Description = "computed by the database";
                return;
            }

            if (column.Source is ColumnSource.ForeignKey)
            {
                var fk = column.ForeignKey!;
                if (plan.Nesting is { } nested && ReferenceEquals(nested.ForeignKey, fk))
                {
                    return;
                }

                column.Description = fk.SelfReference
                    ? $"→ an earlier {table.Name} row (a tree)"
                    : fk.Deferred ? $"→ {fk.Parent.Table.Name}, set in a second pass" : $"→ {fk.Parent.Table.Name} ({fk.Distribution.ToString().ToLowerInvariant()})";
                return;
            }

            if (column.Source is ColumnSource.Null or ColumnSource.Ordinal)
            {
                return;
            }

            if (overrides?.Generator == "database_default")
            {
                if (source.Default is null && source.Identity == IdentityKind.None && !column.Nullable)
                {
                    Error(table, column.Name, $"{table.Name}.{column.Name} is NOT NULL and has no default, so the database cannot fill it.");
                }
                else if (column.Stable)
                {
                    Error(table, column.Name, $"{table.Name}.{column.Name} is part of a key other rows depend on; it must be generated.");
                }

                column.Source = ColumnSource.Omitted;
                column.Description = "left to the database";
                return;
            }

            if (overrides?.Generator == "null")
            {
                if (!column.Nullable)
                {
                    Error(table, column.Name, $"{table.Name}.{column.Name} is NOT NULL, so it cannot be set to NULL.");
                }

                column.Source = ColumnSource.Null;
                column.Description = "NULL";
                return;
            }

            column.NullRate = column.Nullable && !column.Stable ? Math.Clamp(overrides?.NullRate ?? request.NullRate, 0, 1) : 0;
            column.Constraints = MergeConstraints(plan, column, hints, overrides);

            var sequence = schema.SequenceOfDefault(source);
            if (overrides?.Generator is null && overrides?.Values is null
                && (source.Identity != IdentityKind.None || sequence is not null || (column.Stable && IsSingleIntegerKey(column, keySets)))
                && column.Type.Kind is MockValueKind.Integer or MockValueKind.Decimal)
            {
                column.Source = ColumnSource.Sequence;
                var lower = column.Constraints.Min is long min ? min : column.Constraints.Min is decimal d ? (long)Math.Ceiling(d) : 1;
                column.SequenceStart = sequence?.StartValue ?? Math.Max(1, lower);
                column.SequenceStep = sequence?.Increment is > 0 ? sequence.Increment.Value : 1;
                column.Description = source.Identity != IdentityKind.None ? "identity: 1, 2, 3…" : sequence is not null ? $"from sequence {sequence.Name}" : $"{column.SequenceStart}, {column.SequenceStart + column.SequenceStep}, …";
                column.Stable = column.Stable || source.Identity != IdentityKind.None;
                column.NullRate = 0;
                return;
            }

            var values = overrides?.Values;
            if (values is { Count: > 0 })
            {
                SetValues(plan, column, values.Select(v => (Text: (object)v.Value, v.Weight)), "chosen values");
                return;
            }

            if (overrides?.Generator is { } generator && generator != "values")
            {
                if (MockGenerators.Find(generator) is null)
                {
                    Error(table, column.Name, $"There is no generator named {generator}.");
                }

                column.Source = ColumnSource.Generator;
                column.Generator = generator;
                column.Description = MockGenerators.Find(generator)?.Label ?? generator;
                return;
            }

            var allowed = hints.AllowedValues;
            if (column.Type.Kind == MockValueKind.Enum)
            {
                var labels = column.Type.EnumValues.Cast<object>();
                allowed = allowed is null ? labels.ToList() : allowed.Where(a => column.Type.EnumValues.Contains(a.ToString())).ToList();
            }

            if (allowed is not null)
            {
                var permitted = allowed.Where(a => !hints.ExcludedValues.Any(e => Equals(e, a)));
                SetValues(plan, column, permitted.Select(v => (v, 1.0)), column.Type.Kind == MockValueKind.Enum ? "enum values" : "values the check allows");
                return;
            }

            if (column.Type.Kind == MockValueKind.Unsupported)
            {
                if (column.Nullable)
                {
                    column.Source = ColumnSource.Null;
                    column.Description = $"NULL: {source.DataType} is not generated";
                    Warn(table, column.Name, $"{table.Name}.{column.Name} has type {source.DataType}, which the generator cannot produce; it is left NULL.");
                }
                else
                {
                    Error(table, column.Name, $"{table.Name}.{column.Name} has type {source.DataType}, which the generator cannot produce, and it is NOT NULL. Leave it to the database default or choose a generator for it.");
                }

                return;
            }

            column.Source = ColumnSource.Generator;
            column.Generator = factory.ChooseGenerator(table, source, column.Type);
            column.Description = MockGenerators.Find(column.Generator)?.Label ?? column.Generator;
        }

        private static bool IsSingleIntegerKey(ColumnPlan column, List<List<ColumnPlan>> keySets) =>
            keySets.Any(k => k.Count == 1 && ReferenceEquals(k[0], column));

        private void SetValues(TablePlan plan, ColumnPlan column, IEnumerable<(object Value, double Weight)> candidates, string description)
        {
            var typed = new List<object>();
            var cumulative = new List<double>();
            double total = 0;
            foreach (var (value, weight) in candidates)
            {
                var converted = MockValueConversion.To(value, column.Type);
                if (converted is null || weight <= 0 || double.IsNaN(weight))
                {
                    continue;
                }

                if (!FitsType(converted, column.Type))
                {
                    continue;
                }

                total += weight;
                typed.Add(converted);
                cumulative.Add(total);
            }

            if (typed.Count == 0)
            {
                if (column.Nullable)
                {
                    column.Source = ColumnSource.Null;
                    column.Description = "NULL: no allowed value fits";
                    Warn(plan.Table, column.Name, $"None of the values for {plan.Table.Name}.{column.Name} fit its type; it is left NULL.");
                }
                else
                {
                    Error(plan.Table, column.Name, $"None of the values for {plan.Table.Name}.{column.Name} fit its type and constraints, so no row can be generated.");
                }

                return;
            }

            column.Source = ColumnSource.Values;
            column.Values = typed;
            column.CumulativeWeights = cumulative.ToArray();
            column.Description = $"{description}: {string.Join(", ", typed.Take(6).Select(MockValueConversion.Display))}{(typed.Count > 6 ? ", …" : "")}";
        }

        private static bool FitsType(object value, MockType type) => value switch
        {
            string text when type.MaxLength is { } max => text.Length <= max,
            long number => number >= type.MinInteger && number <= type.MaxInteger,
            _ => true,
        };

        private ValueConstraints MergeConstraints(TablePlan plan, ColumnPlan column, ColumnHints hints, ColumnOverride? overrides)
        {
            var kind = column.Type.Kind;
            object? min = null, max = null;
            bool minExclusive = false, maxExclusive = false;
            if (kind == MockValueKind.Integer)
            {
                min = column.Type.MinInteger;
                max = column.Type.MaxInteger;
            }

            if (hints.Lower is { } lower && MockValueConversion.ToBound(lower.Value, column.Type) is { } lowerValue)
            {
                (min, minExclusive) = Tighter(min, minExclusive, lowerValue, !lower.Inclusive, upper: false);
            }

            if (hints.Upper is { } upper && MockValueConversion.ToBound(upper.Value, column.Type) is { } upperValue)
            {
                (max, maxExclusive) = Tighter(max, maxExclusive, upperValue, !upper.Inclusive, upper: true);
            }

            if (overrides?.Min is { } overrideMin)
            {
                var parsed = MockValueConversion.To(overrideMin, column.Type);
                if (parsed is null)
                {
                    Error(plan.Table, column.Name, $"The minimum {overrideMin} for {plan.Table.Name}.{column.Name} is not a {kind.ToString().ToLowerInvariant()}.");
                }
                else
                {
                    (min, minExclusive) = Tighter(min, minExclusive, parsed, false, upper: false);
                }
            }

            if (overrides?.Max is { } overrideMax)
            {
                var parsed = MockValueConversion.To(overrideMax, column.Type);
                if (parsed is null)
                {
                    Error(plan.Table, column.Name, $"The maximum {overrideMax} for {plan.Table.Name}.{column.Name} is not a {kind.ToString().ToLowerInvariant()}.");
                }
                else
                {
                    (max, maxExclusive) = Tighter(max, maxExclusive, parsed, false, upper: true);
                }
            }

            // Integers: "> 0" is ">= 1", so generators only ever see inclusive bounds.
            if (kind == MockValueKind.Integer)
            {
                min = IntegerBound(min, minExclusive, upper: false);
                max = IntegerBound(max, maxExclusive, upper: true);
                minExclusive = maxExclusive = false;
            }

            if (min is not null && max is not null && MockValueConversion.Compare(min, max) is { } order
                && (order > 0 || (order == 0 && (minExclusive || maxExclusive))))
            {
                var named = hints.Constraints.Count > 0 ? $" (constraint {string.Join(", ", hints.Constraints)})" : "";
                Error(plan.Table, column.Name, $"No value of {plan.Table.Name}.{column.Name} can satisfy its bounds{named}: it must be ≥ {MockValueConversion.Display(min)} and ≤ {MockValueConversion.Display(max)}.");
            }

            var maxLength = Min(column.Type.MaxLength, hints.MaxLength);
            var minLength = hints.NotEmpty ? Math.Max(1, hints.MinLength ?? 1) : hints.MinLength;
            if (minLength is { } shortest && maxLength is { } longest && shortest > longest)
            {
                var named = hints.Constraints.Count > 0 ? $" (constraint {string.Join(", ", hints.Constraints)})" : "";
                Error(plan.Table, column.Name, $"{plan.Table.Name}.{column.Name} must be at least {shortest} characters long{named} but holds at most {longest}.");
            }

            return new ValueConstraints
            {
                Min = min,
                MinExclusive = minExclusive,
                Max = max,
                MaxExclusive = maxExclusive,
                MinLength = minLength,
                MaxLength = maxLength,
                Distribution = overrides?.Distribution ?? ValueDistribution.Uniform,
                Pattern = overrides?.Pattern,
            };
        }

        private static object? IntegerBound(object? bound, bool exclusive, bool upper)
        {
            var value = bound switch { long l => (decimal)l, decimal d => d, _ => (decimal?)null };
            if (value is not { } v)
            {
                return bound;
            }

            var whole = upper ? decimal.Floor(v) : decimal.Ceiling(v);
            if (exclusive && whole == v)
            {
                whole += upper ? -1 : 1;
            }

            return whole < long.MinValue ? long.MinValue : whole > long.MaxValue ? long.MaxValue : (long)whole;
        }

        private static int? Min(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

        private static (object? Value, bool Exclusive) Tighter(object? current, bool currentExclusive, object candidate, bool candidateExclusive, bool upper)
        {
            if (current is null)
            {
                return (candidate, candidateExclusive);
            }

            var order = MockValueConversion.Compare(candidate, current);
            if (order is null)
            {
                return (current, currentExclusive);
            }

            var tighter = upper ? order < 0 : order > 0;
            return tighter || (order == 0 && candidateExclusive) ? (candidate, candidateExclusive) : (current, currentExclusive);
        }

        /// <summary>Makes every primary and unique key hold: one column carries uniqueness, or the foreign keys combine distinctly.</summary>
        private void PlanKeys(TablePlan plan, List<List<ColumnPlan>> keySets)
        {
            var nesting = plan.Nesting;
            foreach (var key in keySets)
            {
                if (key.Any(c => c.Source == ColumnSource.Sequence || c.Unique))
                {
                    continue;
                }

                if (nesting?.Ordinal is { } ordinal && key.Contains(ordinal) && nesting.ForeignKey.ChildColumns.All(key.Contains))
                {
                    continue;
                }

                var carrier = key.FirstOrDefault(c => c.Source is ColumnSource.Generator && c.Type.Kind is not (MockValueKind.Boolean or MockValueKind.Enum))
                    ?? key.FirstOrDefault(c => c.Source is ColumnSource.Values or ColumnSource.Generator);
                if (carrier is not null)
                {
                    MakeUnique(plan, carrier);
                    continue;
                }

                var keys = key.Where(c => c.Source == ColumnSource.ForeignKey).Select(c => c.ForeignKey!).Distinct().ToList();
                if (keys.Count == 0 || key.Any(c => c.Source is not (ColumnSource.ForeignKey or ColumnSource.Ordinal)))
                {
                    continue;
                }

                if (nesting is not null)
                {
                    keys.Remove(nesting.ForeignKey);
                }

                if (keys.Count == 0)
                {
                    // (parent) alone as a key: at most one child per parent.
                    if (nesting is not null && nesting.Max > 1)
                    {
                        plan.Nesting = new NestingPlan { ForeignKey = nesting.ForeignKey, Min = Math.Min(nesting.Min, 1), Max = 1, Ordinal = nesting.Ordinal };
                        plan.Rows = PlanRowCount(plan);
                        Warn(plan.Table, null, $"{plan.Table.Name} allows one row per {nesting.ForeignKey.Parent.Table.Name}; the child count is capped at 1.");
                    }
                    else if (nesting is null && keys.Count == 0)
                    {
                        continue;
                    }

                    continue;
                }

                if (plan.TupleKey.Count > 0 && !plan.TupleKey.SequenceEqual(keys))
                {
                    Warn(plan.Table, null, $"{plan.Table.Name} has more than one key made only of foreign keys; only ({string.Join(", ", plan.TupleKey.SelectMany(k => k.Key.Columns))}) is guaranteed distinct.");
                    continue;
                }

                if (keys.Any(k => k.SelfReference || k.Deferred || k.Nullable))
                {
                    Warn(plan.Table, null, $"The key ({string.Join(", ", key.Select(c => c.Name))}) of {plan.Table.Name} mixes self-references or nullable foreign keys; duplicates are avoided only by chance.");
                    continue;
                }

                plan.TupleKey = keys;
                var domain = keys.Aggregate((UInt128)1, (product, k) => product * (UInt128)Math.Max(0, k.Parent.Rows));
                var capacity = domain > (UInt128)MaxRowsPerTable ? MaxRowsPerTable : (long)domain;
                if (nesting is not null)
                {
                    if (nesting.Max > capacity)
                    {
                        plan.Nesting = new NestingPlan { ForeignKey = nesting.ForeignKey, Min = (int)Math.Min(nesting.Min, capacity), Max = (int)capacity, Ordinal = nesting.Ordinal };
                        plan.Rows = PlanRowCount(plan);
                        Warn(plan.Table, null, $"{plan.Table.Name}: at most {capacity:N0} rows per {nesting.ForeignKey.Parent.Table.Name} fit the key ({string.Join(", ", key.Select(c => c.Name))}).");
                    }
                }
                else if (plan.Rows > capacity)
                {
                    Warn(plan.Table, null, $"{plan.Table.Name} gets {capacity:N0} rows instead of {plan.Rows:N0}: the key ({string.Join(", ", key.Select(c => c.Name))}) has only {capacity:N0} distinct combinations of parents.");
                    plan.Rows = capacity;
                }

                foreach (var fk in keys)
                {
                    fk.Distribution = ValueDistribution.Uniform;
                }
            }
        }

        private void MakeUnique(TablePlan plan, ColumnPlan column)
        {
            column.Unique = true;
            column.Stable = true;
            column.NullRate = 0;
            long capacity;
            if (column.Source == ColumnSource.Values)
            {
                capacity = column.Values.Count;
            }
            else if (column.Type.Kind is MockValueKind.Integer or MockValueKind.Decimal)
            {
                column.Source = ColumnSource.Sequence;
                var start = column.Constraints.Min switch { long l => l, decimal d => (long)Math.Ceiling(d), _ => 1L };
                if (column.Constraints.MinExclusive && column.Constraints.Min is decimal exclusive && exclusive == start)
                {
                    start++;
                }

                column.SequenceStart = start;
                column.SequenceStep = 1;
                var end = column.Constraints.Max switch { long l => l, decimal d => (long)Math.Floor(d), _ => long.MaxValue };
                capacity = end >= start ? (long)Math.Min((decimal)end - start + 1, MaxRowsPerTable) : 0;
                column.Description = $"{start}, {start + 1}, … (unique)";
            }
            else
            {
                column.Source = ColumnSource.Generator;
                column.Generator ??= factory.ChooseGenerator(plan.Table, column.Column, column.Type);
                capacity = factory.Capacity(column.Generator, column.Type, column.Constraints);
                column.Description = (MockGenerators.Find(column.Generator)?.Label ?? column.Generator) + " (unique)";
            }

            if (plan.Nesting is null && plan.Rows > capacity)
            {
                Warn(plan.Table, column.Name, $"{plan.Table.Name} gets {capacity:N0} rows instead of {plan.Rows:N0}: {column.Name} is unique and holds only {capacity:N0} distinct values.");
                plan.Rows = capacity;
            }
            else if (plan.Nesting is not null && plan.Rows > capacity)
            {
                Error(plan.Table, column.Name, $"{plan.Table.Name} would get {plan.Rows:N0} rows, but {column.Name} is unique and holds only {capacity:N0} distinct values. Lower the child counts.");
            }
        }

        private void PlanRelations(TablePlan plan)
        {
            var relations = plan.Checks.Relations.ToList();
            // updated_at ≥ created_at even where no CHECK says so: it is what any reader of the data expects.
            var created = plan.Columns.FirstOrDefault(c => c.Generator == "created_at");
            if (created is not null)
            {
                foreach (var later in plan.Columns.Where(c => c.Generator is "updated_at" or "deleted_at"))
                {
                    if (!relations.Any(r => r.Left == later.Name && r.Right == created.Name))
                    {
                        relations.Add(new ColumnRelation(later.Name, ">=", created.Name, true, null));
                    }
                }
            }

            foreach (var relation in relations)
            {
                var left = plan.Columns.FirstOrDefault(c => c.Name == relation.Left);
                var right = plan.Columns.FirstOrDefault(c => c.Name == relation.Right);
                if (left is null || right is null || left.Stable || left.Source is not ColumnSource.Generator)
                {
                    continue;
                }

                if (right.After.Any(a => ReferenceEquals(a.Other, left)))
                {
                    continue;
                }

                left.After = [.. left.After, (right, relation.Operator)];
            }
        }

        private static List<ColumnPlan> RowKeyOf(TablePlan plan, List<List<ColumnPlan>> keySets) =>
            keySets.FirstOrDefault(k => k.All(c => !c.Nullable && c.Source != ColumnSource.Omitted && !(c.ForeignKey?.Deferred ?? false))) ?? [];
    }
}
