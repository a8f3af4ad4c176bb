using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Appliance.Core.MockData;
using Appliance.Core.MockData.Values;
using Appliance.Core.Schema;
using Appliance.Core.Tests.Sql;

namespace Appliance.Core.Tests.MockData.Values;

public sealed partial class MockValueFactoryTests
{
    private static readonly MockValueFactory Factory = TestTypes.Factory();
    private static readonly DateTime Reference = TestTypes.ReferenceTime;

    public static TheoryData<string> GeneratorNames()
    {
        var data = new TheoryData<string>();
        foreach (var generator in MockGenerators.All)
        {
            data.Add(generator.Name);
        }

        return data;
    }

    /// <summary>Constraints that make "pattern" and "values" do their work; none for the rest.</summary>
    private static ValueConstraints ConstraintsFor(string generator, MockType type) => generator switch
    {
        MockGenerators.Pattern => new ValueConstraints { Pattern = "AB-##?*" },
        MockGenerators.Values => new ValueConstraints { Values = SampleValues(type) },
        _ => ValueConstraints.None,
    };

    /// <summary>Up to three distinct values of the type's CLR type.</summary>
    private static IReadOnlyList<object> SampleValues(MockType type)
    {
        var generator = MockGenerators.ForKind(type.Kind);
        var count = Math.Min(3, Factory.Capacity(generator, type, ValueConstraints.None));
        var values = new List<object>();
        for (var row = 0; row < count; row++)
        {
            values.Add(Factory.Make(generator, type, row, unique: true)!);
        }

        return values;
    }

