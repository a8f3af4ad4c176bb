using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Bogus;
using Bogus.Bson;

namespace Appliance.Core.MockData.Values;

/// <summary>
/// Realistic values drawn once from Bogus and then picked from: calling Bogus per value would be far too slow.
/// Each pool is built on first use with a Faker seeded from (seed, pool name), so its content never depends on which
/// columns were generated first, and is safe to build from several threads (a race builds the same pool twice).
/// </summary>
internal sealed class LocalePools(string locale, ulong seed)
{
    private TextPool? firstNames;
    private TextPool? lastNames;
    private TextPool? fullNames;
    private TextPool? cities;
    private TextPool? streets;
    private TextPool? secondaryAddresses;
    private TextPool? states;
    private TextPool? countries;
    private TextPool? postalCodes;
    private TextPool? companies;
    private TextPool? jobTitles;
    private TextPool? productNames;
    private TextPool? categories;
    private TextPool? words;
    private TextPool? asciiWords;
    private TextPool? sentences;
    private TextPool? titles;
    private TextPool? phones;
    private TextPool? colors;
    private TextPool? emailDomains;
    private TextPool? domainSuffixes;
    private TextPool? statusWords;
    private TextPool? thingNames;
    private LocalePools? latin;

    public string Locale { get; } = locale;

    public TextPool FirstNames => Get(ref firstNames, "first_name", f => f.Name.FirstName(), 3000);
    public TextPool LastNames => Get(ref lastNames, "last_name", f => f.Name.LastName(), 3000);
    public TextPool FullNames => Get(ref fullNames, "full_name", f => f.Name.FullName(), 3000);
    public TextPool Cities => Get(ref cities, "city", f => f.Address.City(), 2000);
    public TextPool Streets => Get(ref streets, "street", f => f.Address.StreetAddress(), 3000);
    public TextPool SecondaryAddresses => Get(ref secondaryAddresses, "address_line2", f => f.Address.SecondaryAddress(), 500);
    public TextPool States => Get(ref states, "state", f => f.Address.State(), 500);
    public TextPool Countries => Get(ref countries, "country", f => f.Address.Country(), 1500);
    public TextPool PostalCodes => Get(ref postalCodes, "postal_code", f => f.Address.ZipCode(), 3000);
    public TextPool Companies => Get(ref companies, "company", f => f.Company.CompanyName(), 3000);
    public TextPool JobTitles => Get(ref jobTitles, "job_title", f => f.Name.JobTitle(), 2000);
    public TextPool ProductNames => Get(ref productNames, "product_name", f => f.Commerce.ProductName(), 3000);
    public TextPool Categories => Get(ref categories, "category", f => f.Random.Bool(0.3f) ? f.Commerce.Categories(1)[0] : f.Commerce.Department(), 1000);
    public TextPool Words => Get(ref words, "word", f => f.Lorem.Word(), 5000);
    public TextPool Sentences => Get(ref sentences, "sentence", f => f.Lorem.Sentence(), 2000);
    public TextPool Titles => Get(ref titles, "title", f => Capitalize(f.Lorem.Sentence(3, 3).TrimEnd('.')), 2000);
    public TextPool Phones => Get(ref phones, "phone", f => f.Phone.PhoneNumber(), 2000);
    public TextPool Colors => Get(ref colors, "color", f => f.Commerce.Color(), 500);
    public TextPool ThingNames => Get(ref thingNames, "thing_name", f => Capitalize(f.Lorem.Word()) + " " + Capitalize(f.Lorem.Word()), 2000);
    public TextPool StatusWords => statusWords ??= new TextPool(ReferenceData.StatusWords);

    public TextPool EmailDomains => Volatile.Read(ref emailDomains) ?? Get(ref emailDomains, () => Listed("internet", "free_email", ["example.com", "example.org", "example.net"]));
    public TextPool DomainSuffixes => Volatile.Read(ref domainSuffixes) ?? Get(ref domainSuffixes, () => Listed("internet", "domain_suffix", ["com", "net", "org"]));

