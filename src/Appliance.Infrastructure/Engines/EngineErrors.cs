using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Appliance.Infrastructure.Engines;

/// <summary>
/// The failures every engine shares — DNS, refused port, timeout, TLS handshake — recognised from the exception chain,
/// and the sentences used for them, so that all four adapters word the same problem the same way.
/// </summary>
internal static class EngineErrors
{
    public static DatabaseAccessException InvalidPastedString(ConnectionTarget target) => new(
        ConnectionProblem.InvalidSettings,
        $"The pasted connection string is not a valid {target.EngineName} connection string " +
        "(unknown keyword, a value the driver rejects, a missing '=' or unbalanced quotes). Check it, or use the separate fields instead.");

    public static DatabaseAccessException MissingHost(ConnectionTarget target) => new(
        ConnectionProblem.InvalidSettings, $"Enter the host name or address of the {target.EngineName} server.");

    public static DatabaseAccessException UnknownHost(ConnectionTarget target, Exception? inner = null) => new(
        ConnectionProblem.UnknownHost,
        $"The host name '{target.Host}' could not be found (DNS lookup failed). Check the spelling of the host name.", inner);

    public static DatabaseAccessException Refused(ConnectionTarget target, Exception? inner = null) => new(
        ConnectionProblem.ConnectionRefused,
        $"The connection to {target.Endpoint} was refused: nothing accepts {target.EngineName} connections on that port. " +
        "Check the port and that the server is running and listens on the network.", inner);

    public static DatabaseAccessException Timeout(ConnectionTarget target, Exception? inner = null) => new(
        ConnectionProblem.Timeout,
        $"No answer from {target.Endpoint} within {target.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} seconds. " +
        "Check the host, the port and any firewall between the appliance and the server.", inner);

    public static DatabaseAccessException Unreachable(ConnectionTarget target, Exception? inner = null) => new(
        ConnectionProblem.Other,
        $"The network cannot reach {target.Endpoint} (no route to the host). Check the address and the network.", inner);

    public static DatabaseAccessException WrongPassword(ConnectionTarget target, Exception? inner = null) => new(
        ConnectionProblem.AuthenticationFailed,
        $"Wrong user name or password for user '{target.User}'.", inner);

    public static DatabaseAccessException UnknownDatabase(ConnectionTarget target, Exception? inner = null) => new(
        ConnectionProblem.UnknownDatabase,
        $"The database '{target.Database}' does not exist on {target.Endpoint}. Check the database name.", inner);

    public static DatabaseAccessException TlsRequiredByServer(ConnectionTarget target, Exception? inner = null) => new(
        ConnectionProblem.TlsRequired,
        $"The server at {target.Endpoint} only accepts encrypted connections. Set TLS to 'Require' (or 'Verify') and try again.", inner);

    public static DatabaseAccessException TlsNotSupportedByServer(ConnectionTarget target, Exception? inner = null) => new(
        ConnectionProblem.TlsFailed,
        $"TLS is required by the connection settings but the server at {target.Endpoint} does not offer encrypted connections. " +
        "Enable TLS on the server, or set TLS to 'Prefer' or 'Disable'.", inner);

    public static DatabaseAccessException TlsHandshakeFailed(ConnectionTarget target, Exception? inner = null, string? detail = null) => new(
        ConnectionProblem.TlsFailed,
        $"The TLS handshake with {target.Endpoint} failed{(detail is null ? "" : $" ({detail})")}. " +
        "With 'Verify' the server certificate must be trusted and match the host name; 'Require' encrypts without checking it.", inner);

    public static DatabaseAccessException PermissionDenied(ConnectionTarget target, string what, Exception? inner = null) => new(
        ConnectionProblem.PermissionDenied, $"Permission denied for user '{target.User}': {what}.", inner);

