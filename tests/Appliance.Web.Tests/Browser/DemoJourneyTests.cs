using Appliance.Tests;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PuppeteerSharp;

namespace Appliance.Web.Tests.Browser;

/// <summary>The newcomer's first minutes, in real headless Chromium against the appliance on a real port.</summary>
public sealed class DemoJourneyTests
{
    [Fact]
    public async Task Setup_sign_in_open_the_demo_and_see_its_tables()
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
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        await using var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });
        var errors = new List<string>();
        page.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) { errors.Add(e.Message.Text); } };
        page.PageError += (_, e) => errors.Add(e.Message);

        // Setup: the Owner account, then the first workspace.
        await page.GoToAsync(baseUrl + "/");
        Assert.EndsWith("/Setup", page.Url, StringComparison.Ordinal);
        await page.TypeAsync("#UserName", "ada");
        await page.TypeAsync("#Password", "Analytical-Engine-1843");
        await page.TypeAsync("#ConfirmPassword", "Analytical-Engine-1843");
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("main button.primary"));
        Assert.EndsWith("/Setup/Workspace", page.Url, StringComparison.Ordinal);
        await page.EvaluateExpressionAsync("document.querySelector('#Name').value = ''");
        await page.TypeAsync("#Name", "Analytics");
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("main button.primary"));
        await Screenshot(page, "home-empty");

        // Sign out and in again, as the newcomer would the next day.
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync(".sidebar-footer button"));
        Assert.Contains("/Account/SignIn", page.Url, StringComparison.Ordinal);
        await page.TypeAsync("#UserName", "ada");
        await page.TypeAsync("#Password", "Analytical-Engine-1843");
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("main button.primary"));
        Assert.Equal("Analytics", await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=current-workspace]').textContent"));

        // One click to the demo database, which lands on its tables.
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("[data-testid=open-demo]"));
        Assert.Contains("/Schema?connection=", page.Url, StringComparison.Ordinal);
        var tables = await page.EvaluateExpressionAsync<string[]>(
            "[...document.querySelectorAll('[data-testid=table-list] tbody tr td:nth-child(2)')].map(td => td.textContent.trim())");
        Assert.Contains("customers", tables);
        Assert.Contains("order_lines", tables);
        Assert.Contains("shipment_lines", tables);
        Assert.Contains("order_totals", tables);
        Assert.InRange(tables.Length, 14, 24);
        await Screenshot(page, "schema-demo");

        // Instant search narrows the list through htmx without a page load.
        await page.TypeAsync("[data-testid=table-search]", "shipment");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=table-list] tbody tr').length === 2");
        var found = await page.EvaluateExpressionAsync<string[]>(
            "[...document.querySelectorAll('[data-testid=table-list] tbody tr td:nth-child(2)')].map(td => td.textContent.trim())");
        Assert.Equal(["shipment_lines", "shipments"], found.Order(StringComparer.Ordinal));

        // The table page links foreign keys both ways.
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("[data-testid=table-list] a[href$='name=shipment_lines']"));
        Assert.Equal("shipment_lines", (await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=table-name]').firstChild.textContent")).Trim());
        var outgoing = await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=fk-out]').textContent");
        Assert.Contains("order_lines", outgoing, StringComparison.Ordinal);
        Assert.Contains("shipments", outgoing, StringComparison.Ordinal);
        await Screenshot(page, "table-shipment-lines");

        Assert.Empty(errors);
    }

    /// <summary>Saved when APPLIANCE_SCREENSHOTS names a directory, so a person can look at the pages.</summary>
    private static async Task Screenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("APPLIANCE_SCREENSHOTS") is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            await page.ScreenshotAsync(Path.Combine(directory, name + ".png"), new ScreenshotOptions { FullPage = true });
        }
    }
}
