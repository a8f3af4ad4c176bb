using System.Collections.Concurrent;

namespace Appliance.Web.Copilot;

/// <summary>A question posted on the copilot page, waiting for its event stream to be opened.</summary>
public sealed record PendingAsk(Guid UserId, Guid WorkspaceId, Guid ConnectionId, string Question, DateTimeOffset PostedAt);

/// <summary>
/// Hands a posted question to the event stream that answers it. EventSource can only GET, and a question in the URL
/// would land in access logs; so the POST (antiforgery-checked) parks it here under a random id, and the stream takes
/// it once, for the same user, within <see cref="Lifetime"/>.
/// </summary>
public sealed class CopilotAskRegistry(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<Guid, PendingAsk> pending = new();

    public Guid Park(Guid userId, Guid workspaceId, Guid connectionId, string question)
    {
        Prune();
        var id = Guid.NewGuid();
        pending[id] = new PendingAsk(userId, workspaceId, connectionId, question, time.GetUtcNow());
        return id;
    }

    /// <summary>The parked question, removed; null when unknown, expired, or another user's.</summary>
    public PendingAsk? Take(Guid id, Guid userId)
    {
        if (!pending.TryGetValue(id, out var ask) || ask.UserId != userId || !pending.TryRemove(id, out _))
        {
            return null;
        }

        return time.GetUtcNow() - ask.PostedAt > Lifetime ? null : ask;
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (id, ask) in pending)
        {
            if (now - ask.PostedAt > Lifetime)
            {
                pending.TryRemove(id, out _);
            }
        }
    }
}
