using Appliance.Core.Access;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Schema;
using Microsoft.AspNetCore.Mvc;

namespace Appliance.Web.Pages.Schema;

/// <summary>A connection's schema versions, newest first, with what changed in each; pick two to compare. Editors can check for changes now.</summary>
public sealed class HistoryModel(ConnectionService connections, SchemaHistoryService history, DriftChecker drift) : AppPageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true, Name = "connection")]
    public Guid ConnectionId { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public DatabaseConnection? Connection { get; private set; }
    public SchemaHistoryPage? History { get; private set; }
    public bool CanCheck { get; private set; }
    /// <summary>What "Check now" found, shown above the timeline.</summary>
    public DriftCheckResult? Check { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        History = await history.PageAsync(ConnectionId, PageNumber, PageSize, ct);
        return Page();
    }

    /// <summary>Reads the schema now (Editor), like drift watch does: a change notifies the workspace and calls the webhook.</summary>
    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (!CanCheck)
        {
            return RoleRequired();
        }

        Check = await drift.CheckAsync(Connection!, await CurrentUser.ActorAsync(), DateTime.UtcNow, ct);
        PageNumber = 1;
        History = await history.PageAsync(ConnectionId, 1, PageSize, ct);
        if (IsHtmx)
        {
            if (Check.Notification is not null)
            {
                // The layout's bell reloads its count on this event.
                Response.Headers["HX-Trigger"] = "notifications-changed";
            }

            return Partial("_Timeline", this);
        }

        if (Check.Succeeded)
        {
            Flash = CheckMessage(Check);
        }
        else
        {
            FlashError = CheckMessage(Check);
        }

        return RedirectToPage(new { connection = ConnectionId });
    }

    public static string CheckMessage(DriftCheckResult check) =>
        !check.Succeeded ? $"The schema could not be read: {check.Error}"
        : !check.IsNewVersion ? "No change: the schema is the same as the latest version."
        : check.From is null ? "The schema was read: this is the first version."
        : check.Difference is { IsEmpty: false } difference ? $"New version: {difference.Summary}."
        : "New version, but it declares the same objects as the previous one.";

    /// <summary>The version's number counting from the first (1).</summary>
    public int VersionNumber(int indexOnPage) => History!.Total - ((History.Page - 1) * History.PageSize) - indexOnPage;

    public string DiffLink(Guid from, Guid to) => DriftChecker.DiffLink(ConnectionId, from, to);

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        Connection = membership is null ? null : await connections.FindAsync(membership.WorkspaceId, ConnectionId, ct);
        CanCheck = membership?.Role.Includes(WorkspaceRole.Editor) == true;
        return Connection is not null;
    }
}
