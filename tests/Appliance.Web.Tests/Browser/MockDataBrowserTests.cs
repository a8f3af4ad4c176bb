using System.IO.Compression;
using Appliance.Core.Connections;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Demo;
using Appliance.Infrastructure.Metadata;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PuppeteerSharp;
using PuppeteerSharp.Input;

namespace Appliance.Web.Tests.Browser;

/// <summary>The mock data page in real headless Chromium: the plan and preview follow the form, and a download streams with its progress.</summary>
public sealed class MockDataBrowserTests
{
    [Fact]
    public async Task Change_a_row_count_see_the_preview_follow_and_download_the_zip()
    {
        await using var session = await BrowserSession.StartAsync();
        var (factory, page, baseUrl, errors) = (session.Factory, session.Page, session.BaseUrl, session.Errors);
        var downloads = Directory.CreateTempSubdirectory("appliance-downloads-").FullName;
        await page.Client.SendAsync("Page.setDownloadBehavior", new { behavior = "allow", downloadPath = downloads });
        await session.SetUpWithDemoAsync("grace", "Compiler-Pioneer-1952", "Ops");

        // From the home page's tile to the page, which shows the first table in load order with 20 preview rows.
        await page.GoToAsync(baseUrl + "/", WaitUntilNavigation.Networkidle0);
        await Task.WhenAll(page.WaitForNavigationAsync(new NavigationOptions { WaitUntil = [WaitUntilNavigation.Networkidle0] }), page.ClickAsync("[data-testid=mock-link]"));
        Assert.Equal(20, await PreviewRowsAsync(page));

        // Only orders: its parent customers is added and said so in the list.
        await page.ClickAsync("[data-testid=select-none]");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=mock-summary]').textContent.includes('No table is chosen')");
        await page.ClickAsync("li[data-table='main.orders'] input[name=t]");
        await page.WaitForFunctionAsync("() => document.querySelector(\"li[data-table='main.customers'] .mock-status\").textContent.includes('added: needed by orders.customer_id')");
        Assert.Equal("1 of 18 chosen", await page.EvaluateExpressionAsync<string>("document.querySelector('[data-selected-count]').textContent"));

        // Show orders, then type a row count: the preview follows.
        await page.ClickAsync("li[data-table='main.orders'] .table-name");
        await page.WaitForSelectorAsync("[data-testid=mock-focus][data-table='main.orders']");
        await page.ClickAsync("[data-testid=rows-orders]");
        await page.Keyboard.TypeAsync("7");
        await page.Keyboard.PressAsync(Key.Tab);
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=preview-grid] tbody tr').length === 7");
        Assert.Contains("7 rows", await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=focus-rows]').textContent"));
        Assert.Contains("107", await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=total-rows]').textContent"));
        await session.ScreenshotAsync("mock-orders-7");

        // An override typed into two fields, the second while the first one's plan is on its way: both count.
        await page.ClickAsync("[data-testid=override-total_amount]");
        await page.WaitForSelectorAsync("[data-testid=override-editor]");
        await page.EvaluateExpressionAsync(
            "const min = document.querySelector('[data-testid=ov-min]'); min.value = '100'; min.dispatchEvent(new Event('change', { bubbles: true }));" +
            "document.querySelector('[data-testid=ov-max]').value = '200';");
        await page.WaitForFunctionAsync("() => { const o = JSON.parse(document.querySelector('[data-testid=overrides-json]').value); return o.length === 1 && o[0].min === '100' && o[0].max === '200'; }");
        Assert.Equal("200", await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=ov-max]').value"));
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-testid=preview-grid] tbody tr td:last-child')].every(td => +td.textContent >= 100 && +td.textContent <= 200)");
        await page.ClickAsync("[data-testid=ov-reset]");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=overrides-json]').value === '[]'");

        // Download: a real form post the browser saves to disk, with its progress shown until it is done.
        await page.ClickAsync("[data-testid=download]");
        await page.WaitForSelectorAsync("[data-testid=download-done]", new WaitForSelectorOptions { Timeout = 20000 });
        var status = await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=download-done]').textContent");
        Assert.Contains("107 rows in 2 tables", status, StringComparison.Ordinal);
        var file = Path.Combine(downloads, "demo-order-management-mock-seed1-csv.zip");
        for (var i = 0; i < 100 && !File.Exists(file); i++)
        {
            await Task.Delay(100);
        }

        using (var zip = ZipFile.OpenRead(file))
        {
            using var reader = new StreamReader(zip.GetEntry("main.orders.csv")!.Open());
            Assert.Equal(1 + 7, reader.ReadToEnd().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        }

        Assert.Contains("/MockData?connection=", page.Url, StringComparison.Ordinal);
        await session.ScreenshotAsync("mock-downloaded");

        // Load: an empty copy of the demo's schema, writable, offered as the target; confirm, then the progress until done.
        var sandbox = Path.Combine(Directory.CreateDirectory(Path.Combine(factory.DataDirectory, "sqlite")).FullName, "sandbox.db");
        await using (var connection = new SqliteConnection($"Data Source={sandbox};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = DemoDatabase.Script();
            await command.ExecuteNonQueryAsync();
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MetadataDbContext>();
            var workspace = await db.Workspaces.SingleAsync();
            await scope.ServiceProvider.GetRequiredService<ConnectionService>().ApplyAsync(workspace.Id, null,
                new ConnectionInput { Name = "Sandbox", Engine = DatabaseEngine.Sqlite, DatabaseName = sandbox, IsReadOnly = false });
            await db.SaveChangesAsync();
        }

        await page.GoToAsync(page.Url, WaitUntilNavigation.Networkidle0);
        var total = await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=total-rows]').textContent");
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.querySelector('[data-testid=load]').disabled"));
        await page.SelectAsync("[data-testid=target]", await page.EvaluateExpressionAsync<string>("[...document.querySelectorAll('[data-testid=target] option')].find(o => o.textContent.startsWith('Sandbox')).value"));
        Assert.False(await page.EvaluateExpressionAsync<bool>("document.querySelector('[data-testid=load]').disabled"));
        await page.ClickAsync("[data-testid=load]");
        await page.WaitForSelectorAsync("[data-testid=load-confirm]");
        Assert.Contains($"This inserts {total} rows into Sandbox", await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=load-confirm]').textContent.replace(/\\s+/g, ' ')"), StringComparison.Ordinal);
        await session.ScreenshotAsync("mock-load-confirm");
        await page.ClickAsync("[data-testid=confirm-load]");
        await page.WaitForSelectorAsync("[data-testid=load-status]");
        await page.WaitForSelectorAsync("[data-testid=load-done]", new WaitForSelectorOptions { Timeout = 30000 });
        Assert.Contains($"Loaded {total} rows into Sandbox", await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=load-done]').textContent.replace(/\\s+/g, ' ')"), StringComparison.Ordinal);
        await session.ScreenshotAsync("mock-loaded");
        await using (var connection = new SqliteConnection($"Data Source={sandbox};Pooling=False;Mode=ReadOnly"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM orders";
            Assert.Equal(100L, await command.ExecuteScalarAsync());
        }

        Assert.Empty(errors);
        Directory.Delete(downloads, recursive: true);
    }

    private static Task<int> PreviewRowsAsync(IPage page) =>
        page.EvaluateExpressionAsync<int>("document.querySelectorAll('[data-testid=preview-grid] tbody tr').length");
}
