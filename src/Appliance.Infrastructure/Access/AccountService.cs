using Appliance.Core.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Metadata;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Access;

/// <summary>Lockout after repeated failed sign-ins. Section "Appliance:Security".</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Appliance:Security";

    public int PasswordMinimumLength { get; set; } = 12;
    public int LockoutThreshold { get; set; } = 5;
    public int LockoutMinutes { get; set; } = 15;
    /// <summary>Hours a sign-in lasts without activity.</summary>
    public int SessionHours { get; set; } = 8;
    /// <summary>Sign-in and setup attempts one client address may make per minute; more get "429 Too Many Requests".</summary>
    public int SignInAttemptsPerMinute { get; set; } = 30;
}

public enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,
    Disabled,
}

public sealed record SignInResult(SignInOutcome Outcome, UserAccount? User, DateTime? LockedUntil = null);

/// <summary>Local accounts: creation under the password policy, password checks with lockout.</summary>
public sealed class AccountService(MetadataDbContext db, IPasswordHasher<UserAccount> hasher, AuditLog audit, IOptions<SecurityOptions> options, TimeProvider clock)
{
    private readonly SecurityOptions _options = options.Value;

    public PasswordPolicy Policy => new(_options.PasswordMinimumLength);

    public Task<bool> AnyUserExistsAsync(CancellationToken ct = default) => db.Users.AnyAsync(ct);

    public Task<UserAccount?> FindAsync(string userName, CancellationToken ct = default)
    {
        var normalized = UserAccount.Normalize(userName);
        return db.Users.SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, ct);
    }

    /// <summary>Validates and adds a local account (not saved; the caller saves with its other changes). Returns the problems, or the new account.</summary>
    public async Task<(UserAccount? User, IReadOnlyList<string> Problems)> CreateLocalAsync(string userName, string? displayName, string password, CancellationToken ct = default)
    {
        var problems = new List<string>();
        userName = userName?.Trim() ?? "";
        if (userName.Length is < 2 or > 64 || !userName.All(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-' or '@'))
        {
            problems.Add("User names are 2 to 64 letters, digits, dots, dashes, underscores or @.");
        }
        else if (await FindAsync(userName, ct) is not null)
        {
            problems.Add($"The user name '{userName}' is taken.");
        }

        problems.AddRange(Policy.Check(password, userName));
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var user = new UserAccount
        {
            UserName = userName,
            NormalizedUserName = UserAccount.Normalize(userName),
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? userName : displayName.Trim(),
            Source = AccountSource.Local,
        };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        return (user, problems);
    }

    public IReadOnlyList<string> SetPassword(UserAccount user, string newPassword)
    {
        var problems = Policy.Check(newPassword, user.UserName);
        if (problems.Count == 0)
        {
            user.PasswordHash = hasher.HashPassword(user, newPassword);
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            user.FailedSignInCount = 0;
            user.LockoutEndsAt = null;
        }

        return problems;
    }

    /// <summary>Checks a password, counting failures towards lockout; saves and audits the outcome.</summary>
    public async Task<SignInResult> CheckPasswordAsync(string userName, string password, string? remoteAddress, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var user = string.IsNullOrWhiteSpace(userName) ? null : await FindAsync(userName, ct);
        if (user is null || user.PasswordHash is null)
        {
            // Hash anyway so an unknown user name takes as long as a wrong password.
            hasher.VerifyHashedPassword(DummyUser, DummyHash, password ?? "");
            // The typed name is not recorded: a password typed into the wrong box would end up in the audit log.
            audit.Record(new AuditActor(null, null, null, remoteAddress), "user.signin.failed", null, "unknown user name");
            await db.SaveChangesAsync(ct);
            return new SignInResult(SignInOutcome.Failed, null);
        }

        var actor = new AuditActor(user.Id, user.UserName, null, remoteAddress);
        if (user.LockoutEndsAt is { } until && until > now)
        {
            audit.Record(actor, "user.signin.locked", user.UserName);
            await db.SaveChangesAsync(ct);
            return new SignInResult(SignInOutcome.LockedOut, user, until);
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "");
        if (verdict == PasswordVerificationResult.Failed)
        {
            // Counted in the database, not on the loaded entity, so parallel guesses cannot overwrite each other's count.
            await db.Users.Where(u => u.Id == user.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.FailedSignInCount, u => u.FailedSignInCount + 1), ct);
            var failures = await db.Users.Where(u => u.Id == user.Id).Select(u => u.FailedSignInCount).SingleAsync(ct);
            DateTime? lockedUntil = null;
            if (failures >= _options.LockoutThreshold)
            {
                lockedUntil = now.AddMinutes(_options.LockoutMinutes);
                await db.Users.Where(u => u.Id == user.Id)
                    .ExecuteUpdateAsync(set => set.SetProperty(u => u.LockoutEndsAt, lockedUntil).SetProperty(u => u.FailedSignInCount, 0), ct);
                audit.Record(actor, "user.lockedout", user.UserName, $"after {_options.LockoutThreshold} failed sign-ins");
            }
            else
            {
                audit.Record(actor, "user.signin.failed", user.UserName, "wrong password");
            }

            await db.SaveChangesAsync(ct);
            return lockedUntil is not null
                ? new SignInResult(SignInOutcome.LockedOut, user, lockedUntil)
                : new SignInResult(SignInOutcome.Failed, user);
        }

        if (user.IsDisabled)
        {
            audit.Record(actor, "user.signin.disabled", user.UserName);
            await db.SaveChangesAsync(ct);
            return new SignInResult(SignInOutcome.Disabled, user);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password!);
        }

        user.FailedSignInCount = 0;
        user.LockoutEndsAt = null;
        user.LastSignInAt = now;
        audit.Record(actor, "user.signin", user.UserName);
        await db.SaveChangesAsync(ct);
        return new SignInResult(SignInOutcome.Succeeded, user);
    }

    private static readonly UserAccount DummyUser = new() { UserName = "-", NormalizedUserName = "-" };
    private static readonly string DummyHash = new PasswordHasher<UserAccount>().HashPassword(DummyUser, Guid.NewGuid().ToString());
}
