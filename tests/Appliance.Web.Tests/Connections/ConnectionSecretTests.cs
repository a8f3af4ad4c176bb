using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Appliance.Core.Access;

namespace Appliance.Web.Tests.Connections;

/// <summary>A connection password goes in once and never comes out: not in pages, partials, logs, audit or the metadata file.</summary>
public sealed partial class ConnectionSecretTests(SetUpAppliance appliance) : IClassFixture<SetUpAppliance>
{
    [Fact]
    public async Task Passwords_never_come_back_out()
    {
        var password = "Pw-" + Guid.NewGuid().ToString("N");
        var pastedPassword = "Paste-" + Guid.NewGuid().ToString("N");
        using var admin = await appliance.SignedInAsync(WorkspaceRole.Admin);

        // A connection with fields, and one with a pasted connection string; both unreachable on purpose.
        var fields = await admin.PostFormAsync("/Connections/Edit",
            ("Name", "warehouse"), ("Engine", "Postgres"), ("Mode", "fields"), ("Host", "127.0.0.1"), ("Port", "1"), ("DatabaseName", "dw"),
            ("UserName", "report"), ("Password", password), ("TlsMode", "Disable"), ("IsReadOnly", "true"));
        var pasted = await admin.PostFormAsync("/Connections/Edit",
            ("Name", "pasted"), ("Engine", "MySql"), ("Mode", "string"), ("ConnectionString", $"Server=127.0.0.1;Port=1;User ID=app;Password={pastedPassword};Database=shop"),
            ("TlsMode", "Prefer"), ("IsReadOnly", "true"));
        Assert.Equal(HttpStatusCode.Redirect, fields.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, pasted.StatusCode);

        var list = await admin.Client.GetStringAsync("/Connections");
        var ids = IdPattern().Matches(list).Select(m => m.Groups[1].Value).Distinct().ToList();
        var responses = new List<string> { list, await admin.Client.GetStringAsync("/"), await admin.Client.GetStringAsync("/Admin/Audit") };
        foreach (var id in ids)
        {
            responses.Add(await admin.Client.GetStringAsync($"/Connections/Edit?id={id}"));
            responses.Add(await admin.Client.GetStringAsync($"/Schema?connection={id}"));
            responses.Add(await (await admin.PostFormAsync($"/Connections?handler=Test&id={id}", [], "/Connections")).Content.ReadAsStringAsync());
            var reingest = await admin.PostFormAsync($"/Schema?handler=Ingest&connection={id}", [], "/Schema");
            responses.Add(await admin.Client.GetStringAsync(reingest.Headers.Location!.ToString()));
        }

        // Test from the edit form with the stored password ("leave empty to keep it").
        var warehouseId = ids.First(id => list.Contains($"test-{id}", StringComparison.Ordinal));
        responses.Add(await (await admin.PostFormAsync($"/Connections/Edit?handler=Test&id={warehouseId}",
            ("Name", "warehouse"), ("Engine", "Postgres"), ("Mode", "fields"), ("Host", "127.0.0.1"), ("Port", "1"), ("UserName", "report"))).Content.ReadAsStringAsync());

        Assert.True(ids.Count >= 3, "expected the demo and both new connections");
        Assert.Contains(responses, r => r.Contains("Connection refused", StringComparison.Ordinal) || r.Contains("refused", StringComparison.OrdinalIgnoreCase));
        foreach (var html in responses)
        {
            Assert.DoesNotContain(password, html, StringComparison.Ordinal);
            Assert.DoesNotContain(pastedPassword, html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(appliance.Factory.Logs, line => line.Contains(password, StringComparison.Ordinal) || line.Contains(pastedPassword, StringComparison.Ordinal));
        var metadata = await File.ReadAllBytesAsync(Path.Combine(appliance.Factory.DataDirectory, "appliance.db"));
        Assert.Equal(-1, Encoding.UTF8.GetString(metadata).IndexOf(password, StringComparison.Ordinal));
        Assert.Equal(-1, Encoding.UTF8.GetString(metadata).IndexOf(pastedPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_input_gets_field_messages_and_saves_nothing()
    {
        using var admin = await appliance.SignedInAsync(WorkspaceRole.Admin);

        var response = await admin.PostFormAsync("/Connections/Edit",
            ("Name", ""), ("Engine", "Postgres"), ("Mode", "fields"), ("Host", "db;Password=x"), ("Port", "99999"), ("Password", "Secret-in-bad-form"));
        var html = await response.Content.ReadAsStringAsync();
        var pastedGarbage = await admin.PostFormAsync("/Connections/Edit",
            ("Name", "garbage"), ("Engine", "Postgres"), ("Mode", "string"), ("ConnectionString", "this is = not ; a Password=Leak-me-not;;=="));
        var garbageHtml = await pastedGarbage.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Give the connection a name", html, StringComparison.Ordinal);
        Assert.Contains("cannot contain spaces, quotes", html, StringComparison.Ordinal);
        Assert.Contains("A port is a number from 1 to 65535.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret-in-bad-form", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, pastedGarbage.StatusCode);
        Assert.DoesNotContain("Leak-me-not", garbageHtml, StringComparison.Ordinal);
        Assert.Contains("alert error", garbageHtml, StringComparison.Ordinal);
        var list = await admin.Client.GetStringAsync("/Connections");
        Assert.DoesNotContain(">garbage<", list, StringComparison.Ordinal);
    }

    [GeneratedRegex("/Connections/Edit\\?id=([0-9a-f-]{36})")]
    private static partial Regex IdPattern();
}
