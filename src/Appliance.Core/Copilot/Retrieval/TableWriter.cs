using System.Text;
using Appliance.Core.Schema;
using Appliance.Core.Sql;

namespace Appliance.Core.Copilot.Retrieval;

/// <summary>A table as the prompt shows it, and the columns shown.</summary>
internal sealed record TableBlock(string Text, IReadOnlyList<Column> Columns);

/// <summary>
/// Writes a table for the prompt as compact DDL: columns with their types, the primary key and foreign keys inline
/// when they have one column, comments cut short. Names are quoted only where the dialect needs it and carry their
/// schema only when the database has more than one.
/// </summary>
internal sealed class TableWriter(SchemaCatalog catalog, SqlDialect dialect, IReadOnlySet<string> questionTerms)
{
    private const int CommentLength = 80;

    /// <summary>The table with at most <paramref name="columns"/> columns, chosen by <see cref="ShownColumns"/>.</summary>
    public TableBlock Write(SchemaRelation relation, int columns)
    {
        var table = relation.Table;
        var shown = ShownColumns(table, columns);
        var shownNames = shown.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var primaryKey = table.PrimaryKey is { } pk && pk.Columns.All(shownNames.Contains) ? pk.Columns : null;
        var singleKeys = table.ForeignKeys
            .Where(k => k.Columns.Count == 1 && shownNames.Contains(k.Columns[0]))
            .GroupBy(k => k.Columns[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var lines = new List<(string Text, string? Comment)>();
        foreach (var column in shown)
        {
            var line = new StringBuilder("  ").Append(Name(column.Name)).Append(' ').Append(column.DataType);
            if (primaryKey is [var only] && only == column.Name)
            {
                line.Append(" PRIMARY KEY");
            }

            if (singleKeys.TryGetValue(column.Name, out var key))
            {
                line.Append(" REFERENCES ").Append(TableName(key.ReferencedSchema, key.ReferencedTable))
                    .Append('(').Append(Name(key.ReferencedColumns[0])).Append(')');
            }

            lines.Add((line.ToString(), column.Comment));
        }

        if (primaryKey is { Count: > 1 })
        {
            lines.Add(($"  PRIMARY KEY ({Names(primaryKey)})", null));
        }

        foreach (var key in table.ForeignKeys.Where(k => k.Columns.Count > 1 && k.Columns.All(shownNames.Contains)))
        {
            lines.Add(($"  FOREIGN KEY ({Names(key.Columns)}) REFERENCES {TableName(key.ReferencedSchema, key.ReferencedTable)}({Names(key.ReferencedColumns)})", null));
        }

        var text = new StringBuilder(relation.IsView ? "CREATE VIEW " : "CREATE TABLE ")
            .Append(TableName(table.Schema, table.Name)).Append(" (");
        if (table.Comment is { Length: > 0 } tableComment)
        {
            text.Append(" -- ").Append(SchemaDocuments.Abbreviate(tableComment, CommentLength));
        }

        text.Append('\n');
        for (var i = 0; i < lines.Count; i++)
        {
            text.Append(lines[i].Text);
            if (i < lines.Count - 1)
            {
                text.Append(',');
            }

            if (lines[i].Comment is { Length: > 0 } comment)
            {
                text.Append(" -- ").Append(SchemaDocuments.Abbreviate(comment, CommentLength));
            }

            text.Append('\n');
        }

        var hidden = table.Columns.Count - shown.Count;
        if (hidden > 0)
        {
            text.Append("  -- ").Append(hidden).Append(hidden == 1 ? " more column not shown\n" : " more columns not shown\n");
        }

        text.Append(");\n");
        return new TableBlock(text.ToString(), shown);
    }

    /// <summary>
    /// The columns kept when not all fit: primary key, then those the question names, then foreign keys, then the rest
    /// by position; shown in their table order.
    /// </summary>
    private List<Column> ShownColumns(Table table, int count)
    {
        if (count >= table.Columns.Count)
        {
            return [.. table.Columns];
        }

        var keyColumns = table.PrimaryKey?.Columns.ToHashSet(StringComparer.Ordinal) ?? [];
        var foreignColumns = table.ForeignKeys.SelectMany(k => k.Columns).ToHashSet(StringComparer.Ordinal);
        var chosen = table.Columns
            .Select((column, position) => (column, position))
            .OrderBy(c => keyColumns.Contains(c.column.Name) ? 0
                : SearchTerms.Of(c.column.Name).Any(questionTerms.Contains) ? 1
                : foreignColumns.Contains(c.column.Name) ? 2
                : 3)
            .ThenBy(c => c.position)
            .Take(Math.Max(0, count))
            .OrderBy(c => c.position)
            .Select(c => c.column);
        return [.. chosen];
    }

    private string TableName(string schema, string name) =>
        catalog.SingleSchema ? Name(name) : Name(schema) + "." + Name(name);

    private string Names(IEnumerable<string> names) => string.Join(", ", names.Select(Name));

    private string Name(string name) => SqlKeywords.NeedsQuoting(name, dialect) ? SqlKeywords.Quote(name, dialect) : name;
}
