using Appliance.Core.Connections;
using Appliance.Core.MockData.Values;
using Appliance.Core.Schema;
using Appliance.Core.Tests.Sql;

namespace Appliance.Core.Tests.MockData.Values;

public sealed class MockTypesTests
{
    private static readonly DatabaseSchema MySqlSchema = new() { Engine = DatabaseEngine.MySql };
    private static readonly DatabaseSchema SqlServerSchema = new() { Engine = DatabaseEngine.SqlServer };
    private static readonly DatabaseSchema SqliteSchema = new() { Engine = DatabaseEngine.Sqlite };

    private static MockType Resolve(DatabaseSchema schema, string dataType, string? baseType = null, int? maxLength = null,
        int? precision = null, int? scale = null, string? collation = null) =>
        MockTypes.Resolve(new Column
        {
            Name = "c",
            DataType = dataType,
            BaseType = baseType,
            MaxLength = maxLength,
            Precision = precision,
            Scale = scale,
            Collation = collation,
        }, schema);

    [Fact]
    public void Every_demo_column_resolves_by_sqlite_affinity()
    {
        var schema = TestSchemas.Demo;
        var checkedColumns = 0;
        foreach (var table in schema.Tables)
        {
            foreach (var column in table.Columns)
            {
                var type = MockTypes.Resolve(column, schema);
                switch (column.DataType)
                {
                    case "INTEGER":
                        Assert.Equal(MockValueKind.Integer, type.Kind);
                        Assert.Equal((long.MinValue, long.MaxValue), (type.MinInteger, type.MaxInteger));
                        break;
                    case "TEXT":
                        Assert.Equal(MockValueKind.Text, type.Kind);
                        Assert.Null(type.MaxLength);
                        Assert.Equal(TextLengthUnit.CodePoints, type.LengthUnit);
                        break;
                    case "NUMERIC(10, 2)" or "NUMERIC(12, 2)" or "NUMERIC(4, 3)":
                        Assert.Equal(MockValueKind.Decimal, type.Kind);
                        Assert.Equal(column.Precision, type.Precision);
                        Assert.Equal(column.Scale, type.Scale);
                        break;
                    default:
                        Assert.Fail($"{table.Name}.{column.Name} has a type this test does not expect: {column.DataType}");
                        break;
                }

                Assert.Equal(column.BaseType, type.DatabaseTypeName);
                checkedColumns++;
            }
        }

        Assert.Equal(schema.Tables.Sum(t => t.Columns.Count), checkedColumns);
        var discount = MockTypes.Resolve(schema.FindTable("main", "order_lines")!.FindColumn("discount")!, schema);
        Assert.Equal((4, 3), (discount.Precision, discount.Scale));
    }

