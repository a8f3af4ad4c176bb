using Appliance.Infrastructure.Engines;

namespace Appliance.Infrastructure.Query;

public enum QueryErrorKind
{
    /// <summary>The appliance refused the statement before sending it (read-only policy, or not one data-changing statement in write mode).</summary>
    Refused,
    /// <summary>The database refused a write because the statement ran in a read-only transaction.</summary>
    ReadOnlyViolation,
    /// <summary>The server could not parse the statement.</summary>
    Syntax,
    /// <summary>Any other error the server reported (unknown table, permission, division by zero …).</summary>
    Database,
    /// <summary>The statement ran longer than the limit (or waited too long for a lock) and was stopped.</summary>
    Timeout,
    /// <summary>The user cancelled the run; it was stopped on the server.</summary>
    Cancelled,
    /// <summary>The server could not be reached or refused the login; see <see cref="QueryException.ConnectionProblem"/>.</summary>
    Connection,
    /// <summary>The user may not do this (role, read-only connection, someone else's run or saved query).</summary>
    Forbidden,
    /// <summary>The workspace, connection or saved query does not exist (or is not visible to the user).</summary>
    NotFound,
    /// <summary>The input is not acceptable (empty SQL, name too long …).</summary>
    Invalid,
    /// <summary>The user already has as many queries running as allowed.</summary>
    Busy,
}

/// <summary>A query that did not produce a result, with a message fit for a user: no stack trace, never a password.</summary>
public sealed class QueryException : Exception
{
    public QueryException(QueryErrorKind kind, string message, Exception? inner = null) : base(message, inner) => Kind = kind;

    public QueryException() : this(QueryErrorKind.Database, "The query failed.") { }

    public QueryException(string message) : this(QueryErrorKind.Database, message) { }

    public QueryException(string message, Exception inner) : this(QueryErrorKind.Database, message, inner) { }

    public QueryErrorKind Kind { get; }

    /// <summary>For <see cref="QueryErrorKind.Connection"/>: the classified connection problem.</summary>
    public ConnectionProblem ConnectionProblem { get; init; }

    /// <summary>For <see cref="QueryErrorKind.Syntax"/> errors the server located: 1-based line and column in the submitted text.</summary>
    public (int Line, int Column)? Position { get; init; }

    /// <summary>The server's error code (SQLSTATE, MySQL error number, SQL Server error number), when there is one.</summary>
    public string? ServerCode { get; init; }
}
