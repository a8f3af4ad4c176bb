using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Appliance.Infrastructure.Keystore;

/// <summary>
/// Envelope encryption of secrets at rest: each secret gets its own random AES-256-GCM data key, which is wrapped by the
/// master key of <see cref="IKeyEncryptionKeyProvider"/>. The ciphertext carries the master key ID, so keys can be rotated
/// and a wrong key is reported by name.
/// </summary>
/// <remarks>
/// Format (version 1), as text "v1:" + base64 of:
/// <c>[0x01][keyId length: 1 byte][keyId UTF-8][wrapped key length: 2 bytes BE][wrapped key][nonce: 12][tag: 16][ciphertext]</c>.
/// Associated data = every byte before the nonce + the caller's context string, so a ciphertext moved to another
/// record (another context) does not decrypt. Changing this layout needs a new version byte: old values must stay readable.
/// </remarks>
public sealed class SecretProtector(IKeyEncryptionKeyProvider keyProvider)
{
    private const string TextPrefix = "v1:";
    private const byte FormatVersion = 1;
    private const int DataKeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public string ActiveKeyId => keyProvider.ActiveKeyId;

    public async ValueTask<string> ProtectAsync(string plaintext, string context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var keyId = keyProvider.ActiveKeyId;
        var keyIdBytes = Encoding.UTF8.GetBytes(keyId);
        if (keyIdBytes.Length is 0 or > byte.MaxValue)
        {
            throw new KeystoreException("The master key ID must be 1 to 255 bytes long.");
        }

        var dataKey = RandomNumberGenerator.GetBytes(DataKeySize);
        try
        {
            var wrapped = await keyProvider.WrapAsync(keyId, dataKey, cancellationToken);
            var plainBytes = Encoding.UTF8.GetBytes(plaintext);
            var headerLength = 1 + 1 + keyIdBytes.Length + 2 + wrapped.Length;
            var payload = new byte[headerLength + NonceSize + TagSize + plainBytes.Length];

            var offset = 0;
            payload[offset++] = FormatVersion;
            payload[offset++] = (byte)keyIdBytes.Length;
            keyIdBytes.CopyTo(payload, offset);
            offset += keyIdBytes.Length;
            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(offset), checked((ushort)wrapped.Length));
            offset += 2;
            wrapped.CopyTo(payload, offset);

            var nonce = payload.AsSpan(headerLength, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            using var aes = new AesGcm(dataKey, TagSize);
            aes.Encrypt(
                nonce,
                plainBytes,
                payload.AsSpan(headerLength + NonceSize + TagSize),
                payload.AsSpan(headerLength + NonceSize, TagSize),
                AssociatedData(payload.AsSpan(0, headerLength), context));
            CryptographicOperations.ZeroMemory(plainBytes);
            return TextPrefix + Convert.ToBase64String(payload);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public async ValueTask<string> UnprotectAsync(string protectedValue, string context, CancellationToken cancellationToken = default)
    {
        var envelope = Parse(protectedValue);
        var dataKey = await keyProvider.UnwrapAsync(envelope.KeyId, envelope.WrappedKey, cancellationToken);
        try
        {
            var payload = envelope.Payload;
            var headerLength = envelope.HeaderLength;
            var cipherLength = payload.Length - headerLength - NonceSize - TagSize;
            var plain = new byte[cipherLength];
            using var aes = new AesGcm(dataKey, TagSize);
            aes.Decrypt(
                payload.AsSpan(headerLength, NonceSize),
                payload.AsSpan(headerLength + NonceSize + TagSize),
                payload.AsSpan(headerLength + NonceSize, TagSize),
                plain,
                AssociatedData(payload.AsSpan(0, headerLength), context));
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new KeystoreException("A stored secret does not authenticate: it was tampered with or belongs to another record.", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>The master key ID a protected value was written with.</summary>
    public static string ReadKeyId(string protectedValue) => Parse(protectedValue).KeyId;

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string context)
    {
        var contextBytes = Encoding.UTF8.GetBytes(context);
        var data = new byte[header.Length + contextBytes.Length];
        header.CopyTo(data);
        contextBytes.CopyTo(data.AsSpan(header.Length));
        return data;
    }

    private static Envelope Parse(string protectedValue)
    {
        if (string.IsNullOrEmpty(protectedValue) || !protectedValue.StartsWith(TextPrefix, StringComparison.Ordinal))
        {
            throw new KeystoreException("A stored secret is not in a format this appliance knows.");
        }

        byte[] payload;
        try
        {
            payload = Convert.FromBase64String(protectedValue[TextPrefix.Length..]);
        }
        catch (FormatException ex)
        {
            throw new KeystoreException("A stored secret is damaged (not valid base64).", ex);
        }

        try
        {
            if (payload[0] != FormatVersion)
            {
                throw new KeystoreException($"A stored secret has format version {payload[0]}, which this appliance does not know.");
            }

            var keyIdLength = payload[1];
            var keyId = Encoding.UTF8.GetString(payload, 2, keyIdLength);
            var offset = 2 + keyIdLength;
            var wrappedLength = BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(offset));
            offset += 2;
            var wrapped = payload.AsMemory(offset, wrappedLength);
            offset += wrappedLength;
            if (payload.Length < offset + NonceSize + TagSize)
            {
                throw new KeystoreException("A stored secret is damaged (truncated).");
            }

            return new Envelope(keyId, wrapped, payload, offset);
        }
        catch (ArgumentException ex)
        {
            throw new KeystoreException("A stored secret is damaged (truncated).", ex);
        }
        catch (IndexOutOfRangeException ex)
        {
            throw new KeystoreException("A stored secret is damaged (truncated).", ex);
        }
    }

    private readonly record struct Envelope(string KeyId, ReadOnlyMemory<byte> WrappedKey, byte[] Payload, int HeaderLength);
}
