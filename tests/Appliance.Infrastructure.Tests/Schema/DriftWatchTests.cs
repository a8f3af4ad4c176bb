using System.Net;
using System.Text;
using System.Text.Json;
using Appliance.Core.Connections;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Metadata;
using Appliance.Infrastructure.Notifications;
using Appliance.Infrastructure.Schema;
using Appliance.Infrastructure.Tests.Engines;
using Appliance.Tests;
using Microsoft.EntityFrameworkCore;

namespace Appliance.Infrastructure.Tests.Schema;

/// <summary>Drift watch end to end: real SQLite databases that change, a real HTTP listener as the webhook, a supplied clock.</summary>
public sealed class DriftWatchTests
{
    private const string Shop =
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);" +
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id), total NUMERIC);";

    private const string Change =
        "ALTER TABLE orders ADD COLUMN note TEXT;" +
        "CREATE TABLE refunds (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders (id));";

    private static CancellationToken Token => HistoryTestWorld.Token;

    [Fact]
    public async Task A_schema_change_makes_exactly_one_notification_and_one_webhook_message_with_both_versions()
    {
        await using var world = await HistoryTestWorld.CreateAsync(new Dictionary<string, string?> { ["Appliance:DriftWatch:PublicUrl"] = "https://copilot.example.internal/" });
        using var receiver = new WebhookReceiver();
        var (id, file) = await world.AddSqliteAsync("shop", Shop, c =>
        {
            c.DriftSchedule = DriftSchedule.Hourly;
            c.WebhookUrl = receiver.Url();
        });
        var watch = world.Singleton<DriftWatch>();
        var start = DateTime.UtcNow;

        var baseline = Assert.Single(await watch.RunDueAsync(start, Token));          // never read: due at once; nothing to compare with
        await HistoryTestWorld.ExecuteSqliteAsync(file, Change);
        var early = await watch.RunDueAsync(start.AddMinutes(30), Token);
        var changed = Assert.Single(await watch.RunDueAsync(start.AddMinutes(61), Token));
        var unchanged = Assert.Single(await watch.RunDueAsync(start.AddMinutes(122), Token));

        Assert.True(baseline.IsNewVersion);
        Assert.Null(baseline.Notification);
        Assert.Empty(early);
        Assert.True(changed.IsNewVersion);
        Assert.False(unchanged.IsNewVersion);
        Assert.Equal("+1 table, +1 column", changed.Difference!.Summary);

        var notification = Assert.Single(await world.WithAsync<MetadataDbContext, List<Notification>>(db => db.Notifications.AsNoTracking().ToListAsync(Token)));
        Assert.Equal((NotificationKind.SchemaChanged, world.WorkspaceId, id), (notification.Kind, notification.WorkspaceId, notification.ConnectionId));
        Assert.Equal("The schema of 'shop' changed", notification.Title);
        Assert.Equal("+1 table, +1 column", notification.Summary);
        Assert.Equal($"/Schema/Diff?connection={id}&from={baseline.To!.Id}&to={changed.To!.Id}", notification.Link);
        Assert.Equal((baseline.To.Id, changed.To.Id), (notification.FromSnapshotId!.Value, notification.ToSnapshotId!.Value));

        var message = Assert.Single(receiver.Received);
        Assert.Equal(("POST", "/hooks/schema"), (message.Method, message.Path));
        Assert.StartsWith("application/json", message.ContentType, StringComparison.Ordinal);
        Assert.Null(message.Authorization);
        using var json = JsonDocument.Parse(message.Body);
        var root = json.RootElement;
        Assert.Equal("schema.changed", root.GetProperty("event").GetString());
        Assert.Equal("Team", root.GetProperty("workspace").GetProperty("name").GetString());
        Assert.Equal(world.WorkspaceId.ToString(), root.GetProperty("workspace").GetProperty("id").GetString());
        Assert.Equal(id.ToString(), root.GetProperty("connection").GetProperty("id").GetString());
        Assert.Equal("shop", root.GetProperty("connection").GetProperty("name").GetString());
        Assert.Equal("sqlite", root.GetProperty("connection").GetProperty("engine").GetString());
        Assert.Equal(baseline.To.Id.ToString(), root.GetProperty("fromVersion").GetProperty("id").GetString());
        Assert.Equal(baseline.To.ContentHash, root.GetProperty("fromVersion").GetProperty("hash").GetString());
        Assert.Equal(changed.To.Id.ToString(), root.GetProperty("toVersion").GetProperty("id").GetString());
        Assert.Equal(changed.To.ContentHash, root.GetProperty("toVersion").GetProperty("hash").GetString());
        Assert.Equal(DateTime.SpecifyKind(changed.To.IngestedAt, DateTimeKind.Utc), root.GetProperty("toVersion").GetProperty("ingestedAt").GetDateTime().ToUniversalTime());
        Assert.Equal("+1 table, +1 column", root.GetProperty("summary").GetString());
        var counts = root.GetProperty("counts");
        Assert.Equal((2, 0, 0, 0), (counts.GetProperty("added").GetInt32(), counts.GetProperty("dropped").GetInt32(),
            counts.GetProperty("renamed").GetInt32(), counts.GetProperty("changed").GetInt32()));
        Assert.Equal($"https://copilot.example.internal/Schema/Diff?connection={id}&from={baseline.To.Id}&to={changed.To.Id}", root.GetProperty("url").GetString());

        var delivered = Assert.Single(await world.AuditAsync("webhook."));
        Assert.Equal(("webhook.delivered", "drift watch", "shop"), (delivered.Action, delivered.UserName, delivered.Target));
        var versions = await world.WithAsync<MetadataDbContext, List<SchemaSnapshot>>(db => db.SchemaSnapshots.AsNoTracking().Where(s => s.ConnectionId == id).ToListAsync(Token));
        Assert.Equal(2, versions.Count);
        Assert.All(versions, v => Assert.Equal(DriftChecker.ActorName, v.IngestedBy));
        Assert.Equal("+1 table, +1 column", versions.Single(v => v.Id == changed.To.Id).ChangeSummary);
    }

    [Fact]
    public async Task A_webhook_answering_500_is_retried_then_audited_without_its_credentials_and_the_check_still_succeeds()
    {
        await using var world = await HistoryTestWorld.CreateAsync();
        using var receiver = new WebhookReceiver(HttpStatusCode.InternalServerError);
        var url = $"http://hook-user:s3cret-pass@127.0.0.1:{receiver.Port}/services/T000/B000/secret-token";
        var (id, file) = await world.AddSqliteAsync("shop", Shop, c =>
        {
            c.DriftSchedule = DriftSchedule.Daily;
            c.WebhookUrl = url;
        });
        var watch = world.Singleton<DriftWatch>();
        var start = DateTime.UtcNow;
        await watch.RunDueAsync(start, Token);
        await HistoryTestWorld.ExecuteSqliteAsync(file, Change);

        var result = Assert.Single(await watch.RunDueAsync(start.AddDays(1).AddMinutes(1), Token));

        Assert.True(result.Succeeded);
        Assert.NotNull(result.Notification);
        Assert.False(result.Webhook!.Delivered);
        Assert.Equal(2, receiver.Received.Count);                                 // Appliance:DriftWatch:WebhookAttempts = 2
        Assert.All(receiver.Received, r => Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("hook-user:s3cret-pass")), r.Authorization));
        var failed = Assert.Single(await world.AuditAsync("webhook."));
        Assert.Equal(("webhook.failed", "shop"), (failed.Action, failed.Target));
        Assert.Equal($"http://127.0.0.1:{receiver.Port}/…: the receiver answered HTTP 500 (2 tries)", failed.Detail);
        Assert.Equal(url, (await world.ConnectionAsync(id)).WebhookUrl);        // stored as given
    }

    [Fact]
    public async Task An_unreachable_webhook_is_audited_and_the_notification_is_kept()
    {
        await using var world = await HistoryTestWorld.CreateAsync();
        var port = EngineTestSupport.FreePort();
        var (_, file) = await world.AddSqliteAsync("shop", Shop, c =>
        {
            c.DriftSchedule = DriftSchedule.Hourly;
            c.WebhookUrl = $"http://127.0.0.1:{port}/hook";
        });
        var watch = world.Singleton<DriftWatch>();
        var start = DateTime.UtcNow;
        await watch.RunDueAsync(start, Token);
        await HistoryTestWorld.ExecuteSqliteAsync(file, Change);

        var result = Assert.Single(await watch.RunDueAsync(start.AddHours(2), Token));

        Assert.False(result.Webhook!.Delivered);
        Assert.Equal($"cannot connect to 127.0.0.1:{port}", result.Webhook.Error);
        Assert.Equal($"http://127.0.0.1:{port}/…: cannot connect to 127.0.0.1:{port} (2 tries)", Assert.Single(await world.AuditAsync("webhook.failed")).Detail);
        Assert.Single(await world.WithAsync<MetadataDbContext, List<Notification>>(db => db.Notifications.AsNoTracking().ToListAsync(Token)));
    }

    [Fact]
    public async Task An_unreachable_database_is_notified_once_audited_each_time_and_retried_only_on_schedule()
    {
        await using var world = await HistoryTestWorld.CreateAsync();
        var id = await world.AddConnectionAsync(new ConnectionInput
        {
            Name = "gone", Engine = DatabaseEngine.Postgres, Host = "127.0.0.1", Port = EngineTestSupport.FreePort(),
            DatabaseName = "shop", UserName = "reader", Password = "secret-pw", TlsMode = TlsMode.Disable,
        }, c => c.DriftSchedule = DriftSchedule.Hourly);
        var watch = world.Singleton<DriftWatch>();
        var start = DateTime.UtcNow;

        var first = Assert.Single(await watch.RunDueAsync(start, Token));
        var meanwhile = await watch.RunDueAsync(start.AddMinutes(1), Token);
        var second = Assert.Single(await watch.RunDueAsync(start.AddMinutes(61), Token));

        Assert.False(first.Succeeded);
        Assert.NotNull(first.Notification);
        Assert.Empty(meanwhile);                                                  // not every minute
        Assert.False(second.Succeeded);
        Assert.Null(second.Notification);                                          // told once
        var notification = Assert.Single(await world.WithAsync<MetadataDbContext, List<Notification>>(db => db.Notifications.AsNoTracking().ToListAsync(Token)));
        Assert.Equal(NotificationKind.CheckFailed, notification.Kind);
        Assert.Equal("The schema of 'gone' cannot be read", notification.Title);
        Assert.Equal($"/Schema/History?connection={id}", notification.Link);
        Assert.Equal(first.Error, notification.Summary);
        var audits = await world.AuditAsync("schema.check.failed");
        Assert.Equal(2, audits.Count);
        Assert.All(audits, a => Assert.DoesNotContain("secret-pw", a.Detail, StringComparison.Ordinal));

        // Once it can be read again, the failure is cleared (and a later failure would be told again).
        var file = Path.Combine(world.Directory, "back.db");
        await HistoryTestWorld.ExecuteSqliteAsync(file, Shop);
        await world.UpdateConnectionAsync(id, c =>
        {
            c.Engine = DatabaseEngine.Sqlite;
            c.Host = null;
            c.Port = null;
            c.DatabaseName = file;
            c.EncryptedPassword = null;
        });
        var recovered = Assert.Single(await watch.RunDueAsync(start.AddMinutes(122), Token));
        Assert.True(recovered.Succeeded);
        Assert.Null((await world.ConnectionAsync(id)).DriftError);
        Assert.Single(await world.AuditAsync("schema.check.recovered"));
    }

    [Fact]
    public async Task Test_message_reaches_the_webhook_and_is_audited()
    {
        await using var world = await HistoryTestWorld.CreateAsync();
        using var receiver = new WebhookReceiver(HttpStatusCode.OK);

        var delivery = await world.WithAsync<DriftChecker, WebhookDelivery>(checker =>
            checker.SendTestAsync(null, "new connection", world.WorkspaceId, receiver.Url("/t"), world.Admin, Token));

        Assert.True(delivery.Delivered);
        Assert.Equal("HTTP 200 after 1 try", delivery.Describe());
        using var json = JsonDocument.Parse(Assert.Single(receiver.Received).Body);
        Assert.Equal("webhook.test", json.RootElement.GetProperty("event").GetString());
        Assert.Equal("new connection", json.RootElement.GetProperty("connection").GetProperty("name").GetString());
        Assert.Equal(("webhook.test.delivered", "ada"), (Assert.Single(await world.AuditAsync("webhook.test")).Action, (await world.AuditAsync("webhook.test"))[0].UserName));
    }

    [Theory]
    [InlineData("https://chat.example.internal/hooks/1", null)]
    [InlineData("http://10.0.0.5:8080/", null)]
    [InlineData("", null)]
    [InlineData("ftp://example.internal/x", "http:// or https://")]
    [InlineData("chat.example.internal/hook", "http:// or https://")]
    [InlineData("javascript:alert(1)", "http:// or https://")]
    [InlineData("https://exa mple.internal/", "http:// or https://")]
    public void Webhook_urls_must_be_http_or_https(string url, string? problem)
    {
        var found = WebhookUrls.Problem(url);

        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("https://user:pw@hooks.example.com/services/T1/B2/XYZ?token=1", "https://hooks.example.com/…")]
    [InlineData("http://127.0.0.1:9000/", "http://127.0.0.1:9000")]
    [InlineData("not a url", "(invalid address)")]
    public void Redacted_urls_keep_only_scheme_host_and_port(string url, string redacted) =>
        Assert.Equal(redacted, WebhookUrls.Redact(url));
}
