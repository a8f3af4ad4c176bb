using System.Text.RegularExpressions;

namespace Appliance.Infrastructure.Query;

/// <summary>
/// Masks password literals in SQL kept in the history and the audit log (CREATE USER … IDENTIFIED BY '…',
/// ALTER ROLE … PASSWORD '…', SET PASSWORD = PASSWORD('…')): a statement that sets a database password must not leave it
/// readable in the appliance.
/// </summary>
public static partial class SqlRedaction
{
    public const string Mask = "'***'";

    public static string Redact(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return PasswordLiteral().Replace(sql, m => m.Groups["lead"].Value + Mask);
    }

    // A keyword that introduces a password, then a quoted literal ('…' with '' or \' escapes, or "…").
    [GeneratedRegex(
        """(?<lead>\b(?:PASSWORD|IDENTIFIED\s+(?:WITH\s+\w+\s+)?(?:BY|AS))\s*(?:=\s*)?(?:PASSWORD\s*)?\(?\s*)(?:'(?:[^'\\]|''|\\.)*'|"(?:[^"\\]|""|\\.)*")""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PasswordLiteral();
}