    [Fact]
    public void Every_postgres_fixture_column_resolves()
    {
        var schema = TestSchemas.PostgresFixture;
        var expected = new Dictionary<string, Action<MockType>>
        {
            ["Kundë 客户.Kundë ID"] = t => AssertInteger(t, int.MinValue, int.MaxValue, "int4"),
            ["Kundë 客户.say \"hi\""] = t => AssertText(t, null, "text"),
            ["Kundë 客户.order id"] = t => AssertInteger(t, long.MinValue, long.MaxValue, "int8"),
            ["customer.id"] = t => AssertInteger(t, int.MinValue, int.MaxValue, "int4"),
            ["customer.email"] = t =>
            {
                AssertText(t, null, "citext");
                Assert.Equal("email_address", t.Domain?.Name);
                Assert.Single(t.Domain!.CheckConstraints);
            },
            ["customer.name"] = t => AssertText(t, 100, "varchar"),
            ["customer.country"] = t =>
            {
                AssertText(t, 2, "bpchar");
                Assert.True(t.FixedLength);
            },
            ["customer.created_at"] = t =>
            {
                Assert.Equal(MockValueKind.TimestampTz, t.Kind);
                Assert.Equal(3, t.Precision);
                Assert.Equal("timestamptz", t.DatabaseTypeName);
            },
            ["customer.referred_by"] = t => AssertInteger(t, int.MinValue, int.MaxValue, "int4"),
            ["customer.name_upper"] = t => AssertText(t, null, "text"),
            ["order.id"] = t => AssertInteger(t, long.MinValue, long.MaxValue, "int8"),
            ["order.customer_id"] = t => AssertInteger(t, int.MinValue, int.MaxValue, "int4"),
            ["order.status"] = t =>
            {
                Assert.Equal(MockValueKind.Enum, t.Kind);
                Assert.Equal(["new", "on hold", "paid", "shipped", "cancelled"], t.EnumValues);
                Assert.Equal("sales.order_status", t.DatabaseTypeName);
            },
            ["order.total"] = t =>
            {
                Assert.Equal(MockValueKind.Decimal, t.Kind);
                Assert.Equal((12, 2), (t.Precision, t.Scale));
                Assert.Equal("positive_amount", t.Domain?.Name);
                Assert.Equal("numeric", t.DatabaseTypeName);
            },
            ["order.select"] = t => AssertText(t, null, "text"),
            ["order.tags"] = t =>
            {
                Assert.Equal(MockValueKind.TextArray, t.Kind);
                Assert.Equal("text[]", t.DatabaseTypeName);
            },
            ["order.placed_on"] = t =>
            {
                Assert.Equal(MockValueKind.Date, t.Kind);
                Assert.Equal(DateTime.MinValue, t.MinDateTime);
            },
            ["order.invoice_no"] = t => AssertInteger(t, int.MinValue, int.MaxValue, "int4"),
            ["order_line.order_id"] = t => AssertInteger(t, long.MinValue, long.MaxValue, "int8"),
            ["order_line.line_no"] = t => AssertInteger(t, short.MinValue, short.MaxValue, "int2"),
            ["order_line.product_code"] = t => AssertText(t, 20, "varchar"),
            ["order_line.quantity"] = t => AssertInteger(t, int.MinValue, int.MaxValue, "int4"),
            ["order_line.unit_price"] = t =>
            {
                Assert.Equal(MockValueKind.Decimal, t.Kind);
                Assert.Equal((10, 2), (t.Precision, t.Scale));
                Assert.Null(t.Domain);
            },
            ["shipment.id"] = t => AssertInteger(t, int.MinValue, int.MaxValue, "int4"),
            ["shipment.line_no"] = t => AssertInteger(t, short.MinValue, short.MaxValue, "int2"),
            ["shipment.order_id"] = t => AssertInteger(t, long.MinValue, long.MaxValue, "int8"),
            ["shipment.shipped_at"] = t =>
            {
                Assert.Equal(MockValueKind.Timestamp, t.Kind);
                Assert.Equal("timestamp", t.DatabaseTypeName);
            },
        };

        var seen = new HashSet<string>();
        foreach (var table in schema.Tables)
        {
            foreach (var column in table.Columns)
            {
                var key = $"{table.Name}.{column.Name}";
                Assert.True(expected.TryGetValue(key, out var check), $"no expectation for {key}");
                check(MockTypes.Resolve(column, schema));
                seen.Add(key);
            }
        }

        Assert.Equal(expected.Keys.Order(), seen.Order());
    }

    [Fact]
    public void View_columns_of_both_schemas_resolve_to_something_generatable()
    {
        foreach (var schema in new[] { TestSchemas.Demo, TestSchemas.PostgresFixture })
        {
            foreach (var column in schema.Views.SelectMany(v => v.Columns))
            {
                Assert.NotEqual(MockValueKind.Unsupported, MockTypes.Resolve(column, schema).Kind);
            }
        }

        var total = TestSchemas.PostgresFixture.Views.SelectMany(v => v.Columns).Single(c => c.Name == "total" && c.DataType == "numeric");
        var unbounded = MockTypes.Resolve(total, TestSchemas.PostgresFixture);
        Assert.Equal((MockValueKind.Decimal, (int?)null, (int?)null), (unbounded.Kind, unbounded.Precision, unbounded.Scale));
    }

