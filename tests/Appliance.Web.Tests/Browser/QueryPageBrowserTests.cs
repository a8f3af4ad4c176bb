using PuppeteerSharp;
using PuppeteerSharp.Input;

namespace Appliance.Web.Tests.Browser;

/// <summary>The query page in real headless Chromium: Monaco with schema completion, Ctrl+Enter, the chart, and Cancel.</summary>
public sealed class QueryPageBrowserTests
{
    [Fact]
    public async Task Complete_run_chart_and_cancel_in_the_browser()
    {
        await using var session = await BrowserSession.StartAsync();
        var (page, baseUrl, errors) = (session.Page, session.BaseUrl, session.Errors);
        await session.SetUpWithDemoAsync("grace", "Compiler-Pioneer-1952", "Ops");

        await page.GoToAsync(baseUrl + "/Query", WaitUntilNavigation.Networkidle0);
        await page.WaitForFunctionAsync("() => document.querySelector('#query-page').classList.contains('has-editor')");

        // Completion offers the demo's tables, with their comments, while typing.
        await page.EvaluateExpressionAsync("window.applianceEditor.setValue(''); window.applianceEditor.focus()");
        await page.Keyboard.TypeAsync("SELECT * FROM cust");
        await page.Keyboard.DownAsync(Key.Control);
        await page.Keyboard.PressAsync(" ");
        await page.Keyboard.UpAsync(Key.Control);
        await page.WaitForSelectorAsync(".suggest-widget.visible .monaco-list-row", new WaitForSelectorOptions { Timeout = 10000 });
        var suggestions = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('.suggest-widget .monaco-list-row .label-name')].map(e => e.textContent)");
        Assert.Contains("customers", suggestions);
        await page.Keyboard.PressAsync(Key.Escape);

        // Ctrl+Enter runs; a grouped count is drawn as bars, one per group.
        await page.EvaluateExpressionAsync("window.applianceEditor.setValue(\"SELECT status, count(*) AS orders FROM orders GROUP BY status ORDER BY status\")");
        await page.FocusAsync(".monaco-editor textarea");
        await page.Keyboard.DownAsync(Key.Control);
        await page.Keyboard.PressAsync(Key.Enter);
        await page.Keyboard.UpAsync(Key.Control);
        await page.WaitForSelectorAsync("[data-testid=result-grid]", new WaitForSelectorOptions { Timeout = 15000 });
        var rows = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('[data-testid=result-grid] tbody tr').length");
        var bars = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('[data-testid=chart] svg rect.bar').length");
        Assert.True(rows > 1);
        Assert.Equal(rows, bars);
        await session.ScreenshotAsync("query-result-chart");

        // A long query is stopped by Cancel.
        await page.EvaluateExpressionAsync(
            "window.applianceEditor.setValue(\"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500000000) SELECT count(*) FROM c\")");
        await page.ClickAsync("[data-testid=run]");
        await page.WaitForSelectorAsync("#run-progress", new WaitForSelectorOptions { Visible = true });
        await Task.Delay(500);
        await page.ClickAsync("[data-testid=cancel]");
        await page.WaitForSelectorAsync("[data-testid=query-error]", new WaitForSelectorOptions { Timeout = 20000 });
        var message = await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=query-error]').textContent");
        Assert.Contains("cancelled", message, StringComparison.OrdinalIgnoreCase);

        Assert.Empty(errors);
    }
}
