namespace Appliance.Infrastructure.Schema;

/// <summary>Drift watch and its webhooks. Section "Appliance:DriftWatch"; e.g. Appliance__DriftWatch__PollSeconds.</summary>
public sealed class DriftWatchOptions
{
    public const string SectionName = "Appliance:DriftWatch";

    /// <summary>Whether the background service runs at all (connections' schedules are kept either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the service looks for connections whose schedule is due.</summary>
    public int PollSeconds { get; set; } = 60;

    /// <summary>How long one webhook request may take.</summary>
    public int WebhookTimeoutSeconds { get; set; } = 10;

    /// <summary>Tries per webhook message (the first one included); a network error, timeout, 429 or 5xx is tried again.</summary>
    public int WebhookAttempts { get; set; } = 3;

    /// <summary>Pause before the second try; doubled before each further one.</summary>
    public int WebhookRetryDelaySeconds { get; set; } = 5;

    /// <summary>The appliance's address as users reach it (e.g. https://copilot.example.internal), for links in webhook messages; without it they carry a path only.</summary>
    public string? PublicUrl { get; set; }
}
