using Appliance.Core.Connections;
using Appliance.Core.Schema;

namespace Appliance.Infrastructure.Engines;

/// <summary>
/// Everything the appliance does with one kind of database server: build a driver connection string,
/// test a connection with a classified answer, and read the schema (never table rows) into the canonical model.
/// </summary>
public interface IDatabaseEngineAdapter
{
    DatabaseEngine Engine { get; }

    /// <summary>
    /// The driver's ADO.NET connection string for these settings. A pasted connection string is parsed by the driver's own builder.
    /// Throws <see cref="DatabaseAccessException"/> with <see cref="ConnectionProblem.InvalidSettings"/> for settings the driver rejects.
    /// </summary>
    string BuildConnectionString(ConnectionSettings settings);

    /// <summary>Opens a connection and answers within the settings' timeout. Never throws for a connection problem; it is classified in the result.</summary>
    Task<ConnectionTestResult> TestAsync(ConnectionSettings settings, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the schema with a fixed, small number of catalog queries (set-based; never one query per table, never a table's rows).
    /// Throws <see cref="DatabaseAccessException"/> with a classified, user-readable message on failure.
    /// </summary>
    Task<DatabaseSchema> ReadSchemaAsync(ConnectionSettings settings, CancellationToken cancellationToken = default);
}

/// <summary>The outcome of "Test connection".</summary>
public sealed record ConnectionTestResult
{
    public required bool Success { get; init; }
    public ConnectionProblem Problem { get; init; }
    /// <summary>A sentence a user understands, e.g. "Wrong user name or password for user 'app'." Never contains the password.</summary>
    public required string Message { get; init; }
    public string? ServerVersion { get; init; }
    public TimeSpan Elapsed { get; init; }
    /// <summary>True when the connected role can change data or schema (so the UI can advise a read-only role); null when unknown.</summary>
    public bool? RoleCanWrite { get; init; }

    public static ConnectionTestResult Failed(DatabaseAccessException ex, TimeSpan elapsed) =>
        new() { Success = false, Problem = ex.Problem, Message = ex.Message, Elapsed = elapsed };
}

public enum ConnectionProblem
{
    None,
    /// <summary>The settings or the pasted connection string are malformed or incomplete.</summary>
    InvalidSettings,
    UnknownHost,
    ConnectionRefused,
    Timeout,
    AuthenticationFailed,
    UnknownDatabase,
    TlsRequired,
    TlsFailed,
    PermissionDenied,
    Other,
}

/// <summary>A database problem with a message fit for a user (no stack trace, no password).</summary>
public sealed class DatabaseAccessException : Exception
{
    public DatabaseAccessException(ConnectionProblem problem, string message, Exception? inner = null) : base(message, inner) => Problem = problem;

    public DatabaseAccessException() : this(ConnectionProblem.Other, "The database could not be reached.") { }
    public DatabaseAccessException(string message) : this(ConnectionProblem.Other, message) { }
    public DatabaseAccessException(string message, Exception inner) : this(ConnectionProblem.Other, message, inner) { }

    public ConnectionProblem Problem { get; }
}
