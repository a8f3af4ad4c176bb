using Appliance.Core.Copilot.Retrieval;
using Appliance.Core.Schema;
using Appliance.Infrastructure.Copilot.Retrieval;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Copilot;

/// <summary>A prompt within the token budget, and what the user should know about it (tables left out or cut).</summary>
public sealed record PreparedPrompt(CopilotPrompt Prompt, IReadOnlyList<string> Notices);

/// <summary>Thrown when no prompt can be built (index unavailable, budget too small); the rule engine answers instead.</summary>
public sealed class PromptUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Builds the model's prompt: the schema's documents, glossary and accepted examples are kept indexed (once per schema
/// version), the question retrieves the relevant tables and their foreign-key neighbourhood, and <see cref="PromptBuilder"/>
/// fits the best of them into <see cref="CopilotOptions.PromptBudgetTokens"/>.
/// </summary>
public sealed class CopilotPromptSource(SchemaRetriever retriever, ITokenCounter tokens, IOptions<CopilotOptions> options)
{
    /// <summary>Ranked tables asked of retrieval; the budget decides how many are shown.</summary>
    public const int RetrievedTables = 40;

    /// <summary>A source for one command run: the lexical embedding and an embedded index in <paramref name="vectorDirectory"/>.</summary>
    public static CopilotPromptSource Create(CopilotOptions settings, string vectorDirectory) => new(
        new SchemaRetriever(new EmbeddedVectorIndex(vectorDirectory), new LexicalEmbedder(), NullLogger<SchemaRetriever>.Instance),
        new TiktokenTokenCounter(),
        Options.Create(settings));

    /// <summary>
    /// The prompt for a question. The budget is counted with Microsoft.ML.Tokenizers (cl100k); when
    /// <paramref name="modelTokens"/> is given (the loaded model's own tokenizer), the prompt is also measured with it and
    /// rebuilt with a proportionally smaller budget until it leaves room for the answer in the model's context.
    /// </summary>
    public async Task<PreparedPrompt> BuildAsync(
        string question, CopilotAskContext context, PromptRepair? repair, CancellationToken cancellationToken, Func<string, int?>? modelTokens = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = options.Value;
        var key = context.IndexKey ?? "adhoc";
        var budget = settings.PromptBudgetTokens;
        CopilotPrompt prompt;
        try
        {
            await retriever.EnsureIndexedAsync(key, context.Schema, context.Glossary, context.Examples, cancellationToken);
            var retrieved = await retriever.RetrieveContextAsync(key, question, RetrievedTables, cancellationToken);
            var request = new PromptRequest
            {
                Question = question,
                Schema = context.Schema,
                Tables = retrieved.Tables,
                BudgetTokens = budget,
                Dialect = context.Dialect,
                Examples = retrieved.Examples,
                Today = context.Today,
                Repair = repair,
            };
            var builder = new PromptBuilder(tokens);
            prompt = builder.Build(request);
            // Tokenizers differ (a small vocabulary makes several times more tokens): fit the model's context for real.
            var room = settings.ContextSize - settings.MaxAnswerTokens - (2 * CopilotPrompt.MessageOverheadTokens);
            for (var attempt = 0; attempt < 4 && modelTokens?.Invoke(prompt.System + "\n" + prompt.User) is { } exact && exact > room; attempt++)
            {
                budget = Math.Max(1, (int)(budget * (double)room / exact * 0.9));
                prompt = builder.Build(request with { BudgetTokens = budget });
            }
        }
        catch (Exception ex) when (ex is VectorIndexException or PromptTooLargeException or Models.ModelUnavailableException)
        {
            throw new PromptUnavailableException(ex.Message, ex);
        }

        var notices = new List<string>();
        if (prompt.LeftOut.Count > 0)
        {
            notices.Add($"{prompt.LeftOut.Count} related table{(prompt.LeftOut.Count == 1 ? "" : "s")} did not fit the prompt budget of {budget:N0} tokens and {(prompt.LeftOut.Count == 1 ? "was" : "were")} left out: {Names(prompt.LeftOut)}.");
        }

        if (prompt.Truncated.Count > 0)
        {
            notices.Add($"Only some columns of {Names(prompt.Truncated)} fit the prompt budget.");
        }

        return new PreparedPrompt(prompt, notices);
    }

    private static string Names(IReadOnlyList<string> tables) =>
        string.Join(", ", tables.Take(5)) + (tables.Count > 5 ? $" and {tables.Count - 5} more" : "");
}
