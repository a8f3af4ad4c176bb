using System.Net;
using System.Text.RegularExpressions;
using Appliance.Core.Access;

namespace Appliance.Web.Tests.Copilot;

/// <summary>
/// The copilot page on the demo database without a model: ask (POST), the event stream (GET, server-sent events), the
/// saved answer, running it through the query page, edits, verdicts and the workspace's history.
/// </summary>
public sealed partial class CopilotPageTests(SetUpAppliance appliance) : IClassFixture<SetUpAppliance>
{
    private string Page => $"/Copilot?connection={appliance.DemoConnectionId}";

    private string Handler(string name) => $"/Copilot/Index?connection={appliance.DemoConnectionId}&handler={name}";

    /// <summary>Asks like the page does and follows the stream to the saved answer: (stream text, answer HTML).</summary>
    private async Task<(string Stream, string Answer, string QuestionId)> AskAsync(TestBrowser browser, string question)
    {
        var posted = await browser.HtmxPostAsync(Handler("Ask"), Page, ("question", question));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var panel = await posted.Content.ReadAsStringAsync();
        var streamUrl = WebUtility.HtmlDecode(StreamUrl().Match(panel).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(streamUrl), panel);

        using var response = await browser.Client.GetAsync(streamUrl, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = await response.Content.ReadAsStringAsync();
        var answerUrl = WebUtility.HtmlDecode(AnswerUrl().Match(stream).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(answerUrl), stream);
        using var request = new HttpRequestMessage(HttpMethod.Get, answerUrl);
        request.Headers.Add("HX-Request", "true");
        var answer = await (await browser.Client.SendAsync(request)).Content.ReadAsStringAsync();
        return (stream, WebUtility.HtmlDecode(answer), QuestionId().Match(answerUrl).Groups[1].Value);
    }

    [Fact]
    public async Task A_viewer_asks_without_a_model_and_gets_checked_SQL_that_runs_read_only()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var page = await viewer.Client.GetStringAsync(Page);
        var (stream, answer, _) = await AskAsync(viewer, "how many customers are there");

        Assert.Contains("No local model is configured", page, StringComparison.Ordinal);
        Assert.Contains("event: stage", stream, StringComparison.Ordinal);
        Assert.Contains("built-in rule engine", stream, StringComparison.Ordinal);
        Assert.Contains("No chat model is configured; the built-in rule engine answered.", answer, StringComparison.Ordinal);
        var sql = SqlBox().Match(answer).Groups[1].Value;
        Assert.Matches("(?is)count\\(.*\\bcustomers\\b", sql);
        Assert.Contains("data-testid=\"tables-used\"", answer, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"answer-explanation\"", answer, StringComparison.Ordinal);

        var ran = await viewer.HtmxPostAsync($"/Query/Index?connection={appliance.DemoConnectionId}&handler=Run", Page, ("sql", sql));
        var expected = await viewer.HtmxPostAsync($"/Query/Index?connection={appliance.DemoConnectionId}&handler=Run", Page, ("sql", "SELECT count(*) FROM customers"));
        Assert.Equal(FirstCell().Match(await expected.Content.ReadAsStringAsync()).Groups[1].Value,
            FirstCell().Match(await ran.Content.ReadAsStringAsync()).Groups[1].Value);
    }

    [Fact]
    public async Task A_question_the_rule_engine_does_not_understand_says_so_and_is_kept_in_the_history()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var (_, answer, _) = await AskAsync(viewer, "why did our sales drop so much");
        using var request = new HttpRequestMessage(HttpMethod.Get, Handler("History"));
        request.Headers.Add("HX-Request", "true");
        var history = WebUtility.HtmlDecode(await (await viewer.Client.SendAsync(request)).Content.ReadAsStringAsync());

