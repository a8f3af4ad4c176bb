using Appliance.Core.Sql;
using System.Globalization;
using System.Text;
using Appliance.Core.Access;
using Appliance.Core.Connections;
using Appliance.Core.MockData;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Metadata;
using Appliance.Infrastructure.MockData;
using Appliance.Infrastructure.Query;
using Appliance.Infrastructure.Schema;
using Appliance.Web.MockData;
using Appliance.Web.Pages.Schema;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Appliance.Web.Pages.MockData;

/// <summary>
/// The mock data page: choose tables and counts, tune columns, see the plan and a 20-row preview per table as the form
/// changes (htmx), download the data as a zip of CSV/JSON/NDJSON or a SQL script (streamed, with progress), or load it
/// into a writable sandbox connection (Editors).
/// </summary>
[RequestFormLimits(ValueCountLimit = 50_000)]
public sealed class IndexModel(
    ConnectionService connections,
    SchemaIngestionService ingestion,
    MockDataService mockData,
    MockDownloads downloads,
    AuditLog audit,
    MetadataDbContext db,
    ILogger<IndexModel> logger) : SchemaPageModel(connections, ingestion)
{
    [BindProperty(SupportsGet = true, Name = "connection")]
    public Guid? ConnectionId { get; set; }

    public List<DatabaseConnection> AllConnections { get; private set; } = [];

    public MockPlanView? View { get; private set; }

    /// <summary>Editors and above load into sandboxes; Viewers preview and download.</summary>
    public bool CanLoad { get; private set; }

    /// <summary>Why a download without script could not start (with script the progress area says it).</summary>
    public string? DownloadError { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        AllConnections = await Connections.ListAsync(membership!.WorkspaceId, ct);
        if (ConnectionId is null)
        {
            return AllConnections.Count == 1 ? RedirectToPage(new { connection = AllConnections[0].Id }) : Page();
        }

        if (!await LoadSchemaAsync(ConnectionId.Value, ct))
        {
            return NotFound();
        }

        CanLoad = membership.Role.Includes(WorkspaceRole.Editor);
        if (Schema is not null)
        {
            View = MockPlanView.Build(Connection!, Schema, MockFormState.Initial(Schema, Connection!.Engine.ToSqlDialect()));
        }

        return Page();
    }

    /// <summary>Plans again from the whole form: the focused table with its preview, and out of band the summary and the table list's statuses.</summary>
    public async Task<IActionResult> OnPostPlanAsync(CancellationToken ct)
    {
        if (await ReadFormAsync(ct) is not { } state)
        {
            return NotFound();
        }

        View = MockPlanView.Build(Connection!, Schema!, state, outOfBand: IsHtmx);
        return IsHtmx ? Partial("_Plan", View) : Page();
    }

    /// <summary>
    /// Generates and streams the data. With script the page passes a download id and shows the progress of that id;
    /// a download that cannot start answers 204 (the browser stays on the page) and the progress area says why.
    /// </summary>
    public async Task<IActionResult> OnPostDownloadAsync(Guid? downloadId, CancellationToken ct)
    {
        if (await ReadFormAsync(ct) is not { } state)
        {
            return NotFound();
        }

        var user = CurrentUser.UserId ?? Guid.Empty;
        var plan = MockPlanner.Plan(Schema!, state.ToRequest());
        var fileName = DownloadName(Connection!.Name, state);
        var progress = downloadId is { } id
            ? downloads.Start(user, id, fileName, plan.TotalRows, plan.Tables.Count)
            : downloads.Create(fileName, plan.TotalRows, plan.Tables.Count);
        var problem = state.Problems.FirstOrDefault()
            ?? (plan.Tables.Count == 0 ? "Choose at least one table." : null)
            ?? (plan.HasErrors ? "The plan has errors: " + string.Join(" ", plan.Messages.Where(m => m.Severity == PlanSeverity.Error).Select(m => m.Text)) : null);
        MockDataSet? data = null;
        if (problem is null)
        {
            try
            {
                data = MockDataSet.Create(plan);
                data.Probe();
            }
            catch (MockDataException ex)
            {
                problem = ex.Message;
            }
        }

        if (problem is not null || data is null)
        {
            progress.Fail(problem ?? "The data could not be generated.");
            if (downloadId is not null)
            {
                return new NoContentResult();
            }

            DownloadError = progress.Message;
            View = MockPlanView.Build(Connection, Schema!, state);
            return Page();
        }

        audit.Record(await CurrentUser.ActorAsync(), "mockdata.download", Connection.Name,
            $"{state.Format}{(state.IsSql ? " " + state.Dialect.ToCliName() : "")}, {plan.TotalRows.ToString("N0", CultureInfo.InvariantCulture)} rows in {plan.Tables.Count} tables, seed {state.Seed}");
        await db.SaveChangesAsync(ct);

        Response.ContentType = MockDownloadWriter.ContentType(state.ExportFormat);
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();
        Response.Headers.CacheControl = "no-store";
        HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await MockDownloadWriter.WriteAsync(data, state.ExportFormat, state.Dialect, Response.Body, progress, HttpContext.RequestAborted);
            progress.Complete();
        }
        catch (OperationCanceledException)
        {
            progress.Fail("The download was stopped before it finished.");
        }
        catch (MockDataException ex)
        {
            // The headers are gone: break the connection so the browser reports a failed download, not a short file.
            progress.Fail(ex.Message);
            HttpContext.Abort();
        }
        catch (IOException ex)
        {
            logger.LogInformation(ex, "A mock data download ended early");
            progress.Fail("The download was interrupted.");
        }
        finally
        {
            // Anything else is logged by the host; the page's progress must still end.
            if (progress.State == MockDownloadState.Running)
            {
                progress.Fail("The download failed unexpectedly and is incomplete.");
            }
        }

        return new EmptyResult();
    }

    public IActionResult OnGetDownloadStatus(Guid id)
    {
        var progress = downloads.Find(CurrentUser.UserId ?? Guid.Empty, id);
        return progress is null ? Partial("_DownloadStatus", new DownloadStatusView(id, null)) : Partial("_DownloadStatus", new DownloadStatusView(id, progress));
    }

    /// <summary>The confirmation step of a load: the target must be a writable connection of this workspace, the plan free of errors.</summary>
    public async Task<IActionResult> OnPostLoadConfirmAsync(CancellationToken ct)
    {
        if (await ReadFormAsync(ct) is not { } state)
        {
            return NotFound();
        }

        if (await CheckLoadAsync(state, ct) is { } refusal)
        {
            return Partial("_LoadProblem", refusal);
        }

        var plan = MockPlanner.Plan(Schema!, state.ToRequest());
        if (state.Problems.Count > 0 || plan.HasErrors || plan.Tables.Count == 0)
        {
            return Partial("_LoadProblem", new LoadProblem("The plan has errors", plan.Tables.Count == 0 ? "Choose at least one table." : "Fix the errors shown with the tables first."));
        }

        var target = (await Connections.FindAsync(Membership!.WorkspaceId, state.Target!.Value, ct))!;
        return Partial("_LoadConfirm", new LoadConfirmView(Connection!, target, plan.TotalRows, plan.Tables.Count));
    }

    /// <summary>
    /// Starts the confirmed load in the background (the Infrastructure checks role, target and plan again, and audits) and
    /// answers its progress partial, which polls itself. A target or row count changed since the confirmation asks again.
    /// </summary>
    public async Task<IActionResult> OnPostLoadStartAsync(Guid? confirmedTarget, long? confirmedRows, CancellationToken ct)
    {
        if (await ReadFormAsync(ct) is not { } state)
        {
            return NotFound();
        }

        if (confirmedTarget is not null && state.Target is { } target && state.Problems.Count == 0)
        {
            var rows = MockPlanner.Plan(Schema!, state.ToRequest()).TotalRows;
            if (confirmedTarget != target || confirmedRows != rows)
            {
                return await OnPostLoadConfirmAsync(ct);
            }
        }

        if (state.Problems.Count > 0)
        {
            return Partial("_LoadProblem", new LoadProblem("The form has errors", string.Join(" ", state.Problems)));
        }

        if (state.Target is null)
        {
            return Partial("_LoadProblem", new LoadProblem("Choose a target", "Choose the writable sandbox connection to load into."));
        }

        var actor = await CurrentUser.ActorAsync();
        try
        {
            var job = await mockData.StartLoadAsync(new MockLoadRequest
            {
                WorkspaceId = Membership!.WorkspaceId,
                SchemaConnectionId = Connection!.Id,
                TargetConnectionId = state.Target,
                User = actor,
                Request = state.ToRequest(),
            }, ct);
            return LoadStatus(job, cancelling: false);
        }
        catch (MockDataRefusedException ex)
        {
            return Partial("_LoadProblem", new LoadProblem(ex.Refusal switch
            {
                MockRefusal.Forbidden => "Refused",
                MockRefusal.Busy => "Too many loads running",
                MockRefusal.NotFound => "Not found",
                _ => "The load cannot start",
            }, ex.Message));
        }
    }

    /// <summary>The progress partial of a load the user started; it polls itself until the load ends.</summary>
    public IActionResult OnGetLoadStatus(Guid job, bool cancelling) => LoadStatus(job, cancelling);

    /// <summary>Stops the user's load: it rolls back and the target stays as it was.</summary>
    public IActionResult OnPostLoadCancel(Guid job)
    {
        var outcome = mockData.Cancel(job, CurrentUser.UserId ?? Guid.Empty);
        return outcome switch
        {
            MockLoadCancelOutcome.Forbidden => Partial("_LoadProblem", new LoadProblem("Not your load", "Only the user who started a load can cancel it.")),
            _ => LoadStatus(job, cancelling: outcome == MockLoadCancelOutcome.Cancelled),
        };
    }

    private IActionResult LoadStatus(Guid job, bool cancelling)
    {
        var status = mockData.Status(job, CurrentUser.UserId ?? Guid.Empty);
        return status is null
            ? Partial("_LoadProblem", new LoadProblem("The load is no longer known", "Loads are remembered for an hour after they end; start it again to see it here."))
            : Partial("_LoadStatus", new LoadStatusView(ConnectionId ?? Guid.Empty, status, cancelling));
    }

    /// <summary>Role and target checks shared by the load handlers; null when the load may go ahead.</summary>
    private async Task<LoadProblem?> CheckLoadAsync(MockFormState state, CancellationToken ct)
    {
        if (!Membership!.Role.Includes(WorkspaceRole.Editor))
        {
            return new LoadProblem("Loading is for Editors", $"Loading data into a connection needs the Editor role or higher; you are a {Membership.Role} in this workspace. You can still preview and download.");
        }

        if (state.Target is not { } targetId || await Connections.FindAsync(Membership.WorkspaceId, targetId, ct) is not { } target)
        {
            return new LoadProblem("Choose a target", "Choose the writable sandbox connection to load into.");
        }

        if (target.IsReadOnly)
        {
            return new LoadProblem("The target is read-only", $"{target.Name} is read-only: mark it as a writable sandbox in Connections to load into it.");
        }

        if (target.Engine != Connection!.Engine)
        {
            return new LoadProblem("A different engine", $"{target.Name} is a {target.Engine.DisplayName()} database and the schema is {Connection.Engine.DisplayName()}; load into a database of the same engine.");
        }

        return null;
    }

    /// <summary>Loads the connection and its schema and reads the posted form; null when the connection is not there or has no schema.</summary>
    private async Task<MockFormState?> ReadFormAsync(CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null || ConnectionId is not { } id || !await LoadSchemaAsync(id, ct) || Schema is null)
        {
            return null;
        }

        AllConnections = await Connections.ListAsync(membership.WorkspaceId, ct);
        CanLoad = membership.Role.Includes(WorkspaceRole.Editor);
        return MockFormState.Parse(await Request.ReadFormAsync(ct), Schema, Connection!.Engine.ToSqlDialect());
    }

    private static string DownloadName(string connection, MockFormState state)
    {
        var name = new StringBuilder();
        foreach (var c in connection)
        {
            var safe = char.IsAsciiLetterOrDigit(c) || c is '_' ? char.ToLowerInvariant(c) : '-';
            if (safe != '-' || (name.Length > 0 && name[^1] != '-'))
            {
                name.Append(safe);
            }
        }

        var stem = name.ToString().Trim('-');
        var suffix = state.IsSql ? $"-{state.Dialect.ToCliName()}" : $"-{state.Format}";
        return $"{(stem.Length == 0 ? "mock" : stem)}-mock-seed{state.Seed}{suffix}.{MockDownloadWriter.Extension(state.ExportFormat)}";
    }
}

public sealed record DownloadStatusView(Guid Id, MockDownloadProgress? Progress);

public sealed record LoadProblem(string Title, string Message);

public sealed record LoadStatusView(Guid ConnectionId, MockLoadStatus Status, bool Cancelling);

public sealed record LoadConfirmView(DatabaseConnection Source, DatabaseConnection Target, long Rows, int Tables);
