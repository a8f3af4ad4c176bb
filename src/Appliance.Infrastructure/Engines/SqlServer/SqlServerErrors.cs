using Microsoft.Data.SqlClient;

namespace Appliance.Infrastructure.Engines;

/// <summary>Turns SqlClient / SQL Server failures into classified, user-readable <see cref="DatabaseAccessException"/>s.</summary>
internal static class SqlServerErrors
{
    public static DatabaseAccessException Classify(Exception ex, ConnectionTarget target)
    {
        // The TLS handshake and socket errors first: SqlClient reports them as SqlExceptions with generic numbers.
        if (EngineErrors.ClassifyTransport(ex, target) is { } transport)
        {
            return transport;
        }

        if (EngineErrors.Find<SqlException>(ex) is { } sql)
        {
            var errors = sql.Errors.Cast<SqlError>().Select(e => (e.Number, e.Message)).ToList();
            if (errors.Count == 0)
            {
                errors.Add((sql.Number, sql.Message));
            }

            return ClassifyErrors(errors, target, ex);
        }

        return EngineErrors.Other(target, ex);
    }

    /// <summary>
    /// Classification by error number (https://learn.microsoft.com/sql/relational-databases/errors-events/database-engine-events-and-errors).
    /// A failed login reports several errors (4060 "cannot open database" comes with 18456 "login failed"): the most specific wins.
    /// </summary>
    internal static DatabaseAccessException ClassifyErrors(IReadOnlyList<(int Number, string Message)> errors, ConnectionTarget target, Exception? inner = null)
    {
        bool Has(params int[] numbers) => errors.Any(e => numbers.Contains(e.Number));
        bool Says(string text) => errors.Any(e => e.Message.Contains(text, StringComparison.OrdinalIgnoreCase));

        if (Has(4060))
        {
            return new DatabaseAccessException(
                ConnectionProblem.UnknownDatabase,
                $"The database '{target.Database}' does not exist on {target.Endpoint}, or user '{target.User}' may not open it. Check the database name.",
                inner);
        }

        if (Has(18456, 18452))
        {
            return EngineErrors.WrongPassword(target, inner);
        }

        if (Has(18470))
        {
            return new DatabaseAccessException(ConnectionProblem.AuthenticationFailed, $"The login '{target.User}' is disabled on the server.", inner);
        }

        if (Has(18487, 18488))
        {
            return new DatabaseAccessException(ConnectionProblem.AuthenticationFailed, $"The password of login '{target.User}' has expired or must be changed.", inner);
        }

        if (Has(916, 229, 230, 262, 297, 300))
        {
            return EngineErrors.PermissionDenied(target, target.Scrub(errors[0].Message) ?? "insufficient permissions", inner);
        }

        if (Has(20))
        {
            // "The instance of SQL Server you attempted to connect to does not support encryption."
            return EngineErrors.TlsNotSupportedByServer(target, inner);
        }

        if (Says("certificate") || Says("SSL Provider") || Says("TLS"))
        {
            return EngineErrors.TlsHandshakeFailed(target, inner);
        }

        if (Has(11001))
        {
            return EngineErrors.UnknownHost(target, inner);
        }

        if (Has(10061))
        {
            return EngineErrors.Refused(target, inner);
        }

        if (Has(-2, 10060, 258) || Says("timeout expired"))
        {
            return EngineErrors.Timeout(target, inner);
        }

        if (Has(2, 26, 35, 40, 53, 64, 121, 233, 10053, 10054, 10065, -1, 0))
        {
            // Network-level failures whose cause SqlClient words differently per platform: find out directly.
            return EngineErrors.CouldNotReach(target, inner ?? new InvalidOperationException(errors[0].Message));
        }

        return new DatabaseAccessException(
            ConnectionProblem.Other,
            $"SQL Server at {target.Endpoint} reported error {errors[0].Number}: {target.Scrub(errors[0].Message) ?? "no details"}.",
            inner);
    }
}
