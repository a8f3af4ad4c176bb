using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Infrastructure.Engines;

namespace Appliance.Cli;

/// <summary>`appliance ingest`: reads a database's schema (never its rows) into the canonical schema JSON.</summary>
internal static class IngestCommand
{
    public static Command Create(TextWriter output, TextWriter error, TextReader input, DatabaseEngines engines)
    {
        var engineOption = new Option<string>("--engine")
        {
            Description = "The database engine: postgres, mysql (MySQL and MariaDB), sqlserver or sqlite.",
            Required = true,
        };
        var connectionOption = new Option<string>("--connection")
        {
            Description = "ADO.NET connection string of the engine's driver (Npgsql, MySqlConnector, Microsoft.Data.SqlClient, Microsoft.Data.Sqlite). "
                + "Use - to read it from standard input, which keeps a password out of the process list and shell history.",
            Required = true,
        };
        var outOption = new Option<FileInfo?>("--out")
        {
            Description = "Write the schema JSON to this file (format: docs/schema-json.md). Without it, only the summary line is printed.",
        };
        var timeoutOption = new Option<int>("--timeout")
        {
            Description = "Seconds to wait for the server when connecting.",
            DefaultValueFactory = _ => 15,
        };

        var command = new Command("ingest", "Read a database's schema (never its rows) and write the canonical schema JSON.")
        {
            engineOption, connectionOption, outOption, timeoutOption,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var engineName = result.GetValue(engineOption);
            if (!DatabaseEngineNames.TryParse(engineName, out var engine))
            {
                await error.WriteLineAsync($"appliance ingest: unknown engine '{engineName}'; use postgres, mysql, sqlserver or sqlite.");
                return 1;
            }

            var settings = new ConnectionSettings
            {
                Engine = engine,
                ConnectionString = await ReadConnectionAsync(result.GetValue(connectionOption), input),
                ConnectTimeoutSeconds = result.GetValue(timeoutOption),
            };
            var stopwatch = Stopwatch.StartNew();
            DatabaseSchema schema;
            try
            {
                schema = await engines[engine].ReadSchemaAsync(settings, cancellationToken);
            }
            catch (DatabaseAccessException ex)
            {
                await error.WriteLineAsync($"appliance ingest: {ex.Message}");
                return 1;
            }

            stopwatch.Stop();
            if (result.GetValue(outOption) is { } file)
            {
                try
                {
                    // Write beside the target and move into place, so a failure never leaves half a file.
                    var temporary = file.FullName + ".tmp";
                    await File.WriteAllTextAsync(temporary, SchemaJson.Serialize(schema), cancellationToken);
                    File.Move(temporary, file.FullName, overwrite: true);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    await error.WriteLineAsync($"appliance ingest: cannot write {file.FullName}: {ex.Message}");
                    return 1;
                }
            }

            var s = schema.Summarize();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"ingested: {s.Tables} tables, {s.Views} views, {s.Columns} columns, {s.ForeignKeys} foreign keys, {s.Indexes} indexes in {stopwatch.Elapsed.TotalSeconds:0.000} s"));
            return 0;
        });
        return command;
    }

    private static async Task<string?> ReadConnectionAsync(string? value, TextReader input) =>
        value == "-" ? (await input.ReadLineAsync())?.Trim() : value;
}