    private static void AssertInteger(MockType type, long min, long max, string name)
    {
        Assert.Equal(MockValueKind.Integer, type.Kind);
        Assert.Equal((min, max), (type.MinInteger, type.MaxInteger));
        Assert.Equal(name, type.DatabaseTypeName);
    }

    private static void AssertText(MockType type, int? maxLength, string name)
    {
        Assert.Equal(MockValueKind.Text, type.Kind);
        Assert.Equal(maxLength, type.MaxLength);
        Assert.Equal(name, type.DatabaseTypeName);
    }

    public static TheoryData<string, string?, MockValueKind, long, long> PostgresIntegers() => new()
    {
        { "smallint", "int2", MockValueKind.Integer, short.MinValue, short.MaxValue },
        { "integer", "int4", MockValueKind.Integer, int.MinValue, int.MaxValue },
        { "bigint", "int8", MockValueKind.Integer, long.MinValue, long.MaxValue },
        { "serial", null, MockValueKind.Integer, int.MinValue, int.MaxValue },
        { "bigserial", null, MockValueKind.Integer, long.MinValue, long.MaxValue },
        { "integer[]", "_int4", MockValueKind.IntegerArray, int.MinValue, int.MaxValue },
        { "smallint[]", "int2[]", MockValueKind.IntegerArray, short.MinValue, short.MaxValue },
    };

    [Theory]
    [MemberData(nameof(PostgresIntegers))]
    public void Postgres_integer_types_have_their_ranges(string dataType, string? baseType, MockValueKind kind, long min, long max)
    {
        var type = Resolve(new DatabaseSchema { Engine = DatabaseEngine.Postgres }, dataType, baseType);
        Assert.Equal(kind, type.Kind);
        Assert.Equal((min, max), (type.MinInteger, type.MaxInteger));
    }

    [Theory]
    [InlineData("numeric(10,2)", "numeric", MockValueKind.Decimal)]
    [InlineData("real", "float4", MockValueKind.Float)]
    [InlineData("double precision", "float8", MockValueKind.Float)]
    [InlineData("boolean", "bool", MockValueKind.Boolean)]
    [InlineData("text", "text", MockValueKind.Text)]
    [InlineData("citext", "citext", MockValueKind.Text)]
    [InlineData("name", "name", MockValueKind.Text)]
    [InlineData("date", "date", MockValueKind.Date)]
    [InlineData("timestamp without time zone", "timestamp", MockValueKind.Timestamp)]
    [InlineData("timestamp(6) with time zone", "timestamptz", MockValueKind.TimestampTz)]
    [InlineData("time without time zone", "time", MockValueKind.Time)]
    [InlineData("interval", "interval", MockValueKind.Interval)]
    [InlineData("uuid", "uuid", MockValueKind.Uuid)]
    [InlineData("bytea", "bytea", MockValueKind.Binary)]
    [InlineData("json", "json", MockValueKind.Json)]
    [InlineData("jsonb", "jsonb", MockValueKind.Json)]
    [InlineData("money", "money", MockValueKind.Decimal)]
    [InlineData("xml", "xml", MockValueKind.Unsupported)]
    [InlineData("point", "point", MockValueKind.Unsupported)]
    [InlineData("int4range", "int4range", MockValueKind.Unsupported)]
    [InlineData("numeric[]", "numeric[]", MockValueKind.Unsupported)]
    [InlineData("tsvector", "tsvector", MockValueKind.Unsupported)]
    public void Postgres_types_resolve_to_their_kind(string dataType, string baseType, MockValueKind kind)
    {
        var type = Resolve(new DatabaseSchema { Engine = DatabaseEngine.Postgres }, dataType, baseType);
        Assert.Equal(kind, type.Kind);
        Assert.Equal(baseType, type.DatabaseTypeName);
    }

