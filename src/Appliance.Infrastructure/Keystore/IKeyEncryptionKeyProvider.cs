namespace Appliance.Infrastructure.Keystore;

/// <summary>
/// Holds the master (key-encryption) keys and wraps/unwraps per-secret data keys with them. The master key never leaves
/// the provider, so a Vault transit engine can take the place of the local key file behind the same interface.
/// </summary>
public interface IKeyEncryptionKeyProvider
{
    /// <summary>The key new secrets are wrapped with.</summary>
    string ActiveKeyId { get; }

    ValueTask<byte[]> WrapAsync(string keyId, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken = default);

    /// <summary>Throws <see cref="KeystoreException"/> when the key ID is unknown or the wrapped key was tampered with.</summary>
    ValueTask<byte[]> UnwrapAsync(string keyId, ReadOnlyMemory<byte> wrappedKey, CancellationToken cancellationToken = default);
}

/// <summary>A secret that cannot be protected or recovered; the message is safe to show and log.</summary>
public sealed class KeystoreException : Exception
{
    public KeystoreException(string message) : base(message) { }
    public KeystoreException(string message, Exception inner) : base(message, inner) { }
    public KeystoreException() { }
}
