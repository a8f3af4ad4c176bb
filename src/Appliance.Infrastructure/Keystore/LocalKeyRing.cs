using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Appliance.Infrastructure.Keystore;

/// <summary>
/// The embedded key provider: master keys held in memory, loaded from a 0600 key-ring file in the data directory
/// (created on first start) or from configuration. Data keys are wrapped with AES-256-GCM, the key ID bound as associated data.
/// A key ring holds several keys so an old key can keep decrypting after rotation.
/// </summary>
public sealed class LocalKeyRing : IKeyEncryptionKeyProvider
{
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Dictionary<string, byte[]> _keys;

    public LocalKeyRing(string activeKeyId, IReadOnlyDictionary<string, byte[]> keys)
    {
        if (!keys.ContainsKey(activeKeyId))
        {
            throw new KeystoreException($"The active master key '{activeKeyId}' is not in the key ring.");
        }

        foreach (var (id, key) in keys)
        {
            if (key.Length != KeySize)
            {
                throw new KeystoreException($"Master key '{id}' must be 256 bits (32 bytes), not {key.Length} bytes.");
            }
        }

        ActiveKeyId = activeKeyId;
        _keys = keys.ToDictionary(k => k.Key, k => k.Value.ToArray(), StringComparer.Ordinal);
    }

    public string ActiveKeyId { get; }

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    public ValueTask<byte[]> WrapAsync(string keyId, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken = default)
    {
        var key = KeyFor(keyId);
        var wrapped = new byte[NonceSize + TagSize + dataKey.Length];
        var nonce = wrapped.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, dataKey.Span, wrapped.AsSpan(NonceSize + TagSize), wrapped.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(keyId));
        return ValueTask.FromResult(wrapped);
    }

    public ValueTask<byte[]> UnwrapAsync(string keyId, ReadOnlyMemory<byte> wrappedKey, CancellationToken cancellationToken = default)
    {
        var key = KeyFor(keyId);
        var wrapped = wrappedKey.Span;
        if (wrapped.Length <= NonceSize + TagSize)
        {
            throw new KeystoreException("A stored secret is damaged (its data key is truncated).");
        }

        var dataKey = new byte[wrapped.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(wrapped[..NonceSize], wrapped[(NonceSize + TagSize)..], wrapped.Slice(NonceSize, TagSize), dataKey, Encoding.UTF8.GetBytes(keyId));
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new KeystoreException($"A stored secret's data key does not authenticate under master key '{keyId}': the key is wrong or the secret was tampered with.", ex);
        }

        return ValueTask.FromResult(dataKey);
    }

    private byte[] KeyFor(string keyId) =>
        _keys.TryGetValue(keyId, out var key)
            ? key
            : throw new KeystoreException($"Master key '{keyId}' is not available. The key file or the configured master key does not hold it.");

    /// <summary>Builds the key ring from options: a configured key, or the key-ring file (created when absent).</summary>
    public static LocalKeyRing Load(KeystoreOptions options, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(options.MasterKey))
        {
            byte[] key;
            try
            {
                key = Convert.FromBase64String(options.MasterKey.Trim());
            }
            catch (FormatException ex)
            {
                throw new KeystoreException("Appliance:Keystore:MasterKey is not valid base64.", ex);
            }

            var id = string.IsNullOrWhiteSpace(options.MasterKeyId) ? Fingerprint(key) : options.MasterKeyId.Trim();
            return new LocalKeyRing(id, new Dictionary<string, byte[]> { [id] = key });
        }

        var path = string.IsNullOrWhiteSpace(options.MasterKeyFile)
            ? Path.Combine(dataDirectory, "keystore.key")
            : options.MasterKeyFile;
        if (File.Exists(path))
        {
            return ReadFile(path);
        }

        try
        {
            return CreateFile(path);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process (the CLI, a second replica) created the key ring first: use theirs.
            return ReadFile(path);
        }
    }

    /// <summary>A short, stable ID of a key that reveals nothing of it.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> key) =>
        "k" + Convert.ToHexStringLower(SHA256.HashData(key))[..12];

    private static LocalKeyRing ReadFile(string path)
    {
        // Like ssh with a private key: a key ring every local user can read protects nothing.
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            throw new KeystoreException($"The key file {path} can be read by every user on this host. Restrict it first: chmod 600 {path}");
        }

        KeyRingFile? file;
        try
        {
            file = JsonSerializer.Deserialize(File.ReadAllText(path), KeyRingJsonContext.Default.KeyRingFile);
        }
        catch (JsonException ex)
        {
            throw new KeystoreException($"The key file {path} is not a valid key ring.", ex);
        }

        if (file is null || file.Keys.Count == 0 || string.IsNullOrEmpty(file.Active))
        {
            throw new KeystoreException($"The key file {path} holds no keys.");
        }

        try
        {
            return new LocalKeyRing(file.Active, file.Keys.ToDictionary(k => k.Id, k => Convert.FromBase64String(k.Key)));
        }
        catch (FormatException ex)
        {
            throw new KeystoreException($"The key file {path} holds a key that is not valid base64.", ex);
        }
    }

    private static LocalKeyRing CreateFile(string path)
    {
        var key = RandomNumberGenerator.GetBytes(KeySize);
        var id = Fingerprint(key);
        var file = new KeyRingFile { Active = id, Keys = [new KeyRingEntry { Id = id, Key = Convert.ToBase64String(key), CreatedAt = DateTime.UtcNow }] };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);

        // Create with 0600 from the start so the key is never readable by others, not even briefly.
        var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, streamOptions))
        {
            JsonSerializer.Serialize(stream, file, KeyRingJsonContext.Default.KeyRingFile);
        }

        return new LocalKeyRing(id, new Dictionary<string, byte[]> { [id] = key });
    }
}

internal sealed class KeyRingFile
{
    public string Active { get; set; } = "";
    public List<KeyRingEntry> Keys { get; set; } = [];
}

internal sealed class KeyRingEntry
{
    public string Id { get; set; } = "";
    public string Key { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(KeyRingFile))]
internal sealed partial class KeyRingJsonContext : JsonSerializerContext;