    /// <summary>The locale's words as ASCII slugs (transliterated); English ones when the locale's script has no Latin form.</summary>
    public TextPool AsciiWords => Volatile.Read(ref asciiWords) ?? Get(ref asciiWords, () =>
    {
        var slugs = new List<string>();
        foreach (var word in Words.Items)
        {
            var slug = Ascii.Slug(word);
            if (slug.Length >= 2)
            {
                slugs.Add(slug);
            }
        }

        return slugs.Count >= 20 ? TextPool.Distinct(slugs) : Latin.AsciiWords;
    });

    /// <summary>English pools of the same seed, for ASCII-only needs (e-mail local parts) of locales written in other scripts.</summary>
    public LocalePools Latin => Locale == "en" ? this : latin ??= new LocalePools("en", seed);

    // Pools are read on every value: the fast path allocates nothing.
    private TextPool Get(ref TextPool? field, string name, Func<Faker, string> draw, int draws) =>
        Volatile.Read(ref field) ?? Publish(ref field, Draw(name, draw, draws));

    private static TextPool Get(ref TextPool? field, Func<TextPool> build) => Volatile.Read(ref field) ?? Publish(ref field, build());

    /// <summary>The first pool built wins a race; both are the same anyway.</summary>
    private static TextPool Publish(ref TextPool? field, TextPool built) => Interlocked.CompareExchange(ref field, built, null) ?? built;

    private TextPool Draw(string name, Func<Faker, string> draw, int draws)
    {
        var faker = new Faker(Locale) { Random = new Randomizer(SeedFor(name)) };
        var values = new List<string>(draws);
        for (var i = 0; i < draws; i++)
        {
            values.Add(draw(faker));
        }

        return TextPool.Distinct(values);
    }

    private TextPool Listed(string category, string path, string[] fallback)
    {
        var values = new List<string>();
        if (Database.Get(category, path, Locale) is BArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                values.Add(array[i].StringValue);
            }
        }

        return TextPool.Distinct(values.Count > 0 ? values : [.. fallback]);
    }

    private int SeedFor(string pool)
    {
        // FNV-1a: string.GetHashCode differs between processes.
        var hash = 14695981039346656037UL;
        foreach (var c in pool)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (int)MockRandom.Mix(seed ^ hash);
    }

    private static string Capitalize(string text) =>
        text.Length == 0 ? text : string.Concat(char.ToUpper(text[0], CultureInfo.InvariantCulture).ToString(), text.AsSpan(1));
}

/// <summary>A pool of distinct values, with the subsets that fit a length limit computed once per limit.</summary>
internal sealed class TextPool
{
    private readonly ConcurrentDictionary<(int, TextLengthUnit), string[]> fitting = new();
    private string[]? ascii;
    private Dictionary<string, int>? index;

    public TextPool(string[] items)
    {
        Items = items;
        foreach (var item in items)
        {
            LongestLength = Math.Max(LongestLength, item.Length);
        }
    }

    public string[] Items { get; }

    /// <summary>Longest item in UTF-16 units (never fewer than its code points).</summary>
    public int LongestLength { get; }

    public string Pick(ref MockRandom random) => Items[random.NextInt32(Items.Length)];

    /// <summary>Items that fit <paramref name="maxLength"/>; all of them when there is no limit.</summary>
    public string[] Fitting(int? maxLength, TextLengthUnit unit)
    {
        if (maxLength is not { } max || (LongestLength <= max && unit != TextLengthUnit.Utf8Bytes))
        {
            return Items;
        }

        return fitting.GetOrAdd((max, unit), static (key, items) =>
        {
            var list = new List<string>();
            foreach (var item in items)
            {
                if (TextLength.Fits(item, key.Item1, key.Item2))
                {
                    list.Add(item);
                }
            }

            return [.. list];
        }, Items);
    }

    /// <summary>Item <paramref name="i"/> as a lower-case ASCII slug ("Jürgen" → "juergen"); empty when nothing is left.</summary>
    public string AsciiAt(int i)
    {
        var slugs = Volatile.Read(ref ascii);
        if (slugs is null)
        {
            slugs = new string[Items.Length];
            for (var k = 0; k < Items.Length; k++)
            {
                slugs[k] = Ascii.Slug(Items[k]);
            }

            Volatile.Write(ref ascii, slugs);
        }

        return slugs[i];
    }

