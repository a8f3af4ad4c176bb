using System.Diagnostics;
using Appliance.Core.Connections;
using Appliance.Core.Copilot;
using Appliance.Core.Copilot.Evaluation;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Binding;
using Appliance.Infrastructure.Query;

namespace Appliance.Infrastructure.Copilot.Evaluation;

/// <summary>
/// Runs a question set against a real database: every question is answered by the engine under test, its SQL is checked
/// (parses, binds to the schema, read-only), then both the gold and the predicted SQL run read-only through
/// <see cref="QueryRunner.ReadAsync"/> and their rows are compared with <see cref="ResultSetComparer"/>.
/// </summary>
public sealed class CopilotEvaluator(QueryRunner runner)
{
    /// <param name="answer">The engine under test: question in, proposal out (the rule engine, the model pipeline…).</param>
    /// <param name="progress">Receives the number of questions done after each one.</param>
    public async Task<EvalReport> EvaluateAsync(
        string setName,
        IReadOnlyList<EvalQuestion> questions,
        ConnectionSettings settings,
        DatabaseSchema schema,
        Func<string, CancellationToken, Task<CopilotAnswer>> answer,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(answer);
        var dialect = settings.Engine.ToSqlDialect();
        var results = new List<EvalResult>(questions.Count);
        foreach (var question in questions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await EvaluateOneAsync(question, settings, schema, dialect, answer, cancellationToken).ConfigureAwait(false));
            progress?.Report(results.Count);
        }

        return new EvalReport(setName, results);
    }

    private async Task<EvalResult> EvaluateOneAsync(
        EvalQuestion question, ConnectionSettings settings, DatabaseSchema schema, SqlDialect dialect,
        Func<string, CancellationToken, Task<CopilotAnswer>> answer, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        CopilotAnswer proposal;
        try
        {
            proposal = await answer(question.Question, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Result(question, null, false, false, "the engine failed: " + ex.Message, stopwatch.Elapsed);
        }

        var elapsed = stopwatch.Elapsed;
        var sql = proposal.Sql;
        if (sql is null)
        {
            return question.ExpectsRefusal
                ? Result(question, null, false, true, null, elapsed)
                : Result(question, null, false, false, proposal.Problem ?? "not understood", elapsed);
        }

        var invalid = Validate(sql, schema, dialect);
        if (question.ExpectsRefusal)
        {
            return Result(question, sql, invalid is null, false, "answered a question that should be refused", elapsed);
        }

        if (invalid is not null)
        {
            return Result(question, sql, false, false, invalid, elapsed);
        }

        QueryResult gold;
        try
        {
            gold = await runner.ReadAsync(settings, question.GoldSql!, cancellationToken).ConfigureAwait(false);
        }
        catch (QueryException ex)
        {
            return Result(question, sql, true, false, "the gold SQL failed: " + ex.Message, elapsed);
        }

        QueryResult predicted;
        try
        {
            predicted = await runner.ReadAsync(settings, sql, cancellationToken).ConfigureAwait(false);
        }
        catch (QueryException ex)
        {
            return Result(question, sql, true, false, "the predicted SQL failed: " + ex.Message, elapsed);
        }

        var ordered = question.OrderMatters ?? ResultSetComparer.IsOrdered(question.GoldSql!, dialect);
        var comparison = ResultSetComparer.Compare(gold.Rows, gold.Columns.Count, predicted.Rows, predicted.Columns.Count, ordered);
        return Result(question, sql, true, comparison.Equal, comparison.Difference, elapsed);
    }

    /// <summary>Null when the SQL is one statement that binds to the schema and is read-only; otherwise why not.</summary>
    private static string? Validate(string sql, DatabaseSchema schema, SqlDialect dialect)
    {
        var check = ProposedSql.Check(sql, schema, dialect);
        return check.Problem switch
        {
            ProposedSqlProblem.None => null,
            ProposedSqlProblem.DoesNotParse => $"the predicted SQL does not parse: {check.Detail}",
            ProposedSqlProblem.NotOneStatement => $"the predicted SQL holds {check.Detail} statements",
            ProposedSqlProblem.DoesNotBind => "the predicted SQL does not bind: " + check.Detail,
            _ => "the predicted SQL is not read-only: " + check.Detail,
        };
    }

    private static EvalResult Result(EvalQuestion question, string? sql, bool valid, bool correct, string? error, TimeSpan elapsed) =>
        new(question.Id, question.Question, sql, valid, correct, error) { ExpectsRefusal = question.ExpectsRefusal, AnswerTime = elapsed };
}
