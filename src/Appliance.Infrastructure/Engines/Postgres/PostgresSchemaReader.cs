using System.Data;
using System.Data.Common;
using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Npgsql;

namespace Appliance.Infrastructure.Engines;

/// <summary>
/// Reads a PostgreSQL database's schema with one batch of catalog queries (one round trip, one read-only
/// repeatable-read transaction so all queries see the same catalog), whatever the number of tables.
/// </summary>
internal static class PostgresSchemaReader
{
    public static async Task<DatabaseSchema> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // The catalog queries use columns added in PostgreSQL 12 (attgenerated); say so instead of "column does not exist".
        if (connection.PostgreSqlVersion.Major < 12)
        {
            throw new DatabaseAccessException(ConnectionProblem.Other,
                $"PostgreSQL {connection.PostgreSqlVersion} is older than 12, the oldest version the appliance can read.");
        }

        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var batch = new NpgsqlBatch(connection, transaction) { Timeout = PostgresEngineAdapter.CatalogCommandTimeoutSeconds };
            await using (batch.ConfigureAwait(false))
            {
                string[] queries =
                [
                    "SET TRANSACTION READ ONLY",
                    // Catalog functions can wait behind another session's DDL lock; give up clearly instead of hanging.
                    "SET LOCAL lock_timeout = '15s'",
                    PostgresCatalogSql.SetSearchPath,
                    PostgresCatalogSql.Header,
                    PostgresCatalogSql.Schemas,
                    PostgresCatalogSql.Tables,
                    PostgresCatalogSql.Columns,
                    PostgresCatalogSql.Constraints,
                    PostgresCatalogSql.Indexes,
                    PostgresCatalogSql.Enums,
                    PostgresCatalogSql.Domains,
                    PostgresCatalogSql.Sequences,
                ];
                foreach (var sql in queries)
                {
                    batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
                }

                var model = new SchemaModelBuilder(DatabaseEngine.Postgres);
                var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    // SET TRANSACTION has no result set; set_config has one row we skip.
                    await ReadRowsAsync(reader, _ => { }, cancellationToken).ConfigureAwait(false);
                    await ReadRowsAsync(reader, r =>
                    {
                        model.DatabaseName = r.GetString(0);
                        model.ServerVersion = "PostgreSQL " + r.GetString(1);
                    }, cancellationToken).ConfigureAwait(false);
                    await ReadRowsAsync(reader, r => model.AddSchema(r.GetString(0), Text(r, 1)), cancellationToken).ConfigureAwait(false);
                    await ReadRowsAsync(reader, r => ReadRelation(model, r), cancellationToken).ConfigureAwait(false);
                    await ReadRowsAsync(reader, r => ReadColumn(model, r), cancellationToken).ConfigureAwait(false);
                    await ReadRowsAsync(reader, r => ReadConstraint(model, r), cancellationToken).ConfigureAwait(false);
                    await ReadRowsAsync(reader, r => ReadIndex(model, r), cancellationToken).ConfigureAwait(false);
                    await ReadRowsAsync(reader, r => model.AddEnum(new EnumType
                    {
                        Schema = r.GetString(0),
                        Name = r.GetString(1),
                        Values = r.GetFieldValue<string[]>(2),
                        Comment = Text(r, 3),
                    }), cancellationToken).ConfigureAwait(false);
                    await ReadRowsAsync(reader, r => model.AddDomain(ReadDomain(r)), cancellationToken).ConfigureAwait(false);
                    await ReadRowsAsync(reader, r => model.AddSequence(new Sequence
                    {
                        Schema = r.GetString(0),
                        Name = r.GetString(1),
                        DataType = Text(r, 2),
                        StartValue = r.GetInt64(3),
                        Increment = r.GetInt64(4),
                        MinValue = r.GetInt64(5),
                        MaxValue = r.GetInt64(6),
                        Cycles = r.GetBoolean(7),
                        OwnedBy = Text(r, 8),
                    }), cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return model.Build();
            }
        }
    }

    /// <summary>Reads every row of the current result set, then moves to the next one.</summary>
    private static async Task ReadRowsAsync(DbDataReader reader, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            row(reader);
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string? Text(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static void ReadRelation(SchemaModelBuilder model, DbDataReader r)
    {
        var schema = r.GetString(0);
        var name = r.GetString(1);
        var kind = r.GetString(2);
        var comment = Text(r, 4);
        if (kind is "v" or "m")
        {
            model.AddView(schema, name, Text(r, 3)?.Trim(), comment, materialized: kind == "m");
        }
        else
        {
            model.AddTable(schema, name, comment, r.IsDBNull(5) ? null : r.GetInt64(5));
        }
    }

    private static void ReadColumn(SchemaModelBuilder model, DbDataReader r)
    {
        if (model.Find(r.GetString(0), r.GetString(1)) is not { } relation)
        {
            return;
        }

        var baseType = r.GetString(5);
        var (maxLength, precision, scale) = TypeModifiers(baseType, r.GetInt32(6));
        var expression = Text(r, 8);
        var generated = Text(r, 10) is "s";
        relation.Columns.Add(new Column
        {
            Name = r.GetString(3),
            Ordinal = r.GetInt32(2),
            DataType = r.GetString(4),
            BaseType = baseType,
            MaxLength = maxLength,
            Precision = precision,
            Scale = scale,
            IsNullable = !r.GetBoolean(7),
            Default = generated ? null : expression,
            GenerationExpression = generated ? expression : null,
            IsGeneratedStored = generated,
            Identity = Text(r, 9) switch
            {
                "a" => IdentityKind.Always,
                "d" => IdentityKind.ByDefault,
                _ => IdentityKind.None,
            },
            Collation = Text(r, 11),
            Comment = SchemaModelBuilder.Blank(Text(r, 12)),
        });
    }

    /// <summary>Length, precision and scale from a type modifier, the way information_schema computes them.</summary>
    internal static (int? MaxLength, int? Precision, int? Scale) TypeModifiers(string baseType, int typmod)
    {
        const int header = 4; // VARHDRSZ
        var element = baseType.EndsWith("[]", StringComparison.Ordinal) ? baseType[..^2] : baseType;
        if (typmod < 0)
        {
            return (null, null, null);
        }

        switch (element)
        {
            case "bpchar" or "varchar":
                return (typmod - header, null, null);
            case "bit" or "varbit":
                return (typmod, null, null);
            case "numeric":
                var packed = typmod - header;
                var scale = ((packed & 0x7FF) ^ 1024) - 1024;
                return (null, (packed >> 16) & 0xFFFF, scale);
            case "time" or "timetz" or "timestamp" or "timestamptz":
                return (null, typmod, null);
            case "interval":
                var fractional = typmod & 0xFFFF;
                return (null, fractional == 0xFFFF ? null : fractional, null);
            default:
                return (null, null, null);
        }
    }

    private static void ReadConstraint(SchemaModelBuilder model, DbDataReader r)
    {
        if (model.FindTable(r.GetString(0), r.GetString(1)) is not { } table)
        {
            return;
        }

        var name = r.GetString(2);
        var columns = r.GetFieldValue<string[]>(4);
        switch (r.GetString(3))
        {
            case "p":
                table.PrimaryKey = new KeyConstraint { Name = name, Columns = columns };
                break;
            case "u":
                table.UniqueConstraints.Add(new KeyConstraint { Name = name, Columns = columns });
                break;
            case "f":
                table.ForeignKeys.Add(new ForeignKey
                {
                    Name = name,
                    Columns = columns,
                    ReferencedSchema = r.GetString(5),
                    ReferencedTable = r.GetString(6),
                    ReferencedColumns = r.GetFieldValue<string[]>(7),
                    OnDelete = Action(r.GetString(8)),
                    OnUpdate = Action(r.GetString(9)),
                });
                break;
            case "c":
                table.CheckConstraints.Add(new CheckConstraint { Name = name, Expression = r.GetString(10) });
                break;
            default:
                break;
        }
    }

    /// <summary>pg_constraint.confdeltype / confupdtype codes.</summary>
    private static ReferentialAction Action(string code) => code switch
    {
        "r" => ReferentialAction.Restrict,
        "c" => ReferentialAction.Cascade,
        "n" => ReferentialAction.SetNull,
        "d" => ReferentialAction.SetDefault,
        _ => ReferentialAction.NoAction,
    };

    private static void ReadIndex(SchemaModelBuilder model, DbDataReader r)
    {
        if (model.FindTable(r.GetString(0), r.GetString(1)) is not { } table)
        {
            return;
        }

        var keyCount = r.GetInt32(7);
        var names = r.GetFieldValue<string[]>(8);
        var isExpression = r.GetFieldValue<bool[]>(9);
        var isDescending = r.GetFieldValue<bool[]>(10);
        var keys = new List<IndexColumn>(keyCount);
        var included = new List<string>();
        for (var i = 0; i < names.Length; i++)
        {
            if (i < keyCount)
            {
                keys.Add(new IndexColumn { Name = names[i], IsExpression = isExpression[i], Descending = isDescending[i] });
            }
            else
            {
                included.Add(names[i]);
            }
        }

        table.Indexes.Add(new TableIndex
        {
            Name = r.GetString(2),
            IsUnique = r.GetBoolean(3),
            IsPrimaryKey = r.GetBoolean(4),
            Method = r.GetString(5),
            Filter = Text(r, 6),
            Columns = keys,
            IncludedColumns = included,
        });
    }

    private static DomainType ReadDomain(DbDataReader r)
    {
        var names = r.GetFieldValue<string[]>(5);
        var expressions = r.GetFieldValue<string[]>(6);
        return new DomainType
        {
            Schema = r.GetString(0),
            Name = r.GetString(1),
            BaseType = r.GetString(2),
            IsNullable = !r.GetBoolean(3),
            Default = Text(r, 4),
            CheckConstraints = [.. names.Zip(expressions, (name, expression) => new CheckConstraint { Name = name, Expression = expression })],
            Comment = Text(r, 7),
        };
    }
}
