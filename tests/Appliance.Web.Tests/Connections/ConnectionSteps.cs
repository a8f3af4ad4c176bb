using System.Net;
using System.Text.RegularExpressions;

namespace Appliance.Web.Tests.Connections;

/// <summary>Adding a connection and reading its schema through the pages, as an Admin does.</summary>
internal static class ConnectionSteps
{
    public static (string, string)[] ServerFields(string name, string engine, string host, int port, string database, string user, string password, bool readOnly = true) =>
    [
        ("Name", name), ("Engine", engine), ("Mode", "fields"), ("Host", host), ("Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("DatabaseName", database), ("UserName", user), ("Password", password), ("TlsMode", "Prefer"), ("IsReadOnly", readOnly ? "true" : "false"),
    ];

    /// <summary>Saves the connection, reads its schema, and returns its id with the connection list and schema page as shown.</summary>
    public static async Task<(string Id, string List, string SchemaPage)> SaveAndReadSchemaAsync(TestBrowser admin, (string Key, string Value)[] fields)
    {
        var name = fields.Single(f => f.Key == "Name").Value;
        var saved = await admin.PostFormAsync("/Connections/Edit", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var list = await admin.Client.GetStringAsync("/Connections");
        var id = Regex.Match(list, $"/Schema\\?connection=([0-9a-f-]{{36}})\">{Regex.Escape(name)}<").Groups[1].Value;
        Assert.NotEmpty(id);
        var ingest = await admin.PostFormAsync($"/Schema?handler=Ingest&connection={id}", [], "/Schema");
        var page = await admin.Client.GetStringAsync(ingest.Headers.Location!.ToString());
        Assert.Contains("Schema read in", page, StringComparison.Ordinal);
        return (id, list, page);
    }
}
