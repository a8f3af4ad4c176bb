using Appliance.Core.MockData.Values;
using Appliance.Core.Schema;
using Appliance.Core.Tests.Sql;

namespace Appliance.Core.Tests.MockData.Values;

public sealed class ColumnSemanticsTests
{
    private static readonly MockType Text = new() { Kind = MockValueKind.Text, DatabaseTypeName = "text" };
    private static readonly MockType Char2 = new() { Kind = MockValueKind.Text, MaxLength = 2, FixedLength = true, DatabaseTypeName = "bpchar" };
    private static readonly MockType Int = new() { Kind = MockValueKind.Integer, MinInteger = int.MinValue, MaxInteger = int.MaxValue, DatabaseTypeName = "int4" };
    private static readonly MockType Money = new() { Kind = MockValueKind.Decimal, Precision = 12, Scale = 2, DatabaseTypeName = "numeric" };
    private static readonly MockType Float = new() { Kind = MockValueKind.Float, Precision = 53, DatabaseTypeName = "float8" };
    private static readonly MockType Bool = new() { Kind = MockValueKind.Boolean, DatabaseTypeName = "bool" };
    private static readonly MockType Date = new() { Kind = MockValueKind.Date, DatabaseTypeName = "date" };
    private static readonly MockType Timestamp = new() { Kind = MockValueKind.Timestamp, DatabaseTypeName = "timestamp" };
    private static readonly MockType TimestampTz = new() { Kind = MockValueKind.TimestampTz, DatabaseTypeName = "timestamptz" };
    private static readonly MockType Uuid = new() { Kind = MockValueKind.Uuid, DatabaseTypeName = "uuid" };
    private static readonly MockType Inet = new() { Kind = MockValueKind.Text, Semantic = SemanticKind.IpAddress, DatabaseTypeName = "inet" };
    private static readonly MockType Json = new() { Kind = MockValueKind.Json, DatabaseTypeName = "jsonb" };
    private static readonly MockType TextArray = new() { Kind = MockValueKind.TextArray, DatabaseTypeName = "text[]" };
    private static readonly MockType Enum = new() { Kind = MockValueKind.Enum, EnumValues = ["a", "b"], DatabaseTypeName = "mood" };
    private static readonly MockType SqliteDate = new() { Kind = MockValueKind.Text, Semantic = SemanticKind.Date, DatabaseTypeName = "date" };

