using System.Globalization;
using System.Text.Json;

namespace Appliance.Core.Query.Plans;

/// <summary>Lenient, checked reading of JSON plan values: a wrong type becomes a <see cref="PlanFormatException"/>.</summary>
internal static class PlanJson
{
    /// <summary>Deeper plans than this are refused rather than risk the stack (real plans stay far below).</summary>
    public const int MaxPlanDepth = 250;

    public static JsonDocument Load(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new PlanFormatException($"The {what} plan is empty.");
        }

        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 4 * MaxPlanDepth, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new PlanFormatException($"The {what} plan is not valid JSON: {e.Message}", e);
        }
    }

    public static void CheckDepth(int depth)
    {
        if (depth > MaxPlanDepth)
        {
            throw new PlanFormatException($"The plan nests more than {MaxPlanDepth} operators.");
        }
    }

    public static JsonElement? Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static JsonElement? Object(JsonElement obj, string name)
    {
        if (Property(obj, name) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? value : throw new PlanFormatException($"\"{name}\" must be an object, not {Describe(value)}.");
    }

    public static IEnumerable<JsonElement> Array(JsonElement obj, string name)
    {
        if (Property(obj, name) is not { } value)
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : throw new PlanFormatException($"\"{name}\" must be an array, not {Describe(value)}.");
    }

    /// <summary>A number, also when written as a string ("10.00" in MySQL); null when absent.</summary>
    public static double? Number(JsonElement obj, string name)
    {
        if (Property(obj, name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String && ParseNumber(value.GetString()) is { } parsed)
        {
            return parsed;
        }

        throw new PlanFormatException($"\"{name}\" must be a number, not {Describe(value)}.");
    }

    public static bool? Bool(JsonElement obj, string name)
    {
        if (Property(obj, name) is not { } value)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.TryGetDouble(out var n) => n != 0,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var b) => b,
            _ => throw new PlanFormatException($"\"{name}\" must be true or false, not {Describe(value)}."),
        };
    }

    /// <summary>A string; numbers and booleans as written; arrays of scalars joined with ", ".</summary>
    public static string? String(JsonElement obj, string name) =>
        Property(obj, name) is { } value ? Text(value) ?? throw new PlanFormatException($"\"{name}\" must be text, not {Describe(value)}.") : null;

    /// <summary>The text of a scalar or an array of scalars; null for objects and nested arrays.</summary>
    public static string? Text(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Number:
            case JsonValueKind.True:
            case JsonValueKind.False:
                return value.GetRawText();
            case JsonValueKind.Array:
                var parts = new List<string>();
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
                    {
                        return null;
                    }

                    parts.Add(Text(item) ?? "null");
                }

                return string.Join(", ", parts);
            default:
                return null;
        }
    }

    public static double? ParseNumber(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;
    }

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "the text \"" + Shorten(value.GetString() ?? "") + "\"",
        JsonValueKind.Number => "the number " + value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => "null",
    };

    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>Every scalar property not in <paramref name="consumed"/>, for <see cref="PlanNode.Details"/>.</summary>
    public static List<KeyValuePair<string, string>> Leftovers(JsonElement obj, ISet<string> consumed, Func<string, JsonElement, bool>? skip = null)
    {
        var details = new List<KeyValuePair<string, string>>();
        foreach (var property in obj.EnumerateObject())
        {
            if (consumed.Contains(property.Name) || (skip?.Invoke(property.Name, property.Value) ?? false))
            {
                continue;
            }

            if (Text(property.Value) is { Length: > 0 } text)
            {
                details.Add(new(property.Name, text));
            }
            else if (property.Value.ValueKind == JsonValueKind.Object && Flatten(property.Value) is { Length: > 0 } flat)
            {
                details.Add(new(property.Name, flat));
            }
        }

        return details;
    }

    // Small objects of scalars ("r_engine_stats": {"pages_accessed": 9}) read well as "pages_accessed 9".
    private static string? Flatten(JsonElement obj)
    {
        var parts = new List<string>();
        foreach (var property in obj.EnumerateObject())
        {
            if (Text(property.Value) is not { } text)
            {
                return null;
            }

            parts.Add(property.Name + " " + text);
        }

        return string.Join(", ", parts);
    }
}
