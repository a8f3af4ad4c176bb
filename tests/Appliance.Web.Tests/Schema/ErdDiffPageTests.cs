using System.Net;
using System.Text.RegularExpressions;
using Appliance.Core.Access;

namespace Appliance.Web.Tests.Schema;

/// <summary>The ERD of a diff between two versions: what changed is marked in colour, and hostile names stay text.</summary>
public sealed partial class ErdDiffPageTests(HistoryAppliance appliance) : IClassFixture<HistoryAppliance>
{
    [Fact]
    public async Task Show_on_ERD_marks_the_added_table_and_the_changed_one_and_escapes_names()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);
        var history = await viewer.Client.GetStringAsync($"/Schema/History?connection={appliance.DemoConnectionId}");
        var (from, to) = HistoryAppliance.FirstDiffLink(history);

        var response = await viewer.Client.GetAsync($"/Schema/Erd?connection={appliance.DemoConnectionId}&from={from}&to={to}");
        var html = await response.Content.ReadAsStringAsync();
        var svg = await viewer.Client.GetStringAsync($"/Schema/Erd?connection={appliance.DemoConnectionId}&from={from}&to={to}&handler=Svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var marks = NodeMarks(html);
        Assert.Equal("mark-added", marks[$"main.{HistoryAppliance.HostileTable}"]);
        Assert.Equal("mark-changed", marks["main.payments"]);
        Assert.Equal("", marks["main.customers"]);
        Assert.Contains("+1 table, +1 index", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("mark-added", svg, StringComparison.Ordinal);
        Assert.Contains($"name=\"from\" value=\"{from}\"", html, StringComparison.Ordinal);   // filters keep the diff
    }

    [Fact]
    public async Task A_version_of_another_connection_or_an_unknown_one_is_not_found()
    {
        using var viewer = await appliance.SignedInAsync(WorkspaceRole.Viewer);

        var response = await viewer.Client.GetAsync($"/Schema/Erd?connection={appliance.DemoConnectionId}&from={Guid.NewGuid()}&to={Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static Dictionary<string, string> NodeMarks(string html) => NodePattern().Matches(html).ToDictionary(
        m => WebUtility.HtmlDecode(m.Groups[2].Value),
        m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(c => c.StartsWith("mark-", StringComparison.Ordinal)) ?? "");

    [GeneratedRegex("<g class=\"erd-node([^\"]*)\" data-id=\"([^\"]+)\"")]
    private static partial Regex NodePattern();
}
