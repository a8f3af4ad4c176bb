using Appliance.Core.MockData;
using Appliance.Core.MockData.Values;
using Appliance.Core.Schema;
using Appliance.Infrastructure.MockData;

namespace Appliance.Infrastructure.Tests.MockData;

/// <summary>The data reader SqlBulkCopy reads generated rows through (SQL Server cannot be tested live here).</summary>
public sealed class MockDataReaderTests
{
    private static readonly ColumnPlan[] Columns =
    [
        Plan("id", MockValueKind.Integer, "bigint"),
        Plan("Name", MockValueKind.Text, "nvarchar"),
        Plan("born", MockValueKind.Date, "date"),
        Plan("opens", MockValueKind.Time, "time"),
        Plan("at", MockValueKind.TimestampTz, "datetimeoffset"),
        Plan("tags", MockValueKind.TextArray, "nvarchar"),
        Plan("photo", MockValueKind.Binary, "varbinary"),
    ];

    [Fact]
    public void Rows_stream_through_with_values_in_the_types_SqlClient_writes()
    {
        var at = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var buffer = new object?[Columns.Length];
        IEnumerable<object?[]> Rows()
        {
            // The generator reuses one array for every row, as MockTableData.Rows does.
            buffer[0] = 1L; buffer[1] = "Ada"; buffer[2] = new DateOnly(1815, 12, 10); buffer[3] = new TimeOnly(9, 30); buffer[4] = at; buffer[5] = new[] { "a", "b \"c\"" }; buffer[6] = new byte[] { 1, 2 };
            yield return buffer;
            Array.Clear(buffer);
            buffer[0] = 2L;
            yield return buffer;
        }

        var seen = 0;
        using var reader = new MockDataReader(Columns, Rows(), () => seen++);

        Assert.Equal(7, reader.FieldCount);
        Assert.True(reader.Read());
        Assert.Equal((1L, "Ada"), (reader.GetValue(0), reader.GetValue(1)));
        Assert.Equal(new DateTime(1815, 12, 10), reader.GetDateTime(2));
        Assert.Equal(new TimeSpan(9, 30, 0), reader.GetValue(3));
        Assert.Equal(at, reader.GetValue(4));
        Assert.Equal("{\"a\",\"b \\\"c\\\"\"}", reader.GetString(5));
        Assert.Equal(new byte[] { 1, 2 }, reader.GetValue(6));
        Assert.Equal(2, reader.GetBytes(6, 0, null, 0, 0));
        var values = new object[7];
        Assert.Equal(7, reader.GetValues(values));
        Assert.Equal("Ada", values[1]);

        Assert.True(reader.Read());
        Assert.Equal(2, reader.GetInt32(0));
        Assert.True(reader.IsDBNull(1));
        Assert.Same(DBNull.Value, reader.GetValue(2));
        Assert.False(reader.Read());
        Assert.Equal((2, 2L), (seen, reader.RowsRead));
    }

    [Fact]
    public void Columns_are_found_by_name_and_typed_for_the_bulk_copy_mappings()
    {
        using var reader = new MockDataReader(Columns, []);

        Assert.Equal("Name", reader.GetName(1));
        Assert.Equal(1, reader.GetOrdinal("Name"));
        Assert.Equal(1, reader.GetOrdinal("name"));
        Assert.Throws<IndexOutOfRangeException>(() => reader.GetOrdinal("missing"));
        Assert.Equal([typeof(long), typeof(string), typeof(DateTime), typeof(TimeSpan), typeof(DateTimeOffset), typeof(string), typeof(byte[])],
            Enumerable.Range(0, 7).Select(reader.GetFieldType));
        Assert.Equal("datetimeoffset", reader.GetDataTypeName(4));
        Assert.False(reader.Read());
        Assert.Throws<InvalidOperationException>(() => reader.GetValue(0));
    }

    [Fact]
    public void An_exception_from_the_row_callback_stops_the_reader_where_it_is()
    {
        var rows = Enumerable.Range(0, 10).Select(i => new object?[] { (long)i, null, null, null, null, null, null });
        var read = 0;
        using var reader = new MockDataReader(Columns, rows, () =>
        {
            if (++read == 3)
            {
                throw new OperationCanceledException();
            }
        });

        Assert.True(reader.Read());
        Assert.True(reader.Read());
        Assert.Throws<OperationCanceledException>(() => reader.Read());
        Assert.Equal(3, reader.RowsRead);
    }

    private static ColumnPlan Plan(string name, MockValueKind kind, string type) => new()
    {
        Column = new Column { Name = name, DataType = type },
        Index = 0,
        Type = new MockType { Kind = kind, DatabaseTypeName = type },
    };
}
