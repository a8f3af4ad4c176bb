using Appliance.Infrastructure.Notifications;
using Microsoft.AspNetCore.Mvc;

namespace Appliance.Web.Pages.Notifications;

/// <summary>The workspace's notifications (drift watch's findings), each marked read per user; the bell's count.</summary>
public sealed class IndexModel(NotificationService notifications) : AppPageModel
{
    public const int PageSize = 30;

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<NotificationItem> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public int Unread { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null || CurrentUser.UserId is not { } userId)
        {
            return RedirectToPage("/Workspaces/Index");
        }

        PageNumber = Math.Max(1, PageNumber);
        (Items, Total) = await notifications.ListAsync(membership.WorkspaceId, userId, PageNumber, PageSize, ct);
        Unread = await notifications.UnreadCountAsync(membership.WorkspaceId, userId, ct);
        return Page();
    }

    /// <summary>htmx: the bell with the current user's unread count, loaded by every page.</summary>
    public async Task<IActionResult> OnGetBellAsync(CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        Unread = membership is null || CurrentUser.UserId is not { } userId ? 0 : await notifications.UnreadCountAsync(membership.WorkspaceId, userId, ct);
        return Partial("_Bell", Unread);
    }

    public async Task<IActionResult> OnPostReadAsync(Guid id, CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null || CurrentUser.UserId is not { } userId || !await notifications.MarkReadAsync(membership.WorkspaceId, userId, id, ct))
        {
            return NotFound();
        }

        return RedirectToPage(new { page = PageNumber });
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null || CurrentUser.UserId is not { } userId)
        {
            return NotFound();
        }

        var count = await notifications.MarkAllReadAsync(membership.WorkspaceId, userId, ct);
        Flash = count == 0 ? "Nothing was unread." : $"{count} {(count == 1 ? "notification" : "notifications")} marked read.";
        return RedirectToPage();
    }
}
