using System.Globalization;
using Appliance.Core.Access;
using Appliance.Core.Connections;
using Appliance.Core.MockData;
using Appliance.Core.Schema;
using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Metadata;
using Appliance.Infrastructure.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Infrastructure.MockData;

public enum MockRefusal
{
    /// <summary>The workspace or connection does not exist, or the user is not a member.</summary>
    NotFound,
    /// <summary>The user's role or the target connection does not allow it.</summary>
    Forbidden,
    /// <summary>The request cannot be carried out as asked: no schema yet, plan errors, an unsatisfiable check…</summary>
    Invalid,
    /// <summary>The user already has as many loads running as allowed.</summary>
    Busy,
}

/// <summary>Why the Mock Data page could not do what was asked, worded for the user.</summary>
public sealed class MockDataRefusedException : Exception
{
    public MockDataRefusedException(MockRefusal refusal, string message) : base(message) => Refusal = refusal;

    public MockDataRefusedException() : this(MockRefusal.Invalid, "The request was refused.") { }

    public MockDataRefusedException(string message) : this(MockRefusal.Invalid, message) { }

    public MockDataRefusedException(string message, Exception inner) : base(message, inner) => Refusal = MockRefusal.Invalid;

    public MockRefusal Refusal { get; }
}

/// <summary>A load asked for on the Mock Data page: generate for the schema of one connection, load into another (or the same).</summary>
public sealed record MockLoadRequest
{
    public required Guid WorkspaceId { get; init; }
    /// <summary>The connection whose latest ingested schema is generated for.</summary>
    public required Guid SchemaConnectionId { get; init; }
    /// <summary>Where the rows go; the schema's own connection when null. Must be marked writable.</summary>
    public Guid? TargetConnectionId { get; init; }
    /// <summary>The acting user; <see cref="AuditActor.UserId"/> is required.</summary>
    public required AuditActor User { get; init; }
    public required MockDataRequest Request { get; init; }
}

/// <summary>A plan for the page, with the schema version it was made from.</summary>
public sealed record MockPlanOutcome(DatabaseConnection Connection, SchemaSnapshot Snapshot, MockPlan Plan);

