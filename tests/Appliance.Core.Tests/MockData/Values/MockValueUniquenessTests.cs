using Appliance.Core.MockData.Values;

namespace Appliance.Core.Tests.MockData.Values;

public sealed class MockValueUniquenessTests
{
    private static readonly MockValueFactory Factory = TestTypes.Factory(seed: 7);

    public static TheoryData<string, string> MainGenerators() => new()
    {
        { "email", "text" },
        { "email", "varchar(40)" },
        { "email", "varchar(12)" },
        { "first_name", "text" },
        { "first_name", "varchar(5)" },
        { "last_name", "varchar(40)" },
        { "full_name", "text" },
        { "username", "text" },
        { "city", "text" },
        { "street_address", "varchar(100)" },
        { "company", "text" },
        { "job_title", "text" },
        { "product_name", "varchar(40)" },
        { "category_name", "text" },
        { "name", "text" },
        { "title", "text" },
        { "description", "varchar(100)" },
        { "word", "text" },
        { "text", "nvarchar(20)" },
        { "slug", "text" },
        { "sku", "text" },
        { "code", "varchar(12)" },
        { "phone", "varchar(40)" },
        { "ip_address", "inet" },
        { "mac_address", "text" },
        { "uuid", "uuid" },
        { "uuid", "text" },
        { "iban", "varchar(40)" },
        { "url", "text" },
        { "domain", "text" },
        { "status", "text" },
        { "postal_code", "text" },
        { "password_hash", "text" },
        { "integer", "int4" },
        { "integer", "sqlite text" },
        { "price", "numeric(10,2)" },
        { "money", "numeric" },
        { "quantity", "int4" },
        { "decimal", "double" },
        { "latitude", "real" },
        { "created_at", "timestamp" },
        { "created_at", "timestamptz" },
        { "created_at", "sqlite datetime" },
        { "timestamp", "smalldatetime" },
        { "date", "date" },
        { "birth_date", "date" },
        { "time", "time" },
        { "interval", "interval" },
        { "binary", "bytea" },
        { "json", "jsonb" },
        { "word", "text[]" },
        { "array", "int2[]" },
    };

