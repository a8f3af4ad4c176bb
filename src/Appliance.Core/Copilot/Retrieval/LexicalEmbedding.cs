namespace Appliance.Core.Copilot.Retrieval;

/// <summary>
/// The built-in embedding, used when no embedding model is configured: the <see cref="SearchTerms"/> of a text, their
/// adjacent pairs and the character 3-grams of each word are hashed (FNV-1a, the same in every process) into a fixed
/// number of buckets with a hashed sign, then L2-normalised. Whole words weigh most, so "invoice" matches "invoice" far
/// better than "voice"; the 3-grams let "unpaid" still come near "paid_at" and "ending" near "end_date".
/// </summary>
public static class LexicalEmbedding
{
    public const int DefaultDimensions = 512;

    private const float WordWeight = 1.0f;
    private const float PairWeight = 0.5f;
    // The 3-grams of one word together weigh this much (their norm), whatever the word's length.
    private const float GramShare = 0.6f;
    private const int Probes = 4;

    public static float[] Embed(string text, int dimensions = DefaultDimensions)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 16);
        var vector = new float[dimensions];
        var terms = SearchTerms.Of(text);
        for (var i = 0; i < terms.Count; i++)
        {
            var term = terms[i];
            AddSpread(vector, StableHash.Of('w', term), WordWeight);
            if (i > 0)
            {
                AddSpread(vector, StableHash.Of('p', terms[i - 1], term), PairWeight);
            }

            AddGrams(vector, term);
        }

        Normalize(vector);
        return vector;
    }

    private static void AddGrams(float[] vector, string term)
    {
        // "#term#": the marks make first and last letters count as grams of their own.
        var marked = "#" + term + "#";
        var count = marked.Length - 2;
        if (count < 2)
        {
            return;
        }

        var weight = GramShare / MathF.Sqrt(count);
        for (var i = 0; i < count; i++)
        {
            Add(vector, StableHash.Of('g', marked.AsSpan(i, 3)), weight);
        }
    }

    /// <summary>
    /// A heavy feature goes into <see cref="Probes"/> buckets at a share of its weight each: two texts with the same word
    /// still meet in full, while an unrelated word landing in one of its buckets counts for a fraction only.
    /// </summary>
    private static void AddSpread(float[] vector, ulong hash, float weight)
    {
        var share = weight / MathF.Sqrt(Probes);
        for (var probe = 0; probe < Probes; probe++)
        {
            Add(vector, hash + ((ulong)probe * 0x9E3779B97F4A7C15), share);
        }
    }

    private static void Add(float[] vector, ulong hash, float weight)
    {
        // FNV's low bits are its weakest; a final avalanche (MurmurHash3's fmix64) spreads every input bit over the bucket.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccd;
        hash ^= hash >> 33;
        var bucket = (int)(hash % (ulong)vector.Length);
        vector[bucket] += (hash >> 63) == 0 ? weight : -weight;
    }

    private static void Normalize(float[] vector)
    {
        var sum = 0.0;
        foreach (var value in vector)
        {
            sum += value * value;
        }

        if (sum == 0)
        {
            return;
        }

        var scale = (float)(1 / Math.Sqrt(sum));
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] *= scale;
        }
    }
}

/// <summary>64-bit FNV-1a over UTF-16 code units: stable across processes and runtimes, unlike string.GetHashCode.</summary>
internal static class StableHash
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Of(char kind, ReadOnlySpan<char> text) => Append(Append(Offset, kind), text);

    public static ulong Of(char kind, string first, string second) =>
        Append(Append(Append(Append(Offset, kind), first), '\u0001'), second);

    public static ulong Of(string text) => Append(Offset, text);

    /// <summary>The hash as 16 lower-case hex digits, for ids.</summary>
    public static string Hex(string text) => Of(text).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    private static ulong Append(ulong hash, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            hash = Append(hash, c);
        }

        return hash;
    }

    private static ulong Append(ulong hash, char c)
    {
        hash ^= (byte)c;
        hash *= Prime;
        hash ^= (byte)(c >> 8);
        hash *= Prime;
        return hash;
    }
}
