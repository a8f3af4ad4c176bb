using Appliance.Core.Schema;
using Appliance.Core.Sql;

namespace Appliance.Core.Copilot.Deterministic;

/// <summary>What the rule engine is given besides the question.</summary>
/// <param name="Today">The date "last month", "this year"… are relative to (the caller's clock; the engine reads none).</param>
public sealed record QuestionContext(DatabaseSchema Schema, SqlDialect Dialect, DateOnly Today)
{
    public IReadOnlyList<GlossaryTerm> Glossary { get; init; } = [];
}

/// <summary>
/// Natural language to SQL without a model: the common question shapes (count, list with filters, aggregates per group,
/// top-N, date ranges, "for each", joins along foreign-key paths) over any schema. It never guesses: a question it does
/// not understand gets <see cref="CopilotAnswer.Problem"/> and what it did understand.
/// </summary>
public static class DeterministicSqlEngine
{
    public static CopilotAnswer Answer(string question, QuestionContext context)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(context);
        return new CopilotAnswer { Question = question, Source = CopilotSource.Deterministic, Problem = "Not understood: the rule engine is not built yet." };
    }
}
