namespace Appliance.Core.Copilot.Evaluation;

/// <summary>One question of an evaluation set: the question, the database it is asked of, and the gold SQL.</summary>
/// <param name="Database">The question set's name for the database ("demo", "postgres-fixture"…).</param>
/// <param name="GoldSql">The correct SQL, written by hand; null when the right answer is to refuse (ambiguous or unanswerable).</param>
public sealed record EvalQuestion(string Id, string Question, string Database, string? GoldSql)
{
    /// <summary>
    /// Whether rows must come back in the gold order. Null: they must when the gold SQL's outer query has ORDER BY
    /// (<see cref="ResultSetComparer.IsOrdered"/>).
    /// </summary>
    public bool? OrderMatters { get; init; }

    /// <summary>The question is ambiguous or cannot be answered by a query: the expected answer is "not understood".</summary>
    public bool ExpectsRefusal => GoldSql is null;
}
