namespace Appliance.Core.Copilot.Evaluation;

/// <summary>One question of an evaluation set: the question, the database it is asked of, and the gold SQL.</summary>
/// <param name="Database">The question set's name for the database ("demo", "postgres-fixture"…).</param>
public sealed record EvalQuestion(string Id, string Question, string Database, string GoldSql);
