using Appliance.Core.Access;
using Microsoft.AspNetCore.Authorization;

namespace Appliance.Web.Access;

/// <summary>Membership of the current workspace with at least <see cref="Role"/>; checked against the database on every request.</summary>
public sealed class WorkspaceRoleRequirement(WorkspaceRole role) : IAuthorizationRequirement
{
    public WorkspaceRole Role { get; } = role;
}

public sealed class WorkspaceRoleHandler(CurrentUser currentUser) : AuthorizationHandler<WorkspaceRoleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, WorkspaceRoleRequirement requirement)
    {
        if (currentUser.IsSignedIn && await currentUser.HasRoleAsync(requirement.Role))
        {
            context.Succeed(requirement);
        }
    }
}
