using Appliance.Core.MockData.Checks;
using Appliance.Core.MockData.Values;

namespace Appliance.Core.MockData;

/// <summary>
/// The rows of a plan, produced on demand. Nothing is held in memory beyond one row per table: every value is a pure
/// function of (seed, table, row, column), so a parent row can be recomputed when a child references it.
/// </summary>
public sealed class MockDataSet
{
    private MockDataSet(MockPlan plan)
    {
        Plan = plan;
        Tables = plan.Tables.Select(t => new MockTableData(this, t)).ToList();
    }

    public MockPlan Plan { get; }

    /// <summary>In load order (parents first).</summary>
    public IReadOnlyList<MockTableData> Tables { get; }

    public long TotalRows => Plan.TotalRows;

    internal bool EdgeCases => Plan.Request.EdgeCases;

    internal ulong Seed => Plan.Request.Seed;

    /// <summary>The data of a plan; refuses a plan with errors (their messages say what to change).</summary>
    public static MockDataSet Create(MockPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.HasErrors)
        {
            throw new MockDataException(string.Join(" ", plan.Messages.Where(m => m.Severity == PlanSeverity.Error).Select(m => m.Text)));
        }

        return new MockDataSet(plan);
    }

    public MockTableData this[TablePlan table] => Tables[table.Ordinal];

    /// <summary>Generates the first rows of every table (as a preview would) so an unsatisfiable check is found before a long run starts.</summary>
    public void Probe(int rowsPerTable = 50)
    {
        foreach (var table in Tables)
        {
            foreach (var _ in table.Rows().Take(rowsPerTable))
            {
            }
        }
    }
}

/// <summary>A problem found while generating, e.g. a CHECK no generated value satisfies. The message is for the user.</summary>
public sealed class MockDataException(string message) : Exception(message);

public sealed class MockTableData
{
    private const int MaxAttempts = 200;
    private readonly MockDataSet set;
    private RowCursor? referenceCursor;

    internal MockTableData(MockDataSet set, TablePlan plan)
    {
        this.set = set;
        Plan = plan;
        Columns = plan.Written.ToList();
        DeferredColumns = Columns.Where(c => c.ForeignKey is { Deferred: true }).ToList();
    }

    public TablePlan Plan { get; }

    public long RowCount => Plan.Rows;

    /// <summary>Columns others are made from (an e-mail from the names in the same row).</summary>
    internal SiblingColumns Siblings => field ??= SiblingColumns.For(Plan.Table, set.Plan.Schema);

    /// <summary>The columns written, in table order (generated columns and columns left to the database are not).</summary>
    public IReadOnlyList<ColumnPlan> Columns { get; }

    /// <summary>Foreign-key columns that close a cycle: NULL in the first pass when loading, set by <see cref="DeferredUpdates"/>.</summary>
    public IReadOnlyList<ColumnPlan> DeferredColumns { get; }

