using Appliance.Core.Access;
using Appliance.Infrastructure;
using Appliance.Infrastructure.Keystore;
using Appliance.Infrastructure.Metadata;
using Appliance.Web.Access;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Web.Hosting;

public static class WebExtensions
{
    /// <summary>Everything the appliance needs: options, metadata store, keystore, engines, services.</summary>
    public static WebApplicationBuilder AddAppliance(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddApplianceOptions(builder.Configuration)
            .AddMetadataStore(builder.Configuration)
            .AddKeystore()
            .AddDatabaseEngines()
            .AddApplianceServices();
        services.AddSingleton<Query.QueryResultCache>();
        services.AddSingleton<MockData.MockDownloads>();
        services.AddSingleton<Copilot.CopilotAskRegistry>();
        return builder;
    }

    /// <summary>Cookie sign-in, role policies per workspace, antiforgery for forms and htmx.</summary>
    public static WebApplicationBuilder AddApplianceAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddSingleton<SetupState>();
        services.AddScoped<IAuthorizationHandler, WorkspaceRoleHandler>();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "appliance.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/Account/SignIn";
                o.LogoutPath = "/Account/SignOut";
                o.AccessDeniedPath = "/Account/AccessDenied";
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = ApplianceSignIn.ValidatePrincipalAsync;
                // htmx follows redirects into a partial; tell it to load the sign-in page as a whole page instead.
                o.Events.OnRedirectToLogin = context => RedirectForHtmx(context, context.RedirectUri);
                o.Events.OnRedirectToAccessDenied = context => RedirectForHtmx(context, context.RedirectUri);
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<Infrastructure.Access.SecurityOptions>>((cookie, security) =>
                cookie.ExpireTimeSpan = TimeSpan.FromHours(security.Value.SessionHours));

        services.AddAuthorizationBuilder()
            // Anything not explicitly opened needs a signed-in user.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Viewer, p => p.RequireAuthenticatedUser().AddRequirements(new WorkspaceRoleRequirement(WorkspaceRole.Viewer)))
            .AddPolicy(Policies.Editor, p => p.RequireAuthenticatedUser().AddRequirements(new WorkspaceRoleRequirement(WorkspaceRole.Editor)))
            .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().AddRequirements(new WorkspaceRoleRequirement(WorkspaceRole.Admin)))
            .AddPolicy(Policies.Owner, p => p.RequireAuthenticatedUser().AddRequirements(new WorkspaceRoleRequirement(WorkspaceRole.Owner)));

        // Cookie and antiforgery keys live in the data directory so sessions survive a restart, and are not shared with other apps.
        services.AddDataProtection().SetApplicationName("Appliance");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<ApplianceOptions>, SecretProtector>((keys, appliance, protector) =>
            {
                keys.XmlRepository = new FileSystemXmlRepository(
                    new DirectoryInfo(Path.Combine(appliance.Value.DataDirectoryFullPath, "dataprotection-keys")), NullLoggerFactory.Instance);
                keys.XmlEncryptor = new KeystoreXmlEncryptor(protector);
            });

        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.Name = "appliance.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        services.AddRazorPages(o =>
        {
            // Setup's first step creates the Owner; its second step (the workspace) needs that Owner signed in.
            o.Conventions.AllowAnonymousToPage("/Setup/Index");
            o.Conventions.AllowAnonymousToPage("/Account/SignIn");
            // The error page shows nothing but a generic message; it must render for a rejected anonymous form too.
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AuthorizeFolder("/Connections", Policies.Viewer);
            o.Conventions.AuthorizePage("/Connections/Edit", Policies.Admin);
            o.Conventions.AuthorizeFolder("/Schema", Policies.Viewer);
            o.Conventions.AuthorizeFolder("/Query", Policies.Viewer);
            o.Conventions.AuthorizeFolder("/Copilot", Policies.Viewer);
            o.Conventions.AuthorizeFolder("/Docs", Policies.Viewer);
            o.Conventions.AuthorizeFolder("/MockData", Policies.Viewer);
            o.Conventions.AuthorizeFolder("/Notifications", Policies.Viewer);
            o.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
            o.Conventions.AuthorizePage("/Workspaces/Members", Policies.Admin);
        }).AddMvcOptions(o =>
        {
            // Pages validate their own input with sentences a user understands, not "The X field is required."
            o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
        });
        return builder;
    }

    /// <summary>Limits password guessing per client address on sign-in and setup (lockout limits it per account).</summary>
    public static WebApplicationBuilder AddSignInRateLimit(this WebApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("Too many sign-in attempts from your address. Wait a minute and try again.", ct);
            };
        });
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<Infrastructure.Access.SecurityOptions>>((o, security) =>
                o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    HttpMethods.IsPost(context.Request.Method)
                    && (context.Request.Path.StartsWithSegments("/Account/SignIn") || context.Request.Path.StartsWithSegments("/Setup"))
                        ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                        {
                            PermitLimit = security.Value.SignInAttemptsPerMinute,
                            Window = TimeSpan.FromMinutes(1),
                            QueueLimit = 0,
                        })
                        : RateLimitPartition.GetNoLimiter("")));
        return builder;
    }

    public static WebApplicationBuilder AddApplianceHealthChecks(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<MetadataStoreHealthCheck>("metadata", tags: ["ready"])
            .AddCheck<KeystoreHealthCheck>("keystore", tags: ["ready"])
            // Not part of readiness: without its model the copilot still answers with the rule engine.
            .AddCheck<ModelHealthCheck>("copilot-model", tags: ["model"]);
        return builder;
    }

    /// <summary>Migrates the metadata store and verifies stored secrets before serving; a failure stops the start with its reason.</summary>
    public static async Task InitializeApplianceAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MetadataInitializer>().InitializeAsync();
    }

    public static WebApplication UseAppliance(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
        }

        app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        app.Use(SecurityHeaders);
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<SetupGate>();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapHealthChecks("/health/model", new HealthCheckOptions { Predicate = c => c.Tags.Contains("model") }).AllowAnonymous();
        app.MapRazorPages();
        return app;
    }

    private static Task RedirectForHtmx(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, string uri)
    {
        if (context.Request.Headers.ContainsKey("HX-Request"))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers["HX-Redirect"] = uri;
        }
        else
        {
            context.Response.Redirect(uri);
        }

        return Task.CompletedTask;
    }

    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        // The SQL editor (Monaco) sets inline styles on its own elements and cannot run without them; only the query
        // pages allow inline styles, and scripts stay 'self' everywhere.
        var styles = context.Request.Path.StartsWithSegments("/Query", StringComparison.OrdinalIgnoreCase) ? "'self' 'unsafe-inline'" : "'self'";
        headers.ContentSecurityPolicy = $"default-src 'self'; img-src 'self' data:; style-src {styles}; script-src 'self'; worker-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        return next();
    }
}