    /// <summary>The slug of any value: from the pool when it came from there, computed otherwise.</summary>
    public string AsciiOf(string value)
    {
        var lookup = Volatile.Read(ref index);
        if (lookup is null)
        {
            lookup = new Dictionary<string, int>(Items.Length, StringComparer.Ordinal);
            for (var k = 0; k < Items.Length; k++)
            {
                lookup.TryAdd(Items[k], k);
            }

            Volatile.Write(ref index, lookup);
        }

        return lookup.TryGetValue(value, out var i) ? AsciiAt(i) : Ascii.Slug(value);
    }

    /// <summary>
    /// Trimmed, without duplicates (ignoring case and accents), first occurrence first. Values with '#' or '~' are left out: unique columns use
    /// " #n" suffixes, "#…" fallbacks and '~' padding, which must never be mistaken for a pool value.
    /// </summary>
    public static TextPool Distinct(IReadOnlyList<string> values)
    {
        // Case- and accent-insensitive: unique columns under *_ci / *_ai collations or citext must not see "Ut" and "ut" as two values.
        var seen = new HashSet<string>(StringComparer.Create(CultureInfo.InvariantCulture, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace));
        var items = new List<string>(values.Count);
        foreach (var raw in values)
        {
            var value = raw?.Trim();
            if (string.IsNullOrEmpty(value) || value.Contains('#', StringComparison.Ordinal) || value.Contains('~', StringComparison.Ordinal)
                || HasControl(value) || !seen.Add(value))
            {
                continue;
            }

            items.Add(value);
        }

        return new TextPool(items.Count > 0 ? [.. items] : ["item"]);
    }

    private static bool HasControl(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>ASCII forms of names for e-mail addresses, user names and slugs.</summary>
internal static class Ascii
{
    private static readonly Dictionary<char, string> Transliteration = new()
    {
        ['ä'] = "ae", ['ö'] = "oe", ['ü'] = "ue", ['ß'] = "ss", ['æ'] = "ae", ['ø'] = "o", ['å'] = "a", ['œ'] = "oe", ['ł'] = "l",
        ['đ'] = "d", ['ð'] = "d", ['þ'] = "th", ['ı'] = "i",
        ['а'] = "a", ['б'] = "b", ['в'] = "v", ['г'] = "g", ['д'] = "d", ['е'] = "e", ['ё'] = "e", ['ж'] = "zh", ['з'] = "z",
        ['и'] = "i", ['й'] = "y", ['к'] = "k", ['л'] = "l", ['м'] = "m", ['н'] = "n", ['о'] = "o", ['п'] = "p", ['р'] = "r",
        ['с'] = "s", ['т'] = "t", ['у'] = "u", ['ф'] = "f", ['х'] = "kh", ['ц'] = "ts", ['ч'] = "ch", ['ш'] = "sh", ['щ'] = "shch",
        ['ъ'] = "", ['ы'] = "y", ['ь'] = "", ['э'] = "e", ['ю'] = "yu", ['я'] = "ya", ['і'] = "i", ['ї'] = "yi", ['є'] = "ye", ['ґ'] = "g",
    };

    /// <summary>Lower-case letters and digits only: "Jürgen" → "juergen", "O'Brien-Smith" → "obriensmith", "Ольга" → "olga".</summary>
    public static string Slug(string text)
    {
        var builder = new StringBuilder(text.Length + 4);
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(c);
            }
            else if (Transliteration.TryGetValue(c, out var replacement))
            {
                builder.Append(replacement);
            }
            else if (c > 127 && !char.IsSurrogate(c))
            {
                // é → e: decompose and keep the base letter when it is ASCII.
                var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
                if (decomposed.Length > 0 && decomposed[0] is >= 'a' and <= 'z')
                {
                    builder.Append(decomposed[0]);
                }
            }
        }

        return builder.ToString();
    }
}