    [Theory]
    [MemberData(nameof(MainGenerators))]
    public void A_hundred_thousand_unique_rows_get_distinct_values(string generator, string typeName)
    {
        var type = TestTypes.Get(typeName);
        var rows = (int)Math.Min(100_000, Factory.Capacity(generator, type, ValueConstraints.None));
        Assert.True(rows >= 30_000, $"{generator} on {typeName} holds only {rows}");
        // Case-insensitively distinct: unique indexes under *_ci collations and citext compare that way.
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var row = 0; row < rows; row++)
        {
            var value = Factory.Make(generator, type, row, unique: true);
            if (row % 97 == 0)
            {
                ValueChecks.AssertFits(type, ValueConstraints.None, value, $"{generator} on {typeName}, row {row}");
            }

            Assert.True(seen.Add(TestTypes.Key(value)), $"{generator} on {typeName}: row {row} repeats {TestTypes.Key(value)}");
        }
    }

    public static TheoryData<string, string, long> TinyDomains() => new()
    {
        { "country_code", "char(2)", 676 },
        { "currency_code", "char(2)", 676 },
        { "code", "varchar(3)", 36 * 36 * 36 },
        { "text", "varchar(3)", 36 * 36 * 36 },
        { "email", "varchar(3)", 36 * 36 * 36 },
        { "color", "char(2)", 36 * 36 },
        { "boolean", "bool", 2 },
        { "boolean", "int4", 2 },
        { "boolean", "varchar(5)", 2 },
        { "enum", "enum", 4 },
        { "enum", "mysql set", 8 },
        { "integer", "tinyint unsigned", 256 },
        { "status", "tinyint unsigned", 256 },
        { "decimal", "decimal(5,0) unsigned", 100_000 },
        { "binary", "varbinary(4)", 1L << 32 },
        { "year", "tinyint unsigned", 256 },
    };

    [Theory]
    [MemberData(nameof(TinyDomains))]
    public void Capacity_of_small_domains_is_exact(string generator, string typeName, long capacity)
    {
        var type = TestTypes.Get(typeName);
        Assert.Equal(capacity, Factory.Capacity(generator, type, ValueConstraints.None));
        if (capacity > 50_000)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var row = 0; row < capacity; row++)
        {
            var value = Factory.Make(generator, type, row, unique: true);
            ValueChecks.AssertFits(type, ValueConstraints.None, value, $"{generator} on {typeName}, row {row}");
            Assert.True(seen.Add(TestTypes.Key(value)), $"row {row} repeats {TestTypes.Key(value)}");
        }

        Assert.Throws<InvalidOperationException>(() => Factory.Make(generator, type, capacity, unique: true));
    }

    [Fact]
    public void Capacity_follows_the_constraints()
    {
        var int4 = TestTypes.Get("int4");
        Assert.Equal(10, Factory.Capacity("integer", int4, new ValueConstraints { Min = 1L, Max = 10L }));
        Assert.Equal(9, Factory.Capacity("quantity", int4, new ValueConstraints { Min = 0L, MinExclusive = true, Max = 10L, MaxExclusive = true }));
        Assert.Equal(199, Factory.Capacity("decimal", TestTypes.Get("int2"), new ValueConstraints { Min = -99L, Max = 99L }));
        Assert.Equal(1001, Factory.Capacity("percentage", TestTypes.Get("numeric(4,3)"), new ValueConstraints { Min = 0m, Max = 1m }));
        Assert.Equal(10, Factory.Capacity("date", TestTypes.Get("date"), new ValueConstraints { Min = new DateOnly(2025, 1, 1), Max = new DateOnly(2025, 1, 10) }));
        Assert.Equal(61, Factory.Capacity("timestamp", TestTypes.Get("smalldatetime"), new ValueConstraints { Min = new DateTime(2025, 1, 1, 9, 0, 0), Max = new DateTime(2025, 1, 1, 10, 0, 0) }));
        Assert.Equal(61, Factory.Capacity("time", TestTypes.Get("time"), new ValueConstraints { Min = new TimeOnly(9, 0), Max = new TimeOnly(9, 1) }));
        Assert.Equal(26 * 26 * 10, Factory.Capacity("pattern", TestTypes.Get("text"), new ValueConstraints { Pattern = "??-#" }));
        Assert.Equal(3, Factory.Capacity("city", TestTypes.Get("text"), new ValueConstraints { Values = ["a", "b", "c"] }));
        Assert.Equal(1L << 24, Factory.Capacity("color", TestTypes.Get("char(7)"), ValueConstraints.None));
        Assert.Equal(17_576, Factory.Capacity("currency_code", TestTypes.Get("varchar(5)"), ValueConstraints.None));
        Assert.Equal(26, Factory.Capacity("country_code", TestTypes.Get("varchar(12)"), new ValueConstraints { MaxLength = 1 }));
        Assert.Equal(long.MaxValue, Factory.Capacity("email", TestTypes.Get("text"), ValueConstraints.None));
        Assert.Equal(long.MaxValue, Factory.Capacity("uuid", TestTypes.Get("uuid"), ValueConstraints.None));
        Assert.Equal(long.MaxValue, Factory.Capacity("null", TestTypes.Get("int4"), ValueConstraints.None));
        // Short text: "#" and the row in base 36 take every row below 36^(length-1).
        Assert.Equal(36L * 36 * 36 * 36 * 36 * 36 * 36 * 36 * 36 * 36 * 36, Factory.Capacity("first_name", TestTypes.Get("varchar(12)"), ValueConstraints.None));
    }

    [Fact]
    public void Small_constrained_ranges_are_used_up_exactly()
    {
        var january = new ValueConstraints { Min = new DateOnly(2025, 1, 1), Max = new DateOnly(2025, 1, 31) };
        var days = Enumerable.Range(0, 31).Select(r => (DateOnly)Factory.Make("created_at", TestTypes.Get("date"), r, unique: true, constraints: january)!).ToList();
        Assert.Equal(31, days.Distinct().Count());
        Assert.All(days, d => Assert.Equal((2025, 1), (d.Year, d.Month)));
        Assert.Throws<InvalidOperationException>(() => Factory.Make("created_at", TestTypes.Get("date"), 31, unique: true, constraints: january));

        var prices = Enumerable.Range(0, 1001).Select(r => (decimal)Factory.Make("price", TestTypes.Get("numeric(10,2)"), r, unique: true, constraints: new ValueConstraints { Min = 0m, Max = 10m })!).ToList();
        Assert.Equal(1001, prices.Distinct().Count());
        Assert.Equal(0m, prices.Min());
        Assert.Equal(10m, prices.Max());
    }

    [Fact]
    public void Unique_text_embeds_the_row()
    {
        var text = TestTypes.Get("text");
        Assert.Matches(@"\.1234@", (string)Factory.Make("email", text, 1234, unique: true)!);
        Assert.Matches(@"^[A-Z]{2}-000123$", (string)Factory.Make("code", text, 123, unique: true)!);
        Assert.Matches(@"-77$", (string)Factory.Make("slug", text, 77, unique: true)!);
        Assert.Equal(["AD", "AE", "AF"], Enumerable.Range(0, 3).Select(r => (string)Factory.Make("country_code", TestTypes.Get("char(2)"), r, unique: true)!));
        Assert.Equal(["EUR", "USD"], Enumerable.Range(0, 2).Select(r => (string)Factory.Make("currency_code", TestTypes.Get("varchar(5)"), r, unique: true)!));
        // Past the pool: a pool value with the row.
        Assert.EndsWith(" #250000", (string)Factory.Make("city", text, 250_000, unique: true)!, StringComparison.Ordinal);
        // Integers count up from the realistic start: keys 1, 2, 3…
        Assert.Equal([1L, 2L, 3L], Enumerable.Range(0, 3).Select(r => (long)Factory.Make("integer", TestTypes.Get("int4"), r, unique: true)!));
    }
}
