namespace Appliance.Core.Connections;

/// <summary>TLS policy for a connection, mapped onto each driver's own setting.</summary>
public enum TlsMode
{
    /// <summary>Never use TLS.</summary>
    Disable,
    /// <summary>Use TLS when the server offers it.</summary>
    Prefer,
    /// <summary>Require TLS but do not verify the certificate.</summary>
    Require,
    /// <summary>Require TLS and verify the certificate chain and host name.</summary>
    VerifyFull,
}
