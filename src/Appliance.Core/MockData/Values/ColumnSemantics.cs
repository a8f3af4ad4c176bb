using System.Text;
using Appliance.Core.Schema;

namespace Appliance.Core.MockData.Values;

/// <summary>
/// Recognises what a column means from its name (snake_case, camelCase or PascalCase, with or without the table's name in
/// front), its resolved type and, when the name says nothing, its comment ("contact" + "Contact e-mail" is an e-mail).
/// </summary>
public static class ColumnSemantics
{
    public static SemanticKind Recognize(Table table, Column column, MockType type)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(type);

        // The type alone decides for IP and MAC types, UUIDs and booleans.
        switch (type.Semantic)
        {
            case SemanticKind.IpAddress or SemanticKind.MacAddress or SemanticKind.Uuid:
                return type.Semantic;
        }

        switch (type.Kind)
        {
            case MockValueKind.Uuid:
                return SemanticKind.Uuid;
            case MockValueKind.Boolean:
                return SemanticKind.Flag;
            case MockValueKind.Enum:
                return SemanticKind.Status;
            case MockValueKind.Time:
                return SemanticKind.Time;
            case MockValueKind.Binary or MockValueKind.Json or MockValueKind.Interval or MockValueKind.IntegerArray or MockValueKind.Unsupported:
                return SemanticKind.None;
        }

        // The whole name first (countries.country_code is a country code); without the table's name when that says nothing
        // (users.user_login is a login).
        var all = NameTokens.Split(column.Name);
        var context = new Context(table, type, all);
        var byName = FromName(context);
        var stripped = NameTokens.WithoutTablePrefix(all, NameTokens.Split(table.Name));
        if (byName == SemanticKind.None && stripped.Length != all.Length)
        {
            byName = FromName(context = new Context(table, type, stripped));
        }

        if (byName != SemanticKind.None)
        {
            return byName;
        }

        if (column.Comment is { Length: > 0 } comment && FromComment(context, comment) is var byComment && byComment != SemanticKind.None)
        {
            return byComment;
        }

