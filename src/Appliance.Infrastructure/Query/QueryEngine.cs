using System.Globalization;
using Appliance.Core.Connections;
using Appliance.Infrastructure.Engines;

namespace Appliance.Infrastructure.Query;

/// <summary>One run handed to an engine: where to connect, the text, the limits and which safety layers are on.</summary>
internal sealed class QueryRun(PreparedConnection connection, string sql, QueryLimits limits, SafetyLayers layers)
{
    public PreparedConnection Connection { get; } = connection;
    public string Sql { get; } = sql;
    public QueryLimits Limits { get; } = limits;
    public SafetyLayers Layers { get; } = layers;
    public NoticeList Notices { get; } = new();

    public ConnectionTarget Target => Connection.Target;

    public bool Has(SafetyLayers layer) => (Layers & layer) == layer;
}

/// <summary>How one kind of server runs a user's statement safely. Failures are thrown as <see cref="QueryException"/> or driver exceptions for <see cref="Classify"/>.</summary>
internal interface IQueryEngine
{
    DatabaseEngine Engine { get; }

    /// <summary>Driver connection string (never pooled) and target; throws <see cref="DatabaseAccessException"/> for bad settings.</summary>
    PreparedConnection Prepare(ConnectionSettings settings);

    /// <summary>Runs one statement read-only and reads its first result set under the caps.</summary>
    Task<CollectedRows> ReadAsync(QueryRun run, CancellationToken cancellationToken);

    /// <summary>Runs one statement in a transaction that is committed; returns the rows affected when the server reports them.</summary>
    Task<long?> WriteAsync(QueryRun run, CancellationToken cancellationToken);

    /// <summary>Turns a driver exception raised while the statement ran into a user-readable error.</summary>
    QueryException Classify(Exception exception, QueryRun run);
}

/// <summary>Server notices of one run, capped so a chatty statement cannot fill the memory.</summary>
internal sealed class NoticeList
{
    private const int Max = 50;
    private readonly List<string> _items = [];

    public void Add(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        lock (_items)
        {
            if (_items.Count < Max)
            {
                _items.Add(text.Trim());
            }
        }
    }

    public IReadOnlyList<string> ToList()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }
}

/// <summary>What every engine shares: opening with classified failures, quiet clean-up, and the sentences for errors.</summary>
internal static class QueryEngineSupport
{
    /// <summary>How long clean-up (rollback, XA rollback) may take before the connection is simply closed, which rolls back too.</summary>
    private static readonly TimeSpan TeardownLimit = TimeSpan.FromSeconds(5);

    /// <summary>Opens the connection; a failure becomes a <see cref="QueryErrorKind.Connection"/> error worded by the engine's classifier.</summary>
    public static async Task OpenAsync(
        Func<CancellationToken, Task> open,
        ConnectionTarget target,
        Func<Exception, ConnectionTarget, DatabaseAccessException> classify,
        CancellationToken cancellationToken)
    {
        try
        {
            await open(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or StackOverflowException or QueryException))
        {
            var classified = ex as DatabaseAccessException ?? classify(ex, target);
            if (EngineErrors.NeedsDiagnosis(classified))
            {
                classified = await EngineErrors.DiagnoseEndpointAsync(target, ex, cancellationToken).ConfigureAwait(false) ?? classified;
            }

            throw Connection(classified);
        }
    }

    public static QueryException Connection(DatabaseAccessException classified) =>
        new(QueryErrorKind.Connection, classified.Message, classified) { ConnectionProblem = classified.Problem };

    /// <summary>Runs a clean-up step with its own short time limit; its failure is ignored (closing the connection ends the transaction anyway).</summary>
    public static async Task QuietlyAsync(Func<CancellationToken, Task> step)
    {
        using var limit = new CancellationTokenSource(TeardownLimit);
        try
        {
            await step(limit.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Clean-up after a run must never hide the run's own outcome.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    public static QueryException Timeout(int seconds, Exception? inner = null, string? code = null) => new(
        QueryErrorKind.Timeout,
        $"The query ran longer than the limit of {seconds.ToString(CultureInfo.InvariantCulture)} seconds and was stopped on the server.",
        inner) { ServerCode = code };

    public static QueryException LockTimeout(int seconds, Exception? inner = null, string? code = null) => new(
        QueryErrorKind.Timeout,
        $"The query waited more than {seconds.ToString(CultureInfo.InvariantCulture)} seconds for a lock held by another session and was stopped.",
        inner) { ServerCode = code };

    public static QueryException Cancelled(Exception? inner = null) =>
        new(QueryErrorKind.Cancelled, "The query was cancelled and stopped on the server.", inner);

    public static QueryException ReadOnly(string? serverMessage, Exception? inner = null, string? code = null) => new(
        QueryErrorKind.ReadOnlyViolation,
        "The database refused to change anything: read-only mode runs every statement in a read-only transaction" +
        (serverMessage is null ? "." : $" (the server said: {serverMessage})."),
        inner) { ServerCode = code };

    /// <summary>The server refused a statement that would end the read-only transaction (MariaDB/MySQL inside the XA transaction).</summary>
    public static QueryException EndsTransaction(Exception? inner = null, string? code = null) => new(
        QueryErrorKind.ReadOnlyViolation,
        "The database refused to run it: read-only mode runs every statement inside a read-only transaction, and this statement " +
        "would end that transaction (COMMIT, ROLLBACK, or a statement that commits implicitly such as DDL).",
        inner) { ServerCode = code };

    /// <summary>The server itself found more than one statement in the text and ran none of them.</summary>
    public static QueryException SeveralStatements(Exception? inner = null, string? code = null) => new(
        QueryErrorKind.Refused,
        "Read-only mode refused the statement: the server found several statements in the text and ran none of them; read-only mode runs exactly one.",
        inner) { ServerCode = code };

    public static QueryException Syntax(ConnectionTarget target, string? serverMessage, Exception? inner = null, string? code = null, (int, int)? position = null) => new(
        QueryErrorKind.Syntax,
        $"{target.EngineName} could not parse the statement: {serverMessage ?? "syntax error"}" +
        (position is { } p ? $" (line {p.Item1.ToString(CultureInfo.InvariantCulture)}, column {p.Item2.ToString(CultureInfo.InvariantCulture)})." : "."),
        inner) { ServerCode = code, Position = position };

    public static QueryException Database(ConnectionTarget target, string? serverMessage, Exception? inner = null, string? code = null) => new(
        QueryErrorKind.Database,
        $"{target.EngineName} reported an error: {serverMessage ?? "no details"}.",
        inner) { ServerCode = code };

    /// <summary>1-based line and column of a 1-based character position in <paramref name="text"/>.</summary>
    public static (int Line, int Column)? LineAndColumn(string text, int position)
    {
        if (position < 1 || position > text.Length + 1)
        {
            return null;
        }

        int line = 1, column = 1;
        for (var i = 0; i < position - 1; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }
}
