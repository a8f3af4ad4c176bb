using Appliance.Core.Copilot.Evaluation;

namespace Appliance.Core.Tests.Copilot;

public sealed class EvalReportTests
{
    [Fact]
    public void Totals_separate_answerable_questions_from_those_to_refuse()
    {
        var report = new EvalReport("demo",
        [
            new EvalResult("1", "q1", "SELECT 1", Valid: true, Correct: true, Error: null),
            new EvalResult("2", "q2", "SELECT 2", Valid: true, Correct: false, Error: "1 row instead of 2"),
            new EvalResult("3", "q3", "DELETE FROM t", Valid: false, Correct: false, Error: "not read-only"),
            new EvalResult("4", "q4", null, Valid: false, Correct: false, Error: "Not understood: …"),
            new EvalResult("5", "q5", null, Valid: false, Correct: true, Error: null) { ExpectsRefusal = true },
            new EvalResult("6", "q6", "SELECT 6", Valid: true, Correct: false, Error: "answered a question that should be refused") { ExpectsRefusal = true },
        ]);

        Assert.Equal(4, report.Answerable);
        Assert.Equal(1, report.CorrectAnswers);
        Assert.Equal(0.25, report.ExecutionAccuracy);
        Assert.Equal(0.75, report.ValidSqlShare);
        Assert.Equal(2, report.NotUnderstoodCount);
        Assert.Equal(2, report.ExpectedRefusals);
        Assert.Equal(1, report.CorrectRefusals);
        Assert.Equal("demo: execution accuracy 25.0 % (1/4), valid SQL 75.0 %, not understood 2, refused 1/2 of the questions to refuse", report.Summary);
        Assert.Contains("- 2 \"q2\": 1 row instead of 2", report.ToText(), StringComparison.Ordinal);
        Assert.DoesNotContain("- 1 ", report.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_report_has_zero_accuracy_and_no_invalid_sql()
    {
        var report = new EvalReport("none", []);

        Assert.Equal(0, report.ExecutionAccuracy);
        Assert.Equal(1, report.ValidSqlShare);
    }
}
