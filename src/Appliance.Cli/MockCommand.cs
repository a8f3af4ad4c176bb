using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Appliance.Core.Connections;
using Appliance.Core.MockData;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Infrastructure.MockData;
using Appliance.Infrastructure.Query;

namespace Appliance.Cli;

/// <summary>
/// `appliance mock`: generates constraint-satisfying rows for a schema JSON and writes them as files (CSV, JSON, NDJSON, or
/// an INSERT script) or loads them into a writable sandbox database through the engine's bulk path, in one transaction.
/// </summary>
internal static class MockCommand
{
    private const string Name = "appliance mock";

    private sealed record Options(
        Option<FileInfo> Schema,
        Option<long?> Rows,
        Option<string[]> RowsFor,
        Option<ulong?> Seed,
        Option<string?> Format,
        Option<string?> Dialect,
        Option<DirectoryInfo?> Out,
        Option<bool> Load,
        Option<string?> Engine,
        Option<string?> Connection,
        Option<int> Timeout,
        Option<string?> Locale,
        Option<double?> NullRate,
        Option<bool> EdgeCases,
        Option<string?> Tables,
        Option<string[]> Children,
        Option<FileInfo?> Request);

    public static Command Create(TextWriter output, TextWriter error, TextReader input)
    {
        var options = new Options(
            new Option<FileInfo>("--schema") { Description = "The schema JSON to generate for (written by `appliance ingest --out`).", Required = true },
            new Option<long?>("--rows") { Description = "Rows for every table without its own count (default 100)." },
            new Option<string[]>("--rows-for")
            {
                Description = "Rows for one table, as table=N or schema.table=N; repeat the option (or separate with commas) for more tables.",
                AllowMultipleArgumentsPerToken = true,
            },
            new Option<ulong?>("--seed") { Description = "The random seed: the same seed, schema and options give the same rows, byte for byte (default 1)." },
            new Option<string?>("--format") { Description = "Write files: csv, json (an array per table), ndjson (one object per line) or sql (one INSERT script)." },
            new Option<string?>("--dialect") { Description = "The SQL script's dialect: postgres, mysql, tsql or sqlite (default: the schema's engine)." },
            new Option<DirectoryInfo?>("--out") { Description = "The directory the files go to (created when missing); one file per table, or mock-data.<dialect>.sql." },
            new Option<bool>("--load") { Description = "Load the rows into a database instead of writing files (one transaction; nothing stays on failure or Ctrl+C)." },
            new Option<string?>("--engine") { Description = "With --load: postgres, mysql (MySQL and MariaDB), sqlserver or sqlite; the schema's engine." },
            new Option<string?>("--connection")
            {
                Description = "With --load: ADO.NET connection string of the engine's driver; - reads it from standard input. Use a writable sandbox, never production.",
            },
            new Option<int>("--timeout") { Description = "Seconds to wait for the server when connecting.", DefaultValueFactory = _ => 15 },
            new Option<string?>("--locale") { Description = "Locale of names, addresses and text, e.g. en, de, fr, ja (default en)." },
            new Option<double?>("--null-rate") { Description = "Share of NULLs in nullable columns, 0 to 1 (default 0.1)." },
            new Option<bool>("--edge-cases") { Description = "Boundary values instead of realistic ones: maximum lengths, extreme numbers and dates, unicode, NULLs." },
            new Option<string?>("--tables") { Description = "Only these tables (comma-separated, table or schema.table); the tables they need are added." },
            new Option<string[]>("--children")
            {
                Description = "Child rows per parent row, as table.fk_column=MIN-MAX (e.g. order_lines.order_id=1-5; several key columns joined with +).",
                AllowMultipleArgumentsPerToken = true,
            },
            new Option<FileInfo?>("--request") { Description = "A JSON mock-data request (counts, overrides, child counts) the other options add to." });
        var command = new Command("mock", "Generate realistic rows that satisfy every constraint of a schema, as files or loaded into a sandbox database.")
        {
            options.Schema, options.Rows, options.RowsFor, options.Seed, options.Format, options.Dialect, options.Out, options.Load,
            options.Engine, options.Connection, options.Timeout, options.Locale, options.NullRate, options.EdgeCases, options.Tables,
            options.Children, options.Request,
        };
        command.SetAction((result, cancellationToken) => RunAsync(result, options, output, error, input, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, Options options, TextWriter output, TextWriter error, TextReader input, CancellationToken cancellationToken)
    {
        async Task<int> Fail(string message)
        {
            await error.WriteLineAsync($"{Name}: {message}");
            return 1;
        }

        var load = result.GetValue(options.Load);
        var formatName = result.GetValue(options.Format);
        var outDirectory = result.GetValue(options.Out);
        if (load == (formatName is not null || outDirectory is not null))
        {
            return await Fail("choose either --format csv|json|ndjson|sql --out DIR to write files, or --load --engine E --connection \"…\" to load into a database.");
        }

        var format = MockExportFormat.Csv;
        if (!load && (formatName is null || !MockDataExporter.TryParseFormat(formatName, out format)))
        {
            return await Fail(formatName is null ? "give --format (csv, json, ndjson or sql) with --out." : $"unknown format '{formatName}'; use csv, json, ndjson or sql.");
        }

        if (!load && outDirectory is null)
        {
            return await Fail("give --out, the directory the files go to.");
        }

        DatabaseSchema schema;
        var schemaFile = result.GetValue(options.Schema)!;
        try
        {
            schema = SchemaJson.Deserialize(await File.ReadAllTextAsync(schemaFile.FullName, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return await Fail($"cannot read {schemaFile.FullName}: {ex.Message}");
        }
        catch (SchemaFormatException ex)
        {
            return await Fail(ex.Message);
        }

        MockDataRequest request;
        try
        {
            request = await BuildRequestAsync(result, options, cancellationToken);
        }
        catch (FormatException ex)
        {
            return await Fail(ex.Message);
        }

        var plan = MockPlanner.Plan(schema, request);
        if (plan.HasErrors)
        {
            return await Fail(string.Join(" ", plan.Messages.Where(m => m.Severity == PlanSeverity.Error).Select(m => m.Text)));
        }

        foreach (var warning in plan.Messages.Where(m => m.Severity == PlanSeverity.Warning))
        {
            await error.WriteLineAsync($"{Name}: warning: {warning.Text}");
        }

        var data = MockDataSet.Create(plan);
        var stopwatch = Stopwatch.StartNew();
        using var bar = TerminalProgress.For(error);
        try
        {
            // A check that no value satisfies is reported before any file or row is written.
            data.Probe();
            if (load)
            {
                return await LoadAsync(result, options, schema, data, bar, output, error, input, stopwatch, cancellationToken);
            }

            var dialect = schema.Engine.ToSqlDialect();
            if (result.GetValue(options.Dialect) is { } dialectName && !SqlDialectNames.TryParse(dialectName, out dialect))
            {
                return await Fail($"unknown dialect '{dialectName}'; use postgres, mysql, tsql or sqlite.");
            }

            var files = await Task.Run(() => MockDataExporter.WriteDirectory(data, format, dialect, outDirectory!.FullName, bar, cancellationToken), cancellationToken);
            bar?.Clear();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"mock: {data.TotalRows} rows in {data.Tables.Count} tables in {stopwatch.Elapsed.TotalSeconds:0.000} s ({files.Count} {(files.Count == 1 ? "file" : "files")} in {outDirectory!.FullName})"));
            return 0;
        }
        catch (MockDataException ex)
        {
            bar?.Clear();
            return await Fail(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            bar?.Clear();
            return await Fail($"cannot write to {outDirectory?.FullName}: {ex.Message}");
        }
    }

    private static async Task<int> LoadAsync(
        ParseResult result, Options options, DatabaseSchema schema, MockDataSet data, TerminalProgress? bar,
        TextWriter output, TextWriter error, TextReader input, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        var engineName = result.GetValue(options.Engine);
        if (engineName is null || !DatabaseEngineNames.TryParse(engineName, out var engine))
        {
            await error.WriteLineAsync(engineName is null
                ? $"{Name}: give --engine (postgres, mysql, sqlserver or sqlite) with --load."
                : $"{Name}: unknown engine '{engineName}'; use postgres, mysql, sqlserver or sqlite.");
            return 1;
        }

        if (engine != schema.Engine)
        {
            await error.WriteLineAsync($"{Name}: the schema is a {schema.Engine.DisplayName()} schema; load it into a {schema.Engine.DisplayName()} database (--engine {schema.Engine.ToCliName()}).");
            return 1;
        }

        var connection = result.GetValue(options.Connection);
        if (connection == "-")
        {
            connection = (await input.ReadLineAsync(cancellationToken))?.Trim();
        }

        if (string.IsNullOrWhiteSpace(connection))
        {
            await error.WriteLineAsync($"{Name}: give --connection with --load (- reads it from standard input).");
            return 1;
        }

        var settings = new ConnectionSettings { Engine = engine, ConnectionString = connection, ConnectTimeoutSeconds = result.GetValue(options.Timeout) };
        MockLoadResult loaded;
        try
        {
            loaded = await MockDataLoaders.For(engine).LoadAsync(settings, data, bar, cancellationToken);
        }
        catch (MockLoadException ex)
        {
            bar?.Clear();
            await error.WriteLineAsync($"{Name}: {ex.Message}");
            return 1;
        }

        bar?.Clear();
        var linked = loaded.DeferredUpdates > 0 ? string.Create(CultureInfo.InvariantCulture, $", {loaded.DeferredUpdates} cyclic references set afterwards") : "";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"mock: {loaded.TotalRows} rows in {loaded.Tables.Count} tables in {stopwatch.Elapsed.TotalSeconds:0.000} s (loaded into {engine.DisplayName()}{linked})"));
        return 0;
    }

    /// <summary>The request file (when given) with the command line's counts and switches on top.</summary>
    private static async Task<MockDataRequest> BuildRequestAsync(ParseResult result, Options options, CancellationToken cancellationToken)
    {
        var request = new MockDataRequest();
        if (result.GetValue(options.Request) is { } file)
        {
            try
            {
                request = JsonSerializer.Deserialize<MockDataRequest>(await File.ReadAllTextAsync(file.FullName, cancellationToken), JsonSerializerOptions.Web)
                    ?? throw new FormatException($"{file.FullName} is empty.");
            }
            catch (JsonException ex)
            {
                throw new FormatException($"{file.FullName} is not a valid mock-data request: {ex.Message.Split('.')[0]}.");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new FormatException($"cannot read {file.FullName}: {ex.Message}");
            }
        }

        var rowsPerTable = new Dictionary<string, long>(request.RowsPerTable);
        foreach (var item in Items(result.GetValue(options.RowsFor)))
        {
            var (table, value) = Split(item, "--rows-for", "table=N");
            rowsPerTable[table] = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rows) && rows >= 0
                ? rows
                : throw new FormatException($"--rows-for {item}: the row count must be a whole number of at least 0.");
        }

        var children = request.ChildCounts.ToList();
        foreach (var item in Items(result.GetValue(options.Children)))
        {
            var (key, range) = Split(item, "--children", "table.fk_column=MIN-MAX");
            var dot = key.LastIndexOf('.');
            if (dot <= 0 || dot == key.Length - 1)
            {
                throw new FormatException($"--children {item}: write it as table.fk_column=MIN-MAX, e.g. order_lines.order_id=1-5.");
            }

            var bounds = range.Split('-', 2);
            if (!int.TryParse(bounds[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var min)
                || !int.TryParse(bounds.Length > 1 ? bounds[1] : bounds[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var max)
                || min < 0 || max < min)
            {
                throw new FormatException($"--children {item}: the range must be MIN-MAX with 0 ≤ MIN ≤ MAX, e.g. 1-5.");
            }

            children.Add(new ChildCountRule { Table = key[..dot], Columns = key[(dot + 1)..].Split('+', StringSplitOptions.TrimEntries), Min = min, Max = max });
        }

        var tables = result.GetValue(options.Tables) is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : null;
        return request with
        {
            Seed = result.GetValue(options.Seed) ?? request.Seed,
            DefaultRows = result.GetValue(options.Rows) ?? request.DefaultRows,
            RowsPerTable = rowsPerTable,
            Tables = tables ?? request.Tables,
            Locale = result.GetValue(options.Locale) ?? request.Locale,
            NullRate = result.GetValue(options.NullRate) ?? request.NullRate,
            EdgeCases = result.GetValue(options.EdgeCases) || request.EdgeCases,
            ChildCounts = children,
        };
    }

    private static IEnumerable<string> Items(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static (string Key, string Value) Split(string item, string option, string shape)
    {
        var equals = item.LastIndexOf('=');
        return equals <= 0 || equals == item.Length - 1
            ? throw new FormatException($"{option} {item}: write it as {shape}.")
            : (item[..equals].Trim(), item[(equals + 1)..].Trim());
    }

    /// <summary>A one-line progress bar on standard error, only when it is a terminal (never in pipes, files or tests).</summary>
    private sealed class TerminalProgress : IProgress<MockProgress>, IDisposable
    {
        private readonly TextWriter _error;
        private readonly Stopwatch _since = Stopwatch.StartNew();
        private readonly object _gate = new();
        private int _width;

        private TerminalProgress(TextWriter error) => _error = error;

        public static TerminalProgress? For(TextWriter error) =>
            ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected ? new TerminalProgress(error) : null;

        public void Report(MockProgress value)
        {
            lock (_gate)
            {
                // Ten updates a second are smooth; more would only cost time.
                if (_since.ElapsedMilliseconds < 100 && value.Phase != MockPhases.Done)
                {
                    return;
                }

                _since.Restart();
                var text = string.Create(CultureInfo.InvariantCulture,
                    $"{value.Fraction * 100,5:0.0}% {value.TotalDone:N0}/{value.TotalRows:N0} rows  {value.Phase}{(value.Table is null ? "" : " " + value.Table)}");
                if (text.Length > 100)
                {
                    text = text[..100];
                }

                _error.Write("\r" + text.PadRight(_width));
                _width = text.Length;
            }
        }

        public void Clear()
        {
            lock (_gate)
            {
                if (_width > 0)
                {
                    _error.Write("\r" + new string(' ', _width) + "\r");
                    _width = 0;
                }
            }
        }

        public void Dispose() => Clear();
    }
}
