using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Schema;

/// <summary>What became of a webhook message: delivered (2xx) or why not, after how many tries.</summary>
public sealed record WebhookDelivery(bool Delivered, int? StatusCode, int Attempts, string? Error, TimeSpan Elapsed)
{
    /// <summary>One line for the audit log and the page (never the URL).</summary>
    public string Describe() => Delivered
        ? $"HTTP {StatusCode} after {Attempts} {(Attempts == 1 ? "try" : "tries")}"
        : $"{Error} ({Attempts} {(Attempts == 1 ? "try" : "tries")})";
}

/// <summary>POSTs JSON to a webhook with a timeout and a few retries; never throws for a failed delivery.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<DriftWatchOptions> options)
{
    public const string HttpClientName = "webhooks";

    public async Task<WebhookDelivery> SendAsync(string url, JsonObject payload, CancellationToken ct = default)
    {
        var settings = options.Value;
        var stopwatch = Stopwatch.StartNew();
        var problem = string.IsNullOrWhiteSpace(url) ? "No webhook URL is set." : WebhookUrls.Problem(url);
        if (problem is not null)
        {
            return new WebhookDelivery(false, null, 0, problem, stopwatch.Elapsed);
        }

        var uri = new Uri(url.Trim());
        // HttpClient ignores user info in a URL; send it the way such URLs mean it (basic authentication), and not in the request line.
        AuthenticationHeaderValue? authorization = null;
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var credentials = Uri.UnescapeDataString(uri.UserInfo);
            authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
            uri = new UriBuilder(uri) { UserName = "", Password = "" }.Uri;
        }

        var body = payload.ToJsonString();
        var client = clients.CreateClient(HttpClientName);
        var attempts = Math.Max(1, settings.WebhookAttempts);
        int? status = null;
        string? error = null;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (attempt > 1 && settings.WebhookRetryDelaySeconds > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(settings.WebhookRetryDelaySeconds * Math.Pow(2, attempt - 2)), ct);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.WebhookTimeoutSeconds));
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = authorization;
            request.Headers.UserAgent.ParseAdd("DatabaseCopilotAppliance/1.0");
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return new WebhookDelivery(true, status, attempt, null, stopwatch.Elapsed);
                }

                error = $"the receiver answered HTTP {status}" + ((int)response.StatusCode is >= 300 and < 400 ? " (redirects are not followed)" : "");
                if (!IsWorthRetrying(response.StatusCode))
                {
                    return new WebhookDelivery(false, status, attempt, error, stopwatch.Elapsed);
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                status = null;
                error = $"no answer within {settings.WebhookTimeoutSeconds} s";
            }
            catch (HttpRequestException ex)
            {
                status = null;
                error = ex.HttpRequestError switch
                {
                    HttpRequestError.NameResolutionError => $"the host {uri.Host} is not known",
                    HttpRequestError.ConnectionError => $"cannot connect to {uri.Host}:{uri.Port}",
                    HttpRequestError.SecureConnectionError => $"the TLS handshake with {uri.Host} failed",
                    _ => "the request failed: " + ex.HttpRequestError,
                };
            }

            if (attempt == attempts)
            {
                return new WebhookDelivery(false, status, attempt, error, stopwatch.Elapsed);
            }
        }

        return new WebhookDelivery(false, status, attempts, error, stopwatch.Elapsed);
    }

    private static bool IsWorthRetrying(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
}
