using Appliance.Core.Copilot;

namespace Appliance.Infrastructure.Copilot;

/// <summary>A user's verdict on an answer. <see cref="Up"/> makes the question and its SQL a retrieval example.</summary>
public enum CopilotFeedback
{
    None,
    Up,
    Down,
}

/// <summary>
/// One question asked of the copilot in a workspace, with the SQL it proposed, the SQL as the user edited it, and the
/// user's verdict. Accepted pairs (<see cref="CopilotFeedback.Up"/>) are fed back as retrieval and prompt examples.
/// </summary>
public sealed class CopilotQuestion
{
    public const int MaxQuestionLength = 2000;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    /// <summary>Null once the connection has been deleted.</summary>
    public Guid? ConnectionId { get; set; }
    public Guid UserId { get; set; }
    public required string Question { get; set; }
    /// <summary>The SQL the copilot proposed; null when it did not understand.</summary>
    public string? GeneratedSql { get; set; }
    /// <summary>The SQL as it stands now (the user's edit, or the proposal).</summary>
    public string? Sql { get; set; }
    public CopilotSource Source { get; set; }
    /// <summary>The chat model's name when <see cref="Source"/> is Model.</summary>
    public string? ModelName { get; set; }
    /// <summary>"Not understood: …" when there is no SQL.</summary>
    public string? Problem { get; set; }
    /// <summary>Qualified table names, newline-separated.</summary>
    public string? TablesUsed { get; set; }
    /// <summary>What the user should know about the answer (engine used, repairs, fallback), newline-separated.</summary>
    public string? Notices { get; set; }
    /// <summary>When not understood: the parts of the question the engine did understand, newline-separated.</summary>
    public string? Understood { get; set; }
    public int RepairRounds { get; set; }
    public long ElapsedMilliseconds { get; set; }
    public CopilotFeedback Feedback { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;

    public bool IsEdited => Sql is not null && GeneratedSql is not null && !string.Equals(Sql, GeneratedSql, StringComparison.Ordinal);

    public IReadOnlyList<string> Tables => Lines(TablesUsed);

    public IReadOnlyList<string> NoticeList => Lines(Notices);

    public IReadOnlyList<string> UnderstoodList => Lines(Understood);

    /// <summary>The stored form of a list: newline-separated, null when empty.</summary>
    public static string? Join(IReadOnlyList<string> items) => items.Count == 0 ? null : string.Join('\n', items.Select(i => i.ReplaceLineEndings(" ")));

    private static string[] Lines(string? text) => text is null ? [] : text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
