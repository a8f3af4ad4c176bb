using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Connections;
using Appliance.Core.Query.Indexes;
using Appliance.Core.Sql.Explain;
using Appliance.Core.Sql.Lint;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.Query;

namespace Appliance.Cli;

/// <summary>`appliance sql parse|format|check|explain|lint|advise`: the appliance's own SQL intelligence for scripts and CI (exit 2 on a parse error).</summary>
internal static class SqlCommand
{
    private const int ParseErrorExit = 2;
    private const int RefusedExit = 3;

    // Terminal and pipeline output, never HTML: quotes stay readable instead of \u0022.
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(TextWriter output, TextWriter error, TextReader input, DatabaseEngines engines)
    {
        var sql = new Command("sql", "Parse and format SQL in the PostgreSQL, MySQL/MariaDB, T-SQL or SQLite dialect.");
        sql.Subcommands.Add(Parse(output, error));
        sql.Subcommands.Add(Format(output, error));
        sql.Subcommands.Add(Check(output, error));
        sql.Subcommands.Add(Explain(output, error));
        sql.Subcommands.Add(Lint(output, error));
        sql.Subcommands.Add(Advise(output, error, input, engines));
        return sql;
    }

    private sealed record SqlInputOptions(Option<string> Dialect, Option<FileInfo?> File, Argument<string?> Text, Option<bool> Json);

    private static SqlInputOptions InputOptions(Command command)
    {
        var options = new SqlInputOptions(
            new Option<string>("--dialect") { Description = "postgres, mysql (MySQL and MariaDB), tsql or sqlite.", Required = true },
            new Option<FileInfo?>("--file") { Description = "Read the SQL from this file (a script of several statements; GO batches in T-SQL)." },
            new Argument<string?>("sql") { Description = "The SQL text, when --file is not given.", Arity = ArgumentArity.ZeroOrOne },
            new Option<bool>("--json") { Description = "Machine-readable output." });
        command.Options.Add(options.Dialect);
        command.Options.Add(options.File);
        command.Options.Add(options.Json);
        command.Arguments.Add(options.Text);
        return options;
    }

