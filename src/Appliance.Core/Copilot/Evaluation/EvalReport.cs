using System.Globalization;
using System.Text;

namespace Appliance.Core.Copilot.Evaluation;

/// <summary>How one question went.</summary>
/// <param name="PredictedSql">What the engine proposed; null when it did not understand the question.</param>
/// <param name="Valid">The predicted SQL parsed as one statement, bound to the schema without problems and is read-only.</param>
/// <param name="Correct">
/// For an answerable question: the predicted SQL returned the same rows as the gold SQL. For a question the gold
/// marks as one to refuse: the engine refused it.
/// </param>
/// <param name="Error">Why it is not correct: the engine's problem, a validation failure, a database error, or the first difference in the rows.</param>
public sealed record EvalResult(string Id, string Question, string? PredictedSql, bool Valid, bool Correct, string? Error)
{
    /// <summary>The gold says the right answer is a refusal.</summary>
    public bool ExpectsRefusal { get; init; }

    /// <summary>The engine gave no SQL ("not understood").</summary>
    public bool NotUnderstood => PredictedSql is null;

    /// <summary>How long the engine took to answer (not the queries).</summary>
    public TimeSpan AnswerTime { get; init; }
}

/// <summary>The outcome of a question set: per question and in total.</summary>
public sealed record EvalReport(string SetName, IReadOnlyList<EvalResult> Results)
{
    public int Total => Results.Count;

    /// <summary>Questions with gold SQL.</summary>
    public int Answerable => Results.Count(r => !r.ExpectsRefusal);

    /// <summary>Answerable questions whose predicted SQL returned the gold rows.</summary>
    public int CorrectAnswers => Results.Count(r => !r.ExpectsRefusal && r.Correct);

    /// <summary>Correct answers over answerable questions (0 when there are none).</summary>
    public double ExecutionAccuracy => Answerable == 0 ? 0 : (double)CorrectAnswers / Answerable;

    /// <summary>Answers that came with SQL.</summary>
    public int WithSql => Results.Count(r => r.PredictedSql is not null);

    /// <summary>Valid SQL (parsed, bound, read-only) over answers that came with SQL (1 when none did).</summary>
    public double ValidSqlShare => WithSql == 0 ? 1 : (double)Results.Count(r => r.PredictedSql is not null && r.Valid) / WithSql;

    /// <summary>Questions the engine did not understand (answerable or not).</summary>
    public int NotUnderstoodCount => Results.Count(r => r.NotUnderstood);

    /// <summary>Questions the gold marks as ones to refuse.</summary>
    public int ExpectedRefusals => Results.Count(r => r.ExpectsRefusal);

    /// <summary>Of those, the ones the engine did refuse.</summary>
    public int CorrectRefusals => Results.Count(r => r.ExpectsRefusal && r.NotUnderstood);

    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{SetName}: execution accuracy {ExecutionAccuracy:P1} ({CorrectAnswers}/{Answerable}), valid SQL {ValidSqlShare:P1}, " +
        $"not understood {NotUnderstoodCount}, refused {CorrectRefusals}/{ExpectedRefusals} of the questions to refuse");

    /// <summary>The summary and one line per question that is not correct.</summary>
    public string ToText()
    {
        var text = new StringBuilder(Summary).Append('\n');
        foreach (var result in Results.Where(r => !r.Correct))
        {
            text.Append(CultureInfo.InvariantCulture, $"- {result.Id} \"{result.Question}\": {result.Error}\n");
        }

        return text.ToString();
    }
}