    [Fact]
    public void Postgres_text_details_are_kept()
    {
        var postgres = new DatabaseSchema { Engine = DatabaseEngine.Postgres };
        var varcharArray = Resolve(postgres, "character varying(20)[]", "varchar[]", maxLength: 20);
        Assert.Equal((MockValueKind.TextArray, (int?)20, "varchar[]"), (varcharArray.Kind, varcharArray.MaxLength, varcharArray.DatabaseTypeName));

        // Spelled only, as hand-made columns are: the modifiers come from DataType.
        var spelled = Resolve(postgres, "character varying(40)");
        Assert.Equal((MockValueKind.Text, (int?)40, "varchar"), (spelled.Kind, spelled.MaxLength, spelled.DatabaseTypeName));
        var spelledNumeric = Resolve(postgres, "numeric(8,3)");
        Assert.Equal(((int?)8, (int?)3), (spelledNumeric.Precision, spelledNumeric.Scale));

        var name = Resolve(postgres, "name", "name");
        Assert.Equal((63, TextLengthUnit.Utf8Bytes), (name.MaxLength, name.LengthUnit));

        foreach (var (dataType, baseType, semantic) in new[] { ("inet", "inet", SemanticKind.IpAddress), ("cidr", "cidr", SemanticKind.IpAddress), ("macaddr", "macaddr", SemanticKind.MacAddress) })
        {
            var network = Resolve(postgres, dataType, baseType);
            Assert.Equal((MockValueKind.Text, semantic), (network.Kind, network.Semantic));
        }

        var real = Resolve(postgres, "real", "float4");
        Assert.Equal(24, real.Precision);
    }

    [Fact]
    public void Postgres_enums_and_domains_are_found_by_plain_or_qualified_name()
    {
        var schema = new DatabaseSchema
        {
            Engine = DatabaseEngine.Postgres,
            Enums = [new EnumType { Schema = "public", Name = "mood", Values = ["sad", "ok", "happy"] }, new EnumType { Schema = "app", Name = "My Mood", Values = ["x"] }],
            Domains = [new DomainType { Schema = "public", Name = "short_code", BaseType = "character varying(8)" }],
        };

        var plain = Resolve(schema, "mood", "mood");
        Assert.Equal((MockValueKind.Enum, "public.mood"), (plain.Kind, plain.DatabaseTypeName));
        Assert.Equal(["sad", "ok", "happy"], plain.EnumValues);

        var quoted = Resolve(schema, "app.\"My Mood\"", "My Mood");
        Assert.Equal(["x"], quoted.EnumValues);

        // A hand-made column that only names the domain gets the domain's base type and length.
        var domain = Resolve(schema, "short_code");
        Assert.Equal((MockValueKind.Text, (int?)8, "varchar"), (domain.Kind, domain.MaxLength, domain.DatabaseTypeName));
        Assert.Equal("short_code", domain.Domain?.Name);

        Assert.Equal(MockValueKind.Unsupported, Resolve(schema, "unknown_type", "unknown_type").Kind);
    }

    public static TheoryData<string, string, MockValueKind, long, long> MySqlIntegers() => new()
    {
        { "int", "int", MockValueKind.Integer, int.MinValue, int.MaxValue },
        { "int unsigned", "int", MockValueKind.Integer, 0, uint.MaxValue },
        { "int(10) unsigned", "int", MockValueKind.Integer, 0, uint.MaxValue },
        { "bigint unsigned", "bigint", MockValueKind.Integer, 0, long.MaxValue },
        { "bigint(20)", "bigint", MockValueKind.Integer, long.MinValue, long.MaxValue },
        { "tinyint", "tinyint", MockValueKind.Integer, sbyte.MinValue, sbyte.MaxValue },
        { "tinyint(3) unsigned", "tinyint", MockValueKind.Integer, 0, byte.MaxValue },
        { "smallint", "smallint", MockValueKind.Integer, short.MinValue, short.MaxValue },
        { "smallint unsigned", "smallint", MockValueKind.Integer, 0, ushort.MaxValue },
        { "mediumint", "mediumint", MockValueKind.Integer, -8_388_608, 8_388_607 },
        { "mediumint unsigned", "mediumint", MockValueKind.Integer, 0, 16_777_215 },
        { "year", "year", MockValueKind.Integer, 1901, 2155 },
        { "bit(8)", "bit", MockValueKind.Integer, 0, 255 },
    };

