namespace Appliance.Infrastructure.MockData;

public enum MockLoadState
{
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

public enum MockLoadCancelOutcome
{
    /// <summary>The load was told to stop; it rolls back and ends as <see cref="MockLoadState.Cancelled"/>.</summary>
    Cancelled,
    /// <summary>No such load (wrong id, or it ended long ago and was forgotten).</summary>
    NotFound,
    /// <summary>The load belongs to someone else: only the user who started a load may cancel it.</summary>
    Forbidden,
    /// <summary>The load has already ended.</summary>
    Finished,
}

/// <summary>A load as its owner sees it on the page.</summary>
public sealed record MockLoadStatus(
    Guid JobId,
    MockLoadState State,
    string TargetName,
    long TotalRows,
    MockProgress? Progress,
    MockLoadResult? Result,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt);

/// <summary>
/// The mock-data loads started from the web page, so that later requests can follow one's progress and cancel it.
/// Only the user who started a load sees it. Finished loads are remembered for an hour. Singleton.
/// </summary>
public sealed class MockLoadRegistry(TimeProvider time)
{
    /// <summary>Loads one user may have running at the same time.</summary>
    public const int MaxRunningPerUser = 2;

    private static readonly TimeSpan KeepFinished = TimeSpan.FromHours(1);
    private readonly Dictionary<Guid, MockLoadJob> _jobs = [];

    /// <summary>Registers a running load; null when the user already has <see cref="MaxRunningPerUser"/> running.</summary>
    internal MockLoadJob? TryStart(Guid userId, string targetName, long totalRows)
    {
        lock (_jobs)
        {
            Prune();
            if (_jobs.Values.Count(j => j.UserId == userId && j.State == MockLoadState.Running) >= MaxRunningPerUser)
            {
                return null;
            }

            var job = new MockLoadJob(Guid.NewGuid(), userId, targetName, totalRows, time);
            _jobs[job.Id] = job;
            return job;
        }
    }

    /// <summary>The load's state for its owner; null for anyone else or an unknown id.</summary>
    public MockLoadStatus? Status(Guid jobId, Guid userId)
    {
        lock (_jobs)
        {
            return _jobs.TryGetValue(jobId, out var job) && job.UserId == userId ? job.Snapshot() : null;
        }
    }

    /// <summary>Ends when the load has ended (whatever its outcome) and its audit line is written; null for anyone but its owner.</summary>
    public Task? Completion(Guid jobId, Guid userId)
    {
        lock (_jobs)
        {
            return _jobs.TryGetValue(jobId, out var job) && job.UserId == userId ? job.Completion : null;
        }
    }

    public MockLoadCancelOutcome Cancel(Guid jobId, Guid userId)
    {
        lock (_jobs)
        {
            if (!_jobs.TryGetValue(jobId, out var job))
            {
                return MockLoadCancelOutcome.NotFound;
            }

            if (job.UserId != userId)
            {
                return MockLoadCancelOutcome.Forbidden;
            }

            return job.RequestCancel() ? MockLoadCancelOutcome.Cancelled : MockLoadCancelOutcome.Finished;
        }
    }

    public int RunningCount(Guid userId)
    {
        lock (_jobs)
        {
            return _jobs.Values.Count(j => j.UserId == userId && j.State == MockLoadState.Running);
        }
    }

    private void Prune()
    {
        var cutoff = time.GetUtcNow() - KeepFinished;
        foreach (var old in _jobs.Values.Where(j => j.FinishedAt is { } at && at < cutoff).Select(j => j.Id).ToList())
        {
            _jobs.Remove(old);
        }
    }
}

/// <summary>One load in the background: receives its progress and its outcome; thread-safe.</summary>
internal sealed class MockLoadJob : IProgress<MockProgress>
{
    private readonly object _gate = new();
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;
    private MockProgress? _progress;
    private MockLoadResult? _result;
    private string? _error;

    public MockLoadJob(Guid id, Guid userId, string targetName, long totalRows, TimeProvider time)
    {
        Id = id;
        UserId = userId;
        TargetName = targetName;
        TotalRows = totalRows;
        _time = time;
        StartedAt = time.GetUtcNow();
    }

    public Guid Id { get; }
    public Guid UserId { get; }
    public string TargetName { get; }
    public long TotalRows { get; }
    public DateTimeOffset StartedAt { get; }
    public DateTimeOffset? FinishedAt { get; private set; }
    public MockLoadState State { get; private set; } = MockLoadState.Running;
    public CancellationToken Token => _cancellation.Token;
    public Task Completion => _completion.Task;

    public void Report(MockProgress value)
    {
        lock (_gate)
        {
            _progress = value;
        }
    }

    public bool RequestCancel()
    {
        lock (_gate)
        {
            if (State != MockLoadState.Running)
            {
                return false;
            }

            _cancellation.Cancel();
            return true;
        }
    }

    public void Succeed(MockLoadResult result) => Finish(MockLoadState.Succeeded, result, null);

    public void Fail(string message) => Finish(MockLoadState.Failed, null, message);

    public void Cancelled() => Finish(MockLoadState.Cancelled, null, "The load was cancelled; nothing was loaded (the transaction was rolled back).");

    public MockLoadStatus Snapshot()
    {
        lock (_gate)
        {
            return new MockLoadStatus(Id, State, TargetName, TotalRows, _progress, _result, _error, StartedAt, FinishedAt);
        }
    }

    private void Finish(MockLoadState state, MockLoadResult? result, string? error)
    {
        lock (_gate)
        {
            State = state;
            _result = result;
            _error = error;
            FinishedAt = _time.GetUtcNow();
        }

        _cancellation.Dispose();
    }

    /// <summary>Lets <see cref="Completion"/> waiters go, once everything about the load (its audit line too) is done.</summary>
    public void Complete() => _completion.TrySetResult();
}
