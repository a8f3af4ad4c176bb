namespace Appliance.Core.Connections;

/// <summary>
/// What a user enters for a connection: either discrete fields or a pasted ADO.NET connection string.
/// The password is plain text only in memory; at rest it is always encrypted by the keystore.
/// </summary>
public sealed record ConnectionSettings
{
    public required DatabaseEngine Engine { get; init; }
    public string? Host { get; init; }
    public int? Port { get; init; }
    /// <summary>Database name, or for SQLite the file path.</summary>
    public string? Database { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    public TlsMode Tls { get; init; } = TlsMode.Prefer;
    /// <summary>A pasted ADO.NET connection string; when set it wins over the discrete fields (a password field still fills a missing password).</summary>
    public string? ConnectionString { get; init; }
    /// <summary>Seconds to wait for the server when connecting.</summary>
    public int ConnectTimeoutSeconds { get; init; } = 10;

    public override string ToString() => $"{Engine.ToCliName()}://{Username}@{Host}:{Port}/{Database}";
}
