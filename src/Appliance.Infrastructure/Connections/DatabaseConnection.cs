using Appliance.Core.Connections;
using Appliance.Infrastructure.Schema;

namespace Appliance.Infrastructure.Connections;

/// <summary>A stored connection. Secrets are only ever held encrypted here (see <see cref="Keystore.SecretProtector"/>).</summary>
public sealed class DatabaseConnection
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public required string Name { get; set; }
    public DatabaseEngine Engine { get; set; }
    public string? Host { get; set; }
    public int? Port { get; set; }
    public string? DatabaseName { get; set; }
    public string? UserName { get; set; }
    public TlsMode TlsMode { get; set; } = TlsMode.Prefer;
    /// <summary>Encrypted password; null when none was given.</summary>
    public string? EncryptedPassword { get; set; }
    /// <summary>Encrypted pasted connection string (it may hold a password, so the whole string is a secret).</summary>
    public string? EncryptedConnectionString { get; set; }
    /// <summary>The appliance never writes through a read-only connection; only a writable one may be a sandbox.</summary>
    public bool IsReadOnly { get; set; } = true;
    public bool IsDemo { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
    public DateTime? LastTestedAt { get; set; }
    public bool? LastTestSucceeded { get; set; }
    public string? LastTestMessage { get; set; }
    /// <summary>Whether the connected database role can write, found by the last test; the UI advises a read-only role.</summary>
    public bool? RoleCanWrite { get; set; }
    /// <summary>How often drift watch re-reads the schema.</summary>
    public DriftSchedule DriftSchedule { get; set; } = DriftSchedule.Off;
    /// <summary>Where drift watch POSTs a JSON message when the schema changed (http or https). Not a secret, but logs show only its host.</summary>
    public string? WebhookUrl { get; set; }
    /// <summary>When drift watch last tried to read the schema, successfully or not.</summary>
    public DateTime? DriftCheckedAt { get; set; }
    /// <summary>Why drift watch's last attempt failed; null after a success. The workspace is notified when this first becomes set.</summary>
    public string? DriftError { get; set; }
}
