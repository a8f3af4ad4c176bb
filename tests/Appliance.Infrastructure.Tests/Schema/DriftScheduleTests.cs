using Appliance.Infrastructure.Metadata;
using Appliance.Infrastructure.Schema;

namespace Appliance.Infrastructure.Tests.Schema;

public sealed class DriftScheduleTests
{
    private static readonly DateTime T = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(DriftSchedule.Off, 10_000, false)]
    [InlineData(DriftSchedule.Hourly, 59, false)]
    [InlineData(DriftSchedule.Hourly, 60, true)]
    [InlineData(DriftSchedule.Daily, 23 * 60 + 59, false)]
    [InlineData(DriftSchedule.Daily, 24 * 60, true)]
    public void Due_one_interval_after_the_last_ingestion(DriftSchedule schedule, int minutesLater, bool due) =>
        Assert.Equal(due, schedule.IsDue(T, null, T.AddMinutes(minutesLater)));

    [Fact]
    public void A_connection_never_read_is_due_at_once_unless_off()
    {
        Assert.True(DriftSchedule.Hourly.IsDue(null, null, T));
        Assert.False(DriftSchedule.Off.IsDue(null, null, T));
    }

    [Fact]
    public void A_failed_attempt_after_the_last_ingestion_postpones_the_next_one_by_an_interval()
    {
        var failedAt = T.AddHours(5);

        Assert.False(DriftSchedule.Hourly.IsDue(T, failedAt, failedAt.AddMinutes(59)));
        Assert.True(DriftSchedule.Hourly.IsDue(T, failedAt, failedAt.AddMinutes(60)));
        Assert.False(DriftSchedule.Hourly.IsDue(failedAt.AddMinutes(30), failedAt, failedAt.AddMinutes(60)));   // someone read it since
    }

    [Fact]
    public async Task Due_connections_follow_their_schedule_and_last_ingestion_with_a_supplied_clock()
    {
        await using var world = await HistoryTestWorld.CreateAsync();
        var off = await world.AddSqliteAsync("off", "CREATE TABLE t (id INTEGER);", c => c.DriftSchedule = DriftSchedule.Off);
        var hourly = await world.AddSqliteAsync("hourly", "CREATE TABLE t (id INTEGER);", c => c.DriftSchedule = DriftSchedule.Hourly);
        var daily = await world.AddSqliteAsync("daily", "CREATE TABLE t (id INTEGER);", c => c.DriftSchedule = DriftSchedule.Daily);
        var triedLately = await world.AddSqliteAsync("tried lately", "CREATE TABLE t (id INTEGER);", c =>
        {
            c.DriftSchedule = DriftSchedule.Hourly;
            c.DriftCheckedAt = T.AddMinutes(90);
        });
        var neverRead = await world.AddSqliteAsync("never read", "CREATE TABLE t (id INTEGER);", c => c.DriftSchedule = DriftSchedule.Daily);
        await world.WithAsync<MetadataDbContext>(async db =>
        {
            foreach (var id in new[] { off.Id, hourly.Id, daily.Id, triedLately.Id })
            {
                // An older version and the latest one, last seen at T: the latest decides.
                db.SchemaSnapshots.Add(new SchemaSnapshot { ConnectionId = id, ContentHash = "a", CompressedJson = [], IngestedAt = T.AddDays(-3), LastSeenAt = T.AddDays(-3) });
                db.SchemaSnapshots.Add(new SchemaSnapshot { ConnectionId = id, ContentHash = "b", CompressedJson = [], IngestedAt = T.AddDays(-1), LastSeenAt = T });
            }

            await db.SaveChangesAsync(HistoryTestWorld.Token);
        });

        async Task<Guid[]> DueAt(DateTime now) =>
            [.. (await world.WithAsync<DriftChecker, IReadOnlyList<Guid>>(checker => checker.DueAsync(now, HistoryTestWorld.Token))).Order()];

        Assert.Equal([neverRead.Id], await DueAt(T.AddMinutes(30)));
        Assert.Equal(new[] { hourly.Id, neverRead.Id }.Order(), await DueAt(T.AddHours(2)));
        Assert.Equal(new[] { hourly.Id, daily.Id, triedLately.Id, neverRead.Id }.Order(), await DueAt(T.AddHours(25)));
    }
}
