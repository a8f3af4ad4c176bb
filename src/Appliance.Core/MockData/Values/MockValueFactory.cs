using System.Collections.Frozen;
using Appliance.Core.Schema;
using Bogus;

namespace Appliance.Core.MockData.Values;

/// <summary>
/// Makes the values of one generation run: realistic ones from locale pools (built lazily from Bogus, then picked with
/// <see cref="MockRandom"/>), boundary values in edge-case mode, and row-embedding unique values.
/// <para>
/// Determinism: a value depends only on the seed, the locale, the generator, the type, the constraints, the random
/// stream and the context, never on what was generated before. Thread-safe: pools are immutable once built.
/// </para>
/// <para>
/// Lengths: text is measured as the type's engine does (<see cref="MockType.LengthUnit"/>): code points for
/// PostgreSQL, MySQL CHAR/VARCHAR and SQLite, UTF-16 units for SQL Server nchar/nvarchar, UTF-8 bytes for the MySQL
/// TEXT family and SQL Server char/varchar. Cuts never split a surrogate pair or a grapheme cluster.
/// </para>
/// <para>
/// Uniqueness (<see cref="ValueContext.Unique"/>): numbers, dates and times map the row ordinal bijectively into the
/// allowed range; text embeds the row (<c>ada.lovelace.1234@…</c>, <c>KB-000123</c>, <c>Books #1234</c> after a pool
/// is used up); when that does not fit the length, <c>#</c> + the row in base 36; columns too short for natural values
/// get fixed-width base-36 codes. <see cref="Capacity"/> says how many rows that allows.
/// </para>
/// </summary>
public sealed partial class MockValueFactory
{
    private static readonly Lazy<string[]> Locales = new(() =>
    {
        var locales = Database.GetAllLocales();
        Array.Sort(locales, StringComparer.Ordinal);
        return locales;
    });

    private readonly LocalePools pools;
    private readonly ulong scatterKey;
    private readonly InstantProfiles instantProfiles;

    public MockValueFactory(string locale, ulong seed, DateTime referenceTime)
    {
        Locale = NormalizeLocale(locale);
        Seed = seed;
        ReferenceTime = DateTime.SpecifyKind(referenceTime, DateTimeKind.Unspecified);
        pools = new LocalePools(Locale, seed);
        scatterKey = MockRandom.Mix(seed ^ 0x5CA77E2UL);
        instantProfiles = InstantProfiles.Before(ReferenceTime);
    }

    /// <summary>The Bogus locales, e.g. "de", "en_GB", "fr", "ja".</summary>
    public static IReadOnlyList<string> SupportedLocales => Locales.Value;

    public string Locale { get; }
    public ulong Seed { get; }
    public DateTime ReferenceTime { get; }

