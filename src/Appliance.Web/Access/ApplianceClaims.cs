namespace Appliance.Web.Access;

public static class ApplianceClaims
{
    public const string UserId = "sub";
    public const string UserName = "name";
    public const string DisplayName = "display_name";
    /// <summary>The workspace the user is working in; the role comes from the membership, looked up on each request.</summary>
    public const string WorkspaceId = "workspace";
    /// <summary>Security stamp at sign-in; a changed stamp (password reset, disable) ends the session.</summary>
    public const string SecurityStamp = "stamp";
}

/// <summary>Authorization policy names: each requires membership of the current workspace with at least that role.</summary>
public static class Policies
{
    public const string Viewer = nameof(Viewer);
    public const string Editor = nameof(Editor);
    public const string Admin = nameof(Admin);
    public const string Owner = nameof(Owner);
}