/// <summary>Until the Owner account exists, every page but setup, health and static files leads to setup.</summary>
public sealed class SetupGate(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, SetupState state, Infrastructure.Access.AccountService accounts)
    {
        if (!state.Done)
        {
            var path = context.Request.Path;
            var open = path.StartsWithSegments("/Setup") || path.StartsWithSegments("/health") || path.StartsWithSegments("/lib")
                || path.StartsWithSegments("/css") || path.StartsWithSegments("/js") || path.StartsWithSegments("/Error") || path.StartsWithSegments("/favicon.svg");
            if (!open)
            {
                if (await accounts.AnyUserExistsAsync(context.RequestAborted))
                {
                    state.Done = true;
                }
                else
                {
                    context.Response.Redirect("/Setup");
                    return;
                }
            }
        }

        await next(context);
    }
}

/// <summary>Remembers that setup is over, so the gate stops asking the database.</summary>
public sealed class SetupState
{
    public volatile bool Done;
}

internal sealed class MetadataStoreHealthCheck(MetadataDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The metadata store does not answer.");
}

/// <summary>The local chat model: Healthy when ready or not configured, Degraded while loading, Unhealthy when refused or failed.</summary>
internal sealed class ModelHealthCheck(Appliance.Infrastructure.Copilot.Models.ITextGenerator model) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = model.State;
        return Task.FromResult(state.Status switch
        {
            Appliance.Infrastructure.Copilot.Models.ModelStatus.Loading => HealthCheckResult.Degraded(state.Message),
            Appliance.Infrastructure.Copilot.Models.ModelStatus.Failed => HealthCheckResult.Unhealthy(state.Message),
            _ => HealthCheckResult.Healthy(state.Message),
        });
    }
}

internal sealed class KeystoreHealthCheck(SecretProtector protector) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = await protector.ProtectAsync("probe", "health", cancellationToken);
        return await protector.UnprotectAsync(probe, "health", cancellationToken) == "probe"
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The keystore does not round-trip.");
    }
}
