using System.IO.Compression;
using System.Text;
using Appliance.Core.MockData;
using Appliance.Core.MockData.Output;
using Appliance.Core.Sql;

namespace Appliance.Infrastructure.MockData;

/// <summary>The file formats of an export.</summary>
public enum MockExportFormat
{
    /// <summary>RFC 4180 CSV, one file per table.</summary>
    Csv,
    /// <summary>A JSON array of objects, one file per table.</summary>
    Json,
    /// <summary>One JSON object per line, one file per table.</summary>
    Ndjson,
    /// <summary>One INSERT script for all tables, in the chosen dialect.</summary>
    Sql,
}

/// <summary>
/// Writes a data set as files: one per table (schema.table.csv / .json / .ndjson) or one SQL script, into a zip or a
/// directory. Rows stream from the generator into the output; no table is ever held in memory. Zips are deterministic:
/// entries in plan order with a fixed timestamp, so the same seed and plan give byte-identical archives.
/// </summary>
public static class MockDataExporter
{
    /// <summary>The modification time of every zip entry (a fixed instant keeps archives byte-identical).</summary>
    public static readonly DateTimeOffset EntryTimestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const int MaxNamePart = 60;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    public static bool TryParseFormat(string? value, out MockExportFormat format)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "csv":
                format = MockExportFormat.Csv;
                return true;
            case "json":
                format = MockExportFormat.Json;
                return true;
            case "ndjson" or "jsonl":
                format = MockExportFormat.Ndjson;
                return true;
            case "sql":
                format = MockExportFormat.Sql;
                return true;
            default:
                format = default;
                return false;
        }
    }

    /// <summary>
    /// The file each table goes to (or the one script for <see cref="MockExportFormat.Sql"/>, with a null table): names
    /// made of letters, digits, '-' and '_' of the schema and table, unique ignoring case, safe on every file system.
    /// </summary>
    public static IReadOnlyList<(MockTableData? Table, string FileName)> Files(MockDataSet data, MockExportFormat format, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (format == MockExportFormat.Sql)
        {
            return [(null, $"mock-data.{dialect.ToCliName()}.sql")];
        }

        var extension = format switch
        {
            MockExportFormat.Csv => "csv",
            MockExportFormat.Json => "json",
            _ => "ndjson",
        };
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var files = new List<(MockTableData?, string)>();
        foreach (var table in data.Tables)
        {
            var stem = $"{SafePart(table.Plan.Table.Schema)}.{SafePart(table.Plan.Table.Name)}";
            var name = $"{stem}.{extension}";
            for (var n = 2; !used.Add(name); n++)
            {
                name = $"{stem}~{n}.{extension}";
            }

            files.Add((table, name));
        }

        return files;
    }

    /// <summary>
    /// Writes a zip to <paramref name="output"/>, which must take synchronous writes (a file, a memory stream, a pipe);
    /// it need not be seekable. The output is left open.
    /// </summary>
    public static void WriteZip(MockDataSet data, MockExportFormat format, SqlDialect dialect, Stream output, IProgress<MockProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(output);
        var reporter = new ExportReporter(data, progress);
        using var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Utf8);
        foreach (var (table, fileName) in Files(data, format, dialect))
        {
            var entry = archive.CreateEntry(fileName, CompressionLevel.Optimal);
            entry.LastWriteTime = EntryTimestamp;
            using var stream = entry.Open();
            WriteFile(data, table, format, dialect, stream, reporter, cancellationToken);
        }

        reporter.Finish();
    }

    /// <summary>Writes one file per table (or the SQL script) into <paramref name="directory"/>, created when missing. Returns the files' paths.</summary>
    public static IReadOnlyList<string> WriteDirectory(MockDataSet data, MockExportFormat format, SqlDialect dialect, string directory, IProgress<MockProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var reporter = new ExportReporter(data, progress);
        var written = new List<string>();
        foreach (var (table, fileName) in Files(data, format, dialect))
        {
            var path = Path.Combine(directory, fileName);
            // Written beside the target and moved into place, so a failure or a cancel never leaves half a file.
            var temporary = path + ".tmp";
            try
            {
                using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    WriteFile(data, table, format, dialect, stream, reporter, cancellationToken);
                }

                File.Move(temporary, path, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }

            written.Add(path);
        }

        reporter.Finish();
        return written;
    }

    private static void WriteFile(MockDataSet data, MockTableData? table, MockExportFormat format, SqlDialect dialect, Stream stream, ExportReporter reporter, CancellationToken cancellationToken)
    {
        if (table is null)
        {
            using var writer = new StreamWriter(stream, Utf8, 1 << 16, leaveOpen: true);
            reporter.BeginScript();
            MockSqlWriter.Write(data, dialect, writer, reporter, cancellationToken);
            return;
        }

        reporter.BeginTable(table);
        switch (format)
        {
            case MockExportFormat.Csv:
                using (var writer = new StreamWriter(stream, Utf8, 1 << 16, leaveOpen: true))
                {
                    MockCsvWriter.Write(table, writer, reporter, cancellationToken);
                }

                break;
            case MockExportFormat.Json:
                using (var buffered = new BufferedStream(stream, 1 << 16))
                {
                    MockJsonWriter.WriteArray(table, buffered, reporter, cancellationToken);
                }

                break;
            default:
                using (var buffered = new BufferedStream(stream, 1 << 16))
                {
                    MockJsonWriter.WriteLines(table, buffered, reporter, cancellationToken);
                }

                break;
        }

        reporter.EndTable();
    }

    /// <summary>Letters and digits of a name (any script), '-' and '_'; anything else becomes '_'.</summary>
    private static string SafePart(string name)
    {
        var text = new StringBuilder();
        foreach (var rune in name.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            if (text.Length >= MaxNamePart)
            {
                break;
            }

            if (Rune.IsLetterOrDigit(rune) || rune.Value is '-' or '_')
            {
                text.Append(rune.ToString());
            }
            else
            {
                text.Append('_');
            }
        }

        var part = text.ToString();
        return part.Length == 0 || ReservedNames.Contains(part) ? "_" + part : part;
    }

    /// <summary>Turns the writers' row counts into <see cref="MockProgress"/> for the whole export.</summary>
    private sealed class ExportReporter(MockDataSet data, IProgress<MockProgress>? progress) : IProgress<long>
    {
        private string? _table;
        private long _tableRows;
        private long _doneBefore;
        private long _tableDone;
        private bool _script;

        public void BeginTable(MockTableData table)
        {
            _table = table.Plan.QualifiedName;
            _tableRows = table.RowCount;
            _tableDone = 0;
            Send();
        }

        public void BeginScript()
        {
            _script = true;
            _table = null;
            _tableRows = data.TotalRows;
            _tableDone = 0;
            Send();
        }

        public void EndTable()
        {
            _doneBefore += _tableDone;
            _tableDone = 0;
        }

        public void Report(long value)
        {
            _tableDone = value;
            Send();
        }

        public void Finish() =>
            progress?.Report(new MockProgress(null, 0, 0, data.TotalRows, data.TotalRows, MockPhases.Done));

        private void Send() =>
            progress?.Report(new MockProgress(_table, _tableDone, _tableRows, _script ? _tableDone : _doneBefore + _tableDone, data.TotalRows, MockPhases.Writing));
    }
}