    private static string NormalizeLocale(string locale)
    {
        ArgumentNullException.ThrowIfNull(locale);
        var wanted = locale.Trim().Replace('-', '_');
        foreach (var known in Locales.Value)
        {
            if (string.Equals(known, wanted, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        throw new ArgumentException(
            $"Unknown locale \"{locale}\". Supported locales: {string.Join(", ", Locales.Value)}.", nameof(locale));
    }

    // ---- Choosing ---------------------------------------------------------------------------------------------------

    /// <summary>The generator for a column: generated columns are left to the database, the rest by meaning and type.</summary>
    public string ChooseGenerator(Table table, Column column, MockType type)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(type);
        if (column.GenerationExpression is not null)
        {
            return MockGenerators.DatabaseDefault;
        }

        if (type.Kind == MockValueKind.Unsupported)
        {
            return !column.IsNullable && column.Default is not null ? MockGenerators.DatabaseDefault : MockGenerators.Null;
        }

        if (type.Kind == MockValueKind.Enum || (type.Kind == MockValueKind.Text && type.EnumValues.Count > 0))
        {
            return MockGenerators.Enum;
        }

        var semantic = ColumnSemantics.Recognize(table, column, type);
        if (MockGenerators.ForSemantic(semantic) is { } byMeaning && MockGenerators.Find(byMeaning)?.Fits(type.Kind) == true)
        {
            return byMeaning;
        }

        return MockGenerators.ForKind(type.Kind);
    }

    // ---- Creating ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// A value of the CLR type <paramref name="type"/>'s kind requires (see <see cref="MockValueKind"/>), fitting the type and
    /// the constraints; null for "null", "database_default" (leave the column out) and unsupported types. What decides,
    /// first to last: constraints.Values, a MySQL SET's members, constraints.Pattern (text), the generator.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown generator name.</exception>
    /// <exception cref="InvalidOperationException">A unique row beyond <see cref="Capacity"/>, or constraints no value meets.</exception>
    public object? Create(string generator, MockType type, ValueConstraints constraints, ref MockRandom random, in ValueContext context)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(constraints);
        var gen = Lookup(generator);
        if (gen is Gen.Null or Gen.DatabaseDefault || type.Kind == MockValueKind.Unsupported)
        {
            return null;
        }

        if (constraints.Values is { Count: > 0 } values)
        {
            return PickValue(values, constraints.Weights, ref random, context);
        }

        return type.Kind switch
        {
            MockValueKind.Integer or MockValueKind.Decimal or MockValueKind.Float => CreateNumber(gen, type, constraints, ref random, context),
            MockValueKind.Boolean => context.Unique ? UniqueBoolean(context.Row) : random.NextUInt64() >> 63 == 0,
            MockValueKind.Text => CreateText(gen, type, constraints, ref random, context),
            MockValueKind.Date or MockValueKind.Timestamp or MockValueKind.TimestampTz => CreateInstant(gen, type, constraints, ref random, context),
            MockValueKind.Time => CreateTime(constraints, ref random, context),
            MockValueKind.Interval => CreateInterval(constraints, ref random, context),
            MockValueKind.Uuid => NewGuid(ref random, context),
            MockValueKind.Binary => CreateBinary(gen, type, ref random, context),
            MockValueKind.Json => CreateJson(ref random, context),
            MockValueKind.Enum => CreateEnum(type, ref random, context),
            MockValueKind.TextArray => CreateTextArray(gen, type, ref random, context),
            MockValueKind.IntegerArray => CreateIntegerArray(type, ref random, context),
            _ => null,
        };
    }

    /// <summary>
    /// How many distinct values the generator can make for unique rows of this type under these constraints
    /// (long.MaxValue when effectively unbounded), so the planner can clamp row counts. "null" and
    /// "database_default" leave values to the database: unbounded here.
    /// </summary>
    public long Capacity(string generator, MockType type, ValueConstraints constraints)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(constraints);
        var gen = Lookup(generator);
        if (gen is Gen.Null or Gen.DatabaseDefault || type.Kind == MockValueKind.Unsupported)
        {
            return long.MaxValue;
        }

        if (constraints.Values is { Count: > 0 } values)
        {
            return values.Count;
        }

        return type.Kind switch
        {
            MockValueKind.Integer or MockValueKind.Decimal or MockValueKind.Float => NumberCapacity(gen, type, constraints),
            MockValueKind.Boolean => 2,
            MockValueKind.Text => TextCapacity(gen, type, constraints),
            MockValueKind.Date or MockValueKind.Timestamp or MockValueKind.TimestampTz => InstantCapacity(gen, type, constraints),
            MockValueKind.Time => TimeCapacity(constraints),
            MockValueKind.Binary => BinaryCapacity(type),
            MockValueKind.Enum => type.EnumValues.Count,
            MockValueKind.IntegerArray => SizeOf(Math.Max(type.MinInteger, 0), type.MaxInteger),
            _ => long.MaxValue,
        };
    }

    private static object PickValue(IReadOnlyList<object> values, IReadOnlyList<double>? weights, ref MockRandom random, in ValueContext context)
    {
        if (context.Unique)
        {
            return context.Row < values.Count ? values[(int)context.Row] : throw CapacityExceeded(context.Row, values.Count);
        }

        if (weights is null || weights.Count != values.Count)
        {
            return values[random.NextInt32(values.Count)];
        }

        var total = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            total += Math.Max(0, weights[i]);
        }

