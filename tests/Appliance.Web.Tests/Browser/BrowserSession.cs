using Appliance.Tests;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PuppeteerSharp;

namespace Appliance.Web.Tests.Browser;

/// <summary>
/// The real appliance on Kestrel and one headless Chromium page on it, collecting the page's script errors; most browser
/// tests start from an Owner, a workspace and the demo database.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private BrowserSession(ApplianceFactory factory, IBrowser browser, IPage page, string baseUrl)
    {
        Factory = factory;
        Browser = browser;
        Page = page;
        BaseUrl = baseUrl;
        page.PageError += (_, e) => Errors.Add(e.Message);
        page.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) { Errors.Add(e.Message.Text); } };
    }

    public ApplianceFactory Factory { get; }
    public IBrowser Browser { get; }
    public IPage Page { get; }
    public string BaseUrl { get; }

    /// <summary>Script errors and console errors of the page; tests end by asserting there are none.</summary>
    public List<string> Errors { get; } = [];

    /// <param name="settings">Configuration of the appliance under test (e.g. a copilot model), over the defaults.</param>
    public static async Task<BrowserSession> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var factory = new ApplianceFactory(settings: settings);
        factory.UseKestrel(0);
        factory.StartServer();
        var baseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = TestServers.Chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run", "--disable-quic"],
        });
        var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1400, Height = 1000 });
        return new BrowserSession(factory, browser, page, baseUrl);
    }

    /// <summary>Creates the Owner and the first workspace through the setup pages, then opens the demo database.</summary>
    public async Task SetUpWithDemoAsync(string userName, string password, string workspace)
    {
        await Page.GoToAsync(BaseUrl + "/Setup");
        await Page.TypeAsync("#UserName", userName);
        await Page.TypeAsync("#Password", password);
        await Page.TypeAsync("#ConfirmPassword", password);
        await Task.WhenAll(Page.WaitForNavigationAsync(), Page.ClickAsync("main button.primary"));
        await Page.EvaluateExpressionAsync("document.querySelector('#Name').value = ''");
        await Page.TypeAsync("#Name", workspace);
        await Task.WhenAll(Page.WaitForNavigationAsync(), Page.ClickAsync("main button.primary"));
        await Task.WhenAll(Page.WaitForNavigationAsync(), Page.ClickAsync("[data-testid=open-demo]"));
    }

    /// <summary>A screenshot into $APPLIANCE_SCREENSHOTS when it is set, for looking at the pages; nothing otherwise.</summary>
    public async Task ScreenshotAsync(string name, bool fullPage = true)
    {
        if (Environment.GetEnvironmentVariable("APPLIANCE_SCREENSHOTS") is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            await Page.ScreenshotAsync(Path.Combine(directory, name + ".png"), new ScreenshotOptions { FullPage = fullPage });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Page.DisposeAsync();
        await Browser.DisposeAsync();
        await Factory.DisposeAsync();
    }
}