        return type.Kind switch
        {
            MockValueKind.Date => SemanticKind.Date,
            MockValueKind.Timestamp or MockValueKind.TimestampTz => SemanticKind.Timestamp,
            MockValueKind.Text when type.Semantic is SemanticKind.Date or SemanticKind.Timestamp or SemanticKind.Time => type.Semantic,
            _ => SemanticKind.None,
        };
    }

    private sealed class Context(Table table, MockType type, string[] tokens)
    {
        public Table Table { get; } = table;
        public MockType Type { get; } = type;
        public string[] Tokens { get; } = tokens;
        public string Joined { get; } = string.Join('_', tokens);
        public string Last => Tokens.Length == 0 ? "" : Tokens[^1];
        public string First => Tokens.Length == 0 ? "" : Tokens[0];
        public string BeforeLast => Tokens.Length < 2 ? "" : Tokens[^2];

        public bool IsText => Type.Kind is MockValueKind.Text or MockValueKind.TextArray;
        public bool IsNumber => Type.Kind is MockValueKind.Integer or MockValueKind.Decimal or MockValueKind.Float;
        public bool IsInstant => Type.Kind is MockValueKind.Date or MockValueKind.Timestamp or MockValueKind.TimestampTz
            || Type.Semantic is SemanticKind.Date or SemanticKind.Timestamp;

        /// <summary>Text, numbers and instants can all hold a date: TEXT in SQLite, unix seconds in an integer.</summary>
        public bool CanHoldInstant => IsInstant || Type.Kind is MockValueKind.Text or MockValueKind.Integer;

        public bool Has(string token) => Array.IndexOf(Tokens, token) >= 0;

        public bool HasAny(HashSet<string> set)
        {
            foreach (var token in Tokens)
            {
                if (set.Contains(token))
                {
                    return true;
                }
            }

            return false;
        }

        public string TableNoun => NameTokens.Singular(NameTokens.Split(Table.Name) is { Length: > 0 } t ? t[^1] : "");
    }

    private static readonly HashSet<string> InstantSuffixes = ["at", "on", "date", "time", "timestamp", "ts", "datetime", "dt", "day", "when"];
    private static readonly HashSet<string> CreatedWords = ["created", "creation", "inserted", "insert", "registered", "registration", "signup", "joined", "added", "create"];
    private static readonly HashSet<string> UpdatedWords = ["updated", "modified", "changed", "edited", "update", "modification", "modify", "change"];
    private static readonly HashSet<string> DeletedWords = ["deleted", "removed", "archived", "deletion", "delete"];
    private static readonly HashSet<string> FlagPrefixes = ["is", "has", "can", "should", "allow", "allows", "was", "did", "use", "uses", "needs", "show", "hide"];
    private static readonly HashSet<string> FlagWords =
        ["active", "enabled", "disabled", "verified", "deleted", "archived", "visible", "hidden", "published", "locked", "blocked",
         "approved", "confirmed", "flag", "featured", "default", "primary", "public", "private", "admin", "valid", "paid", "shipped"];

    private static readonly HashSet<string> PersonTables =
        ["customer", "user", "person", "people", "employee", "member", "contact", "author", "student", "patient", "client", "staff",
         "subscriber", "applicant", "candidate", "driver", "teacher", "guest", "traveler", "traveller", "passenger", "owner", "buyer",
         "agent", "manager", "profile", "account", "reviewer", "participant", "attendee", "player", "worker", "kunde", "mitarbeiter",
         "recipient", "sender", "holder", "cardholder", "instructor", "doctor", "physician", "volunteer", "tenant", "lead"];

    private static readonly HashSet<string> CompanyWords =
        ["company", "organisation", "organization", "org", "employer", "firm", "business", "vendor", "supplier", "manufacturer",
         "brand", "carrier", "courier", "shipper", "publisher", "bank", "merchant", "partner", "agency", "retailer", "distributor",
         "institution", "insurer", "firma", "lieferant", "hersteller"];

    private static readonly HashSet<string> ProductWords = ["product", "item", "article", "good", "merchandise", "produkt", "artikel", "sku"];
    private static readonly HashSet<string> CategoryWords = ["category", "department", "tag", "genre", "group", "section", "collection", "topic", "segment", "kategorie", "subcategory"];
    private static readonly HashSet<string> CityWords = ["city", "town", "locality", "municipality", "village", "ort", "stadt", "ville", "ciudad"];
    private static readonly HashSet<string> PostalWords = ["zip", "zipcode", "postcode", "postal", "postalcode", "plz", "postleitzahl"];
    private static readonly HashSet<string> StreetWords = ["street", "streetaddress", "strasse", "straße", "addr", "address", "address1", "road", "adresse", "anschrift"];
    private static readonly HashSet<string> PhoneWords = ["phone", "telephone", "tel", "mobile", "cell", "cellphone", "fax", "msisdn", "handy", "telefon", "phonenumber"];
    private static readonly HashSet<string> UrlWords = ["url", "uri", "link", "href", "website", "homepage", "webpage", "web", "avatar", "image", "photo", "picture", "logo", "thumbnail", "icon"];
    private static readonly HashSet<string> PasswordWords = ["password", "passwd", "pwd", "passhash", "pw", "passwort"];
    private static readonly HashSet<string> AddressContextWords =
        ["address", "location", "store", "shop", "branch", "office", "warehouse", "site", "venue", "city", "zip", "postal", "postcode",
         "street", "country", "billing", "shipping", "customer", "user", "person", "contact", "company", "supplier", "hotel", "property"];

    private static readonly Dictionary<string, SemanticKind> NumberNouns = new(StringComparer.Ordinal)
    {
        ["price"] = SemanticKind.Price, ["cost"] = SemanticKind.Price, ["msrp"] = SemanticKind.Price, ["fee"] = SemanticKind.Price,
        ["rrp"] = SemanticKind.Price, ["tariff"] = SemanticKind.Price, ["preis"] = SemanticKind.Price, ["fare"] = SemanticKind.Price,
        ["amount"] = SemanticKind.MoneyAmount, ["total"] = SemanticKind.MoneyAmount, ["balance"] = SemanticKind.MoneyAmount,
        ["subtotal"] = SemanticKind.MoneyAmount, ["sum"] = SemanticKind.MoneyAmount, ["revenue"] = SemanticKind.MoneyAmount,
        ["salary"] = SemanticKind.MoneyAmount, ["income"] = SemanticKind.MoneyAmount, ["wage"] = SemanticKind.MoneyAmount,
        ["payment"] = SemanticKind.MoneyAmount, ["credit"] = SemanticKind.MoneyAmount, ["debit"] = SemanticKind.MoneyAmount,
        ["tax"] = SemanticKind.MoneyAmount, ["vat"] = SemanticKind.MoneyAmount, ["budget"] = SemanticKind.MoneyAmount,
        ["turnover"] = SemanticKind.MoneyAmount, ["deposit"] = SemanticKind.MoneyAmount, ["refund"] = SemanticKind.MoneyAmount,
        ["profit"] = SemanticKind.MoneyAmount, ["earnings"] = SemanticKind.MoneyAmount, ["spend"] = SemanticKind.MoneyAmount,
        ["betrag"] = SemanticKind.MoneyAmount, ["money"] = SemanticKind.MoneyAmount,
        ["count"] = SemanticKind.Quantity, ["qty"] = SemanticKind.Quantity, ["quantity"] = SemanticKind.Quantity,
        ["units"] = SemanticKind.Quantity, ["stock"] = SemanticKind.Quantity, ["level"] = SemanticKind.Quantity,
        ["hand"] = SemanticKind.Quantity, ["capacity"] = SemanticKind.Quantity, ["views"] = SemanticKind.Quantity,
        ["visits"] = SemanticKind.Quantity, ["clicks"] = SemanticKind.Quantity, ["likes"] = SemanticKind.Quantity,
        ["menge"] = SemanticKind.Quantity, ["anzahl"] = SemanticKind.Quantity, ["pieces"] = SemanticKind.Quantity,
        ["percent"] = SemanticKind.Percentage, ["percentage"] = SemanticKind.Percentage, ["pct"] = SemanticKind.Percentage,
        ["rate"] = SemanticKind.Percentage, ["ratio"] = SemanticKind.Percentage, ["discount"] = SemanticKind.Percentage,
        ["share"] = SemanticKind.Percentage, ["off"] = SemanticKind.Percentage, ["commission"] = SemanticKind.Percentage,
        ["probability"] = SemanticKind.Percentage, ["rabatt"] = SemanticKind.Percentage, ["margin"] = SemanticKind.Percentage,
        ["rating"] = SemanticKind.Rating, ["stars"] = SemanticKind.Rating, ["score"] = SemanticKind.Rating, ["grade"] = SemanticKind.Rating,
        ["age"] = SemanticKind.Age, ["year"] = SemanticKind.Year, ["yr"] = SemanticKind.Year, ["jahr"] = SemanticKind.Year,
        ["lat"] = SemanticKind.Latitude, ["latitude"] = SemanticKind.Latitude,
        ["lng"] = SemanticKind.Longitude, ["lon"] = SemanticKind.Longitude, ["long"] = SemanticKind.Longitude, ["longitude"] = SemanticKind.Longitude,
    };

    private static readonly HashSet<string> SortOrderNames =
        ["line_number", "line_no", "line_nr", "line", "position", "pos", "sort_order", "sort", "sort_key", "sortorder", "ordinal", "seq",
         "sequence", "seq_no", "sequence_number", "display_order", "rank", "ranking", "order_index", "idx", "index", "priority", "step",
         "step_number", "sort_index", "row_number", "order", "weight", "display_position", "position_number"];

    private static readonly HashSet<string> StatusNouns =
        ["status", "kind", "type", "role", "tier", "stage", "phase", "mode", "method", "channel", "source", "gender", "sex", "plan",
         "visibility", "severity", "state", "outcome", "result", "availability", "priority"];

    private static readonly HashSet<string> TitleNouns = ["title", "headline", "subject", "heading", "caption", "titel", "tagline", "subtitle"];

    private static readonly HashSet<string> DescriptionNouns =
        ["description", "desc", "descr", "body", "notes", "note", "comment", "comments", "remarks", "remark", "summary", "content",
         "contents", "text", "message", "msg", "bio", "biography", "about", "details", "detail", "review", "feedback", "abstract",
         "instructions", "memo", "reason", "explanation", "excerpt", "beschreibung", "bemerkung", "notiz", "story", "answer", "question",
         "overview", "info", "information", "introduction", "intro", "synopsis", "blurb"];

    private static readonly HashSet<string> CodeNouns =
        ["code", "coupon", "voucher", "token", "reference", "ref", "number", "no", "nr", "num", "key", "serial", "abbreviation", "abbr",
         "symbol", "ticker", "acronym", "identifier", "ident", "barcode", "pin", "license", "licence", "plate"];

    private static readonly HashSet<string> SkuWords = ["sku", "upc", "ean", "gtin", "mpn", "asin", "isbn"];
    private static readonly HashSet<string> SkuNames =
        ["product_code", "item_code", "article_number", "article_no", "part_number", "part_no", "item_number", "item_no", "product_number",
         "product_no", "model_number", "model_no", "article_code", "stock_code", "catalog_number", "catalogue_number", "artikelnummer"];

    private static readonly HashSet<string> WordNouns = ["word", "keyword", "keywords", "tag", "tags", "labels", "term", "terms", "hashtag", "hashtags", "label"];

    private static SemanticKind FromName(Context c)
    {
        var tokens = c.Tokens;
        if (tokens.Length == 0)
        {
            return SemanticKind.None;
        }

        var last = c.Last;
        var joined = c.Joined;

        // Keys are the planner's business.
        if (last is "id" or "pk" or "fk" || (last == "key" && c.IsNumber))
        {
            return SemanticKind.None;
        }

        if (last is "uuid" or "guid" || c.Has("uuid") || c.Has("guid"))
        {
            return c.IsText ? SemanticKind.Uuid : SemanticKind.None;
        }

        if (c.Type.Kind == MockValueKind.TextArray)
        {
            return c.HasAny(WordNouns) || c.HasAny(CategoryWords) ? SemanticKind.Word : SemanticKind.None;
        }

        // Flags stored as integers or short text (booleans were decided by type already).
        var canBeFlag = c.Type.Kind == MockValueKind.Integer || (c.Type.Kind == MockValueKind.Text && c.Type.MaxLength is <= 5);
        if (canBeFlag && ((FlagPrefixes.Contains(c.First) && tokens.Length > 1) || FlagWords.Contains(joined) || last == "flag"))
        {
            return SemanticKind.Flag;
        }

        if (FromInstantName(c) is var instant && instant != SemanticKind.None)
        {
            return instant;
        }

        if (c.IsText && FromTextName(c) is var text && text != SemanticKind.None)
        {
            return text;
        }

        if ((c.IsNumber || c.IsText) && FromNumberName(c) is var number && number != SemanticKind.None)
        {
            return number;
        }

        return SemanticKind.None;
    }

    private static SemanticKind FromInstantName(Context c)
    {
        var last = c.Last;
        var first = c.First;
        if (!c.CanHoldInstant || last == "by")
        {
            return SemanticKind.None;
        }

        var instantSuffix = InstantSuffixes.Contains(last) || first == "date";
        if (c.Has("birth") || c.Has("birthday") || c.Has("dob") || c.Has("birthdate") || c.Has("born") || c.Joined is "date_of_birth" or "geburtsdatum")
        {
            return c.Type.Kind == MockValueKind.Integer && c.Has("year") ? SemanticKind.Year : SemanticKind.BirthDate;
        }

        // An integer or text column needs the suffix (created_at, created_on) or a lone word (created) to be a time.
        var plainWord = c.Tokens.Length == 1 || c.IsInstant || instantSuffix;
        if (plainWord && c.HasAny(CreatedWords))
        {
            return SemanticKind.CreatedAt;
        }

        if (plainWord && (c.HasAny(UpdatedWords) || c.Joined is "last_modified" or "last_update" or "last_updated" or "last_changed"))
        {
            return SemanticKind.UpdatedAt;
        }

        if (plainWord && c.HasAny(DeletedWords) && (c.IsInstant || instantSuffix))
        {
            return SemanticKind.DeletedAt;
        }

        if (c.Type.Kind == MockValueKind.Integer)
        {
            // Unix time only for clear names: *_at, *_ts, *_timestamp.
            return last is "at" or "ts" or "timestamp" or "epoch" ? SemanticKind.Timestamp : SemanticKind.None;
        }

        if (c.IsInstant && c.Type.Kind != MockValueKind.Text)
        {
            return c.Type.Kind == MockValueKind.Date ? SemanticKind.Date : SemanticKind.Timestamp;
        }

        if (instantSuffix && c.Type.Kind == MockValueKind.Text && last != "time")
        {
            if (c.Type.Semantic is SemanticKind.Date or SemanticKind.Timestamp)
            {
                return c.Type.Semantic;
            }

            return last is "on" or "date" or "day" || first == "date" ? SemanticKind.Date : SemanticKind.Timestamp;
        }

        return SemanticKind.None;
    }

    private static SemanticKind FromTextName(Context c)
    {
        var last = c.Last;
        var prev = c.BeforeLast;
        var joined = c.Joined;

        if (c.Has("email") || (c.Has("mail") && (c.Tokens.Length == 1 || c.Has("address"))) || joined is "emailaddress")
        {
            return SemanticKind.Email;
        }

        if (joined is "first_name" or "firstname" or "given_name" or "givenname" or "forename" or "fname" or "first" or "middle_name"
            or "vorname" or "prenom" or "given" || (last == "name" && prev is "first" or "given" or "fore" or "middle"))
        {
            return SemanticKind.FirstName;
        }

        if (joined is "last_name" or "lastname" or "surname" or "family_name" or "familyname" or "lname" or "nachname" or "maiden_name"
            or "last" || (last == "name" && prev is "last" or "family" or "sur" or "maiden"))
        {
            return SemanticKind.LastName;
        }

        if (joined is "full_name" or "fullname" or "contact_name" or "person_name" or "contact_person" or "account_holder" or "card_holder"
            or "cardholder" or "holder_name" or "cardholder_name")
        {
            return SemanticKind.FullName;
        }

        if (joined is "username" or "user_name" or "login" or "login_name" or "handle" or "nickname" or "nick" or "screen_name"
            or "screenname" or "account_name" or "user" or "benutzername" or "alias")
        {
            return SemanticKind.Username;
        }

        if (c.HasAny(PasswordWords) || joined is "secret_hash" or "hashed_secret")
        {
            return SemanticKind.PasswordHash;
        }

        if (c.HasAny(PhoneWords))
        {
            return SemanticKind.Phone;
        }

        if (c.Has("ip") || joined is "ipaddress" or "ipv4" or "ipv6" or "ip_addr" or "remote_addr" or "client_addr")
        {
            return SemanticKind.IpAddress;
        }

        if (c.Has("mac") || joined is "macaddress" or "hardware_address")
        {
            return SemanticKind.MacAddress;
        }

        if (c.Has("iban"))
        {
            return SemanticKind.Iban;
        }

        if (c.Has("bic") || c.Has("swift"))
        {
            return SemanticKind.Bic;
        }

        if (c.Has("currency") || c.Has("ccy") || c.Has("waehrung") || c.Has("währung"))
        {
            return SemanticKind.CurrencyCode;
        }

        if (c.Has("slug") || joined is "permalink" or "url_key" or "seo_name" or "url_slug")
        {
            return SemanticKind.Slug;
        }

        if (c.HasAny(UrlWords) && last is not "name" and not "title" and not "alt")
        {
            return SemanticKind.Url;
        }

        if (c.Has("domain") || c.Has("hostname") || c.Has("host") || c.Has("fqdn"))
        {
            return SemanticKind.Domain;
        }

        if (c.HasAny(SkuWords) || SkuNames.Contains(joined))
        {
            return SemanticKind.Sku;
        }

        // Address parts, before codes: postal_code and country_code are not generic codes.
        if ((c.Has("country") || c.Has("nation") || c.Has("land")) && (last is "code" or "iso" or "cc" || c.Joined.EndsWith("iso_2", StringComparison.Ordinal) || c.Type.MaxLength is <= 3))
        {
            return SemanticKind.CountryCode;
        }

        if (joined is "iso2" or "iso_2" or "iso_code" or "alpha2" or "alpha_2" or "iso_3166" or "iso3166" or "country_iso" or "iso_country")
        {
            return SemanticKind.CountryCode;
        }

        if (c.HasAny(PostalWords))
        {
            return SemanticKind.PostalCode;
        }

        if (((c.Has("2") || c.Has("two")) && (c.Has("address") || c.Has("line") || c.Has("street") || c.Has("addr")))
            || joined is "address2" or "apartment" or "apt" or "suite" or "addition" or "address_extra")
        {
            return SemanticKind.AddressLine2;
        }

        if (c.HasAny(StreetWords) || joined is "line1" or "line_1" or "address_line1")
        {
            return SemanticKind.StreetAddress;
        }

        if (c.HasAny(CityWords))
        {
            return SemanticKind.City;
        }

        if (c.Has("country") || c.Has("nation"))
        {
            return SemanticKind.Country;
        }

        if (c.Has("province") || c.Has("prefecture") || c.Has("county") || c.Has("bundesland")
            || ((last is "state" or "region") && InAddressContext(c)))
        {
            return SemanticKind.State;
        }

        if (c.Has("latitude") || last == "lat")
        {
            return SemanticKind.Latitude;
        }

        if (c.Has("longitude") || last is "lng" or "lon")
        {
            return SemanticKind.Longitude;
        }

        if (joined is "job_title" or "jobtitle" or "job" or "occupation" or "profession" or "designation" or "position" or "job_position"
            or "job_name" or "beruf" || (last == "title" && PersonTables.Contains(c.TableNoun)))
        {
            return SemanticKind.JobTitle;
        }

        if (c.HasAny(CompanyWords) && (last == "name" || c.Tokens.Length == 1 || CompanyWords.Contains(last)))
        {
            return SemanticKind.Company;
        }

        if (c.Has("color") || c.Has("colour") || c.Has("farbe"))
        {
            return SemanticKind.Color;
        }

        if (last is "name" or "label" or "bezeichnung" || joined == "display_name")
        {
            return FromThingName(c);
        }

        if (joined is "tracking_number" or "tracking_no" or "tracking_code" or "order_number" or "invoice_number" or "serial_number")
        {
            return SemanticKind.Code;
        }

        if (StatusNouns.Contains(last))
        {
            return SemanticKind.Status;
        }

        if (TitleNouns.Contains(last))
        {
            return SemanticKind.Title;
        }

        if (DescriptionNouns.Contains(last))
        {
            return SemanticKind.Description;
        }

        if (WordNouns.Contains(last))
        {
            return SemanticKind.Word;
        }

        if (CodeNouns.Contains(last))
        {
            return SemanticKind.Code;
        }

        if (c.Has("category") || c.Has("department") || c.Has("genre"))
        {
            return SemanticKind.CategoryName;
        }

        return SemanticKind.None;
    }

    /// <summary>"name" and "*_name": whose name it is, from the words before it or from the table.</summary>
    private static SemanticKind FromThingName(Context c)
    {
        var owner = c.Tokens.Length >= 2 ? NameTokens.Singular(c.BeforeLast) : c.TableNoun;
        if (owner is "display" or "short" or "long" or "official" or "legal")
        {
            owner = c.TableNoun;
        }

        return Owner(owner);

        static SemanticKind Owner(string owner)
        {
            if (PersonTables.Contains(owner))
            {
                return SemanticKind.FullName;
            }

            if (CompanyWords.Contains(owner))
            {
                return SemanticKind.Company;
            }

            if (ProductWords.Contains(owner))
            {
                return SemanticKind.ProductName;
            }

            if (CategoryWords.Contains(owner))
            {
                return SemanticKind.CategoryName;
            }

            if (owner is "country" or "nation")
            {
                return SemanticKind.Country;
            }

            if (CityWords.Contains(owner))
            {
                return SemanticKind.City;
            }

            if (owner is "street")
            {
                return SemanticKind.StreetAddress;
            }

            return SemanticKind.Name;
        }
    }

    private static SemanticKind FromNumberName(Context c)
    {
        var last = c.Last;
        if (SortOrderNames.Contains(c.Joined) && c.IsNumber)
        {
            return SemanticKind.SortOrder;
        }

        // The last word is the noun: discount_amount is money, total_count a quantity.
        if (NumberNouns.TryGetValue(last, out var kind) && (c.IsNumber || kind != SemanticKind.Age))
        {
            return kind == SemanticKind.Longitude && last == "long" && !c.IsNumber ? SemanticKind.None : kind;
        }

        if (c.IsNumber && (c.First is "num" or "number" or "count" or "total" || c.Joined.StartsWith("number_of", StringComparison.Ordinal)))
        {
            return c.First == "total" && c.Tokens.Length == 1 ? SemanticKind.MoneyAmount : SemanticKind.Quantity;
        }

        foreach (var token in c.Tokens)
        {
            if (NumberNouns.TryGetValue(token, out var inner) && inner is not SemanticKind.Longitude and not SemanticKind.Age and not SemanticKind.Year)
            {
                return inner;
            }
        }

        if (c.IsNumber && StatusNouns.Contains(last))
        {
            return SemanticKind.Status;
        }

        return SemanticKind.None;
    }

    private static bool InAddressContext(Context c)
    {
        foreach (var token in NameTokens.Split(c.Table.Name))
        {
            if (AddressContextWords.Contains(NameTokens.Singular(token)))
            {
                return true;
            }
        }

        foreach (var column in c.Table.Columns)
        {
            foreach (var token in NameTokens.Split(column.Name))
            {
                if (CityWords.Contains(token) || PostalWords.Contains(token) || token is "street" or "address")
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The comment, when the name says nothing: its words are looked up like a name's, the clearest first.</summary>
    private static SemanticKind FromComment(Context c, string comment)
    {
        var text = comment.ToLowerInvariant()
            .Replace("e-mail", "email", StringComparison.Ordinal)
            .Replace("zip code", "zip", StringComparison.Ordinal)
            .Replace("postal code", "postal", StringComparison.Ordinal);
        var words = NameTokens.Split(text);
        var phrase = " " + string.Join(' ', words) + " ";

        if (c.IsText)
        {
            (string Phrase, SemanticKind Kind)[] textPhrases =
            [
                (" email ", SemanticKind.Email), (" first name ", SemanticKind.FirstName), (" given name ", SemanticKind.FirstName),
                (" last name ", SemanticKind.LastName), (" family name ", SemanticKind.LastName), (" surname ", SemanticKind.LastName),
                (" full name ", SemanticKind.FullName), (" phone ", SemanticKind.Phone), (" telephone ", SemanticKind.Phone),
                (" mobile ", SemanticKind.Phone), (" ip address ", SemanticKind.IpAddress), (" url ", SemanticKind.Url),
                (" website ", SemanticKind.Url), (" web site ", SemanticKind.Url), (" link ", SemanticKind.Url),
                (" iban ", SemanticKind.Iban), (" currency ", SemanticKind.CurrencyCode), (" slug ", SemanticKind.Slug),
                (" url safe ", SemanticKind.Slug), (" sku ", SemanticKind.Sku), (" stock keeping unit ", SemanticKind.Sku),
                (" street ", SemanticKind.StreetAddress), (" postal ", SemanticKind.PostalCode), (" zip ", SemanticKind.PostalCode),
                (" city ", SemanticKind.City), (" town ", SemanticKind.City), (" country code ", SemanticKind.CountryCode),
                (" iso 3166 ", SemanticKind.CountryCode), (" country ", c.Type.MaxLength is <= 3 ? SemanticKind.CountryCode : SemanticKind.Country),
                (" company ", SemanticKind.Company), (" job title ", SemanticKind.JobTitle), (" user name ", SemanticKind.Username),
                (" username ", SemanticKind.Username), (" login ", SemanticKind.Username), (" password ", SemanticKind.PasswordHash),
                (" status ", SemanticKind.Status), (" headline ", SemanticKind.Title), (" title ", SemanticKind.Title),
                (" description ", SemanticKind.Description), (" free text ", SemanticKind.Description), (" notes ", SemanticKind.Description),
                (" comment ", SemanticKind.Description), (" text ", SemanticKind.Description), (" colour ", SemanticKind.Color),
                (" color ", SemanticKind.Color), (" code ", SemanticKind.Code),
            ];
            foreach (var (needle, kind) in textPhrases)
            {
                if (phrase.Contains(needle, StringComparison.Ordinal))
                {
                    return kind;
                }
            }
        }

        if (c.IsNumber)
        {
            (string Phrase, SemanticKind Kind)[] numberPhrases =
            [
                (" price ", SemanticKind.Price), (" cost ", SemanticKind.Price), (" amount ", SemanticKind.MoneyAmount),
                (" total ", SemanticKind.MoneyAmount), (" balance ", SemanticKind.MoneyAmount), (" quantity ", SemanticKind.Quantity),
                (" units ", SemanticKind.Quantity), (" number of ", SemanticKind.Quantity), (" percent ", SemanticKind.Percentage),
                (" percentage ", SemanticKind.Percentage), (" fraction ", SemanticKind.Percentage), (" rating ", SemanticKind.Rating),
                (" stars ", SemanticKind.Rating), (" latitude ", SemanticKind.Latitude), (" longitude ", SemanticKind.Longitude),
                (" age ", SemanticKind.Age), (" year ", SemanticKind.Year), (" position ", SemanticKind.SortOrder),
                (" sort order ", SemanticKind.SortOrder),
            ];
            foreach (var (needle, kind) in numberPhrases)
            {
                if (phrase.Contains(needle, StringComparison.Ordinal))
                {
                    return kind;
                }
            }
        }

        if (c.CanHoldInstant && (phrase.Contains(" date of birth ", StringComparison.Ordinal) || phrase.Contains(" birthday ", StringComparison.Ordinal)))
        {
            return SemanticKind.BirthDate;
        }

        return SemanticKind.None;
    }
}

/// <summary>Splits identifiers into lower-case words: "unitPrice", "UnitPrice", "unit_price", "Unit Price" → unit, price.</summary>
internal static class NameTokens
{
    public static string[] Split(string name)
    {
        var tokens = new List<string>(4);
        var current = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }

            if (current.Length > 0)
            {
                var previous = name[i - 1];
                var lowerToUpper = char.IsUpper(c) && (char.IsLower(previous) || char.IsDigit(previous));
                // "IPAddress": the last capital of a run starts the next word.
                var acronymEnd = char.IsUpper(c) && char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                var letterDigit = char.IsDigit(c) != char.IsDigit(previous);
                if (lowerToUpper || acronymEnd || letterDigit)
                {
                    Flush();
                }
            }

            current.Append(char.ToLowerInvariant(c));
        }

        Flush();

        // "e_mail" and "e mail" are one word.
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i] == "e" && tokens[i + 1] == "mail")
            {
                tokens[i] = "email";
                tokens.RemoveAt(i + 1);
            }
        }

        return [.. tokens];

        void Flush()
        {
            if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }
    }

    /// <summary>customers.customer_email → email; leaves the name alone when nothing would be left.</summary>
    public static string[] WithoutTablePrefix(string[] column, string[] table)
    {
        if (table.Length == 0 || column.Length < 2)
        {
            return column;
        }

        // Whole table name (order_line_quantity in order_lines), then its last word (line_quantity).
        var whole = table.Length;
        if (column.Length > whole && Matches(column, table, whole))
        {
            return column[whole..];
        }

        var noun = Singular(table[^1]);
        if (column.Length > 1 && (column[0] == noun || column[0] == table[^1]) && table.Length == 1)
        {
            return column[1..];
        }

        return column;

        static bool Matches(string[] column, string[] table, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var isLast = i == count - 1;
                if (column[i] != table[i] && !(isLast && column[i] == Singular(table[i])))
                {
                    return false;
                }
            }

            return true;
        }
    }

    public static string Singular(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        if (word.Length > 4 && (word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal)
            || word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal)))
        {
            return word[..^2];
        }

        if (word == "people")
        {
            return "person";
        }

        return word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1] : word;
    }
}