/// <summary>
/// The Mock Data page's rules: members plan and preview from a connection's latest ingested schema; loading is for Editors
/// and above, only into a connection marked writable (a sandbox), runs in the background with progress and cancel, and is
/// audited (what was loaded where, with which seed; never a secret).
/// </summary>
public sealed class MockDataService(
    MetadataDbContext db,
    ConnectionService connections,
    WorkspaceService workspaces,
    SchemaIngestionService ingestion,
    AuditLog audit,
    MockLoadRegistry jobs,
    IEnumerable<IMockDataLoader> loaders,
    IServiceScopeFactory scopes)
{
    /// <summary>Plans for the latest ingested schema of a connection the user can see. Plan errors are in the plan's messages.</summary>
    public async Task<MockPlanOutcome> PlanAsync(Guid workspaceId, Guid connectionId, AuditActor user, MockDataRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        var userId = RequireUser(user);
        var (_, connection) = await AuthorizeAsync(workspaceId, connectionId, userId, cancellationToken);
        var snapshot = await ingestion.LatestSnapshotAsync(connection.Id, cancellationToken)
            ?? throw new MockDataRefusedException(MockRefusal.Invalid, $"The schema of '{connection.Name}' has not been read yet; ingest it first.");
        var schema = await ingestion.LoadAsync(snapshot, cancellationToken);
        return new MockPlanOutcome(connection, snapshot, MockPlanner.Plan(schema, request));
    }

    /// <summary>
    /// Checks everything (role, writable target of the same engine, a plan without errors, the first rows of every table
    /// generate), records the load in the audit log and starts it in the background. Returns the job id for
    /// <see cref="Status"/> and <see cref="Cancel"/>. Refusals throw <see cref="MockDataRefusedException"/> and are audited.
    /// </summary>
    public async Task<Guid> StartLoadAsync(MockLoadRequest load, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(load);
        var userId = RequireUser(load.User);
        var actor = load.User with { WorkspaceId = load.WorkspaceId };
        var (membership, source) = await AuthorizeAsync(load.WorkspaceId, load.SchemaConnectionId, userId, cancellationToken);
        var target = load.TargetConnectionId is { } targetId && targetId != source.Id
            ? await connections.FindAsync(load.WorkspaceId, targetId, cancellationToken)
                ?? throw new MockDataRefusedException(MockRefusal.NotFound, "The target connection does not exist in this workspace.")
            : source;

        if (!membership.Role.Includes(WorkspaceRole.Editor))
        {
            await RefuseAsync(actor, target, MockRefusal.Forbidden,
                $"Loading mock data is for Editors, Admins and Owners; your role in this workspace is {membership.Role}.", cancellationToken);
        }

        if (target.IsReadOnly)
        {
            await RefuseAsync(actor, target, MockRefusal.Forbidden,
                $"The connection '{target.Name}' is read-only; mark it as a writable sandbox in its settings to load mock data.", cancellationToken);
        }

        if (target.Engine != source.Engine)
        {
            await RefuseAsync(actor, target, MockRefusal.Invalid,
                $"The schema of '{source.Name}' is a {source.Engine.DisplayName()} schema; '{target.Name}' is a {target.Engine.DisplayName()} database. Load into a database of the same engine.",
                cancellationToken);
        }

        var loader = loaders.FirstOrDefault(l => l.Engine == target.Engine)
            ?? throw new MockDataRefusedException(MockRefusal.Invalid, $"Loading into {target.Engine.DisplayName()} is not available.");
        var (_, _, plan) = await PlanAsync(load.WorkspaceId, source.Id, load.User, load.Request, cancellationToken);
        if (plan.HasErrors)
        {
            await RefuseAsync(actor, target, MockRefusal.Invalid,
                string.Join(" ", plan.Messages.Where(m => m.Severity == PlanSeverity.Error).Select(m => m.Text)), cancellationToken);
        }

        var data = MockDataSet.Create(plan);
        try
        {
            // A check no value can satisfy is found now, not minutes into the load.
            data.Probe();
        }
        catch (MockDataException ex)
        {
            await RefuseAsync(actor, target, MockRefusal.Invalid, ex.Message, cancellationToken);
        }

        var settings = await connections.ToSettingsAsync(target, cancellationToken);
        var job = jobs.TryStart(userId, target.Name, plan.TotalRows)
            ?? throw new MockDataRefusedException(MockRefusal.Busy,
                $"You already have {MockLoadRegistry.MaxRunningPerUser.ToString(CultureInfo.InvariantCulture)} loads running; wait for one to finish or cancel it.");
        var what = Describe(plan, source, target);
        audit.Record(actor, "mockdata.load.started", target.Name, what, load.WorkspaceId);
        await db.SaveChangesAsync(CancellationToken.None);
        _ = Task.Run(() => RunAsync(job, loader, settings, data, actor, target.Name, what), CancellationToken.None);
        return job.Id;
    }

    /// <summary>The load's progress and outcome; null for an unknown id or someone else's load.</summary>
    public MockLoadStatus? Status(Guid jobId, Guid userId) => jobs.Status(jobId, userId);

    /// <summary>Stops a load of <paramref name="userId"/>; it rolls back, leaving the target as it was.</summary>
    public MockLoadCancelOutcome Cancel(Guid jobId, Guid userId) => jobs.Cancel(jobId, userId);

    /// <summary>Waits for a load of <paramref name="userId"/> to end and returns its final state; null as for <see cref="Status"/>.</summary>
    public async Task<MockLoadStatus?> WaitAsync(Guid jobId, Guid userId, CancellationToken cancellationToken = default)
    {
        if (jobs.Completion(jobId, userId) is not { } completion)
        {
            return null;
        }

        await completion.WaitAsync(cancellationToken);
        return jobs.Status(jobId, userId);
    }

    private async Task RunAsync(MockLoadJob job, IMockDataLoader loader, ConnectionSettings settings, MockDataSet data, AuditActor actor, string target, string what)
    {
        string action;
        string detail;
        try
        {
            var result = await loader.LoadAsync(settings, data, job, job.Token).ConfigureAwait(false);
            job.Succeed(result);
            action = "mockdata.load";
            detail = string.Create(CultureInfo.InvariantCulture,
                $"{result.TotalRows:N0} rows in {result.Tables.Count} tables in {result.Elapsed.TotalSeconds:0.0} s; {what}");
        }
        catch (OperationCanceledException)
        {
            job.Cancelled();
            action = "mockdata.load.cancelled";
            detail = what;
        }
        catch (MockLoadException ex)
        {
            job.Fail(ex.Message);
            action = "mockdata.load.failed";
            detail = $"{ex.Message} — {what}";
        }
#pragma warning disable CA1031 // A background load reports every failure to its page instead of crashing the process.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            job.Fail($"The load failed unexpectedly ({ex.GetType().Name}); nothing was loaded.");
            action = "mockdata.load.failed";
            detail = $"{ex.GetType().Name} — {what}";
        }

        try
        {
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                scope.ServiceProvider.GetRequiredService<AuditLog>().Record(actor, action, target, detail);
                await scope.ServiceProvider.GetRequiredService<MetadataDbContext>().SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // The load's outcome is already with its page; a failed audit write must not take the process down.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            job.Complete();
        }
    }

    private static string Describe(MockPlan plan, DatabaseConnection source, DatabaseConnection target)
    {
        var tables = string.Join(", ", plan.Tables.Take(20).Select(t => $"{t.QualifiedName} {t.Rows.ToString(CultureInfo.InvariantCulture)}"));
        var more = plan.Tables.Count > 20 ? $" and {(plan.Tables.Count - 20).ToString(CultureInfo.InvariantCulture)} more" : "";
        var from = source.Id == target.Id ? "" : $" (schema of '{source.Name}')";
        return string.Create(CultureInfo.InvariantCulture,
            $"seed {plan.Request.Seed}, {plan.TotalRows} rows in {plan.Tables.Count} tables{from}: {tables}{more}");
    }

    private async Task RefuseAsync(AuditActor actor, DatabaseConnection target, MockRefusal refusal, string message, CancellationToken cancellationToken)
    {
        audit.Record(actor, "mockdata.load.refused", target.Name, message);
        await db.SaveChangesAsync(cancellationToken);
        throw new MockDataRefusedException(refusal, message);
    }

    private static Guid RequireUser(AuditActor user) =>
        user?.UserId ?? throw new MockDataRefusedException(MockRefusal.Forbidden, "Sign in to use mock data.");

    private async Task<(Membership Membership, DatabaseConnection Connection)> AuthorizeAsync(
        Guid workspaceId, Guid connectionId, Guid userId, CancellationToken cancellationToken)
    {
        var membership = await workspaces.MembershipAsync(userId, workspaceId, cancellationToken)
            ?? throw new MockDataRefusedException(MockRefusal.NotFound, "The workspace does not exist or you are not a member of it.");
        var connection = await connections.FindAsync(workspaceId, connectionId, cancellationToken)
            ?? throw new MockDataRefusedException(MockRefusal.NotFound, "The connection does not exist in this workspace.");
        return (membership, connection);
    }
}
