using System.Globalization;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Query;

public enum QueryCancelOutcome
{
    /// <summary>The run was told to stop; it ends with a "cancelled" error once the server has stopped it.</summary>
    Cancelled,
    /// <summary>No such run is going on (it ended already, or the id is wrong).</summary>
    NotFound,
    /// <summary>The run belongs to someone else: only the user who started a run may cancel it.</summary>
    Forbidden,
}

/// <summary>
/// The runs going on right now, so that one web request can start a run under an id chosen by the page and another
/// (the Cancel button) can stop it. Also limits how many runs one user has at the same time. Singleton.
/// </summary>
public sealed class QueryRunRegistry(IOptions<QueryOptions> options)
{
    private readonly Dictionary<Guid, Entry> _runs = [];

    /// <summary>
    /// Registers a run. The returned lease's token is cancelled by <see cref="Cancel"/> or by <paramref name="aborted"/>
    /// (typically the web request's own abort token); disposing the lease ends the registration.
    /// </summary>
    public QueryRunLease Begin(Guid runId, Guid userId, CancellationToken aborted = default)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        lock (_runs)
        {
            if (_runs.ContainsKey(runId))
            {
                cancellation.Dispose();
                throw new QueryException(QueryErrorKind.Invalid, "A run with this id is already going on.");
            }

            var max = options.Value.MaxConcurrentRunsPerUser;
            if (_runs.Values.Count(e => e.UserId == userId) >= max)
            {
                cancellation.Dispose();
                throw new QueryException(QueryErrorKind.Busy,
                    $"You already have {max.ToString(CultureInfo.InvariantCulture)} queries running; wait for one to finish or cancel it.");
            }

            _runs[runId] = new Entry(userId, cancellation);
        }

        return new QueryRunLease(this, runId, cancellation);
    }

    /// <summary>Stops a run started by <paramref name="userId"/>; the drivers then stop the statement on the server.</summary>
    public QueryCancelOutcome Cancel(Guid runId, Guid userId)
    {
        lock (_runs)
        {
            if (!_runs.TryGetValue(runId, out var entry))
            {
                return QueryCancelOutcome.NotFound;
            }

            if (entry.UserId != userId)
            {
                return QueryCancelOutcome.Forbidden;
            }

            // Under the lock so the run cannot end (and dispose its token source) in between. The drivers' cancel
            // callbacks (a cancel request, KILL QUERY, an attention) run on the thread pool, not here.
            _ = entry.Cancellation.CancelAsync();
        }

        return QueryCancelOutcome.Cancelled;
    }

    /// <summary>The runs <paramref name="userId"/> has going on.</summary>
    public int RunningCount(Guid userId)
    {
        lock (_runs)
        {
            return _runs.Values.Count(e => e.UserId == userId);
        }
    }

    internal void End(Guid runId, CancellationTokenSource cancellation)
    {
        lock (_runs)
        {
            if (_runs.TryGetValue(runId, out var entry) && ReferenceEquals(entry.Cancellation, cancellation))
            {
                _runs.Remove(runId);
            }
        }

        cancellation.Dispose();
    }

    private sealed record Entry(Guid UserId, CancellationTokenSource Cancellation);
}

/// <summary>A registered run; dispose when the run has ended.</summary>
public sealed class QueryRunLease : IDisposable
{
    private readonly QueryRunRegistry _registry;
    private readonly CancellationTokenSource _cancellation;
    private int _disposed;

    internal QueryRunLease(QueryRunRegistry registry, Guid runId, CancellationTokenSource cancellation)
    {
        _registry = registry;
        _cancellation = cancellation;
        RunId = runId;
        Token = cancellation.Token;
    }

    public Guid RunId { get; }

    /// <summary>Cancelled when the run is cancelled (Cancel button) or its request is aborted.</summary>
    public CancellationToken Token { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _registry.End(RunId, _cancellation);
        }
    }
}
