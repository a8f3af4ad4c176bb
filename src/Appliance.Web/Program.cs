using Appliance.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddAppliance();
builder.AddApplianceAuth();
builder.AddSignInRateLimit();
builder.AddApplianceHealthChecks();

var app = builder.Build();
await app.InitializeApplianceAsync();
app.UseAppliance();
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
