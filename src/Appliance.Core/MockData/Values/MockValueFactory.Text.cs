using System.Globalization;
using System.Text;

namespace Appliance.Core.MockData.Values;

public sealed partial class MockValueFactory
{
    private const string Lower36 = UniqueCodes.LowerAlphanumeric;
    private const string Upper36 = UniqueCodes.UpperAlphanumeric;
    private const string HexDigits = "0123456789abcdef";
    private const string BcryptAlphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    [ThreadStatic]
    private static StringBuilder? scratch;

    /// <summary>The text length limits of a column: the type's and the constraints' maximum, the constraints' minimum.</summary>
    private readonly record struct TextLimits(int? Max, int Min, TextLengthUnit Unit)
    {
        public static TextLimits Of(MockType type, ValueConstraints constraints)
        {
            var max = type.MaxLength;
            if (constraints.MaxLength is { } limit)
            {
                max = max is { } own ? Math.Min(own, limit) : limit;
            }

            var min = Math.Max(0, constraints.MinLength ?? 0);
            if (max is { } m && min > m)
            {
                min = 0; // contradictory constraints: the type's limit wins
            }

            return new TextLimits(max is < 0 ? 0 : max, min, type.LengthUnit);
        }

        public bool Fits(string text) => TextLength.Fits(text, Max, Unit);
    }

    private static StringBuilder Scratch()
    {
        var builder = scratch ??= new StringBuilder(256);
        builder.Clear();
        return builder;
    }

    // ---- Dispatch -----------------------------------------------------------------------------------------------------

    private string CreateText(Gen gen, MockType type, ValueConstraints constraints, ref MockRandom random, in ValueContext context)
    {
        var limits = TextLimits.Of(type, constraints);
        if (type.EnumValues.Count > 0)
        {
            return SetText(type.EnumValues, ref random, context);
        }

        if (PatternOf(gen, constraints) is { } pattern)
        {
            return PadUnique(PatternText.Create(pattern, limits.Max, limits.Unit, context.Unique ? context.Row : null, ref random), limits);
        }

        if (gen == Gen.Json)
        {
            return Formatted(CreateJson(ref random, context), limits, ref random, context);
        }

        if (IsNumberGenerator(gen))
        {
            var range = NumberRange(gen, type, constraints, context.Unique);
            if (!Units(range, constraints, ref random, context, out var units))
            {
                return PadUnique(UniqueFallback(context.Row, limits), limits);
            }

            return Formatted(UnitsToDecimal(units, range.Scale).ToString(CultureInfo.InvariantCulture), limits, ref random, context);
        }

        if (IsInstantGenerator(gen))
        {
            var shape = ShapeOf(gen, type);
            var range = InstantRange(gen, type, constraints, shape, out var unitTicks);
            if (!Units(range, constraints, ref random, context, out var units))
            {
                return PadUnique(UniqueFallback(context.Row, limits), limits);
            }

            var instant = new DateTime(units * unitTicks);
            return Formatted(shape == InstantShape.DateText ? IsoText.Date(instant) : IsoText.Timestamp(instant), limits, ref random, context);
        }

        if (gen == Gen.Time)
        {
            var range = TimeRange(constraints);
            if (!Units(range, constraints, ref random, context, out var seconds))
            {
                return PadUnique(UniqueFallback(context.Row, limits), limits);
            }

            return Formatted(IsoText.Time(new TimeOnly(seconds * TimeSpan.TicksPerSecond)), limits, ref random, context);
        }

        if (gen == Gen.Boolean)
        {
            var value = context.Unique ? UniqueBoolean(context.Row) : random.NextUInt64() >> 63 == 0;
            return limits.Max is < 5 ? (value ? "Y" : "N") : (value ? "true" : "false");
        }

        if (context.Unique)
        {
            return UniqueText(gen, limits, ref random, context);
        }

        var natural = NaturalText(gen, type, limits, ref random, context);
        return Fit(natural, limits, ref random, atWord: gen is Gen.Description or Gen.Lorem or Gen.Title or Gen.Text or Gen.Name);
    }

