using System.Collections;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Appliance.Core.MockData;
using Appliance.Core.MockData.Output;
using Appliance.Core.MockData.Values;

namespace Appliance.Infrastructure.MockData;

/// <summary>
/// Generated rows as a forward-only data reader, for SqlBulkCopy (SQL Server's bulk path). Values are handed over as the
/// types SqlClient writes to SQL Server columns: dates as DateTime, times as TimeSpan, arrays as their text form, NULL as
/// DBNull. Rows stream from the generator; nothing is buffered beyond the current row.
/// </summary>
internal sealed class MockDataReader : DbDataReader
{
    private readonly IReadOnlyList<ColumnPlan> _columns;
    private readonly IEnumerator<object?[]> _rows;
    private readonly Action? _onRow;
    private object?[]? _current;
    private bool _closed;

    /// <param name="columns">The columns of each row, in order.</param>
    /// <param name="rows">The rows (an array per row; it may be reused between rows).</param>
    /// <param name="onRow">Called after each row is read: counts progress, and may throw to stop the copy.</param>
    public MockDataReader(IReadOnlyList<ColumnPlan> columns, IEnumerable<object?[]> rows, Action? onRow = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        _columns = columns;
        _rows = rows.GetEnumerator();
        _onRow = onRow;
    }

    public long RowsRead { get; private set; }

    public override int FieldCount => _columns.Count;
    public override bool HasRows => true;
    public override bool IsClosed => _closed;
    public override int RecordsAffected => -1;
    public override int Depth => 0;

    public override object this[int ordinal] => GetValue(ordinal);
    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read()
    {
        if (_closed || !_rows.MoveNext())
        {
            _current = null;
            return false;
        }

        _current = _rows.Current;
        RowsRead++;
        _onRow?.Invoke();
        return true;
    }

    public override bool NextResult() => false;

    public override string GetName(int ordinal) => _columns[ordinal].Name;

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < _columns.Count; i++)
        {
            if (string.Equals(_columns[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        for (var i = 0; i < _columns.Count; i++)
        {
            if (string.Equals(_columns[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new IndexOutOfRangeException($"No column named {name}.");
    }

    public override string GetDataTypeName(int ordinal) => _columns[ordinal].Type.DatabaseTypeName;

    [return: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.PublicProperties)]
    public override Type GetFieldType(int ordinal) => FieldTypeOf(_columns[ordinal].Type.Kind);

    public override object GetValue(int ordinal) => ToSqlServer(Row[ordinal]) ?? DBNull.Value;

    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public override bool IsDBNull(int ordinal) => Row[ordinal] is null;

    public override bool GetBoolean(int ordinal) => (bool)GetValue(ordinal);
    public override byte GetByte(int ordinal) => Convert.ToByte(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
    public override char GetChar(int ordinal) => GetString(ordinal)[0];
    public override DateTime GetDateTime(int ordinal) => (DateTime)GetValue(ordinal);
    public override decimal GetDecimal(int ordinal) => Convert.ToDecimal(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
    public override double GetDouble(int ordinal) => Convert.ToDouble(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
    public override float GetFloat(int ordinal) => Convert.ToSingle(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
    public override Guid GetGuid(int ordinal) => (Guid)GetValue(ordinal);
    public override short GetInt16(int ordinal) => Convert.ToInt16(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
    public override int GetInt32(int ordinal) => Convert.ToInt32(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
    public override long GetInt64(int ordinal) => Convert.ToInt64(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
    public override string GetString(int ordinal) => GetValue(ordinal) as string ?? MockValueFormat.Text(GetValue(ordinal));

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var bytes = (byte[])GetValue(ordinal);
        if (buffer is null)
        {
            return bytes.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, bytes.Length - dataOffset));
        Array.Copy(bytes, dataOffset, buffer, bufferOffset, count);
        return count;
    }

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null)
        {
            return text.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, text.Length - dataOffset));
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    public override void Close()
    {
        _closed = true;
        _current = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rows.Dispose();
            Close();
        }

        base.Dispose(disposing);
    }

    private object?[] Row => _current ?? throw new InvalidOperationException("No current row: call Read first.");

    /// <summary>The CLR type a column's values have after <see cref="ToSqlServer"/>.</summary>
    internal static Type FieldTypeOf(MockValueKind kind) => kind switch
    {
        MockValueKind.Integer => typeof(long),
        MockValueKind.Decimal => typeof(decimal),
        MockValueKind.Float => typeof(double),
        MockValueKind.Boolean => typeof(bool),
        MockValueKind.Date or MockValueKind.Timestamp => typeof(DateTime),
        MockValueKind.TimestampTz => typeof(DateTimeOffset),
        MockValueKind.Time or MockValueKind.Interval => typeof(TimeSpan),
        MockValueKind.Uuid => typeof(Guid),
        MockValueKind.Binary => typeof(byte[]),
        MockValueKind.Unsupported => typeof(object),
        _ => typeof(string),
    };

    /// <summary>A generated value as SqlClient writes it to SQL Server.</summary>
    internal static object? ToSqlServer(object? value) => value switch
    {
        null => null,
        DateOnly date => date.ToDateTime(TimeOnly.MinValue),
        TimeOnly time => time.ToTimeSpan(),
        string[] or long[] => MockValueFormat.Text(value),
        _ => value,
    };
}
