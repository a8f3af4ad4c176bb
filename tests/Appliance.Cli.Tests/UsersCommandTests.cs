using Appliance.Cli;
using Appliance.Infrastructure;
using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Metadata;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Cli.Tests;

/// <summary>Recovering a locked-out Owner on the appliance host, against a real (SQLite) metadata store.</summary>
public sealed class UsersCommandTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("appliance-users-").FullName;

    public async ValueTask InitializeAsync()
    {
        await using var services = Services();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MetadataInitializer>().InitializeAsync();
        var (user, problems) = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateLocalAsync("boss", null, "Original-Pass-123");
        Assert.Empty(problems);
        user!.LockoutEndsAt = DateTime.UtcNow.AddHours(1);
        await scope.ServiceProvider.GetRequiredService<MetadataDbContext>().SaveChangesAsync();
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Appliance:DataDirectory"] = _directory }).Build();
        return new ServiceCollection().AddLogging().AddApplianceOptions(configuration).AddMetadataStore(configuration).AddKeystore()
            .AddDatabaseEngines().AddApplianceServices().BuildServiceProvider();
    }

    private async Task<SignInOutcome> SignInAsync(string password)
    {
        await using var services = Services();
        await using var scope = services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AccountService>().CheckPasswordAsync("boss", password, null)).Outcome;
    }

    [Fact]
    public async Task Unlock_lets_a_locked_out_owner_sign_in_again()
    {
        Assert.Equal(SignInOutcome.LockedOut, await SignInAsync("Original-Pass-123"));

        var (code, output, error) = await CliRunner.RunWithInputAsync("", "users", "unlock", "--user", "BOSS", "--data-dir", _directory);

        Assert.Equal(0, code);
        Assert.Equal("unlocked: boss", output.Trim());
        Assert.Empty(error);
        Assert.Equal(SignInOutcome.Succeeded, await SignInAsync("Original-Pass-123"));
    }

    [Fact]
    public async Task Reset_password_reads_it_from_standard_input_and_checks_the_policy()
    {
        var weak = await CliRunner.RunWithInputAsync("short\n", "users", "reset-password", "--user", "boss", "--data-dir", _directory);
        var strong = await CliRunner.RunWithInputAsync("Brand-New-Pass-456\n", "users", "reset-password", "--user", "boss", "--data-dir", _directory);

        Assert.Equal(1, weak.Code);
        Assert.Contains("at least 12 characters", weak.Error, StringComparison.Ordinal);
        Assert.Equal(0, strong.Code);
        Assert.Equal(SignInOutcome.Failed, await SignInAsync("Original-Pass-123"));
        Assert.Equal(SignInOutcome.Succeeded, await SignInAsync("Brand-New-Pass-456"));
    }

    [Fact]
    public async Task Unknown_user_or_empty_data_directory_is_one_clear_line()
    {
        var unknown = await CliRunner.RunWithInputAsync("", "users", "unlock", "--user", "nobody", "--data-dir", _directory);
        var empty = Directory.CreateTempSubdirectory("appliance-empty-").FullName;
        var missing = await CliRunner.RunWithInputAsync("", "users", "unlock", "--user", "boss", "--data-dir", empty);
        var created = Directory.GetFileSystemEntries(empty);
        Directory.Delete(empty, recursive: true);

        Assert.Equal(1, unknown.Code);
        Assert.Equal("appliance users: no account named 'nobody'.", unknown.Error.Trim());
        Assert.Equal(1, missing.Code);
        Assert.Contains("no appliance metadata in", missing.Error, StringComparison.Ordinal);
        Assert.Empty(created); // nothing half-made in a directory that held no appliance
    }
}
