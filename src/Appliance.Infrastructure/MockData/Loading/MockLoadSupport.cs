using Appliance.Infrastructure.Engines;

namespace Appliance.Infrastructure.MockData;

/// <summary>Opening a connection for a load and cleaning up after one, the same way for every engine.</summary>
internal static class MockLoadSupport
{
    /// <summary>Grace on top of the driver's connect timeout, so the driver's own (more precise) error usually wins.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    /// <summary>Prepares the driver's connection string; invalid settings become a <see cref="MockLoadException"/>.</summary>
    public static PreparedConnection Prepare(Func<PreparedConnection> prepare)
    {
        try
        {
            return prepare();
        }
        catch (DatabaseAccessException ex)
        {
            throw new MockLoadException(ex.Message, null, ex);
        }
    }

    /// <summary>Opens within the connect timeout; a failure is worded by the engine's classifier (host, port, login, database).</summary>
    public static async Task OpenAsync(
        Func<CancellationToken, Task> open,
        ConnectionTarget target,
        Func<Exception, ConnectionTarget, DatabaseAccessException> classify,
        CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(Math.Max(target.TimeoutSeconds, 1)) + Grace);
        try
        {
            await open(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            throw new MockLoadException(EngineErrors.Timeout(target, ex).Message, null, ex);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or StackOverflowException))
        {
            var classified = ex as DatabaseAccessException ?? classify(ex, target);
            if (EngineErrors.NeedsDiagnosis(classified))
            {
                classified = await EngineErrors.DiagnoseEndpointAsync(target, ex, cancellationToken).ConfigureAwait(false) ?? classified;
            }

            throw new MockLoadException(classified.Message, null, ex);
        }
    }

    /// <summary>Rolls back with its own short time limit; a failure is ignored (closing the connection rolls back too).</summary>
    public static Task RollBackQuietlyAsync(Func<CancellationToken, Task> rollback) => Query.QueryEngineSupport.QuietlyAsync(rollback);

    /// <summary>
    /// Runs the load body; on any failure rolls back and rethrows a cancellation as such, anything else as a worded
    /// <see cref="MockLoadException"/>.
    /// </summary>
    public static async Task<MockLoadResult> InTransactionAsync(
        MockLoadTracker tracker,
        Func<Task> body,
        Func<CancellationToken, Task> rollback,
        Func<Exception, MockLoadException> classify,
        CancellationToken cancellationToken)
    {
        try
        {
            await body().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or StackOverflowException))
        {
            await RollBackQuietlyAsync(rollback).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                // Drivers report a cancelled statement in their own ways; the user asked for it, so it is a cancellation.
                throw new OperationCanceledException("The load was cancelled and rolled back.", ex, cancellationToken);
            }

            throw classify(ex);
        }

        tracker.BeginPhase(MockPhases.Done);
        return tracker.Result();
    }
}
