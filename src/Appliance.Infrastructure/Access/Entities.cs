using Appliance.Core.Access;

namespace Appliance.Infrastructure.Access;

public enum AccountSource
{
    Local = 0,
    Ldap = 1,
    Saml = 2,
}

public sealed class UserAccount
{
    public Guid Id { get; set; } = Guid.NewGuid();
    /// <summary>As typed at creation; look-ups use <see cref="NormalizedUserName"/>.</summary>
    public required string UserName { get; set; }
    public required string NormalizedUserName { get; set; }
    public string? DisplayName { get; set; }
    /// <summary>ASP.NET Core Identity's PBKDF2 hash; null for accounts that sign in elsewhere (LDAP, SAML).</summary>
    public string? PasswordHash { get; set; }
    public AccountSource Source { get; set; }
    public bool IsDisabled { get; set; }
    /// <summary>
    /// The account created at first-run setup (and any it promotes): it manages accounts across the whole appliance
    /// (unlock, disable, reset passwords) and reads the appliance-wide audit log. Workspace roles never grant that.
    /// </summary>
    public bool IsApplianceOwner { get; set; }
    public int FailedSignInCount { get; set; }
    public DateTime? LockoutEndsAt { get; set; }
    /// <summary>Changes when the password or status changes, which signs out every existing session.</summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime? LastSignInAt { get; set; }

    public List<WorkspaceMember> Memberships { get; set; } = [];

    public static string Normalize(string userName) => userName.Trim().ToUpperInvariant();
}

public sealed class Workspace
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    public List<WorkspaceMember> Members { get; set; } = [];
}

public sealed class WorkspaceMember
{
    public Guid WorkspaceId { get; set; }
    public Guid UserId { get; set; }
    public WorkspaceRole Role { get; set; }
    public DateTime AddedAt { get; set; } = DateTime.UtcNow;

    public Workspace? Workspace { get; set; }
    public UserAccount? User { get; set; }
}
