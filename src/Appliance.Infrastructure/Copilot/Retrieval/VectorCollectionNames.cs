using System.Security.Cryptography;
using System.Text;

namespace Appliance.Infrastructure.Copilot.Retrieval;

/// <summary>
/// Collection names that are safe as file names and as Qdrant collection names: letters, digits, '-', '_' and '.',
/// starting with a letter or digit, at most <see cref="MaxLength"/> characters.
/// </summary>
public static class VectorCollectionNames
{
    public const int MaxLength = 200;

    /// <summary>The collection of one connection's schema version for one embedder: "{connection}-{embedder}-{hash12}".</summary>
    public static string For(string connectionId, string embedderName, string schemaContentHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schemaContentHash);
        return PrefixFor(connectionId, embedderName) + schemaContentHash[..Math.Min(12, schemaContentHash.Length)].ToLowerInvariant();
    }

    /// <summary>What every collection of this connection and embedder starts with, whatever the schema version.</summary>
    public static string PrefixFor(string connectionId, string embedderName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(embedderName);
        return $"{Safe(connectionId)}-{Safe(embedderName)}-";
    }

    /// <summary>Throws <see cref="ArgumentException"/> for a name that could reach outside the vector directory or that Qdrant refuses.</summary>
    public static void Validate(string collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        if (!IsValid(collection))
        {
            throw new ArgumentException(
                $"The vector collection name \"{collection}\" is not allowed: use letters, digits, '-', '_' and '.', starting with a letter or digit, at most {MaxLength} characters.",
                nameof(collection));
        }
    }

    public static bool IsValid(string collection) =>
        collection.Length is > 0 and <= MaxLength
        && char.IsAsciiLetterOrDigit(collection[0])
        && collection.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
        && !collection.Contains("..", StringComparison.Ordinal);

    // Anything else becomes '_', with a hash of the original so two ids that differ only there stay apart.
    private static string Safe(string part)
    {
        var cleaned = new string([.. part.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_')]);
        if (cleaned == part && cleaned.Length <= 60 && char.IsAsciiLetterOrDigit(cleaned[0]))
        {
            return cleaned;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(part)))[..8];
        var head = cleaned.Length > 40 ? cleaned[..40] : cleaned;
        return $"x{head}_{hash}";
    }
}