    public static TheoryData<string, string, MockType, string?, SemanticKind> Cases() => new()
    {
        // People
        { "customers", "email", Text, null, SemanticKind.Email },
        { "users", "e_mail", Text, null, SemanticKind.Email },
        { "users", "EmailAddress", Text, null, SemanticKind.Email },
        { "suppliers", "contactEmail", Text, null, SemanticKind.Email },
        { "customers", "customer_email", Text, null, SemanticKind.Email },
        { "suppliers", "contact", Text, "Contact e-mail", SemanticKind.Email },
        { "people", "first_name", Text, null, SemanticKind.FirstName },
        { "people", "firstName", Text, null, SemanticKind.FirstName },
        { "people", "FirstName", Text, null, SemanticKind.FirstName },
        { "people", "given_name", Text, null, SemanticKind.FirstName },
        { "employees", "employee_first_name", Text, null, SemanticKind.FirstName },
        { "people", "last_name", Text, null, SemanticKind.LastName },
        { "people", "surname", Text, null, SemanticKind.LastName },
        { "people", "familyName", Text, null, SemanticKind.LastName },
        { "people", "full_name", Text, null, SemanticKind.FullName },
        { "customer", "name", Text, null, SemanticKind.FullName },
        { "orders", "customer_name", Text, null, SemanticKind.FullName },
        { "users", "username", Text, null, SemanticKind.Username },
        { "users", "user_login", Text, null, SemanticKind.Username },
        { "accounts", "login", Text, null, SemanticKind.Username },
        { "users", "password_hash", Text, null, SemanticKind.PasswordHash },
        { "users", "hashedPassword", Text, null, SemanticKind.PasswordHash },
        { "customers", "phone", Text, null, SemanticKind.Phone },
        { "customers", "mobile_number", Text, null, SemanticKind.Phone },
        { "contacts", "TelephoneNumber", Text, null, SemanticKind.Phone },

        // Addresses
        { "addresses", "street", Text, null, SemanticKind.StreetAddress },
        { "addresses", "address_line1", Text, null, SemanticKind.StreetAddress },
        { "addresses", "address_line2", Text, null, SemanticKind.AddressLine2 },
        { "addresses", "address2", Text, null, SemanticKind.AddressLine2 },
        { "addresses", "city", Text, null, SemanticKind.City },
        { "stores", "town", Text, null, SemanticKind.City },
        { "addresses", "state", Text, null, SemanticKind.State },
        { "offices", "province", Text, null, SemanticKind.State },
        { "addresses", "postal_code", Text, null, SemanticKind.PostalCode },
        { "stores", "zipCode", Text, null, SemanticKind.PostalCode },
        { "addresses", "country", Text, null, SemanticKind.Country },
        { "customer", "country", Char2, null, SemanticKind.CountryCode },
        { "addresses", "country_code", Text, null, SemanticKind.CountryCode },
        { "countries", "country_code", Text, "ISO 3166-1 alpha-2 code", SemanticKind.CountryCode },
        { "countries", "iso2", Text, null, SemanticKind.CountryCode },
        { "countries", "name", Text, null, SemanticKind.Country },
        { "stores", "latitude", Float, null, SemanticKind.Latitude },
        { "stores", "lng", Float, null, SemanticKind.Longitude },

        // Work and internet
        { "suppliers", "name", Text, null, SemanticKind.Company },
        { "contacts", "company_name", Text, null, SemanticKind.Company },
        { "shipments", "carrier", Text, "Carrier name", SemanticKind.Company },
        { "employees", "job_title", Text, null, SemanticKind.JobTitle },
        { "employees", "occupation", Text, null, SemanticKind.JobTitle },
        { "companies", "website", Text, null, SemanticKind.Url },
        { "users", "avatar_url", Text, null, SemanticKind.Url },
        { "sites", "hostname", Text, null, SemanticKind.Domain },
        { "logins", "ip_address", Text, null, SemanticKind.IpAddress },
        { "logins", "lastLoginIP", Text, null, SemanticKind.IpAddress },
        { "logins", "client", Inet, null, SemanticKind.IpAddress },
        { "devices", "mac_address", Text, null, SemanticKind.MacAddress },
        { "things", "external_uuid", Text, null, SemanticKind.Uuid },
        { "things", "public_id", Uuid, null, SemanticKind.Uuid },

        // Money and numbers
        { "accounts", "iban", Text, null, SemanticKind.Iban },
        { "accounts", "swift_code", Text, null, SemanticKind.Bic },
        { "orders", "currency", Char2, null, SemanticKind.CurrencyCode },
        { "orders", "total_amount", Money, null, SemanticKind.MoneyAmount },
        { "accounts", "balance", Money, null, SemanticKind.MoneyAmount },
        { "order", "total", Money, null, SemanticKind.MoneyAmount },
        { "products", "unit_price", Money, null, SemanticKind.Price },
        { "products", "UnitPrice", Money, null, SemanticKind.Price },
        { "products", "cost", Money, null, SemanticKind.Price },
        { "order_lines", "quantity", Int, null, SemanticKind.Quantity },
        { "order_lines", "qty", Int, null, SemanticKind.Quantity },
        { "inventory", "quantity_on_hand", Int, null, SemanticKind.Quantity },
        { "posts", "comment_count", Int, null, SemanticKind.Quantity },
        { "order_lines", "discount", Money, null, SemanticKind.Percentage },
        { "promotions", "percent_off", Int, null, SemanticKind.Percentage },
        { "products", "tax_rate", Money, null, SemanticKind.Percentage },
        { "reviews", "rating", Int, null, SemanticKind.Rating },
        { "reviews", "stars", Int, null, SemanticKind.Rating },
        { "people", "age", Int, null, SemanticKind.Age },
        { "cars", "model_year", Int, null, SemanticKind.Year },
        { "order_lines", "line_number", Int, null, SemanticKind.SortOrder },
        { "menu_items", "sort_order", Int, null, SemanticKind.SortOrder },
        { "slides", "position", Int, null, SemanticKind.SortOrder },
        { "widgets", "measured_in", Int, "Number of units in stock", SemanticKind.Quantity },

        // Time
        { "orders", "created_at", Timestamp, null, SemanticKind.CreatedAt },
        { "orders", "createdAt", TimestampTz, null, SemanticKind.CreatedAt },
        { "orders", "CreatedOn", Date, null, SemanticKind.CreatedAt },
        { "orders", "inserted_at", Timestamp, null, SemanticKind.CreatedAt },
        { "customers", "created_at", Text, "When the account was opened (UTC)", SemanticKind.CreatedAt },
        { "orders", "updated_at", Timestamp, null, SemanticKind.UpdatedAt },
        { "orders", "last_modified", Timestamp, null, SemanticKind.UpdatedAt },
        { "orders", "ModifiedAt", TimestampTz, null, SemanticKind.UpdatedAt },
        { "orders", "deleted_at", Timestamp, null, SemanticKind.DeletedAt },
        { "people", "birth_date", Date, null, SemanticKind.BirthDate },
        { "people", "dob", Date, null, SemanticKind.BirthDate },
        { "people", "date_of_birth", Text, null, SemanticKind.BirthDate },
        { "shipments", "shipped_at", Timestamp, null, SemanticKind.Timestamp },
        { "orders", "ordered_at", Text, null, SemanticKind.Timestamp },
        { "employees", "hired_on", Text, "Date of hire", SemanticKind.Date },
        { "promotions", "starts_on", Text, null, SemanticKind.Date },
        { "events", "event_date", Date, null, SemanticKind.Date },
        { "events", "happening", Timestamp, null, SemanticKind.Timestamp },
        { "events", "day", SqliteDate, null, SemanticKind.Date },
        { "events", "logged_at", Int, null, SemanticKind.Timestamp },

        // Things and words
        { "orders", "status", Text, null, SemanticKind.Status },
        { "orders", "order_status", Text, null, SemanticKind.Status },
        { "orders", "state", Text, null, SemanticKind.Status },
        { "addresses", "kind", Text, "What the address is used for", SemanticKind.Status },
        { "payments", "method", Text, "Payment method", SemanticKind.Status },
        { "order", "status", Enum, null, SemanticKind.Status },
        { "tickets", "status", Int, null, SemanticKind.Status },
        { "reviews", "title", Text, "Headline", SemanticKind.Title },
        { "emails", "subject", Text, null, SemanticKind.Title },
        { "reviews", "body", Text, "Review text", SemanticKind.Description },
        { "products", "ProductDescription", Text, null, SemanticKind.Description },
        { "tickets", "notes", Text, null, SemanticKind.Description },
        { "categories", "slug", Text, "URL-safe name", SemanticKind.Slug },
        { "products", "sku", Text, null, SemanticKind.Sku },
        { "order_line", "product_code", Text, null, SemanticKind.Sku },
        { "promotions", "code", Text, "Code the customer enters", SemanticKind.Code },
        { "shipments", "tracking_number", Text, null, SemanticKind.Code },
        { "products", "name", Text, null, SemanticKind.ProductName },
        { "order_items", "product_name", Text, null, SemanticKind.ProductName },
        { "categories", "name", Text, "Display name", SemanticKind.CategoryName },
        { "products", "category_name", Text, null, SemanticKind.CategoryName },
        { "regions", "name", Text, "Display name of the region", SemanticKind.Name },
        { "inventory", "warehouse_name", Text, null, SemanticKind.Name },
        { "articles", "keyword", Text, null, SemanticKind.Word },
        { "order", "tags", TextArray, null, SemanticKind.Word },
        { "products", "colour", Text, null, SemanticKind.Color },
        { "products", "is_active", Int, null, SemanticKind.Flag },
        { "nodes", "has_children", Bool, null, SemanticKind.Flag },
        { "users", "active", Bool, null, SemanticKind.Flag },
        { "users", "deleted", Int, null, SemanticKind.Flag },

        // Nothing to go on
        { "orders", "customer_id", Int, "Who ordered", SemanticKind.None },
        { "customers", "referred_by", Int, "Customer who referred this one", SemanticKind.None },
        { "Kundë 客户", "say \"hi\"", Text, null, SemanticKind.None },
        { "order", "select", Text, "A column named like a keyword", SemanticKind.None },
        { "events", "payload", Json, null, SemanticKind.None },
        { "order", "invoice_no", Int, null, SemanticKind.None },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Recognises_columns(string tableName, string columnName, MockType type, string? comment, SemanticKind expected)
    {
        var column = new Column { Name = columnName, DataType = type.DatabaseTypeName, Comment = comment };
        var table = new Table { Schema = "main", Name = tableName, Columns = [column] };
        Assert.Equal(expected, ColumnSemantics.Recognize(table, column, type));
    }

    [Fact]
    public void There_are_at_least_sixty_cases() => Assert.True(Cases().Count >= 60);

    [Fact]
    public void State_is_a_region_only_where_there_are_addresses()
    {
        var state = new Column { Name = "state", DataType = "text" };
        var city = new Column { Name = "city", DataType = "text" };
        var shops = new Table { Schema = "s", Name = "shops", Columns = [city, state] };
        var jobs = new Table { Schema = "s", Name = "jobs", Columns = [state] };
        Assert.Equal(SemanticKind.State, ColumnSemantics.Recognize(shops, state, Text));
        Assert.Equal(SemanticKind.Status, ColumnSemantics.Recognize(jobs, state, Text));
    }

    [Fact]
    public void Every_demo_column_is_recognised_sensibly()
    {
        var schema = TestSchemas.Demo;
        var expected = new Dictionary<string, SemanticKind>
        {
            ["addresses.street"] = SemanticKind.StreetAddress,
            ["addresses.city"] = SemanticKind.City,
            ["addresses.postal_code"] = SemanticKind.PostalCode,
            ["addresses.country_code"] = SemanticKind.CountryCode,
            ["categories.name"] = SemanticKind.CategoryName,
            ["categories.slug"] = SemanticKind.Slug,
            ["countries.country_code"] = SemanticKind.CountryCode,
            ["countries.name"] = SemanticKind.Country,
            ["customers.email"] = SemanticKind.Email,
            ["customers.first_name"] = SemanticKind.FirstName,
            ["customers.last_name"] = SemanticKind.LastName,
            ["customers.phone"] = SemanticKind.Phone,
            ["customers.created_at"] = SemanticKind.CreatedAt,
            ["employees.email"] = SemanticKind.Email,
            ["employees.job_title"] = SemanticKind.JobTitle,
            ["employees.hired_on"] = SemanticKind.Date,
            ["inventory.quantity_on_hand"] = SemanticKind.Quantity,
            ["order_lines.line_number"] = SemanticKind.SortOrder,
            ["order_lines.unit_price"] = SemanticKind.Price,
            ["order_lines.discount"] = SemanticKind.Percentage,
            ["orders.ordered_at"] = SemanticKind.Timestamp,
            ["orders.total_amount"] = SemanticKind.MoneyAmount,
            ["payments.paid_at"] = SemanticKind.Timestamp,
            ["product_reviews.rating"] = SemanticKind.Rating,
            ["product_reviews.title"] = SemanticKind.Title,
            ["product_reviews.body"] = SemanticKind.Description,
            ["products.sku"] = SemanticKind.Sku,
            ["products.name"] = SemanticKind.ProductName,
            ["products.is_active"] = SemanticKind.Flag,
            ["products.created_at"] = SemanticKind.CreatedAt,
            ["promotions.code"] = SemanticKind.Code,
            ["promotions.percent_off"] = SemanticKind.Percentage,
            ["promotions.starts_on"] = SemanticKind.Date,
            ["promotions.ends_on"] = SemanticKind.Date,
            ["shipments.carrier"] = SemanticKind.Company,
            ["shipments.shipped_at"] = SemanticKind.Timestamp,
            ["shipments.delivered_at"] = SemanticKind.Timestamp,
            ["suppliers.name"] = SemanticKind.Company,
            ["suppliers.contact_email"] = SemanticKind.Email,
            ["warehouses.code"] = SemanticKind.Code,
        };

        foreach (var (key, semantic) in expected)
        {
            var (tableName, columnName) = (key[..key.IndexOf('.', StringComparison.Ordinal)], key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..]);
            var table = schema.FindTable("main", tableName)!;
            var column = table.FindColumn(columnName)!;
            Assert.True(semantic == ColumnSemantics.Recognize(table, column, MockTypes.Resolve(column, schema)), key);
        }
    }
}
