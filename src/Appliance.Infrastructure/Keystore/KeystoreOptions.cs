using System.ComponentModel.DataAnnotations;

namespace Appliance.Infrastructure.Keystore;

/// <summary>Where the master key comes from. Section "Appliance:Keystore".</summary>
public sealed class KeystoreOptions
{
    public const string SectionName = "Appliance:Keystore";

    /// <summary>
    /// A base64 256-bit master key given directly (environment variable or mounted secret). When set, no key file is used.
    /// </summary>
    public string? MasterKey { get; set; }

    /// <summary>Key ID of <see cref="MasterKey"/>; defaults to a fingerprint of the key.</summary>
    [MaxLength(64)]
    public string? MasterKeyId { get; set; }

    /// <summary>
    /// Path of the key-ring file. Default: keystore.key in the data directory, created (mode 0600) on first start.
    /// </summary>
    public string? MasterKeyFile { get; set; }
}