    [Theory]
    [MemberData(nameof(GeneratorNames))]
    public void Every_generator_makes_values_that_fit_every_type_it_supports(string generator)
    {
        var info = MockGenerators.Find(generator)!;
        var types = TestTypes.All.Where(t => info.Fits(t.Value.Kind)).ToList();
        Assert.NotEmpty(types);
        foreach (var (name, type) in types)
        {
            var constraints = ConstraintsFor(generator, type);
            for (var row = 0; row < 2000; row++)
            {
                var value = Factory.Make(generator, type, row, constraints: constraints);
                if (generator is MockGenerators.Null or MockGenerators.DatabaseDefault)
                {
                    Assert.Null(value);
                    continue;
                }

                ValueChecks.AssertFits(type, constraints, value, $"{generator} on {name}, row {row}");
                if (constraints.Values is { } values)
                {
                    Assert.Contains(TestTypes.Key(value), values.Select(TestTypes.Key));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(GeneratorNames))]
    public void Every_generator_makes_distinct_fitting_values_for_unique_rows(string generator)
    {
        if (generator is MockGenerators.Null or MockGenerators.DatabaseDefault)
        {
            return;
        }

        var info = MockGenerators.Find(generator)!;
        foreach (var (name, type) in TestTypes.All.Where(t => info.Fits(t.Value.Kind)))
        {
            var constraints = ConstraintsFor(generator, type);
            var rows = (int)Math.Min(500, Factory.Capacity(generator, type, constraints));
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var row = 0; row < rows; row++)
            {
                var value = Factory.Make(generator, type, row, unique: true, constraints: constraints);
                ValueChecks.AssertFits(type, constraints, value, $"unique {generator} on {name}, row {row}");
                Assert.True(seen.Add(TestTypes.Key(value)), $"unique {generator} on {name}: row {row} repeats {TestTypes.Key(value)}");
            }
        }
    }

    [Fact]
    public void Unknown_generator_is_refused_with_the_known_ones()
    {
        var random = new MockRandom(1);
        var error = Assert.Throws<ArgumentException>(() => Factory.Create("no_such", TestTypes.Get("text"), ValueConstraints.None, ref random, default));
        Assert.Contains("email", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_list_names_database_default_null_and_generics()
    {
        var names = MockGenerators.All.Select(g => g.Name).ToHashSet();
        foreach (var name in new[] { "database_default", "null", "integer", "decimal", "text", "lorem", "date", "timestamp", "uuid", "boolean", "pattern", "values" })
        {
            Assert.Contains(name, names);
        }

        foreach (var semantic in Enum.GetValues<SemanticKind>().Where(s => s != SemanticKind.None))
        {
            Assert.True(MockGenerators.ForSemantic(semantic) is not null, $"no generator for {semantic}");
        }

        Assert.Equal(names.Count, MockGenerators.All.Count);
        Assert.All(MockGenerators.All, g => Assert.False(string.IsNullOrWhiteSpace(g.Label)));
    }

    // ---- Choosing --------------------------------------------------------------------------------------------------

    [Fact]
    public void Chooses_generators_for_the_demo_and_postgres_fixture()
    {
        var demo = TestSchemas.Demo;
        Assert.Equal("email", Choose(demo, "customers", "email"));
        Assert.Equal("created_at", Choose(demo, "customers", "created_at"));
        Assert.Equal("price", Choose(demo, "order_lines", "unit_price"));
        Assert.Equal("percentage", Choose(demo, "order_lines", "discount"));
        Assert.Equal("boolean", Choose(demo, "products", "is_active"));
        Assert.Equal("integer", Choose(demo, "orders", "order_id"));
        Assert.Equal("date", Choose(demo, "employees", "hired_on"));

        var postgres = TestSchemas.PostgresFixture;
        Assert.Equal("enum", Choose(postgres, "order", "status"));
        Assert.Equal("database_default", Choose(postgres, "customer", "name_upper"));
        Assert.Equal("country_code", Choose(postgres, "customer", "country"));
        Assert.Equal("full_name", Choose(postgres, "customer", "name"));
        Assert.Equal("word", Choose(postgres, "order", "tags"));
        Assert.Equal("text", Choose(postgres, "order", "select"));
        Assert.Equal("money", Choose(postgres, "order", "total"));

        static string Choose(DatabaseSchema schema, string table, string column)
        {
            var t = schema.Tables.Single(x => x.Name == table);
            var c = t.FindColumn(column)!;
            return Factory.ChooseGenerator(t, c, MockTypes.Resolve(c, schema));
        }
    }

    [Fact]
    public void Unsupported_columns_get_null_or_the_database_default()
    {
        var xml = new MockType { Kind = MockValueKind.Unsupported, DatabaseTypeName = "xml" };
        var table = new Table { Schema = "s", Name = "t" };
        Assert.Equal("null", Factory.ChooseGenerator(table, new Column { Name = "doc", DataType = "xml", IsNullable = true }, xml));
        Assert.Equal("database_default", Factory.ChooseGenerator(table, new Column { Name = "doc", DataType = "xml", Default = "'<a/>'" }, xml));
        Assert.Null(Factory.Make("text", xml, 0));
    }

    // ---- Realism ---------------------------------------------------------------------------------------------------

    [Fact]
    public void Numbers_fall_in_plausible_ranges()
    {
        foreach (var row in Enumerable.Range(0, 2000))
        {
            var price = (decimal)Factory.Make("price", TestTypes.Get("numeric(10,2)"), row)!;
            Assert.InRange(price, 0.5m, 2000m);
            Assert.Equal(2, price.Scale);
            Assert.InRange((long)Factory.Make("quantity", TestTypes.Get("int4"), row)!, 1, 100);
            Assert.InRange((long)Factory.Make("percentage", TestTypes.Get("int4"), row)!, 0, 100);
            Assert.InRange((decimal)Factory.Make("percentage", TestTypes.Get("numeric(4,3)"), row)!, 0m, 1m);
            Assert.InRange((long)Factory.Make("rating", TestTypes.Get("int4"), row)!, 1, 5);
            Assert.InRange((long)Factory.Make("age", TestTypes.Get("int2"), row)!, 18, 90);
            Assert.InRange((long)Factory.Make("year", TestTypes.Get("int4"), row)!, 1950, Reference.Year);
            Assert.InRange((double)Factory.Make("latitude", TestTypes.Get("double"), row)!, -90, 90);
            Assert.InRange((double)Factory.Make("longitude", TestTypes.Get("double"), row)!, -180, 180);
            Assert.InRange((decimal)Factory.Make("money", TestTypes.Get("numeric(10,2)"), row)!, 1m, 5000m);
        }
    }

    [Fact]
    public void Percentages_that_cannot_hold_100_are_fractions()
    {
        var capped = new ValueConstraints { Min = 0m, Max = 1m };
        for (var row = 0; row < 500; row++)
        {
            Assert.InRange((decimal)Factory.Make("percentage", TestTypes.Get("numeric(10,2)"), row, constraints: capped)!, 0m, 1m);
        }
    }

    [Fact]
    public void Dates_fall_in_plausible_ranges()
    {
        for (var row = 0; row < 2000; row++)
        {
            var created = (DateTime)Factory.Make("created_at", TestTypes.Get("timestamp"), row)!;
            Assert.InRange(created, Reference.AddYears(-3), Reference);
            var updated = (DateTimeOffset)Factory.Make("updated_at", TestTypes.Get("timestamptz"), row)!;
            Assert.InRange(updated.UtcDateTime, Reference.AddYears(-1), Reference);
            var birth = (DateOnly)Factory.Make("birth_date", TestTypes.Get("date"), row)!;
            var age = Reference.Year - birth.Year;
            Assert.InRange(age, 18, 91);
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")]
    private static partial Regex IsoTimestamp();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDate();

    [Fact]
    public void Sqlite_text_dates_are_iso_text()
    {
        var demo = TestSchemas.Demo;
        var customers = demo.FindTable("main", "customers")!;
        var createdAt = customers.FindColumn("created_at")!;
        var textType = MockTypes.Resolve(createdAt, demo);
        var generator = Factory.ChooseGenerator(customers, createdAt, textType);
        var employees = demo.FindTable("main", "employees")!;
        var hiredOn = employees.FindColumn("hired_on")!;
        var hiredType = MockTypes.Resolve(hiredOn, demo);
        var hiredGenerator = Factory.ChooseGenerator(employees, hiredOn, hiredType);
        for (var row = 0; row < 500; row++)
        {
            var created = Assert.IsType<string>(Factory.Make(generator, textType, row));
            Assert.Matches(IsoTimestamp(), created);
            Assert.InRange(DateTime.ParseExact(created, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Reference.AddYears(-3), Reference);
            Assert.Matches(IsoDate(), Assert.IsType<string>(Factory.Make(hiredGenerator, hiredType, row)));
            Assert.Matches(IsoDate(), Assert.IsType<string>(Factory.Make("created_at", TestTypes.Get("sqlite date"), row)));
            Assert.Matches(IsoTimestamp(), Assert.IsType<string>(Factory.Make("timestamp", TestTypes.Get("sqlite datetime"), row, unique: true)));
        }
    }

    [GeneratedRegex(@"^[a-z0-9._]+@[a-z0-9.-]+\.[a-z]+$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)+$")]
    private static partial Regex SlugShape();

    [GeneratedRegex(@"^[A-Z]{3}-\d{5}$")]
    private static partial Regex SkuShape();

    [GeneratedRegex(@"^([0-9a-f]{2}:){5}[0-9a-f]{2}$")]
    private static partial Regex MacShape();

    [Fact]
    public void Text_generators_look_like_what_they_are()
    {
        var text = TestTypes.Get("text");
        var isoCodes = new HashSet<string>(ReferenceDataCountryCodes());
        for (var row = 0; row < 1000; row++)
        {
            Assert.Matches(EmailShape(), (string)Factory.Make("email", text, row)!);
            Assert.Matches(EmailShape(), (string)Factory.Make("email", text, row, unique: true)!);
            Assert.Matches(SlugShape(), (string)Factory.Make("slug", text, row)!);
            Assert.Matches(SkuShape(), (string)Factory.Make("sku", text, row)!);
            Assert.Matches(MacShape(), (string)Factory.Make("mac_address", text, row)!);
            Assert.True(IPAddress.TryParse((string)Factory.Make("ip_address", TestTypes.Get("inet"), row)!, out _));
            Assert.True(Guid.TryParse((string)Factory.Make("uuid", text, row)!, out _));
            Assert.Contains((string)Factory.Make("country_code", TestTypes.Get("char(2)"), row)!, isoCodes);
            Assert.Matches("^[A-Z]{3}$", (string)Factory.Make("currency_code", text, row)!);
            Assert.StartsWith("https://", (string)Factory.Make("url", text, row)!, StringComparison.Ordinal);
            var hash = (string)Factory.Make("password_hash", text, row)!;
            Assert.Equal(60, hash.Length);
            Assert.StartsWith("$2b$10$", hash, StringComparison.Ordinal);
            Assert.Matches("^#[0-9a-f]{6}$", (string)Factory.Make("color", TestTypes.Get("char(7)"), row)!);
            var iban = (string)Factory.Make("iban", text, row, unique: row % 2 == 0)!;
            Assert.True(IbanIsValid(iban), iban);
            Assert.False(string.IsNullOrWhiteSpace((string)Factory.Make("phone", text, row)!));
        }
    }

    private static IEnumerable<string> ReferenceDataCountryCodes() =>
        Enumerable.Range(0, 249).Select(i => (string)Factory.Make("country_code", TestTypes.Get("char(2)"), i, unique: true)!);

    private static bool IbanIsValid(string iban)
    {
        var rearranged = iban[4..] + iban[..4];
        var remainder = 0;
        foreach (var c in rearranged)
        {
            var digits = char.IsLetter(c) ? (c - 'A' + 10).ToString(CultureInfo.InvariantCulture) : c.ToString();
            foreach (var d in digits)
            {
                remainder = ((remainder * 10) + (d - '0')) % 97;
            }
        }

        return iban.Length == 22 && remainder == 1;
    }

    [Fact]
    public void Free_text_fits_its_column_words_when_short_sentences_when_long()
    {
        var shortColumn = TestTypes.Get("varchar(12)");
        var longColumn = TestTypes.Get("text");
        var sentences = 0;
        for (var row = 0; row < 1000; row++)
        {
            var brief = (string)Factory.Make("description", shortColumn, row)!;
            Assert.InRange(brief.Length, 1, 12);
            Assert.DoesNotContain('.', brief);
            var body = (string)Factory.Make("description", longColumn, row)!;
            Assert.InRange(body.Length, 20, 800);
            sentences += body.Count(c => c == '.');
        }

        Assert.True(sentences > 1000, "long columns get whole sentences");
    }

    [Fact]
    public void Constraints_bound_numbers_dates_and_lengths()
    {
        var between = new ValueConstraints { Min = 10L, MinExclusive = true, Max = 20L, MaxExclusive = true };
        var positive = new ValueConstraints { Min = 0m, MinExclusive = true, Max = 1m };
        var january = new ValueConstraints { Min = new DateTime(2025, 1, 1), Max = new DateTime(2025, 1, 31, 23, 59, 59) };
        var longNames = new ValueConstraints { MinLength = 20, MaxLength = 30 };
        var seen = new HashSet<long>();
        for (var row = 0; row < 2000; row++)
        {
            var number = (long)Factory.Make("integer", TestTypes.Get("int4"), row, constraints: between)!;
            Assert.InRange(number, 11, 19);
            seen.Add(number);
            Assert.InRange((decimal)Factory.Make("decimal", TestTypes.Get("numeric(10,2)"), row, constraints: positive)!, 0.01m, 1m);
            var instant = (DateTime)Factory.Make("created_at", TestTypes.Get("timestamp"), row, constraints: january)!;
            Assert.Equal((2025, 1), (instant.Year, instant.Month));
            var name = (string)Factory.Make("first_name", TestTypes.Get("text"), row, constraints: longNames)!;
            Assert.InRange(name.Length, 20, 30);
            var uniqueName = (string)Factory.Make("first_name", TestTypes.Get("text"), row, unique: true, constraints: longNames)!;
            Assert.InRange(uniqueName.Length, 20, 30);
        }

        Assert.Equal(9, seen.Count);
    }

    [Fact]
    public void Distributions_shape_numbers()
    {
        var range = new ValueConstraints { Min = 0L, Max = 1000L };
        var skewed = range with { Distribution = ValueDistribution.Skewed };
        var normal = range with { Distribution = ValueDistribution.Normal };
        var uniform = Enumerable.Range(0, 4000).Select(r => (long)Factory.Make("integer", TestTypes.Get("int4"), r, constraints: range)!).Order().ToList();
        var low = Enumerable.Range(0, 4000).Select(r => (long)Factory.Make("integer", TestTypes.Get("int4"), r, constraints: skewed)!).Order().ToList();
        var bell = Enumerable.Range(0, 4000).Select(r => (long)Factory.Make("integer", TestTypes.Get("int4"), r, constraints: normal)!).ToList();

        Assert.InRange(uniform[2000], 400, 600);
        Assert.True(low[2000] < 100, $"skewed median {low[2000]}");
        Assert.All(low.Concat(bell), v => Assert.InRange(v, 0, 1000));
        Assert.True(bell.Count(v => v is > 333 and < 667) > 0.6 * bell.Count, "normal values gather in the middle third");
    }

    [Fact]
    public void Values_are_picked_by_weight_and_in_order_when_unique()
    {
        var constraints = new ValueConstraints { Values = ["a", "b", "c"], Weights = [1, 0, 3] };
        var picks = Enumerable.Range(0, 2000).Select(r => (string)Factory.Make("values", TestTypes.Get("text"), r, constraints: constraints)!).ToList();
        Assert.DoesNotContain("b", picks);
        Assert.InRange(picks.Count(p => p == "c"), 1300, 1700);
        Assert.Equal(["a", "b", "c"], Enumerable.Range(0, 3).Select(r => (string)Factory.Make("email", TestTypes.Get("text"), r, unique: true, constraints: constraints)!));
        Assert.Equal(3, Factory.Capacity("email", TestTypes.Get("text"), constraints));
        Assert.Throws<InvalidOperationException>(() => Factory.Make("values", TestTypes.Get("text"), 3, unique: true, constraints: constraints));
    }

    // ---- Row siblings ----------------------------------------------------------------------------------------------

    [Fact]
    public void Emails_user_names_and_full_names_follow_the_rows_names()
    {
        var siblings = new SiblingColumns { FirstName = "first_name", LastName = "last_name" };
        var row = new Dictionary<string, object?> { ["first_name"] = "Jürgen", ["last_name"] = "Müller" };
        var context = new ValueContext(42, false, name => row.GetValueOrDefault(name)) { Siblings = siblings };
        var text = TestTypes.Get("text");
        for (var i = 0; i < 50; i++)
        {
            var email = (string)Factory.Make("email", text, i, context: context with { Row = i })!;
            Assert.Contains("mueller", email, StringComparison.Ordinal);
            Assert.StartsWith("j", email, StringComparison.Ordinal);
            var username = (string)Factory.Make("username", text, i, context: context with { Row = i })!;
            Assert.True(username.Contains("mueller", StringComparison.Ordinal) || username.StartsWith("juergen", StringComparison.Ordinal), username);
        }

        Assert.StartsWith("juergen.mueller.42@", (string)Factory.Make("email", text, 42, context: context with { Unique = true })!, StringComparison.Ordinal);
        Assert.Equal("Jürgen Müller", Factory.Make("full_name", text, 42, context: context));
    }

    [Fact]
    public void A_company_rows_email_uses_the_company()
    {
        var context = new ValueContext(1, false, name => name == "name" ? "Acme Widgets GmbH" : null)
        {
            Siblings = new SiblingColumns { Company = "name" },
        };
        var email = (string)Factory.Make("email", TestTypes.Get("text"), 1, context: context)!;
        Assert.Contains("@acmewidgetsgmbh.", email, StringComparison.Ordinal);
    }

    [Fact]
    public void Sibling_columns_are_found_by_meaning()
    {
        var demo = TestSchemas.Demo;
        var customers = SiblingColumns.For(demo.FindTable("main", "customers")!, demo);
        Assert.Equal(("first_name", "last_name"), (customers.FirstName, customers.LastName));
        Assert.Equal(["first_name", "last_name"], customers.ReadBy("email"));
        Assert.Empty(customers.ReadBy("city"));
        var suppliers = SiblingColumns.For(demo.FindTable("main", "suppliers")!, demo);
        Assert.Equal("name", suppliers.Company);
        var postgres = TestSchemas.PostgresFixture;
        Assert.Equal("name", SiblingColumns.For(postgres.Tables.Single(t => t.Name == "customer"), postgres).FullName);
    }
}
