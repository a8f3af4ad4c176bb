using System.Data.Common;
using System.Globalization;
using Appliance.Core.Connections;
using Appliance.Core.Schema;
using MySqlConnector;

namespace Appliance.Infrastructure.Engines;

/// <summary>
/// Reads MySQL / MariaDB schemas (databases) with one multi-statement command of information_schema queries —
/// one round trip, a fixed number of queries whatever the number of tables.
/// </summary>
internal static class MySqlSchemaReader
{
    public static async Task<DatabaseSchema> ReadAsync(MySqlConnection connection, string? database, CancellationToken cancellationToken)
    {
        var flavor = ServerFlavor.Parse(connection.ServerVersion);
        var single = !string.IsNullOrEmpty(database);
        var queries = new List<string>
        {
            MySqlCatalogSql.Header,
            MySqlCatalogSql.Schemas(single),
            MySqlCatalogSql.Tables(single),
            MySqlCatalogSql.Views(single),
            MySqlCatalogSql.Columns(single),
            MySqlCatalogSql.ForeignKeyColumns(single),
            MySqlCatalogSql.ReferentialActions(single),
            MySqlCatalogSql.Indexes(single, flavor.HasFunctionalIndexes),
        };
        if (flavor.HasCheckConstraints)
        {
            queries.Add(flavor.IsMariaDb ? MySqlCatalogSql.MariaDbChecks(single) : MySqlCatalogSql.MySqlChecks(single));
        }

        var command = new MySqlCommand(string.Join(";\n", queries), connection) { CommandTimeout = MySqlEngineAdapter.CatalogCommandTimeoutSeconds };
        await using (command.ConfigureAwait(false))
        {
            if (single)
            {
                command.Parameters.AddWithValue("@db", database);
            }

            var model = new SchemaModelBuilder(DatabaseEngine.MySql);
            var tableCollations = new Dictionary<(string, string), string>();
            var foreignKeys = new Dictionary<(string Schema, string Table, string Name), List<ForeignKeyRow>>();
            var actions = new Dictionary<(string Schema, string Table, string Name), (string Update, string Delete)>();
            var indexes = new Dictionary<(string Schema, string Table, string Name), List<IndexRow>>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await ReadRowsAsync(reader, r =>
                {
                    var version = r.GetString(0);
                    model.ServerVersion = (flavor.IsMariaDb ? "MariaDB " : "MySQL ") + version;
                    model.DatabaseName = Text(r, 1);
                }, cancellationToken).ConfigureAwait(false);
                await ReadRowsAsync(reader, r => model.AddSchema(r.GetString(0)), cancellationToken).ConfigureAwait(false);
                await ReadRowsAsync(reader, r => ReadTable(model, tableCollations, r), cancellationToken).ConfigureAwait(false);
                await ReadRowsAsync(reader, r =>
                {
                    if (model.Find(r.GetString(0), r.GetString(1)) is { IsView: true } view)
                    {
                        view.Definition = Text(r, 2);
                    }
                }, cancellationToken).ConfigureAwait(false);
                await ReadRowsAsync(reader, r => ReadColumn(model, tableCollations, flavor, r), cancellationToken).ConfigureAwait(false);
                await ReadRowsAsync(reader, r =>
                {
                    var key = (r.GetString(0), r.GetString(1), r.GetString(2));
                    if (!foreignKeys.TryGetValue(key, out var rows))
                    {
                        foreignKeys[key] = rows = [];
                    }

                    rows.Add(new ForeignKeyRow(Int(r, 4) ?? 0, r.GetString(3), r.GetString(5), r.GetString(6), r.GetString(7)));
                }, cancellationToken).ConfigureAwait(false);
                await ReadRowsAsync(
                    reader,
                    r => actions[(r.GetString(0), r.GetString(1), r.GetString(2))] = (r.GetString(3), r.GetString(4)),
                    cancellationToken).ConfigureAwait(false);
                await ReadRowsAsync(reader, r =>
                {
                    var key = (r.GetString(0), r.GetString(1), r.GetString(2));
                    if (!indexes.TryGetValue(key, out var rows))
                    {
                        indexes[key] = rows = [];
                    }

                    rows.Add(new IndexRow(
                        Int(r, 4) ?? 0, Text(r, 5), Text(r, 9), Text(r, 6) == "D", Int(r, 3) == 0, Text(r, 8)));
                }, cancellationToken).ConfigureAwait(false);
                if (flavor.HasCheckConstraints)
                {
                    await ReadRowsAsync(reader, r =>
                    {
                        model.FindTable(r.GetString(0), r.GetString(1))?.CheckConstraints.Add(new CheckConstraint
                        {
                            Name = r.GetString(2),
                            Expression = SqlText.StripOuterParentheses(r.GetString(3)),
                        });
                    }, cancellationToken).ConfigureAwait(false);
                }
            }

            AddForeignKeys(model, foreignKeys, actions);
            AddIndexes(model, indexes);
            return model.Build();
        }
    }

    private sealed record ForeignKeyRow(int Ordinal, string Column, string ReferencedSchema, string ReferencedTable, string ReferencedColumn);

    private sealed record IndexRow(int Ordinal, string? Column, string? Expression, bool Descending, bool Unique, string? Type);

    private static async Task ReadRowsAsync(DbDataReader reader, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            row(reader);
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string? Text(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    /// <summary>An integer column of any width and sign (information_schema mixes them), null when NULL or out of range.</summary>
    private static long? Long(DbDataReader r, int ordinal)
    {
        if (r.IsDBNull(ordinal))
        {
            return null;
        }

        var value = Convert.ToDecimal(r.GetValue(ordinal), CultureInfo.InvariantCulture);
        return value is >= long.MinValue and <= long.MaxValue ? (long)value : null;
    }

    private static int? Int(DbDataReader r, int ordinal) => Long(r, ordinal) is { } value && value is >= int.MinValue and <= int.MaxValue ? (int)value : null;

    private static void ReadTable(SchemaModelBuilder model, Dictionary<(string, string), string> collations, DbDataReader r)
    {
        var schema = r.GetString(0);
        var name = r.GetString(1);
        switch (r.GetString(2))
        {
            case "VIEW" or "SYSTEM VIEW":
                // MySQL puts the word "VIEW" where a table has its comment.
                model.AddView(schema, name, definition: null, comment: null);
                break;
            case "SEQUENCE":
                model.AddSequence(new Sequence { Schema = schema, Name = name });
                break;
            default: // BASE TABLE, SYSTEM VERSIONED (MariaDB)
                model.AddTable(schema, name, Text(r, 4), Long(r, 3));
                if (Text(r, 5) is { } collation)
                {
                    collations[(schema, name)] = collation;
                }

                break;
        }
    }

    private static void ReadColumn(SchemaModelBuilder model, Dictionary<(string, string), string> collations, ServerFlavor flavor, DbDataReader r)
    {
        var schema = r.GetString(0);
        var table = r.GetString(1);
        if (model.Find(schema, table) is not { } relation)
        {
            return;
        }

        var dataType = r.GetString(6).ToLowerInvariant();
        var extra = Text(r, 13) ?? "";
        var generated = extra.Contains("GENERATED", StringComparison.OrdinalIgnoreCase) && !extra.Contains("DEFAULT_GENERATED", StringComparison.OrdinalIgnoreCase);
        var collation = Text(r, 11);
        if (relation.IsView || (collation is not null && collations.TryGetValue((schema, table), out var tableCollation) && collation == tableCollation))
        {
            collation = null;
        }

        relation.Columns.Add(new Column
        {
            Name = r.GetString(2),
            Ordinal = Int(r, 3) ?? 0,
            DataType = r.GetString(12),
            BaseType = dataType,
            MaxLength = IsCharacterType(dataType) ? Int(r, 7) : null,
            Precision = dataType switch
            {
                "decimal" or "numeric" or "float" or "double" => Int(r, 8),
                "datetime" or "timestamp" or "time" => Int(r, 10),
                _ => null,
            },
            Scale = dataType is "decimal" or "numeric" ? Int(r, 9) : null,
            IsNullable = r.GetString(5) == "YES",
            Default = generated || relation.IsView ? null : NormalizeDefault(Text(r, 4), dataType, extra, flavor),
            Identity = extra.Contains("auto_increment", StringComparison.OrdinalIgnoreCase) ? IdentityKind.AutoIncrement : IdentityKind.None,
            GenerationExpression = generated ? SchemaModelBuilder.Blank(Text(r, 15)) : null,
            IsGeneratedStored = generated && (extra.Contains("STORED", StringComparison.OrdinalIgnoreCase) || extra.Contains("PERSISTENT", StringComparison.OrdinalIgnoreCase)),
            Collation = collation,
            Comment = SchemaModelBuilder.Blank(Text(r, 14)),
        });
    }

    private static bool IsCharacterType(string dataType) =>
        dataType is "char" or "varchar" or "binary" or "varbinary" or "tinytext" or "text" or "mediumtext" or "longtext"
            or "tinyblob" or "blob" or "mediumblob" or "longblob";

    /// <summary>
    /// Column defaults written the way DDL spells them: string literals quoted, numbers and expressions bare, no default → null.
    /// MariaDB (10.2.7+) already reports them so, except that "no default" on a nullable column reads NULL;
    /// MySQL reports literals unquoted and flags expressions with DEFAULT_GENERATED.
    /// </summary>
    internal static string? NormalizeDefault(string? value, string dataType, string extra, ServerFlavor flavor)
    {
        if (value is null)
        {
            return null;
        }

        if (flavor.IsMariaDb)
        {
            return value == "NULL" ? null : value;
        }

        if (extra.Contains("DEFAULT_GENERATED", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("CURRENT_TIMESTAMP", StringComparison.OrdinalIgnoreCase)
            || dataType is "tinyint" or "smallint" or "mediumint" or "int" or "integer" or "bigint" or "decimal" or "numeric"
                or "float" or "double" or "real" or "year"
            || (dataType == "bit" && value.StartsWith("b'", StringComparison.Ordinal)))
        {
            return value;
        }

        return SqlText.Literal(value);
    }

    private static void AddForeignKeys(
        SchemaModelBuilder model,
        Dictionary<(string Schema, string Table, string Name), List<ForeignKeyRow>> foreignKeys,
        Dictionary<(string Schema, string Table, string Name), (string Update, string Delete)> actions)
    {
        foreach (var ((schema, table, name), rows) in foreignKeys)
        {
            if (model.FindTable(schema, table) is not { } builder)
            {
                continue;
            }

            var (onUpdate, onDelete) = actions.GetValueOrDefault((schema, table, name), ("NO ACTION", "NO ACTION"));
            rows.Sort((a, b) => a.Ordinal.CompareTo(b.Ordinal));
            builder.ForeignKeys.Add(new ForeignKey
            {
                Name = name,
                Columns = [.. rows.Select(x => x.Column)],
                ReferencedSchema = rows[0].ReferencedSchema,
                ReferencedTable = rows[0].ReferencedTable,
                ReferencedColumns = [.. rows.Select(x => x.ReferencedColumn)],
                OnDelete = ReferentialActions.Parse(onDelete),
                OnUpdate = ReferentialActions.Parse(onUpdate),
            });
        }
    }

    private static void AddIndexes(SchemaModelBuilder model, Dictionary<(string Schema, string Table, string Name), List<IndexRow>> indexes)
    {
        foreach (var ((schema, table, name), rows) in indexes)
        {
            if (model.FindTable(schema, table) is not { } builder)
            {
                continue;
            }

            rows.Sort((a, b) => a.Ordinal.CompareTo(b.Ordinal));
            var columns = rows.Select(x => x.Column is null
                    ? new IndexColumn { Name = SqlText.StripOuterParentheses(x.Expression), IsExpression = true, Descending = x.Descending }
                    : new IndexColumn { Name = x.Column, Descending = x.Descending })
                .ToList();
            var isPrimary = name == "PRIMARY";
            var unique = rows[0].Unique;
            builder.Indexes.Add(new TableIndex
            {
                Name = name,
                Columns = columns,
                IsUnique = unique,
                IsPrimaryKey = isPrimary,
                Method = rows[0].Type?.ToLowerInvariant(),
            });

            var keyColumns = columns.Select(c => c.Name).ToList();
            if (isPrimary)
            {
                builder.PrimaryKey = new KeyConstraint { Name = name, Columns = keyColumns };
            }
            else if (unique && columns.TrueForAll(c => !c.IsExpression))
            {
                // In MySQL a UNIQUE constraint is a unique index.
                builder.UniqueConstraints.Add(new KeyConstraint { Name = name, Columns = keyColumns });
            }
        }
    }
}

/// <summary>MySQL or MariaDB, and which catalog features its version has.</summary>
internal sealed record ServerFlavor(bool IsMariaDb, Version Version)
{
    /// <summary>information_schema.CHECK_CONSTRAINTS: MySQL 8.0.16, MariaDB 10.2.22.</summary>
    public bool HasCheckConstraints => IsMariaDb ? Version >= new Version(10, 2, 22) : Version >= new Version(8, 0, 16);

    /// <summary>STATISTICS.EXPRESSION for functional key parts: MySQL 8.0.13 (MariaDB has no functional indexes).</summary>
    public bool HasFunctionalIndexes => !IsMariaDb && Version >= new Version(8, 0, 13);

    /// <summary>Parses "8.0.36", "10.11.19-MariaDB-0+deb12u1", "5.5.5-10.6.12-MariaDB".</summary>
    public static ServerFlavor Parse(string? serverVersion)
    {
        var text = serverVersion ?? "";
        var isMariaDb = text.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);
        if (isMariaDb && text.StartsWith("5.5.5-", StringComparison.Ordinal))
        {
            text = text[6..];
        }

        var numeric = new string([.. text.TakeWhile(c => char.IsAsciiDigit(c) || c == '.')]).Trim('.');
        return new ServerFlavor(isMariaDb, Version.TryParse(numeric, out var version) ? version : new Version(0, 0));
    }
}
