using System.CommandLine;
using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Core.Schema.Diff;
using Appliance.Core.Schema.Migration;
using Appliance.Core.Sql;

namespace Appliance.Cli;

/// <summary>
/// `appliance diff old.json new.json`: what changed between two schema files, as a report, as JSON or as the migration
/// DDL. Like diff(1) it exits 0 when the schemas are the same, 1 when they differ and 2 on an error.
/// </summary>
internal static class DiffCommand
{
    public const string Name = "diff";
    public const int SameExit = 0;
    public const int DifferentExit = 1;
    public const int ErrorExit = 2;

    private const string Verb = "appliance diff";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var oldFile = new Argument<FileInfo>("old.json") { Description = "The earlier schema (written by `appliance ingest --out`)." };
        var newFile = new Argument<FileInfo>("new.json") { Description = "The later schema." };
        var dialectOption = new Option<string?>("--dialect")
        {
            Description = "The dialect of the migration DDL with --format sql: postgres, mysql or tsql (default: the engine of new.json).",
        };
        var formatOption = new Option<string?>("--format") { Description = "text (a readable report, the default), json, or sql (the migration DDL)." };
        var command = new Command(Name, "Compare two schema files: tables, views, columns, keys, indexes, types; exits 0 when the same, 1 when different, 2 on an error.")
        {
            oldFile, newFile, dialectOption, formatOption,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            async Task<int> Fail(string message)
            {
                await error.WriteLineAsync($"{Verb}: {message}");
                return ErrorExit;
            }

            var format = (result.GetValue(formatOption) ?? "text").Trim().ToLowerInvariant();
            if (format is not ("text" or "json" or "sql"))
            {
                return await Fail($"unknown format '{result.GetValue(formatOption)}'; use text, json or sql.");
            }

            SqlDialect? dialect = null;
            if (result.GetValue(dialectOption) is { } dialectName)
            {
                if (!SqlDialectNames.TryParse(dialectName, out var parsed))
                {
                    return await Fail($"unknown dialect '{dialectName}'; use postgres, mysql or tsql.");
                }

                dialect = parsed;
            }

            var (old, oldProblem) = await ReadAsync(result.GetValue(oldFile)!, cancellationToken);
            if (old is null)
            {
                return await Fail(oldProblem!);
            }

            var (@new, newProblem) = await ReadAsync(result.GetValue(newFile)!, cancellationToken);
            if (@new is null)
            {
                return await Fail(newProblem!);
            }

            var difference = SchemaDiff.Compare(old, @new);
            var exit = difference.IsEmpty ? SameExit : DifferentExit;
            switch (format)
            {
                case "json":
                    await output.WriteLineAsync(difference.ToJson());
                    return exit;
                case "text":
                    await output.WriteAsync(difference.ToText());
                    return exit;
                default:
                    var target = dialect ?? @new.Engine.ToSqlDialect();
                    if (target == SqlDialect.Sqlite)
                    {
                        return await Fail(dialect is null
                            ? "no migration DDL for SQLite, use --dialect postgres, mysql or tsql."
                            : "no migration DDL for SQLite; use postgres, mysql or tsql.");
                    }

                    var script = MigrationPlanner.Plan(old, @new, difference, target);
                    await output.WriteAsync(script.IsEmpty ? "-- No changes: the two schemas are the same.\n" : Header(old, @new, difference, target) + script.ToSql());
                    foreach (var step in script.Warnings)
                    {
                        await error.WriteLineAsync($"{Verb}: warning: {step.Warning}");
                    }

                    return exit;
            }
        });
        return command;
    }

    private static string Header(DatabaseSchema old, DatabaseSchema @new, SchemaDifference difference, SqlDialect dialect) =>
        $"-- Migration from {Describe(old)} to {Describe(@new)} ({dialect.ToCliName()}): {difference.Summary}\n"
        + "-- Review before running: destructive steps are marked WARNING; steps that cannot be expressed are comments.\n";

    private static string Describe(DatabaseSchema schema) =>
        $"{schema.DatabaseName ?? "schema"}{(schema.IngestedAt == default ? "" : " of " + schema.IngestedAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))}";

    /// <summary>The schema of a file, or a one-line reason it cannot be read.</summary>
    private static async Task<(DatabaseSchema? Schema, string? Problem)> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            return (null, $"{file.FullName} does not exist.");
        }

        try
        {
            return (SchemaJson.Deserialize(await File.ReadAllTextAsync(file.FullName, cancellationToken)), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read {file.FullName}: {ex.Message}");
        }
        catch (SchemaFormatException ex)
        {
            return (null, $"{file.FullName}: {ex.Message}");
        }
    }
}
