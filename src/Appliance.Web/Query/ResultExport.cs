using System.Globalization;
using System.Text;
using System.Text.Json;
using Appliance.Infrastructure.Query;

namespace Appliance.Web.Query;

/// <summary>Results as files: CSV as RFC 4180 (CRLF, quotes doubled, header row) and JSON as an array of objects.</summary>
public static class ResultExport
{
    public static byte[] ToCsv(QueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        AppendRecord(text, result.Columns.Select(c => c.Name));
        foreach (var row in result.Rows)
        {
            AppendRecord(text, row.Select(v => v is null ? "" : Text(v)));
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] ToJson(QueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var names = UniqueNames(result.Columns.Select(c => c.Name).ToList());
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var row in result.Rows)
            {
                writer.WriteStartObject();
                for (var i = 0; i < names.Count; i++)
                {
                    writer.WritePropertyName(names[i]);
                    WriteValue(writer, row[i]);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return stream.ToArray();
    }

    /// <summary>A cell as text, invariant culture, dates in ISO 8601 (what the grid shows too).</summary>
    public static string Text(object value) => value switch
    {
        DateTime d => d.ToString(d.TimeOfDay == TimeSpan.Zero && d.Kind != DateTimeKind.Utc ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset o => o.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void AppendRecord(StringBuilder text, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                text.Append(',');
            }

            first = false;
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(field);
            }
        }

        text.Append("\r\n");
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                writer.WriteNumberValue(f);
                break;
            default:
                writer.WriteStringValue(Text(value));
                break;
        }
    }

    /// <summary>Result columns may share a name (SELECT a.id, b.id); JSON keys must not.</summary>
    internal static List<string> UniqueNames(IReadOnlyList<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unique = new List<string>(names.Count);
        foreach (var name in names)
        {
            var candidate = name;
            for (var n = 2; !seen.Add(candidate); n++)
            {
                candidate = $"{name}_{n}";
            }

            unique.Add(candidate);
        }

        return unique;
    }
}
