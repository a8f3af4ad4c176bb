using System.Xml.Linq;
using Appliance.Infrastructure.Keystore;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Appliance.Web.Hosting;

/// <summary>
/// Encrypts ASP.NET Core's data-protection keys (which sign cookies and antiforgery tokens) with the appliance keystore,
/// so they are at rest under the same master key, with its key ID, as every other secret.
/// </summary>
internal sealed class KeystoreXmlEncryptor(SecretProtector protector) : IXmlEncryptor
{
    internal const string Context = "dataprotection-key";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        // The local key ring completes synchronously; data protection offers no asynchronous hook.
        var ciphertext = protector.ProtectAsync(plaintextElement.ToString(SaveOptions.DisableFormatting), Context).AsTask().GetAwaiter().GetResult();
        return new EncryptedXmlInfo(new XElement("keystoreEncrypted", new XAttribute("keyId", SecretProtector.ReadKeyId(ciphertext)), ciphertext), typeof(KeystoreXmlDecryptor));
    }
}

internal sealed class KeystoreXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var protector = services.GetRequiredService<SecretProtector>();
        return XElement.Parse(protector.UnprotectAsync(encryptedElement.Value, KeystoreXmlEncryptor.Context).AsTask().GetAwaiter().GetResult());
    }
}
