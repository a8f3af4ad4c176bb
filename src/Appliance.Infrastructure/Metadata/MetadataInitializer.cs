using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Keystore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Metadata;

/// <summary>
/// Runs before the appliance serves anything: creates the data directory, applies the metadata migrations and proves that
/// every stored secret decrypts with the configured key, refusing to start otherwise.
/// </summary>
public sealed partial class MetadataInitializer(MetadataDbContext db, ConnectionService connections, IOptions<ApplianceOptions> options, ILogger<MetadataInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        options.Value.EnsureDataDirectory();
        await db.Database.MigrateAsync(ct);
        var verified = await connections.VerifyAllSecretsAsync(ct);
        LogReady(logger, db.Database.ProviderName ?? "?", verified);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Metadata store ready ({Provider}); {Count} stored connection secrets verified")]
    private static partial void LogReady(ILogger logger, string provider, int count);
}
