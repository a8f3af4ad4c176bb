using System.Text;
using System.Text.RegularExpressions;
using Appliance.Core.Sql;

namespace Appliance.Core.MockData.Checks;

/// <summary>Translates the SQL pattern languages (LIKE, SIMILAR TO, GLOB, POSIX and ICU regular expressions) to .NET regular expressions.</summary>
internal static class SqlPatterns
{
    /// <summary>
    /// A LIKE pattern as an anchored regex: % any run, _ one character, <paramref name="escape"/> quotes the next
    /// character, and in T-SQL [a-z] / [^a-z] are character classes.
    /// </summary>
    public static string FromLike(string pattern, char? escape, SqlDialect dialect, string end = "$")
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (escape is { } e && c == e && i + 1 < pattern.Length)
            {
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else if (c == '%')
            {
                regex.Append(".*");
            }
            else if (c == '_')
            {
                regex.Append('.');
            }
            else if (c == '[' && dialect == SqlDialect.TSql && pattern.IndexOf(']', i + 1) is var close and > 0)
            {
                regex.Append(CharacterClass(pattern.AsSpan(i + 1, close - i - 1), '^'));
                i = close;
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return regex.Append(end).ToString();
    }

    /// <summary>SIMILAR TO: LIKE's wildcards in a regular expression that must match the whole value.</summary>
    public static string FromSimilar(string pattern, char? escape, string end = "$")
    {
        var regex = new StringBuilder("^(?:");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (escape is { } e && c == e && i + 1 < pattern.Length)
            {
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else
            {
                regex.Append(c switch
                {
                    '%' => ".*",
                    '_' => ".",
                    '.' => "\\.",
                    '^' => "\\^",
                    '$' => "\\$",
                    _ => c.ToString(),
                });
            }
        }

        return regex.Append(')').Append(end).ToString();
    }

    /// <summary>SQLite GLOB: * any run, ? one character, [..] a class ([^..] negated), case-sensitive, whole value.</summary>
    public static string FromGlob(string pattern, string end = "$")
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*')
            {
                regex.Append(".*");
            }
            else if (c == '?')
            {
                regex.Append('.');
            }
            else if (c == '[' && pattern.IndexOf(']', i + 2) is var close and > 0)
            {
                regex.Append(CharacterClass(pattern.AsSpan(i + 1, close - i - 1), '^'));
                i = close;
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return regex.Append(end).ToString();
    }

    /// <summary>
    /// A PostgreSQL (POSIX ARE) or MySQL (ICU) regular expression in .NET syntax: POSIX bracket classes, PostgreSQL's word
    /// boundary escapes and MySQL 5's [[:&lt;:]] / [[:&gt;:]] become their .NET spellings; the rest is shared syntax.
    /// </summary>
    public static string FromPosix(string pattern)
    {
        var regex = new StringBuilder(pattern.Length + 8);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                regex.Append(next switch
                {
                    'm' => "\\b(?=\\w)",
                    'M' => "\\b(?<=\\w)",
                    'y' => "\\b",
                    'Y' => "\\B",
                    'Z' => "\\z",
                    _ => "\\" + next,
                });
            }
            else if (pattern.AsSpan(i).StartsWith("[[:<:]]") || pattern.AsSpan(i).StartsWith("[[:>:]]"))
            {
                regex.Append("\\b");
                i += 6;
            }
            else if (c == '[')
            {
                i = CopyBracket(pattern, i, regex);
            }
            else
            {
                regex.Append(c);
            }
        }

        return regex.ToString();
    }

    /// <summary>Whether .NET accepts <paramref name="regex"/>.</summary>
    public static bool IsValid(string regex)
    {
        try
        {
            _ = new Regex(regex, RegexOptions.CultureInvariant);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Copies a bracket expression starting at <paramref name="open"/>, translating [:class:] names; returns the index of its ].</summary>
    private static int CopyBracket(string pattern, int open, StringBuilder regex)
    {
        var i = open + 1;
        regex.Append('[');
        if (i < pattern.Length && pattern[i] == '^')
        {
            regex.Append('^');
            i++;
        }

        // A ] right after [ or [^ is a literal.
        if (i < pattern.Length && pattern[i] == ']')
        {
            regex.Append("\\]");
            i++;
        }

        for (; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == ']')
            {
                regex.Append(']');
                return i;
            }

            if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':' && pattern.IndexOf(":]", i + 2, StringComparison.Ordinal) is var close and > 0)
            {
                regex.Append(PosixClass(pattern[(i + 2)..close]));
                i = close + 1;
            }
            else if (c == '\\' && i + 1 < pattern.Length)
            {
                regex.Append(c).Append(pattern[++i]);
            }
            else if (c == '[')
            {
                regex.Append("\\[");
            }
            else
            {
                regex.Append(c);
            }
        }

        return i;
    }

    private static string PosixClass(string name) => name switch
    {
        "alpha" => "\\p{L}",
        "digit" => "0-9",
        "alnum" => "\\p{L}\\p{Nd}",
        "upper" => "\\p{Lu}",
        "lower" => "\\p{Ll}",
        "space" => "\\s",
        "blank" => " \\t",
        "punct" => "\\p{P}\\p{S}",
        "xdigit" => "0-9A-Fa-f",
        "word" => "\\w",
        "cntrl" => "\\p{Cc}",
        "print" => "\\P{C}",
        "graph" => "\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}",
        _ => "[:" + name + ":]",
    };

    /// <summary>The body of a T-SQL LIKE or GLOB class as a .NET class; <paramref name="negation"/> is the dialect's negation mark.</summary>
    private static string CharacterClass(ReadOnlySpan<char> body, char negation)
    {
        var result = new StringBuilder("[");
        var start = 0;
        if (body.Length > 0 && body[0] == negation)
        {
            result.Append('^');
            start = 1;
        }

        foreach (var c in body[start..])
        {
            result.Append(c is '\\' or '[' or ']' ? "\\" + c : c.ToString());
        }

        return result.Append(']').ToString();
    }
}
