namespace Appliance.Infrastructure.Schema;

/// <summary>Checks and redacts webhook addresses.</summary>
public static class WebhookUrls
{
    public const int MaxLength = 2000;

    /// <summary>Why the address is not an acceptable webhook URL; null when it is (or is empty: no webhook).</summary>
    public static string? Problem(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        if (url.Length > MaxLength)
        {
            return $"A webhook URL is at most {MaxLength} characters.";
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host)
            || url.Trim().Any(char.IsWhiteSpace))
        {
            return "Give the webhook as an http:// or https:// address, e.g. https://chat.example.internal/hooks/schema.";
        }

        return null;
    }

    /// <summary>
    /// The address as logs and the audit log show it: scheme, host and port only. User info is a credential, and the
    /// path or query of many chat webhooks is one too.
    /// </summary>
    public static string Redact(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return "(invalid address)";
        }

        var origin = uri.IsDefaultPort ? $"{uri.Scheme}://{uri.Host}" : $"{uri.Scheme}://{uri.Host}:{uri.Port}";
        return uri.PathAndQuery is "/" or "" ? origin : origin + "/…";
    }
}
