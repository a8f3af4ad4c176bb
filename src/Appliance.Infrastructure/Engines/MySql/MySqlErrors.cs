using MySqlConnector;

namespace Appliance.Infrastructure.Engines;

/// <summary>Turns MySqlConnector / MySQL / MariaDB failures into classified, user-readable <see cref="DatabaseAccessException"/>s.</summary>
internal static class MySqlErrors
{
    /// <summary>ER_SECURE_TRANSPORT_REQUIRED: the server refuses connections without TLS (require_secure_transport).</summary>
    internal const int SecureTransportRequired = 3159;

    public static DatabaseAccessException Classify(Exception ex, ConnectionTarget target)
    {
        if (EngineErrors.Find<MySqlException>(ex) is { } mysql
            && ClassifyServerError(mysql.Number, mysql.Message, target, ex) is { } server)
        {
            return server;
        }

        if (EngineErrors.ClassifyTransport(ex, target) is { } transport)
        {
            return transport;
        }

        if (EngineErrors.Chain(ex).Any(e => e.Message.Contains("does not support SSL", StringComparison.OrdinalIgnoreCase)))
        {
            return EngineErrors.TlsNotSupportedByServer(target, ex);
        }

        if (EngineErrors.Chain(ex).Any(e => e.Message.Contains("Connect Timeout expired", StringComparison.OrdinalIgnoreCase)))
        {
            return EngineErrors.Timeout(target, ex);
        }

        if (EngineErrors.Find<MySqlException>(ex) is { ErrorCode: MySqlErrorCode.UnableToConnectToHost })
        {
            // "Unable to connect to any of the specified MySQL hosts": MySqlConnector does not keep the socket error.
            return EngineErrors.CouldNotReach(target, ex);
        }

        return EngineErrors.Other(target, ex);
    }

    /// <summary>Classification by server error number (https://mariadb.com/kb/en/mariadb-error-codes/); null when the number says nothing specific.</summary>
    internal static DatabaseAccessException? ClassifyServerError(int number, string? message, ConnectionTarget target, Exception? inner = null)
    {
        var text = message ?? "";
        switch ((MySqlErrorCode)number)
        {
            case MySqlErrorCode.AccessDenied:
                return text.Contains("SSL", StringComparison.Ordinal) || text.Contains("secure transport", StringComparison.OrdinalIgnoreCase)
                    ? EngineErrors.TlsRequiredByServer(target, inner)
                    : EngineErrors.WrongPassword(target, inner);
            case MySqlErrorCode.UnknownDatabase:
                return EngineErrors.UnknownDatabase(target, inner);
            case MySqlErrorCode.DatabaseAccessDenied:
                return EngineErrors.PermissionDenied(target, $"no access to the database '{target.Database}'", inner);
            case MySqlErrorCode.HostNotPrivileged:
                return EngineErrors.PermissionDenied(target, "the server does not accept connections from the appliance's address for this user", inner);
            case MySqlErrorCode.HostIsBlocked:
                return EngineErrors.PermissionDenied(target, "the server blocked the appliance's address after too many failed connections (FLUSH HOSTS unblocks it)", inner);
            case MySqlErrorCode.TableAccessDenied or MySqlErrorCode.ColumnAccessDenied:
                return EngineErrors.PermissionDenied(target, target.Scrub(text) ?? "insufficient privileges", inner);
            case MySqlErrorCode.ConnectionCountError:
                return new DatabaseAccessException(
                    ConnectionProblem.Other, $"The server at {target.Endpoint} has too many connections; try again later.", inner);
            case MySqlErrorCode.CommandTimeoutExpired:
                return new DatabaseAccessException(ConnectionProblem.Timeout, "A catalog query did not finish in time.", inner);
            default:
                if (number == SecureTransportRequired || text.Contains("insecure transport", StringComparison.OrdinalIgnoreCase))
                {
                    return EngineErrors.TlsRequiredByServer(target, inner);
                }

                return null;
        }
    }
}
