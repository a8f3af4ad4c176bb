using Appliance.Core.MockData.Values;
using Bogus;
using Bogus.Bson;

namespace Appliance.Core.Tests.MockData.Values;

public sealed class MockValueDeterminismTests
{
    private static readonly (string Generator, string Type)[] Sample =
    [
        ("first_name", "text"), ("last_name", "text"), ("full_name", "text"), ("email", "text"), ("city", "text"),
        ("street_address", "text"), ("company", "text"), ("job_title", "text"), ("description", "varchar(100)"),
        ("phone", "text"), ("price", "numeric(10,2)"), ("created_at", "timestamptz"), ("uuid", "uuid"), ("slug", "text"),
        ("word", "text[]"), ("binary", "bytea"), ("json", "jsonb"), ("ip_address", "inet"), ("birth_date", "date"),
    ];

    private static List<string> Sequence(MockValueFactory factory, string generator, string type, bool unique = false) =>
        Enumerable.Range(0, 300).Select(row => TestTypes.Key(factory.Make(generator, TestTypes.Get(type), row, unique))).ToList();

    [Fact]
    public void Same_seed_gives_the_same_values()
    {
        var first = TestTypes.Factory(seed: 99);
        var second = TestTypes.Factory(seed: 99);
        foreach (var (generator, type) in Sample)
        {
            Assert.Equal(Sequence(first, generator, type), Sequence(second, generator, type));
            Assert.Equal(Sequence(first, generator, type, unique: true), Sequence(second, generator, type, unique: true));
        }
    }

    [Fact]
    public void A_different_seed_gives_different_values()
    {
        var first = TestTypes.Factory(seed: 99);
        var second = TestTypes.Factory(seed: 100);
        foreach (var (generator, type) in Sample)
        {
            Assert.NotEqual(Sequence(first, generator, type), Sequence(second, generator, type));
        }
    }

    [Fact]
    public void Values_do_not_depend_on_which_columns_were_generated_first()
    {
        var forwards = TestTypes.Factory(seed: 5);
        var backwards = TestTypes.Factory(seed: 5);
        var one = Sample.Select(s => Sequence(forwards, s.Generator, s.Type)).ToList();
        var other = Sample.Reverse().Select(s => Sequence(backwards, s.Generator, s.Type)).Reverse().ToList();
        Assert.Equal(one, other);

        // And not on which rows: row 250 alone is what it is in a full run.
        var fresh = TestTypes.Factory(seed: 5);
        Assert.Equal(one[0][250], TestTypes.Key(fresh.Make("first_name", TestTypes.Get("text"), 250)));
    }

    [Fact]
    public void German_names_come_from_the_German_data_set()
    {
        var german = TestTypes.Factory("de");
        var firstNames = Strings("de", "name", "first_name", "male_first_name", "female_first_name");
        var lastNames = Strings("de", "name", "last_name");
        var englishFirstNames = Strings("en", "name", "first_name", "male_first_name", "female_first_name");
        var onlyGerman = 0;
        for (var row = 0; row < 2000; row++)
        {
            var first = (string)german.Make("first_name", TestTypes.Get("text"), row)!;
            Assert.Contains(first, firstNames);
            onlyGerman += englishFirstNames.Contains(first) ? 0 : 1;
            Assert.Contains((string)german.Make("last_name", TestTypes.Get("text"), row)!, lastNames);
        }

        Assert.True(onlyGerman > 500, $"only {onlyGerman} of 2,000 first names are not also English");

        // Umlauts become ASCII in e-mail addresses.
        var emails = Enumerable.Range(0, 2000).Select(r => (string)german.Make("email", TestTypes.Get("text"), r)!).ToList();
        Assert.All(emails, e => Assert.True(e.All(char.IsAscii), e));
    }

    [Fact]
    public void Locales_in_other_scripts_still_make_ascii_emails()
    {
        foreach (var locale in new[] { "ja", "ru", "zh_CN" })
        {
            var factory = TestTypes.Factory(locale);
            for (var row = 0; row < 200; row++)
            {
                var email = (string)factory.Make("email", TestTypes.Get("text"), row)!;
                Assert.True(email.All(char.IsAscii) && email.IndexOf('@', StringComparison.Ordinal) > 0, $"{locale}: {email}");
            }
        }
    }

    [Fact]
    public void Unknown_locale_is_refused_with_the_supported_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => new MockValueFactory("xx", 1, TestTypes.ReferenceTime));
        Assert.Contains("\"xx\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("de", error.Message, StringComparison.Ordinal);
        Assert.Contains("en_GB", error.Message, StringComparison.Ordinal);
        Assert.Contains("de", MockValueFactory.SupportedLocales);
        Assert.Equal("en_GB", new MockValueFactory("en-gb", 1, TestTypes.ReferenceTime).Locale);
    }

    private static HashSet<string> Strings(string locale, string category, params string[] paths)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (Database.GetLocale(locale)[category]?[path] is BArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    values.Add(array[i].StringValue);
                }
            }
        }

        Assert.NotEmpty(values);
        return values;
    }
}