    [Theory]
    [MemberData(nameof(MySqlIntegers))]
    public void MySql_integer_types_have_their_ranges(string columnType, string dataType, MockValueKind kind, long min, long max)
    {
        var type = Resolve(MySqlSchema, columnType, dataType);
        Assert.Equal(kind, type.Kind);
        Assert.Equal((min, max), (type.MinInteger, type.MaxInteger));
    }

    [Fact]
    public void MySql_types_resolve()
    {
        Assert.Equal(MockValueKind.Boolean, Resolve(MySqlSchema, "tinyint(1)", "tinyint").Kind);
        Assert.Equal(MockValueKind.Boolean, Resolve(MySqlSchema, "bit(1)", "bit").Kind);

        var money = Resolve(MySqlSchema, "decimal(12,2)", "decimal", precision: 12, scale: 2);
        Assert.Equal((MockValueKind.Decimal, (int?)12, (int?)2, false), (money.Kind, money.Precision, money.Scale, money.Unsigned));
        var unsignedDecimal = Resolve(MySqlSchema, "decimal(10,2) unsigned", "decimal");
        Assert.Equal(((int?)10, (int?)2, true), (unsignedDecimal.Precision, unsignedDecimal.Scale, unsignedDecimal.Unsigned));

        Assert.Equal((MockValueKind.Float, (int?)24), Pair(Resolve(MySqlSchema, "float", "float")));
        Assert.Equal((MockValueKind.Float, (int?)53), Pair(Resolve(MySqlSchema, "double", "double")));

        var country = Resolve(MySqlSchema, "char(2)", "char", maxLength: 2);
        Assert.Equal((MockValueKind.Text, (int?)2, true, TextLengthUnit.CodePoints), (country.Kind, country.MaxLength, country.FixedLength, country.LengthUnit));
        var email = Resolve(MySqlSchema, "varchar(255)", "varchar", maxLength: 255);
        Assert.Equal(((int?)255, false, TextRepertoire.Unicode), (email.MaxLength, email.FixedLength, email.Repertoire));
        Assert.Equal(TextRepertoire.BasicMultilingualPlane, Resolve(MySqlSchema, "varchar(10)", "varchar", 10, collation: "utf8mb3_general_ci").Repertoire);
        Assert.Equal(TextRepertoire.Ascii, Resolve(MySqlSchema, "varchar(10)", "varchar", 10, collation: "latin1_swedish_ci").Repertoire);
        Assert.Equal(TextRepertoire.Unicode, Resolve(MySqlSchema, "varchar(10)", "varchar", 10, collation: "utf8mb4_bin").Repertoire);

        foreach (var (name, bytes) in new (string, int?)[] { ("tinytext", 255), ("text", 65_535), ("mediumtext", 16_777_215), ("longtext", null) })
        {
            var text = Resolve(MySqlSchema, name, name);
            Assert.Equal((MockValueKind.Text, bytes, TextLengthUnit.Utf8Bytes), (text.Kind, text.MaxLength, text.LengthUnit));
        }

        var status = Resolve(MySqlSchema, "enum('new','active','gone')", "enum");
        Assert.Equal(MockValueKind.Enum, status.Kind);
        Assert.Equal(["new", "active", "gone"], status.EnumValues);
        Assert.Equal(["it's", "a,b", "back\\"], Resolve(MySqlSchema, "enum('it''s','a,b','back\\\\')", "enum").EnumValues);

        var set = Resolve(MySqlSchema, "set('red','green','blue')", "set");
        Assert.Equal((MockValueKind.Text, (int?)14), (set.Kind, set.MaxLength));
        Assert.Equal(["red", "green", "blue"], set.EnumValues);

        var date = Resolve(MySqlSchema, "date", "date");
        Assert.Equal((MockValueKind.Date, (DateTime?)new DateTime(1000, 1, 1)), (date.Kind, date.MinDateTime));
        var datetime = Resolve(MySqlSchema, "datetime(3)", "datetime", precision: 3);
        Assert.Equal((MockValueKind.Timestamp, (int?)3), (datetime.Kind, datetime.Precision));
        var timestamp = Resolve(MySqlSchema, "timestamp", "timestamp");
        Assert.Equal(MockValueKind.Timestamp, timestamp.Kind);
        Assert.True(timestamp.MinDateTime >= new DateTime(1970, 1, 1) && timestamp.MaxDateTime <= new DateTime(2038, 1, 19, 3, 14, 7));
        Assert.Equal(MockValueKind.Time, Resolve(MySqlSchema, "time", "time").Kind);
        Assert.Equal(MockValueKind.Json, Resolve(MySqlSchema, "json", "json").Kind);

        var binary = Resolve(MySqlSchema, "binary(16)", "binary", maxLength: 16);
        Assert.Equal((MockValueKind.Binary, (int?)16, true), (binary.Kind, binary.MaxLength, binary.FixedLength));
        Assert.Equal((MockValueKind.Binary, (int?)65_535), (Resolve(MySqlSchema, "blob", "blob").Kind, Resolve(MySqlSchema, "blob", "blob").MaxLength));
        Assert.Equal(MockValueKind.Binary, Resolve(MySqlSchema, "varbinary(255)", "varbinary", maxLength: 255).Kind);
        Assert.Equal(MockValueKind.Uuid, Resolve(MySqlSchema, "uuid", "uuid").Kind);
        Assert.Equal(MockValueKind.Unsupported, Resolve(MySqlSchema, "geometry", "geometry").Kind);

        static (MockValueKind, int?) Pair(MockType type) => (type.Kind, type.Precision);
    }

