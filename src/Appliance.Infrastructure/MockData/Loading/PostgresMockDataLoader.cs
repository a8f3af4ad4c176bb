using System.Globalization;
using System.Net;
using System.Text;
using Appliance.Core.Connections;
using Appliance.Core.MockData;
using Appliance.Core.MockData.Output;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Engines;
using Npgsql;

namespace Appliance.Infrastructure.MockData;

/// <summary>
/// PostgreSQL through binary COPY. The type of every column is read from the target's catalog (domains resolved to their
/// base type, which is what a domain's binary input reads), and each value is written as the CLR type Npgsql expects for
/// it (int2 short, int4 int, numeric decimal, timestamptz a UTC DateTime, enums and citext as text with the type's name…).
/// A table with a column binary COPY cannot write (xml, ranges, geometry, arrays of enums…) goes through text COPY,
/// where the server parses every value. Cyclic foreign keys are set afterwards from a temporary table in one UPDATE.
/// </summary>
internal sealed class PostgresMockDataLoader : IMockDataLoader
{
    private const SqlDialect Dialect = SqlDialect.Postgres;

    public DatabaseEngine Engine => DatabaseEngine.Postgres;

    public async Task<MockLoadResult> LoadAsync(ConnectionSettings settings, MockDataSet data, IProgress<MockProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(data);
        var prepared = MockLoadSupport.Prepare(() => PostgresEngineAdapter.Prepare(settings));
        var connectionString = new NpgsqlConnectionStringBuilder(prepared.ConnectionString)
        {
            // Statements of a big load run as long as they need; cancellation is the caller's token.
            CommandTimeout = 0,
            // "Key (order_id, line_no)=(1, 1) already exists" says which row failed; the values are generated ones.
            IncludeErrorDetail = true,
        }.ConnectionString;
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Enums are written as their labels (strings) without a CLR enum mapped to them.
        builder.EnableUnmappedTypes();
        var dataSource = builder.Build();
        await using (dataSource.ConfigureAwait(false))
        {
            var connection = dataSource.CreateConnection();
            await using (connection.ConfigureAwait(false))
            {
                var tracker = new MockLoadTracker(data, progress, cancellationToken);
                tracker.BeginPhase(MockPhases.Connecting);
                await MockLoadSupport.OpenAsync(connection.OpenAsync, prepared.Target, PostgresErrors.Classify, cancellationToken).ConfigureAwait(false);
                NpgsqlTransaction? transaction = null;
                return await MockLoadSupport.InTransactionAsync(
                    tracker,
                    async () =>
                    {
                        transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                        await LoadCoreAsync(connection, data, tracker, cancellationToken).ConfigureAwait(false);
                        tracker.BeginPhase(MockPhases.Committing);
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    },
                    token => transaction?.RollbackAsync(token) ?? Task.CompletedTask,
                    ex => tracker.Classify(ex, prepared.Target, ServerReason, PostgresErrors.Classify),
                    cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task LoadCoreAsync(NpgsqlConnection connection, MockDataSet data, MockLoadTracker tracker, CancellationToken cancellationToken)
    {
        // A role's statement_timeout would stop a long COPY half-way; this transaction runs as long as the load needs.
        await ExecuteAsync(connection, "SET LOCAL statement_timeout = 0", cancellationToken).ConfigureAwait(false);
        var types = await ReadColumnTypesAsync(connection, data, cancellationToken).ConfigureAwait(false);
        foreach (var table in data.Tables)
        {
            if (table.RowCount == 0 || table.Columns.Count == 0)
            {
                continue;
            }

            tracker.BeginTable(table);
            var target = MockSqlWriter.QualifiedName(table.Plan.Table, Dialect);
            var columns = table.Columns.Select(c => (c.Name, Type: TypeOf(types, table, c.Name))).ToList();
            var binary = UsesBinary(columns.Select(c => c.Type), data.Plan.Request.EdgeCases);
            await CopyAsync(connection, target, columns, binary, table.Rows(deferCycles: true, cancellationToken), tracker, cancellationToken).ConfigureAwait(false);
            tracker.EndTable();
        }

        var number = 0;
        foreach (var table in data.Tables.Where(t => t.DeferredColumns.Count > 0 && t.RowCount > 0))
        {
            tracker.BeginLinking(table);
            await LinkAsync(connection, table, types, ++number, data.Plan.Request.EdgeCases, tracker, cancellationToken).ConfigureAwait(false);
            tracker.EndTable();
        }

        tracker.BeginPhase(MockPhases.Sequences);
        foreach (var reset in MockSqlWriter.SequenceResets(data, Dialect))
        {
            await ExecuteAsync(connection, reset, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Second pass of the foreign keys that close a cycle: the row keys and the deferred values go into a temporary table
    /// by COPY, and one UPDATE joins it to the target, whatever the row count.
    /// </summary>
    private static async Task LinkAsync(
        NpgsqlConnection connection, MockTableData table, Dictionary<(string, string, string), PgColumnType> types, int number, bool edgeCases, MockLoadTracker tracker, CancellationToken cancellationToken)
    {
        var key = table.Plan.RowKey;
        var names = key.Select(c => c.Name).Concat(table.DeferredColumns.Select(c => c.Name)).ToList();
        var target = MockSqlWriter.QualifiedName(table.Plan.Table, Dialect);
        var temporary = Quote($"mock_deferred_{number.ToString(CultureInfo.InvariantCulture)}");
        await ExecuteAsync(connection,
            $"CREATE TEMPORARY TABLE {temporary} ON COMMIT DROP AS SELECT {string.Join(", ", names.Select(Quote))} FROM {target} WITH NO DATA",
            cancellationToken).ConfigureAwait(false);
        var columns = names.Select(n => (n, TypeOf(types, table, n))).ToList();
        var binary = UsesBinary(columns.Select(c => c.Item2), edgeCases);
        await CopyAsync(connection, temporary, columns, binary, table.DeferredUpdates(cancellationToken), tracker, cancellationToken).ConfigureAwait(false);
        var set = string.Join(", ", table.DeferredColumns.Select(c => $"{Quote(c.Name)} = d.{Quote(c.Name)}"));
        var join = string.Join(" AND ", key.Select(c => $"t.{Quote(c.Name)} = d.{Quote(c.Name)}"));
        await ExecuteAsync(connection, $"UPDATE {target} AS t SET {set} FROM {temporary} AS d WHERE {join}", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"DROP TABLE {temporary}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Binary COPY when every column has a binary writer. Edge-case data holds the first and last representable dates,
    /// which Npgsql writes as -infinity / infinity (its DateTime.MinValue/MaxValue convention, a process-wide switch):
    /// tables with dates then go through text COPY, which stores them as the SQL script does.
    /// </summary>
    private static bool UsesBinary(IEnumerable<PgColumnType> types, bool edgeCases) =>
        types.All(t => t.BinaryName is not null && !(edgeCases && t.Kind is PgValueKind.Date or PgValueKind.Timestamp or PgValueKind.TimestampTz));

    private static async Task CopyAsync(
        NpgsqlConnection connection, string target, IReadOnlyList<(string Name, PgColumnType Type)> columns, bool binary, IEnumerable<object?[]> rows, MockLoadTracker tracker, CancellationToken cancellationToken)
    {
        var list = string.Join(", ", columns.Select(c => Quote(c.Name)));
        if (binary)
        {
            var importer = await connection.BeginBinaryImportAsync($"COPY {target} ({list}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            await using (importer.ConfigureAwait(false))
            {
                foreach (var row in rows)
                {
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    for (var i = 0; i < row.Length; i++)
                    {
                        await WriteAsync(importer, row[i], columns[i].Name, columns[i].Type, tracker, cancellationToken).ConfigureAwait(false);
                    }

                    tracker.Advance();
                }

                await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var writer = await connection.BeginTextImportAsync($"COPY {target} ({list}) FROM STDIN", cancellationToken).ConfigureAwait(false);
        try
        {
            var line = new StringBuilder();
            foreach (var row in rows)
            {
                line.Clear();
                for (var i = 0; i < row.Length; i++)
                {
                    if (i > 0)
                    {
                        line.Append('\t');
                    }

                    AppendText(line, row[i]);
                }

                line.Append('\n');
                await writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                tracker.Advance();
            }
        }
        catch
        {
            // Disposing the writer would finish the COPY; a failed one must be abandoned instead.
            if (writer is NpgsqlCopyTextWriter copy)
            {
                await MockLoadSupport.RollBackQuietlyAsync(token => copy.CancelAsync()).ConfigureAwait(false);
            }

            throw;
        }

        await writer.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A value in COPY's text format: \N for NULL, backslash, tab and line breaks escaped.</summary>
    private static void AppendText(StringBuilder line, object? value)
    {
        if (value is null)
        {
            line.Append("\\N");
            return;
        }

        var text = value switch
        {
            TimeSpan span => span.TotalSeconds.ToString("R", CultureInfo.InvariantCulture) + " seconds",
            DateTimeOffset offset => MockValueFormat.Text(offset.ToUniversalTime()),
            _ => MockValueFormat.Text(value),
        };
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    line.Append("\\\\");
                    break;
                case '\t':
                    line.Append("\\t");
                    break;
                case '\n':
                    line.Append("\\n");
                    break;
                case '\r':
                    line.Append("\\r");
                    break;
                default:
                    line.Append(c);
                    break;
            }
        }
    }

    private static Task WriteAsync(NpgsqlBinaryImporter importer, object? value, string column, PgColumnType type, MockLoadTracker tracker, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            return importer.WriteNullAsync(cancellationToken);
        }

        var name = type.BinaryName!;
        object converted;
        try
        {
            converted = PgValues.Convert(value, type.Kind);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw tracker.Failure($"the generated value {MockValueConversion.Display(value)} of column {column} does not fit its type {type.DisplayName} ({ex.Message.TrimEnd('.')})", ex);
        }

        return converted switch
        {
            short v => importer.WriteAsync(v, name, cancellationToken),
            int v => importer.WriteAsync(v, name, cancellationToken),
            long v => importer.WriteAsync(v, name, cancellationToken),
            decimal v => importer.WriteAsync(v, name, cancellationToken),
            float v => importer.WriteAsync(v, name, cancellationToken),
            double v => importer.WriteAsync(v, name, cancellationToken),
            bool v => importer.WriteAsync(v, name, cancellationToken),
            string v => importer.WriteAsync(v, name, cancellationToken),
            DateOnly v => importer.WriteAsync(v, name, cancellationToken),
            DateTime v => importer.WriteAsync(v, name, cancellationToken),
            DateTimeOffset v => importer.WriteAsync(v, name, cancellationToken),
            TimeOnly v => importer.WriteAsync(v, name, cancellationToken),
            TimeSpan v => importer.WriteAsync(v, name, cancellationToken),
            Guid v => importer.WriteAsync(v, name, cancellationToken),
            byte[] v => importer.WriteAsync(v, name, cancellationToken),
            IPAddress v => importer.WriteAsync(v, name, cancellationToken),
            short[] v => importer.WriteAsync(v, name, cancellationToken),
            int[] v => importer.WriteAsync(v, name, cancellationToken),
            long[] v => importer.WriteAsync(v, name, cancellationToken),
            decimal[] v => importer.WriteAsync(v, name, cancellationToken),
            string[] v => importer.WriteAsync(v, name, cancellationToken),
            _ => throw new InvalidOperationException($"No binary COPY mapping for {converted.GetType().Name}."),
        };
    }

    private static PgColumnType TypeOf(Dictionary<(string, string, string), PgColumnType> types, MockTableData table, string column) =>
        types.TryGetValue((table.Plan.Table.Schema, table.Plan.Table.Name, column), out var type)
            ? type
            : throw new MockLoadException(
                $"The column {column} of {table.Plan.QualifiedName} does not exist in the target database. Ingest the target's schema again and generate for it.",
                table.Plan.QualifiedName);

    /// <summary>The base type (domains resolved) of every column of the plan's tables, as the target database declares them.</summary>
    private static async Task<Dictionary<(string, string, string), PgColumnType>> ReadColumnTypesAsync(NpgsqlConnection connection, MockDataSet data, CancellationToken cancellationToken)
    {
        const string sql = """
            WITH RECURSIVE chain AS (
                SELECT n.nspname::text AS table_schema, c.relname::text AS table_name, a.attname::text AS column_name, a.atttypid AS type_id, 0 AS depth
                FROM pg_catalog.pg_attribute a
                JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                JOIN unnest(@schemas::text[], @tables::text[]) AS wanted(schema_name, table_name)
                  ON wanted.schema_name = n.nspname::text AND wanted.table_name = c.relname::text
                WHERE a.attnum > 0 AND NOT a.attisdropped
              UNION ALL
                SELECT chain.table_schema, chain.table_name, chain.column_name, t.typbasetype, chain.depth + 1
                FROM chain JOIN pg_catalog.pg_type t ON t.oid = chain.type_id
                WHERE t.typtype = 'd'
            )
            SELECT DISTINCT ON (chain.table_schema, chain.table_name, chain.column_name)
                   chain.table_schema, chain.table_name, chain.column_name,
                   tn.nspname::text, t.typname::text, t.typtype::text, t.typcategory::text,
                   en.nspname::text, e.typname::text, e.typtype::text
            FROM chain
            JOIN pg_catalog.pg_type t ON t.oid = chain.type_id
            JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
            LEFT JOIN pg_catalog.pg_type e ON t.typcategory = 'A' AND e.oid = t.typelem
            LEFT JOIN pg_catalog.pg_namespace en ON en.oid = e.typnamespace
            ORDER BY chain.table_schema, chain.table_name, chain.column_name, chain.depth DESC
            """;
        var command = new NpgsqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("schemas", data.Tables.Select(t => t.Plan.Table.Schema).ToArray());
            command.Parameters.AddWithValue("tables", data.Tables.Select(t => t.Plan.Table.Name).ToArray());
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var types = new Dictionary<(string, string, string), PgColumnType>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var type = new PgTypeName(reader.GetString(3), reader.GetString(4), reader.GetString(5));
                    var element = reader.IsDBNull(7) ? null : new PgTypeName(reader.GetString(7), reader.GetString(8), reader.GetString(9));
                    types[(reader.GetString(0), reader.GetString(1), reader.GetString(2))] = PgValues.Resolve(type, reader.GetString(6) == "A" ? element : null);
                }

                return types;
            }
        }
    }

    private static string? ServerReason(Exception ex)
    {
        if (EngineErrors.Find<PostgresException>(ex) is not { } pg || pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal))
        {
            return null;
        }

        return pg.Detail is { Length: > 0 } detail ? $"{pg.MessageText} ({detail.Trim().TrimEnd('.')})" : pg.MessageText;
    }

    private static string Quote(string name) => SqlKeywords.Quote(name, Dialect);

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>A type as the catalog names it: schema, name and pg_type.typtype (b base, e enum, r range…).</summary>
internal sealed record PgTypeName(string Schema, string Name, string Kind);

/// <summary>How a column is written: the data type name Npgsql writes (null when only text COPY can) and the CLR shape.</summary>
internal sealed record PgColumnType(string? BinaryName, PgValueKind Kind, string DisplayName);

internal enum PgValueKind
{
    Text,
    Int16,
    Int32,
    Int64,
    Decimal,
    Single,
    Double,
    Boolean,
    Date,
    Timestamp,
    TimestampTz,
    Time,
    TimeTz,
    Interval,
    Uuid,
    Bytes,
    Inet,
    Int16Array,
    Int32Array,
    Int64Array,
    DecimalArray,
    TextArray,
    /// <summary>Only text COPY can write it.</summary>
    Other,
}

/// <summary>PostgreSQL base types to Npgsql's binary writers, and generated values to the CLR types those writers take.</summary>
internal static class PgValues
{
    private static readonly Dictionary<string, PgValueKind> BuiltIn = new(StringComparer.Ordinal)
    {
        ["int2"] = PgValueKind.Int16,
        ["int4"] = PgValueKind.Int32,
        ["int8"] = PgValueKind.Int64,
        ["numeric"] = PgValueKind.Decimal,
        ["money"] = PgValueKind.Decimal,
        ["float4"] = PgValueKind.Single,
        ["float8"] = PgValueKind.Double,
        ["bool"] = PgValueKind.Boolean,
        ["text"] = PgValueKind.Text,
        ["varchar"] = PgValueKind.Text,
        ["bpchar"] = PgValueKind.Text,
        ["name"] = PgValueKind.Text,
        ["json"] = PgValueKind.Text,
        ["jsonb"] = PgValueKind.Text,
        ["date"] = PgValueKind.Date,
        ["timestamp"] = PgValueKind.Timestamp,
        ["timestamptz"] = PgValueKind.TimestampTz,
        ["time"] = PgValueKind.Time,
        ["timetz"] = PgValueKind.TimeTz,
        ["interval"] = PgValueKind.Interval,
        ["uuid"] = PgValueKind.Uuid,
        ["bytea"] = PgValueKind.Bytes,
        ["inet"] = PgValueKind.Inet,
    };

    private static readonly Dictionary<string, PgValueKind> Arrays = new(StringComparer.Ordinal)
    {
        ["int2"] = PgValueKind.Int16Array,
        ["int4"] = PgValueKind.Int32Array,
        ["int8"] = PgValueKind.Int64Array,
        ["numeric"] = PgValueKind.DecimalArray,
        ["text"] = PgValueKind.TextArray,
        ["varchar"] = PgValueKind.TextArray,
        ["bpchar"] = PgValueKind.TextArray,
    };

    public static PgColumnType Resolve(PgTypeName type, PgTypeName? arrayElement)
    {
        ArgumentNullException.ThrowIfNull(type);
        var display = type.Schema == "pg_catalog" ? type.Name : $"{type.Schema}.{type.Name}";
        var qualified = $"{type.Schema}.{type.Name}";
        if (arrayElement is not null)
        {
            return arrayElement.Schema == "pg_catalog" && arrayElement.Kind == "b" && Arrays.TryGetValue(arrayElement.Name, out var arrayKind)
                ? new PgColumnType(qualified, arrayKind, display)
                : new PgColumnType(null, PgValueKind.Other, display);
        }

        if (type.Kind == "e" || (type.Name == "citext" && type.Kind == "b"))
        {
            return new PgColumnType(qualified, PgValueKind.Text, display);
        }

        return type.Schema == "pg_catalog" && type.Kind == "b" && BuiltIn.TryGetValue(type.Name, out var kind)
            ? new PgColumnType(qualified, kind, display)
            : new PgColumnType(null, PgValueKind.Other, display);
    }

    /// <summary>A generated value as the CLR type the column's binary writer takes; throws for a value that does not fit.</summary>
    public static object Convert(object value, PgValueKind kind)
    {
        var culture = CultureInfo.InvariantCulture;
        return kind switch
        {
            PgValueKind.Int16 => value is bool b16 ? (short)(b16 ? 1 : 0) : System.Convert.ToInt16(value, culture),
            PgValueKind.Int32 => value is bool b32 ? (b32 ? 1 : 0) : System.Convert.ToInt32(value, culture),
            PgValueKind.Int64 => value is bool b64 ? (b64 ? 1L : 0L) : System.Convert.ToInt64(value, culture),
            PgValueKind.Decimal => System.Convert.ToDecimal(value, culture),
            PgValueKind.Single => System.Convert.ToSingle(value, culture),
            PgValueKind.Double => System.Convert.ToDouble(value, culture),
            PgValueKind.Boolean => value is string s ? MockValueConversion.To(s, BooleanType) ?? throw new FormatException($"'{s}' is not a boolean") : System.Convert.ToBoolean(value, culture),
            PgValueKind.Text => value as string ?? MockValueFormat.Text(value),
            PgValueKind.Date => NotInfinite(value switch
            {
                DateOnly date => date,
                DateTime stamp => DateOnly.FromDateTime(stamp),
                DateTimeOffset offset => DateOnly.FromDateTime(offset.UtcDateTime),
                _ => DateOnly.Parse(MockValueFormat.Text(value), culture),
            }),
            PgValueKind.Timestamp => NotInfinite(value switch
            {
                DateTime stamp => DateTime.SpecifyKind(stamp, DateTimeKind.Unspecified),
                DateTimeOffset offset => offset.DateTime,
                DateOnly date => date.ToDateTime(TimeOnly.MinValue),
                _ => DateTime.Parse(MockValueFormat.Text(value), culture),
            }),
            PgValueKind.TimestampTz => NotInfinite(value switch
            {
                DateTimeOffset offset => offset.UtcDateTime,
                // A timestamp without an offset is taken as UTC, as the generator means it.
                DateTime stamp => DateTime.SpecifyKind(stamp, DateTimeKind.Utc),
                DateOnly date => DateTime.SpecifyKind(date.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc),
                _ => DateTimeOffset.Parse(MockValueFormat.Text(value), culture, DateTimeStyles.AssumeUniversal).UtcDateTime,
            }),
            PgValueKind.Time => value switch
            {
                TimeOnly time => time,
                TimeSpan span => TimeOnly.FromTimeSpan(span),
                DateTime stamp => TimeOnly.FromDateTime(stamp),
                _ => TimeOnly.Parse(MockValueFormat.Text(value), culture),
            },
            PgValueKind.TimeTz => value switch
            {
                DateTimeOffset offset => offset,
                TimeOnly time => new DateTimeOffset(DateTime.UnixEpoch.Date + time.ToTimeSpan(), TimeSpan.Zero),
                _ => DateTimeOffset.Parse(MockValueFormat.Text(value), culture, DateTimeStyles.AssumeUniversal),
            },
            PgValueKind.Interval => value switch
            {
                TimeSpan span => span,
                TimeOnly time => time.ToTimeSpan(),
                _ => TimeSpan.Parse(MockValueFormat.Text(value), culture),
            },
            PgValueKind.Uuid => value is Guid guid ? guid : Guid.Parse(MockValueFormat.Text(value)),
            PgValueKind.Bytes => value is byte[] bytes ? bytes : Encoding.UTF8.GetBytes(MockValueFormat.Text(value)),
            PgValueKind.Inet => value is IPAddress address ? address : IPAddress.Parse(MockValueFormat.Text(value)),
            PgValueKind.Int16Array => Elements(value).Select(e => System.Convert.ToInt16(e, culture)).ToArray(),
            PgValueKind.Int32Array => Elements(value).Select(e => System.Convert.ToInt32(e, culture)).ToArray(),
            PgValueKind.Int64Array => Elements(value).Select(e => System.Convert.ToInt64(e, culture)).ToArray(),
            PgValueKind.DecimalArray => Elements(value).Select(e => System.Convert.ToDecimal(e, culture)).ToArray(),
            PgValueKind.TextArray => value as string[] ?? Elements(value).Select(e => MockValueFormat.Text(e)).ToArray(),
            _ => throw new InvalidCastException($"{kind} values are written as text"),
        };
    }

    /// <summary>
    /// Npgsql writes DateTime/DateOnly MinValue and MaxValue as -infinity and infinity. The generator means the dates
    /// themselves, so they are moved by a microsecond (a day for dates) into range; edge-case data avoids this through text COPY.
    /// </summary>
    private static DateTime NotInfinite(DateTime value) =>
        value == DateTime.MinValue ? value.AddTicks(10) : value == DateTime.MaxValue ? value.AddTicks(-10) : value;

    private static DateOnly NotInfinite(DateOnly value) =>
        value == DateOnly.MinValue ? value.AddDays(1) : value == DateOnly.MaxValue ? value.AddDays(-1) : value;

    private static readonly Appliance.Core.MockData.Values.MockType BooleanType = new() { Kind = Appliance.Core.MockData.Values.MockValueKind.Boolean, DatabaseTypeName = "bool" };

    private static IEnumerable<object> Elements(object value) => value switch
    {
        string[] items => items,
        long[] numbers => numbers.Cast<object>(),
        System.Collections.IEnumerable items and not string => items.Cast<object>(),
        _ => throw new InvalidCastException($"{value.GetType().Name} is not an array"),
    };
}
