using System.Net;
using System.Text.RegularExpressions;
using Appliance.Core.Access;
using Appliance.Infrastructure.Metadata;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Web.Tests.Schema;

/// <summary>
/// A set-up appliance (drift watch's timer off: the tests drive checks) whose demo database then changed, with hostile
/// names, and was checked by an Editor: the demo connection has two versions and the workspace one notification.
/// </summary>
public sealed partial class HistoryAppliance() : SetUpAppliance(new Dictionary<string, string> { ["Appliance:DriftWatch:Enabled"] = "false" })
{
    public const string HostileTable = "<script>alert(1)</script>";
    public const string HostileColumn = "x\"><img src=x onerror=alert(2)>";

    /// <summary>What the Editor's "Check now" answered (the htmx partial).</summary>
    public string CheckAnswer { get; private set; } = "";

    public string DemoFile { get; private set; } = "";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MetadataDbContext>();
            DemoFile = (await db.Connections.AsNoTracking().SingleAsync(c => c.Id == DemoConnectionId)).DatabaseName!;
        }

        await using (var connection = new SqliteConnection($"Data Source={DemoFile};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                CREATE TABLE "{HostileTable.Replace("\"", "\"\"", StringComparison.Ordinal)}" (id INTEGER PRIMARY KEY, "{HostileColumn.Replace("\"", "\"\"", StringComparison.Ordinal)}" TEXT);
                CREATE INDEX ix_payments_paid_at ON payments (paid_at);
                """;
            await command.ExecuteNonQueryAsync();
        }

        using var editor = await SignedInAsync(WorkspaceRole.Editor);
        var check = await editor.HtmxPostAsync($"/Schema/History?handler=Check&connection={DemoConnectionId}", $"/Schema/History?connection={DemoConnectionId}");
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        CheckAnswer = await check.Content.ReadAsStringAsync();
    }

    /// <summary>The version ids of the demo connection, newest first, as the history page links them.</summary>
    public static (string From, string To) FirstDiffLink(string historyHtml)
    {
        var match = DiffLinkPattern().Match(historyHtml);
        Assert.True(match.Success, "No diff link on the history page.");
        return (match.Groups[1].Value, match.Groups[2].Value);
    }

    [GeneratedRegex("/Schema/Diff\\?connection=[0-9a-f-]{36}&amp;from=([0-9a-f-]{36})&amp;to=([0-9a-f-]{36})")]
    private static partial Regex DiffLinkPattern();
}