    [Fact]
    public void MySql_fixture_spellings_resolve()
    {
        // As information_schema reports the columns of tests/Appliance.Infrastructure.Tests/Engines/Fixtures/mysql.sql.
        Assert.Equal(MockValueKind.Integer, Resolve(MySqlSchema, "int", "int").Kind);
        Assert.Equal(0, Resolve(MySqlSchema, "bigint unsigned", "bigint").MinInteger);
        Assert.Equal(255, Resolve(MySqlSchema, "varchar(255)", "varchar", maxLength: 255).MaxLength);
        Assert.Equal(MockValueKind.Timestamp, Resolve(MySqlSchema, "timestamp(3)", "timestamp", precision: 3).Kind);
        Assert.Equal(MockValueKind.Enum, Resolve(MySqlSchema, "enum('new','active','gone')", "enum").Kind);
        var balance = Resolve(MySqlSchema, "decimal(12,2)", "decimal", precision: 12, scale: 2);
        Assert.Equal((MockValueKind.Decimal, (int?)12, (int?)2), (balance.Kind, balance.Precision, balance.Scale));
        Assert.Equal(MockValueKind.Text, Resolve(MySqlSchema, "text", "text").Kind);
        Assert.Equal(MockValueKind.Date, Resolve(MySqlSchema, "date", "date").Kind);
    }

    public static TheoryData<string, string, MockValueKind, long, long> SqlServerIntegers() => new()
    {
        { "tinyint", "tinyint", MockValueKind.Integer, 0, 255 },
        { "smallint", "smallint", MockValueKind.Integer, short.MinValue, short.MaxValue },
        { "int", "int", MockValueKind.Integer, int.MinValue, int.MaxValue },
        { "bigint", "bigint", MockValueKind.Integer, long.MinValue, long.MaxValue },
    };

