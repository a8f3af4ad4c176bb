using System.Security.Cryptography;

namespace Appliance.Infrastructure.Copilot.Models;

/// <summary>A model file that matched its manifest entry: safe to hand to llama.cpp.</summary>
public sealed record VerifiedModel(string Path, ModelManifestEntry Entry);

/// <summary>A model file that is not listed, missing, or differs from its manifest entry; the message says which and how.</summary>
public sealed class ModelVerificationException(string message) : Exception(message);

/// <summary>
/// Checks a model file against its manifest entry before anything loads it: listed with the expected purpose, present,
/// of the listed size, and with the listed SHA-256 (hashed while streaming, so multi-gigabyte files need no memory).
/// </summary>
public static class ModelVerifier
{
    public static async Task<VerifiedModel> VerifyAsync(string directory, string file, ModelPurpose purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(file);
        if (file != Path.GetFileName(file))
        {
            throw new ModelVerificationException($"The model \"{file}\" must be a file name in the model directory {directory}, not a path.");
        }

        ModelManifest manifest;
        try
        {
            manifest = ModelManifest.Load(directory);
        }
        catch (ModelManifestException ex)
        {
            throw new ModelVerificationException($"{file} cannot be checked: {ex.Message}");
        }

        var entry = manifest.Find(file) ?? throw new ModelVerificationException(
            $"{file} is not listed in {manifest.Path}; a model is loaded only when the manifest lists it with its sha256, size, license and purpose.");
        if (entry.Purpose != purpose)
        {
            throw new ModelVerificationException(
                $"{file} is listed in {manifest.Path} as {WithArticle(entry.Purpose)} model, not {WithArticle(purpose)} model.");
        }

        var path = Path.Combine(directory, file);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new ModelVerificationException($"{file} is listed in {manifest.Path} but is not in {directory}: copy the file there.");
        }

        if (info.Length != entry.Size)
        {
            throw new ModelVerificationException(
                $"{file} is {ModelManifest.FormatSize(info.Length)}; the manifest expects {ModelManifest.FormatSize(entry.Size)} (an incomplete or different file).");
        }

        string actual;
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }

        if (actual != entry.Sha256)
        {
            throw new ModelVerificationException(
                $"{file} has SHA-256 {actual}; the manifest expects {entry.Sha256} (a corrupted or different file).");
        }

        return new VerifiedModel(path, entry);
    }

    internal static string Describe(ModelPurpose purpose) => purpose == ModelPurpose.Chat ? "chat" : "embedding";

    private static string WithArticle(ModelPurpose purpose) => purpose == ModelPurpose.Chat ? "a chat" : "an embedding";
}
