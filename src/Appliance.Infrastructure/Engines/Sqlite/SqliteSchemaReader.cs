using System.Data.Common;
using System.Globalization;
using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Microsoft.Data.Sqlite;

namespace Appliance.Infrastructure.Engines;

/// <summary>
/// Reads a SQLite file's schema: one query per kind of object, each joining sqlite_schema to a pragma table-valued
/// function (pragma_table_xinfo, pragma_foreign_key_list, pragma_index_list + pragma_index_xinfo), plus the DDL text
/// for what the pragmas do not report. SQLite has one schema here, "main".
/// </summary>
internal static class SqliteSchemaReader
{
    public const string MainSchema = "main";

    private const string UserObjects = "m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

    /// <summary>
    /// Virtual tables are read one by one after the set-based queries: one whose module is not loaded here (SpatiaLite, an
    /// extension's) fails pragma_table_xinfo, and must not take the whole ingestion down with it. They are few.
    /// </summary>
    private const string NotVirtual = "upper(substr(ltrim(coalesce(m.sql, '')), 1, 20)) <> 'CREATE VIRTUAL TABLE'";

    private const string VirtualTableColumns = """
        SELECT $name, p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden
        FROM pragma_table_xinfo($name) p
        """;

    private const string Objects = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('table', 'view', 'index')";

    private const string Columns = $"""
        SELECT m.name, p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden
        FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p
        WHERE m.type IN ('table', 'view') AND {UserObjects} AND {NotVirtual}
        """;

    /// <summary>Used when a broken view (one naming a dropped table) makes pragma_table_xinfo fail: views then have no columns.</summary>
    private const string TableColumns = $"""
        SELECT m.name, p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden
        FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p
        WHERE m.type = 'table' AND {UserObjects} AND {NotVirtual}
        """;

    private const string ForeignKeys = $"""
        SELECT m.name, f.id, f.seq, f."table", f."from", f."to", f.on_update, f.on_delete
        FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
        WHERE m.type = 'table' AND {UserObjects} AND {NotVirtual}
        """;

    private const string Indexes = $"""
        SELECT m.name, il.name, il."unique", il.origin, il.partial, ii.seqno, ii.cid, ii.name, ii."desc"
        FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_xinfo(il.name) ii
        WHERE m.type = 'table' AND {UserObjects} AND {NotVirtual} AND ii.key = 1
        """;

    private const string Statistics = "SELECT tbl, stat FROM sqlite_stat1";

    public static async Task<DatabaseSchema> ReadAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        var model = new SchemaModelBuilder(DatabaseEngine.Sqlite) { DatabaseName = Path.GetFileName(path) };
        model.AddSchema(MainSchema);
        model.ServerVersion = "SQLite " + await ScalarAsync(connection, "SELECT sqlite_version()", cancellationToken).ConfigureAwait(false);