    private static Command Parse(TextWriter output, TextWriter error)
    {
        var command = new Command("parse", "Check that SQL parses: prints ok (one line per statement with its kind for a script), or line:column: message and exits 2.");
        var options = InputOptions(command);
        command.SetAction(async (result, ct) =>
        {
            var (parsed, failure) = await ReadAndParseAsync(result, options, error, "parse");
            if (parsed is null)
            {
                return failure;
            }

            if (result.GetValue(options.Json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    statements = parsed.Statements.Select(s => new { kind = KindName(s.Kind), line = s.Span.Start.Line, column = s.Span.Start.Column }),
                }, JsonOptions));
            }
            else if (parsed.Statements.Count == 1)
            {
                await output.WriteLineAsync("ok");
            }
            else
            {
                for (var i = 0; i < parsed.Statements.Count; i++)
                {
                    var statement = parsed.Statements[i];
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{i + 1}: {KindName(statement.Kind)} (line {statement.Span.Start.Line})"));
                }
            }

            return 0;
        });
        return command;
    }

    private static Command Format(TextWriter output, TextWriter error)
    {
        var command = new Command("format", "Print the SQL formatted in its dialect (keywords upper case, one clause per line), or line:column: message and exit 2.");
        var options = InputOptions(command);
        command.SetAction(async (result, ct) =>
        {
            var (parsed, failure) = await ReadAndParseAsync(result, options, error, "format");
            if (parsed is null)
            {
                return failure;
            }

            var dialect = ParseDialect(result.GetValue(options.Dialect))!.Value;
            var formatted = SqlFormatter.FormatScript(parsed.Statements.Select(s => s.Statement), dialect);
            await output.WriteLineAsync(result.GetValue(options.Json) ? JsonSerializer.Serialize(new { sql = formatted }, JsonOptions) : formatted);
            return 0;
        });
        return command;
    }

    private static Command Check(TextWriter output, TextWriter error)
    {
        var command = new Command("check", "Would this SQL be allowed in read-only mode? Exits 0 when allowed, 3 when refused (with the reason), 2 on a parse error.");
        var options = InputOptions(command);
        command.SetAction(async (result, ct) =>
        {
            var (parsed, failure) = await ReadAndParseAsync(result, options, error, "check");
            if (parsed is null)
            {
                return failure;
            }

            var verdict = ReadOnlyPolicy.Check(parsed, ParseDialect(result.GetValue(options.Dialect))!.Value);
            await output.WriteLineAsync(result.GetValue(options.Json)
                ? JsonSerializer.Serialize(new { allowed = verdict.Allowed, reason = verdict.Reason }, JsonOptions)
                : $"{(verdict.Allowed ? "allowed" : "refused")}: {verdict.Reason}");
            return verdict.Allowed ? 0 : RefusedExit;
        });
        return command;
    }

    private static Option<FileInfo?> SchemaOption(Command command)
    {
        var option = new Option<FileInfo?>("--schema") { Description = "An ingested schema (appliance ingest --out) to bind names against and word the text with its comments." };
        command.Options.Add(option);
        return option;
    }

    /// <summary>The schema of --schema, or null without one; a missing or malformed file is a one-line error.</summary>
    private static async Task<(DatabaseSchema? Schema, bool Ok)> ReadSchemaAsync(ParseResult result, Option<FileInfo?> option, TextWriter error, string verb)
    {
        if (result.GetValue(option) is not { } file)
        {
            return (null, true);
        }

        try
        {
            return (SchemaJson.Deserialize(await File.ReadAllTextAsync(file.FullName)), true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"appliance sql {verb}: cannot read {file.FullName}: {ex.Message}");
        }
        catch (Exception ex) when (ex is JsonException or SchemaFormatException)
        {
            await error.WriteLineAsync($"appliance sql {verb}: {file.FullName} is not a schema file of the appliance: {ex.Message.Split('\n')[0]}");
        }

        return (null, false);
    }

    private static Command Explain(TextWriter output, TextWriter error)
    {
        var command = new Command("explain", "Explain each statement in plain English (with --schema: names bound to the schema, its comments used for wording).");
        var options = InputOptions(command);
        var schemaOption = SchemaOption(command);
        command.SetAction(async (result, ct) =>
        {
            var (schema, ok) = await ReadSchemaAsync(result, schemaOption, error, "explain");
            if (!ok)
            {
                return 1;
            }

            var (parsed, failure) = await ReadAndParseAsync(result, options, error, "explain");
            if (parsed is null)
            {
                return failure;
            }

            var dialect = ParseDialect(result.GetValue(options.Dialect))!.Value;
            var explanations = parsed.Statements.Select(s => SqlExplainer.Explain(s, schema, dialect)).ToList();
            if (result.GetValue(options.Json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    statements = explanations.Select(e => new
                    {
                        summary = e.Summary,
                        warnings = e.Warnings,
                        problems = e.Problems,
                        tables = e.Tables,
                        steps = e.Steps.Select(s => new { number = s.Number, title = s.Title, lines = s.Lines }),
                    }),
                }, JsonOptions));
                return 0;
            }

            for (var i = 0; i < explanations.Count; i++)
            {
                if (explanations.Count > 1)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"-- Statement {i + 1} (line {parsed.Statements[i].Span.Start.Line})"));
                }

                await output.WriteAsync(explanations[i].ToText());
                if (i < explanations.Count - 1)
                {
                    await output.WriteLineAsync();
                }
            }

            return 0;
        });
        return command;
    }

    private static Command Lint(TextWriter output, TextWriter error)
    {
        var command = new Command("lint", "Find slow or wrong patterns (rule, why it matters, suggested rewrite); with --schema also schema rules and index-aware rules. Exits 0.");
        var options = InputOptions(command);
        var schemaOption = SchemaOption(command);
        command.SetAction(async (result, ct) =>
        {
            var (schema, ok) = await ReadSchemaAsync(result, schemaOption, error, "lint");
            if (!ok)
            {
                return 1;
            }

            var (parsed, failure) = await ReadAndParseAsync(result, options, error, "lint");
            if (parsed is null)
            {
                return failure;
            }

            var dialect = ParseDialect(result.GetValue(options.Dialect))!.Value;
            var findings = parsed.Statements.Select(s => (Statement: s, Findings: SqlLinter.Lint(s, schema, dialect))).ToList();
            if (result.GetValue(options.Json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    statements = findings.Select(f => new
                    {
                        line = f.Statement.Span.Start.Line,
                        findings = f.Findings.Select(x => new
                        {
                            rule = x.RuleId,
                            name = x.RuleName,
                            severity = x.Severity.ToString().ToLowerInvariant(),
                            line = x.Position?.Line,
                            column = x.Position?.Column,
                            message = x.Message,
                            why = x.WhyItMatters,
                            suggestion = x.Suggestion,
                            rewrite = x.RewrittenSql,
                            rewriteKind = x.RewriteKind?.ToString().ToLowerInvariant(),
                            table = x.Table,
                        }),
                    }),
                }, JsonOptions));
                return 0;
            }

            var total = 0;
            foreach (var (statement, list) in findings)
            {
                foreach (var finding in list)
                {
                    total++;
                    var where = finding.Position is { } p ? $"{p.Line}:{p.Column}" : finding.Table ?? "-";
                    await output.WriteLineAsync($"{where}: {finding.RuleId} {finding.RuleName} ({finding.Severity.ToString().ToLowerInvariant()}): {finding.Message}");
                    await output.WriteLineAsync($"  why: {finding.WhyItMatters}");
                    if (finding.Suggestion is { } suggestion)
                    {
                        await output.WriteLineAsync($"  do: {suggestion}");
                    }

                    if (finding.RewrittenSql is { } rewrite)
                    {
                        await output.WriteLineAsync($"  rewrite ({finding.RewriteKind?.ToString().ToLowerInvariant()}):");
                        foreach (var line in rewrite.Split('\n'))
                        {
                            await output.WriteLineAsync("    " + line);
                        }
                    }
                }
            }

            await output.WriteLineAsync(total == 0 ? "no findings" : string.Create(CultureInfo.InvariantCulture, $"{total} finding{(total == 1 ? "" : "s")}"));
            return 0;
        });
        return command;
    }

    private static Command Advise(TextWriter output, TextWriter error, TextReader input, DatabaseEngines engines)
    {
        var engineOption = new Option<string>("--engine") { Description = "postgres, mysql (MySQL and MariaDB), sqlserver or sqlite.", Required = true };
        var connectionOption = new Option<string>("--connection")
        {
            Description = "ADO.NET connection string of the engine's driver; - reads it from standard input. Only the schema is read, and the query is only EXPLAINed.",
            Required = true,
        };
        var jsonOption = new Option<bool>("--json") { Description = "Machine-readable output." };
        var sqlArgument = new Argument<string>("sql") { Description = "The SELECT to advise on." };
        var command = new Command("advise", "Index advice for a query on a live database: proposed CREATE INDEX statements, checked on PostgreSQL with HypoPG (estimated cost before and after, in a rolled-back session).")
        {
            engineOption, connectionOption, jsonOption, sqlArgument,
        };
        command.SetAction(async (result, ct) =>
        {
            var engineName = result.GetValue(engineOption);
            if (!DatabaseEngineNames.TryParse(engineName, out var engine))
            {
                await error.WriteLineAsync($"appliance sql advise: unknown engine '{engineName}'; use postgres, mysql, sqlserver or sqlite.");
                return 1;
            }

            var connection = result.GetValue(connectionOption);
            var settings = new ConnectionSettings { Engine = engine, ConnectionString = connection == "-" ? (await input.ReadLineAsync(ct))?.Trim() : connection };
            var dialect = engine.ToSqlDialect();
            var parsed = SqlParser.Parse(result.GetValue(sqlArgument) ?? "", dialect);
            if (parsed.Error is { } parseError)
            {
                await error.WriteLineAsync(parseError.ToString());
                return ParseErrorExit;
            }

            if (parsed.Statements.Count != 1)
            {
                await error.WriteLineAsync("appliance sql advise: give exactly one statement.");
                return 1;
            }

            DatabaseSchema schema;
            try
            {
                schema = await engines[engine].ReadSchemaAsync(settings, ct);
            }
            catch (DatabaseAccessException ex)
            {
                await error.WriteLineAsync($"appliance sql advise: {ex.Message}");
                return 1;
            }

            var statement = parsed.Statements[0];
            var report = IndexAdvisor.Advise(statement, schema, dialect);
            var verification = report.Advice.Count > 0
                ? await new HypotheticalIndexVerifier(engines).VerifyAsync(settings, statement.Text, report.Advice.Select(a => a.CreateStatement).ToList(), cancellationToken: ct)
                : null;
            if (result.GetValue(jsonOption))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    advice = report.Advice.Select(a => new
                    {
                        table = a.TableName,
                        columns = a.KeyColumns.Select(k => k.ToString()),
                        include = a.IncludeColumns,
                        statement = a.CreateStatement,
                        reason = a.Reason,
                        used = verification?.Indexes.FirstOrDefault(i => i.CreateStatement == a.CreateStatement)?.Used,
                    }),
                    notes = report.Notes.Select(n => n.Message),
                    verified = verification?.Verified ?? false,
                    verification = verification?.Message,
                    costBefore = verification?.CostBefore,
                    costAfter = verification?.CostAfter,
                }, JsonOptions));
                return 0;
            }

            if (report.Advice.Count == 0)
            {
                await output.WriteLineAsync("no index to propose");
            }

            foreach (var advice in report.Advice)
            {
                await output.WriteLineAsync(advice.CreateStatement);
                await output.WriteLineAsync($"  why: {advice.Reason}");
                if (verification?.Indexes.FirstOrDefault(i => i.CreateStatement == advice.CreateStatement) is { } use)
                {
                    await output.WriteLineAsync(use.Used ? "  used by the planner with a hypothetical index" : "  NOT used by the planner for this query");
                }
            }

            foreach (var note in report.Notes)
            {
                await output.WriteLineAsync($"note: {note.Message}");
            }

            if (verification is { Verified: true, CostBefore: { } before, CostAfter: { } after })
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"estimated cost: {before:0.0} -> {after:0.0}{(after > 0 && before > after ? $" ({before / after:0.#}x cheaper)" : "")} (HypoPG, rolled back; the query was not run)"));
            }
            else if (verification is not null)
            {
                await output.WriteLineAsync($"not verified: {verification.Message}");
            }

            return 0;
        });
        return command;
    }

    private static async Task<(SqlParseResult? Parsed, int Exit)> ReadAndParseAsync(ParseResult result, SqlInputOptions options, TextWriter error, string verb)
    {
        var dialectName = result.GetValue(options.Dialect);
        if (ParseDialect(dialectName) is not { } dialect)
        {
            await error.WriteLineAsync($"appliance sql {verb}: unknown dialect '{dialectName}'; use postgres, mysql, tsql or sqlite.");
            return (null, 1);
        }

        var file = result.GetValue(options.File);
        var text = result.GetValue(options.Text);
        if ((file is null) == (text is null))
        {
            await error.WriteLineAsync($"appliance sql {verb}: give the SQL either as an argument or with --file, not both.");
            return (null, 1);
        }

        if (file is not null)
        {
            try
            {
                text = await File.ReadAllTextAsync(file.FullName);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"appliance sql {verb}: cannot read {file.FullName}: {ex.Message}");
                return (null, 1);
            }
        }

        var parsed = SqlParser.Parse(text!, dialect);
        if (parsed.Error is { } parseError)
        {
            await error.WriteLineAsync(result.GetValue(options.Json)
                ? JsonSerializer.Serialize(new { error = new { line = parseError.Line, column = parseError.Column, message = parseError.Message } }, JsonOptions)
                : parseError.ToString());
            return (null, ParseErrorExit);
        }

        if (parsed.Statements.Count == 0)
        {
            await error.WriteLineAsync("1:1: no SQL statement found");
            return (null, ParseErrorExit);
        }

        return (parsed, 0);
    }

    internal static SqlDialect? ParseDialect(string? name) => SqlDialectNames.TryParse(name, out var dialect) ? dialect : null;

    private static string KindName(StatementKind kind) => kind.ToString().ToLowerInvariant();
}
