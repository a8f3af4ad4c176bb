using System.Text.Encodings.Web;
using System.Text.Json;
using Appliance.Core.MockData.Values;

namespace Appliance.Core.MockData.Output;

/// <summary>
/// JSON per table: an array of objects, or NDJSON (one object per line). Numbers stay numbers (decimals exact),
/// dates are ISO strings, binary is base64, json columns are embedded as JSON, NULL is null.
/// </summary>
public static class MockJsonWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static long WriteArray(MockTableData table, Stream stream, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var writer = new Utf8JsonWriter(stream, Options);
        writer.WriteStartArray();
        long rows = 0;
        var names = table.Columns.Select(c => JsonEncodedText.Encode(c.Name, Options.Encoder)).ToArray();
        foreach (var row in table.Rows(cancellationToken: cancellationToken))
        {
            WriteObject(writer, table, names, row);
            if ((++rows & 4095) == 0)
            {
                writer.Flush();
                progress?.Report(rows);
            }
        }

        writer.WriteEndArray();
        writer.Flush();
        progress?.Report(rows);
        return rows;
    }

    public static long WriteLines(MockTableData table, Stream stream, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(stream);
        long rows = 0;
        var names = table.Columns.Select(c => JsonEncodedText.Encode(c.Name, Options.Encoder)).ToArray();
        using var writer = new Utf8JsonWriter(stream, Options);
        foreach (var row in table.Rows(cancellationToken: cancellationToken))
        {
            WriteObject(writer, table, names, row);
            writer.Flush();
            writer.Reset();
            stream.WriteByte((byte)'\n');
            if ((++rows & 4095) == 0)
            {
                progress?.Report(rows);
            }
        }

        progress?.Report(rows);
        return rows;
    }

    private static void WriteObject(Utf8JsonWriter writer, MockTableData table, JsonEncodedText[] names, object?[] row)
    {
        writer.WriteStartObject();
        for (var i = 0; i < row.Length; i++)
        {
            writer.WritePropertyName(names[i]);
            WriteValue(writer, row[i], table.Columns[i].Type.Kind);
        }

        writer.WriteEndObject();
    }

    public static void WriteValue(Utf8JsonWriter writer, object? value, MockValueKind kind)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case decimal d:
                writer.WriteNumberValue(d);
                break;
            case double f when double.IsFinite(f):
                writer.WriteNumberValue(f);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                break;
            case string[] items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
            case long[] numbers:
                writer.WriteStartArray();
                foreach (var number in numbers)
                {
                    writer.WriteNumberValue(number);
                }

                writer.WriteEndArray();
                break;
            case string json when kind == MockValueKind.Json && IsJson(json):
                writer.WriteRawValue(json, skipInputValidation: true);
                break;
            default:
                writer.WriteStringValue(MockValueFormat.Text(value));
                break;
        }
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
