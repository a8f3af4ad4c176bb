namespace Appliance.Core.Sql.Binding;

/// <summary>How names are compared and which known name a misspelt one most likely meant.</summary>
public static class NameMatching
{
    /// <summary>
    /// The item named <paramref name="name"/>: an exact match wins; unless <paramref name="exact"/> (a PostgreSQL quoted
    /// name), a single case-insensitive match counts too, as unquoted names fold and MySQL/T-SQL compare without case.
    /// </summary>
    public static T? Find<T>(IEnumerable<T> items, Func<T, string> nameOf, string name, bool exact)
        where T : class
    {
        T? folded = null;
        var foldedCount = 0;
        foreach (var item in items)
        {
            var candidate = nameOf(item);
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                return item;
            }

            if (!exact && string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                folded ??= item;
                foldedCount++;
            }
        }

        return foldedCount == 1 ? folded : null;
    }

    /// <summary>True when the two names denote the same identifier under the folding rules above.</summary>
    public static bool Same(string a, string b, bool exact) =>
        string.Equals(a, b, exact ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The candidate closest to <paramref name="name"/> when it is close enough to be a plausible typo (edit distance
    /// up to a third of the length, at least 1), or a candidate that differs only by a plural "s" or by underscores.
    /// </summary>
    public static string? Suggest(string name, IEnumerable<string> candidates)
    {
        var target = Normalize(name);
        string? best = null;
        var bestDistance = int.MaxValue;
        var limit = Math.Max(1, target.Length / 3);
        foreach (var candidate in candidates.Distinct(StringComparer.Ordinal))
        {
            var normalized = Normalize(candidate);
            if (normalized.Length == 0)
            {
                continue;
            }

            var distance = normalized == target ? 0 : Distance(target, normalized, limit);
            if (distance <= limit && (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0)))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions), cut off above <paramref name="limit"/>.</summary>
    internal static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }
}
