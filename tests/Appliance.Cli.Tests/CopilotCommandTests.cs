using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Demo;
using Appliance.Tests;

namespace Appliance.Cli.Tests;

/// <summary>`appliance ask` and `appliance eval` on the demo schema and the real bundled demo database.</summary>
public sealed class CopilotCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("appliance-ask-").FullName;

    private static string DemoSchema => Path.Combine(AppContext.BaseDirectory, "Schemas", "demo.schema.json");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private string DemoDatabaseFile() => DemoDatabase.EnsureCreated(_directory);

    [Fact]
    public async Task Ask_prints_one_read_only_SELECT_that_binds_to_the_schema_and_explains_it_on_request()
    {
        var (code, output, error) = await CliRunner.RunAsync("ask", "--schema", DemoSchema, "--today", "2026-01-01", "top 5 customers by number of orders");
        var (explainedCode, explained, _) = await CliRunner.RunAsync("ask", "--schema", DemoSchema, "--explain", "how many orders were placed in 2025");

        Assert.True(code == 0, error);
        Assert.Contains("No chat model is configured", error, StringComparison.Ordinal);
        var schema = SchemaJson.Deserialize(await File.ReadAllTextAsync(DemoSchema, TestContext.Current.CancellationToken));
        var parsed = SqlParser.Parse(output.Trim(), SqlDialect.Sqlite);
        Assert.Null(parsed.Error);
        Assert.True(ReadOnlyPolicy.Check(parsed, SqlDialect.Sqlite).Allowed);
        Assert.Empty(Appliance.Core.Sql.Binding.SqlBinder.Bind(parsed.Statements[0], schema, SqlDialect.Sqlite).Problems);
        Assert.Matches("(?is)limit 5", output);
        Assert.Equal(0, explainedCode);
        var parts = explained.Split("\n\n", 2);
        Assert.Matches("(?is)select.*count", parts[0]);
        Assert.False(string.IsNullOrWhiteSpace(parts[1]), explained);
    }

    [Fact]
    public async Task A_question_that_is_not_understood_exits_4_with_what_was_understood()
    {
        var (code, output, error) = await CliRunner.RunAsync("ask", "--schema", DemoSchema, "why did revenue drop last quarter");

        Assert.Equal(4, code);
        Assert.Equal("", output);
        Assert.Contains("appliance ask: Not understood", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_checks_the_SQL_with_EXPLAIN_on_a_real_database_and_refuses_a_model_that_fails_its_manifest()
    {
        var database = DemoDatabaseFile();
        var models = Path.Combine(_directory, "models");
        TinyGguf.WriteWithManifest(models, embeddingFile: null);
        // Same size, one byte changed: only the checksum can tell.
        await using (var file = File.Open(Path.Combine(models, "tiny-chat.gguf"), FileMode.Open, FileAccess.ReadWrite))
        {
            file.Seek(-1, SeekOrigin.End);
            var last = file.ReadByte();
            file.Seek(-1, SeekOrigin.End);
            file.WriteByte((byte)~last);
        }


        var (code, output, error) = await CliRunner.RunWithInputAsync($"Data Source={database};Mode=ReadOnly", "ask", "--schema", DemoSchema, "--engine", "sqlite", "--connection", "-", "how many customers are there");
        var (refused, _, refusal) = await CliRunner.RunAsync("ask", "--schema", DemoSchema, "--model", Path.Combine(models, "tiny-chat.gguf"), "how many customers");
        var (wrongEngine, _, wrongEngineError) = await CliRunner.RunAsync("ask", "--schema", DemoSchema, "--engine", "postgres", "--connection", "Host=x", "how many customers");

        Assert.True(code == 0, error);
        Assert.Matches("(?is)count.*customers", output);
        Assert.Equal(1, refused);
        Assert.Contains("tiny-chat.gguf", refusal, StringComparison.Ordinal);
        Assert.Contains("SHA-256", refusal, StringComparison.Ordinal);
        Assert.Contains("the manifest expects", refusal, StringComparison.Ordinal);
        Assert.Equal(1, wrongEngine);
        Assert.Contains("the schema is a SQLite schema", wrongEngineError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_with_the_tiny_model_prints_grammar_constrained_SQL()
    {
        var models = Path.Combine(_directory, "models");
        TinyGguf.WriteWithManifest(models, embeddingFile: null);

        var (code, output, error) = await CliRunner.RunAsync("ask", "--schema", DemoSchema, "--model", Path.Combine(models, "tiny-chat.gguf"), "total amount of payments per method");

        Assert.True(code == 0, error);
        var schema = SchemaJson.Deserialize(await File.ReadAllTextAsync(DemoSchema, TestContext.Current.CancellationToken));
        var parsed = SqlParser.Parse(output.Trim(), SqlDialect.Sqlite);
        Assert.Null(parsed.Error);
        Assert.Empty(Appliance.Core.Sql.Binding.SqlBinder.Bind(parsed.Statements[0], schema, SqlDialect.Sqlite).Problems);
        Assert.DoesNotContain("rule engine", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_reports_execution_accuracy_and_valid_SQL_of_the_shipped_demo_set_on_the_real_demo_database()
    {
        var database = DemoDatabaseFile();

        var (code, output, error) = await CliRunner.RunAsync("eval", "--questions", "demo", "--engine", "sqlite", "--connection", $"Data Source={database};Mode=ReadOnly");
        var (badCode, _, badError) = await CliRunner.RunAsync("eval", "--questions", Path.Combine(_directory, "missing.json"), "--engine", "sqlite", "--connection", $"Data Source={database}");

        Assert.True(code == 0, error);
        var summary = output.Split('\n')[0];
        Assert.Matches(@"^demo: execution accuracy \d+(\.\d)? % \(\d+/\d+\), valid SQL 100(\.0)? %", summary);
        var accuracy = double.Parse(System.Text.RegularExpressions.Regex.Match(summary, @"accuracy (\d+(\.\d)?) %").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 90, summary);
        Assert.Equal(1, badCode);
        Assert.Contains("cannot read", badError, StringComparison.Ordinal);
    }
}
