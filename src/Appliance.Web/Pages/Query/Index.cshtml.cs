using Appliance.Core.Connections;
using System.Text.Json;
using Appliance.Core.Access;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Explain;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Copilot;
using Appliance.Infrastructure.Query;
using Appliance.Infrastructure.Schema;
using Appliance.Web.Pages.Schema;
using Appliance.Web.Query;
using Microsoft.AspNetCore.Mvc;

namespace Appliance.Web.Pages.Query;

/// <summary>
/// The query page: a SQL editor with schema-aware completion; run (read-only in every safety layer, or write mode for
/// Editors on writable connections after confirmation), explain, optimize and format as htmx partials; results with
/// paging, a chart and CSV/JSON download; the user's history and the workspace's saved queries.
/// </summary>
public sealed class IndexModel(
    ConnectionService connections,
    SchemaIngestionService ingestion,
    QueryService queries,
    SavedQueryService savedQueries,
    QueryOptimizer optimizer,
    QueryResultCache results,
    CopilotService copilotQuestions) : SchemaPageModel(connections, ingestion)
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true, Name = "connection")]
    public Guid? ConnectionId { get; set; }

    [BindProperty(Name = "sql")]
    public string? Sql { get; set; }

    public List<DatabaseConnection> AllConnections { get; private set; } = [];

    /// <summary>Write mode is offered to Editors and above on connections marked writable.</summary>
    public bool CanWrite { get; private set; }

    public string InitialSql { get; private set; } = "";

    public SqlDialect Dialect => Connection is null ? SqlDialect.Postgres : Connection.Engine.ToSqlDialect();

    /// <param name="saved">A saved query to open.</param>
    /// <param name="copilot">A copilot question whose SQL to open ("Open in the query editor").</param>
    public async Task<IActionResult> OnGetAsync(Guid? saved, Guid? copilot, CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        AllConnections = await Connections.ListAsync(membership!.WorkspaceId, ct);
        if (ConnectionId is null)
        {
            return AllConnections.Count == 1 ? RedirectToPage(new { connection = AllConnections[0].Id, saved, copilot }) : Page();
        }

        if (!await LoadSchemaAsync(ConnectionId.Value, ct))
        {
            return NotFound();
        }

        CanWrite = membership.Role.Includes(WorkspaceRole.Editor) && !Connection!.IsReadOnly;
        if (saved is { } savedId)
        {
            try
            {
                InitialSql = (await savedQueries.FindAsync(membership.WorkspaceId, savedId, await UserIdAsync(), ct)).Sql;
            }
            catch (QueryException ex)
            {
                FlashError = ex.Message;
            }
        }
        else if (copilot is { } questionId && await copilotQuestions.FindAsync(membership.WorkspaceId, questionId, ct) is { Sql: { } copilotSql })
        {
            InitialSql = copilotSql;
        }
        else if (Schema?.Tables.FirstOrDefault() is { } first)
        {
            InitialSql = $"SELECT *\nFROM {SqlFormatter.Format(new ColumnExpression(SqlObjectName.Of(first.Schema, first.Name)), Dialect)}";
        }

        return Page();
    }

    /// <summary>Runs the editor's statement; write mode first answers with the confirmation step.</summary>
    public async Task<IActionResult> OnPostRunAsync(Guid? runId, bool write, bool confirmed, CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null || ConnectionId is not { } connectionId)
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(Sql))
        {
            return Partial("_QueryError", new QueryErrorView("Nothing to run", "Write a statement in the editor first.", null));
        }

        var actor = await CurrentUser.ActorAsync();
        try
        {
            if (write && !confirmed)
            {
                var confirmation = await queries.CheckWriteAsync(membership.WorkspaceId, connectionId, actor, Sql, ct);
                return Partial("_WriteConfirm", confirmation);
            }

            var outcome = await queries.RunAsync(new QueryRequest
            {
                WorkspaceId = membership.WorkspaceId,
                ConnectionId = connectionId,
                User = actor,
                Sql = Sql,
                Mode = write ? QueryMode.WriteConfirmed : QueryMode.Read,
                RunId = runId,
            }, ct);
            if (outcome.Write is { } written)
            {
                return Partial("_WriteDone", written);
            }

            var cached = results.Add(actor.UserId!.Value, connectionId, Sql, outcome.Result!);
            return Partial("_Result", ResultView.For(cached, 1));
        }
        catch (QueryException ex)
        {
            return Partial("_QueryError", QueryErrorView.From(ex));
        }
    }

    /// <summary>The Cancel button: stops the user's own run on the server.</summary>
    public async Task<IActionResult> OnPostCancelAsync(Guid runId)
    {
        var outcome = queries.Cancel(runId, await UserIdAsync());
        return Content(outcome switch
        {
            QueryCancelOutcome.Cancelled => "Cancelling…",
            QueryCancelOutcome.Forbidden => "Only the user who started a query can cancel it.",
            _ => "The query already finished.",
        });
    }

    public async Task<IActionResult> OnGetPageAsync(Guid result, int page)
    {
        var cached = results.Find(result, await UserIdAsync());
        return cached is null ? Partial("_QueryError", QueryErrorView.Expired) : Partial("_Result", ResultView.For(cached, page));
    }

    public async Task<IActionResult> OnGetChartAsync(Guid result, int label, int value, ChartType type)
    {
        var cached = results.Find(result, await UserIdAsync());
        if (cached is null)
        {
            return Partial("_QueryError", QueryErrorView.Expired);
        }

        var columns = cached.Result.Columns.Count;
        if (label < 0 || label >= columns || value < 0 || value >= columns)
        {
            return BadRequest();
        }

        return Partial("_Chart", ChartView.For(cached, new ChartChoice(label, value, type)));
    }

    /// <summary>CSV (RFC 4180) or JSON of the rows the run returned (no second run).</summary>
    public async Task<IActionResult> OnGetDownloadAsync(Guid result, string format)
    {
        var cached = results.Find(result, await UserIdAsync());
        if (cached is null)
        {
            return NotFound();
        }

        var stamp = cached.RanAt.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        return format switch
        {
            "csv" => File(ResultExport.ToCsv(cached.Result), "text/csv; charset=utf-8", $"query-{stamp}.csv"),
            "json" => File(ResultExport.ToJson(cached.Result), "application/json", $"query-{stamp}.json"),
            _ => BadRequest(),
        };
    }

    /// <summary>The plain-English explanation, from the tree and the connection's latest schema.</summary>
    public async Task<IActionResult> OnPostExplainAsync(CancellationToken ct)
    {
        if (ConnectionId is null || !await LoadSchemaAsync(ConnectionId.Value, ct))
        {
            return NotFound();
        }

        if (ParseEditorSql("The SQL does not parse", out var parsed) is { } problem)
        {
            return problem;
        }

        if (parsed.Statements.Count == 0)
        {
            return Partial("_QueryError", new QueryErrorView("Nothing to explain", "Write a statement in the editor first.", null));
        }

        return Partial("_Explanation", parsed.Statements.Select(s => SqlExplainer.Explain(s, Schema, Dialect)).ToList());
    }

    /// <summary>Lint findings with rewrites, index advice (checked with HypoPG on PostgreSQL) and the plan as a picture.</summary>
    public async Task<IActionResult> OnPostOptimizeAsync(bool analyze, CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null || ConnectionId is null || !await LoadSchemaAsync(ConnectionId.Value, ct))
        {
            return NotFound();
        }

        if (ParseEditorSql("The SQL does not parse", out var parsed) is { } problem)
        {
            return problem;
        }

        if (parsed.Statements.Count != 1)
        {
            return Partial("_QueryError", new QueryErrorView("Optimize looks at one statement", parsed.Statements.Count == 0 ? "Write a statement in the editor first." : "The editor holds several statements; keep the one to optimize.", null));
        }

        try
        {
            var optimization = await optimizer.OptimizeAsync(membership.WorkspaceId, ConnectionId.Value, await CurrentUser.ActorAsync(), parsed.Statements[0], Schema, analyze, ct);
            return Partial("_Optimize", optimization);
        }
        catch (QueryException ex)
        {
            return Partial("_QueryError", QueryErrorView.From(ex));
        }
    }

    /// <summary>Formats the editor's SQL; the page's script puts the text back into the editor (HX-Trigger event).</summary>
    public async Task<IActionResult> OnPostFormatAsync(CancellationToken ct)
    {
        if (ConnectionId is null || !await LoadSchemaAsync(ConnectionId.Value, ct))
        {
            return NotFound();
        }

        if (ParseEditorSql("The SQL does not parse, so it cannot be formatted", out var parsed) is { } problem)
        {
            return problem;
        }

        var formatted = SqlFormatter.FormatScript(parsed.Statements.Select(s => s.Statement), Dialect);
        Response.Headers["HX-Trigger"] = JsonSerializer.Serialize(new { sqlFormatted = new { sql = formatted } });
        return Content("");
    }

    /// <summary>Tables and columns of the latest schema for the editor's completion (names, types and comments only).</summary>
    public async Task<IActionResult> OnGetCompletionAsync(CancellationToken ct)
    {
        if (ConnectionId is null || !await LoadSchemaAsync(ConnectionId.Value, ct))
        {
            return NotFound();
        }

        var objects = (Schema?.Tables.Select(t => new CompletionObject(t.Schema, t.Name, "table", t.Comment, t.Columns.Select(c => new CompletionColumn(c.Name, c.DataType, c.Comment)).ToList())) ?? [])
            .Concat(Schema?.Views.Select(v => new CompletionObject(v.Schema, v.Name, "view", v.Comment, v.Columns.Select(c => new CompletionColumn(c.Name, c.DataType, c.Comment)).ToList())) ?? []);
        return new JsonResult(new { dialect = Dialect.ToString().ToLowerInvariant(), objects });
    }

    public async Task<IActionResult> OnGetHistoryAsync(int page = 1, CancellationToken ct = default)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null)
        {
            return NotFound();
        }

        var history = await queries.HistoryAsync(await UserIdAsync(), membership.WorkspaceId, page, 25, ct);
        return Partial("_History", history);
    }

    public async Task<IActionResult> OnGetSavedAsync(CancellationToken ct) => await SavedListAsync(null, ct);

    public async Task<IActionResult> OnPostSaveAsync(string? name, string? description, CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null)
        {
            return NotFound();
        }

        try
        {
            await savedQueries.SaveAsync(membership.WorkspaceId, await CurrentUser.ActorAsync(), new SavedQueryInput(name ?? "", Sql ?? "", description, ConnectionId), ct);
            return await SavedListAsync($"Saved \"{name?.Trim()}\".", ct);
        }
        catch (QueryException ex)
        {
            return await SavedListAsync(null, ct, ex.Message);
        }
    }

    public async Task<IActionResult> OnPostDeleteSavedAsync(Guid id, CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null)
        {
            return NotFound();
        }

        try
        {
            await savedQueries.DeleteAsync(membership.WorkspaceId, id, await CurrentUser.ActorAsync(), ct);
            return await SavedListAsync("Deleted.", ct);
        }
        catch (QueryException ex)
        {
            return await SavedListAsync(null, ct, ex.Message);
        }
    }

    private async Task<IActionResult> SavedListAsync(string? message, CancellationToken ct, string? error = null)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null)
        {
            return NotFound();
        }

        var list = await savedQueries.ListAsync(membership.WorkspaceId, await UserIdAsync(), ct);
        return Partial("_Saved", new SavedView(list, ConnectionId, message, error));
    }

    /// <summary>The editor's SQL parsed in the connection's dialect; the error partial (line and column) when it does not parse.</summary>
    private PartialViewResult? ParseEditorSql(string errorTitle, out SqlParseResult parsed)
    {
        parsed = SqlParser.Parse(Sql ?? "", Dialect);
        return parsed.Error is { } error
            ? Partial("_QueryError", new QueryErrorView(errorTitle, error.Message, (error.Line, error.Column)))
            : null;
    }

    private async Task<Guid> UserIdAsync() => (await CurrentUser.ActorAsync()).UserId ?? Guid.Empty;

    public sealed record CompletionColumn(string Name, string Type, string? Comment);

    public sealed record CompletionObject(string Schema, string Name, string Kind, string? Comment, IReadOnlyList<CompletionColumn> Columns);
}

