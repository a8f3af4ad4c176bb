namespace Appliance.Infrastructure.Engines;

/// <summary>Small text normalisations of SQL fragments that engines report with different wrapping.</summary>
internal static class SqlText
{
    /// <summary>
    /// Removes parentheses that wrap the whole expression, as many times as they do: "((0))" → "0", "(a > 0)" → "a > 0",
    /// but "(a) + (b)" is kept. Quotes ('…', "…", `…`, […]) are respected.
    /// </summary>
    public static string StripOuterParentheses(string? text)
    {
        var result = (text ?? "").Trim();
        while (result.Length >= 2 && result[0] == '(' && result[^1] == ')' && ClosingParenthesis(result, 0) == result.Length - 1)
        {
            result = result[1..^1].Trim();
        }

        return result;
    }

    /// <summary>Index of the parenthesis closing the one at <paramref name="open"/>, skipping quoted text; -1 if unbalanced.</summary>
    public static int ClosingParenthesis(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    if (depth == 0)
                    {
                        return i;
                    }

                    break;
                case '\'' or '"' or '`':
                    i = SkipQuoted(text, i, text[i]);
                    break;
                case '[':
                    i = SkipQuoted(text, i, ']');
                    break;
                default:
                    break;
            }
        }

        return -1;
    }

    /// <summary>Index of the quote closing the quoted text that starts at <paramref name="start"/> (doubled quotes are escapes).</summary>
    private static int SkipQuoted(string text, int start, char close)
    {
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == close)
            {
                if (i + 1 < text.Length && text[i + 1] == close)
                {
                    i++;
                    continue;
                }

                return i;
            }
        }

        return text.Length - 1;
    }

    /// <summary>A SQL string literal: 'text' with quotes doubled.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
