using System.Data.Common;
using System.Globalization;
using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Microsoft.Data.SqlClient;

namespace Appliance.Infrastructure.Engines;

/// <summary>
/// Reads the connected SQL Server database's schema with one batch of sys.* catalog queries: one round trip,
/// a fixed number of queries whatever the number of tables. Not verified against a live server in this repository's
/// tests (SQL Server does not run on the build machine); the type spelling and mapping helpers are unit-tested.
/// </summary>
internal static class SqlServerSchemaReader
{
    public static async Task<DatabaseSchema> ReadAsync(SqlConnection connection, CancellationToken cancellationToken)
    {
        string[] queries =
        [
            SqlServerCatalogSql.Header,
            SqlServerCatalogSql.Schemas,
            SqlServerCatalogSql.Objects,
            SqlServerCatalogSql.Columns,
            SqlServerCatalogSql.KeyConstraints,
            SqlServerCatalogSql.ForeignKeys,
            SqlServerCatalogSql.Checks,
            SqlServerCatalogSql.Indexes,
            SqlServerCatalogSql.Sequences,
            SqlServerCatalogSql.AliasTypes,
        ];
        var command = new SqlCommand("SET NOCOUNT ON;\n" + string.Join(";\n", queries), connection)
        {
            CommandTimeout = SqlServerEngineAdapter.CatalogCommandTimeoutSeconds,
        };
        await using (command.ConfigureAwait(false))
        {
            var model = new SchemaModelBuilder(DatabaseEngine.SqlServer);
            string? databaseCollation = null;
            var keys = new Dictionary<(string Schema, string Table, string Name), (string Type, List<(int Ordinal, string Column)> Columns)>();
            var foreignKeys = new Dictionary<(string Schema, string Table, string Name), List<ForeignKeyRow>>();
            var indexes = new Dictionary<(string Schema, string Table, string Name), List<IndexRow>>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await ReadRowsAsync(reader, r =>
                {
                    model.DatabaseName = Text(r, 0);
                    model.ServerVersion = DescribeVersion(Text(r, 1) ?? "", Text(r, 2) ?? "");
                    databaseCollation = Text(r, 3);
                }, cancellationToken).ConfigureAwait(false);
                await ReadRowsAsync(reader, r => model.AddSchema(r.GetString(0), Text(r, 1)), cancellationToken).ConfigureAwait(false);
                await ReadRowsAsync(reader, r => ReadObject(model, r), cancellationToken).ConfigureAwait(false);
                await ReadRowsAsync(reader, r => ReadColumn(model, databaseCollation, r), cancellationToken).ConfigureAwait(false);
                await ReadRowsAsync(reader, r =>
                {
                    var key = (r.GetString(0), r.GetString(1), r.GetString(2));
                    if (!keys.TryGetValue(key, out var entry))
                    {
                        keys[key] = entry = (r.GetString(3).Trim(), []);
                    }

                    entry.Columns.Add((Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture), r.GetString(5)));
                }, cancellationToken).ConfigureAwait(false);
                await ReadRowsAsync(reader, r =>
                {
                    var key = (r.GetString(0), r.GetString(1), r.GetString(2));
                    if (!foreignKeys.TryGetValue(key, out var rows))
                    {
                        foreignKeys[key] = rows = [];
                    }

                    rows.Add(new ForeignKeyRow(r.GetInt32(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetInt32(8), r.GetInt32(9)));
                }, cancellationToken).ConfigureAwait(false);
                await ReadRowsAsync(reader, r =>
                {
                    model.FindTable(r.GetString(0), r.GetString(1))?.CheckConstraints.Add(new CheckConstraint
                    {
                        Name = r.GetString(2),
                        Expression = SqlText.StripOuterParentheses(Text(r, 3)),
                    });
                }, cancellationToken).ConfigureAwait(false);
                await ReadRowsAsync(reader, r =>
                {
                    var key = (r.GetString(0), r.GetString(1), r.GetString(2));
                    if (!indexes.TryGetValue(key, out var rows))
                    {
                        indexes[key] = rows = [];
                    }

                    rows.Add(new IndexRow(
                        r.GetString(3), Bool(r, 4), Bool(r, 5), Text(r, 6),
                        Convert.ToInt32(r.GetValue(7), CultureInfo.InvariantCulture), r.GetInt32(8), Bool(r, 9), Bool(r, 10), r.GetString(11)));
                }, cancellationToken).ConfigureAwait(false);
                await ReadRowsAsync(reader, r => model.AddSequence(new Sequence
                {
                    Schema = r.GetString(0),
                    Name = r.GetString(1),
                    DataType = Text(r, 2),
                    StartValue = Long(r, 3),
                    Increment = Long(r, 4),
                    MinValue = Long(r, 5),
                    MaxValue = Long(r, 6),
                    Cycles = Bool(r, 7),
                }), cancellationToken).ConfigureAwait(false);
                await ReadRowsAsync(reader, r => model.AddDomain(new DomainType
                {
                    Schema = r.GetString(0),
                    Name = r.GetString(1),
                    BaseType = SpellType(r.GetString(2), Convert.ToInt32(r.GetValue(3), CultureInfo.InvariantCulture), r.GetByte(4), r.GetByte(5)),
                    IsNullable = Bool(r, 6),
                    Comment = Text(r, 7),
                }), cancellationToken).ConfigureAwait(false);
            }

            AddKeys(model, keys);
            AddForeignKeys(model, foreignKeys);
            AddIndexes(model, indexes);
            return model.Build();
        }
    }

    private sealed record ForeignKeyRow(int Ordinal, string Column, string ReferencedSchema, string ReferencedTable, string ReferencedColumn, int OnDelete, int OnUpdate);

    private sealed record IndexRow(string Type, bool Unique, bool Primary, string? Filter, int KeyOrdinal, int ColumnId, bool Descending, bool Included, string Column);

    internal static string DescribeVersion(string productVersion, string edition) =>
        string.IsNullOrEmpty(edition) ? $"SQL Server {productVersion}" : $"SQL Server {productVersion} ({edition})";

    private static async Task ReadRowsAsync(DbDataReader reader, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            row(reader);
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string? Text(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : Convert.ToString(r.GetValue(ordinal), CultureInfo.InvariantCulture);

    /// <summary>A bit column, NULL read as false.</summary>
    private static bool Bool(DbDataReader r, int ordinal) => !r.IsDBNull(ordinal) && r.GetBoolean(ordinal);

    private static long? Long(DbDataReader r, int ordinal)
    {
        if (r.IsDBNull(ordinal))
        {
            return null;
        }

        var value = Convert.ToDecimal(r.GetValue(ordinal), CultureInfo.InvariantCulture);
        return value is >= long.MinValue and <= long.MaxValue ? (long)value : null;
    }

    private static void ReadObject(SchemaModelBuilder model, DbDataReader r)
    {
        var schema = r.GetString(0);
        var name = r.GetString(1);
        if (r.GetString(2).Trim() == "V")
        {
            model.AddView(schema, name, SqliteDdlParser.ParseViewQuery(Text(r, 4)), Text(r, 3), materialized: r.GetInt32(6) == 1);
        }
        else
        {
            model.AddTable(schema, name, Text(r, 3), Long(r, 5));
        }
    }

    private static void ReadColumn(SchemaModelBuilder model, string? databaseCollation, DbDataReader r)
    {
        if (model.Find(r.GetString(0), r.GetString(1)) is not { } relation)
        {
            return;
        }

        var typeName = r.GetString(4);
        var systemType = Text(r, 5) ?? typeName;
        var isAlias = r.GetBoolean(6);
        var maxLength = Convert.ToInt32(r.GetValue(8), CultureInfo.InvariantCulture);
        var precision = r.GetByte(9);
        var scale = r.GetByte(10);
        var computed = Text(r, 14);
        var collation = Text(r, 16);
        var (length, numericPrecision, numericScale) = Modifiers(systemType, maxLength, precision, scale);
        relation.Columns.Add(new Column
        {
            Name = r.GetString(3),
            Ordinal = r.GetInt32(2),
            DataType = isAlias ? QualifiedTypeName(Text(r, 7), typeName) : SpellType(typeName, maxLength, precision, scale),
            BaseType = systemType.ToLowerInvariant(),
            MaxLength = length,
            Precision = numericPrecision,
            Scale = numericScale,
            IsNullable = Bool(r, 11),
            Identity = Bool(r, 12) ? IdentityKind.ByDefault : IdentityKind.None,
            Default = computed is null && Text(r, 13) is { } definition ? SqlText.StripOuterParentheses(definition) : null,
            GenerationExpression = computed is null ? null : SqlText.StripOuterParentheses(computed),
            IsGeneratedStored = computed is not null && Bool(r, 15),
            Collation = collation is not null && !string.Equals(collation, databaseCollation, StringComparison.Ordinal) ? collation : null,
            Comment = SchemaModelBuilder.Blank(Text(r, 17)),
        });
    }

    private static string QualifiedTypeName(string? schema, string name) => schema is null or "dbo" or "sys" ? name : $"{schema}.{name}";

    /// <summary>
    /// The type as T-SQL DDL spells it from sys.columns / sys.types: nvarchar(40), varchar(max), decimal(10,2), datetime2(3).
    /// max_length is in bytes (-1 for max), so n-types halve it.
    /// </summary>
    internal static string SpellType(string type, int maxLength, int precision, int scale)
    {
        var lower = type.ToLowerInvariant();
        return lower switch
        {
            "varchar" or "char" or "varbinary" or "binary" => $"{lower}({(maxLength == -1 ? "max" : maxLength.ToString(CultureInfo.InvariantCulture))})",
            "nvarchar" or "nchar" => $"{lower}({(maxLength == -1 ? "max" : (maxLength / 2).ToString(CultureInfo.InvariantCulture))})",
            "decimal" or "numeric" => FormattableString.Invariant($"{lower}({precision},{scale})"),
            "datetime2" or "time" or "datetimeoffset" => FormattableString.Invariant($"{lower}({scale})"),
            "float" when precision != 53 => FormattableString.Invariant($"float({precision})"),
            _ => lower,
        };
    }

    /// <summary>Length (in characters; null for max), precision and scale of a system type.</summary>
    internal static (int? Length, int? Precision, int? Scale) Modifiers(string systemType, int maxLength, int precision, int scale) =>
        systemType.ToLowerInvariant() switch
        {
            "varchar" or "char" or "varbinary" or "binary" => (maxLength == -1 ? null : maxLength, null, null),
            "nvarchar" or "nchar" => (maxLength == -1 ? null : maxLength / 2, null, null),
            "decimal" or "numeric" => (null, precision, scale),
            "datetime2" or "time" or "datetimeoffset" => (null, scale, null),
            _ => (null, null, null),
        };

    private static void AddKeys(SchemaModelBuilder model, Dictionary<(string Schema, string Table, string Name), (string Type, List<(int Ordinal, string Column)> Columns)> keys)
    {
        foreach (var ((schema, table, name), (type, columns)) in keys)
        {
            if (model.FindTable(schema, table) is not { } builder)
            {
                continue;
            }

            var ordered = columns.OrderBy(c => c.Ordinal).Select(c => c.Column).ToList();
            if (type == "PK")
            {
                builder.PrimaryKey = new KeyConstraint { Name = name, Columns = ordered };
            }
            else
            {
                builder.UniqueConstraints.Add(new KeyConstraint { Name = name, Columns = ordered });
            }
        }
    }

    private static void AddForeignKeys(SchemaModelBuilder model, Dictionary<(string Schema, string Table, string Name), List<ForeignKeyRow>> foreignKeys)
    {
        foreach (var ((schema, table, name), rows) in foreignKeys)
        {
            if (model.FindTable(schema, table) is not { } builder)
            {
                continue;
            }

            rows.Sort((a, b) => a.Ordinal.CompareTo(b.Ordinal));
            builder.ForeignKeys.Add(new ForeignKey
            {
                Name = name,
                Columns = [.. rows.Select(x => x.Column)],
                ReferencedSchema = rows[0].ReferencedSchema,
                ReferencedTable = rows[0].ReferencedTable,
                ReferencedColumns = [.. rows.Select(x => x.ReferencedColumn)],
                OnDelete = Action(rows[0].OnDelete),
                OnUpdate = Action(rows[0].OnUpdate),
            });
        }
    }

    /// <summary>sys.foreign_keys delete/update_referential_action.</summary>
    internal static ReferentialAction Action(int code) => code switch
    {
        1 => ReferentialAction.Cascade,
        2 => ReferentialAction.SetNull,
        3 => ReferentialAction.SetDefault,
        _ => ReferentialAction.NoAction,
    };

    private static void AddIndexes(SchemaModelBuilder model, Dictionary<(string Schema, string Table, string Name), List<IndexRow>> indexes)
    {
        foreach (var ((schema, table, name), rows) in indexes)
        {
            if (model.FindTable(schema, table) is not { } builder)
            {
                continue;
            }

            // Key columns in key order; columnstore columns (no key ordinal, not "included") in column order.
            var keys = rows.Where(x => !x.Included)
                .OrderBy(x => x.KeyOrdinal == 0 ? int.MaxValue : x.KeyOrdinal).ThenBy(x => x.ColumnId)
                .Select(x => new IndexColumn { Name = x.Column, Descending = x.Descending })
                .ToList();
            var first = rows[0];
            builder.Indexes.Add(new TableIndex
            {
                Name = name,
                Columns = keys,
                IncludedColumns = [.. rows.Where(x => x.Included).OrderBy(x => x.ColumnId).Select(x => x.Column)],
                IsUnique = first.Unique,
                IsPrimaryKey = first.Primary,
                Filter = first.Filter is null ? null : SqlText.StripOuterParentheses(first.Filter),
                Method = first.Type.ToLowerInvariant(),
            });
        }
    }
}
