using System.Text.Json;
using Appliance.Core.Schema;

namespace Appliance.Cli.Tests;

/// <summary>`appliance diff`: each format, and the diff(1) exit codes (0 same, 1 different, 2 error).</summary>
public sealed class DiffCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("appliance-diff-").FullName;

    private static string PostgresSchema => Path.Combine(AppContext.BaseDirectory, "Schemas", "postgres-fixture.schema.json");

    private static string SqliteSchema => Path.Combine(AppContext.BaseDirectory, "Schemas", "demo.schema.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The PostgreSQL fixture with sales.shipment dropped and a customer.referred_by made NOT NULL and commented.</summary>
    private string ChangedPostgresSchema()
    {
        var schema = SchemaJson.Deserialize(File.ReadAllText(PostgresSchema));
        var changed = schema with
        {
            Tables =
            [
                .. schema.Tables
                    .Where(t => t.Name != "shipment")
                    .Select(t => t.Name != "customer" ? t : t with
                    {
                        Columns = [.. t.Columns.Select(c => c.Name == "referred_by" ? c with { IsNullable = false, Comment = "Who sent them" } : c)],
                    }),
            ],
        };
        var path = Path.Combine(_directory, "new.json");
        File.WriteAllText(path, SchemaJson.Serialize(changed));
        return path;
    }

    private static string SingleLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return Assert.Single(lines);
    }

    [Fact]
    public async Task The_same_schema_exits_0_and_says_so()
    {
        var (code, output, error) = await CliRunner.RunAsync("diff", PostgresSchema, PostgresSchema);

        Assert.Equal(0, code);
        Assert.Equal("Schema changes: no changes\n", output);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task Different_schemas_exit_1_with_the_text_report()
    {
        var (code, output, error) = await CliRunner.RunAsync("diff", PostgresSchema, ChangedPostgresSchema());

        Assert.Equal(1, code);
        Assert.Equal("", error);
        Assert.StartsWith("Schema changes: 1 table dropped, 1 column changed", output, StringComparison.Ordinal);
        Assert.Contains("- table sales.shipment", output, StringComparison.Ordinal);
        Assert.Contains("public.customer\n  ~ column referred_by\n      nullable: yes → no", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_format_gives_the_changes_as_json()
    {
        var (code, output, _) = await CliRunner.RunAsync("diff", PostgresSchema, ChangedPostgresSchema(), "--format", "json");

        Assert.Equal(1, code);
        using var document = JsonDocument.Parse(output);
        var changes = document.RootElement.GetProperty("changes").EnumerateArray().ToList();
        Assert.Contains(changes, c => c.GetProperty("object").GetString() == "table" && c.GetProperty("change").GetString() == "dropped"
            && c.GetProperty("name").GetString() == "shipment");
        Assert.Contains(changes, c => c.GetProperty("object").GetString() == "column" && c.GetProperty("name").GetString() == "referred_by");
    }

    [Fact]
    public async Task Sql_format_gives_the_migration_in_the_new_schemas_dialect_and_repeats_warnings_on_standard_error()
    {
        var (code, output, error) = await CliRunner.RunAsync("diff", PostgresSchema, ChangedPostgresSchema(), "--format", "sql");

        Assert.Equal(1, code);
        Assert.StartsWith("-- Migration from fixture", output, StringComparison.Ordinal);
        Assert.Contains("-- WARNING: drops table sales.shipment and its 4 columns: all its rows are lost\nDROP TABLE \"sales\".\"shipment\";\n", output, StringComparison.Ordinal);
        Assert.Contains("ALTER TABLE \"public\".\"customer\" ALTER COLUMN \"referred_by\" SET NOT NULL;", output, StringComparison.Ordinal);
        Assert.Contains("COMMENT ON COLUMN \"public\".\"customer\".\"referred_by\" IS 'Who sent them';", output, StringComparison.Ordinal);
        var warnings = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, warnings.Length);
        Assert.All(warnings, w => Assert.StartsWith("appliance diff: warning: ", w, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("mysql", "DROP TABLE `sales`.`shipment`;", "MODIFY COLUMN `referred_by` integer NOT NULL COMMENT 'Who sent them'")]
    [InlineData("tsql", "DROP TABLE [sales].[shipment];", "ALTER COLUMN [referred_by] integer NOT NULL")]
    public async Task Dialect_chooses_the_ddl(string dialect, string drop, string alter)
    {
        var (code, output, _) = await CliRunner.RunAsync("diff", PostgresSchema, ChangedPostgresSchema(), "--format", "sql", "--dialect", dialect);

        Assert.Equal(1, code);
        Assert.Contains(drop, output, StringComparison.Ordinal);
        Assert.Contains(alter, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sql_format_of_the_same_schema_exits_0()
    {
        var (code, output, error) = await CliRunner.RunAsync("diff", PostgresSchema, PostgresSchema, "--format", "sql");

        Assert.Equal(0, code);
        Assert.Equal("-- No changes: the two schemas are the same.\n", output);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task Sqlite_schemas_need_a_dialect_for_sql()
    {
        var (code, output, error) = await CliRunner.RunAsync("diff", SqliteSchema, SqliteSchema, "--format", "sql");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("appliance diff: no migration DDL for SQLite, use --dialect postgres, mysql or tsql.", SingleLine(error));

        var withDialect = await CliRunner.RunAsync("diff", SqliteSchema, SqliteSchema, "--format", "sql", "--dialect", "postgres");
        Assert.Equal(0, withDialect.Code);
    }

    [Fact]
    public async Task A_missing_file_is_one_line_and_exit_2()
    {
        var missing = Path.Combine(_directory, "nope.json");

        var (code, output, error) = await CliRunner.RunAsync("diff", PostgresSchema, missing);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"appliance diff: {missing} does not exist.", SingleLine(error));
    }

    [Fact]
    public async Task An_invalid_file_is_one_line_and_exit_2()
    {
        var broken = Path.Combine(_directory, "broken.json");
        await File.WriteAllTextAsync(broken, "{ \"tables\": [", TestContext.Current.CancellationToken);

        var (code, _, error) = await CliRunner.RunAsync("diff", broken, PostgresSchema);

        Assert.Equal(2, code);
        var line = SingleLine(error);
        Assert.StartsWith($"appliance diff: {broken}: The schema file is not valid schema JSON", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "yaml", "appliance diff: unknown format 'yaml'; use text, json or sql.")]
    [InlineData("--dialect", "oracle", "appliance diff: unknown dialect 'oracle'; use postgres, mysql or tsql.")]
    public async Task Unknown_options_values_are_errors(string option, string value, string message)
    {
        var (code, _, error) = await CliRunner.RunAsync("diff", PostgresSchema, PostgresSchema, option, value);

        Assert.Equal(2, code);
        Assert.Equal(message, SingleLine(error));
    }

    [Fact]
    public async Task A_missing_argument_exits_2()
    {
        var (code, _, error) = await CliRunner.RunAsync("diff", PostgresSchema);

        Assert.Equal(2, code);
        Assert.StartsWith("appliance: ", SingleLine(error), StringComparison.Ordinal);
    }
}
