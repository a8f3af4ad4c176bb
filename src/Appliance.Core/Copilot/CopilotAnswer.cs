namespace Appliance.Core.Copilot;

/// <summary>Which engine wrote an answer's SQL.</summary>
public enum CopilotSource
{
    /// <summary>The built-in rule engine (no model, or the model's output failed validation).</summary>
    Deterministic,

    /// <summary>The local GGUF model, grammar-constrained and validated.</summary>
    Model,
}

/// <summary>A glossary term: a word users say and the table or column it means.</summary>
/// <param name="Term">The word or phrase ("client", "revenue").</param>
/// <param name="Table">Qualified or bare table name the term stands for, when it names a table.</param>
/// <param name="Column">Column name (within <paramref name="Table"/>) the term stands for, when it names a column.</param>
/// <param name="Definition">Free text, embedded for retrieval.</param>
public sealed record GlossaryTerm(string Term, string? Table = null, string? Column = null, string? Definition = null);

/// <summary>An accepted question and its SQL, used as a retrieval example and a few-shot prompt example.</summary>
public sealed record QuestionExample(string Question, string Sql);

/// <summary>
/// What the copilot proposes for a question: a preview. Nothing has run. <see cref="Sql"/> is null when the question was
/// not understood; <see cref="Problem"/> then says so and <see cref="Understood"/> lists what was understood.
/// </summary>
public sealed record CopilotAnswer
{
    public required string Question { get; init; }
    public string? Sql { get; init; }
    public required CopilotSource Source { get; init; }
    /// <summary>Qualified names of the tables the SQL reads.</summary>
    public IReadOnlyList<string> TablesUsed { get; init; } = [];
    /// <summary>Plain-English explanation of the SQL.</summary>
    public string? Explanation { get; init; }
    /// <summary>Why there is no SQL ("not understood: …"), for the user.</summary>
    public string? Problem { get; init; }
    /// <summary>The parts of the question the engine did understand ("table: orders", "filter: status = 'shipped'").</summary>
    public IReadOnlyList<string> Understood { get; init; } = [];
    /// <summary>Things the user should know (fallback used, repair rounds, tables left out of the prompt).</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    public bool IsUnderstood => Sql is not null;
}
