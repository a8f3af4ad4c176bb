using System.Globalization;
using System.Text;
using Appliance.Core.MockData.Values;
using Appliance.Core.Schema;
using Appliance.Core.Sql;

namespace Appliance.Core.MockData.Output;

/// <summary>
/// INSERT scripts per dialect: one transaction, tables in foreign-key order, multi-row INSERTs, the second pass of
/// cyclic foreign keys as UPDATEs, and identity sequences moved past the generated keys. The pieces are public so the
/// MySQL/MariaDB loader sends exactly what the script would say.
/// </summary>
public static class MockSqlWriter
{
    /// <summary>Rows per INSERT statement (SQL Server allows at most 1,000 row constructors).</summary>
    public const int RowsPerStatement = 500;

    public static long Write(MockDataSet data, SqlDialect dialect, TextWriter writer, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(writer);
        var plan = data.Plan;
        writer.Write($"-- Mock data: seed {plan.Request.Seed}, {plan.TotalRows.ToString("N0", CultureInfo.InvariantCulture)} rows in {plan.Tables.Count} tables, {DialectName(dialect)}.\n");
        writer.Write(dialect switch
        {
            SqlDialect.MySql => "START TRANSACTION;\n",
            SqlDialect.TSql => "SET XACT_ABORT ON;\nBEGIN TRANSACTION;\n",
            _ => "BEGIN;\n",
        });
        long written = 0;
        var text = new StringBuilder();
        foreach (var table in data.Tables)
        {
            if (table.RowCount == 0 || table.Columns.Count == 0)
            {
                continue;
            }

            writer.Write($"\n-- {table.Plan.QualifiedName}: {table.RowCount.ToString("N0", CultureInfo.InvariantCulture)} rows\n");
            var identityInsert = dialect == SqlDialect.TSql && table.Columns.Any(c => c.Column.Identity != IdentityKind.None);
            if (identityInsert)
            {
                writer.Write($"SET IDENTITY_INSERT {QualifiedName(table.Plan.Table, dialect)} ON;\n");
            }

            var prefix = InsertPrefix(table, dialect);
            var inBatch = 0;
            foreach (var row in table.Rows(deferCycles: true, cancellationToken))
            {
                text.Clear();
                text.Append(inBatch == 0 ? prefix : ",\n");
                AppendRow(text, table, row, dialect);
                writer.Write(text);
                if (++inBatch == RowsPerStatement)
                {
                    writer.Write(";\n");
                    inBatch = 0;
                }

                if ((++written & 8191) == 0)
                {
                    progress?.Report(written);
                }
            }

            if (inBatch > 0)
            {
                writer.Write(";\n");
            }

            if (identityInsert)
            {
                writer.Write($"SET IDENTITY_INSERT {QualifiedName(table.Plan.Table, dialect)} OFF;\n");
            }
        }

        foreach (var table in data.Tables.Where(t => t.DeferredColumns.Count > 0))
        {
            writer.Write($"\n-- {table.Plan.QualifiedName}: foreign keys that close a cycle\n");
            foreach (var update in table.DeferredUpdates(cancellationToken))
            {
                writer.Write(UpdateStatement(table, update, dialect));
                writer.Write(";\n");
            }
        }

        var resets = SequenceResets(data, dialect).ToList();
        if (resets.Count > 0)
        {
            writer.Write("\n-- Identity and serial sequences continue after the generated keys\n");
            foreach (var reset in resets)
            {
                writer.Write(reset);
                writer.Write(";\n");
            }
        }

        writer.Write("\nCOMMIT;\n");
        progress?.Report(written);
        return written;
    }

    private static string DialectName(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Postgres => "PostgreSQL",
        SqlDialect.MySql => "MySQL / MariaDB",
        SqlDialect.TSql => "SQL Server",
        _ => "SQLite",
    };

    public static string QualifiedName(Table table, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(table);
        return dialect == SqlDialect.Sqlite && table.Schema == "main"
            ? SqlKeywords.Quote(table.Name, dialect)
            : SqlKeywords.Quote(table.Schema, dialect) + "." + SqlKeywords.Quote(table.Name, dialect);
    }

    /// <summary>"INSERT INTO t (a, b) VALUES\n" (with OVERRIDING SYSTEM VALUE for PostgreSQL GENERATED ALWAYS identities).</summary>
    public static string InsertPrefix(MockTableData table, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(table);
        var columns = string.Join(", ", table.Columns.Select(c => SqlKeywords.Quote(c.Name, dialect)));
        var overriding = dialect == SqlDialect.Postgres && table.Columns.Any(c => c.Column.Identity == IdentityKind.Always) ? " OVERRIDING SYSTEM VALUE" : "";
        return $"INSERT INTO {QualifiedName(table.Plan.Table, dialect)} ({columns}){overriding} VALUES\n";
    }

