using Appliance.Core.Access;
using Appliance.Core.Connections;

namespace Appliance.Core.Tests.Access;

public sealed class PasswordPolicyTests
{
    private readonly PasswordPolicy _policy = new(12);

    [Theory]
    [InlineData("Tr0ub4dor&3x!")]
    [InlineData("correct horse battery staple")]
    [InlineData("Zebra-Kettle-42")]
    public void Strong_passwords_pass(string password) => Assert.Empty(_policy.Check(password, "alice"));

    [Theory]
    [InlineData("", "Enter a password.")]
    [InlineData("Short1!", "at least 12")]
    [InlineData("alllowercaseletters", "Mix at least")]
    [InlineData("Alice-Secret-99", "user name")]
    [InlineData("aaaaaaaaaaaaaaaa", "too easy")]
    public void Weak_passwords_are_refused_with_the_reason(string password, string expected) =>
        Assert.Contains(_policy.Check(password, "alice"), p => p.Contains(expected, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void Roles_include_the_lower_ones()
    {
        Assert.True(WorkspaceRole.Owner.Includes(WorkspaceRole.Admin));
        Assert.True(WorkspaceRole.Editor.Includes(WorkspaceRole.Viewer));
        Assert.False(WorkspaceRole.Viewer.Includes(WorkspaceRole.Editor));
        Assert.False(WorkspaceRole.Admin.Includes(WorkspaceRole.Owner));
    }

    [Theory]
    [InlineData("postgres", DatabaseEngine.Postgres)]
    [InlineData("PostgreSQL", DatabaseEngine.Postgres)]
    [InlineData("mariadb", DatabaseEngine.MySql)]
    [InlineData("mysql", DatabaseEngine.MySql)]
    [InlineData("mssql", DatabaseEngine.SqlServer)]
    [InlineData("sqlite", DatabaseEngine.Sqlite)]
    public void Engine_names_parse(string name, DatabaseEngine expected)
    {
        Assert.True(DatabaseEngineNames.TryParse(name, out var engine));
        Assert.Equal(expected, engine);
        Assert.True(DatabaseEngineNames.TryParse(engine.ToCliName(), out var again));
        Assert.Equal(engine, again);
    }

    [Fact]
    public void Unknown_engine_does_not_parse() => Assert.False(DatabaseEngineNames.TryParse("oracle", out _));
}
