namespace Appliance.Core.Copilot.Grammar;

/// <summary>
/// Bounds of the SQL grammar. <see cref="MaxLength"/> is the hard one: no query the grammar admits is longer (in UTF-8
/// bytes), and since every token decodes to at least one byte, generation with that many tokens always completes.
/// The other bounds are upper limits that each FROM clause lowers as far as needed to fit <see cref="MaxLength"/>.
/// </summary>
public sealed record SqlGrammarOptions
{
    public static SqlGrammarOptions Default { get; } = new();

    /// <summary>Longest query in UTF-8 bytes; set it to the generation's token limit.</summary>
    public int MaxLength { get; init; } = 384;

    /// <summary>JOINs in one query (along foreign keys).</summary>
    public int MaxJoins { get; init; } = 3;

    /// <summary>
    /// FROM clauses offered (each table alone first, then joins, breadth first). Each is its own branch of the grammar,
    /// so this bounds the grammar's size and the decoder's work per token.
    /// </summary>
    public int MaxFromClauses { get; init; } = 96;

    public int MaxSelectItems { get; init; } = 4;

    /// <summary>Predicates in WHERE, joined by AND / OR.</summary>
    public int MaxConditions { get; init; } = 3;

    /// <summary>Values in one IN (…) list.</summary>
    public int MaxInValues { get; init; } = 4;

    public int MaxGroupBy { get; init; } = 2;

    public int MaxOrderBy { get; init; } = 2;

    /// <summary>Characters between the quotes of a string literal.</summary>
    public int MaxLiteralLength { get; init; } = 24;

    internal void Validate()
    {
        Check(MaxLength, 32, 1_000_000, nameof(MaxLength));
        Check(MaxJoins, 0, 8, nameof(MaxJoins));
        Check(MaxFromClauses, 1, 10_000, nameof(MaxFromClauses));
        Check(MaxSelectItems, 1, 64, nameof(MaxSelectItems));
        Check(MaxConditions, 0, 64, nameof(MaxConditions));
        Check(MaxInValues, 1, 64, nameof(MaxInValues));
        Check(MaxGroupBy, 0, 64, nameof(MaxGroupBy));
        Check(MaxOrderBy, 0, 64, nameof(MaxOrderBy));
        Check(MaxLiteralLength, 1, 1000, nameof(MaxLiteralLength));
    }

    private static void Check(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {min} to {max}.");
        }
    }
}

/// <summary>A built grammar: the GBNF text (root rule "root"), its longest query in bytes, and how many FROM clauses it offers.</summary>
public sealed record SqlGrammarDefinition(string Text, int MaxLength, int FromClauses)
{
    public const string RootRule = "root";
}
