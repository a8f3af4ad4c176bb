namespace Appliance.Core.Copilot.Retrieval;

/// <summary>What a retrieval document describes.</summary>
public enum RetrievalKind
{
    Table,
    Column,
    Glossary,
    Doc,
    Example,
}

/// <summary>
/// One text that is embedded and kept in the vector index. <see cref="Table"/> is the qualified name of the table it
/// belongs to (null for a glossary term or doc about no table); <see cref="Sql"/> is set for examples.
/// </summary>
public sealed record RetrievalDocument(string Id, RetrievalKind Kind, string Text, string? Table)
{
    public string? Sql { get; init; }

    /// <summary>The column a column document (or a glossary term naming a column) is about.</summary>
    public string? Column { get; init; }
}

/// <summary>A table and how well it matches a question (higher is better).</summary>
public sealed record ScoredTable(string Table, double Score)
{
    /// <summary>Set when the table was added as a foreign-key neighbour of this (qualified) table, not found by itself.</summary>
    public string? ReachedFrom { get; init; }
}

/// <summary>
/// A document the vector search returned, as the ranker needs it: its kind, the table it belongs to, its similarity
/// and, for an example, its SQL (the tables an example uses count for the question).
/// </summary>
public sealed record RetrievalHit(RetrievalKind Kind, string? Table, double Score)
{
    public string? Sql { get; init; }

    /// <summary>The column of a column document: a foreign-key column's match counts for the table it references too.</summary>
    public string? Column { get; init; }
}

/// <summary>Counts tokens the way the prompt budget needs (Microsoft.ML.Tokenizers in Infrastructure).</summary>
public interface ITokenCounter
{
    int CountTokens(string text);
}
