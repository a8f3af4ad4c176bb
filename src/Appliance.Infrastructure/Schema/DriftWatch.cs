using Appliance.Infrastructure.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Schema;

/// <summary>
/// Finds the connections whose drift schedule is due and checks each in its own unit of work, so one failing
/// connection does not stop the others. Runs are serialized: the background service and a test never overlap.
/// </summary>
public sealed partial class DriftWatch(IServiceScopeFactory scopes, ILogger<DriftWatch> logger)
{
    private readonly SemaphoreSlim _running = new(1, 1);

    /// <summary>Checks every connection due at <paramref name="now"/> (UTC) and returns what each check found.</summary>
    public async Task<IReadOnlyList<DriftCheckResult>> RunDueAsync(DateTime now, CancellationToken ct = default)
    {
        await _running.WaitAsync(ct);
        try
        {
            IReadOnlyList<Guid> due;
            await using (var scope = scopes.CreateAsyncScope())
            {
                due = await scope.ServiceProvider.GetRequiredService<DriftChecker>().DueAsync(now, ct);
            }

            var results = new List<DriftCheckResult>();
            foreach (var connectionId in due)
            {
                await using var scope = scopes.CreateAsyncScope();
                var checker = scope.ServiceProvider.GetRequiredService<DriftChecker>();
                try
                {
                    var connection = await scope.ServiceProvider.GetRequiredService<MetadataDbContext>().Connections
                        .SingleOrDefaultAsync(c => c.Id == connectionId, ct);
                    if (connection is null || connection.DriftSchedule == DriftSchedule.Off)
                    {
                        continue; // deleted or switched off meanwhile
                    }

                    results.Add(await checker.CheckAsync(connection, DriftChecker.Actor(connection.WorkspaceId), now, ct));
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    LogCheckCrashed(logger, connectionId, ex);
                    await using var recordScope = scopes.CreateAsyncScope();
                    await recordScope.ServiceProvider.GetRequiredService<DriftChecker>()
                        .RecordUnexpectedFailureAsync(connectionId, now, $"The check failed unexpectedly ({ex.GetType().Name}); see the appliance log.", ct);
                }
            }

            return results;
        }
        finally
        {
            _running.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Drift watch: the check of connection {ConnectionId} failed unexpectedly")]
    private static partial void LogCheckCrashed(ILogger logger, Guid connectionId, Exception exception);
}

/// <summary>Runs <see cref="DriftWatch"/> every <see cref="DriftWatchOptions.PollSeconds"/> while the appliance runs.</summary>
public sealed partial class DriftWatchService(DriftWatch watch, IOptions<DriftWatchOptions> options, TimeProvider time, ILogger<DriftWatchService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PollSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var results = await watch.RunDueAsync(time.GetUtcNow().UtcDateTime, stoppingToken);
                if (results.Count > 0)
                {
                    LogRun(logger, results.Count, results.Count(r => r.IsNewVersion), results.Count(r => !r.Succeeded));
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The metadata store was unavailable for a moment, say: try again at the next tick.
                LogRunFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Drift watch is disabled (Appliance:DriftWatch:Enabled is false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drift watch checked {Checked} connections: {Changed} new versions, {Failed} failed")]
    private static partial void LogRun(ILogger logger, int @checked, int changed, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Drift watch run failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