    [Theory]
    [MemberData(nameof(SqlServerIntegers))]
    public void SqlServer_integer_types_have_their_ranges(string dataType, string baseType, MockValueKind kind, long min, long max)
    {
        var type = Resolve(SqlServerSchema, dataType, baseType);
        Assert.Equal(kind, type.Kind);
        Assert.Equal((min, max), (type.MinInteger, type.MaxInteger));
    }

    [Fact]
    public void SqlServer_types_resolve()
    {
        Assert.Equal(MockValueKind.Boolean, Resolve(SqlServerSchema, "bit", "bit").Kind);
        var amount = Resolve(SqlServerSchema, "decimal(10,2)", "decimal", precision: 10, scale: 2);
        Assert.Equal((MockValueKind.Decimal, (int?)10, (int?)2), (amount.Kind, amount.Precision, amount.Scale));
        var money = Resolve(SqlServerSchema, "money", "money");
        Assert.Equal((MockValueKind.Decimal, (int?)4), (money.Kind, money.Scale));
        Assert.True(money.Precision - money.Scale <= 15, "money holds at most 922,337,203,685,477");
        var smallMoney = Resolve(SqlServerSchema, "smallmoney", "smallmoney");
        Assert.True(smallMoney.Precision - smallMoney.Scale <= 5, "smallmoney holds at most 214,748");

        Assert.Equal(53, Resolve(SqlServerSchema, "float", "float").Precision);
        Assert.Equal(24, Resolve(SqlServerSchema, "float(24)", "float").Precision);
        Assert.Equal(24, Resolve(SqlServerSchema, "real", "real").Precision);

        var varchar = Resolve(SqlServerSchema, "varchar(50)", "varchar", maxLength: 50);
        Assert.Equal(((int?)50, TextLengthUnit.Utf8Bytes, TextRepertoire.Ascii), (varchar.MaxLength, varchar.LengthUnit, varchar.Repertoire));
        Assert.Equal(TextRepertoire.Unicode, Resolve(SqlServerSchema, "varchar(50)", "varchar", 50, collation: "Latin1_General_100_CI_AS_SC_UTF8").Repertoire);
        Assert.Null(Resolve(SqlServerSchema, "varchar(max)", "varchar").MaxLength);
        var nvarchar = Resolve(SqlServerSchema, "nvarchar(40)", "nvarchar", maxLength: 40);
        Assert.Equal(((int?)40, TextLengthUnit.Utf16CodeUnits, TextRepertoire.Unicode), (nvarchar.MaxLength, nvarchar.LengthUnit, nvarchar.Repertoire));
        Assert.Null(Resolve(SqlServerSchema, "nvarchar(max)", "nvarchar").MaxLength);
        var nchar = Resolve(SqlServerSchema, "nchar(5)", "nchar", maxLength: 5);
        Assert.Equal(((int?)5, true), (nchar.MaxLength, nchar.FixedLength));
        Assert.Equal((int?)128, Resolve(SqlServerSchema, "sysname", "sysname").MaxLength);
        Assert.Equal(TextLengthUnit.Utf16CodeUnits, Resolve(SqlServerSchema, "ntext", "ntext").LengthUnit);
        Assert.Equal(MockValueKind.Text, Resolve(SqlServerSchema, "text", "text").Kind);

        Assert.Equal((MockValueKind.Date, (DateTime?)DateTime.MinValue), Instant(Resolve(SqlServerSchema, "date", "date")));
        Assert.Equal((MockValueKind.Timestamp, (DateTime?)new DateTime(1753, 1, 1)), Instant(Resolve(SqlServerSchema, "datetime", "datetime")));
        Assert.Equal((MockValueKind.Timestamp, (DateTime?)DateTime.MinValue), Instant(Resolve(SqlServerSchema, "datetime2(3)", "datetime2")));
        var small = Resolve(SqlServerSchema, "smalldatetime", "smalldatetime");
        Assert.Equal((MockValueKind.Timestamp, (DateTime?)new DateTime(1900, 1, 1)), Instant(small));
        Assert.Equal(new DateTime(2079, 6, 6, 23, 59, 0), small.MaxDateTime);
        Assert.Equal(TimeSpan.FromMinutes(1), small.TimeStep);
        Assert.Equal(MockValueKind.TimestampTz, Resolve(SqlServerSchema, "datetimeoffset(7)", "datetimeoffset").Kind);
        Assert.Equal(MockValueKind.Time, Resolve(SqlServerSchema, "time(7)", "time").Kind);
        Assert.Equal(MockValueKind.Uuid, Resolve(SqlServerSchema, "uniqueidentifier", "uniqueidentifier").Kind);
        var binary = Resolve(SqlServerSchema, "binary(16)", "binary", maxLength: 16);
        Assert.Equal((MockValueKind.Binary, (int?)16, true), (binary.Kind, binary.MaxLength, binary.FixedLength));
        Assert.Null(Resolve(SqlServerSchema, "varbinary(max)", "varbinary").MaxLength);
        Assert.Equal(MockValueKind.Unsupported, Resolve(SqlServerSchema, "xml", "xml").Kind);
        // SQL Server's timestamp is rowversion: the server writes it.
        Assert.Equal(MockValueKind.Unsupported, Resolve(SqlServerSchema, "timestamp", "timestamp").Kind);
        Assert.Equal(MockValueKind.Unsupported, Resolve(SqlServerSchema, "geography", "geography").Kind);

        static (MockValueKind, DateTime?) Instant(MockType type) => (type.Kind, type.MinDateTime);
    }

