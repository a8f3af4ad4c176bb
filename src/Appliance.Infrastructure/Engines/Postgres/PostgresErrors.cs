using Npgsql;

namespace Appliance.Infrastructure.Engines;

/// <summary>Turns Npgsql / PostgreSQL failures into classified, user-readable <see cref="DatabaseAccessException"/>s.</summary>
internal static class PostgresErrors
{
    public static DatabaseAccessException Classify(Exception ex, ConnectionTarget target)
    {
        if (EngineErrors.Find<PostgresException>(ex) is { } pg)
        {
            return ClassifyServerError(pg.SqlState, pg.MessageText, target, ex);
        }

        if (EngineErrors.ClassifyTransport(ex, target) is { } transport)
        {
            return transport;
        }

        // Npgsql's own words when TLS was demanded but the server answered the SSL request with "no".
        // ("SSL connection requested. No SSL enabled connection from this host is configured.")
        if (EngineErrors.Chain(ex).Any(e => e is NpgsqlException && e.Message.Contains("No SSL", StringComparison.OrdinalIgnoreCase)))
        {
            return EngineErrors.TlsNotSupportedByServer(target, ex);
        }

        return EngineErrors.Other(target, ex);
    }

    /// <summary>Classification by SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html).</summary>
    internal static DatabaseAccessException ClassifyServerError(string sqlState, string? serverMessage, ConnectionTarget target, Exception? inner = null)
    {
        var text = serverMessage ?? "";
        switch (sqlState)
        {
            case PostgresErrorCodes.InvalidPassword:
                return EngineErrors.WrongPassword(target, inner);
            case PostgresErrorCodes.InvalidCatalogName:
                return EngineErrors.UnknownDatabase(target, inner);
            case PostgresErrorCodes.InvalidAuthorizationSpecification:
                if (text.Contains("pg_hba.conf", StringComparison.Ordinal))
                {
                    // "no pg_hba.conf entry for host …, no encryption": the server only lets this host in over TLS (or not at all).
                    return text.Contains("no encryption", StringComparison.OrdinalIgnoreCase)
                        ? EngineErrors.TlsRequiredByServer(target, inner)
                        : EngineErrors.PermissionDenied(target, "the server's access rules (pg_hba.conf) do not allow this host, user and database", inner);
                }

                if (text.Contains("does not exist", StringComparison.OrdinalIgnoreCase))
                {
                    return new DatabaseAccessException(ConnectionProblem.AuthenticationFailed, $"The user '{target.User}' does not exist on the server.", inner);
                }

                return new DatabaseAccessException(
                    ConnectionProblem.AuthenticationFailed, $"The server refused the login of user '{target.User}': {target.Scrub(text) ?? "not authorized"}.", inner);
            case PostgresErrorCodes.InsufficientPrivilege:
                return EngineErrors.PermissionDenied(target, target.Scrub(text) ?? "insufficient privilege", inner);
            case PostgresErrorCodes.LockNotAvailable:
                return new DatabaseAccessException(
                    ConnectionProblem.Timeout, "Another session holds a lock on the catalog (a schema change in progress?); the schema was not read. Try again in a moment.", inner);
            case PostgresErrorCodes.QueryCanceled:
                return new DatabaseAccessException(
                    ConnectionProblem.Timeout, $"The server cancelled a catalog query ({target.Scrub(text) ?? "statement timeout"}).", inner);
            case PostgresErrorCodes.TooManyConnections:
                return new DatabaseAccessException(
                    ConnectionProblem.Other, $"The server at {target.Endpoint} has no free connection slots; try again later.", inner);
            case PostgresErrorCodes.CannotConnectNow:
                return new DatabaseAccessException(
                    ConnectionProblem.Other, $"The server at {target.Endpoint} is starting up or shutting down; try again shortly.", inner);
            default:
                return new DatabaseAccessException(
                    ConnectionProblem.Other,
                    $"PostgreSQL at {target.Endpoint} reported an error ({sqlState}): {target.Scrub(text) ?? "no details"}.", inner);
        }
    }
}