        var tableDdl = new Dictionary<string, TableDdl>(StringComparer.OrdinalIgnoreCase);
        var virtualTables = new List<string>();
        var indexDdl = new Dictionary<string, IndexDdl>(StringComparer.OrdinalIgnoreCase);
        var tableNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var hasStatistics = false;
        await QueryAsync(connection, Objects, r =>
        {
            var type = r.GetString(0);
            var name = r.GetString(1);
            var sql = r.IsDBNull(3) ? null : r.GetString(3);
            if (name.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
            {
                hasStatistics |= type == "table" && name.Equals("sqlite_stat1", StringComparison.OrdinalIgnoreCase);
                return;
            }

            switch (type)
            {
                case "table":
                    if (sql?.TrimStart().StartsWith("CREATE VIRTUAL TABLE", StringComparison.OrdinalIgnoreCase) == true)
                    {
                        virtualTables.Add(name);
                    }

                    var ddl = SqliteDdlParser.ParseTable(sql);
                    model.AddTable(MainSchema, name, ddl.Comment);
                    tableNames[name] = name;
                    tableDdl[name] = ddl;
                    break;
                case "view":
                    model.AddView(MainSchema, name, SqliteDdlParser.ParseViewQuery(sql), SqliteDdlParser.ParseViewComment(sql));
                    break;
                default:
                    indexDdl[name] = SqliteDdlParser.ParseIndex(sql);
                    break;
            }
        }, cancellationToken).ConfigureAwait(false);

        var primaryKeys = new Dictionary<string, List<(long Position, string Column)>>(StringComparer.OrdinalIgnoreCase);
        try
        {
            await QueryAsync(connection, Columns, r => ReadColumn(model, tableDdl, primaryKeys, r), cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException)
        {
            foreach (var relation in model.Relations)
            {
                relation.Columns.Clear();
            }

            primaryKeys.Clear();
            await QueryAsync(connection, TableColumns, r => ReadColumn(model, tableDdl, primaryKeys, r), cancellationToken).ConfigureAwait(false);
        }

        foreach (var name in virtualTables)
        {
            try
            {
                var command = new SqliteCommand(VirtualTableColumns, connection);
                await using (command.ConfigureAwait(false))
                {
                    command.Parameters.AddWithValue("$name", name);
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            ReadColumn(model, tableDdl, primaryKeys, reader);
                        }
                    }
                }
            }
            catch (SqliteException)
            {
                // "no such module": the table is listed without columns rather than failing the whole schema.
            }
        }

        var foreignKeys = new Dictionary<(string Table, long Id), List<(long Seq, string Referenced, string From, string? To, string OnUpdate, string OnDelete)>>();
        await QueryAsync(connection, ForeignKeys, r =>
        {
            var key = (r.GetString(0), r.GetInt64(1));
            if (!foreignKeys.TryGetValue(key, out var rows))
            {
                foreignKeys[key] = rows = [];
            }

            rows.Add((r.GetInt64(2), r.GetString(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6), r.GetString(7)));
        }, cancellationToken).ConfigureAwait(false);

        var indexes = new Dictionary<(string Table, string Index), IndexRows>();
        await QueryAsync(connection, Indexes, r =>
        {
            var key = (r.GetString(0), r.GetString(1));
            if (!indexes.TryGetValue(key, out var index))
            {
                indexes[key] = index = new IndexRows(r.GetInt64(2) == 1, r.GetString(3), r.GetInt64(4) == 1);
            }

            index.Columns.Add((r.GetInt64(5), r.GetInt64(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetInt64(8) == 1));
        }, cancellationToken).ConfigureAwait(false);

        if (hasStatistics)
        {
            var estimates = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            await QueryAsync(connection, Statistics, r =>
            {
                if (r.IsDBNull(0) || r.IsDBNull(1))
                {
                    return;
                }

                var first = r.GetString(1).Split(' ', 2)[0];
                if (long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var rows))
                {
                    estimates[r.GetString(0)] = Math.Max(rows, estimates.GetValueOrDefault(r.GetString(0)));
                }
            }, cancellationToken).ConfigureAwait(false);
            foreach (var (table, rows) in estimates)
            {
                if (model.FindTable(MainSchema, table) is { } builder)
                {
                    builder.RowEstimate = rows;
                }
            }
        }

        foreach (var (name, ddl) in tableDdl)
        {
            if (model.FindTable(MainSchema, name) is { } table)
            {
                Finish(table, ddl, primaryKeys.GetValueOrDefault(name));
            }
        }