    [Theory]
    [InlineData("BOOLEAN", MockValueKind.Boolean, SemanticKind.None)]
    [InlineData("DATE", MockValueKind.Text, SemanticKind.Date)]
    [InlineData("DATETIME", MockValueKind.Text, SemanticKind.Timestamp)]
    [InlineData("TIMESTAMP", MockValueKind.Text, SemanticKind.Timestamp)]
    [InlineData("REAL", MockValueKind.Float, SemanticKind.None)]
    [InlineData("DOUBLE PRECISION", MockValueKind.Float, SemanticKind.None)]
    [InlineData("BLOB", MockValueKind.Binary, SemanticKind.None)]
    [InlineData("VARCHAR(40)", MockValueKind.Text, SemanticKind.None)]
    [InlineData("NVARCHAR(10)", MockValueKind.Text, SemanticKind.None)]
    [InlineData("CLOB", MockValueKind.Text, SemanticKind.None)]
    [InlineData("UNSIGNED BIG INT", MockValueKind.Integer, SemanticKind.None)]
    [InlineData("DECIMAL(8,3)", MockValueKind.Decimal, SemanticKind.None)]
    [InlineData("NUMERIC", MockValueKind.Decimal, SemanticKind.None)]
    [InlineData("JSON", MockValueKind.Json, SemanticKind.None)]
    [InlineData("", MockValueKind.Text, SemanticKind.None)]
    public void Sqlite_types_resolve_by_affinity(string declared, MockValueKind kind, SemanticKind semantic)
    {
        var open = declared.IndexOf('(', StringComparison.Ordinal);
        var baseType = declared.Length == 0 ? null : (open < 0 ? declared : declared[..open]).ToLowerInvariant();
        var type = Resolve(SqliteSchema, declared, baseType);
        Assert.Equal((kind, semantic), (type.Kind, type.Semantic));
        if (declared == "VARCHAR(40)")
        {
            Assert.Equal(40, type.MaxLength);
        }

        if (declared == "DECIMAL(8,3)")
        {
            Assert.Equal(((int?)8, (int?)3), (type.Precision, type.Scale));
        }
    }
}