    /// <summary>
    /// Every row, as values of <see cref="Columns"/>. The same array is reused for every row: copy it to keep it.
    /// With <paramref name="deferCycles"/>, deferred foreign-key columns are NULL (for loading in foreign-key order).
    /// </summary>
    public IEnumerable<object?[]> Rows(bool deferCycles = false, CancellationToken cancellationToken = default)
    {
        var cursor = new RowCursor(set, this);
        var output = new object?[Columns.Count];
        var deferred = Columns.Select(c => deferCycles && c.ForeignKey is { Deferred: true }).ToArray();
        long row = 0;
        foreach (var (parent, ordinal) in Positions())
        {
            if ((row & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            cursor.Start(row, parent, ordinal);
            cursor.Complete();
            for (var i = 0; i < output.Length; i++)
            {
                output[i] = deferred[i] ? null : cursor.Cell(Columns[i].Index);
            }

            yield return output;
            row++;
        }
    }

    /// <summary>For the second pass of a cycle: per row, the values of <see cref="TablePlan.RowKey"/> followed by those of <see cref="DeferredColumns"/>; rows whose deferred values are all NULL are skipped.</summary>
    public IEnumerable<object?[]> DeferredUpdates(CancellationToken cancellationToken = default)
    {
        if (DeferredColumns.Count == 0)
        {
            yield break;
        }

        var cursor = new RowCursor(set, this);
        var key = Plan.RowKey;
        var output = new object?[key.Count + DeferredColumns.Count];
        long row = 0;
        foreach (var (parent, ordinal) in Positions())
        {
            if ((row & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            cursor.Start(row, parent, ordinal);
            var any = false;
            for (var i = 0; i < DeferredColumns.Count; i++)
            {
                var value = cursor.Cell(DeferredColumns[i].Index);
                output[key.Count + i] = value;
                any |= value is not null;
            }

            if (any)
            {
                for (var i = 0; i < key.Count; i++)
                {
                    output[i] = cursor.Cell(key[i].Index);
                }

                yield return output;
            }

            row++;
        }
    }

    /// <summary>One row by number (a fresh array), the same as <see cref="Rows"/> yields at that position.</summary>
    public object?[] Row(long row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        var cursor = new RowCursor(set, this);
        var (parent, ordinal) = Locate(row);
        cursor.Start(row, parent, ordinal);
        cursor.Complete();
        return Columns.Select(c => cursor.Cell(c.Index)).ToArray();
    }

    /// <summary>The value of a key column in a given row, for a child that references it. Key columns never depend on check retries.</summary>
    internal object? CellAt(long row, int column)
    {
        referenceCursor ??= new RowCursor(set, this);
        var (parent, ordinal) = Locate(row);
        referenceCursor.Start(row, parent, ordinal);
        return referenceCursor.Cell(column);
    }

    /// <summary>(parent row, position within the parent) of every row in order; (-1, -1) for a table that is not nested.</summary>
    private IEnumerable<(long Parent, long Ordinal)> Positions()
    {
        if (Plan.Nesting is not { } nesting)
        {
            for (long row = 0; row < RowCount; row++)
            {
                yield return (-1, -1);
            }

            yield break;
        }

        var parents = nesting.ForeignKey.Parent.Rows;
        for (long parent = 0; parent < parents; parent++)
        {
            var children = MockRows.ChildCount(set.Seed, Plan, parent);
            for (long ordinal = 0; ordinal < children; ordinal++)
            {
                yield return (parent, ordinal);
            }
        }
    }

    private (long Parent, long Ordinal) Locate(long row)
    {
        if (Plan.Nesting is not { } nesting)
        {
            return (-1, -1);
        }

        // Every pair of parents has Min + Max children (see MockRows.ChildCount), so the parent is found by division.
        var perPair = nesting.Min + nesting.Max;
        var pair = row / perPair;
        var rest = row - (pair * perPair);
        var first = MockRows.ChildCount(set.Seed, Plan, 2 * pair);
        return rest < first ? (2 * pair, rest) : ((2 * pair) + 1, rest - first);
    }

    /// <summary>Computes one row's cells lazily, in whatever order they are asked for, with check retries.</summary>
    private sealed class RowCursor
    {
        private readonly MockDataSet set;
        private readonly MockTableData data;
        private readonly TablePlan plan;
        private readonly IReadOnlyList<ColumnPlan> columns;
        private readonly object?[] values;
        private readonly bool[] done;
        private readonly bool[] computing;
        private readonly int[] attempts;
        private readonly long[] parentRows;
        private readonly bool[] parentDone;
        private readonly Dictionary<string, int> byName;
        private readonly Func<string, object?> valueOf;
        private readonly CompiledCheck[] checks;
        private readonly TupleKey? tuple;
        private readonly SiblingColumns siblings;
        private long row;
        private long parent;
        private long ordinal;

        public RowCursor(MockDataSet set, MockTableData data)
        {
            this.set = set;
            this.data = data;
            plan = data.Plan;
            columns = plan.Columns;
            values = new object?[columns.Count];
            done = new bool[columns.Count];
            computing = new bool[columns.Count];
            attempts = new int[columns.Count];
            parentRows = new long[plan.ForeignKeys.Count];
            parentDone = new bool[plan.ForeignKeys.Count];
            byName = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++)
            {
                byName.TryAdd(columns[i].Name, i);
            }

            valueOf = name => byName.TryGetValue(name, out var index) ? Cell(index) : null;
            checks = plan.Checks.Checks.Where(c => c.CanEvaluate).ToArray();
            tuple = plan.TupleKey.Count > 0 ? new TupleKey(plan, set.Seed) : null;
            siblings = data.Siblings;
        }

        public void Start(long row, long parent, long ordinal)
        {
            this.row = row;
            this.parent = parent;
            this.ordinal = ordinal;
            Array.Clear(done);
            Array.Clear(attempts);
            Array.Clear(parentDone);
        }

        /// <summary>Computes every written cell and retries non-key cells until every check passes.</summary>
        public void Complete()
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (columns[i].Source != ColumnSource.Omitted)
                {
                    Cell(i);
                }
            }

            foreach (var check in checks)
            {
                var tries = 0;
                while (!check.Evaluate(valueOf))
                {
                    if (++tries > MaxAttempts || !Regenerate(check))
                    {
                        throw Unsatisfiable(check, tries);
                    }
                }
            }

            // A retry for a later check may have broken an earlier one: confirm all once more.
            foreach (var check in checks)
            {
                if (!check.Evaluate(valueOf))
                {
                    throw Unsatisfiable(check, MaxAttempts);
                }
            }
        }

        private MockDataException Unsatisfiable(CompiledCheck check, int tries)
        {
            var shown = string.Join(", ", check.Columns.Where(byName.ContainsKey).Select(c => $"{c} = {MockValueConversion.Display(Cell(byName[c]))}"));
            return new MockDataException($"Check constraint {check.Display} on {plan.Table.QualifiedName} cannot be satisfied: row {row + 1} still violates it after {tries} attempts (last values: {shown}). Override the columns it names with values or ranges that satisfy it.");
        }

        private bool Regenerate(CompiledCheck check)
        {
            var changed = false;
            foreach (var name in check.Columns)
            {
                if (byName.TryGetValue(name, out var index) && !columns[index].Stable && columns[index].Source is ColumnSource.Generator or ColumnSource.Values)
                {
                    attempts[index]++;
                    done[index] = false;
                    changed = true;
                }
            }

            if (!changed)
            {
                return false;
            }

            // Columns computed from a regenerated one (ends_on after starts_on) follow it.
            for (var i = 0; i < columns.Count; i++)
            {
                if (columns[i].After.Any(a => !done[a.Other.Index]))
                {
                    done[i] = false;
                }
            }

            for (var i = 0; i < columns.Count; i++)
            {
                if (columns[i].Source != ColumnSource.Omitted)
                {
                    Cell(i);
                }
            }

            return true;
        }

        public object? Cell(int index)
        {
            if (done[index])
            {
                return values[index];
            }

            if (computing[index])
            {
                // A dependency loop (a relation both ways): give up the relation rather than recurse.
                return null;
            }

            computing[index] = true;
            try
            {
                values[index] = Compute(columns[index]);
            }
            finally
            {
                computing[index] = false;
            }

            done[index] = true;
            return values[index];
        }

        private object? Compute(ColumnPlan column)
        {
            switch (column.Source)
            {
                case ColumnSource.Omitted or ColumnSource.Null:
                    return null;
                case ColumnSource.Sequence:
                    return MockRows.Number(column.SequenceStart + row * column.SequenceStep, column.Type.Kind);
                case ColumnSource.Ordinal:
                    return MockRows.Number(ordinal + 1, column.Type.Kind);
                case ColumnSource.ForeignKey:
                    var fk = column.ForeignKey!;
                    var parentRow = ParentRow(fk);
                    return parentRow < 0 ? null : set[fk.Parent].CellAt(parentRow, fk.ParentColumns[column.ForeignKeyPosition].Index);
            }

            var random = MockRandom.For(set.Seed, plan.Ordinal, row, column.Index + attempts[column.Index] * 7919);
            if (column.Nullable && !column.Stable && (set.EdgeCases ? EdgeNullRow : random.Chance(column.NullRate)))
            {
                return null;
            }

            if (column.Source == ColumnSource.Values)
            {
                return column.Unique ? column.Values[(int)(row % column.Values.Count)] : MockRows.Pick(column, ref random);
            }

            var constraints = column.After.Count == 0 ? column.Constraints : Related(column);
            try
            {
                return Generate(column, constraints, ref random);
            }
            catch (InvalidOperationException) when (!ReferenceEquals(constraints, column.Constraints))
            {
                // The related column took a value at the edge of the range (9999-12-31): nothing lies beyond it, so
                // generate freely and let the check retry both.
                return Generate(column, column.Constraints, ref random);
            }
        }

        private object? Generate(ColumnPlan column, ValueConstraints constraints, ref MockRandom random) =>
            set.EdgeCases && attempts[column.Index] == 0 && !column.Stable
                ? set.Plan.Values.CreateEdge(column.Type, constraints, ref random, row)
                : set.Plan.Values.Create(column.Generator!, column.Type, constraints, ref random, new ValueContext(row, column.Unique, valueOf) { Siblings = siblings });

        /// <summary>Every fourth row of edge-case data is NULL in every nullable column.</summary>
        private bool EdgeNullRow => row % 4 == 3;

        private ValueConstraints Related(ColumnPlan column)
        {
            var constraints = column.Constraints;
            if (column.Type.Kind is MockValueKind.Text or MockValueKind.Enum or MockValueKind.Json)
            {
                // Text that holds dates (SQLite) is ordered by retrying against the check instead.
                return constraints;
            }

            foreach (var (other, op) in column.After)
            {
                var value = Cell(other.Index);
                if (value is null || MockValueConversion.Compare(value, value) is null || value.GetType() != (constraints.Min ?? constraints.Max ?? value).GetType())
                {
                    continue;
                }

                constraints = op switch
                {
                    ">" or ">=" when constraints.Min is null || MockValueConversion.Compare(value, constraints.Min) >= 0 =>
                        constraints with { Min = value, MinExclusive = op == ">" },
                    "<" or "<=" when constraints.Max is null || MockValueConversion.Compare(value, constraints.Max) <= 0 =>
                        constraints with { Max = value, MaxExclusive = op == "<" },
                    _ => constraints,
                };
            }

            return constraints;
        }

        private long ParentRow(ForeignKeyPlan fk)
        {
            var slot = fk.Stream - columns.Count;
            if (parentDone[slot])
            {
                return parentRows[slot];
            }

            parentRows[slot] = ChooseParent(fk);
            parentDone[slot] = true;
            return parentRows[slot];
        }

        private long ChooseParent(ForeignKeyPlan fk)
        {
            if (plan.Nesting is { } nesting && ReferenceEquals(nesting.ForeignKey, fk))
            {
                return parent;
            }

            if (tuple is not null && tuple.Contains(fk))
            {
                return tuple.ParentOf(fk, row, parent, ordinal);
            }

            var random = MockRandom.For(set.Seed, plan.Ordinal, row, fk.Stream);
            if (fk.Nullable && (set.EdgeCases ? EdgeNullRow : random.Chance(fk.NullRate)))
            {
                return -1;
            }

            if (fk.SelfReference)
            {
                // Each row hangs under an earlier one: a real tree, its root the first row.
                return row == 0 ? (fk.Nullable ? -1 : 0) : MockRows.Choose(row, fk.Distribution, ref random);
            }

            var parents = fk.Parent.Rows;
            return parents == 0 ? -1 : MockRows.Choose(parents, fk.Distribution, ref random);
        }
    }

    /// <summary>Distinct combinations of parents for a key made only of foreign keys, by a bijection on the row number.</summary>
    private sealed class TupleKey
    {
        private readonly ForeignKeyPlan[] keys;
        private readonly long[] sizes;
        private readonly UInt128 domain;
        private readonly UInt128 multiplier;
        private readonly UInt128 offset;
        private readonly ulong seed;
        private readonly int table;

        public TupleKey(TablePlan plan, ulong seed)
        {
            keys = plan.TupleKey.ToArray();
            sizes = keys.Select(k => Math.Max(1, k.Parent.Rows)).ToArray();
            domain = sizes.Aggregate((UInt128)1, (product, size) => product * (UInt128)size);
            this.seed = seed;
            table = plan.Ordinal;
            // A multiplier coprime with the domain makes row ↦ (a·row + c) mod D a permutation.
            multiplier = domain <= 1 ? 1 : (UInt128)((double)domain * 0.6180339887498949) | 1;
            while (multiplier > 1 && UInt128Gcd(multiplier, domain) != 1)
            {
                multiplier += 2;
            }

            offset = domain <= 1 ? 0 : (UInt128)MockRandom.Mix(seed + (ulong)table) % domain;
        }

        public bool Contains(ForeignKeyPlan fk) => Array.IndexOf(keys, fk) >= 0;

        public long ParentOf(ForeignKeyPlan fk, long row, long parent, long ordinal)
        {
            // Nested tables need distinct combinations within each parent only.
            var position = parent < 0 ? (UInt128)row : (UInt128)ordinal;
            var shift = parent < 0 ? offset : (offset + (UInt128)MockRandom.Mix(seed ^ ((ulong)parent * 0x9E3779B97F4A7C15UL) ^ (ulong)table)) % domain;
            var combination = (multiplier * position % domain + shift) % domain;
            var index = Array.IndexOf(keys, fk);
            for (var i = 0; i < index; i++)
            {
                combination /= (UInt128)sizes[i];
            }

            return (long)(combination % (UInt128)sizes[index]);
        }

        private static UInt128 UInt128Gcd(UInt128 a, UInt128 b)
        {
            while (b != 0)
            {
                (a, b) = (b, a % b);
            }

            return a;
        }
    }
}

/// <summary>Row-level arithmetic shared by the planner and the generator.</summary>
internal static class MockRows
{
    /// <summary>
    /// How many rows a nested table gets for one parent row, fixed by the seed. Parents come in pairs whose counts add up
    /// to Min + Max (one draws r, its partner gets the complement), so counts still spread over Min..Max while the rows
    /// before any parent, and the parent of any row, are plain arithmetic: no counts are stored and no parent is walked.
    /// </summary>
    public static long ChildCount(ulong seed, TablePlan plan, long parent)
    {
        var nesting = plan.Nesting!;
        if (nesting.Max <= nesting.Min)
        {
            return nesting.Min;
        }

        var random = MockRandom.For(seed, plan.Ordinal, parent / 2, int.MinValue);
        var drawn = random.NextInt64(nesting.Max - nesting.Min + 1);
        return parent % 2 == 0 ? nesting.Min + drawn : nesting.Max - drawn;
    }

