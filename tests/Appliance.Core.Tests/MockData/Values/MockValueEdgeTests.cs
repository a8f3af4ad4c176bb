using System.Globalization;
using Appliance.Core.MockData;
using Appliance.Core.MockData.Values;

namespace Appliance.Core.Tests.MockData.Values;

public sealed class MockValueEdgeTests
{
    private static readonly MockValueFactory Factory = TestTypes.Factory();

    private static List<object?> Edges(string typeName, ValueConstraints? constraints = null, int rows = 200)
    {
        var type = TestTypes.Get(typeName);
        var values = new List<object?>();
        for (var row = 0; row < rows; row++)
        {
            var random = MockRandom.For(1, 2, row, 3);
            values.Add(Factory.CreateEdge(type, constraints ?? ValueConstraints.None, ref random, row));
        }

        return values;
    }

    public static TheoryData<string> TypeNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in TestTypes.All.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Edge_values_fit_their_type(string typeName)
    {
        var type = TestTypes.Get(typeName);
        var values = Edges(typeName);
        for (var row = 0; row < values.Count; row++)
        {
            ValueChecks.AssertFits(type, ValueConstraints.None, values[row], $"edge {row} of {typeName}");
        }

        Assert.True(values.Select(TestTypes.Key).Distinct().Count() >= 2, $"{typeName} edges do not vary");
    }

    [Fact]
    public void Unicode_text_edges_include_emoji_combining_marks_and_both_extremes_of_length()
    {
        var values = Edges("varchar(12)").Cast<string>().ToList();
        Assert.Contains(values, v => v.Any(char.IsSurrogate));
        Assert.Contains(values, v => v.Contains('\u0301', StringComparison.Ordinal));
        Assert.Contains("", values);
        Assert.Contains(values, v => TextLength.Measure(v, TextLengthUnit.CodePoints) == 12 && v.Any(char.IsSurrogate));
        foreach (var special in new[] { "\"", "'", "\\", ",", "\n", "\t" })
        {
            Assert.Contains(values, v => v.Contains(special, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Edge_lengths_count_as_each_engine_counts()
    {
        // SQL Server nvarchar counts UTF-16 units: an emoji takes two, so a 20-unit value holds ten.
        var nvarchar = Edges("nvarchar(20)").Cast<string>().ToList();
        Assert.Contains(nvarchar, v => v.Length == 20);
        Assert.All(nvarchar, v => Assert.True(v.Length <= 20, v));

        // MySQL TINYTEXT counts bytes.
        var tinytext = Edges("tinytext").Cast<string>().ToList();
        Assert.Contains(tinytext, v => System.Text.Encoding.UTF8.GetByteCount(v) == 255);
        Assert.All(tinytext, v => Assert.True(System.Text.Encoding.UTF8.GetByteCount(v) <= 255, v));

        // Unbounded text gets a long value.
        Assert.Contains(Edges("text").Cast<string>(), v => v.Length >= 1000);
    }

    [Fact]
    public void Narrow_character_sets_get_no_characters_they_cannot_keep()
    {
        Assert.All(Edges("utf8mb3 varchar(10)").Cast<string>(), v => Assert.False(v.Any(char.IsSurrogate), v));
        Assert.Contains(Edges("utf8mb3 varchar(10)").Cast<string>(), v => v.Contains('\u0301', StringComparison.Ordinal));
        Assert.All(Edges("mssql varchar(30)").Cast<string>(), v => Assert.True(v.All(char.IsAscii), v));
    }

    [Fact]
    public void Number_edges_reach_the_ends_of_the_type_and_the_constraints()
    {
        var int2 = Edges("int2").Cast<long>().ToList();
        Assert.Contains((long)short.MinValue, int2);
        Assert.Contains((long)short.MaxValue, int2);
        Assert.Contains(0L, int2);

        var money = Edges("numeric(10,2)").Cast<decimal>().ToList();
        Assert.Contains(99_999_999.99m, money);
        Assert.Contains(-99_999_999.99m, money);
        Assert.Contains(0.01m, money);

        var unsigned = Edges("decimal(5,0) unsigned").Cast<decimal>().ToList();
        Assert.Contains(99_999m, unsigned);
        Assert.All(unsigned, v => Assert.True(v >= 0));

        var bounded = Edges("int4", new ValueConstraints { Min = 1L, Max = 5L }).Cast<long>().ToList();
        Assert.All(bounded, v => Assert.InRange(v, 1, 5));
        Assert.Contains(1L, bounded);
        Assert.Contains(5L, bounded);

        Assert.Contains(1e37, Edges("real").Cast<double>());
        Assert.Contains(-1e307, Edges("double").Cast<double>());
    }

    [Fact]
    public void Date_edges_reach_the_limits_each_engine_accepts()
    {
        var postgres = Edges("date").Cast<DateOnly>().ToList();
        Assert.Contains(new DateOnly(1, 1, 1), postgres);
        Assert.Contains(new DateOnly(9999, 12, 31), postgres);
        Assert.Contains(new DateOnly(2000, 2, 29), postgres);

        Assert.Contains(new DateOnly(1000, 1, 1), Edges("mysql date").Cast<DateOnly>());
        var sqlServer = Edges("datetime").Cast<DateTime>().ToList();
        Assert.Contains(new DateTime(1753, 1, 1), sqlServer);
        Assert.Contains(new DateTime(9999, 12, 31, 23, 59, 59), sqlServer);
        Assert.Contains(new DateTime(2079, 6, 6, 23, 59, 0), Edges("smalldatetime").Cast<DateTime>());
        var mysqlTimestamp = Edges("mysql timestamp").Cast<DateTime>().ToList();
        Assert.All(mysqlTimestamp, v => Assert.InRange(v, new DateTime(1970, 1, 1, 0, 0, 1), new DateTime(2038, 1, 19, 3, 14, 7)));

        var sqliteText = Edges("sqlite date").Cast<string>().ToList();
        Assert.Contains("0001-01-01", sqliteText);
        Assert.All(sqliteText, v => Assert.True(DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), v));
    }

    [Fact]
    public void Other_kinds_have_their_boundaries()
    {
        Assert.Contains(Guid.Empty, Edges("uuid").Cast<Guid>());
        Assert.Contains(Edges("bytea").Cast<byte[]>(), b => b.Length == 0);
        Assert.All(Edges("binary(16)").Cast<byte[]>(), b => Assert.Equal(16, b.Length));
        Assert.Contains("{}", Edges("jsonb").Cast<string>());
        Assert.Contains(Edges("text[]").Cast<string[]>(), a => a.Length == 0);
        Assert.Contains(Edges("enum").Cast<string>(), v => v == "gone");
        Assert.Contains(Edges("int2[]").Cast<long[]>(), a => a.Contains(short.MaxValue));
        Assert.Contains(TimeSpan.Zero, Edges("interval").Cast<TimeSpan>());
    }
}