        var target = random.NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            target -= Math.Max(0, weights[i]);
            if (target < 0)
            {
                return values[i];
            }
        }

        return values[^1];
    }

    private static bool UniqueBoolean(long row) => row switch
    {
        0 => false,
        1 => true,
        _ => throw CapacityExceeded(row, 2),
    };

    internal static InvalidOperationException CapacityExceeded(long row, long capacity) =>
        new($"Row {row} needs a unique value, but the column can hold only {capacity} distinct values (see MockValueFactory.Capacity).");

    // ---- Generator names --------------------------------------------------------------------------------------------

    private enum Gen
    {
        DatabaseDefault, Null, Values, Pattern,
        Integer, Decimal, Boolean, Text, Lorem, Date, Timestamp, Time, Interval, Uuid, Binary, Json, Enum, Array,
        Email, FirstName, LastName, FullName, Username, PasswordHash, Phone, StreetAddress, AddressLine2, City, State, Country,
        CountryCode, PostalCode, Latitude, Longitude, Company, JobTitle, Url, Domain, IpAddress, MacAddress, Iban, Bic,
        CurrencyCode, Money, Price, Quantity, Percentage, Rating, Age, Year, SortOrder, CreatedAt, UpdatedAt, DeletedAt,
        BirthDate, Status, Title, Description, Slug, Sku, Code, ProductName, CategoryName, Name, Word, Color,
    }

    private static readonly FrozenDictionary<string, Gen> Generators = new Dictionary<string, Gen>(StringComparer.Ordinal)
    {
        [MockGenerators.DatabaseDefault] = Gen.DatabaseDefault, [MockGenerators.Null] = Gen.Null, [MockGenerators.Values] = Gen.Values,
        [MockGenerators.Pattern] = Gen.Pattern, [MockGenerators.Integer] = Gen.Integer, [MockGenerators.Decimal] = Gen.Decimal,
        [MockGenerators.Boolean] = Gen.Boolean, [MockGenerators.Text] = Gen.Text, [MockGenerators.Lorem] = Gen.Lorem,
        [MockGenerators.Date] = Gen.Date, [MockGenerators.Timestamp] = Gen.Timestamp, [MockGenerators.Time] = Gen.Time,
        [MockGenerators.Interval] = Gen.Interval, [MockGenerators.Uuid] = Gen.Uuid, [MockGenerators.Binary] = Gen.Binary,
        [MockGenerators.Json] = Gen.Json, [MockGenerators.Enum] = Gen.Enum, [MockGenerators.Array] = Gen.Array,
        [MockGenerators.Email] = Gen.Email, [MockGenerators.FirstName] = Gen.FirstName, [MockGenerators.LastName] = Gen.LastName,
        [MockGenerators.FullName] = Gen.FullName, [MockGenerators.Username] = Gen.Username, [MockGenerators.PasswordHash] = Gen.PasswordHash,
        [MockGenerators.Phone] = Gen.Phone, [MockGenerators.StreetAddress] = Gen.StreetAddress, [MockGenerators.AddressLine2] = Gen.AddressLine2,
        [MockGenerators.City] = Gen.City, [MockGenerators.State] = Gen.State, [MockGenerators.Country] = Gen.Country,
        [MockGenerators.CountryCode] = Gen.CountryCode, [MockGenerators.PostalCode] = Gen.PostalCode, [MockGenerators.Latitude] = Gen.Latitude,
        [MockGenerators.Longitude] = Gen.Longitude, [MockGenerators.Company] = Gen.Company, [MockGenerators.JobTitle] = Gen.JobTitle,
        [MockGenerators.Url] = Gen.Url, [MockGenerators.Domain] = Gen.Domain, [MockGenerators.IpAddress] = Gen.IpAddress,
        [MockGenerators.MacAddress] = Gen.MacAddress, [MockGenerators.Iban] = Gen.Iban, [MockGenerators.Bic] = Gen.Bic,
        [MockGenerators.CurrencyCode] = Gen.CurrencyCode, [MockGenerators.Money] = Gen.Money, [MockGenerators.Price] = Gen.Price,
        [MockGenerators.Quantity] = Gen.Quantity, [MockGenerators.Percentage] = Gen.Percentage, [MockGenerators.Rating] = Gen.Rating,
        [MockGenerators.Age] = Gen.Age, [MockGenerators.Year] = Gen.Year, [MockGenerators.SortOrder] = Gen.SortOrder,
        [MockGenerators.CreatedAt] = Gen.CreatedAt, [MockGenerators.UpdatedAt] = Gen.UpdatedAt, [MockGenerators.DeletedAt] = Gen.DeletedAt,
        [MockGenerators.BirthDate] = Gen.BirthDate, [MockGenerators.Status] = Gen.Status, [MockGenerators.Title] = Gen.Title,
        [MockGenerators.Description] = Gen.Description, [MockGenerators.Slug] = Gen.Slug, [MockGenerators.Sku] = Gen.Sku,
        [MockGenerators.Code] = Gen.Code, [MockGenerators.ProductName] = Gen.ProductName, [MockGenerators.CategoryName] = Gen.CategoryName,
        [MockGenerators.Name] = Gen.Name, [MockGenerators.Word] = Gen.Word, [MockGenerators.Color] = Gen.Color,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static Gen Lookup(string generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return Generators.TryGetValue(generator, out var gen)
            ? gen
            : throw new ArgumentException($"Unknown generator \"{generator}\". Known: {string.Join(", ", Generators.Keys.Order(StringComparer.Ordinal))}.", nameof(generator));
    }

    private static bool IsInstantGenerator(Gen gen) =>
        gen is Gen.Date or Gen.Timestamp or Gen.CreatedAt or Gen.UpdatedAt or Gen.DeletedAt or Gen.BirthDate;

    private static bool IsNumberGenerator(Gen gen) =>
        gen is Gen.Integer or Gen.Decimal or Gen.Money or Gen.Price or Gen.Quantity or Gen.Percentage or Gen.Rating or Gen.Age
            or Gen.Year or Gen.SortOrder or Gen.Latitude or Gen.Longitude;
}
