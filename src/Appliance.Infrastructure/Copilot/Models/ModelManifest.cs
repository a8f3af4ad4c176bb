using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Appliance.Infrastructure.Copilot.Models;

/// <summary>What a model file is for.</summary>
public enum ModelPurpose
{
    Chat,
    Embedding,
}

/// <summary>One model of manifest.json: the file, its checksum and size, license, purpose and name.</summary>
public sealed record ModelManifestEntry
{
    public required string File { get; init; }

    /// <summary>Lower-case hexadecimal SHA-256 of the file.</summary>
    public required string Sha256 { get; init; }

    public required long Size { get; init; }

    public required string License { get; init; }

    public required ModelPurpose Purpose { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>The context the model was trained for, informational (the configured ContextSize is what is used).</summary>
    public int? ContextLength { get; init; }
}

/// <summary>A manifest.json that is missing, not JSON, or has an entry without what every model must declare.</summary>
public sealed class ModelManifestException(string message) : Exception(message);

/// <summary>
/// The list of model files the appliance may load, <c>&lt;ModelDirectory&gt;/manifest.json</c>:
/// <c>{ "models": [ { "file", "sha256", "size", "license", "purpose": "chat"|"embedding", "name", "description"?, "context_length"? } ] }</c>.
/// A model that is not listed is never loaded; nothing is ever downloaded.
/// </summary>
public sealed class ModelManifest
{
    public const string FileName = "manifest.json";

    private ModelManifest(string path, IReadOnlyList<ModelManifestEntry> models)
    {
        Path = path;
        Models = models;
    }

    /// <summary>Full path of the manifest file.</summary>
    public string Path { get; }

    public IReadOnlyList<ModelManifestEntry> Models { get; }

    public ModelManifestEntry? Find(string file) => Models.FirstOrDefault(m => string.Equals(m.File, file, StringComparison.Ordinal));

    /// <summary>Reads and checks the manifest of <paramref name="directory"/>; every problem is a <see cref="ModelManifestException"/>.</summary>
    public static ModelManifest Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var path = System.IO.Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new ModelManifestException(
                $"There is no {FileName} in the model directory {directory}: list each model file there with its sha256, size, license, purpose and name.");
        }

        ManifestDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ManifestDocument>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new ModelManifestException($"{path} is not a valid manifest: {ex.Message}");
        }

        if (document?.Models is null)
        {
            throw new ModelManifestException($"{path} has no \"models\" list.");
        }

        var entries = new List<ModelManifestEntry>();
        for (var i = 0; i < document.Models.Count; i++)
        {
            entries.Add(Check(path, i + 1, document.Models[i]));
        }

        var duplicate = entries.GroupBy(e => e.File, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ModelManifestException($"{path} lists {duplicate.Key} more than once.");
        }

        return new ModelManifest(path, entries);
    }

    private static ModelManifestEntry Check(string path, int number, ManifestModel? model)
    {
        var where = $"{path}, model {number}" + (string.IsNullOrWhiteSpace(model?.File) ? "" : $" ({model.File})");
        if (model is null)
        {
            throw new ModelManifestException($"{where} is empty.");
        }

        string Required(string? value, string field) =>
            string.IsNullOrWhiteSpace(value) ? throw new ModelManifestException($"{where} has no \"{field}\".") : value.Trim();

        var file = Required(model.File, "file");
        if (file != System.IO.Path.GetFileName(file) || file is "." or "..")
        {
            throw new ModelManifestException($"{where}: \"file\" must be a file name in the model directory, not a path.");
        }

        var sha256 = Required(model.Sha256, "sha256").ToLowerInvariant();
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            throw new ModelManifestException($"{where}: \"sha256\" must be 64 hexadecimal characters.");
        }

        if (model.Size is not > 0)
        {
            throw new ModelManifestException($"{where}: \"size\" must be the file size in bytes.");
        }

        var purpose = Required(model.Purpose, "purpose").ToLowerInvariant() switch
        {
            "chat" => ModelPurpose.Chat,
            "embedding" => ModelPurpose.Embedding,
            var other => throw new ModelManifestException($"{where}: \"purpose\" is \"{other}\"; it must be \"chat\" or \"embedding\"."),
        };

        if (model.ContextLength is <= 0)
        {
            throw new ModelManifestException($"{where}: \"context_length\" must be positive.");
        }

        return new ModelManifestEntry
        {
            File = file,
            Sha256 = sha256,
            Size = model.Size.Value,
            License = Required(model.License, "license"),
            Purpose = purpose,
            Name = Required(model.Name, "name"),
            Description = string.IsNullOrWhiteSpace(model.Description) ? null : model.Description.Trim(),
            ContextLength = model.ContextLength,
        };
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    private sealed record ManifestDocument(List<ManifestModel?>? Models);

    private sealed record ManifestModel(
        string? File,
        string? Sha256,
        long? Size,
        string? License,
        string? Purpose,
        string? Name,
        string? Description,
        [property: JsonPropertyName("context_length")] int? ContextLength);

    internal static string FormatSize(long bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
}