/// <summary>A failed run, explanation or format, as the page shows it.</summary>
public sealed record QueryErrorView(string Title, string Message, (int Line, int Column)? Position)
{
    public static QueryErrorView Expired { get; } = new("The result is no longer kept", "Run the query again to page, chart or download its rows.", null);

    public static QueryErrorView From(QueryException ex) => new(ex.Kind switch
    {
        QueryErrorKind.Refused => "Refused by the read-only policy",
        QueryErrorKind.ReadOnlyViolation => "The database refused a write in the read-only transaction",
        QueryErrorKind.Syntax => "The database could not parse the statement",
        QueryErrorKind.Timeout => "The query took too long and was stopped",
        QueryErrorKind.Cancelled => "The query was cancelled",
        QueryErrorKind.Connection => "The database could not be reached",
        QueryErrorKind.Forbidden => "Not allowed",
        QueryErrorKind.NotFound => "Not found",
        QueryErrorKind.Busy => "Too many queries running",
        QueryErrorKind.Invalid => "Nothing to run",
        _ => "The database reported an error",
    }, ex.Message, ex.Position);
}

/// <summary>One page of a kept result, with the chart it suggests.</summary>
public sealed record ResultView(CachedResult Cached, int Page, int PageCount, ChartView? Chart)
{
    public static ResultView For(CachedResult cached, int page)
    {
        var pages = Math.Max(1, (cached.Result.RowCount + IndexModel.PageSize - 1) / IndexModel.PageSize);
        page = Math.Clamp(page, 1, pages);
        var suggestion = ResultChart.Suggest(cached.Result);
        return new ResultView(cached, page, pages, suggestion is null ? null : ChartView.For(cached, suggestion));
    }

    public IEnumerable<object?[]> Rows => Cached.Result.Rows.Skip((Page - 1) * IndexModel.PageSize).Take(IndexModel.PageSize);
}

public sealed record ChartView(CachedResult Cached, ChartChoice Choice, string Svg)
{
    public static ChartView For(CachedResult cached, ChartChoice choice) => new(cached, choice, ResultChart.ToSvg(cached.Result, choice));
}

public sealed record SavedView(IReadOnlyList<SavedQuery> Queries, Guid? ConnectionId, string? Message, string? Error);
