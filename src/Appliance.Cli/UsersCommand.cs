using System.CommandLine;
using Appliance.Infrastructure;
using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Cli;

/// <summary>
/// `appliance users`: recovery for an appliance whose Owner is locked out or has lost the password. It runs on the
/// appliance host against the same metadata store (same Appliance__* settings), so only whoever administers the host can use it.
/// </summary>
internal static class UsersCommand
{
    public static Command Create(TextWriter output, TextWriter error, TextReader input)
    {
        var users = new Command("users", "Recover local accounts on the appliance host (reads the same Appliance__* settings as the server).");
        users.Subcommands.Add(Unlock(output, error));
        users.Subcommands.Add(ResetPassword(output, error, input));
        return users;
    }

    private static Option<string> UserOption() => new("--user") { Description = "The account's user name.", Required = true };

    private static Option<DirectoryInfo?> DataDirectoryOption() => new("--data-dir")
    {
        Description = "The appliance's data directory (default: Appliance__DataDirectory, else ./data).",
    };

    private static Command Unlock(TextWriter output, TextWriter error)
    {
        var user = UserOption();
        var dataDirectory = DataDirectoryOption();
        var command = new Command("unlock", "End a lockout and enable the account.") { user, dataDirectory };
        command.SetAction(async (result, ct) => await WithAccountAsync(result.GetValue(dataDirectory), result.GetValue(user)!, error, async (services, account) =>
        {
            account.LockoutEndsAt = null;
            account.FailedSignInCount = 0;
            account.IsDisabled = false;
            services.GetRequiredService<AuditLog>().Record(AuditActor.System, "user.unlocked", account.UserName, "appliance users unlock");
            await services.GetRequiredService<MetadataDbContext>().SaveChangesAsync(ct);
            await output.WriteLineAsync($"unlocked: {account.UserName}");
            return 0;
        }));
        return command;
    }

    private static Command ResetPassword(TextWriter output, TextWriter error, TextReader input)
    {
        var user = UserOption();
        var dataDirectory = DataDirectoryOption();
        var command = new Command("reset-password", "Set a new password, read from standard input (never from the command line); other sessions end.") { user, dataDirectory };
        command.SetAction(async (result, ct) => await WithAccountAsync(result.GetValue(dataDirectory), result.GetValue(user)!, error, async (services, account) =>
        {
            var password = (await input.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "";
            var problems = services.GetRequiredService<AccountService>().SetPassword(account, password);
            if (problems.Count > 0)
            {
                await error.WriteLineAsync($"appliance users reset-password: {string.Join(" ", problems)}");
                return 1;
            }

            account.IsDisabled = false;
            services.GetRequiredService<AuditLog>().Record(AuditActor.System, "user.password.reset", account.UserName, "appliance users reset-password");
            await services.GetRequiredService<MetadataDbContext>().SaveChangesAsync(ct);
            await output.WriteLineAsync($"password reset: {account.UserName}");
            return 0;
        }));
        return command;
    }

    private static async Task<int> WithAccountAsync(DirectoryInfo? dataDirectory, string userName, TextWriter error, Func<IServiceProvider, UserAccount, Task<int>> action)
    {
        var settings = new Dictionary<string, string?>();
        if (dataDirectory is not null)
        {
            settings["Appliance:DataDirectory"] = dataDirectory.FullName;
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddApplianceOptions(configuration)
            .AddMetadataStore(configuration)
            .AddKeystore()
            .AddDatabaseEngines()
            .AddApplianceServices()
            .BuildServiceProvider();
        await using (services.ConfigureAwait(false))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MetadataDbContext>();
            var directory = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApplianceOptions>>().Value.DataDirectoryFullPath;
            if (db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true && !File.Exists(Path.Combine(directory, "appliance.db")))
            {
                await error.WriteLineAsync($"appliance users: no appliance metadata in {directory}; give --data-dir or set Appliance__DataDirectory.");
                return 1;
            }

            var account = await scope.ServiceProvider.GetRequiredService<AccountService>().FindAsync(userName);
            if (account is null)
            {
                await error.WriteLineAsync($"appliance users: no account named '{userName}'.");
                return 1;
            }

            if (account.Source != AccountSource.Local)
            {
                await error.WriteLineAsync($"appliance users: '{account.UserName}' signs in through {account.Source}; change it there.");
                return 1;
            }

            return await action(scope.ServiceProvider, account);
        }
    }
}