    /// <summary>The constraints' pattern; for the "pattern" generator without one, product-code-like "???-#####".</summary>
    private static string? PatternOf(Gen gen, ValueConstraints constraints) =>
        constraints.Pattern is { Length: > 0 } pattern ? pattern : gen == Gen.Pattern ? "???-#####" : null;

    /// <summary>Random units in the realistic range, or the unique row's units; false when the row is past the range's size.</summary>
    private bool Units(in UnitRange range, ValueConstraints constraints, ref MockRandom random, in ValueContext context, out long units)
    {
        if (context.Unique)
        {
            return TryUniqueUnits(context.Row, range, out units);
        }

        units = Distribute(range.RealLo, range.RealHi, constraints.Distribution, ref random);
        return true;
    }

    /// <summary>A number, date or time as text: unique ones fall back to "#row" when they do not fit, others are cut.</summary>
    private string Formatted(string text, in TextLimits limits, ref MockRandom random, in ValueContext context)
    {
        if (context.Unique)
        {
            return PadUnique(limits.Fits(text) ? text : UniqueFallback(context.Row, limits), limits);
        }

        return Fit(text, limits, ref random, atWord: false);
    }

    private string Fit(string value, in TextLimits limits, ref MockRandom random, bool atWord)
    {
        if (!limits.Fits(value))
        {
            value = atWord ? TextLength.TruncateAtWord(value, limits.Max!.Value, limits.Unit) : TextLength.Truncate(value, limits.Max!.Value, limits.Unit);
        }

        if (limits.Min == 0 || TextLength.Measure(value, limits.Unit) >= limits.Min)
        {
            return value;
        }

        // Too short for a length check: add words, then cut back to the maximum.
        var builder = Scratch().Append(value);
        while (TextLength.Measure(builder.ToString(), limits.Unit) < limits.Min)
        {
            builder.Append(' ').Append(pools.Words.Pick(ref random));
        }

        value = limits.Max is { } max ? TextLength.Truncate(builder.ToString(), max, limits.Unit) : builder.ToString();
        while (TextLength.Measure(value, limits.Unit) < limits.Min)
        {
            value += "x";
        }

        return value;
    }

    // ---- Realistic values -------------------------------------------------------------------------------------------

    private string NaturalText(Gen gen, MockType type, in TextLimits limits, ref MockRandom random, in ValueContext context) => gen switch
    {
        Gen.FirstName => PickFitting(pools.FirstNames, limits, ref random),
        Gen.LastName => PickFitting(pools.LastNames, limits, ref random),
        Gen.FullName => SiblingFullName(context) ?? PickFitting(pools.FullNames, limits, ref random),
        Gen.Email => Email(limits, ref random, context, row: null),
        Gen.Username => Username(ref random, context, row: null),
        Gen.PasswordHash => PasswordHash(limits, ref random, row: null),
        Gen.Phone => PickFitting(pools.Phones, limits, ref random),
        Gen.StreetAddress => PickFitting(pools.Streets, limits, ref random),
        Gen.AddressLine2 => PickFitting(pools.SecondaryAddresses, limits, ref random),
        Gen.City => PickFitting(pools.Cities, limits, ref random),
        Gen.State => PickFitting(pools.States, limits, ref random),
        Gen.Country => PickFitting(pools.Countries, limits, ref random),
        Gen.CountryCode => ReferenceData.CountryCodes[random.NextInt32(ReferenceData.CountryCodes.Length)],
        Gen.PostalCode => PickFitting(pools.PostalCodes, limits, ref random),
        Gen.Company => PickFitting(pools.Companies, limits, ref random),
        Gen.JobTitle => PickFitting(pools.JobTitles, limits, ref random),
        Gen.Url => Url(limits, ref random, row: null),
        Gen.Domain => Domain(ref random, row: null),
        Gen.IpAddress => Ipv4((uint)random.NextUInt64() | 0x01000000u),
        Gen.MacAddress => Mac(random.NextUInt64() & 0xFFFF_FFFF_FFFFUL),
        Gen.Uuid => GuidText(NewGuid(ref random, default), limits),
        Gen.Iban => Iban(ref random, row: null)!,
        Gen.Bic => Bic(limits, ref random),
        Gen.CurrencyCode => ReferenceData.CurrencyCodes[random.NextInt32(ReferenceData.CurrencyCodes.Length)],
        Gen.Status => pools.StatusWords.Pick(ref random),
        Gen.Title => PickFitting(pools.Titles, limits, ref random),
        Gen.Description or Gen.Lorem => Paragraph(limits, ref random),
        Gen.Slug => Slug(ref random, row: null),
        Gen.Sku => Letters(3, ref random) + "-" + UniqueCodes.Padded(random.NextInt64(100_000), 5),
        Gen.Code => Letters(2, ref random) + "-" + UniqueCodes.Padded(random.NextInt64(10_000), 4),
        Gen.ProductName => PickFitting(pools.ProductNames, limits, ref random),
        Gen.CategoryName => PickFitting(pools.Categories, limits, ref random),
        Gen.Name => PickFitting(pools.ThingNames, limits, ref random),
        Gen.Color => type.MaxLength is 6 or 7 ? HexColor((uint)random.NextUInt64() & 0xFFFFFF, type.MaxLength == 7) : PickFitting(pools.Colors, limits, ref random),
        Gen.Word or Gen.Enum => PickFitting(pools.Words, limits, ref random),
        _ => Words(limits, ref random),
    };

