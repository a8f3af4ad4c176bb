using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Appliance.Core.Connections;
using Appliance.Core.MockData;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Infrastructure.MockData;
using Appliance.Infrastructure.Tests.Engines;

namespace Appliance.Infrastructure.Tests.MockData;

public sealed class MockDataExporterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mock-export-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static DatabaseSchema Demo => SchemaJson.Deserialize(EngineTestSupport.ReadRepositoryFile("tests/Appliance.Core.Tests/Sql/Schemas/demo.schema.json"));

    private static DatabaseSchema PostgresFixture =>
        SchemaJson.Deserialize(EngineTestSupport.ReadRepositoryFile("tests/Appliance.Core.Tests/Sql/Schemas/postgres-fixture.schema.json"));

    [Theory]
    [InlineData(MockExportFormat.Csv)]
    [InlineData(MockExportFormat.Json)]
    [InlineData(MockExportFormat.Ndjson)]
    [InlineData(MockExportFormat.Sql)]
    public void The_same_seed_gives_a_byte_identical_zip_and_another_seed_does_not(MockExportFormat format)
    {
        var first = Zip(MockTestSupport.Generate(PostgresFixture, rows: 120, seed: 11), format);
        var second = Zip(MockTestSupport.Generate(PostgresFixture, rows: 120, seed: 11), format);
        var otherSeed = Zip(MockTestSupport.Generate(PostgresFixture, rows: 120, seed: 12), format);

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void A_directory_export_holds_the_same_bytes_as_the_zip_in_safe_file_names()
    {
        var data = MockTestSupport.Generate(PostgresFixture, rows: 50);

        var files = MockDataExporter.WriteDirectory(data, MockExportFormat.Csv, SqlDialect.Postgres, _directory, cancellationToken: Token);
        var again = MockDataExporter.WriteDirectory(MockTestSupport.Generate(PostgresFixture, rows: 50), MockExportFormat.Csv, SqlDialect.Postgres, Path.Combine(_directory, "again"), cancellationToken: Token);

        using var archive = new ZipArchive(new MemoryStream(Zip(data, MockExportFormat.Csv)));
        Assert.Equal(archive.Entries.Select(e => e.FullName), files.Select(Path.GetFileName));
        Assert.Contains("public.Kundë_客户.csv", files.Select(Path.GetFileName));
        Assert.Contains("sales.order_line.csv", files.Select(Path.GetFileName));
        foreach (var (entry, file, copy) in archive.Entries.Zip(files, again))
        {
            using var content = new MemoryStream();
            using (var stream = entry.Open())
            {
                stream.CopyTo(content);
            }

            Assert.Equal(content.ToArray(), File.ReadAllBytes(file));
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(copy));
            Assert.Equal(MockDataExporter.EntryTimestamp.DateTime, entry.LastWriteTime.DateTime);
        }

        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public void Every_csv_parses_back_per_RFC_4180_with_a_header_and_one_record_per_generated_row()
    {
        var data = MockTestSupport.Generate(PostgresFixture, rows: 200, adjust: r => r with { EdgeCases = true });

        using var archive = new ZipArchive(new MemoryStream(Zip(data, MockExportFormat.Csv)));

        foreach (var (table, entry) in data.Tables.Zip(archive.Entries))
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            var records = Rfc4180.Parse(reader.ReadToEnd());
            Assert.Equal(table.Columns.Select(c => c.Name), records[0]);
            Assert.Equal(table.RowCount, records.Count - 1);
            Assert.All(records, r => Assert.Equal(table.Columns.Count, r.Count));
        }
    }

    [Fact]
    public void Every_json_array_and_ndjson_file_parses_back_with_one_object_per_generated_row()
    {
        var data = MockTestSupport.Generate(PostgresFixture, rows: 200, adjust: r => r with { EdgeCases = true });

        using var arrays = new ZipArchive(new MemoryStream(Zip(data, MockExportFormat.Json)));
        using var lines = new ZipArchive(new MemoryStream(Zip(data, MockExportFormat.Ndjson)));

        foreach (var (table, array, ndjson) in data.Tables.Zip(arrays.Entries, lines.Entries))
        {
            Assert.EndsWith(".json", array.FullName, StringComparison.Ordinal);
            Assert.EndsWith(".ndjson", ndjson.FullName, StringComparison.Ordinal);
            using (var stream = array.Open())
            {
                using var document = JsonDocument.Parse(stream);
                Assert.Equal(table.RowCount, document.RootElement.GetArrayLength());
                Assert.All(document.RootElement.EnumerateArray(), o => Assert.Equal(table.Columns.Select(c => c.Name), o.EnumerateObject().Select(p => p.Name)));
            }

            using var reader = new StreamReader(ndjson.Open(), Encoding.UTF8);
            var objects = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(table.RowCount, objects.Length);
            Assert.All(objects, line =>
            {
                using var document = JsonDocument.Parse(line);
                Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            });
        }
    }

    [Fact]
    public void The_sql_export_is_one_script_named_after_its_dialect()
    {
        var data = MockTestSupport.Generate(Demo, rows: 10);

        using var archive = new ZipArchive(new MemoryStream(Zip(data, MockExportFormat.Sql, SqlDialect.MySql)));

        var entry = Assert.Single(archive.Entries);
        Assert.Equal("mock-data.mysql.sql", entry.FullName);
        using var reader = new StreamReader(entry.Open());
        var script = reader.ReadToEnd();
        Assert.StartsWith("-- Mock data: seed 7", script, StringComparison.Ordinal);
        Assert.Contains("START TRANSACTION;", script, StringComparison.Ordinal);
        Assert.EndsWith("COMMIT;\n", script, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_streams_into_an_output_that_cannot_seek_and_progress_ends_at_the_total()
    {
        var data = MockTestSupport.Generate(Demo, rows: 40);
        var progress = new RecordingProgress();
        using var output = new MemoryStream();

        MockDataExporter.WriteZip(data, MockExportFormat.Ndjson, SqlDialect.Sqlite, new ForwardOnlyStream(output), progress, Token);

        using var archive = new ZipArchive(new MemoryStream(output.ToArray()));
        Assert.Equal(data.Tables.Count, archive.Entries.Count);
        Assert.Equal(data.Tables.Select(t => t.Plan.QualifiedName), progress.Reports.Where(p => p.Table is not null).Select(p => p.Table!).Distinct());
        var last = progress.Reports[^1];
        Assert.Equal((data.TotalRows, data.TotalRows, MockPhases.Done), (last.TotalDone, last.TotalRows, last.Phase));
        Assert.True(progress.Reports.Select(p => p.TotalDone).SequenceEqual(progress.Reports.Select(p => p.TotalDone).Order()), "progress went backwards");
    }

    [Fact]
    public void A_cancelled_directory_export_leaves_no_partial_file()
    {
        var data = MockTestSupport.Generate(Demo, rows: 20_000);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var progress = new RecordingProgress(p =>
        {
            if (p.TotalDone > 0)
            {
                cancel.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => MockDataExporter.WriteDirectory(data, MockExportFormat.Csv, SqlDialect.Sqlite, _directory, progress, cancel.Token));

        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public void File_names_are_safe_and_unique_whatever_the_table_names()
    {
        string[] names = ["Kundë 客户", "a/b\\c", "..", "CON", "orders", "ORDERS", "quote\"d:*?<>|", new string('x', 300), ""];
        var schema = new DatabaseSchema
        {
            Engine = DatabaseEngine.Postgres,
            Schemas = [new SchemaNamespace { Name = "s p/a" }],
            Tables = [.. names.Select((n, i) => new Table
            {
                Schema = "s p/a",
                Name = n.Length == 0 ? " " : n,
                Columns = [new Column { Name = "id", Ordinal = 1, DataType = "integer", BaseType = "int4" }],
                PrimaryKey = new KeyConstraint { Columns = ["id"] },
            })],
        };
        var data = MockTestSupport.Generate(schema, rows: 1);

        var files = MockDataExporter.Files(data, MockExportFormat.Ndjson, SqlDialect.Postgres).Select(f => f.FileName).ToList();

        Assert.Equal(names.Length, files.Count);
        Assert.Equal(files.Count, files.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(files, f =>
        {
            Assert.Matches(@"^[\p{L}\p{N}_~\-]+\.[\p{L}\p{N}_~\-]+\.ndjson$", f);
            Assert.True(f.Length <= 140, f);
            Assert.DoesNotMatch("^(?i:con|prn|aux|nul|com[1-9]|lpt[1-9])[.]", f);
        });
        Assert.Contains("s_p_a.Kundë_客户.ndjson", files);
    }

    private static byte[] Zip(MockDataSet data, MockExportFormat format, SqlDialect dialect = SqlDialect.Postgres)
    {
        using var output = new MemoryStream();
        MockDataExporter.WriteZip(data, format, dialect, output, cancellationToken: Token);
        return output.ToArray();
    }

    /// <summary>An output like an HTTP response body: written forward only, never sought or read.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}

/// <summary>A strict RFC 4180 reader: fields separated by commas, records by CRLF, quoted fields with doubled quotes.</summary>
internal static class Rfc4180
{
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "unterminated quoted field");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                Assert.True(i == text.Length || text[i] is ',' or '\r', $"text after a closing quote at {i}");
                continue;
            }

            switch (text[i])
            {
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r':
                    Assert.True(i + 1 < text.Length && text[i + 1] == '\n', $"a CR without LF at {i}");
                    record.Add(field.ToString());
                    field.Clear();
                    records.Add(record);
                    record = [];
                    i += 2;
                    break;
                case '"' or '\n':
                    Assert.Fail($"a bare {(text[i] == '"' ? "quote" : "LF")} at {i}");
                    break;
                default:
                    field.Append(text[i++]);
                    break;
            }
        }

        Assert.True(field.Length == 0 && record.Count == 0, "the last record does not end with CRLF");
        return records;
    }
}
