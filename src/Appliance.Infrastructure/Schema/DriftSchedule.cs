namespace Appliance.Infrastructure.Schema;

/// <summary>How often drift watch re-reads a connection's schema.</summary>
public enum DriftSchedule
{
    Off = 0,
    Hourly = 1,
    Daily = 2,
}

public static class DriftSchedules
{
    public static TimeSpan? Interval(this DriftSchedule schedule) => schedule switch
    {
        DriftSchedule.Hourly => TimeSpan.FromHours(1),
        DriftSchedule.Daily => TimeSpan.FromDays(1),
        _ => null,
    };

    /// <summary>
    /// When drift watch should next read the schema: one interval after the later of the last ingestion (by anyone) and
    /// drift watch's last attempt (so an unreachable database is retried once per interval, not every poll).
    /// Null when the schedule is off; a connection never read nor tried is due at once.
    /// </summary>
    public static DateTime? NextCheckAt(this DriftSchedule schedule, DateTime? lastIngestedAt, DateTime? lastAttemptAt)
    {
        if (schedule.Interval() is not { } interval)
        {
            return null;
        }

        var last = Max(lastIngestedAt, lastAttemptAt);
        return last is null ? DateTime.MinValue : last.Value + interval;
    }

    public static bool IsDue(this DriftSchedule schedule, DateTime? lastIngestedAt, DateTime? lastAttemptAt, DateTime now) =>
        schedule.NextCheckAt(lastIngestedAt, lastAttemptAt) is { } next && next <= now;

    public static string DisplayName(this DriftSchedule schedule) => schedule switch
    {
        DriftSchedule.Hourly => "hourly",
        DriftSchedule.Daily => "daily",
        _ => "off",
    };

    private static DateTime? Max(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