        Assert.Contains("data-testid=\"not-understood\"", answer, StringComparison.Ordinal);
        Assert.Contains("Not understood", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"answer-sql\"", answer, StringComparison.Ordinal);
        Assert.Contains("why did our sales drop so much", history, StringComparison.Ordinal);
        Assert.Contains("not understood", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edits_and_verdicts_are_saved_for_the_asker_only_and_an_accepted_pair_opens_in_the_query_editor()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        using var editor = await appliance.SignedInAsync(WorkspaceRole.Editor);
        var (_, _, id) = await AskAsync(viewer, "how many products are there");
        const string edited = "SELECT count(*) AS product_count FROM products";

        var edit = await viewer.HtmxPostAsync(Handler("Edit") + "&id=" + id, Page, ("sql", edited));
        var up = await viewer.HtmxPostAsync(Handler("Feedback") + "&id=" + id + "&feedback=Up", Page);
        var byOther = await editor.HtmxPostAsync(Handler("Feedback") + "&id=" + id + "&feedback=Down", Page);
        var editByOther = await editor.HtmxPostAsync(Handler("Edit") + "&id=" + id, Page, ("sql", "SELECT 1"));
        var editorPage = await editor.Client.GetStringAsync($"/Query?connection={appliance.DemoConnectionId}&copilot={id}");

        Assert.Equal("Edited · saved", await edit.Content.ReadAsStringAsync());
        Assert.Contains("accepted: an example for later questions", await up.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Only the user who asked", WebUtility.HtmlDecode(await byOther.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("Only the user who asked", WebUtility.HtmlDecode(await editByOther.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        // A member of the workspace opens the accepted SQL (the edit, not the proposal) in the query editor.
        Assert.Contains(WebUtility.HtmlEncode(edited), editorPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_message_and_a_stream_is_the_askers_only()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        using var editor = await appliance.SignedInAsync(WorkspaceRole.Editor);

        var empty = await (await viewer.HtmxPostAsync(Handler("Ask"), Page, ("question", "   "))).Content.ReadAsStringAsync();
        var tooLong = await (await viewer.HtmxPostAsync(Handler("Ask"), Page, ("question", new string('x', 2001)))).Content.ReadAsStringAsync();
        var panel = await (await viewer.HtmxPostAsync(Handler("Ask"), Page, ("question", "how many orders"))).Content.ReadAsStringAsync();
        var streamUrl = WebUtility.HtmlDecode(StreamUrl().Match(panel).Groups[1].Value);
        var stolen = await editor.Client.GetStringAsync(streamUrl);
        var own = await viewer.Client.GetStringAsync(streamUrl);

        Assert.Contains("Type a question first", WebUtility.HtmlDecode(empty), StringComparison.Ordinal);
        Assert.Contains("longer than 2,000 characters", WebUtility.HtmlDecode(tooLong), StringComparison.Ordinal);
        Assert.Contains("expired or belongs to someone else", WebUtility.HtmlDecode(stolen), StringComparison.Ordinal);
        // The editor's attempt did not use up the viewer's question.
        Assert.Contains("handler=Answer", own, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_sign_in_and_posts_need_the_antiforgery_token()
    {
        using var anonymous = appliance.Factory.Browser();
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var page = await anonymous.Client.GetAsync(Page);
        var stream = await anonymous.Client.GetAsync(Handler("Stream") + "&id=" + Guid.NewGuid());
        var withoutToken = await viewer.Client.PostAsync(Handler("Ask"), new FormUrlEncodedContent([new("question", "how many orders")]));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/SignIn", page.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, stream.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
    }

    [GeneratedRegex("sse-connect=\"([^\"]+)\"")]
    private static partial Regex StreamUrl();

    [GeneratedRegex("hx-get=\"([^\"]*handler=Answer[^\"]*)\"")]
    private static partial Regex AnswerUrl();

    [GeneratedRegex("[?&]id=([0-9a-f-]{36})")]
    private static partial Regex QuestionId();

    [GeneratedRegex("(?s)data-testid=\"answer-sql\"[^>]*>(.*?)</textarea>")]
    private static partial Regex SqlBox();

    [GeneratedRegex("(?s)<td class=\"num rownum\">1</td>\\s*<td[^>]*>([^<]*)</td>")]
    private static partial Regex FirstCell();
}