    /// <summary>Rows of a nested table for its first <paramref name="parents"/> parent rows.</summary>
    public static long RowsFor(ulong seed, TablePlan plan, long parents)
    {
        var nesting = plan.Nesting!;
        var total = (parents / 2) * (nesting.Min + nesting.Max);
        return parents % 2 == 1 ? total + ChildCount(seed, plan, parents - 1) : total;
    }

    /// <summary>A parent among <paramref name="count"/>: uniform, or skewed so that a few parents get most children.</summary>
    public static long Choose(long count, ValueDistribution distribution, ref MockRandom random)
    {
        if (distribution == ValueDistribution.Skewed)
        {
            var u = random.NextDouble();
            return Math.Min(count - 1, (long)(count * u * u * u));
        }

        return random.NextInt64(count);
    }

    public static object Pick(ColumnPlan column, ref MockRandom random)
    {
        var weights = column.CumulativeWeights;
        var target = random.NextDouble() * weights[^1];
        var index = Array.BinarySearch(weights, target);
        index = index < 0 ? ~index : index + 1;
        return column.Values[Math.Min(index, column.Values.Count - 1)];
    }

    public static object Number(long value, MockValueKind kind) => kind switch
    {
        MockValueKind.Decimal => (decimal)value,
        MockValueKind.Float => (double)value,
        MockValueKind.Text => value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };
}
