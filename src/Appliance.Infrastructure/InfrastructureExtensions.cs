using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Copilot;
using Appliance.Infrastructure.Copilot.Models;
using Appliance.Infrastructure.Copilot.Retrieval;
using Appliance.Core.Copilot.Retrieval;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.Keystore;
using Appliance.Infrastructure.Metadata;
using Appliance.Infrastructure.MockData;
using Appliance.Infrastructure.Notifications;
using Appliance.Infrastructure.Query;
using Appliance.Infrastructure.Schema;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure;

public static class InfrastructureExtensions
{
    /// <summary>Options of the "Appliance" section, validated at start.</summary>
    public static IServiceCollection AddApplianceOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApplianceOptions>().Bind(configuration.GetSection(ApplianceOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Appliance:DataDirectory must be set.")
            .Validate(o => o.ConnectTimeoutSeconds is >= 1 and <= 300, "Appliance:ConnectTimeoutSeconds must be 1 to 300.")
            .ValidateOnStart();
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.SectionName))
            .Validate(o => o.PasswordMinimumLength is >= 8 and <= 128, "Appliance:Security:PasswordMinimumLength must be 8 to 128.")
            .Validate(o => o.LockoutThreshold is >= 1 and <= 100, "Appliance:Security:LockoutThreshold must be 1 to 100.")
            .Validate(o => o.LockoutMinutes is >= 1 and <= 1440, "Appliance:Security:LockoutMinutes must be 1 to 1440.")
            .Validate(o => o.SessionHours is >= 1 and <= 720, "Appliance:Security:SessionHours must be 1 to 720.")
            .Validate(o => o.SignInAttemptsPerMinute >= 1, "Appliance:Security:SignInAttemptsPerMinute must be at least 1.")
            .ValidateOnStart();
        services.AddOptions<MetadataOptions>().Bind(configuration.GetSection(MetadataOptions.SectionName))
            .Validate(o => o.Provider != MetadataProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Appliance:Metadata:ConnectionString is required when Appliance:Metadata:Provider is Postgres.")
            .ValidateOnStart();
        services.AddOptions<KeystoreOptions>().Bind(configuration.GetSection(KeystoreOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<QueryOptions>().Bind(configuration.GetSection(QueryOptions.SectionName))
            .Validate(o => o.StatementTimeoutSeconds is >= 1 and <= 3600, "Appliance:Query:StatementTimeoutSeconds must be 1 to 3600.")
            .Validate(o => o.MaxRows is >= 1 and <= 1_000_000, "Appliance:Query:MaxRows must be 1 to 1000000.")
            .Validate(o => o.MaxBytes is >= 1024 and <= 1024L * 1024 * 1024, "Appliance:Query:MaxBytes must be 1024 (1 KiB) to 1073741824 (1 GiB).")
            .Validate(o => o.MaxConcurrentRunsPerUser is >= 1 and <= 100, "Appliance:Query:MaxConcurrentRunsPerUser must be 1 to 100.")
            .Validate(o => o.HistorySqlMaxLength is >= 100 and <= QueryRunner.MaxSqlLength, "Appliance:Query:HistorySqlMaxLength must be 100 to 1000000.")
            .ValidateOnStart();
        services.AddOptions<DriftWatchOptions>().Bind(configuration.GetSection(DriftWatchOptions.SectionName))
            .Validate(o => o.PollSeconds is >= 5 and <= 3600, "Appliance:DriftWatch:PollSeconds must be 5 to 3600.")
            .Validate(o => o.WebhookTimeoutSeconds is >= 1 and <= 120, "Appliance:DriftWatch:WebhookTimeoutSeconds must be 1 to 120.")
            .Validate(o => o.WebhookAttempts is >= 1 and <= 10, "Appliance:DriftWatch:WebhookAttempts must be 1 to 10.")
            .Validate(o => o.WebhookRetryDelaySeconds is >= 0 and <= 300, "Appliance:DriftWatch:WebhookRetryDelaySeconds must be 0 to 300.")
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicUrl) || (WebhookUrls.Problem(o.PublicUrl) is null && !o.PublicUrl.Contains('@', StringComparison.Ordinal)),
                "Appliance:DriftWatch:PublicUrl must be an http:// or https:// address such as https://copilot.example.internal.")
            .ValidateOnStart();
        services.AddOptions<CopilotOptions>().Bind(configuration.GetSection(CopilotOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.VectorStore != VectorStoreKind.Qdrant || Uri.TryCreate(o.QdrantUrl, UriKind.Absolute, out _),
                "Appliance:Copilot:QdrantUrl must be an address such as http://qdrant:6334 when Appliance:Copilot:VectorStore is Qdrant.")
            .Validate(o => o.PromptBudgetTokens + o.MaxAnswerTokens <= o.ContextSize,
                "Appliance:Copilot:PromptBudgetTokens plus MaxAnswerTokens must fit in Appliance:Copilot:ContextSize.")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>The metadata store: SQLite in the data directory by default, PostgreSQL when configured.</summary>
    public static IServiceCollection AddMetadataStore(this IServiceCollection services, IConfiguration configuration)
    {
        var metadata = configuration.GetSection(MetadataOptions.SectionName).Get<MetadataOptions>() ?? new MetadataOptions();
        if (metadata.Provider == MetadataProvider.Postgres)
        {
            services.AddDbContext<PostgresMetadataDbContext>(o => o.UseNpgsql(metadata.ConnectionString));
            services.AddScoped<MetadataDbContext>(sp => sp.GetRequiredService<PostgresMetadataDbContext>());
        }
        else
        {
            services.AddDbContext<SqliteMetadataDbContext>((sp, o) =>
            {
                var dataDirectory = sp.GetRequiredService<IOptions<ApplianceOptions>>().Value.DataDirectoryFullPath;
                var connectionString = string.IsNullOrWhiteSpace(metadata.ConnectionString)
                    ? $"Data Source={Path.Combine(dataDirectory, "appliance.db")};Foreign Keys=True"
                    : metadata.ConnectionString;
                o.UseSqlite(connectionString);
            });
            services.AddScoped<MetadataDbContext>(sp => sp.GetRequiredService<SqliteMetadataDbContext>());
        }

        return services;
    }

    /// <summary>The embedded keystore: envelope encryption under a local key ring.</summary>
    public static IServiceCollection AddKeystore(this IServiceCollection services)
    {
        services.AddSingleton<IKeyEncryptionKeyProvider>(sp =>
            LocalKeyRing.Load(
                sp.GetRequiredService<IOptions<KeystoreOptions>>().Value,
                sp.GetRequiredService<IOptions<ApplianceOptions>>().Value.EnsureDataDirectory()));
        services.AddSingleton<SecretProtector>();
        return services;
    }

    public static IServiceCollection AddDatabaseEngines(this IServiceCollection services)
    {
        services.AddSingleton<IDatabaseEngineAdapter, PostgresEngineAdapter>();
        services.AddSingleton<IDatabaseEngineAdapter, MySqlEngineAdapter>();
        services.AddSingleton<IDatabaseEngineAdapter, SqlServerEngineAdapter>();
        services.AddSingleton<IDatabaseEngineAdapter, SqliteEngineAdapter>();
        services.AddSingleton<DatabaseEngines>();
        return services;
    }

    /// <summary>Accounts, connections, ingestion and audit: the application services over the metadata store.</summary>
    public static IServiceCollection AddApplianceServices(this IServiceCollection services)
    {
        // Parsed schemas: about 100 small ones, or a few of thousands of tables (see SchemaIngestionService).
        services.AddMemoryCache(o => o.SizeLimit = 100);
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AccountService>();
        services.AddScoped<WorkspaceService>();
        services.AddScoped<ConnectionService>();
        services.AddScoped<SchemaIngestionService>();
        services.AddScoped<MetadataInitializer>();
        services.AddQuery();
        services.AddMockData();
        services.AddSchemaHistory();
        services.AddCopilot();
        return services;
    }

    /// <summary>The query copilot: the local model host and retrieval are shared; the pipeline and the workspace rules are per request.</summary>
    public static IServiceCollection AddCopilot(this IServiceCollection services)
    {
        services.AddOptions<CopilotOptions>();
        services.AddCopilotModels();
        services.AddSingleton<ITokenCounter, TiktokenTokenCounter>();
        // Vectors: the embedded index in the data directory unless Qdrant is configured; embeddings: the GGUF embedding
        // model when one is configured, else the built-in lexical embedding.
        services.AddSingleton<IVectorIndex>(sp => sp.GetRequiredService<IOptions<CopilotOptions>>().Value.VectorStore == VectorStoreKind.Qdrant
            ? new QdrantVectorIndex(sp.GetRequiredService<IOptions<CopilotOptions>>())
            : new EmbeddedVectorIndex(sp.GetRequiredService<IOptions<ApplianceOptions>>()));
        services.AddSingleton<IEmbedder>(sp => string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<CopilotOptions>>().Value.EmbeddingModel)
            ? new LexicalEmbedder()
            : sp.GetRequiredService<LocalEmbedder>());
        services.AddSingleton<SchemaRetriever>();
        services.AddSingleton<CopilotPromptSource>();
        services.AddScoped<SqlAnswerValidator>();
        services.AddScoped<CopilotPromptSource>();
        services.AddScoped<CopilotPipeline>();
        services.AddScoped<CopilotService>();
        return services;
    }

    /// <summary>Schema versions and diffs, drift watch (a background service) with its webhooks, notifications and saved ERD positions.</summary>
    public static IServiceCollection AddSchemaHistory(this IServiceCollection services)
    {
        services.AddOptions<DriftWatchOptions>();
        services.AddScoped<SchemaHistoryService>();
        services.AddScoped<NotificationService>();
        services.AddScoped<ErdPositionStore>();
        services.AddScoped<DriftChecker>();
        services.AddSingleton<DriftWatch>();
        services.AddSingleton<WebhookSender>();
        // Redirects are not followed: a webhook answers itself, and a redirect could carry the message elsewhere.
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            // The default request logging writes the URL, whose path or query is often the webhook's secret.
            .RemoveAllLoggers();
        services.AddHostedService<DriftWatchService>();
        return services;
    }

    /// <summary>Mock data: a loader per engine and the load registry are shared by all requests; the page's rules are per request.</summary>
    public static IServiceCollection AddMockData(this IServiceCollection services)
    {
        services.AddSingleton<IMockDataLoader, PostgresMockDataLoader>();
        services.AddSingleton<IMockDataLoader, MySqlMockDataLoader>();
        services.AddSingleton<IMockDataLoader, SqlServerMockDataLoader>();
        services.AddSingleton<IMockDataLoader, SqliteMockDataLoader>();
        services.AddSingleton<MockLoadRegistry>();
        services.AddScoped<MockDataService>();
        return services;
    }

    /// <summary>Safe query execution: the runner and the run registry are shared by all requests; the rules are per request.</summary>
    public static IServiceCollection AddQuery(this IServiceCollection services)
    {
        services.AddOptions<QueryOptions>();
        services.AddSingleton<QueryRunner>();
        services.AddSingleton<QueryRunRegistry>();
        services.AddScoped<QueryService>();
        services.AddScoped<SavedQueryService>();
        services.AddSingleton<HypotheticalIndexVerifier>();
        services.AddScoped<QueryOptimizer>();
        return services;
    }
}
