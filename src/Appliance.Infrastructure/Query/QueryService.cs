using Appliance.Core.Connections;
using System.Diagnostics;
using System.Globalization;
using Appliance.Core.Access;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Query;

/// <summary>A run asked for by a user on the query page.</summary>
public sealed record QueryRequest
{
    public required Guid WorkspaceId { get; init; }
    public required Guid ConnectionId { get; init; }
    /// <summary>The acting user; <see cref="AuditActor.UserId"/> is required.</summary>
    public required AuditActor User { get; init; }
    public required string Sql { get; init; }
    public QueryMode Mode { get; init; } = QueryMode.Read;
    /// <summary>An id chosen by the page so that a second request can cancel the run (<see cref="QueryService.Cancel"/>); a new one when null.</summary>
    public Guid? RunId { get; init; }
}

/// <summary>What a run produced: <see cref="Result"/> in read mode, <see cref="Write"/> in write mode.</summary>
public sealed record QueryOutcome(QueryMode Mode, QueryResult? Result, WriteResult? Write, long HistoryId);

/// <summary>What write mode would run on a connection, for the confirmation step.</summary>
public sealed record WriteConfirmation(StatementKind Kind, string Statement, IReadOnlyList<string> Targets, string ConnectionName);

/// <summary>One page of a user's query history, newest first.</summary>
public sealed record QueryHistoryPage(IReadOnlyList<QueryHistoryEntry> Entries, int Page, int PageSize, bool HasMore);

