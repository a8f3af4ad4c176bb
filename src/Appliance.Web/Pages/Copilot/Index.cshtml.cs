using System.Text;
using Appliance.Core.Connections;
using Appliance.Core.Copilot;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Explain;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Copilot;
using Appliance.Infrastructure.Copilot.Models;
using Appliance.Infrastructure.Query;
using Appliance.Infrastructure.Schema;
using Appliance.Web.Copilot;
using Appliance.Web.Pages.Schema;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Appliance.Web.Pages.Copilot;

/// <summary>
/// The copilot page: ask in natural language next to the schema; the SQL streams in (server-sent events) and the
/// answer comes with its explanation and the tables it reads; edit it, run it read-only, explain or optimize it through
/// the query page's handlers, and give it a thumbs up (an example for later questions) or down.
/// </summary>
public sealed class IndexModel(
    ConnectionService connections,
    SchemaIngestionService ingestion,
    CopilotService copilot,
    CopilotAskRegistry asks,
    ITextGenerator model) : SchemaPageModel(connections, ingestion)
{
    public const int HistorySize = 30;

    [BindProperty(SupportsGet = true, Name = "connection")]
    public Guid? ConnectionId { get; set; }

    public List<DatabaseConnection> AllConnections { get; private set; } = [];

    public IReadOnlyList<CopilotQuestion> History { get; private set; } = [];

    public ModelState LocalModel => model.State;

    /// <summary>A question to open on arrival (from the history, or a link).</summary>
    public Guid? OpenQuestion { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? question, CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        AllConnections = await Connections.ListAsync(membership!.WorkspaceId, ct);
        if (ConnectionId is null)
        {
            return AllConnections.Count == 1 ? RedirectToPage(new { connection = AllConnections[0].Id, question }) : Page();
        }

        if (!await LoadSchemaAsync(ConnectionId.Value, ct))
        {
            return NotFound();
        }

        History = await copilot.RecentAsync(membership.WorkspaceId, ConnectionId, HistorySize, ct);
        OpenQuestion = question;
        return Page();
    }

    /// <summary>Parks the question and answers with the streaming panel, which opens the event stream.</summary>
    public async Task<IActionResult> OnPostAskAsync(string? question, CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null || ConnectionId is not { } connectionId || await Connections.FindAsync(membership.WorkspaceId, connectionId, ct) is null)
        {
            return NotFound();
        }

        question = (question ?? "").Trim();
        if (question.Length == 0)
        {
            return Partial("_AskProblem", "Type a question first, for example “how many orders were placed last month?”.");
        }

        if (question.Length > CopilotPipeline.MaxQuestionLength)
        {
            return Partial("_AskProblem", $"The question is longer than {CopilotPipeline.MaxQuestionLength:N0} characters; shorten it.");
        }

        var id = asks.Park(await UserIdAsync(), membership.WorkspaceId, connectionId, question);
        return Partial("_Stream", new StreamView(id, connectionId, question));
    }

    /// <summary>
    /// The event stream of one parked question: "stage" (what is happening), "sql" (pieces of SQL as decoded; a repair
    /// round starts on a new line under a comment) and "done" (a fragment that loads the saved answer). Closing the
    /// stream (the Stop button, leaving the page) cancels the generation.
    /// </summary>
    public async Task<IActionResult> OnGetStreamAsync(Guid id, CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        var ask = membership is null ? null : asks.Take(id, await UserIdAsync());
        Response.Headers.ContentType = "text/event-stream";
        Response.Headers.CacheControl = "no-cache, no-store";
        Response.Headers["X-Accel-Buffering"] = "no";
        HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        if (ask is null || ask.WorkspaceId != membership!.WorkspaceId)
        {
            await SendAsync("done", Fragment("answer-problem", "This question has expired or belongs to someone else; ask it again."), ct);
            return new EmptyResult();
        }

        try
        {
            var actor = await CurrentUser.ActorAsync();
            var round = 0;
            await foreach (var step in copilot.AskAsync(new CopilotAskRequest(ask.WorkspaceId, ask.ConnectionId, actor, ask.Question), ct))
            {
                switch (step)
                {
                    case CopilotStage stage:
                        await SendAsync("stage", Fragment("stage", stage.Text), ct);
                        break;
                    case CopilotSqlPiece piece:
                        var text = piece.Round > round ? $"\n-- repair round {piece.Round}:\n{piece.Text}" : piece.Text;
                        round = piece.Round;
                        await SendAsync("sql", System.Net.WebUtility.HtmlEncode(text), ct);
                        break;
                    case CopilotSaved saved:
                        var url = $"/Copilot/Index?connection={ask.ConnectionId}&handler=Answer&id={saved.Question.Id}";
                        await SendAsync("done", $"<div hx-get=\"{url}\" hx-trigger=\"load\" hx-target=\"#copilot-answer\" hx-swap=\"innerHTML\"></div>", ct);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The user stopped the answer or left the page: the generation is cancelled with the request.
        }
        catch (QueryException ex)
        {
            await SendAsync("done", Fragment("answer-problem", ex.Message), CancellationToken.None);
        }
        catch (ModelBusyException ex)
        {
            await SendAsync("done", Fragment("answer-problem", ex.Message), CancellationToken.None);
        }

        // The response is the event stream written above; nothing else may be rendered after it.
        return new EmptyResult();
    }

    /// <summary>The Stop button: replacing the stream panel closes the event stream, which cancels the answer.</summary>
    public IActionResult OnGetStopped() => Partial("_AskProblem", "Stopped. Nothing was saved for this question.");

    /// <summary>A saved question with its answer, ready to edit, run, explain or optimize.</summary>
    public async Task<IActionResult> OnGetAnswerAsync(Guid id, CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null || await copilot.FindAsync(membership.WorkspaceId, id, ct) is not { } question || question.ConnectionId is null
            || !await LoadSchemaAsync(question.ConnectionId.Value, ct))
        {
            return NotFound();
        }

        return Partial("_Answer", AnswerView(question, await UserIdAsync()));
    }

    /// <summary>Keeps the user's edit of the SQL (debounced as they type).</summary>
    public async Task<IActionResult> OnPostEditAsync(Guid id, string? sql, CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null)
        {
            return NotFound();
        }

        try
        {
            var question = await copilot.EditAsync(membership.WorkspaceId, id, await CurrentUser.ActorAsync(), sql ?? "", ct);
            return Content(question.IsEdited ? "Edited · saved" : "Saved");
        }
        catch (QueryException ex)
        {
            return Content(ex.Message);
        }
    }

    /// <summary>Thumbs up (accept as an example) or down; the same button again takes the verdict back.</summary>
    public async Task<IActionResult> OnPostFeedbackAsync(Guid id, CopilotFeedback feedback, CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null)
        {
            return NotFound();
        }

        try
        {
            var question = await copilot.SetFeedbackAsync(membership.WorkspaceId, id, await CurrentUser.ActorAsync(), feedback, ct);
            return Partial("_Feedback", new FeedbackView(question, true, null));
        }
        catch (QueryException ex)
        {
            var question = await copilot.FindAsync(membership.WorkspaceId, id, ct);
            return question is null ? NotFound() : Partial("_Feedback", new FeedbackView(question, false, ex.Message));
        }
    }

    /// <summary>The workspace's latest questions on this connection.</summary>
    public async Task<IActionResult> OnGetHistoryAsync(CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null)
        {
            return NotFound();
        }

        return Partial("_History", await copilot.RecentAsync(membership.WorkspaceId, ConnectionId, HistorySize, ct));
    }

    private AnswerView AnswerView(CopilotQuestion question, Guid userId)
    {
        var dialect = Connection!.Engine.ToSqlDialect();
        QueryExplanation? explanation = null;
        if (question.Sql is { } sql && SqlParser.Parse(sql, dialect) is { Error: null, Statements.Count: 1 } parsed)
        {
            explanation = SqlExplainer.Explain(parsed.Statements[0], Schema, dialect);
        }

        return new AnswerView(question, Connection, explanation, question.UserId == userId);
    }

    private async Task<Guid> UserIdAsync() => (await CurrentUser.ActorAsync()).UserId!.Value;

    private static string Fragment(string cssClass, string text) =>
        $"<span class=\"{cssClass}\">{System.Net.WebUtility.HtmlEncode(text)}</span>";

    private async Task SendAsync(string eventName, string data, CancellationToken ct)
    {
        var message = new StringBuilder().Append("event: ").Append(eventName).Append('\n');
        foreach (var line in data.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            message.Append("data: ").Append(line).Append('\n');
        }

        await Response.WriteAsync(message.Append('\n').ToString(), ct);
        await Response.Body.FlushAsync(ct);
    }
}

public sealed record StreamView(Guid Id, Guid ConnectionId, string Question);

public sealed record AnswerView(CopilotQuestion Question, DatabaseConnection Connection, QueryExplanation? Explanation, bool IsOwn);

public sealed record FeedbackView(CopilotQuestion Question, bool IsOwn, string? Problem);
