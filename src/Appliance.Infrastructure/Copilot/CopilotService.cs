using System.Diagnostics;
using System.Runtime.CompilerServices;
using Appliance.Core.Copilot;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Metadata;
using Appliance.Infrastructure.Query;
using Appliance.Infrastructure.Schema;
using Microsoft.EntityFrameworkCore;

namespace Appliance.Infrastructure.Copilot;

/// <summary>A question asked on the copilot page.</summary>
public sealed record CopilotAskRequest(Guid WorkspaceId, Guid ConnectionId, AuditActor User, string Question);

/// <summary>The last event of <see cref="CopilotService.AskAsync"/>: the answer, saved in the workspace.</summary>
public sealed record CopilotSaved(CopilotQuestion Question, CopilotAnswer Answer) : CopilotEvent;

/// <summary>
/// The copilot within a workspace: members ask questions of a connection's latest schema; every question, its SQL, the
/// user's edits and verdict are kept per workspace; accepted pairs (thumbs up) become examples for later questions on
/// the same connection. Answers are previews: nothing runs here.
/// </summary>
public sealed class CopilotService(
    MetadataDbContext db,
    QueryService queries,
    SchemaIngestionService ingestion,
    CopilotPipeline pipeline,
    AuditLog audit,
    TimeProvider time)
{
    /// <summary>Accepted pairs offered to retrieval and the prompt, newest first.</summary>
    public const int MaxExamples = 200;

    public const int MaxSqlLength = 100_000;

    /// <summary>
    /// Streams the pipeline's events, then <see cref="CopilotSaved"/>. Throws <see cref="QueryException"/> (NotFound)
    /// for a workspace the user is not in or a connection outside it.
    /// </summary>
    public async IAsyncEnumerable<CopilotEvent> AskAsync(CopilotAskRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (connection, settings) = await queries.SettingsForAsync(request.WorkspaceId, request.ConnectionId, request.User, cancellationToken);
        var snapshot = await ingestion.LatestSnapshotAsync(connection.Id, cancellationToken);
        var started = Stopwatch.StartNew();
        CopilotCompleted? completed = null;
        if (snapshot is null)
        {
            completed = new CopilotCompleted(new CopilotAnswer
            {
                Question = request.Question,
                Source = CopilotSource.Deterministic,
                Problem = "The schema of this connection has not been read yet: read it on the Schema page, then ask again.",
            }, 0, null);
        }
        else
        {
            var schema = await ingestion.LoadAsync(snapshot, cancellationToken);
            var context = new CopilotAskContext
            {
                Schema = schema,
                Settings = settings,
                IndexKey = connection.Id.ToString("N"),
                Examples = await ExamplesAsync(request.WorkspaceId, connection.Id, cancellationToken),
                Today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime),
            };
            await foreach (var step in pipeline.AskAsync(request.Question, context, cancellationToken))
            {
                if (step is CopilotCompleted done)
                {
                    completed = done;
                }
                else
                {
                    yield return step;
                }
            }
        }

        var answer = completed!.Answer;
        var now = time.GetUtcNow().UtcDateTime;
        var entry = new CopilotQuestion
        {
            WorkspaceId = request.WorkspaceId,
            ConnectionId = connection.Id,
            UserId = request.User.UserId!.Value,
            Question = Truncate(answer.Question, CopilotQuestion.MaxQuestionLength),
            GeneratedSql = answer.Sql,
            Sql = answer.Sql,
            Source = answer.Source,
            ModelName = completed.ModelName,
            Problem = answer.Problem is null ? null : Truncate(answer.Problem, 2000),
            TablesUsed = CopilotQuestion.Join(answer.TablesUsed),
            Notices = CopilotQuestion.Join(answer.Notices),
            Understood = CopilotQuestion.Join(answer.Understood),
            RepairRounds = completed.RepairRounds,
            ElapsedMilliseconds = started.ElapsedMilliseconds,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.CopilotQuestions.Add(entry);
        await db.SaveChangesAsync(CancellationToken.None);
        yield return new CopilotSaved(entry, answer);
    }

    /// <summary>A question of the workspace (any member may open it), or null.</summary>
    public Task<CopilotQuestion?> FindAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken = default) =>
        db.CopilotQuestions.AsNoTracking().FirstOrDefaultAsync(q => q.Id == id && q.WorkspaceId == workspaceId, cancellationToken);

    /// <summary>The workspace's latest questions, optionally of one connection.</summary>
    public async Task<IReadOnlyList<CopilotQuestion>> RecentAsync(Guid workspaceId, Guid? connectionId, int count, CancellationToken cancellationToken = default)
    {
        var query = db.CopilotQuestions.AsNoTracking().Where(q => q.WorkspaceId == workspaceId);
        if (connectionId is { } id)
        {
            query = query.Where(q => q.ConnectionId == id);
        }

        var rows = await query.OrderByDescending(q => q.CreatedAt).Take(Math.Clamp(count, 1, 500)).ToListAsync(cancellationToken);
        return rows;
    }

    /// <summary>Keeps the user's edit of the SQL; only the one who asked may edit. Returns the updated question.</summary>
    public async Task<CopilotQuestion> EditAsync(Guid workspaceId, Guid id, AuditActor user, string sql, CancellationToken cancellationToken = default)
    {
        if (sql.Length > MaxSqlLength)
        {
            throw new QueryException(QueryErrorKind.Invalid, $"The SQL is longer than {MaxSqlLength:N0} characters.");
        }

        var entry = await OwnAsync(workspaceId, id, user, cancellationToken);
        entry.Sql = sql;
        entry.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    /// <summary>
    /// Thumbs up or down (or back to none). Up accepts the question with its current SQL as an example for later
    /// questions on the connection; it is audited, since it shapes what others are offered.
    /// </summary>
    public async Task<CopilotQuestion> SetFeedbackAsync(Guid workspaceId, Guid id, AuditActor user, CopilotFeedback feedback, CancellationToken cancellationToken = default)
    {
        var entry = await OwnAsync(workspaceId, id, user, cancellationToken);
        if (feedback == CopilotFeedback.Up && string.IsNullOrWhiteSpace(entry.Sql))
        {
            throw new QueryException(QueryErrorKind.Invalid, "There is no SQL to accept.");
        }

        entry.Feedback = feedback;
        entry.UpdatedAt = time.GetUtcNow().UtcDateTime;
        if (feedback == CopilotFeedback.Up)
        {
            audit.Record(user with { WorkspaceId = workspaceId }, "copilot.accept", entry.Question, entry.Sql, workspaceId);
        }

        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    /// <summary>The accepted pairs of a connection, newest first.</summary>
    public async Task<IReadOnlyList<QuestionExample>> ExamplesAsync(Guid workspaceId, Guid connectionId, CancellationToken cancellationToken = default)
    {
        var rows = await db.CopilotQuestions.AsNoTracking()
            .Where(q => q.WorkspaceId == workspaceId && q.ConnectionId == connectionId && q.Feedback == CopilotFeedback.Up && q.Sql != null)
            .OrderByDescending(q => q.UpdatedAt)
            .Take(MaxExamples)
            .Select(q => new { q.Question, q.Sql })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new QuestionExample(r.Question, r.Sql!)).ToList();
    }

    private async Task<CopilotQuestion> OwnAsync(Guid workspaceId, Guid id, AuditActor user, CancellationToken cancellationToken)
    {
        var entry = await db.CopilotQuestions.FirstOrDefaultAsync(q => q.Id == id && q.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new QueryException(QueryErrorKind.NotFound, "That question does not exist in this workspace.");
        if (entry.UserId != user.UserId)
        {
            throw new QueryException(QueryErrorKind.Forbidden, "Only the user who asked the question can edit it or give it a verdict.");
        }

        return entry;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
