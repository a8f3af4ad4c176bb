namespace Appliance.Core.MockData.Values;

/// <summary>A generator a column can be set to: its name (as in overrides), a label for people, the kinds of values it makes.</summary>
public sealed record MockGeneratorInfo(string Name, string Label, IReadOnlyList<MockValueKind> Kinds, SemanticKind Semantic = SemanticKind.None)
{
    public bool Fits(MockValueKind kind) => Kinds.Contains(kind);
}

/// <summary>The generator names usable in <see cref="ColumnOverride.Generator"/> and returned by <see cref="MockValueFactory.ChooseGenerator"/>.</summary>
public static class MockGenerators
{
    public const string DatabaseDefault = "database_default";
    public const string Null = "null";
    public const string Values = "values";
    public const string Pattern = "pattern";

    // Generic, by kind
    public const string Integer = "integer";
    public const string Decimal = "decimal";
    public const string Boolean = "boolean";
    public const string Text = "text";
    public const string Lorem = "lorem";
    public const string Date = "date";
    public const string Timestamp = "timestamp";
    public const string Time = "time";
    public const string Interval = "interval";
    public const string Uuid = "uuid";
    public const string Binary = "binary";
    public const string Json = "json";
    public const string Enum = "enum";
    public const string Array = "array";

    // By meaning
    public const string Email = "email";
    public const string FirstName = "first_name";
    public const string LastName = "last_name";
    public const string FullName = "full_name";
    public const string Username = "username";
    public const string PasswordHash = "password_hash";
    public const string Phone = "phone";
    public const string StreetAddress = "street_address";
    public const string AddressLine2 = "address_line2";
    public const string City = "city";
    public const string State = "state";
    public const string Country = "country";
    public const string CountryCode = "country_code";
    public const string PostalCode = "postal_code";
    public const string Latitude = "latitude";
    public const string Longitude = "longitude";
    public const string Company = "company";
    public const string JobTitle = "job_title";
    public const string Url = "url";
    public const string Domain = "domain";
    public const string IpAddress = "ip_address";
    public const string MacAddress = "mac_address";
    public const string Iban = "iban";
    public const string Bic = "bic";
    public const string CurrencyCode = "currency_code";
    public const string Money = "money";
    public const string Price = "price";
    public const string Quantity = "quantity";
    public const string Percentage = "percentage";
    public const string Rating = "rating";
    public const string Age = "age";
    public const string Year = "year";
    public const string SortOrder = "sort_order";
    public const string CreatedAt = "created_at";
    public const string UpdatedAt = "updated_at";
    public const string DeletedAt = "deleted_at";
    public const string BirthDate = "birth_date";
    public const string Status = "status";
    public const string Title = "title";
    public const string Description = "description";
    public const string Slug = "slug";
    public const string Sku = "sku";
    public const string Code = "code";
    public const string ProductName = "product_name";
    public const string CategoryName = "category_name";
    public const string Name = "name";
    public const string Word = "word";
    public const string Color = "color";

    private static readonly MockValueKind[] AllKinds = System.Enum.GetValues<MockValueKind>();
    private static readonly MockValueKind[] TextOnly = [MockValueKind.Text];
    private static readonly MockValueKind[] Numbers = [MockValueKind.Integer, MockValueKind.Decimal, MockValueKind.Float, MockValueKind.Text];
    private static readonly MockValueKind[] Instants =
        [MockValueKind.Date, MockValueKind.Timestamp, MockValueKind.TimestampTz, MockValueKind.Text, MockValueKind.Integer];

