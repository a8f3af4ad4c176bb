using Appliance.Core.Sql;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Appliance.Core.Connections;

namespace Appliance.Core.Schema;

/// <summary>Reads and writes the canonical schema JSON (docs/schema-json.md).</summary>
public static class SchemaJson
{
    public static string Serialize(DatabaseSchema schema, bool indented = true) =>
        JsonSerializer.Serialize(schema, indented ? SchemaJsonContext.Indented.DatabaseSchema : SchemaJsonContext.Default.DatabaseSchema);

    public static byte[] SerializeToUtf8(DatabaseSchema schema) =>
        JsonSerializer.SerializeToUtf8Bytes(schema, SchemaJsonContext.Default.DatabaseSchema);

    /// <summary>Parses schema JSON; a malformed file or a newer format version gives a <see cref="SchemaFormatException"/> with a readable message.</summary>
    public static DatabaseSchema Deserialize(string json)
    {
        try
        {
            var schema = JsonSerializer.Deserialize(json, SchemaJsonContext.Default.DatabaseSchema)
                ?? throw new SchemaFormatException("The schema file is empty.");
            return Validate(schema);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}" : "";
            throw new SchemaFormatException($"The schema file is not valid schema JSON{where}: {ex.Message.Split('.')[0]}.", ex);
        }
    }

    public static DatabaseSchema Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var schema = JsonSerializer.Deserialize(utf8Json, SchemaJsonContext.Default.DatabaseSchema)
                ?? throw new SchemaFormatException("The schema file is empty.");
            return Validate(schema);
        }
        catch (JsonException ex)
        {
            throw new SchemaFormatException($"The schema file is not valid schema JSON: {ex.Message.Split('.')[0]}.", ex);
        }
    }

    /// <summary>
    /// A hash of what the schema declares, independent of when it was read; two ingestions of an unchanged database hash the same.
    /// </summary>
    public static string ContentHash(DatabaseSchema schema)
    {
        var stable = schema with { IngestedAt = default, ServerVersion = null, Tables = [.. schema.Tables.Select(t => t with { RowEstimate = null })] };
        return Convert.ToHexStringLower(SHA256.HashData(SerializeToUtf8(stable)));
    }

    private static DatabaseSchema Validate(DatabaseSchema schema)
    {
        if (schema.FormatVersion > DatabaseSchema.CurrentFormatVersion)
        {
            throw new SchemaFormatException(
                $"The schema file has format version {schema.FormatVersion}; this appliance reads up to version {DatabaseSchema.CurrentFormatVersion}. Upgrade the appliance.");
        }

        if (schema.FormatVersion < 1)
        {
            throw new SchemaFormatException("The schema file has no valid formatVersion.");
        }

        return schema;
    }
}

public sealed class SchemaFormatException : Exception
{
    public SchemaFormatException(string message) : base(message) { }
    public SchemaFormatException(string message, Exception inner) : base(message, inner) { }
    public SchemaFormatException() { }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(DatabaseEngineJsonConverter)])]
[JsonSerializable(typeof(DatabaseSchema))]
internal sealed partial class SchemaJsonContext : JsonSerializerContext
{
    private static SchemaJsonContext? s_indented;

    public static SchemaJsonContext Indented =>
        s_indented ??= new SchemaJsonContext(new JsonSerializerOptions(Default.GeneratedSerializerOptions!) { WriteIndented = true });
}

/// <summary>Writes engines by their CLI names ("postgres", "mysql", "sqlserver", "sqlite").</summary>
internal sealed class DatabaseEngineJsonConverter : JsonConverter<DatabaseEngine>
{
    public override DatabaseEngine Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DatabaseEngineNames.TryParse(reader.GetString(), out var engine)
            ? engine
            : throw new JsonException($"Unknown engine '{reader.GetString()}'.");

    public override void Write(Utf8JsonWriter writer, DatabaseEngine value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToCliName());
}
