using Appliance.Core.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Appliance.Web.Pages.Admin;

/// <summary>The audit log of the current workspace; the appliance Owner also sees appliance-wide entries such as sign-ins.</summary>
public sealed class AuditModel(MetadataDbContext db) : AppPageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true, Name = "before")]
    public long? Before { get; set; }

    public List<AuditEntry> Entries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var membership = (await LoadMembershipAsync())!;
        var includeGlobal = await CurrentUser.IsApplianceOwnerAsync();
        var query = db.AuditEntries.AsNoTracking()
            .Where(e => e.WorkspaceId == membership.WorkspaceId || (includeGlobal && e.WorkspaceId == null));
        if (Before is { } before)
        {
            query = query.Where(e => e.Id < before);
        }

        Entries = await query.OrderByDescending(e => e.Id).Take(PageSize).ToListAsync();
        return IsHtmx ? Partial("_AuditRows", this) : Page();
    }
}
