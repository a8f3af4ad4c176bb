using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Binding;
using Appliance.Core.Sql.Explain;

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
/// <remarks>
/// Conventions of the SQL it writes (the evaluation question sets follow them too): a listing returns every column of
/// the table asked about unless columns are named; a group "per customer" returns the table's key and name columns
/// (or the foreign key when the table has no name column) and then the aggregate; a group per month or year returns
/// the period as text (2025-03, 2025) in chronological order; date phrases become half-open ranges of literal dates
/// computed from <see cref="QuestionContext.Today"/>; a condition on a table behind a one-to-many step is a semi-join.
/// </remarks>
public static class DeterministicSqlEngine
{
    /// <summary>Longer questions are not read (the rule engine answers short, direct questions).</summary>
    public const int MaxQuestionLength = 500;

    public static CopilotAnswer Answer(string question, QuestionContext context)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(question))
        {
            return NotUnderstood(question, "the question is empty", []);
        }

        if (question.Length > MaxQuestionLength)
        {
            return NotUnderstood(question, $"the question is longer than {MaxQuestionLength} characters; ask one short question at a time", []);
        }

        var read = QuestionReader.Read(question, context);
        if (read.Plan is null)
        {
            return NotUnderstood(question, read.Problem ?? "no query shape matched", read.Understood);
        }

        var writer = new QuerySqlWriter(SchemaLexicon.For(context.Schema), context.Dialect, read.Prefer);
        var (sql, problem) = writer.Write(read.Plan);
        var understood = read.Understood.Concat(writer.JoinNotes).Distinct(StringComparer.Ordinal).ToList();
        if (sql is null)
        {
            return NotUnderstood(question, problem ?? "no query could be written", understood);
        }

        // The engine's own output is checked like anyone else's: parsed, bound to the schema, read-only.
        var check = ProposedSql.Check(sql, context.Schema, context.Dialect);
        switch (check.Problem)
        {
            case ProposedSqlProblem.DoesNotParse or ProposedSqlProblem.NotOneStatement:
                return NotUnderstood(question, $"the SQL written for it does not parse ({check.Parsed.Error})", understood);
            case ProposedSqlProblem.DoesNotBind:
                return NotUnderstood(question, "the SQL written for it does not match the schema (" + check.Detail + ")", understood);
            case ProposedSqlProblem.NotReadOnly:
                return NotUnderstood(question, "the SQL written for it is not read-only (" + check.Detail + ")", understood);
        }

        var statement = check.Statement!;
        var bound = check.Bound!;
        return new CopilotAnswer
        {
            Question = question,
            Sql = sql,
            Source = CopilotSource.Deterministic,
            TablesUsed = bound.Tables.Select(t => t.QualifiedName).Distinct(StringComparer.Ordinal).ToList(),
            Explanation = SqlExplainer.Explain(statement, context.Schema, context.Dialect).ToText(),
            Understood = understood,
        };
    }

    private static CopilotAnswer NotUnderstood(string question, string problem, IReadOnlyList<string> understood) => new()
    {
        Question = question,
        Source = CopilotSource.Deterministic,
        Problem = "Not understood: " + problem + ".",
        Understood = understood,
    };
}
