using Appliance.Tests;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PuppeteerSharp;
using PuppeteerSharp.Input;

namespace Appliance.Web.Tests.Browser;

/// <summary>The query page in real headless Chromium: Monaco with schema completion, Ctrl+Enter, the chart, and Cancel.</summary>
public sealed class QueryPageBrowserTests
{
    [Fact]
    public async Task Complete_run_chart_and_cancel_in_the_browser()
    {
        var chromium = TestServers.Chromium;
        await using var factory = new ApplianceFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        var baseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run", "--disable-quic"],
        });
        await using var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1400, Height = 1000 });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e.Message);
        page.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) { errors.Add(e.Message.Text); } };

        await page.GoToAsync(baseUrl + "/Setup");
        await page.TypeAsync("#UserName", "grace");
        await page.TypeAsync("#Password", "Compiler-Pioneer-1952");
        await page.TypeAsync("#ConfirmPassword", "Compiler-Pioneer-1952");
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("main button.primary"));
        await page.EvaluateExpressionAsync("document.querySelector('#Name').value = ''");
        await page.TypeAsync("#Name", "Ops");
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("main button.primary"));
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("[data-testid=open-demo]"));

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
        await Screenshot(page, "query-result-chart");

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

    private static async Task Screenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("APPLIANCE_SCREENSHOTS") is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            await page.ScreenshotAsync(Path.Combine(directory, name + ".png"), new ScreenshotOptions { FullPage = true });
        }
    }
}
