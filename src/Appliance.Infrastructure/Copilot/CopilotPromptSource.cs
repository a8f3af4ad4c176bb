using Appliance.Core.Schema;

namespace Appliance.Infrastructure.Copilot;

/// <summary>A failed answer fed back to the model: its SQL and why it failed.</summary>
public sealed record RepairRequest(string PreviousSql, string Error);

/// <summary>A prompt within the token budget and the tables it holds (the grammar is built from them).</summary>
public sealed record CopilotPrompt(string Text, IReadOnlyList<Table> Tables, int Tokens, IReadOnlyList<string> Notices)
{
    /// <summary>The SQL the model wrote from this prompt, kept for a repair round.</summary>
    public string? LastSql { get; init; }
}

/// <summary>Builds the model's prompt: retrieval over the schema's vector index, then the budgeted prompt text.</summary>
public sealed class CopilotPromptSource
{
    public Task<CopilotPrompt> BuildAsync(string question, CopilotAskContext context, RepairRequest? repair, CancellationToken cancellationToken)
    {
        throw new NotImplementedException();
    }
}
