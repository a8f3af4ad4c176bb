using Appliance.Infrastructure.Engines;

namespace Appliance.Web.Pages.Connections;

public static class ConnectionProblemText
{
    /// <summary>A short heading for a failed connection test; the adapter's message says the rest.</summary>
    public static string Title(ConnectionProblem problem) => problem switch
    {
        ConnectionProblem.UnknownHost => "Unknown host",
        ConnectionProblem.ConnectionRefused => "Connection refused",
        ConnectionProblem.Timeout => "No answer",
        ConnectionProblem.AuthenticationFailed => "Sign-in refused",
        ConnectionProblem.UnknownDatabase => "Unknown database",
        ConnectionProblem.TlsRequired => "TLS required",
        ConnectionProblem.TlsFailed => "TLS failed",
        ConnectionProblem.PermissionDenied => "Permission denied",
        ConnectionProblem.InvalidSettings => "Invalid settings",
        _ => "Failed",
    };
}
