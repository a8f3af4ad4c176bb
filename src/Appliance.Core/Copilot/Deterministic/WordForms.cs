using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Appliance.Core.Copilot.Deterministic;

/// <summary>
/// How words of questions and identifiers are compared: identifiers split at underscores, spaces and case changes,
/// every word lower case and singular, common abbreviations and synonyms mapped onto one spelling.
/// </summary>
internal static class WordForms
{
    /// <summary>The words of an identifier: <c>orderLines</c>, <c>order_lines</c> and <c>Order Lines</c> all give "order", "line".</summary>
    public static string[] SplitIdentifier(string identifier)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < identifier.Length; i++)
        {
            var c = identifier[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }

            // A lower-to-upper change starts a word (orderLines), as does the last capital of a run before a lower case
            // letter (HTTPServer → HTTP, Server).
            if (char.IsUpper(c) && current.Length > 0
                && (char.IsLower(current[^1]) || char.IsDigit(current[^1]) || (i + 1 < identifier.Length && char.IsLower(identifier[i + 1]))))
            {
                Flush();
            }

            current.Append(c);
        }

        Flush();
        return [.. words];

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(Normalize(current.ToString()));
                current.Clear();
            }
        }
    }

    /// <summary>A word lower case, singular and with its abbreviation expanded ("Qty" → "quantity", "Clients" → "customer").</summary>
    public static string Normalize(string word)
    {
        var lower = word.ToLowerInvariant();
        if (Synonyms.TryGetValue(lower, out var mapped))
        {
            return mapped;
        }

        var singular = Singular(lower);
        return Synonyms.TryGetValue(singular, out var mappedSingular) ? mappedSingular : singular;
    }

    public static string Singular(string word)
    {
        if (word.Length <= 3 || !word.EndsWith('s') || Uncountable.Contains(word))
        {
            return Irregular.TryGetValue(word, out var irregular) ? irregular : word;
        }

        if (Irregular.TryGetValue(word, out var known))
        {
            return known;
        }

        if (word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        if (word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("ches", StringComparison.Ordinal)
            || word.EndsWith("shes", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        if (word.EndsWith("ss", StringComparison.Ordinal) || word.EndsWith("is", StringComparison.Ordinal))
        {
            return word;
        }

        return word[..^1];
    }

    /// <summary>
    /// A crude stem, enough to see that "hired" names <c>hired_on</c>, "shipped" <c>shipped_at</c>, "ordered" the
    /// orders' <c>ordered_at</c> and "rated" <c>rating</c>.
    /// </summary>
    public static string Stem(string word)
    {
        var w = Normalize(word);
        // Two passes, so "ordered" → "order" → "ord" meets "order" → "ord", and "hired" meets "hire".
        w = Strip(w, ["ing", "ed"]);
        if (w.Length > 3 && w[^1] == w[^2] && !"aeiou".Contains(w[^1], StringComparison.Ordinal))
        {
            // shipped → shipp → ship
            w = w[..^1];
        }

        return Strip(w, ["er", "e"]);

        static string Strip(string w, ReadOnlySpan<string> suffixes)
        {
            foreach (var suffix in suffixes)
            {
                if (w.Length > suffix.Length + 2 && w.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return w[..^suffix.Length];
                }
            }

            return w;
        }
    }

    public static bool IsStopWord(string word) => StopWords.Contains(word);

    /// <summary>Words that name the same kind of column when the word itself names none ("cost" for a price column).</summary>
    public static IReadOnlyList<string> RelatedColumnWords(string word) => word switch
    {
        "cost" or "costs" => ["price", "amount"],
        "price" => ["cost", "amount"],
        "amount" => ["total", "price", "value"],
        "total" => ["amount"],
        "value" => ["amount", "price", "total"],
        "date" or "day" or "time" or "when" => ["date", "at", "on"],
        "spend" or "spent" => ["amount", "total"],
        _ => [],
    };

    /// <summary>Verbs that mean a row was created, so they name a created/registered date column.</summary>
    public static bool MeansCreated(string word) =>
        word is "added" or "registered" or "joined" or "signed" or "opened" or "inserted" or "entered" or "onboarded" or "created" or "new";

    public static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static readonly FrozenSet<string> Uncountable = FrozenSet.ToFrozenSet(
    [
        "status", "address", "business", "class", "analysis", "series", "news", "gas", "bus", "process", "access", "bonus",
        "campus", "census", "canvas", "alias", "basis", "axis", "thesis", "species", "plus", "minus", "focus", "virus",
        "radius", "corpus", "atlas", "lens", "is", "was", "has", "does", "this", "its", "his", "yes", "less", "us", "genus", "nexus",
        "surplus", "syllabus", "prospectus", "apparatus", "stimulus", "cactus", "octopus", "terminus", "consensus", "opus", "thus",
        "numerous", "various", "previous", "famous", "gross", "express",
    ], StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> Irregular = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["people"] = "person", ["children"] = "child", ["men"] = "man", ["women"] = "woman", ["mice"] = "mouse",
        ["geese"] = "goose", ["feet"] = "foot", ["teeth"] = "tooth", ["data"] = "data", ["criteria"] = "criterion",
        ["indices"] = "index", ["matrices"] = "matrix", ["vertices"] = "vertex", ["statuses"] = "status",
        ["addresses"] = "address", ["movies"] = "movie", ["cookies"] = "cookie", ["series"] = "series", ["species"] = "species",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Abbreviations and words that mean the same thing in a schema, mapped onto one spelling.</summary>
    private static readonly FrozenDictionary<string, string> Synonyms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["qty"] = "quantity", ["units"] = "quantity", ["qtys"] = "quantity", ["quantities"] = "quantity", ["amt"] = "amount", ["amnt"] = "amount",
        ["cust"] = "customer", ["custs"] = "customer", ["client"] = "customer", ["clients"] = "customer", ["buyer"] = "customer",
        ["purchaser"] = "customer", ["prod"] = "product", ["prods"] = "product", ["emp"] = "employee", ["emps"] = "employee",
        ["staff"] = "employee", ["worker"] = "employee", ["vendor"] = "supplier", ["vendors"] = "supplier", ["addr"] = "address",
        ["dept"] = "department", ["depts"] = "department", ["desc"] = "description", ["descr"] = "description",
        ["mail"] = "email", ["e-mail"] = "email", ["tel"] = "phone", ["telephone"] = "phone", ["nr"] = "number", ["num"] = "number",
        ["cat"] = "category", ["cnt"] = "count", ["avg"] = "average", ["pct"] = "percent", ["perc"] = "percent",
        ["cty"] = "city", ["ctry"] = "country", ["dt"] = "date", ["ts"] = "timestamp", ["purchase"] = "order", ["purchases"] = "order",
        ["inv"] = "invoice", ["txn"] = "transaction", ["trx"] = "transaction", ["msg"] = "message", ["img"] = "image",
        ["pic"] = "picture", ["ref"] = "reference", ["org"] = "organization", ["organisation"] = "organization",
        ["colour"] = "color", ["catalogue"] = "catalog", ["cancelled"] = "cancelled", ["canceled"] = "cancelled",
        ["zip"] = "postal", ["postcode"] = "postal", ["stars"] = "rating", ["star"] = "rating", ["mgr"] = "manager",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Words that carry no meaning for the query (the question's grammar, politeness, filler).</summary>
    private static readonly FrozenSet<string> StopWords = FrozenSet.ToFrozenSet(
    [
        "a", "an", "the", "show", "list", "give", "get", "me", "us", "all", "of", "for", "what", "which", "who", "whose", "whom",
        "are", "is", "was", "were", "be", "been", "being", "there", "do", "does", "did", "we", "our", "i", "my", "you", "your",
        "have", "has", "had", "having", "please", "find", "display", "return", "tell", "that", "to", "it", "its", "their", "them",
        "they", "those", "these", "every", "any", "can", "could", "would", "want", "see", "need", "just", "also", "data",
        "record", "row", "entry", "entries", "information", "info", "detail", "details", "everything", "currently", "current",
        "exist", "existing", "existed", "fetch", "retrieve", "select", "pull", "look", "up", "on", "at", "about", "as", "each",
        "known", "stored", "recorded", "available", "exact", "exactly", "overall", "altogether", "together", "including",
        "so", "far", "ever", "whole", "entire", "complete", "full", "table", "database", "db", "value", "values", "listing",
        "here", "like", "one", "ones", "item", "including", "in", "with", "where", "and", "by", "per", "from", "whole", "some",
        "made", "placed", "got", "received", "done", "kept", "held", "how", "many", "much", "number", "count", "what's",
        "whats", "let", "lets", "know", "provide", "report", "breakdown", "broken", "down", "grouped", "group", "split",
        "figure", "figures", "result", "results", "them", "along", "alongside", "plus", "respective", "corresponding",
        "place", "make", "makes", "making", "used", "use", "uses", "using", "written", "write", "wrote", "another", "other", "others",
        "currently", "right", "now", "sort", "come", "comes", "came",
    ], StringComparer.Ordinal);
}