    /// <summary>
    /// The driver could not connect and does not say why (some drivers drop the socket error). Marked so that the runner
    /// finds out itself with <see cref="DiagnoseEndpointAsync"/>.
    /// </summary>
    public static DatabaseAccessException CouldNotReach(ConnectionTarget target, Exception ex)
    {
        var detail = target.Scrub(ex.Message);
        var result = new DatabaseAccessException(
            ConnectionProblem.Other,
            $"Could not connect to the {target.EngineName} server at {target.Endpoint}{(detail is null ? "" : $" ({detail})")}.",
            ex);
        result.Data[DiagnoseKey] = true;
        return result;
    }

    private const string DiagnoseKey = "Appliance.DiagnoseEndpoint";

    public static bool NeedsDiagnosis(DatabaseAccessException ex) => ex.Data[DiagnoseKey] is true;

    /// <summary>
    /// Finds out why an endpoint cannot be reached when the driver did not say: resolves the host name, then opens (and
    /// closes) a plain TCP connection to the port. Null when both work — the problem is then not the network.
    /// </summary>
    public static async Task<DatabaseAccessException?> DiagnoseEndpointAsync(ConnectionTarget target, Exception original, CancellationToken cancellationToken)
    {
        var host = target.Host?.Trim();
        if (string.IsNullOrEmpty(host) || host.Contains('/', StringComparison.Ordinal) || host.Contains(',', StringComparison.Ordinal)
            || host.Contains('\\', StringComparison.Ordinal))
        {
            return null; // Unix sockets, host lists and named instances are left to the driver's message.
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return UnknownHost(target, original);
        }

        if (addresses.Length == 0)
        {
            return UnknownHost(target, original);
        }

        if (target.Port is not > 0)
        {
            return null;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(Math.Clamp(target.TimeoutSeconds, 1, 10)));
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(addresses, target.Port.Value, limit.Token).ConfigureAwait(false);
            return null;
        }
        catch (SocketException socketError)
        {
            return ClassifyTransport(socketError, target) is { } transport
                ? new DatabaseAccessException(transport.Problem, transport.Message, original)
                : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Timeout(target, original);
        }
    }

    public static DatabaseAccessException Other(ConnectionTarget target, Exception ex)
    {
        var detail = target.Scrub(ex.Message);
        return new DatabaseAccessException(
            ConnectionProblem.Other,
            detail is null
                ? $"The {target.EngineName} server at {target.Endpoint} could not be used."
                : $"The {target.EngineName} server at {target.Endpoint} could not be used: {detail}.",
            ex);
    }

    /// <summary>
    /// Recognises the transport failures (DNS, refused, timeout, TLS handshake) anywhere in the exception chain.
    /// Null when the failure is something else (typically a server error the engine classifies itself).
    /// </summary>
    public static DatabaseAccessException? ClassifyTransport(Exception ex, ConnectionTarget target)
    {
        foreach (var e in Chain(ex))
        {
            switch (e)
            {
                case SocketException socket:
                    switch (socket.SocketErrorCode)
                    {
                        case SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain:
                            return UnknownHost(target, ex);
                        case SocketError.ConnectionRefused:
                            return Refused(target, ex);
                        case SocketError.TimedOut:
                            return Timeout(target, ex);
                        case SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.NetworkDown:
                            return Unreachable(target, ex);
                        default:
                            break;
                    }

                    break;
                case AuthenticationException auth:
                    return TlsHandshakeFailed(target, ex, target.Scrub(auth.Message));
                case TimeoutException:
                    return Timeout(target, ex);
                default:
                    break;
            }
        }

        return null;
    }

    /// <summary>The exception and all its inner exceptions (aggregates flattened), outermost first.</summary>
    public static IEnumerable<Exception> Chain(Exception ex)
    {
        var pending = new Stack<Exception>();
        pending.Push(ex);
        var seen = 0;
        while (pending.Count > 0 && seen++ < 32)
        {
            var current = pending.Pop();
            yield return current;
            if (current is AggregateException aggregate)
            {
                for (var i = aggregate.InnerExceptions.Count - 1; i >= 0; i--)
                {
                    pending.Push(aggregate.InnerExceptions[i]);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    public static T? Find<T>(Exception ex) where T : Exception => Chain(ex).OfType<T>().FirstOrDefault();
}
