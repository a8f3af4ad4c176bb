namespace Appliance.Core.Access;

/// <summary>
/// The local-account password rule: long enough, several character classes, not the user name, not a well-known password.
/// Length matters more than classes, so a long passphrase needs fewer classes.
/// </summary>
public sealed class PasswordPolicy(int minimumLength = 12)
{
    private static readonly HashSet<string> CommonPasswords = new(StringComparer.OrdinalIgnoreCase)
    {
        "password1234", "password12345", "password123!", "123456789012", "qwertyuiop12", "administrator",
        "letmein12345", "welcome12345", "changeme1234", "iloveyou1234", "passw0rd1234", "P@ssw0rd1234",
    };

    public int MinimumLength { get; } = minimumLength;

    /// <summary>The problems with a candidate password, as sentences; empty when it is acceptable.</summary>
    public IReadOnlyList<string> Check(string? password, string? userName)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(password))
        {
            problems.Add("Enter a password.");
            return problems;
        }

        if (password.Length < MinimumLength)
        {
            problems.Add($"Use at least {MinimumLength} characters.");
        }

        if (password.Length > 256)
        {
            problems.Add("Use at most 256 characters.");
        }

        var classes = (password.Any(char.IsLower) ? 1 : 0)
            + (password.Any(char.IsUpper) ? 1 : 0)
            + (password.Any(char.IsDigit) ? 1 : 0)
            + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);
        var classesNeeded = password.Length >= 20 ? 2 : 3;
        if (classes < classesNeeded)
        {
            problems.Add($"Mix at least {classesNeeded} of: lower-case letters, upper-case letters, digits, symbols.");
        }

        if (!string.IsNullOrWhiteSpace(userName) && userName.Length >= 3 &&
            password.Contains(userName, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("Do not include the user name.");
        }

        if (CommonPasswords.Contains(password) || password.Distinct().Count() <= 3)
        {
            problems.Add("This password is too easy to guess.");
        }

        return problems;
    }
}
