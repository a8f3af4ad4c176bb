using System.Text.RegularExpressions;
using Appliance.Cli;
using Appliance.Core.Schema;
using Appliance.Infrastructure.Demo;

namespace Appliance.Cli.Tests;

public sealed partial class IngestCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("appliance-cli-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Connection_string_can_come_from_standard_input()
    {
        var database = DemoDatabase.EnsureCreated(_directory);

        var (code, output, error) = await CliRunner.RunWithInputAsync($"Data Source={database}\n", "ingest", "--engine", "sqlite", "--connection", "-");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.StartsWith("ingested: 18 tables, 2 views,", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_writes_schema_json_and_one_summary_line()
    {
        var database = DemoDatabase.EnsureCreated(_directory);
        var outFile = Path.Combine(_directory, "schema.json");

        var (code, output, error) = await CliRunner.RunAsync("ingest", "--engine", "sqlite", "--connection", $"Data Source={database}", "--out", outFile);

        Assert.Equal(0, code);
        Assert.Empty(error);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var match = SummaryPattern().Match(line);
        Assert.True(match.Success, line);
        var schema = SchemaJson.Deserialize(await File.ReadAllTextAsync(outFile));
        var summary = schema.Summarize();
        Assert.Equal(summary.Tables, int.Parse(match.Groups["tables"].Value));
        Assert.Equal(summary.Views, int.Parse(match.Groups["views"].Value));
        Assert.Equal(summary.Columns, int.Parse(match.Groups["columns"].Value));
        Assert.Equal(summary.ForeignKeys, int.Parse(match.Groups["fks"].Value));
        Assert.Equal(summary.Indexes, int.Parse(match.Groups["indexes"].Value));
        Assert.Equal(18, summary.Tables);
        Assert.Equal(2, summary.Views);
        Assert.NotNull(schema.FindTable("main", "order_lines"));
    }

    [Theory]
    [InlineData(new[] { "ingest", "--engine", "oracle", "--connection", "x" }, "unknown engine 'oracle'")]
    [InlineData(new[] { "ingest", "--engine", "sqlite" }, "--connection")]
    [InlineData(new[] { "frobnicate" }, "frobnicate")]
    [InlineData(new[] { "ingest", "--engine", "sqlite", "--connection", "Data Source=/nonexistent/dir/none.db" }, "does not exist")]
    [InlineData(new[] { "ingest", "--engine", "postgres", "--connection", "Host=127.0.0.1;Port=1;Username=x;Password=Do-not-print-me;Timeout=3" }, "refused")]
    public async Task Failures_exit_non_zero_with_one_clear_line(string[] args, string expected)
    {
        var (code, output, error) = await CliRunner.RunAsync(args);

        Assert.NotEqual(0, code);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Do-not-print-me", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_documents_the_verb()
    {
        var (code, output, _) = await CliRunner.RunAsync("ingest", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--engine", output, StringComparison.Ordinal);
        Assert.Contains("--out", output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^ingested: (?<tables>\d+) tables, (?<views>\d+) views, (?<columns>\d+) columns, (?<fks>\d+) foreign keys, (?<indexes>\d+) indexes in \d+\.\d+ s$")]
    private static partial Regex SummaryPattern();
}
