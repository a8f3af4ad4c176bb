using Appliance.Tests;
using PuppeteerSharp;

namespace Appliance.Web.Tests.Browser;

/// <summary>The copilot page in real headless Chromium: SQL streamed over server-sent events (htmx), then run read-only.</summary>
public sealed class CopilotBrowserTests
{
    [Fact]
    public async Task The_tiny_model_streams_its_SQL_into_the_page_and_the_answer_replaces_the_stream()
    {
        var models = TinyGguf.CreateModelDirectory();
        try
        {
            await using var session = await BrowserSession.StartAsync(new Dictionary<string, string>
            {
                ["Appliance:Copilot:ModelDirectory"] = models,
                ["Appliance:Copilot:ChatModel"] = "tiny-chat.gguf",
                ["Appliance:Copilot:ContextSize"] = "4096",
            });
            var (page, baseUrl, errors) = (session.Page, session.BaseUrl, session.Errors);
            await session.SetUpWithDemoAsync("linus", "Kernel-Hacker-1991", "Ops");
            // The model loads in the background; the page says so until it is ready.
            for (var attempt = 0; ; attempt++)
            {
                await page.GoToAsync(baseUrl + "/Copilot", WaitUntilNavigation.Networkidle0);
                if (await page.EvaluateExpressionAsync<bool>("document.querySelector('[data-testid=model-state]').classList.contains('ready')"))
                {
                    break;
                }

                Assert.True(attempt < 60, await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=model-state]').textContent"));
                await Task.Delay(500, TestContext.Current.CancellationToken);
            }

            await page.TypeAsync("#question", "total amount of payments per method");
            // Count the pieces as they arrive over the event stream, before the saved answer replaces the panel.
            await page.EvaluateExpressionAsync(@"window.__pieces = 0; document.body.addEventListener('htmx:sseMessage', e => { if (e.detail.type === 'sql') window.__pieces++; });");
            await page.ClickAsync("[data-testid=ask]");
            await page.WaitForSelectorAsync("[data-testid=answer]", new WaitForSelectorOptions { Timeout = 30_000 });

            Assert.True(await page.EvaluateExpressionAsync<int>("window.__pieces") > 3, "the SQL should arrive in several server-sent events");
            Assert.Contains("local model tiny-chat", await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=answer-source]').textContent"), StringComparison.Ordinal);
            var sql = await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=answer-sql]').value");
            Assert.Matches("(?i)^\\s*select\\b", sql);
            Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('[data-testid=stream]').length"));
            await session.ScreenshotAsync("copilot-model");
            Assert.Empty(errors);
        }
        finally
        {
            Directory.Delete(models, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_model_the_rule_engine_answers_and_the_SQL_runs_with_its_result_and_chart()
    {
        await using var session = await BrowserSession.StartAsync();
        var (page, baseUrl, errors) = (session.Page, session.BaseUrl, session.Errors);
        await session.SetUpWithDemoAsync("grace", "Compiler-Pioneer-1952", "Ops");
        await page.GoToAsync(baseUrl + "/", WaitUntilNavigation.Networkidle0);
        await Task.WhenAll(page.WaitForNavigationAsync(new NavigationOptions { WaitUntil = [WaitUntilNavigation.Networkidle0] }), page.ClickAsync("[data-testid=copilot-link]"));

        await page.TypeAsync("#question", "top 5 customers by total order amount in 2025");
        await page.Keyboard.DownAsync("Control");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.UpAsync("Control");
        await page.WaitForSelectorAsync("[data-testid=answer-sql]", new WaitForSelectorOptions { Timeout = 30_000 });
        Assert.Contains("No chat model is configured", await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=answer]').textContent"), StringComparison.Ordinal);
        await page.ClickAsync("[data-testid=answer-run]");
        await page.WaitForSelectorAsync("[data-testid=result-grid]");

        Assert.Equal(5, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('[data-testid=result-grid] tbody tr').length"));
        Assert.True(await page.EvaluateExpressionAsync<bool>("!!document.querySelector('svg.result-chart')"));
        await page.ClickAsync("[data-testid=thumbs-up]");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=feedback]').textContent.includes('accepted')");
        await session.ScreenshotAsync("copilot-rules");
        Assert.Empty(errors);
    }
}
