using System.Collections.Frozen;
using System.Text;

namespace Appliance.Core.Copilot.Retrieval;

/// <summary>
/// Turns questions and schema identifiers into the same normalised words, so "cust_addr", "CustomerAddresses" and
/// "customer address" meet: identifiers are split on underscores, camelCase and digits, lower-cased, abbreviations are
/// expanded, filler words of questions are dropped and words are reduced to a crude stem (plural, -ed, -ing, final e).
/// The stems are only compared with each other, never shown.
/// </summary>
public static class SearchTerms
{
    // Abbreviations common in column and table names. "id" keeps itself too: users say "id" as often as "identifier".
    private static readonly FrozenDictionary<string, string[]> Abbreviations = new Dictionary<string, string[]>
    {
        ["qty"] = ["quantity"],
        ["amt"] = ["amount"],
        ["cust"] = ["customer"],
        ["addr"] = ["address"],
        ["desc"] = ["description"],
        ["descr"] = ["description"],
        ["num"] = ["number"],
        ["nbr"] = ["number"],
        ["nr"] = ["number"],
        ["dt"] = ["date"],
        ["ts"] = ["timestamp"],
        ["id"] = ["id", "identifier"],
        ["emp"] = ["employee"],
        ["empl"] = ["employee"],
        ["dept"] = ["department"],
        ["org"] = ["organization"],
        ["prod"] = ["product"],
        ["inv"] = ["invoice"],
        ["txn"] = ["transaction"],
        ["trx"] = ["transaction"],
        ["acct"] = ["account"],
        ["acc"] = ["account"],
        ["avg"] = ["average"],
        ["bal"] = ["balance"],
        ["cnt"] = ["count"],
        ["curr"] = ["currency"],
        ["ccy"] = ["currency"],
        ["loc"] = ["location"],
        ["mgr"] = ["manager"],
        ["pct"] = ["percent"],
        ["pmt"] = ["payment"],
        ["po"] = ["purchase", "order"],
        ["prc"] = ["price"],
        ["ref"] = ["reference"],
        ["seq"] = ["sequence"],
        ["sku"] = ["stock", "keeping", "unit"],
        ["stat"] = ["status"],
        ["tel"] = ["telephone"],
        ["phone"] = ["telephone"],
        ["uom"] = ["unit", "measure"],
        ["vend"] = ["vendor"],
        ["whse"] = ["warehouse"],
        ["wh"] = ["warehouse"],
        ["yr"] = ["year"],
        ["mth"] = ["month"],
        ["hr"] = ["human", "resource"],
        ["gl"] = ["general", "ledger"],
        ["ar"] = ["receivable"],
        ["ap"] = ["payable"],
        ["crm"] = ["customer", "relationship"],
        ["fx"] = ["exchange", "rate"],
        ["info"] = ["information"],
        ["msg"] = ["message"],
        ["pwd"] = ["password"],
        ["usr"] = ["user"],
        ["img"] = ["image"],
        ["doc"] = ["document"],
        ["no"] = ["number"],
        ["cat"] = ["category"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // Expanded only inside identifiers ("order_no", "prod_cat"): in a question they are ordinary words.
    private static readonly FrozenSet<string> IdentifierOnlyAbbreviations =
        FrozenSet.ToFrozenSet(["no", "cat", "stat"], StringComparer.Ordinal);

    // Filler words of questions; dropped so they neither match nor dilute.
    private static readonly FrozenSet<string> StopWords = FrozenSet.ToFrozenSet(
    [
        "a", "an", "the", "of", "in", "on", "for", "to", "by", "with", "and", "or", "is", "are", "was", "were", "be",
        "been", "being", "which", "what", "who", "whom", "whose", "when", "where", "how", "many", "much", "me", "my",
        "our", "us", "show", "list", "give", "find", "get", "all", "each", "per", "every", "that", "this", "these",
        "those", "do", "does", "did", "have", "has", "had", "there", "their", "from", "at", "as", "it", "its", "than",
        "then", "please", "i", "we", "you", "your", "display", "tell", "any", "some", "into", "about", "also", "can",
        "could", "would", "should", "will", "shall", "may", "might", "there", "them", "they", "if", "so", "such",
        "only", "just", "very", "more", "most", "least", "less", "over", "under", "between", "since", "until",
    ], StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> Irregular = new Dictionary<string, string>
    {
        ["people"] = "person",
        ["children"] = "child",
        ["men"] = "man",
        ["women"] = "woman",
        ["data"] = "data",
        ["criteria"] = "criterion",
        ["indices"] = "index",
        ["analyses"] = "analysis",
        ["statuses"] = "status",
        ["series"] = "series",
        ["news"] = "news",
        ["paid"] = "pay",
        ["unpaid"] = "unpay",
        ["sold"] = "sell",
        ["bought"] = "buy",
        ["spent"] = "spend",
        ["sent"] = "send",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The normalised words of a question, an identifier or a description, in order.</summary>
    public static IReadOnlyList<string> Of(string? text)
    {
        var terms = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return terms;
        }

        var parts = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text[i]))
            {
                i++;
            }

            parts.Clear();
            SplitIdentifier(text.AsSpan(start, i - start), parts);
            var isIdentifier = parts.Count > 1;
            foreach (var part in parts)
            {
                AddPart(part, isIdentifier, terms);
            }
        }

        return terms;
    }

