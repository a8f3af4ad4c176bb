using Appliance.Core.Sql;
using Appliance.Core.Connections;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.Keystore;
using Appliance.Infrastructure.Metadata;
using Appliance.Infrastructure.Schema;
using Appliance.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;

namespace Appliance.Web.Pages.Connections;

/// <summary>Add or edit a connection (Admin). Secrets are write-only: the form never shows a stored password or connection string.</summary>
public sealed class EditModel(ConnectionService connections, DatabaseEngines engines, AuditLog audit, MetadataDbContext db, DriftChecker drift, IOptions<ApplianceOptions> options) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    [BindProperty]
    public string Name { get; set; } = "";

    [BindProperty]
    public DatabaseEngine Engine { get; set; } = DatabaseEngine.Postgres;

    /// <summary>"fields" or "string".</summary>
    [BindProperty]
    public string Mode { get; set; } = "fields";

    [BindProperty]
    public string? Host { get; set; }

    [BindProperty]
    public int? Port { get; set; }

    [BindProperty]
    public string? DatabaseName { get; set; }

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public bool ClearPassword { get; set; }

    [BindProperty]
    public TlsMode TlsMode { get; set; } = TlsMode.Prefer;

    [BindProperty]
    public string? ConnectionString { get; set; }

    [BindProperty]
    public bool IsReadOnly { get; set; } = true;

    [BindProperty]
    public DriftSchedule DriftSchedule { get; set; } = DriftSchedule.Off;

    [BindProperty]
    public string? WebhookUrl { get; set; }

    /// <summary>Where SQLite files may be, shown next to the path field.</summary>
    public IReadOnlyList<string> SqliteDirectories => options.Value.SqliteDirectoriesFullPaths();

    public bool HasStoredPassword { get; private set; }
    public bool HasStoredConnectionString { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var membership = (await LoadMembershipAsync())!;
        if (Id is { } id)
        {
            if (await connections.FindAsync(membership.WorkspaceId, id) is not { } existing)
            {
                return NotFound();
            }

            Name = existing.Name;
            Engine = existing.Engine;
            Host = existing.Host;
            Port = existing.Port;
            DatabaseName = existing.DatabaseName;
            UserName = existing.UserName;
            TlsMode = existing.TlsMode;
            IsReadOnly = existing.IsReadOnly;
            DriftSchedule = existing.DriftSchedule;
            WebhookUrl = existing.WebhookUrl;
            Mode = existing.EncryptedConnectionString is null ? "fields" : "string";
            ShowStoredSecrets(existing);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var membership = (await LoadMembershipAsync())!;
        var existing = Id is { } id ? await connections.FindAsync(membership.WorkspaceId, id) : null;
        if (Id is not null && existing is null)
        {
            return NotFound();
        }

        var input = await InputAsync(existing);
        foreach (var (field, problem) in await connections.ValidateAsync(membership.WorkspaceId, existing, input))
        {
            ModelState.AddModelError(field, problem);
        }

        if (!ModelState.IsValid)
        {
            ShowStoredSecrets(existing);
            Password = null;
            ConnectionString = null;
            return Page();
        }

        var connection = await connections.ApplyAsync(membership.WorkspaceId, existing, input);
        audit.Record(await CurrentUser.ActorAsync(), existing is null ? "connection.created" : "connection.updated", connection.Name,
            $"{connection.Engine.ToCliName()}, {(connection.IsReadOnly ? "read-only" : "writable")}, drift watch {connection.DriftSchedule.DisplayName()}"
            + (connection.WebhookUrl is null ? "" : $", webhook {WebhookUrls.Redact(connection.WebhookUrl)}"));
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another request saved a connection of the same name in between; nothing of this one was stored.
            ModelState.AddModelError(nameof(Name), $"This workspace already has a connection named '{connection.Name}'.");
            ShowStoredSecrets(existing);
            Password = null;
            ConnectionString = null;
            return Page();
        }

        Flash = $"Connection '{connection.Name}' saved.";
        return RedirectToPage("/Connections/Index");
    }

    /// <summary>htmx: tests the settings as typed, before saving.</summary>
    public async Task<IActionResult> OnPostTestAsync(CancellationToken ct)
    {
        var membership = (await LoadMembershipAsync())!;
        var existing = Id is { } id ? await connections.FindAsync(membership.WorkspaceId, id, ct) : null;
        var input = await InputAsync(existing);
        ConnectionTestResult result;
        try
        {
            if (connections.CheckPolicy(input) is { } refused)
            {
                throw new DatabaseAccessException(ConnectionProblem.InvalidSettings, refused);
            }

            result = await engines[Engine].TestAsync(await connections.ToSettingsAsync(input, existing, ct), ct);
        }
        catch (DatabaseAccessException ex)
        {
            result = ConnectionTestResult.Failed(ex, TimeSpan.Zero);
        }
        catch (KeystoreException ex)
        {
            result = new ConnectionTestResult { Success = false, Problem = ConnectionProblem.Other, Message = ex.Message };
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException or IOException)
        {
            result = new ConnectionTestResult { Success = false, Problem = ConnectionProblem.InvalidSettings, Message = $"These settings are not valid for {Engine.DisplayName()}." };
        }

        audit.Record(await CurrentUser.ActorAsync(), "connection.tested", string.IsNullOrWhiteSpace(Name) ? "(unsaved)" : Name, result.Success ? "ok" : result.Problem.ToString());
        await db.SaveChangesAsync(ct);
        return Partial("_TestResult", result);
    }

    /// <summary>htmx: sends an example message to the webhook URL as typed, and shows whether it arrived.</summary>
    public async Task<IActionResult> OnPostTestWebhookAsync(CancellationToken ct)
    {
        var membership = (await LoadMembershipAsync())!;
        var existing = Id is { } id ? await connections.FindAsync(membership.WorkspaceId, id, ct) : null;
        if (string.IsNullOrWhiteSpace(WebhookUrl))
        {
            return Partial("_WebhookResult", new WebhookDelivery(false, null, 0, "Enter a webhook URL first.", TimeSpan.Zero));
        }

        if (WebhookUrls.Problem(WebhookUrl) is { } problem)
        {
            return Partial("_WebhookResult", new WebhookDelivery(false, null, 0, problem, TimeSpan.Zero));
        }

        var name = string.IsNullOrWhiteSpace(Name) ? existing?.Name ?? "(unsaved)" : Name.Trim();
        var delivery = await drift.SendTestAsync(existing, name, membership.WorkspaceId, WebhookUrl.Trim(), await CurrentUser.ActorAsync(), ct);
        return Partial("_WebhookResult", delivery);
    }

    private async Task<ConnectionInput> InputAsync(DatabaseConnection? existing)
    {
        // SQLite is always a file path; the mode switch is hidden for it, whatever the browser posts.
        var useString = Mode == "string" && Engine != DatabaseEngine.Sqlite;
        var connectionString = useString ? ConnectionString : null;
        if (useString && string.IsNullOrWhiteSpace(connectionString) && existing?.EncryptedConnectionString is not null && existing.Engine == Engine)
        {
            // An empty box keeps the stored string, which is never sent back to the browser (but only for its own engine).
            connectionString = (await connections.ToSettingsAsync(existing)).ConnectionString;
        }

        return new ConnectionInput
        {
            Name = Name ?? "",
            Engine = Engine,
            Host = useString ? null : Host,
            Port = useString ? null : Port,
            DatabaseName = useString && Engine != DatabaseEngine.Sqlite ? null : DatabaseName,
            UserName = useString ? null : UserName,
            Password = Password,
            ClearPassword = ClearPassword,
            TlsMode = TlsMode,
            ConnectionString = connectionString,
            UseConnectionString = useString,
            ConnectionStringReplaced = useString && !string.IsNullOrWhiteSpace(ConnectionString),
            IsReadOnly = IsReadOnly,
            DriftSchedule = DriftSchedule,
            WebhookUrl = WebhookUrl,
        };
    }

    private void ShowStoredSecrets(DatabaseConnection? existing)
    {
        HasStoredPassword = existing?.EncryptedPassword is not null;
        HasStoredConnectionString = existing?.EncryptedConnectionString is not null;
    }
}
