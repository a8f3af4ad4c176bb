using System.CommandLine;
using Appliance.Core.Copilot;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Explain;
using Appliance.Infrastructure.Copilot;

namespace Appliance.Cli;

/// <summary>
/// `appliance ask`: natural language to SQL over a schema JSON, by the rule engine or a local GGUF model (--model). The
/// SQL goes to standard output (with --explain, its plain-English explanation after a blank line); notes go to standard
/// error. A question that is not understood exits 4 with the engine's message and what it did understand.
/// </summary>
internal static class AskCommand
{
    public const int NotUnderstoodExit = 4;
    private const string Name = "appliance ask";

    public static Command Create(TextWriter output, TextWriter error, TextReader input)
    {
        var schemaOption = new Option<FileInfo>("--schema") { Description = "The schema JSON to ask about (written by `appliance ingest --out`).", Required = true };
        var engineOption = new Option<string?>("--engine") { Description = "With --connection: check the SQL with the database's EXPLAIN (postgres, mysql, sqlserver or sqlite; the schema's engine)." };
        var connectionOption = new Option<string?>("--connection") { Description = "ADO.NET connection string for the EXPLAIN check; - reads it from standard input. Nothing but EXPLAIN runs." };
        var modelOption = new Option<FileInfo?>("--model") { Description = "A GGUF chat model, listed with its SHA-256 in the manifest.json beside it. Without it the built-in rule engine answers." };
        var explainOption = new Option<bool>("--explain") { Description = "Print the plain-English explanation after the SQL." };
        var todayOption = new Option<string?>("--today") { Description = "The date relative dates (\"last month\") count from, as yyyy-MM-dd (default: today, UTC)." };
        var questionArgument = new Argument<string>("question") { Description = "The question, in quotes." };
        var command = new Command("ask", "Turn a question into one read-only SELECT over a schema (rule engine, or a local GGUF model with --model).")
        {
            schemaOption, engineOption, connectionOption, modelOption, explainOption, todayOption, questionArgument,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            async Task Fail(string message) => await error.WriteLineAsync($"{Name}: {message}");

            var schema = await SchemaFiles.ReadAsync(result.GetValue(schemaOption)!, Fail, cancellationToken);
            if (schema is null)
            {
                return 1;
            }

            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            if (result.GetValue(todayOption) is { } todayText
                && !DateOnly.TryParseExact(todayText, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out today))
            {
                await Fail($"--today '{todayText}' is not a date like 2026-01-31.");
                return 1;
            }

            var (ok, settings) = await CopilotCli.SettingsAsync(result.GetValue(engineOption), result.GetValue(connectionOption), input, schema.Engine, Fail);
            if (!ok)
            {
                return 1;
            }

            if (await CopilotCli.TryCreateAsync(result.GetValue(modelOption), Fail, cancellationToken) is not { } session)
            {
                return 1;
            }

            await using (session)
            {
                var context = new CopilotAskContext { Schema = schema, Settings = settings, Today = today };
                var answer = await session.AnswerAsync(result.GetValue(questionArgument)!, context, cancellationToken);
                foreach (var notice in answer.Notices)
                {
                    await error.WriteLineAsync($"{Name}: note: {notice}");
                }

                if (answer.Sql is null)
                {
                    await Fail(answer.Problem ?? "not understood.");
                    foreach (var part in answer.Understood)
                    {
                        await error.WriteLineAsync($"  understood: {part}");
                    }

                    return NotUnderstoodExit;
                }

                await output.WriteLineAsync(answer.Sql);
                if (result.GetValue(explainOption))
                {
                    var parsed = SqlParser.Parse(answer.Sql, context.Dialect);
                    await output.WriteLineAsync();
                    await output.WriteLineAsync(parsed.Statements.Count == 1
                        ? SqlExplainer.Explain(parsed.Statements[0], schema, context.Dialect).ToText()
                        : answer.Explanation);
                }

                return 0;
            }
        });
        return command;
    }
}

/// <summary>Reading a schema JSON file with one clear message on failure.</summary>
internal static class SchemaFiles
{
    public static async Task<DatabaseSchema?> ReadAsync(FileInfo file, Func<string, Task> fail, CancellationToken cancellationToken)
    {
        try
        {
            return SchemaJson.Deserialize(await File.ReadAllTextAsync(file.FullName, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await fail($"cannot read {file.FullName}: {ex.Message}");
        }
        catch (SchemaFormatException ex)
        {
            await fail($"{file.FullName}: {ex.Message}");
        }

        return null;
    }
}
