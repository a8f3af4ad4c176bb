using System.Security.Claims;
using Appliance.Core.Access;
using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Audit;

namespace Appliance.Web.Access;

/// <summary>The signed-in user of this request and their membership of the current workspace (looked up once per request).</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor, WorkspaceService workspaces, Infrastructure.Metadata.MetadataDbContext db)
{
    private bool _loaded;
    private Membership? _membership;
    private List<Membership> _all = [];

    private ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsSignedIn => Principal.Identity?.IsAuthenticated == true && UserId is not null;

    public Guid? UserId => Guid.TryParse(Principal.FindFirstValue(ApplianceClaims.UserId), out var id) ? id : null;

    public string? UserName => Principal.FindFirstValue(ApplianceClaims.UserName);

    public string? DisplayName => Principal.FindFirstValue(ApplianceClaims.DisplayName) ?? UserName;

    /// <summary>The current workspace membership, or null when the user belongs to none.</summary>
    public async Task<Membership?> MembershipAsync()
    {
        await LoadAsync();
        return _membership;
    }

    public async Task<IReadOnlyList<Membership>> AllMembershipsAsync()
    {
        await LoadAsync();
        return _all;
    }

    /// <summary>Whether this user manages accounts appliance-wide (looked up each time, so a demotion takes effect at once).</summary>
    public async Task<bool> IsApplianceOwnerAsync() =>
        UserId is { } id && await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Users, u => u.Id == id && u.IsApplianceOwner && !u.IsDisabled);

    public async Task<bool> HasRoleAsync(WorkspaceRole role) => (await MembershipAsync())?.Role.Includes(role) == true;

    public async Task<AuditActor> ActorAsync() =>
        new(UserId, UserName, (await MembershipAsync())?.WorkspaceId, accessor.HttpContext?.Connection.RemoteIpAddress?.ToString());

    private async Task LoadAsync()
    {
        if (_loaded || UserId is not { } userId)
        {
            return;
        }

        _all = await workspaces.MembershipsAsync(userId);
        var wanted = Guid.TryParse(Principal.FindFirstValue(ApplianceClaims.WorkspaceId), out var id) ? id : (Guid?)null;
        // A workspace the user was removed from falls back to another membership.
        _membership = _all.FirstOrDefault(m => m.WorkspaceId == wanted) ?? _all.FirstOrDefault();
        _loaded = true;
    }
}
