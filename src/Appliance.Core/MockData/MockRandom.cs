namespace Appliance.Core.MockData;

/// <summary>
/// A small, fast, seedable random source (SplitMix64). Every row of every table gets its own stream derived from
/// (seed, table, row, column), so any row can be recomputed on its own: previews are instant, parents never have to be
/// kept in memory to be referenced, and changing one column's settings does not shift the values of the others.
/// </summary>
public struct MockRandom
{
    private ulong state;

    public MockRandom(ulong seed) => state = seed;

    /// <summary>The stream of one cell: independent of every other (table, row, column) triple.</summary>
    public static MockRandom For(ulong seed, int table, long row, int column) =>
        new(Mix(Mix(Mix(seed ^ 0x9E3779B97F4A7C15UL) + (ulong)table) + (ulong)row * 0xD1B54A32D192ED03UL + (ulong)column));

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    /// <summary>Uniform in [0, exclusiveMax); 0 when the range is empty.</summary>
    public long NextInt64(long exclusiveMax) =>
        exclusiveMax <= 1 ? 0 : (long)(((UInt128)NextUInt64() * (ulong)exclusiveMax) >> 64);

    /// <summary>Uniform in [min, max] inclusive.</summary>
    public long NextInt64(long min, long max)
    {
        if (max <= min)
        {
            return min;
        }

        var span = (ulong)(max - min);
        return span == ulong.MaxValue ? (long)NextUInt64() : min + (long)(((UInt128)NextUInt64() * (span + 1)) >> 64);
    }

    public int NextInt32(int exclusiveMax) => (int)NextInt64(exclusiveMax);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => probability > 0 && NextDouble() < probability;
}