    /// <summary>"(v1, v2, …)" for one row.</summary>
    public static void AppendRow(StringBuilder text, MockTableData table, object?[] row, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(row);
        text.Append('(');
        for (var i = 0; i < row.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            AppendLiteral(text, row[i], table.Columns[i].Type.Kind, dialect);
        }

        text.Append(')');
    }

    public static string UpdateStatement(MockTableData table, object?[] update, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(update);
        var text = new StringBuilder("UPDATE ").Append(QualifiedName(table.Plan.Table, dialect)).Append(" SET ");
        var key = table.Plan.RowKey;
        for (var i = 0; i < table.DeferredColumns.Count; i++)
        {
            var column = table.DeferredColumns[i];
            text.Append(i > 0 ? ", " : "").Append(SqlKeywords.Quote(column.Name, dialect)).Append(" = ");
            AppendLiteral(text, update[key.Count + i], column.Type.Kind, dialect);
        }

        text.Append(" WHERE ");
        for (var i = 0; i < key.Count; i++)
        {
            text.Append(i > 0 ? " AND " : "").Append(SqlKeywords.Quote(key[i].Name, dialect)).Append(" = ");
            AppendLiteral(text, update[i], key[i].Type.Kind, dialect);
        }

        return text.ToString();
    }

    /// <summary>Statements that move identity/serial sequences past the generated keys (PostgreSQL only; the other engines do it themselves on explicit inserts).</summary>
    public static IEnumerable<string> SequenceResets(MockDataSet data, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (dialect != SqlDialect.Postgres)
        {
            yield break;
        }

        foreach (var table in data.Tables.Where(t => t.RowCount > 0))
        {
            foreach (var column in table.Columns.Where(c => c.Source == ColumnSource.Sequence))
            {
                var next = column.SequenceStart + (table.RowCount * column.SequenceStep);
                var qualified = QualifiedName(table.Plan.Table, dialect);
                if (column.Column.Identity != IdentityKind.None || IsOwnedSerial(data.Plan.Schema, table.Plan.Table, column.Column))
                {
                    yield return $"SELECT setval(pg_get_serial_sequence({Quote(qualified)}, {Quote(column.Name)}), {next.ToString(CultureInfo.InvariantCulture)}, false)";
                }
                else if (data.Plan.Schema.SequenceOfDefault(column.Column) is { } sequence && (sequence.MaxValue is null || next <= sequence.MaxValue))
                {
                    var name = SqlKeywords.Quote(sequence.Schema, dialect) + "." + SqlKeywords.Quote(sequence.Name, dialect);
                    yield return $"SELECT setval({Quote(name)}, {next.ToString(CultureInfo.InvariantCulture)}, false)";
                }
            }
        }
    }

    private static bool IsOwnedSerial(DatabaseSchema schema, Table table, Column column) =>
        schema.Sequences.Any(s => s.OwnedBy == $"{table.Schema}.{table.Name}.{column.Name}");

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A value as a literal of the dialect.</summary>
    public static void AppendLiteral(StringBuilder text, object? value, MockValueKind kind, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (value)
        {
            case null:
                text.Append("NULL");
                return;
            case long l:
                text.Append(l.ToString(CultureInfo.InvariantCulture));
                return;
            case decimal d:
                text.Append(d.ToString(CultureInfo.InvariantCulture));
                return;
            case double f:
                text.Append(f.ToString("R", CultureInfo.InvariantCulture));
                return;
            case bool b:
                text.Append(dialect == SqlDialect.Postgres ? (b ? "TRUE" : "FALSE") : (b ? "1" : "0"));
                return;
            case byte[] bytes:
                text.Append(dialect switch
                {
                    SqlDialect.Postgres => "'\\x" + Convert.ToHexStringLower(bytes) + "'",
                    SqlDialect.TSql => "0x" + Convert.ToHexString(bytes),
                    _ => "X'" + Convert.ToHexString(bytes) + "'",
                });
                return;
            case TimeSpan span when dialect == SqlDialect.Postgres:
                text.Append('\'').Append(((long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture)).Append(" seconds'");
                return;
        }

        AppendString(text, MockValueFormat.Text(value), dialect, unicode: kind is MockValueKind.Text or MockValueKind.Enum or MockValueKind.Json);
    }

    private static void AppendString(StringBuilder text, string value, SqlDialect dialect, bool unicode)
    {
        if (dialect == SqlDialect.TSql && unicode)
        {
            text.Append('N');
        }

        text.Append('\'');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\'':
                    text.Append("''");
                    break;
                case '\\' when dialect == SqlDialect.MySql:
                    // MySQL reads backslash escapes in strings unless NO_BACKSLASH_ESCAPES is set.
                    text.Append("\\\\");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('\'');
    }
}
