using Appliance.Core.Schema;

namespace Appliance.Core.Sql.Lint;

/// <summary>What the schema says about keys, indexes and column types, as the rules need it.</summary>
internal static class SchemaFacts
{
    /// <summary>Index methods that can seek on the leading column with = and ranges (or, for hash, with =).</summary>
    public static bool IsSeekable(TableIndex index) =>
        index.Method is null || index.Method.ToLowerInvariant() is "btree" or "hash" or "clustered" or "nonclustered" or "";

    public static bool IsBTree(TableIndex index) =>
        index.Method is null || index.Method.ToLowerInvariant() is "btree" or "nonclustered" or "";

    /// <summary>
    /// The index (or key) a predicate on <paramref name="column"/> could seek with: one whose leading column it is, or
    /// whose earlier columns are all in <paramref name="equalityColumns"/> (pinned by = to a constant).
    /// Expression key parts never match a plain column.
    /// </summary>
    public static string? SeekableIndexOn(Table table, string column, IReadOnlyCollection<string> equalityColumns)
    {
        foreach (var index in table.Indexes.Where(IsSeekable))
        {
            for (var i = 0; i < index.Columns.Count; i++)
            {
                var part = index.Columns[i];
                if (part.IsExpression)
                {
                    break;
                }

                if (SqlFacts.SameName(part.Name, column))
                {
                    return index.Name;
                }

                if (!equalityColumns.Any(e => SqlFacts.SameName(e, part.Name)))
                {
                    break;
                }
            }
        }

        // A primary key or unique constraint is indexed even when the ingested index list leaves it out (SQLite rowid keys).
        foreach (var key in Keys(table))
        {
            if (key.Columns.Count > 0 && SqlFacts.SameName(key.Columns[0], column))
            {
                return key.Name ?? (ReferenceEquals(key, table.PrimaryKey) ? "the primary key" : "a unique constraint");
            }
        }

        return null;
    }

    public static IEnumerable<KeyConstraint> Keys(Table table)
    {
        if (table.PrimaryKey is { } primaryKey)
        {
            yield return primaryKey;
        }

        foreach (var unique in table.UniqueConstraints)
        {
            yield return unique;
        }
    }

    /// <summary>
    /// Column sets that identify a row: the primary key, unique constraints and unique indexes without a filter or
    /// expression, whose columns are all NOT NULL (a unique column may hold several NULLs).
    /// </summary>
    public static IEnumerable<IReadOnlyList<string>> UniqueKeys(Table table)
    {
        if (table.PrimaryKey is { Columns.Count: > 0 } primaryKey)
        {
            yield return primaryKey.Columns;
        }

        foreach (var unique in table.UniqueConstraints.Where(u => u.Columns.Count > 0 && u.Columns.All(c => IsNotNull(table, c))))
        {
            yield return unique.Columns;
        }

        foreach (var index in table.Indexes.Where(i => i.IsUnique && i.Filter is null && i.Columns.Count > 0 && i.Columns.All(c => !c.IsExpression && IsNotNull(table, c.Name))))
        {
            yield return index.Columns.Select(c => c.Name).ToList();
        }
    }

    /// <summary>Whether the columns include a whole unique key of the table, so rows with those values are distinct.</summary>
    public static bool CoversUniqueKey(Table table, IEnumerable<string> columns)
    {
        var set = new HashSet<string>(columns, StringComparer.OrdinalIgnoreCase);
        return UniqueKeys(table).Any(key => key.All(set.Contains));
    }

    public static Column? FindColumn(Table table, string name) =>
        table.Columns.FirstOrDefault(c => c.Name == name) ?? table.Columns.FirstOrDefault(c => SqlFacts.SameName(c.Name, name));

    /// <summary>NOT NULL in the schema (SQLite's non-integer primary keys are ingested as nullable, as they are).</summary>
    public static bool IsNotNull(Table table, string column) => FindColumn(table, column) is { IsNullable: false };

    private static string TypeOf(Column column) => (column.BaseType ?? column.DataType).ToLowerInvariant();

    public static bool IsText(Column column)
    {
        var type = TypeOf(column);
        return type.Contains("char", StringComparison.Ordinal) || type.Contains("text", StringComparison.Ordinal) ||
            type is "citext" or "clob" or "string" or "name" or "sysname" || type.StartsWith("varchar", StringComparison.Ordinal);
    }

    /// <summary>Date-and-time types (not plain DATE), where a date-only upper bound stops at midnight.</summary>
    public static bool IsTimestamp(Column column)
    {
        var type = TypeOf(column);
        return type.StartsWith("timestamp", StringComparison.Ordinal) || type.StartsWith("datetime", StringComparison.Ordinal) ||
            type is "smalldatetime" or "datetimeoffset" or "datetime2";
    }
}
