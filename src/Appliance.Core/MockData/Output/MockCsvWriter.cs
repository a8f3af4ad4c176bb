namespace Appliance.Core.MockData.Output;

/// <summary>
/// RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they hold a comma, quote, CR or LF (quotes doubled).
/// NULL is an empty unquoted field; an empty string is "" so the two stay distinguishable (as PostgreSQL's COPY … CSV reads them).
/// </summary>
public static class MockCsvWriter
{
    public static long Write(MockTableData table, TextWriter writer, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(writer);
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            WriteField(writer, table.Columns[i].Name);
        }

        writer.Write("\r\n");
        long rows = 0;
        foreach (var row in table.Rows(cancellationToken: cancellationToken))
        {
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0)
                {
                    writer.Write(',');
                }

                var value = row[i];
                if (value is null)
                {
                    continue;
                }

                var text = MockValueFormat.Text(value);
                if (text.Length == 0)
                {
                    writer.Write("\"\"");
                }
                else
                {
                    WriteField(writer, text);
                }
            }

            writer.Write("\r\n");
            if ((++rows & 8191) == 0)
            {
                progress?.Report(rows);
            }
        }

        progress?.Report(rows);
        return rows;
    }

    private static void WriteField(TextWriter writer, string text)
    {
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(text);
            return;
        }

        writer.Write('"');
        writer.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
