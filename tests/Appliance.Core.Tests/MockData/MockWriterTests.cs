using System.Text;
using System.Text.Json;
using Appliance.Core.MockData;
using Appliance.Core.MockData.Output;
using Appliance.Core.Sql;
using Appliance.Core.Tests.Sql;

namespace Appliance.Core.Tests.MockData;

public sealed class MockWriterTests
{
    private static MockDataSet Data(bool edge = false) =>
        MockDataSet.Create(MockPlanner.Plan(TestSchemas.PostgresFixture, new MockDataRequest { DefaultRows = 120, EdgeCases = edge }));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Csv_parses_back_to_the_same_values_and_row_count(bool edge)
    {
        var data = Data(edge);
        foreach (var table in data.Tables)
        {
            var text = new StringWriter();
            var written = MockCsvWriter.Write(table, text);
            var records = ParseCsv(text.ToString());

            Assert.Equal(table.RowCount, written);
            Assert.Equal(table.RowCount + 1, records.Count);
            Assert.Equal(table.Columns.Select(c => c.Name), records[0]);
            var expected = table.Rows().Select(r => r.Select(v => v is null ? null : MockValueFormat.Text(v)).ToList()).ToList();
            Assert.Equal(expected, records.Skip(1).ToList());
        }
    }

    [Fact]
    public void Csv_quotes_commas_quotes_and_line_breaks_and_tells_null_from_empty()
    {
        var text = new StringWriter();
        var records = ParseCsv("a,b\r\n\"x, \"\"y\"\"\r\nz\",\r\n\"\",plain\r\n");
        Assert.Equal(["x, \"y\"\r\nz", null], records[1]);
        Assert.Equal(["", "plain"], records[2]);
        Assert.NotNull(text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Json_array_and_lines_parse_back_with_one_object_per_row(bool lines)
    {
        var data = Data(edge: true);
        foreach (var table in data.Tables)
        {
            using var stream = new MemoryStream();
            var written = lines ? MockJsonWriter.WriteLines(table, stream) : MockJsonWriter.WriteArray(table, stream);
            var json = Encoding.UTF8.GetString(stream.ToArray());
            var objects = lines
                ? json.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList()
                : JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();

            Assert.Equal(table.RowCount, written);
            Assert.Equal(table.RowCount, objects.Count);
            Assert.All(objects, o => Assert.Equal(table.Columns.Select(c => c.Name), o.EnumerateObject().Select(p => p.Name)));
        }
    }

    [Theory]
    [InlineData(SqlDialect.Postgres)]
    [InlineData(SqlDialect.MySql)]
    [InlineData(SqlDialect.TSql)]
    [InlineData(SqlDialect.Sqlite)]
    public void Sql_scripts_parse_in_their_dialect_with_one_insert_per_batch(SqlDialect dialect)
    {
        var data = MockDataSet.Create(MockPlanner.Plan(TestSchemas.Demo, new MockDataRequest { DefaultRows = 700, EdgeCases = dialect == SqlDialect.MySql }));
        var text = new StringWriter();
        MockSqlWriter.Write(data, dialect, text);

        var script = SqlParser.ParseScript(text.ToString(), dialect);
        Assert.All(script.Entries, e => Assert.Null(e.Error));
        var inserts = script.Entries.Count(e => e.Statement?.Kind == StatementKind.Insert);
        Assert.Equal(data.Tables.Where(t => t.Columns.Count > 0).Sum(t => (t.RowCount + MockSqlWriter.RowsPerStatement - 1) / MockSqlWriter.RowsPerStatement), inserts);
    }

    [Fact]
    public void Literals_escape_quotes_per_dialect()
    {
        var postgres = new StringBuilder();
        MockSqlWriter.AppendLiteral(postgres, "it's a \\ test", Appliance.Core.MockData.Values.MockValueKind.Text, SqlDialect.Postgres);
        var mysql = new StringBuilder();
        MockSqlWriter.AppendLiteral(mysql, "it's a \\ test", Appliance.Core.MockData.Values.MockValueKind.Text, SqlDialect.MySql);
        var tsql = new StringBuilder();
        MockSqlWriter.AppendLiteral(tsql, "ü's", Appliance.Core.MockData.Values.MockValueKind.Text, SqlDialect.TSql);

        Assert.Equal("'it''s a \\ test'", postgres.ToString());
        Assert.Equal("'it''s a \\\\ test'", mysql.ToString());
        Assert.Equal("N'ü''s'", tsql.ToString());
    }

    /// <summary>An RFC 4180 reader: null for an empty unquoted field, "" for a quoted empty one.</summary>
    internal static List<List<string?>> ParseCsv(string text)
    {
        var records = new List<List<string?>>();
        var record = new List<string?>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (field.Length == 0 && !quoted && c == '"')
            {
                quoted = true;
                i++;
                while (true)
                {
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                    }
                    else if (text[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        field.Append(text[i++]);
                    }
                }

                continue;
            }

            if (c == ',' || (c == '\r' && text[i + 1] == '\n'))
            {
                record.Add(field.Length == 0 && !quoted ? null : field.ToString());
                field.Clear();
                quoted = false;
                if (c == '\r')
                {
                    records.Add(record);
                    record = [];
                    i++;
                }

                i++;
                continue;
            }

            field.Append(c);
            i++;
        }

        return records;
    }
}
