using System.Text.Json.Serialization;

namespace Appliance.Core.MockData.Values;

/// <summary>What a column means, as far as its name, type and comment tell: decides which realistic generator fills it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SemanticKind>))]
public enum SemanticKind
{
    /// <summary>Nothing recognised: the type's generic generator.</summary>
    None,

    // People
    Email,
    FirstName,
    LastName,
    FullName,
    Username,
    PasswordHash,
    Phone,

    // Addresses
    StreetAddress,
    AddressLine2,
    City,
    State,
    Country,
    CountryCode,
    PostalCode,
    Latitude,
    Longitude,

    // Work
    Company,
    JobTitle,

    // Internet
    Url,
    Domain,
    IpAddress,
    MacAddress,
    Uuid,

    // Money and numbers
    Iban,
    Bic,
    CurrencyCode,
    MoneyAmount,
    Price,
    Quantity,
    Percentage,
    Rating,
    Age,
    Year,
    SortOrder,

    // Time
    CreatedAt,
    UpdatedAt,
    DeletedAt,
    BirthDate,
    Date,
    Timestamp,
    Time,

    // Things and words
    Status,
    Title,
    Description,
    Slug,
    Sku,
    Code,
    ProductName,
    CategoryName,
    /// <summary>The name of a thing that is neither a person, a company, a product nor a category (a region, a warehouse).</summary>
    Name,
    Word,
    Color,
    /// <summary>A yes/no flag (is_*, has_*, boolean columns).</summary>
    Flag,
}
