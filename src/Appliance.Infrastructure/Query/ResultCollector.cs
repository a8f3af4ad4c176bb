using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Numerics;
using System.Text;
using MySqlConnector;

namespace Appliance.Infrastructure.Query;

/// <summary>The rows kept from a result set, and why reading stopped early.</summary>
internal sealed record CollectedRows(IReadOnlyList<QueryColumn> Columns, IReadOnlyList<object?[]> Rows, QueryTruncation Truncation, long Bytes);

/// <summary>
/// Reads one result set into display-safe values under the row and byte caps. It stops as soon as a cap is reached;
/// the caller then tells the server to stop producing the rest (each engine's cancel) instead of draining it.
/// </summary>
internal static class ResultCollector
{
    public static async Task<CollectedRows> ReadAsync(DbDataReader reader, QueryLimits limits, CancellationToken cancellationToken)
    {
        if (reader.FieldCount == 0)
        {
            return new CollectedRows([], [], QueryTruncation.None, 0);
        }

        var columns = new QueryColumn[reader.FieldCount];
        for (var i = 0; i < columns.Length; i++)
        {
            var typeName = SafeTypeName(reader, i);
            columns[i] = new QueryColumn(reader.GetName(i), typeName, ValueDisplay.KindOf(typeName, SafeFieldType(reader, i)));
        }

        var rows = new List<object?[]>();
        long bytes = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (rows.Count >= limits.MaxRows)
            {
                // Row MaxRows + 1 exists: the result is longer than the cap.
                return new CollectedRows(columns, rows, QueryTruncation.RowLimit, bytes);
            }

            var row = new object?[columns.Length];
            long rowBytes = 0;
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = ReadCell(reader, i, columns[i].Kind);
                rowBytes += ValueDisplay.SizeOf(row[i]);
            }

            if (bytes + rowBytes > limits.MaxBytes)
            {
                return new CollectedRows(columns, rows, QueryTruncation.ByteLimit, bytes);
            }

            bytes += rowBytes;
            rows.Add(row);
        }

        return new CollectedRows(columns, rows, QueryTruncation.None, bytes);
    }

    private static object? ReadCell(DbDataReader reader, int ordinal, ColumnKind kind)
    {
        try
        {
            return reader.IsDBNull(ordinal) ? null : ValueDisplay.ToDisplay(reader.GetValue(ordinal), kind);
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException or FormatException or NotSupportedException or ArgumentException)
        {
            // A value the driver cannot turn into a .NET value (a numeric beyond decimal, a date beyond DateTime …).
            return $"(cannot be shown: {FirstLine(ex.Message)})";
        }
    }

    private static string SafeTypeName(DbDataReader reader, int ordinal)
    {
        try
        {
            return reader.GetDataTypeName(ordinal);
        }
        catch (Exception ex) when (ex is InvalidCastException or NotSupportedException or ArgumentException or IndexOutOfRangeException)
        {
            return "unknown";
        }
    }

    private static Type? SafeFieldType(DbDataReader reader, int ordinal)
    {
        try
        {
            return reader.GetFieldType(ordinal);
        }
        catch (Exception ex) when (ex is InvalidCastException or NotSupportedException or ArgumentException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOfAny(['\r', '\n']);
        return (newline >= 0 ? text[..newline] : text).TrimEnd('.');
    }
}

/// <summary>Display kinds and display-safe values for whatever the four drivers return.</summary>
internal static class ValueDisplay
{
    /// <summary>Bytes of a binary value shown in its hex preview.</summary>
    internal const int BinaryPreviewBytes = 32;

    public static ColumnKind KindOf(string databaseType, Type? fieldType)
    {
        var type = databaseType.ToLowerInvariant();
        if (type is "json" or "jsonb")
        {
            return ColumnKind.Json;
        }

        if (fieldType is null)
        {
            return ColumnKind.Other;
        }

        if (fieldType == typeof(bool))
        {
            return ColumnKind.Boolean;
        }

        if (fieldType == typeof(byte[]))
        {
            return ColumnKind.Binary;
        }

        if (IsNumber(fieldType))
        {
            return ColumnKind.Number;
        }

        if (fieldType == typeof(DateTime) || fieldType == typeof(DateTimeOffset) || fieldType == typeof(DateOnly) || fieldType == typeof(TimeOnly)
            || fieldType == typeof(TimeSpan) || fieldType == typeof(MySqlDateTime))
        {
            return ColumnKind.DateTime;
        }

        if (fieldType == typeof(string) || fieldType == typeof(Guid) || fieldType == typeof(char))
        {
            return ColumnKind.Text;
        }

        return ColumnKind.Other;
    }

    private static bool IsNumber(Type type) =>
        type == typeof(byte) || type == typeof(sbyte) || type == typeof(short) || type == typeof(ushort) || type == typeof(int)
        || type == typeof(uint) || type == typeof(long) || type == typeof(ulong) || type == typeof(float) || type == typeof(double)
        || type == typeof(decimal) || type == typeof(BigInteger) || type == typeof(MySqlDecimal);

    public static object? ToDisplay(object? value, ColumnKind kind) => value switch
    {
        null or DBNull => null,
        string text => text,
        bool boolean => boolean,
        byte or sbyte or short or ushort or int or uint or long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ulong unsigned => unsigned <= long.MaxValue ? (long)unsigned : (decimal)unsigned,
        float single => (double)single,
        double or decimal => value,
        BigInteger big => big.ToString(CultureInfo.InvariantCulture),
        MySqlDecimal mysqlDecimal => mysqlDecimal.ToString(),
        DateTime or DateTimeOffset or DateOnly or TimeOnly or TimeSpan => value,
        MySqlDateTime mysqlDate => mysqlDate.IsValidDateTime ? mysqlDate.GetDateTime() : mysqlDate.ToString(),
        byte[] binary => HexPreview(binary),
        BitArray bits => string.Concat(bits.Cast<bool>().Select(b => b ? '1' : '0')),
        Guid guid => guid.ToString(),
        char character => character.ToString(),
        _ when kind == ColumnKind.Json => Convert.ToString(value, CultureInfo.InvariantCulture),
        IDictionary dictionary => FormatDictionary(dictionary),
        IEnumerable sequence => FormatSequence(sequence),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>See <see cref="QueryResult.Bytes"/>.</summary>
    public static long SizeOf(object? value) => value switch
    {
        null => 0,
        string text => Encoding.UTF8.GetByteCount(text),
        bool => 1,
        decimal => 16,
        _ => 8,
    };

    public static string HexPreview(byte[] value)
    {
        var shown = Math.Min(value.Length, BinaryPreviewBytes);
        var hex = Convert.ToHexStringLower(value, 0, shown);
        return value.Length > shown
            ? $"0x{hex}… ({value.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes)"
            : $"0x{hex}";
    }

    private static string FormatSequence(IEnumerable sequence)
    {
        var builder = new StringBuilder("{");
        var first = true;
        foreach (var item in sequence)
        {
            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            builder.Append(item is null or DBNull ? "NULL" : ToDisplay(item, ColumnKind.Other) switch
            {
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var other => other?.ToString(),
            });
        }

        return builder.Append('}').ToString();
    }

    private static string FormatDictionary(IDictionary dictionary)
    {
        var parts = new List<string>();
        foreach (DictionaryEntry entry in dictionary)
        {
            parts.Add($"{entry.Key}=>{(entry.Value is null ? "NULL" : entry.Value)}");
        }

        return string.Join(", ", parts);
    }
}