        AddForeignKeys(model, tableDdl, tableNames, foreignKeys);
        AddIndexes(model, tableDdl, indexDdl, indexes);
        return model.Build();
    }

    private sealed record IndexRows(bool Unique, string Origin, bool Partial)
    {
        public List<(long Seq, long Cid, string? Name, bool Descending)> Columns { get; } = [];
    }

    private static async Task<string> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new SqliteCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) ?? "";
        }
    }

    private static async Task QueryAsync(SqliteConnection connection, string sql, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        var command = new SqliteCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    row(reader);
                }
            }
        }
    }

    private static void ReadColumn(
        SchemaModelBuilder model, Dictionary<string, TableDdl> tableDdl, Dictionary<string, List<(long Position, string Column)>> primaryKeys, DbDataReader r)
    {
        var relationName = r.GetString(0);
        if (model.Find(MainSchema, relationName) is not { } relation)
        {
            return;
        }

        var name = r.GetString(2);
        var declared = r.IsDBNull(3) ? "" : r.GetString(3);
        var hidden = r.GetInt64(7); // 0 normal, 1 hidden (virtual tables), 2 generated virtual, 3 generated stored
        if (hidden == 1)
        {
            return;
        }

        var ddl = tableDdl.GetValueOrDefault(relationName);
        var columnDdl = ddl?.Columns.GetValueOrDefault(name);
        var (baseType, length, precision, scale) = ParseDeclaredType(declared);
        var generated = hidden is 2 or 3;
        var pkPosition = r.GetInt64(6);
        if (pkPosition > 0 && !relation.IsView)
        {
            if (!primaryKeys.TryGetValue(relationName, out var key))
            {
                primaryKeys[relationName] = key = [];
            }

            key.Add((pkPosition, name));
        }

        relation.Columns.Add(new Column
        {
            Name = name,
            Ordinal = (int)r.GetInt64(1) + 1,
            DataType = declared,
            BaseType = baseType,
            MaxLength = length,
            Precision = precision,
            Scale = scale,
            IsNullable = r.GetInt64(4) == 0,
            Default = generated || r.IsDBNull(5) ? null : r.GetString(5),
            GenerationExpression = generated ? columnDdl?.GenerationExpression : null,
            IsGeneratedStored = hidden == 3,
            Collation = relation.IsView ? null : columnDdl?.Collation,
            Comment = relation.IsView ? null : columnDdl?.Comment,
        });
    }

    /// <summary>
    /// The lower-case type name without modifiers, and the length or precision/scale in parentheses:
    /// "VARCHAR(40)" → ("varchar", 40, null, null), "DECIMAL(10, 2)" → ("decimal", null, 10, 2); no declared type → null.
    /// </summary>
    internal static (string? BaseType, int? Length, int? Precision, int? Scale) ParseDeclaredType(string declared)
    {
        var text = declared.Trim();
        if (text.Length == 0)
        {
            return (null, null, null, null);
        }

        var open = text.IndexOf('(', StringComparison.Ordinal);
        var name = (open < 0 ? text : text[..open]).Trim().ToLowerInvariant();
        if (open < 0)
        {
            return (name, null, null, null);
        }

        var close = text.IndexOf(')', open);
        var arguments = text[(open + 1)..(close < 0 ? text.Length : close)]
            .Split(',', StringSplitOptions.TrimEntries)
            .Select(a => int.TryParse(a, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null)
            .ToArray();
        var isNumeric = name.Contains("dec", StringComparison.Ordinal) || name.Contains("num", StringComparison.Ordinal)
            || name.Contains("real", StringComparison.Ordinal) || name.Contains("doub", StringComparison.Ordinal) || name.Contains("floa", StringComparison.Ordinal);
        return isNumeric
            ? (name, null, arguments.ElementAtOrDefault(0), arguments.ElementAtOrDefault(1))
            : (name, arguments.ElementAtOrDefault(0), null, null);
    }

    /// <summary>Primary key, identity and checks of a table, once its columns are known.</summary>
    private static void Finish(RelationBuilder table, TableDdl ddl, List<(long Position, string Column)>? key)
    {
        // pragma_table_xinfo's pk is the 1-based position in the key (the table's column order is not the key order).
        if (key is { Count: > 0 })
        {
            var resolved = key.OrderBy(k => k.Position).Select(k => k.Column).ToList();
            table.PrimaryKey = new KeyConstraint { Name = ddl.PrimaryKey?.Name, Columns = resolved };
            if (resolved.Count == 1 && !ddl.WithoutRowid)
            {
                // A single-column INTEGER PRIMARY KEY of a rowid table is the rowid: never NULL, assigned automatically.
                var index = table.Columns.FindIndex(c => c.Name == resolved[0]);
                if (index >= 0 && table.Columns[index].DataType.Equals("INTEGER", StringComparison.OrdinalIgnoreCase))
                {
                    // The rowid alias: SQLite assigns it (AUTOINCREMENT additionally never reuses values).
                    table.Columns[index] = table.Columns[index] with { Identity = IdentityKind.AutoIncrement, IsNullable = false };
                }
            }
        }

        foreach (var check in ddl.Checks)
        {
            table.CheckConstraints.Add(new CheckConstraint { Name = check.Name, Expression = check.Expression });
        }
    }

    private static void AddForeignKeys(
        SchemaModelBuilder model,
        Dictionary<string, TableDdl> tableDdl,
        Dictionary<string, string> tableNames,
        Dictionary<(string Table, long Id), List<(long Seq, string Referenced, string From, string? To, string OnUpdate, string OnDelete)>> foreignKeys)
    {
        foreach (var ((tableName, _), rows) in foreignKeys)
        {
            if (model.FindTable(MainSchema, tableName) is not { } table)
            {
                continue;
            }

            rows.Sort((a, b) => a.Seq.CompareTo(b.Seq));
            var referenced = tableNames.GetValueOrDefault(rows[0].Referenced) ?? rows[0].Referenced;
            var columns = rows.Select(x => x.From).ToList();
            IReadOnlyList<string> referencedColumns = rows.Select(x => x.To ?? "").ToList();
            if (referencedColumns.Any(c => c.Length == 0))
            {
                // REFERENCES t without columns: the referenced table's primary key.
                referencedColumns = tableDdl.GetValueOrDefault(referenced)?.PrimaryKey?.Columns ?? referencedColumns;
            }

            var name = tableDdl.GetValueOrDefault(tableName)?.ForeignKeys.Find(f => SqliteDdlParser.SameColumns(f.Columns, columns))?.Name;
            table.ForeignKeys.Add(new ForeignKey
            {
                Name = name,
                Columns = columns,
                ReferencedSchema = MainSchema,
                ReferencedTable = referenced,
                ReferencedColumns = referencedColumns,
                OnDelete = ReferentialActions.Parse(rows[0].OnDelete),
                OnUpdate = ReferentialActions.Parse(rows[0].OnUpdate),
            });
        }
    }

    private static void AddIndexes(
        SchemaModelBuilder model,
        Dictionary<string, TableDdl> tableDdl,
        Dictionary<string, IndexDdl> indexDdl,
        Dictionary<(string Table, string Index), IndexRows> indexes)
    {
        foreach (var ((tableName, indexName), index) in indexes)
        {
            if (model.FindTable(MainSchema, tableName) is not { } table)
            {
                continue;
            }

            var ddl = indexDdl.GetValueOrDefault(indexName);
            index.Columns.Sort((a, b) => a.Seq.CompareTo(b.Seq));
            var columns = index.Columns.Select(c => c.Cid == -2
                    ? new IndexColumn { Name = ddl?.Items.ElementAtOrDefault((int)c.Seq) ?? "", IsExpression = true, Descending = c.Descending }
                    : new IndexColumn { Name = c.Name ?? "", Descending = c.Descending })
                .ToList();
            table.Indexes.Add(new TableIndex
            {
                Name = indexName,
                Columns = columns,
                IsUnique = index.Unique,
                IsPrimaryKey = index.Origin == "pk",
                Filter = index.Partial ? ddl?.Where : null,
                Method = "btree",
            });

            if (index.Origin == "u")
            {
                var names = columns.Select(c => c.Name).ToList();
                var declared = tableDdl.GetValueOrDefault(tableName)?.Uniques.Find(u => SqliteDdlParser.SameColumns(u.Columns, names));
                table.UniqueConstraints.Add(new KeyConstraint { Name = declared?.Name, Columns = names });
            }
        }
    }
}
