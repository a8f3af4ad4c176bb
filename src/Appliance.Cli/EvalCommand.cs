using System.CommandLine;
using System.Text.Json;
using Appliance.Core.Connections;
using Appliance.Core.Copilot;
using Appliance.Core.Copilot.Evaluation;
using Appliance.Core.Schema;
using Appliance.Infrastructure.Copilot;
using Appliance.Infrastructure.Copilot.Evaluation;
using Appliance.Infrastructure.Engines;

namespace Appliance.Cli;

/// <summary>
/// `appliance eval`: runs a question set (JSON: id, question, database, gold_sql) against a database and prints the
/// execution accuracy (result sets compared, in order only where the gold SQL orders them) and the share of valid SQL.
/// The rule engine answers, or a local GGUF model with --model. Every query runs read-only.
/// </summary>
internal static class EvalCommand
{
    private const string Name = "appliance eval";

    public static Command Create(TextWriter output, TextWriter error, TextReader input, DatabaseEngines engines)
    {
        var questionsOption = new Option<string>("--questions")
        {
            Description = $"A question set: a JSON file, or a shipped set ({string.Join(", ", QuestionSets.Names)}).",
            Required = true,
        };
        var engineOption = new Option<string>("--engine") { Description = "postgres, mysql (MySQL and MariaDB), sqlserver or sqlite.", Required = true };
        var connectionOption = new Option<string>("--connection") { Description = "ADO.NET connection string of the database the questions are about; - reads it from standard input.", Required = true };
        var schemaOption = new Option<FileInfo?>("--schema") { Description = "The database's schema JSON; read from the database when omitted." };
        var databaseOption = new Option<string?>("--database") { Description = "Only the questions whose \"database\" is this name (a set may cover several databases)." };
        var modelOption = new Option<FileInfo?>("--model") { Description = "A GGUF chat model listed in the manifest.json beside it; without it the rule engine answers." };
        var todayOption = new Option<string?>("--today") { Description = "The date relative dates count from, yyyy-MM-dd (default: the shipped sets' reference date, else today)." };
        var jsonOption = new Option<bool>("--json") { Description = "Print the report as JSON (every question with its SQL and verdict)." };
        var command = new Command("eval", "Measure the copilot on a question set with gold SQL: execution accuracy and share of valid SQL.")
        {
            questionsOption, engineOption, connectionOption, schemaOption, databaseOption, modelOption, todayOption, jsonOption,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            async Task Fail(string message) => await error.WriteLineAsync($"{Name}: {message}");

            var setName = result.GetValue(questionsOption)!;
            IReadOnlyList<EvalQuestion> questions;
            var shipped = !File.Exists(setName) && QuestionSets.Names.Contains(setName);
            try
            {
                questions = shipped ? QuestionSets.Load(setName) : QuestionSets.Parse(await File.ReadAllTextAsync(setName, cancellationToken));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await Fail($"cannot read {setName}: {ex.Message} (shipped sets: {string.Join(", ", QuestionSets.Names)})");
                return 1;
            }
            catch (QuestionSetFormatException ex)
            {
                await Fail($"{setName}: {ex.Message}");
                return 1;
            }

            if (result.GetValue(databaseOption) is { } database)
            {
                questions = [.. questions.Where(q => string.Equals(q.Database, database, StringComparison.OrdinalIgnoreCase))];
                if (questions.Count == 0)
                {
                    await Fail($"no question of {setName} is about a database named '{database}'.");
                    return 1;
                }
            }

            var today = shipped ? QuestionSets.ReferenceDate : DateOnly.FromDateTime(DateTime.UtcNow);
            if (result.GetValue(todayOption) is { } todayText
                && !DateOnly.TryParseExact(todayText, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out today))
            {
                await Fail($"--today '{todayText}' is not a date like 2026-01-31.");
                return 1;
            }

            if (!DatabaseEngineNames.TryParse(result.GetValue(engineOption), out var engine))
            {
                await Fail($"unknown engine '{result.GetValue(engineOption)}'; use postgres, mysql, sqlserver or sqlite.");
                return 1;
            }

            var (ok, settings) = await CopilotCli.SettingsAsync(result.GetValue(engineOption), result.GetValue(connectionOption), input, engine, Fail);
            if (!ok || settings is null)
            {
                return 1;
            }

            DatabaseSchema? schema;
            if (result.GetValue(schemaOption) is { } schemaFile)
            {
                schema = await SchemaFiles.ReadAsync(schemaFile, Fail, cancellationToken);
            }
            else
            {
                try
                {
                    schema = await engines[engine].ReadSchemaAsync(settings, cancellationToken);
                }
                catch (DatabaseAccessException ex)
                {
                    await Fail(ex.Message);
                    return 1;
                }
            }

            if (schema is null)
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
                var progress = Console.IsErrorRedirected ? null : new Progress<int>(done => error.Write($"\r{Name}: {done}/{questions.Count} questions"));
                var report = await new CopilotEvaluator(session.Runner).EvaluateAsync(
                    Path.GetFileNameWithoutExtension(setName), questions, settings, schema, (question, ct) => session.AnswerAsync(question, context, ct), progress, cancellationToken);
                if (progress is not null)
                {
                    await error.WriteLineAsync();
                }

                await output.WriteAsync(result.GetValue(jsonOption)
                    ? JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine
                    : report.ToText());
                return 0;
            }
        });
        return command;
    }
}