    /// <summary>An identifier as lower-case words, unexpanded: "CustAddr_line2" → "cust addr line 2".</summary>
    public static string SpellOut(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var parts = new List<string>();
        var i = 0;
        while (i < identifier.Length)
        {
            var start = i;
            while (i < identifier.Length && IsWordChar(identifier[i]))
            {
                i++;
            }

            SplitIdentifier(identifier.AsSpan(start, i - start), parts);
            i++;
        }

        return string.Join(' ', parts);
    }

    private static void AddPart(string part, bool isIdentifier, List<string> terms)
    {
        if (Abbreviations.TryGetValue(part, out var expansion) && (isIdentifier || !IdentifierOnlyAbbreviations.Contains(part)))
        {
            foreach (var word in expansion)
            {
                terms.Add(Stem(word));
            }

            return;
        }

        if (StopWords.Contains(part))
        {
            return;
        }

        terms.Add(Stem(part));
    }

    /// <summary>Splits one run of letters, digits and underscores: "CustAddr_line2" → cust, addr, line, 2 (lower case).</summary>
    private static void SplitIdentifier(ReadOnlySpan<char> run, List<string> parts)
    {
        var word = new StringBuilder();
        for (var i = 0; i < run.Length; i++)
        {
            var c = run[i];
            if (c == '_')
            {
                Flush(word, parts);
                continue;
            }

            if (word.Length > 0)
            {
                var previous = run[i - 1];
                var boundary =
                    (char.IsDigit(c) != char.IsDigit(previous))
                    || (char.IsUpper(c) && char.IsLower(previous))
                    // "HTTPServer": the last capital of a run starts the next word.
                    || (char.IsUpper(c) && char.IsUpper(previous) && i + 1 < run.Length && char.IsLower(run[i + 1]));
                if (boundary)
                {
                    Flush(word, parts);
                }
            }

            word.Append(char.ToLowerInvariant(c));
        }

        Flush(word, parts);
    }

    private static void Flush(StringBuilder word, List<string> parts)
    {
        if (word.Length > 0)
        {
            parts.Add(word.ToString());
            word.Clear();
        }
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>A crude stem: plural, -ed, -ing, a few derivation endings and a final e removed, so forms of a word meet.</summary>
    internal static string Stem(string word)
    {
        if (Irregular.TryGetValue(word, out var irregular))
        {
            return irregular;
        }

        if (word.Length <= 3 || !char.IsAsciiLetter(word[^1]))
        {
            return word;
        }

        var stem = Singular(word);
        if (stem.Length > 5 && stem.EndsWith("ing", StringComparison.Ordinal))
        {
            stem = Undouble(stem[..^3]);
        }
        else if (stem.Length > 4 && stem.EndsWith("ed", StringComparison.Ordinal) && !stem.EndsWith("eed", StringComparison.Ordinal))
        {
            stem = Undouble(stem[..^2]);
        }

        stem = StripDerivation(stem);
        if (stem.Length > 4 && stem[^1] == 'e')
        {
            stem = stem[..^1];
        }

        return stem;
    }

    // Noun and adjective endings, so "absent" meets "absence", "payment" meets "pay", "cancellation" meets "cancelled".
    private static readonly (string Ending, int MinimumStem)[] Derivations =
    [
        ("ation", 3), ("ment", 3), ("ance", 3), ("ence", 3), ("ant", 3), ("ent", 3), ("ion", 4),
    ];

    private static string StripDerivation(string stem)
    {
        foreach (var (ending, minimum) in Derivations)
        {
            if (stem.Length >= ending.Length + minimum && stem.EndsWith(ending, StringComparison.Ordinal))
            {
                return Undouble(stem[..^ending.Length]);
            }
        }

        return stem;
    }

    private static string Singular(string word)
    {
        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4)
        {
            return word[..^3] + "y";
        }

        if (word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal)
            || word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal)
            || word.EndsWith("zes", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        if (word.EndsWith("ss", StringComparison.Ordinal) || word.EndsWith("us", StringComparison.Ordinal)
            || word.EndsWith("is", StringComparison.Ordinal) || word[^1] != 's')
        {
            return word;
        }

        return word[..^1];
    }

    // "shipp" → "ship", "stopp" → "stop"; l, s, z and f stay doubled ("cancell", "pass", "buzz", "staff") as their base words are.
    private static string Undouble(string stem) =>
        stem.Length > 3 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z' or 'f') && !"aeiou".Contains(stem[^1], StringComparison.Ordinal)
            ? stem[..^1]
            : stem;
}
