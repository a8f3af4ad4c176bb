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
}

/// <summary>A table and how well it matches a question (higher is better).</summary>
public sealed record ScoredTable(string Table, double Score);

/// <summary>Counts tokens the way the prompt budget needs (Microsoft.ML.Tokenizers in Infrastructure).</summary>
public interface ITokenCounter
{
    int CountTokens(string text);
}