/// <summary>
/// The query page's rules around <see cref="QueryRunner"/>: members of the workspace run read-only queries; write mode is
/// for Editors and above, on connections marked writable, after confirmation, and always audited. Every run that reaches
/// the runner is kept in the user's history (refused ones too); read-only runs the policy refused are audited as well.
/// </summary>
public sealed class QueryService(
    MetadataDbContext db,
    ConnectionService connections,
    WorkspaceService workspaces,
    AuditLog audit,
    QueryRunner runner,
    QueryRunRegistry runs,
    IOptions<QueryOptions> options)
{
    public const int MaxHistoryPageSize = 200;

    /// <summary>
    /// Runs the request. Throws <see cref="QueryException"/>: <see cref="QueryErrorKind.NotFound"/> for a workspace the user
    /// is not a member of or a connection outside it, <see cref="QueryErrorKind.Forbidden"/> for write mode without the
    /// role or on a read-only connection, <see cref="QueryErrorKind.Busy"/> past the concurrent-run limit, and every
    /// run failure of <see cref="QueryRunner"/>.
    /// </summary>
    public async Task<QueryOutcome> RunAsync(QueryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var userId = RequireUser(request.User);
        var (membership, connection) = await AuthorizeAsync(request.WorkspaceId, request.ConnectionId, userId, cancellationToken);
        var actor = request.User with { WorkspaceId = request.WorkspaceId };
        if (request.Mode == QueryMode.WriteConfirmed)
        {
            await CheckWriteAllowedAsync(membership, connection, actor, request.Sql, cancellationToken);
        }

        var settings = await connections.ToSettingsAsync(connection, cancellationToken);
        using var lease = runs.Begin(request.RunId ?? Guid.NewGuid(), userId, cancellationToken);
        var entry = new QueryHistoryEntry
        {
            WorkspaceId = request.WorkspaceId,
            ConnectionId = connection.Id,
            UserId = userId,
            Sql = HistoryText(request.Sql),
            Mode = request.Mode,
            StartedAt = DateTime.UtcNow,
        };
        var stopwatch = Stopwatch.StartNew();
        try
        {
            QueryOutcome outcome;
            if (request.Mode == QueryMode.Read)
            {
                var result = await runner.ReadAsync(settings, request.Sql, lease.Token);
                entry.StatementKind = result.StatementKind;
                entry.RowCount = result.RowCount;
                entry.Truncated = result.Truncated;
                outcome = new QueryOutcome(QueryMode.Read, result, null, 0);
            }
            else
            {
                var write = await runner.WriteAsync(settings, request.Sql, lease.Token);
                entry.StatementKind = write.StatementKind;
                entry.RowCount = write.RowsAffected;
                audit.Record(actor, "query.write", connection.Name,
                    $"{write.StatementKind.ToString().ToUpperInvariant()}{Affected(write.RowsAffected)}: {AuditText(request.Sql)}");
                outcome = new QueryOutcome(QueryMode.WriteConfirmed, null, write, 0);
            }

            entry.ElapsedMilliseconds = stopwatch.ElapsedMilliseconds;
            db.QueryHistory.Add(entry);
            await db.SaveChangesAsync(CancellationToken.None);
            return outcome with { HistoryId = entry.Id };
        }
        catch (QueryException ex)
        {
            entry.ElapsedMilliseconds = stopwatch.ElapsedMilliseconds;
            entry.StatementKind ??= ParsedKind(request.Sql, connection);
            entry.ErrorKind = ex.Kind;
            entry.ErrorMessage = Truncate(ex.Message, 2000);
            db.QueryHistory.Add(entry);
            if (request.Mode == QueryMode.WriteConfirmed)
            {
                audit.Record(actor, "query.write.failed", connection.Name, $"{ex.Kind}: {ex.Message} — {AuditText(request.Sql)}");
            }
            else if (ex.Kind is QueryErrorKind.Refused or QueryErrorKind.ReadOnlyViolation)
            {
                audit.Record(actor, "query.read.refused", connection.Name, $"{ex.Message} — {AuditText(request.Sql)}");
            }

            // Recorded even when the request itself was cancelled: the history says the run was cancelled.
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The confirmation step of write mode: checks the role, the connection and the statement exactly as <see cref="RunAsync"/>
    /// will, and returns the statement and its kind to show. Nothing runs.
    /// </summary>
    public async Task<WriteConfirmation> CheckWriteAsync(Guid workspaceId, Guid connectionId, AuditActor user, string sql, CancellationToken cancellationToken = default)
    {
        var userId = RequireUser(user);
        var (membership, connection) = await AuthorizeAsync(workspaceId, connectionId, userId, cancellationToken);
        var check = await CheckWriteAllowedAsync(membership, connection, null, sql, cancellationToken);
        return new WriteConfirmation(check.Kind!.Value, check.Statement!, check.Targets, connection.Name);
    }

    /// <summary>
    /// The connection and its settings for work that is not a run of the user's statement (EXPLAIN for the plan picture,
    /// hypothetical indexes), with the same membership check as <see cref="RunAsync"/>.
    /// </summary>
    public async Task<(DatabaseConnection Connection, Appliance.Core.Connections.ConnectionSettings Settings)> SettingsForAsync(
        Guid workspaceId, Guid connectionId, AuditActor user, CancellationToken cancellationToken = default)
    {
        var userId = RequireUser(user);
        var (_, connection) = await AuthorizeAsync(workspaceId, connectionId, userId, cancellationToken);
        return (connection, await connections.ToSettingsAsync(connection, cancellationToken));
    }

    /// <summary>Cancels a run of <paramref name="userId"/> (the Cancel button); only the user who started it may.</summary>
    public QueryCancelOutcome Cancel(Guid runId, Guid userId) => runs.Cancel(runId, userId);

    /// <summary>The user's own runs, newest first, in workspaces the user still belongs to (one workspace when given).</summary>
    public async Task<QueryHistoryPage> HistoryAsync(Guid userId, Guid? workspaceId = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        page = Math.Max(page, 1);
        pageSize = Math.Clamp(pageSize, 1, MaxHistoryPageSize);
        var memberOf = db.WorkspaceMembers.Where(m => m.UserId == userId).Select(m => m.WorkspaceId);
        var query = db.QueryHistory.AsNoTracking().Where(e => e.UserId == userId && memberOf.Contains(e.WorkspaceId));
        if (workspaceId is { } workspace)
        {
            query = query.Where(e => e.WorkspaceId == workspace);
        }

        var entries = await query.OrderByDescending(e => e.StartedAt).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize + 1)
            .ToListAsync(cancellationToken);
        var hasMore = entries.Count > pageSize;
        if (hasMore)
        {
            entries.RemoveAt(entries.Count - 1);
        }

        return new QueryHistoryPage(entries, page, pageSize, hasMore);
    }

    private static Guid RequireUser(AuditActor user) =>
        user?.UserId ?? throw new QueryException(QueryErrorKind.Forbidden, "Sign in to run queries.");

    private async Task<(Membership Membership, DatabaseConnection Connection)> AuthorizeAsync(
        Guid workspaceId, Guid connectionId, Guid userId, CancellationToken cancellationToken)
    {
        var membership = await workspaces.MembershipAsync(userId, workspaceId, cancellationToken)
            ?? throw new QueryException(QueryErrorKind.NotFound, "The workspace does not exist or you are not a member of it.");
        var connection = await connections.FindAsync(workspaceId, connectionId, cancellationToken)
            ?? throw new QueryException(QueryErrorKind.NotFound, "The connection does not exist in this workspace.");
        return (membership, connection);
    }

    /// <summary>Write mode's rules; a refusal of a real attempt (<paramref name="actor"/> given) is audited and saved.</summary>
    private async Task<WriteCheck> CheckWriteAllowedAsync(
        Membership membership, DatabaseConnection connection, AuditActor? actor, string sql, CancellationToken cancellationToken)
    {
        string? problem = null;
        var kind = QueryErrorKind.Forbidden;
        WriteCheck? check = null;
        if (!membership.Role.Includes(WorkspaceRole.Editor))
        {
            problem = $"Write mode is for Editors, Admins and Owners; your role in this workspace is {membership.Role}.";
        }
        else if (connection.IsReadOnly)
        {
            problem = $"The connection '{connection.Name}' is marked read-only; an Admin can mark it writable in its settings.";
        }
        else
        {
            check = QueryRunner.CheckWrite(sql ?? "", connection.Engine);
            if (!check.Allowed)
            {
                problem = check.Reason;
                kind = QueryErrorKind.Refused;
            }
        }

        if (problem is null)
        {
            return check!;
        }

        if (actor is not null)
        {
            audit.Record(actor, "query.write.refused", connection.Name, $"{problem} — {AuditText(sql ?? "")}");
            await db.SaveChangesAsync(cancellationToken);
        }

        throw new QueryException(kind, problem);
    }

    private static StatementKind? ParsedKind(string sql, DatabaseConnection connection)
    {
        var parsed = SqlParser.Parse(sql, connection.Engine.ToSqlDialect());
        return parsed.Succeeded && parsed.Statements.Count == 1 ? parsed.Statements[0].Kind : null;
    }

    private string HistoryText(string sql) => Truncate(SqlRedaction.Redact(sql), Math.Max(options.Value.HistorySqlMaxLength, 100))!;

    private static string AuditText(string sql) => Truncate(SqlRedaction.Redact(sql), 1500)!;

    private static string Affected(long? rows) =>
        rows is { } count ? $", {count.ToString(CultureInfo.InvariantCulture)} row{(count == 1 ? "" : "s")}" : "";

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..(max - 1)] + "…";
}
