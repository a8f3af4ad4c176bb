using System.Runtime.CompilerServices;
using System.Text;
using Appliance.Core.Connections;
using Appliance.Core.Copilot;
using Appliance.Core.Copilot.Deterministic;
using Appliance.Core.Copilot.Grammar;
using Appliance.Core.Copilot.Retrieval;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Explain;
using Appliance.Infrastructure.Copilot.Models;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Copilot;

/// <summary>Something that happened while a question was answered, in order; the last event is <see cref="CopilotCompleted"/>.</summary>
public abstract record CopilotEvent;

/// <summary>A step the user should see ("Finding the tables…", "Repairing: …").</summary>
public sealed record CopilotStage(string Text) : CopilotEvent;

/// <summary>A piece of SQL as the model decodes it; <see cref="Round"/> is the repair round it belongs to (0 for the first answer).</summary>
public sealed record CopilotSqlPiece(string Text, int Round) : CopilotEvent;

public sealed record CopilotCompleted(CopilotAnswer Answer, int RepairRounds, string? ModelName) : CopilotEvent;

/// <summary>What a question is asked against.</summary>
public sealed record CopilotAskContext
{
    public required DatabaseSchema Schema { get; init; }
    /// <summary>The connection the schema came from, for the EXPLAIN check; null checks against the schema only.</summary>
    public ConnectionSettings? Settings { get; init; }
    /// <summary>Names the retrieval collection; null for a one-off schema (the command line).</summary>
    public string? IndexKey { get; init; }
    public IReadOnlyList<GlossaryTerm> Glossary { get; init; } = [];
    public IReadOnlyList<QuestionExample> Examples { get; init; } = [];
    public DateOnly Today { get; init; } = DateOnly.FromDateTime(DateTime.UtcNow);

    public SqlDialect Dialect => Schema.Engine.ToSqlDialect();
}

