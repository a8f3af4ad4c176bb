using System.Diagnostics;

namespace Appliance.Infrastructure.Engines;

/// <summary>What a successful connection test learned.</summary>
internal sealed record ProbeResult(string ServerVersion, bool? RoleCanWrite);

/// <summary>
/// The shape every adapter shares for "test connection" and "read schema": a time limit enforced with a cancellation token
/// on top of the driver's own connect timeout, and one classification function per engine turning any failure into a
/// <see cref="DatabaseAccessException"/> a user can read.
/// </summary>
internal static class ConnectionRunner
{
    /// <summary>Grace on top of the driver's connect timeout so the driver's own (more precise) error usually wins.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    public static async Task<ConnectionTestResult> TestAsync(
        Func<PreparedConnection> prepare,
        Func<PreparedConnection, CancellationToken, Task<ProbeResult>> probe,
        Func<Exception, ConnectionTarget, DatabaseAccessException> classify,
        CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        PreparedConnection prepared;
        try
        {
            prepared = prepare();
        }
        catch (DatabaseAccessException ex)
        {
            return ConnectionTestResult.Failed(ex, stopwatch.Elapsed);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(prepared.Target.TimeoutSeconds) + Grace);
        try
        {
            var result = await probe(prepared, limit.Token).ConfigureAwait(false);
            var writeNote = result.RoleCanWrite == true
                ? " The user can change data or schema; a read-only user is recommended."
                : "";
            return new ConnectionTestResult
            {
                Success = true,
                Problem = ConnectionProblem.None,
                Message = $"Connected to {result.ServerVersion} at {prepared.Target.Location}.{writeNote}",
                ServerVersion = result.ServerVersion,
                RoleCanWrite = result.RoleCanWrite,
                Elapsed = stopwatch.Elapsed,
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            return ConnectionTestResult.Failed(EngineErrors.Timeout(prepared.Target, ex), stopwatch.Elapsed);
        }
        catch (DatabaseAccessException ex)
        {
            return ConnectionTestResult.Failed(ex, stopwatch.Elapsed);
        }
#pragma warning disable CA1031 // A connection test reports every failure instead of throwing it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var failure = await ClassifyAsync(ex, prepared.Target, classify, limit, cancellationToken).ConfigureAwait(false);
            return ConnectionTestResult.Failed(failure, stopwatch.Elapsed);
        }
    }

    /// <summary>Opens with a time limit, runs <paramref name="read"/> and turns any driver failure into a <see cref="DatabaseAccessException"/>.</summary>
    public static async Task<T> RunAsync<T>(
        PreparedConnection prepared,
        Func<CancellationToken, Task> open,
        Func<CancellationToken, Task<T>> read,
        Func<Exception, ConnectionTarget, DatabaseAccessException> classify,
        CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            limit.CancelAfter(TimeSpan.FromSeconds(prepared.Target.TimeoutSeconds) + Grace);
            await open(limit.Token).ConfigureAwait(false);
            limit.CancelAfter(Timeout.InfiniteTimeSpan);
            return await read(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            throw EngineErrors.Timeout(prepared.Target, ex);
        }
        catch (DatabaseAccessException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or StackOverflowException))
        {
            throw await ClassifyAsync(ex, prepared.Target, classify, limit, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<DatabaseAccessException> ClassifyAsync(
        Exception ex,
        ConnectionTarget target,
        Func<Exception, ConnectionTarget, DatabaseAccessException> classify,
        CancellationTokenSource limit,
        CancellationToken cancellationToken)
    {
        // Some drivers surface our own cancellation as their exception type; the time limit is what happened.
        if (limit.IsCancellationRequested && EngineErrors.Find<OperationCanceledException>(ex) is not null)
        {
            return EngineErrors.Timeout(target, ex);
        }

        var classified = classify(ex, target);
        if (EngineErrors.NeedsDiagnosis(classified))
        {
            return await EngineErrors.DiagnoseEndpointAsync(target, ex, cancellationToken).ConfigureAwait(false) ?? classified;
        }

        return classified;
    }
}
