using System.Globalization;
using System.Text.Json.Nodes;
using Appliance.Core.Connections;
using Appliance.Core.Schema.Diff;
using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.Keystore;
using Appliance.Infrastructure.Metadata;
using Appliance.Infrastructure.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Schema;

/// <summary>What one check of a connection found.</summary>
public sealed record DriftCheckResult
{
    public required Guid ConnectionId { get; init; }
    public bool Succeeded => Error is null;
    public string? Error { get; init; }
    public bool IsNewVersion { get; init; }
    public SchemaSnapshot? From { get; init; }
    public SchemaSnapshot? To { get; init; }
    public SchemaDifference? Difference { get; init; }
    public Notification? Notification { get; init; }
    public WebhookDelivery? Webhook { get; init; }
}

/// <summary>
/// Re-reads one connection's schema and tells the workspace when it changed: a notification and, when set, a webhook.
/// An unreachable database is notified once, until a check succeeds again; every failure is audited.
/// </summary>
public sealed class DriftChecker(
    MetadataDbContext db,
    SchemaIngestionService ingestion,
    WebhookSender webhooks,
    AuditLog audit,
    IOptions<DriftWatchOptions> options)
{
    /// <summary>How versions read by drift watch are attributed (user names cannot contain a space).</summary>
    public const string ActorName = "drift watch";

    public static AuditActor Actor(Guid workspaceId) => new(null, ActorName, workspaceId, null);

    /// <summary>Connections whose schedule is due at <paramref name="now"/> (UTC).</summary>
    public async Task<IReadOnlyList<Guid>> DueAsync(DateTime now, CancellationToken ct = default)
    {
        var scheduled = await db.Connections.AsNoTracking()
            .Where(c => c.DriftSchedule != DriftSchedule.Off)
            .Select(c => new { c.Id, c.DriftSchedule, c.DriftCheckedAt })
            .ToListAsync(ct);
        var due = new List<Guid>();
        foreach (var connection in scheduled)
        {
            var lastIngestedAt = await db.SchemaSnapshots.AsNoTracking()
                .Where(s => s.ConnectionId == connection.Id)
                .OrderByDescending(s => s.IngestedAt)
                .Select(s => (DateTime?)s.LastSeenAt)
                .FirstOrDefaultAsync(ct);
            if (connection.DriftSchedule.IsDue(lastIngestedAt, connection.DriftCheckedAt, now))
            {
                due.Add(connection.Id);
            }
        }

        return due;
    }

    /// <summary>Reads the schema now, on behalf of <paramref name="actor"/> (drift watch, or a user pressing "Check now").</summary>
    public async Task<DriftCheckResult> CheckAsync(DatabaseConnection connection, AuditActor actor, DateTime now, CancellationToken ct = default)
    {
        var previous = await ingestion.LatestSnapshotAsync(connection.Id, ct);
        connection.DriftCheckedAt = now;
        IngestionResult result;
        try
        {
            result = await ingestion.IngestAsync(connection, actor, ct);
        }
        catch (Exception ex) when (ex is DatabaseAccessException or KeystoreException)
        {
            return await FailedAsync(connection, actor, ex.Message, ct);
        }

        if (connection.DriftError is not null)
        {
            connection.DriftError = null;
            audit.Record(actor, "schema.check.recovered", connection.Name, "the schema can be read again", connection.WorkspaceId);
        }

        if (!result.IsNewVersion || previous is null)
        {
            await db.SaveChangesAsync(ct);
            return new DriftCheckResult { ConnectionId = connection.Id, IsNewVersion = result.IsNewVersion, From = previous, To = result.Snapshot };
        }

        var old = await ingestion.LoadAsync(previous, ct);
        var difference = SchemaDiff.Compare(old, result.Schema);
        SchemaHistoryService.Apply(result.Snapshot, difference);
        Notification? notification = null;
        if (!difference.IsEmpty)
        {
            notification = new Notification
            {
                WorkspaceId = connection.WorkspaceId,
                ConnectionId = connection.Id,
                Kind = NotificationKind.SchemaChanged,
                CreatedAt = DateTime.UtcNow,
                Title = Truncate($"The schema of '{connection.Name}' changed", 300),
                Summary = Truncate(difference.Summary, 2000),
                Link = DiffLink(connection.Id, previous.Id, result.Snapshot.Id),
                FromSnapshotId = previous.Id,
                ToSnapshotId = result.Snapshot.Id,
            };
            db.Notifications.Add(notification);
            audit.Record(actor, "schema.changed", connection.Name, difference.Summary, connection.WorkspaceId);
        }

        await db.SaveChangesAsync(ct);

        WebhookDelivery? delivery = null;
        if (notification is not null && !string.IsNullOrWhiteSpace(connection.WebhookUrl))
        {
            var payload = await ChangePayloadAsync(connection, previous, result.Snapshot, difference, notification.Link, ct);
            delivery = await webhooks.SendAsync(connection.WebhookUrl, payload, ct);
            AuditDelivery(actor, connection, delivery);
            await db.SaveChangesAsync(ct);
        }

        return new DriftCheckResult
        {
            ConnectionId = connection.Id,
            IsNewVersion = true,
            From = previous,
            To = result.Snapshot,
            Difference = difference,
            Notification = notification,
            Webhook = delivery,
        };
    }

    /// <summary>Sends an example message to a webhook so an Admin can see that it arrives; audited.</summary>
    public async Task<WebhookDelivery> SendTestAsync(DatabaseConnection? connection, string connectionName, Guid workspaceId, string url, AuditActor actor, CancellationToken ct = default)
    {
        var payload = new JsonObject
        {
            ["event"] = "webhook.test",
            ["workspace"] = await WorkspaceJsonAsync(workspaceId, ct),
            ["connection"] = new JsonObject
            {
                ["id"] = connection?.Id.ToString(),
                ["name"] = connectionName,
                ["engine"] = connection?.Engine.ToCliName(),
            },
            ["summary"] = "A test message from the Database Copilot appliance: this webhook will be told when the schema changes.",
            ["sentAt"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        var delivery = await webhooks.SendAsync(url, payload, ct);
        audit.Record(actor, delivery.Delivered ? "webhook.test.delivered" : "webhook.test.failed", connectionName,
            $"{WebhookUrls.Redact(url)}: {delivery.Describe()}", workspaceId);
        await db.SaveChangesAsync(ct);
        return delivery;
    }

    /// <summary>Records a check that failed for a reason other than the database (a bug, the metadata store): never retried before the next interval.</summary>
    public async Task RecordUnexpectedFailureAsync(Guid connectionId, DateTime now, string reason, CancellationToken ct = default)
    {
        if (await db.Connections.SingleOrDefaultAsync(c => c.Id == connectionId, ct) is not { } connection)
        {
            return;
        }

        connection.DriftCheckedAt = now;
        audit.Record(Actor(connection.WorkspaceId), "schema.check.failed", connection.Name, Truncate(reason, 2000), connection.WorkspaceId);
        await db.SaveChangesAsync(ct);
    }

    public static string DiffLink(Guid connectionId, Guid from, Guid to) => $"/Schema/Diff?connection={connectionId}&from={from}&to={to}";

    public static string HistoryLink(Guid connectionId) => $"/Schema/History?connection={connectionId}";

    private async Task<DriftCheckResult> FailedAsync(DatabaseConnection connection, AuditActor actor, string message, CancellationToken ct)
    {
        var firstFailure = connection.DriftError is null;
        connection.DriftError = Truncate(message, 1000);
        audit.Record(actor, "schema.check.failed", connection.Name, message, connection.WorkspaceId);
        Notification? notification = null;
        if (firstFailure)
        {
            notification = new Notification
            {
                WorkspaceId = connection.WorkspaceId,
                ConnectionId = connection.Id,
                Kind = NotificationKind.CheckFailed,
                CreatedAt = DateTime.UtcNow,
                Title = Truncate($"The schema of '{connection.Name}' cannot be read", 300),
                Summary = Truncate(message, 2000),
                Link = HistoryLink(connection.Id),
            };
            db.Notifications.Add(notification);
        }

        await db.SaveChangesAsync(ct);
        return new DriftCheckResult { ConnectionId = connection.Id, Error = message, Notification = notification };
    }

    private void AuditDelivery(AuditActor actor, DatabaseConnection connection, WebhookDelivery delivery) =>
        audit.Record(actor, delivery.Delivered ? "webhook.delivered" : "webhook.failed", connection.Name,
            $"{WebhookUrls.Redact(connection.WebhookUrl)}: {delivery.Describe()}", connection.WorkspaceId);

    private async Task<JsonObject> ChangePayloadAsync(DatabaseConnection connection, SchemaSnapshot from, SchemaSnapshot to,
        SchemaDifference difference, string link, CancellationToken ct) => new()
    {
        ["event"] = "schema.changed",
        ["workspace"] = await WorkspaceJsonAsync(connection.WorkspaceId, ct),
        ["connection"] = new JsonObject
        {
            ["id"] = connection.Id.ToString(),
            ["name"] = connection.Name,
            ["engine"] = connection.Engine.ToCliName(),
        },
        ["fromVersion"] = VersionJson(from),
        ["toVersion"] = VersionJson(to),
        ["summary"] = difference.Summary,
        ["counts"] = new JsonObject
        {
            ["added"] = SchemaHistoryService.Count(difference, SchemaChangeKind.Added),
            ["dropped"] = SchemaHistoryService.Count(difference, SchemaChangeKind.Dropped),
            ["renamed"] = SchemaHistoryService.Count(difference, SchemaChangeKind.Renamed),
            ["changed"] = SchemaHistoryService.Count(difference, SchemaChangeKind.Changed),
        },
        ["url"] = AbsoluteLink(link),
    };

    private static JsonObject VersionJson(SchemaSnapshot snapshot) => new()
    {
        ["id"] = snapshot.Id.ToString(),
        ["ingestedAt"] = DateTime.SpecifyKind(snapshot.IngestedAt, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture),
        ["hash"] = snapshot.ContentHash,
    };

    private async Task<JsonObject> WorkspaceJsonAsync(Guid workspaceId, CancellationToken ct) => new()
    {
        ["id"] = workspaceId.ToString(),
        ["name"] = await db.Set<Workspace>().Where(w => w.Id == workspaceId).Select(w => w.Name).FirstOrDefaultAsync(ct),
    };

    private string AbsoluteLink(string link) =>
        string.IsNullOrWhiteSpace(options.Value.PublicUrl) ? link : options.Value.PublicUrl.TrimEnd('/') + link;

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