/// <summary>
/// Natural language to a validated SQL preview. With a ready chat model: retrieve the relevant tables, build a prompt
/// within the token budget, decode under the schema grammar, validate (parse, read-only, bind, EXPLAIN), and repair with
/// the error fed back up to <see cref="CopilotOptions.MaxRepairRounds"/> times. Without a model, or when the model's SQL
/// still fails, the deterministic engine answers, with a notice saying so. Nothing here runs the query.
/// </summary>
public sealed class CopilotPipeline(
    ITextGenerator generator,
    CopilotPromptSource prompts,
    SqlAnswerValidator validator,
    IOptions<CopilotOptions> options)
{
    public const int MaxQuestionLength = 2000;

    public async IAsyncEnumerable<CopilotEvent> AskAsync(
        string question, CopilotAskContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        question = (question ?? "").Trim();
        if (question.Length == 0 || question.Length > MaxQuestionLength)
        {
            yield return new CopilotCompleted(new CopilotAnswer
            {
                Question = question.Length > 200 ? question[..200] + "…" : question,
                Source = CopilotSource.Deterministic,
                Problem = question.Length == 0 ? "Ask a question first." : $"The question is longer than {MaxQuestionLength} characters.",
            }, 0, null);
            yield break;
        }

        var notices = new List<string>();
        var state = generator.State;
        if (state.Status == ModelStatus.Ready)
        {
            var settings = options.Value;
            yield return new CopilotStage("Finding the relevant tables…");
            var (prepared, problem) = await PrepareAsync(question, context, null, cancellationToken);
            if (prepared is null)
            {
                notices.Add($"The model could not be asked ({problem}); the built-in rule engine answered instead.");
            }
            else
            {
                notices.AddRange(prepared.Notices);
                var grammar = SqlGrammar.Build(prepared.Prompt.Tables, context.Dialect, new SqlGrammarOptions { MaxLength = settings.MaxAnswerTokens });
                string? lastError = null;
                var lastSql = "";
                for (var round = 0; round <= settings.MaxRepairRounds && prepared is not null; round++)
                {
                    if (round > 0)
                    {
                        yield return new CopilotStage($"Repairing (round {round} of {settings.MaxRepairRounds}): {lastError}");
                        (prepared, problem) = await PrepareAsync(question, context, new PromptRepair(lastSql, lastError ?? ""), cancellationToken);
                        if (prepared is null)
                        {
                            lastError = problem;
                            break;
                        }
                    }
                    else
                    {
                        yield return new CopilotStage($"Writing SQL with {state.Model}…");
                    }

                    var sql = new StringBuilder();
                    var request = new GenerationRequest
                    {
                        System = prepared.Prompt.System,
                        Prompt = prepared.Prompt.User,
                        UseChatTemplate = true,
                        Grammar = grammar,
                        MaxTokens = settings.MaxAnswerTokens,
                    };
                    string? failure = null;
                    await using (var pieces = generator.GenerateAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken))
                    {
                        while (true)
                        {
                            // The model may refuse (busy queue, prompt too long for its context, unloaded): the rule engine answers then.
                            try
                            {
                                if (!await pieces.MoveNextAsync())
                                {
                                    break;
                                }
                            }
                            catch (Exception ex) when (ex is ModelBusyException or ModelUnavailableException or ArgumentException)
                            {
                                failure = ex.Message;
                                break;
                            }

                            sql.Append(pieces.Current);
                            yield return new CopilotSqlPiece(pieces.Current, round);
                        }
                    }

                    if (failure is not null)
                    {
                        lastError = failure;
                        prepared = null;
                        break;
                    }

                    lastSql = sql.ToString().Trim();
                    yield return new CopilotStage("Checking the SQL…");
                    var check = await validator.CheckAsync(lastSql, context.Schema, context.Dialect, context.Settings, cancellationToken);
                    if (check.Valid)
                    {
                        if (check.Note is not null)
                        {
                            notices.Add(check.Note);
                        }

                        if (round > 0)
                        {
                            notices.Add($"The first SQL failed validation; it was repaired in {round} round{(round == 1 ? "" : "s")}.");
                        }

                        yield return new CopilotCompleted(ModelAnswer(question, lastSql, check, context, notices), round, state.Model);
                        yield break;
                    }

                    lastError = check.Error;
                }

                notices.Add(prepared is null
                    ? $"The model could not answer ({lastError}); the built-in rule engine answered instead."
                    : $"The model's SQL still failed validation after {settings.MaxRepairRounds} repair round{(settings.MaxRepairRounds == 1 ? "" : "s")} (last error: {lastError}); the built-in rule engine answered instead.");
            }
        }
        else
        {
            notices.Add(state.Status switch
            {
                ModelStatus.Loading => $"The model {state.Model} is still loading; the built-in rule engine answered.",
                ModelStatus.Failed => $"The chat model is unavailable ({state.Message}); the built-in rule engine answered.",
                _ => "No chat model is configured; the built-in rule engine answered.",
            });
        }

        yield return new CopilotStage("Answering with the built-in rule engine…");
        var answer = DeterministicSqlEngine.Answer(question, new QuestionContext(context.Schema, context.Dialect, context.Today) { Glossary = context.Glossary });
        if (answer.Sql is not null && context.Settings is not null)
        {
            var check = await validator.CheckAsync(answer.Sql, context.Schema, context.Dialect, context.Settings, cancellationToken);
            if (!check.Valid)
            {
                answer = answer with { Sql = null, Problem = "Not understood: the rule engine's SQL was rejected by the database (" + check.Error + ")." };
            }
            else if (check.Note is not null)
            {
                notices.Add(check.Note);
            }
        }

        yield return new CopilotCompleted(answer with { Notices = [.. notices, .. answer.Notices] }, 0, null);
    }

    /// <summary>The prompt, or why there is none (the caller falls back to the rule engine).</summary>
    private async Task<(PreparedPrompt? Prompt, string? Problem)> PrepareAsync(string question, CopilotAskContext context, PromptRepair? repair, CancellationToken cancellationToken)
    {
        try
        {
            return (await prompts.BuildAsync(ChatText(question), context, repair, cancellationToken, generator.CountTokens), null);
        }
        catch (PromptUnavailableException ex)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>
    /// The question as it may appear inside a chat template: the markers chat templates use (&lt;|…|&gt;, [INST], &lt;s&gt;)
    /// are broken up, so a question cannot close the user turn and speak as the system.
    /// </summary>
    internal static string ChatText(string question) => question
        .Replace("<|", "< |", StringComparison.Ordinal)
        .Replace("|>", "| >", StringComparison.Ordinal)
        .Replace("[INST]", "[ INST ]", StringComparison.OrdinalIgnoreCase)
        .Replace("[/INST]", "[ /INST ]", StringComparison.OrdinalIgnoreCase)
        .Replace("<s>", "< s>", StringComparison.OrdinalIgnoreCase)
        .Replace("</s>", "< /s>", StringComparison.OrdinalIgnoreCase);

    private static CopilotAnswer ModelAnswer(string question, string sql, SqlAnswerCheck check, CopilotAskContext context, IReadOnlyList<string> notices) => new()
    {
        Question = question,
        Sql = sql,
        Source = CopilotSource.Model,
        TablesUsed = check.Tables,
        Explanation = SqlExplainer.Explain(check.Statement!, context.Schema, context.Dialect).Summary,
        Notices = notices,
    };
}