    public static IReadOnlyList<MockGeneratorInfo> All { get; } =
    [
        new(DatabaseDefault, "Database default (column left out)", AllKinds),
        new(Null, "NULL", AllKinds),
        new(Values, "One of the given values", AllKinds),
        new(Pattern, "Pattern (# digit, ? letter, * letter or digit)", TextOnly),

        new(Integer, "Integer", Numbers),
        new(Decimal, "Decimal number", Numbers),
        new(Boolean, "Yes / no", [MockValueKind.Boolean, MockValueKind.Integer, MockValueKind.Text], SemanticKind.Flag),
        new(Text, "Text", [MockValueKind.Text, MockValueKind.Json]),
        new(Lorem, "Lorem ipsum", TextOnly),
        new(Date, "Date", Instants, SemanticKind.Date),
        new(Timestamp, "Date and time", Instants, SemanticKind.Timestamp),
        new(Time, "Time of day", [MockValueKind.Time, MockValueKind.Text], SemanticKind.Time),
        new(Interval, "Interval", [MockValueKind.Interval]),
        new(Uuid, "UUID", [MockValueKind.Uuid, MockValueKind.Text, MockValueKind.Binary], SemanticKind.Uuid),
        new(Binary, "Random bytes", [MockValueKind.Binary]),
        new(Json, "JSON document", [MockValueKind.Json, MockValueKind.Text]),
        new(Enum, "Enum label", [MockValueKind.Enum, MockValueKind.Text]),
        new(Array, "Array", [MockValueKind.TextArray, MockValueKind.IntegerArray]),

        new(Email, "E-mail address", TextOnly, SemanticKind.Email),
        new(FirstName, "First name", TextOnly, SemanticKind.FirstName),
        new(LastName, "Last name", TextOnly, SemanticKind.LastName),
        new(FullName, "Full name", TextOnly, SemanticKind.FullName),
        new(Username, "User name", TextOnly, SemanticKind.Username),
        new(PasswordHash, "Password hash", TextOnly, SemanticKind.PasswordHash),
        new(Phone, "Phone number", TextOnly, SemanticKind.Phone),
        new(StreetAddress, "Street and number", TextOnly, SemanticKind.StreetAddress),
        new(AddressLine2, "Address line 2", TextOnly, SemanticKind.AddressLine2),
        new(City, "City", TextOnly, SemanticKind.City),
        new(State, "State / region", TextOnly, SemanticKind.State),
        new(Country, "Country name", TextOnly, SemanticKind.Country),
        new(CountryCode, "Country code (ISO 3166 alpha-2)", TextOnly, SemanticKind.CountryCode),
        new(PostalCode, "Postal code", TextOnly, SemanticKind.PostalCode),
        new(Latitude, "Latitude", Numbers, SemanticKind.Latitude),
        new(Longitude, "Longitude", Numbers, SemanticKind.Longitude),
        new(Company, "Company name", TextOnly, SemanticKind.Company),
        new(JobTitle, "Job title", TextOnly, SemanticKind.JobTitle),
        new(Url, "URL", TextOnly, SemanticKind.Url),
        new(Domain, "Domain name", TextOnly, SemanticKind.Domain),
        new(IpAddress, "IP address", TextOnly, SemanticKind.IpAddress),
        new(MacAddress, "MAC address", TextOnly, SemanticKind.MacAddress),
        new(Iban, "IBAN", TextOnly, SemanticKind.Iban),
        new(Bic, "BIC", TextOnly, SemanticKind.Bic),
        new(CurrencyCode, "Currency code (ISO 4217)", TextOnly, SemanticKind.CurrencyCode),
        new(Money, "Money amount", Numbers, SemanticKind.MoneyAmount),
        new(Price, "Price", Numbers, SemanticKind.Price),
        new(Quantity, "Quantity", Numbers, SemanticKind.Quantity),
        new(Percentage, "Percentage", Numbers, SemanticKind.Percentage),
        new(Rating, "Rating (1 to 5)", Numbers, SemanticKind.Rating),
        new(Age, "Age in years", Numbers, SemanticKind.Age),
        new(Year, "Year", Numbers, SemanticKind.Year),
        new(SortOrder, "Position (1, 2, 3…)", Numbers, SemanticKind.SortOrder),
        new(CreatedAt, "Creation time", Instants, SemanticKind.CreatedAt),
        new(UpdatedAt, "Last update time", Instants, SemanticKind.UpdatedAt),
        new(DeletedAt, "Deletion time", Instants, SemanticKind.DeletedAt),
        new(BirthDate, "Birth date (age 18 to 90)", Instants, SemanticKind.BirthDate),
        new(Status, "Status word", [MockValueKind.Text, MockValueKind.Integer, MockValueKind.Enum], SemanticKind.Status),
        new(Title, "Title / headline", TextOnly, SemanticKind.Title),
        new(Description, "Free text (sentences)", TextOnly, SemanticKind.Description),
        new(Slug, "URL slug", TextOnly, SemanticKind.Slug),
        new(Sku, "SKU / product code", TextOnly, SemanticKind.Sku),
        new(Code, "Code", TextOnly, SemanticKind.Code),
        new(ProductName, "Product name", TextOnly, SemanticKind.ProductName),
        new(CategoryName, "Category name", TextOnly, SemanticKind.CategoryName),
        new(Name, "Name of a thing", TextOnly, SemanticKind.Name),
        new(Word, "Word", [MockValueKind.Text, MockValueKind.TextArray], SemanticKind.Word),
        new(Color, "Colour", TextOnly, SemanticKind.Color),
    ];

    private static readonly Dictionary<string, MockGeneratorInfo> ByName = All.ToDictionary(g => g.Name, StringComparer.Ordinal);

    private static readonly Dictionary<SemanticKind, string> BySemantic = All
        .Where(g => g.Semantic != SemanticKind.None)
        .GroupBy(g => g.Semantic)
        .ToDictionary(g => g.Key, g => g.First().Name);

    public static MockGeneratorInfo? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The generator made for a meaning; null for <see cref="SemanticKind.None"/>.</summary>
    public static string? ForSemantic(SemanticKind semantic) => BySemantic.GetValueOrDefault(semantic);

    /// <summary>The generator for a kind when nothing more is known.</summary>
    public static string ForKind(MockValueKind kind) => kind switch
    {
        MockValueKind.Integer => Integer,
        MockValueKind.Decimal or MockValueKind.Float => Decimal,
        MockValueKind.Boolean => Boolean,
        MockValueKind.Text => Text,
        MockValueKind.Date => Date,
        MockValueKind.Timestamp or MockValueKind.TimestampTz => Timestamp,
        MockValueKind.Time => Time,
        MockValueKind.Interval => Interval,
        MockValueKind.Uuid => Uuid,
        MockValueKind.Binary => Binary,
        MockValueKind.Json => Json,
        MockValueKind.Enum => Enum,
        MockValueKind.TextArray or MockValueKind.IntegerArray => Array,
        _ => Null,
    };
}
