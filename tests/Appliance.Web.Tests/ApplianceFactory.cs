using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Appliance.Web.Tests;

/// <summary>The real appliance (real Kestrel pipeline, real SQLite metadata store) in a fresh data directory.</summary>
public sealed class ApplianceFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> _settings;

    public ApplianceFactory(string? dataDirectory = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("appliance-web-").FullName;
        _settings = settings ?? new Dictionary<string, string>();
    }

    public string DataDirectory { get; }

    public bool KeepDataDirectory { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Appliance:DataDirectory", DataDirectory);
        builder.UseSetting("Appliance:ConnectTimeoutSeconds", "5");
        // Tests sign in far more often than a person; the limit itself has its own test.
        builder.UseSetting("Appliance:Security:SignInAttemptsPerMinute", "100000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingLoggerProvider(Logs)));
    }

    /// <summary>Every log line the appliance wrote, at every level, to check that no secret is ever logged.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see where they would go.</summary>
    public TestBrowser Browser() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && !KeepDataDirectory)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }
        }
    }
}

/// <summary>Forms the way a browser sends them: with the antiforgery token of the page they came from.</summary>
public sealed partial class TestBrowser(HttpClient client) : IDisposable
{
    public HttpClient Client { get; } = client;

    public async Task<string> GetTokenAsync(string pageUrl)
    {
        var response = await Client.GetAsync(pageUrl);
        for (var hops = 0; response.StatusCode == HttpStatusCode.Redirect && hops < 3; hops++)
        {
            response = await Client.GetAsync(response.Headers.Location);
        }

        var html = await response.Content.ReadAsStringAsync();
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"No antiforgery token on {pageUrl}");
        return WebUtility.HtmlDecode(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value);
    }

    public async Task<HttpResponseMessage> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, string? tokenPage = null)
    {
        var token = await GetTokenAsync(tokenPage ?? PathOnly(url));
        var content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token)));
        return await Client.PostAsync(url, content);
    }

    public Task<HttpResponseMessage> PostFormAsync(string url, params (string Key, string Value)[] fields) =>
        PostFormAsync(url, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    /// <summary>A form post the way htmx sends it: HX-Request and the page's antiforgery token in the header.</summary>
    public async Task<HttpResponseMessage> HtmxPostAsync(string url, string tokenPage, params (string Key, string Value)[] fields)
    {
        var token = await GetTokenAsync(tokenPage);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        return await Client.SendAsync(request);
    }

    public async Task SignInAsync(string userName, string password)
    {
        var response = await PostFormAsync("/Account/SignIn", ("UserName", userName), ("Password", password));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public void Dispose() => Client.Dispose();

    private static string PathOnly(string url) => url.Split('?')[0];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"|\"RequestVerificationToken\": \"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

internal sealed class CapturingLoggerProvider(System.Collections.Concurrent.ConcurrentQueue<string> sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, sink);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, System.Collections.Concurrent.ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}
