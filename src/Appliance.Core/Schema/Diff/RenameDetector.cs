namespace Appliance.Core.Schema.Diff;

/// <summary>
/// Guesses which dropped table (or view) became which added one. Only unmatched objects are considered: first an exact
/// column signature (names and types, order ignored) via a dictionary, then — when the leftovers are few enough —
/// a pairwise similarity of column sets and names.
/// </summary>
internal static class RenameDetector
{
    public static List<(T Old, T New, double Confidence)> Pair<T>(List<T> olds, List<T> news, Func<T, string> schema, Func<T, string> name,
        Func<T, IReadOnlyList<Column>> columns, Func<T, string> body, int maxPairwiseCandidates, double threshold)
        where T : class
    {
        var result = new List<(T Old, T New, double Confidence)>();
        if (olds.Count == 0 || news.Count == 0)
        {
            return result;
        }

        // Deterministic whatever the input order: candidates are visited by name.
        var orderedOld = olds.OrderBy(o => schema(o), StringComparer.Ordinal).ThenBy(o => name(o), StringComparer.Ordinal).ToList();
        var orderedNew = news.OrderBy(n => schema(n), StringComparer.Ordinal).ThenBy(n => name(n), StringComparer.Ordinal).ToList();
        var usedNew = new HashSet<T>(ReferenceEqualityComparer.Instance);
        var usedOld = new HashSet<T>(ReferenceEqualityComparer.Instance);

        // Stage 1: identical signature. An empty signature (no columns, no body) says nothing, so it never pairs.
        var newBySignature = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        foreach (var item in orderedNew)
        {
            var signature = Signature(columns(item), body(item));
            if (signature.Length == 0)
            {
                continue;
            }

            if (!newBySignature.TryGetValue(signature, out var bucket))
            {
                newBySignature[signature] = bucket = [];
            }

            bucket.Add(item);
        }

        foreach (var oldItem in orderedOld)
        {
            var signature = Signature(columns(oldItem), body(oldItem));
            if (signature.Length == 0 || !newBySignature.TryGetValue(signature, out var bucket))
            {
                continue;
            }

            T? best = null;
            var bestSimilarity = -1.0;
            foreach (var candidate in bucket.Where(c => !usedNew.Contains(c)))
            {
                var similarity = NameScore(schema(oldItem), name(oldItem), schema(candidate), name(candidate));
                if (similarity > bestSimilarity)
                {
                    (best, bestSimilarity) = (candidate, similarity);
                }
            }

            if (best is not null)
            {
                usedNew.Add(best);
                usedOld.Add(oldItem);
                result.Add((oldItem, best, 0.9 + (0.1 * bestSimilarity)));
            }
        }

        // Stage 2: similar column sets, for what is left.
        var leftOld = orderedOld.Where(o => !usedOld.Contains(o)).ToList();
        var leftNew = orderedNew.Where(n => !usedNew.Contains(n)).ToList();
        if (leftOld.Count == 0 || leftNew.Count == 0 || (long)leftOld.Count * leftNew.Count > maxPairwiseCandidates)
        {
            return result;
        }

        var oldShapes = leftOld.Select(o => new Shape(columns(o))).ToList();
        var newShapes = leftNew.Select(n => new Shape(columns(n))).ToList();
        var candidates = new List<(int Old, int New, double Score)>();
        for (var o = 0; o < leftOld.Count; o++)
        {
            for (var n = 0; n < leftNew.Count; n++)
            {
                var namesAlike = Jaccard(oldShapes[o].Names, newShapes[n].Names);
                // Most columns must carry over; two unrelated tables that share "id" and "created_at" stay apart.
                if (namesAlike < 0.5)
                {
                    continue;
                }

                var typedAlike = Jaccard(oldShapes[o].NamesWithTypes, newShapes[n].NamesWithTypes);
                var score = (0.4 * namesAlike) + (0.35 * typedAlike)
                    + (0.25 * NameScore(schema(leftOld[o]), name(leftOld[o]), schema(leftNew[n]), name(leftNew[n])));
                if (score >= threshold)
                {
                    candidates.Add((o, n, score));
                }
            }
        }

        var pairedOld = new HashSet<int>();
        var pairedNew = new HashSet<int>();
        foreach (var (o, n, score) in candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Old).ThenBy(c => c.New))
        {
            if (pairedOld.Add(o))
            {
                if (!pairedNew.Add(n))
                {
                    pairedOld.Remove(o);
                    continue;
                }

                result.Add((leftOld[o], leftNew[n], score));
            }
        }

        return result;
    }

    /// <summary>Name likeness; a move to another schema costs a little.</summary>
    private static double NameScore(string oldSchema, string oldName, string newSchema, string newName) =>
        SchemaSpelling.NameSimilarity(oldName, newName) * (string.Equals(oldSchema, newSchema, StringComparison.Ordinal) ? 1 : 0.8);

    private static string Signature(IReadOnlyList<Column> columns, string body)
    {
        if (columns.Count == 0 && body.Length == 0)
        {
            return "";
        }

        var parts = columns.Select(c => c.Name.ToLowerInvariant() + ":" + SchemaSpelling.Type(c.DataType)).Order(StringComparer.Ordinal);
        return string.Join("\u001F", parts) + "\u001E" + body;
    }

    private static double Jaccard(HashSet<string> left, HashSet<string> right)
    {
        if (left.Count == 0 && right.Count == 0)
        {
            return 0;
        }

        var common = left.Count(right.Contains);
        return (double)common / (left.Count + right.Count - common);
    }

    private sealed class Shape(IReadOnlyList<Column> columns)
    {
        public HashSet<string> Names { get; } = [.. columns.Select(c => c.Name.ToLowerInvariant())];
        public HashSet<string> NamesWithTypes { get; } = [.. columns.Select(c => c.Name.ToLowerInvariant() + ":" + SchemaSpelling.Type(c.DataType))];
    }
}
