using System.Globalization;
using System.Text;

namespace Appliance.Core.Copilot.Deterministic;

internal enum TokenKind
{
    Word,
    Number,
    /// <summary>An ISO date (2025-01-31) or month (2025-01).</summary>
    Date,
    /// <summary>Text in quotes: a literal value.</summary>
    Quoted,
    /// <summary>A comparison operator written as a symbol: &lt;, &lt;=, &gt;, &gt;=, =, &lt;&gt;, !=.</summary>
    Symbol,
}

/// <summary>One token of a question. <see cref="Text"/> is lower case (the quoted text as written for quotes).</summary>
internal sealed record QuestionToken(TokenKind Kind, string Text, string Original, int Index)
{
    public decimal Number { get; init; }

    public DateOnly Date { get; init; }

    /// <summary>A date token with only year and month (2025-03).</summary>
    public bool IsMonth { get; init; }

    /// <summary>The word started with a capital letter other than at the start of the question (a proper name).</summary>
    public bool Capitalized { get; init; }

    /// <summary>The normalised form (singular, abbreviations expanded) of a word.</summary>
    public string Norm { get; init; } = "";

    public override string ToString() => Kind == TokenKind.Quoted ? $"'{Original}'" : Original;
}

internal static class QuestionTokenizer
{
    public static List<QuestionToken> Tokenize(string question)
    {
        var tokens = new List<QuestionToken>();
        var i = 0;
        var text = question;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c is ',' or ';' or '?' or '!' or '(' or ')' or ':')
            {
                i++;
                continue;
            }

            if (c is '\'' or '"' or '‘' or '“' or '`' && (i == 0 || !char.IsLetterOrDigit(text[i - 1])))
            {
                var close = c switch { '‘' => '’', '“' => '”', _ => c };
                var end = text.IndexOf(close, i + 1);
                if (end > i)
                {
                    var value = text[(i + 1)..end];
                    tokens.Add(new QuestionToken(TokenKind.Quoted, value, value, tokens.Count));
                    i = end + 1;
                    continue;
                }

                i++;
                continue;
            }

            if (c is '<' or '>' or '=' or '!' or '≥' or '≤' or '≠')
            {
                var start = i;
                i++;
                if (i < text.Length && text[i] is '=' or '>')
                {
                    i++;
                }

                var symbol = text[start..i] switch { "≥" => ">=", "≤" => "<=", "≠" or "!=" => "<>", var s => s };
                if (symbol != "!")
                {
                    tokens.Add(new QuestionToken(TokenKind.Symbol, symbol, symbol, tokens.Count));
                }

                continue;
            }

            if (char.IsDigit(c) || (c is '$' or '€' or '£' or '#' && i + 1 < text.Length && char.IsDigit(text[i + 1]))
                || (c == '-' && i + 1 < text.Length && char.IsDigit(text[i + 1]) && (i == 0 || char.IsWhiteSpace(text[i - 1]))))
            {
                i = ReadNumberOrDate(text, i, tokens);
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'
                    || (text[i] is '-' or '\'' or '’' && i + 1 < text.Length && char.IsLetter(text[i + 1]))))
                {
                    i++;
                }

                var word = text[start..i].Replace('’', '\'');
                // Possessives: "customer's" → "customer".
                if (word.EndsWith("'s", StringComparison.OrdinalIgnoreCase))
                {
                    word = word[..^2];
                }
                else if (word.EndsWith('\''))
                {
                    word = word[..^1];
                }

                var lower = word.ToLowerInvariant();
                if (lower == "e-mail")
                {
                    lower = "email";
                }

                // Identifiers typed into the question (total_amount, unitPrice) are their words.
                var parts = lower.Contains('-', StringComparison.Ordinal) && !IsDateWord(lower) ? lower.Split('-')
                    : word.Contains('_', StringComparison.Ordinal) || HasInnerCapital(word) ? word.Split('_', StringSplitOptions.RemoveEmptyEntries).SelectMany(SplitCamel).ToArray()
                    : [lower];
                var capitalized = char.IsUpper(word[0]) && tokens.Count > 0 && parts.Length == 1;
                foreach (var part in parts)
                {
                    if (part.Length == 0)
                    {
                        continue;
                    }

                    tokens.Add(new QuestionToken(TokenKind.Word, part, parts.Length == 1 ? word : part, tokens.Count)
                    {
                        Capitalized = capitalized,
                        Norm = WordForms.Normalize(part),
                    });
                }

                continue;
            }

            // "%" after a number, currency signs and anything else carry no meaning of their own.
            i++;
        }

        return tokens;
    }

    private static bool HasInnerCapital(string word) =>
        word.Length > 1 && char.IsLower(word[0]) && word.Skip(1).Any(char.IsUpper);

    private static IEnumerable<string> SplitCamel(string part)
    {
        var start = 0;
        for (var i = 1; i < part.Length; i++)
        {
            if (char.IsUpper(part[i]) && char.IsLower(part[i - 1]))
            {
                yield return part[start..i].ToLowerInvariant();
                start = i;
            }
        }

        yield return part[start..].ToLowerInvariant();
    }

    private static bool IsDateWord(string word) => word.StartsWith("year-to-date", StringComparison.Ordinal);

    private static int ReadNumberOrDate(string text, int i, List<QuestionToken> tokens)
    {
        var start = i;
        if (text[i] is '$' or '€' or '£' or '#')
        {
            i++;
        }

        var body = new StringBuilder();
        if (text[i] == '-')
        {
            body.Append('-');
            i++;
        }

        while (i < text.Length && (char.IsDigit(text[i]) || ((text[i] is '.' or ',' or '-' or '/') && i + 1 < text.Length && char.IsDigit(text[i + 1]))))
        {
            body.Append(text[i]);
            i++;
        }

        var raw = body.ToString();
        var original = text[start..i];
        if (TryDate(raw, out var date, out var isMonth))
        {
            tokens.Add(new QuestionToken(TokenKind.Date, raw, original, tokens.Count) { Date = date, IsMonth = isMonth });
            return i;
        }

        // 1,000 and 1,000.50 are thousands; "1,2" is not a number we read.
        var cleaned = raw.Replace(",", "", StringComparison.Ordinal);
        var multiplier = 1m;
        if (i < text.Length && text[i] is 'k' or 'K' && (i + 1 == text.Length || !char.IsLetter(text[i + 1])))
        {
            multiplier = 1000m;
            i++;
        }

        if (decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            tokens.Add(new QuestionToken(TokenKind.Number, cleaned, text[start..i], tokens.Count) { Number = number * multiplier });
        }

        return i;
    }

    private static bool TryDate(string raw, out DateOnly date, out bool isMonth)
    {
        isMonth = false;
        var normalized = raw.Replace('/', '-');
        if (DateOnly.TryParseExact(normalized, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        if (normalized.Length == 7 && DateOnly.TryParseExact(normalized + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            isMonth = true;
            return true;
        }

        return false;
    }
}