    /// <summary>A pool value that fits, when one of a few tries finds one (cut later otherwise).</summary>
    private static string PickFitting(TextPool pool, in TextLimits limits, ref MockRandom random)
    {
        var value = pool.Pick(ref random);
        for (var attempt = 0; attempt < 4 && !limits.Fits(value); attempt++)
        {
            value = pool.Pick(ref random);
        }

        return value;
    }

    /// <summary>Generic text: one to four words, capitalised like a label.</summary>
    private string Words(in TextLimits limits, ref MockRandom random)
    {
        var count = limits.Max is <= 12 ? 1 : 1 + random.NextInt32(4);
        var builder = Scratch();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(pools.Words.Pick(ref random));
        }

        if (builder.Length > 0)
        {
            builder[0] = char.ToUpperInvariant(builder[0]);
        }

        return builder.ToString();
    }

    /// <summary>Free text: a few words for short columns, sentences up to the length (at most ~400 characters) for long ones.</summary>
    private string Paragraph(in TextLimits limits, ref MockRandom random)
    {
        if (limits.Max is <= 24)
        {
            return Words(limits, ref random);
        }

        var ceiling = Math.Min(limits.Max ?? 400, 400);
        var target = ceiling <= 60 ? ceiling / 2 : 40 + random.NextInt32(ceiling - 39);
        var builder = Scratch();
        while (builder.Length < target)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(pools.Sentences.Pick(ref random));
        }

        return builder.ToString();
    }

    private string? SiblingFullName(in ValueContext context)
    {
        if (context.Siblings is not { } siblings || context.Sibling is not { } sibling)
        {
            return null;
        }

        var first = siblings.FirstName is { } f ? sibling(f) as string : null;
        var last = siblings.LastName is { } l ? sibling(l) as string : null;
        return first is null && last is null ? null : first is null ? last : last is null ? first : string.Concat(first, " ", last);
    }

    /// <summary>ASCII first and last name for e-mails and user names: the row's own names when it has them.</summary>
    private (string First, string Last) PersonSlugs(ref MockRandom random, in ValueContext context)
    {
        string? first = null, last = null;
        if (context.Siblings is { } siblings && context.Sibling is { } sibling)
        {
            first = siblings.FirstName is { } f ? sibling(f) as string : null;
            last = siblings.LastName is { } l ? sibling(l) as string : null;
            if (first is null && last is null && siblings.FullName is { } full && sibling(full) is string fullName)
            {
                var space = fullName.LastIndexOf(' ');
                (first, last) = space > 0 ? (fullName[..space], fullName[(space + 1)..]) : (fullName, null);
            }
        }

        var firstSlug = first is null ? pools.FirstNames.AsciiAt(random.NextInt32(pools.FirstNames.Items.Length)) : pools.FirstNames.AsciiOf(first);
        var lastSlug = last is null ? pools.LastNames.AsciiAt(random.NextInt32(pools.LastNames.Items.Length)) : pools.LastNames.AsciiOf(last);
        if (firstSlug.Length == 0)
        {
            // Names in scripts without a Latin transliteration here (ja, zh, ko…): English ones for the address.
            firstSlug = pools.Latin.FirstNames.AsciiAt(random.NextInt32(pools.Latin.FirstNames.Items.Length));
        }

        if (lastSlug.Length == 0)
        {
            lastSlug = pools.Latin.LastNames.AsciiAt(random.NextInt32(pools.Latin.LastNames.Items.Length));
        }

        return (firstSlug, lastSlug);
    }

    private string? SiblingCompany(in ValueContext context) =>
        context.Siblings is { Company: { } company, FirstName: null, LastName: null, FullName: null } && context.Sibling is { } sibling
            ? sibling(company) as string
            : null;

    /// <summary>first.last@provider for people (first.last.row@… when unique); role@company.tld for a company's row.</summary>
    private string Email(in TextLimits limits, ref MockRandom random, in ValueContext context, long? row)
    {
        string local, domain;
        if (SiblingCompany(context) is { } company && Ascii.Slug(company) is { Length: > 0 } companySlug)
        {
            local = ReferenceData.EmailRoles[random.NextInt32(ReferenceData.EmailRoles.Length)];
            domain = string.Concat(companySlug.Length > 30 ? companySlug[..30] : companySlug, ".", pools.DomainSuffixes.Pick(ref random));
        }
        else
        {
            var (first, last) = PersonSlugs(ref random, context);
            domain = pools.EmailDomains.Pick(ref random);
            if (row is null)
            {
                // One string for the common case: the address fits.
                var address = random.NextInt32(5) switch
                {
                    0 => string.Concat([first, ".", last, "@", domain]),
                    1 => string.Concat([first, last, "@", domain]),
                    2 => string.Concat([first[..1], ".", last, "@", domain]),
                    3 => string.Concat([first, ".", last, UniqueCodes.Padded(random.NextInt64(100), 2), "@", domain]),
                    _ => string.Concat([first, "_", last, "@", domain]),
                };
                if (limits.Fits(address))
                {
                    return address;
                }

                local = address[..address.IndexOf('@', StringComparison.Ordinal)];
            }
            else
            {
                local = string.Concat(first, ".", last);
            }
        }

        // Unique: the local part ends in ".row" (or is the row), so two rows never share an address.
        var tail = row is { } r ? string.Concat(".", r.ToString(CultureInfo.InvariantCulture), "@", domain) : "@" + domain;
        var value = local + tail;
        if (limits.Fits(value))
        {
            return value;
        }

        var room = limits.Max!.Value - tail.Length;
        if (room >= 1)
        {
            return TextLength.Truncate(local, room, limits.Unit).TrimEnd('.', '_') + tail;
        }

        return row is { } bare ? string.Concat(bare.ToString(CultureInfo.InvariantCulture), "@", domain) : value;
    }

    private string Username(ref MockRandom random, in ValueContext context, long? row)
    {
        var (first, last) = PersonSlugs(ref random, context);
        if (row is { } r)
        {
            // Letters, a dot, then the row: the trailing digits are the row, so the name is unique.
            return string.Concat(WithoutDigits(first), ".", WithoutDigits(last), r.ToString(CultureInfo.InvariantCulture));
        }

        return random.NextInt32(5) switch
        {
            0 => string.Concat(first, ".", last),
            1 => string.Concat(first, last),
            2 => string.Concat(first.AsSpan(0, 1), last),
            3 => string.Concat(first, "_", last, UniqueCodes.Padded(random.NextInt64(100), 2)),
            _ => string.Concat(first, UniqueCodes.Padded(random.NextInt64(10_000), 4)),
        };
    }

    private static string WithoutDigits(string text)
    {
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                return string.Concat(text.Where(ch => !char.IsAsciiDigit(ch)));
            }
        }

        return text;
    }

    /// <summary>A bcrypt-shaped hash ($2b$10$ + 53 characters), or hex for shorter columns; unique ones encode the row.</summary>
    private string PasswordHash(in TextLimits limits, ref MockRandom random, long? row)
    {
        var mixed = row is { } r ? MockRandom.Mix((ulong)r ^ scatterKey) : random.NextUInt64();
        if (limits.Max is null or >= 60)
        {
            Span<char> hash = stackalloc char[60];
            "$2b$10$".AsSpan().CopyTo(hash);
            // The first 13 symbols carry the 64 bits of the (bijectively mixed) row in lower-case base 36, so hashes stay
            // distinct even where comparisons ignore case; the rest is random.
            var rest = mixed;
            for (var i = 19; i >= 7; i--)
            {
                hash[i] = Lower36[(int)(rest % 36)];
                rest /= 36;
            }

            for (var i = 20; i < 60; i++)
            {
                hash[i] = BcryptAlphabet[random.NextInt32(64)];
            }

            return new string(hash);
        }

        var length = Math.Min(limits.Max.Value, 64);
        Span<char> hex = stackalloc char[length];
        for (var i = 0; i < length; i++)
        {
            hex[i] = i < 16 ? HexDigits[(int)((mixed >> (i * 4)) & 15)] : HexDigits[random.NextInt32(16)];
        }

        return new string(hex);
    }

    private string Url(in TextLimits limits, ref MockRandom random, long? row)
    {
        var site = pools.AsciiWords.Pick(ref random);
        var suffix = pools.DomainSuffixes.Pick(ref random);
        var page = pools.AsciiWords.Pick(ref random);
        if (row is not { } r)
        {
            return random.NextInt32(3) == 0
                ? string.Concat("https://www.", site, ".", suffix)
                : string.Concat("https://www.", site, ".", suffix, "/", page);
        }

        var rowText = r.ToString(CultureInfo.InvariantCulture);
        var full = string.Concat("https://www.", site, ".", suffix, "/", page, "-", rowText);
        return limits.Fits(full) ? full : string.Concat("https://", site, ".", suffix, "/", rowText);
    }

    private string Domain(ref MockRandom random, long? row)
    {
        var word = pools.AsciiWords.Pick(ref random);
        var suffix = pools.DomainSuffixes.Pick(ref random);
        return row is { } r
            ? string.Concat(word, r.ToString(CultureInfo.InvariantCulture), ".", suffix)
            : random.NextInt32(3) == 0 ? string.Concat(word, "-", pools.AsciiWords.Pick(ref random), ".", suffix) : string.Concat(word, ".", suffix);
    }

    private string Slug(ref MockRandom random, long? row)
    {
        var builder = Scratch();
        var count = 2 + random.NextInt32(3);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append('-');
            }

            builder.Append(pools.AsciiWords.Pick(ref random));
        }

        if (row is { } r)
        {
            builder.Append('-').Append(r);
        }

        return builder.ToString();
    }

    private static string Ipv4(uint address) =>
        string.Create(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}");

    private static string Mac(ulong address) => string.Create(17, address, static (span, a) =>
    {
        for (var i = 0; i < 6; i++)
        {
            var octet = (int)((a >> ((5 - i) * 8)) & 255);
            span[i * 3] = HexDigits[octet >> 4];
            span[(i * 3) + 1] = HexDigits[octet & 15];
            if (i < 5)
            {
                span[(i * 3) + 2] = ':';
            }
        }
    });

    private static string HexColor(uint rgb, bool hash) =>
        (hash ? "#" : "") + UniqueCodes.Positional(rgb, 6, HexDigits);

    private static string GuidText(Guid guid, in TextLimits limits) =>
        limits.Max is null or >= 36 ? guid.ToString("D") : TextLength.Truncate(guid.ToString("N"), limits.Max.Value, limits.Unit);

    /// <summary>A German IBAN with a valid check: bank code, then the account number (the row when unique).</summary>
    private static string? Iban(ref MockRandom random, long? row)
    {
        if (row >= 10_000_000_000)
        {
            return null;
        }

        Span<char> bban = stackalloc char[18];
        for (var i = 0; i < 8; i++)
        {
            bban[i] = (char)('0' + random.NextInt32(10));
        }

        var account = row ?? random.NextInt64(10_000_000_000);
        for (var i = 17; i >= 8; i--)
        {
            bban[i] = (char)('0' + (account % 10));
            account /= 10;
        }

        // ISO 7064 mod 97-10 over BBAN + "DE00" with letters as numbers (D = 13, E = 14).
        var remainder = 0;
        foreach (var c in bban)
        {
            remainder = ((remainder * 10) + (c - '0')) % 97;
        }

        foreach (var c in "131400")
        {
            remainder = ((remainder * 10) + (c - '0')) % 97;
        }

        var check = 98 - remainder;
        return string.Concat("DE", UniqueCodes.Padded(check, 2), new string(bban));
    }

    private static string Bic(in TextLimits limits, ref MockRandom random)
    {
        var bic = string.Concat(Letters(4, ref random), "DE", Upper36[random.NextInt32(36)].ToString(), Upper36[random.NextInt32(36)].ToString());
        return limits.Max is null or >= 11 && random.NextInt32(2) == 0 ? bic + "XXX" : bic;
    }

    private static string Letters(int count, ref MockRandom random)
    {
        Span<char> letters = stackalloc char[count];
        for (var i = 0; i < count; i++)
        {
            letters[i] = (char)('A' + random.NextInt32(26));
        }

        return new string(letters);
    }

    /// <summary>A MySQL SET value: members joined by commas in declaration order; unique rows take the subsets in binary order.</summary>
    private static string SetText(IReadOnlyList<string> members, ref MockRandom random, in ValueContext context)
    {
        ulong bits;
        if (context.Unique)
        {
            var capacity = UniqueCodes.SaturatingPower(2, members.Count);
            bits = context.Row < capacity ? (ulong)context.Row : throw CapacityExceeded(context.Row, capacity);
        }
        else
        {
            bits = random.NextUInt64();
        }

        var builder = Scratch();
        for (var i = 0; i < members.Count && i < 64; i++)
        {
            if (((bits >> i) & 1) != 0)
            {
                if (builder.Length > 0)
                {
                    builder.Append(',');
                }

                builder.Append(members[i]);
            }
        }

        return builder.ToString();
    }

    // ---- Unique text --------------------------------------------------------------------------------------------------

    /// <summary>Below this length natural values cannot carry the row: such columns get fixed-width base-36 codes.</summary>
    private static int TinyThreshold(Gen gen) => gen switch
    {
        Gen.Email => 16,
        Gen.Url => 24,
        Gen.Uuid => 32,
        Gen.Iban => 22,
        Gen.MacAddress => 17,
        Gen.IpAddress => 15,
        Gen.PasswordHash => 16,
        Gen.Phone => 12,
        Gen.Sku or Gen.Code => 9,
        Gen.Bic => 8,
        Gen.Color => 6,
        Gen.CurrencyCode => 3,
        _ => 8,
    };

    private static string TinyAlphabet(Gen gen) => gen switch
    {
        Gen.CurrencyCode => UniqueCodes.UpperLetters,
        Gen.Sku or Gen.Code or Gen.Bic => Upper36,
        _ => Lower36,
    };

    private static readonly long BicCapacity = 26L * 26 * 26 * 26 * 36 * 36;

    private string UniqueText(Gen gen, in TextLimits limits, ref MockRandom random, in ValueContext context)
    {
        var row = context.Row;
        var max = limits.Max;
        switch (gen)
        {
            case Gen.CountryCode:
                return PadUnique(CountryCode(row, max), limits);
            case Gen.CurrencyCode when max is null or >= 3:
                return PadUnique(row < 17_576 ? ReferenceData.ThreeLetterCode(row) : throw CapacityExceeded(row, 17_576), limits);
            case Gen.Color when max is null or >= 6:
                return PadUnique(row < 1 << 24 ? HexColor((uint)UniqueCodes.Scatter((ulong)row, 1 << 24, scatterKey), max != 6) : throw CapacityExceeded(row, 1 << 24), limits);
            case Gen.Bic when max is null or >= 8:
                return PadUnique(row < BicCapacity
                    ? string.Concat(UniqueCodes.Positional((ulong)(row % 456_976), 4, UniqueCodes.UpperLetters), "DE", UniqueCodes.Positional((ulong)(row / 456_976), 2, Upper36))
                    : throw CapacityExceeded(row, BicCapacity), limits);
        }

        if (max is { } tiny && tiny < TinyThreshold(gen))
        {
            return TinyCode(row, tiny, TinyAlphabet(gen));
        }

        var natural = UniqueNatural(gen, limits, ref random, context);
        if (natural is null || !limits.Fits(natural))
        {
            natural = UniqueFallback(row, limits);
        }

        return PadUnique(natural, limits);
    }

    private long TextCapacity(Gen gen, MockType type, ValueConstraints constraints)
    {
        var limits = TextLimits.Of(type, constraints);
        var max = limits.Max;
        if (type.EnumValues.Count > 0)
        {
            return UniqueCodes.SaturatingPower(2, type.EnumValues.Count);
        }

        if (PatternOf(gen, constraints) is { } pattern)
        {
            return PatternText.Capacity(pattern, max);
        }

        switch (gen)
        {
            case Gen.Boolean:
                return 2;
            case Gen.CountryCode:
                return max switch { <= 0 => 0, 1 => 26, _ => 676 };
            case Gen.CurrencyCode when max is null or >= 3:
                return 17_576;
            case Gen.Color when max is null or >= 6:
                return 1 << 24;
            case Gen.Bic when max is null or >= 8:
                return BicCapacity;
        }

        if (max is not { } limit)
        {
            return long.MaxValue;
        }

        // Numbers, dates, times and JSON as text are never tiny codes: they fall back to "#row" instead.
        if (limit < TinyThreshold(gen) && !IsNumberGenerator(gen) && !IsInstantGenerator(gen) && gen is not Gen.Time and not Gen.Json)
        {
            return UniqueCodes.SaturatingPower(TinyAlphabet(gen).Length, limit);
        }

        // "#" + the row in base 36 fits every row below 36^(max-1); natural values only add to that.
        return limit <= 1 ? 0 : UniqueCodes.SaturatingPower(36, limit - 1);
    }

    private string? UniqueNatural(Gen gen, in TextLimits limits, ref MockRandom random, in ValueContext context)
    {
        var row = context.Row;
        return gen switch
        {
            Gen.FirstName => PoolUnique(pools.FirstNames, row, limits, ref random),
            Gen.LastName => PoolUnique(pools.LastNames, row, limits, ref random),
            Gen.FullName => SiblingFullName(context) is { } full ? WithSuffix(full, row, limits) : PoolUnique(pools.FullNames, row, limits, ref random),
            Gen.Email => Email(limits, ref random, context, row),
            Gen.Username => Username(ref random, context, row),
            Gen.PasswordHash => PasswordHash(limits, ref random, row),
            Gen.Phone => string.Concat("+", ReferenceData.CallingCode(Locale), " ", UniqueCodes.Padded(100 + random.NextInt64(900), 3), " ", UniqueCodes.Padded(row, 7)),
            Gen.StreetAddress => PoolUnique(pools.Streets, row, limits, ref random),
            Gen.AddressLine2 => PoolUnique(pools.SecondaryAddresses, row, limits, ref random),
            Gen.City => PoolUnique(pools.Cities, row, limits, ref random),
            Gen.State => PoolUnique(pools.States, row, limits, ref random),
            Gen.Country => PoolUnique(pools.Countries, row, limits, ref random),
            Gen.PostalCode => PoolUnique(pools.PostalCodes, row, limits, ref random),
            Gen.Company => PoolUnique(pools.Companies, row, limits, ref random),
            Gen.JobTitle => PoolUnique(pools.JobTitles, row, limits, ref random),
            Gen.Url => Url(limits, ref random, row),
            Gen.Domain => Domain(ref random, row),
            Gen.IpAddress => row < 1L << 32 ? Ipv4((uint)UniqueCodes.Scatter((ulong)row, 1UL << 32, scatterKey)) : Ipv6(row),
            Gen.MacAddress => row < 1L << 48 ? Mac(UniqueCodes.Scatter((ulong)row, 1UL << 48, scatterKey)) : null,
            Gen.Uuid => GuidText(NewGuid(ref random, context), limits),
            Gen.Iban => Iban(ref random, row),
            Gen.Status => PoolUnique(pools.StatusWords, row, limits, ref random),
            Gen.Title => PoolUnique(pools.Titles, row, limits, ref random),
            Gen.Description or Gen.Lorem => PoolUnique(pools.Sentences, row, limits, ref random),
            Gen.Slug => Slug(ref random, row),
            Gen.Sku => string.Concat(Letters(3, ref random), "-", UniqueCodes.Padded(row, 5)),
            Gen.Code => string.Concat(Letters(2, ref random), "-", UniqueCodes.Padded(row, 6)),
            Gen.ProductName => PoolUnique(pools.ProductNames, row, limits, ref random),
            Gen.CategoryName => PoolUnique(pools.Categories, row, limits, ref random),
            Gen.Name => PoolUnique(pools.ThingNames, row, limits, ref random),
            _ => PoolUnique(pools.Words, row, limits, ref random),
        };
    }

    /// <summary>
    /// The pool's values that fit, one per row, while they last; then a random one with " #row" (cut to make room).
    /// Pool values never contain '#', so the two kinds never meet, and the suffix makes the rest distinct.
    /// </summary>
    private static string? PoolUnique(TextPool pool, long row, in TextLimits limits, ref MockRandom random)
    {
        var fitting = pool.Fitting(limits.Max, limits.Unit);
        if (row < fitting.Length)
        {
            return fitting[row];
        }

        var source = fitting.Length > 0 ? fitting : pool.Items;
        return WithSuffix(source[random.NextInt32(source.Length)], row, limits);
    }

    private static string? WithSuffix(string value, long row, in TextLimits limits)
    {
        var suffix = string.Concat(" #", row.ToString(CultureInfo.InvariantCulture));
        if (limits.Max is not { } max)
        {
            return value + suffix;
        }

        var room = max - suffix.Length;
        return room < 1 ? null : TextLength.Truncate(value, room, limits.Unit).TrimEnd() + suffix;
    }

    private static string Ipv6(long row) => string.Create(CultureInfo.InvariantCulture,
        $"fd00::{(row >> 48) & 0xFFFF:x}:{(row >> 32) & 0xFFFF:x}:{(row >> 16) & 0xFFFF:x}:{row & 0xFFFF:x}");

    private static string CountryCode(long row, int? max) => max switch
    {
        <= 0 => throw CapacityExceeded(row, 0),
        1 => row < 26 ? UniqueCodes.UpperLetters[(int)row].ToString() : throw CapacityExceeded(row, 26),
        _ => row < 676 ? ReferenceData.TwoLetterCode(row) : throw CapacityExceeded(row, 676),
    };

    /// <summary>"#" and the row in base 36: starts with '#', which no natural value does.</summary>
    private static string UniqueFallback(long row, in TextLimits limits)
    {
        var code = "#" + UniqueCodes.Positional((ulong)row, 0, Lower36);
        return limits.Fits(code) ? code : throw CapacityExceeded(row, limits.Max is { } max && max > 1 ? UniqueCodes.SaturatingPower(36, max - 1) : 0);
    }

    /// <summary>Fixed-width codes (scattered over all codes of that width), for columns too short for anything else.</summary>
    private string TinyCode(long row, int width, string alphabet)
    {
        if (width <= 0)
        {
            throw CapacityExceeded(row, 0);
        }

        var capacity = UniqueCodes.SaturatingPower(alphabet.Length, width);
        if (capacity == long.MaxValue)
        {
            return UniqueCodes.Positional((ulong)row, width, alphabet);
        }

        return row < capacity
            ? UniqueCodes.Positional(UniqueCodes.Scatter((ulong)row, (ulong)capacity, scatterKey), width, alphabet)
            : throw CapacityExceeded(row, capacity);
    }

    /// <summary>Meets a minimum length with '~', which unique values never contain, so padding keeps them distinct.</summary>
    private static string PadUnique(string value, in TextLimits limits)
    {
        if (limits.Min == 0)
        {
            return value;
        }

        var missing = limits.Min - TextLength.Measure(value, limits.Unit);
        return missing > 0 ? value + new string('~', missing) : value;
    }
}
