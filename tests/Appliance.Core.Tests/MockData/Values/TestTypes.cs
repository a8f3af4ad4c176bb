using Appliance.Core.Connections;
using Appliance.Core.MockData;
using Appliance.Core.MockData.Values;
using Appliance.Core.Schema;

namespace Appliance.Core.Tests.MockData.Values;

/// <summary>Types of every kind, resolved from hand-made columns of each engine, by a short name.</summary>
internal static class TestTypes
{
    public static readonly DateTime ReferenceTime = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly IReadOnlyDictionary<string, MockType> All = new Dictionary<string, MockType>
    {
        ["int4"] = Pg("integer", "int4"),
        ["int2"] = Pg("smallint", "int2"),
        ["tinyint unsigned"] = My("tinyint unsigned", "tinyint"),
        ["numeric(10,2)"] = Pg("numeric(10,2)", "numeric", precision: 10, scale: 2),
        ["numeric(4,3)"] = Pg("numeric(4,3)", "numeric", precision: 4, scale: 3),
        ["numeric"] = Pg("numeric", "numeric"),
        ["decimal(5,0) unsigned"] = My("decimal(5,0) unsigned", "decimal", precision: 5, scale: 0),
        ["real"] = Pg("real", "float4"),
        ["double"] = Pg("double precision", "float8"),
        ["bool"] = Pg("boolean", "bool"),
        ["text"] = Pg("text", "text"),
        ["varchar(12)"] = Pg("character varying(12)", "varchar", maxLength: 12),
        ["varchar(5)"] = Pg("character varying(5)", "varchar", maxLength: 5),
        ["varchar(3)"] = Pg("character varying(3)", "varchar", maxLength: 3),
        ["char(2)"] = Pg("character(2)", "bpchar", maxLength: 2),
        ["char(7)"] = Pg("character(7)", "bpchar", maxLength: 7),
        ["varchar(40)"] = Pg("character varying(40)", "varchar", maxLength: 40),
        ["varchar(100)"] = Pg("character varying(100)", "varchar", maxLength: 100),
        ["nvarchar(20)"] = Ss("nvarchar(20)", "nvarchar", maxLength: 20),
        ["mssql varchar(30)"] = Ss("varchar(30)", "varchar", maxLength: 30),
        ["tinytext"] = My("tinytext", "tinytext"),
        ["utf8mb3 varchar(10)"] = My("varchar(10)", "varchar", maxLength: 10, collation: "utf8mb3_general_ci"),
        ["mysql set"] = My("set('red','green','blue')", "set"),
        ["sqlite datetime"] = Lite("DATETIME", "datetime"),
        ["sqlite date"] = Lite("DATE", "date"),
        ["sqlite text"] = Lite("TEXT", "text"),
        ["inet"] = Pg("inet", "inet"),
        ["date"] = Pg("date", "date"),
        ["mysql date"] = My("date", "date"),
        ["timestamp"] = Pg("timestamp without time zone", "timestamp"),
        ["smalldatetime"] = Ss("smalldatetime", "smalldatetime"),
        ["datetime"] = Ss("datetime", "datetime"),
        ["mysql timestamp"] = My("timestamp", "timestamp"),
        ["timestamptz"] = Pg("timestamp with time zone", "timestamptz"),
        ["time"] = Pg("time without time zone", "time"),
        ["interval"] = Pg("interval", "interval"),
        ["uuid"] = Pg("uuid", "uuid"),
        ["bytea"] = Pg("bytea", "bytea"),
        ["binary(16)"] = Ss("binary(16)", "binary", maxLength: 16),
        ["varbinary(4)"] = Ss("varbinary(4)", "varbinary", maxLength: 4),
        ["jsonb"] = Pg("jsonb", "jsonb"),
        ["enum"] = My("enum('new','active','on hold','gone')", "enum"),
        ["text[]"] = Pg("text[]", "text[]"),
        ["varchar(5)[]"] = Pg("character varying(5)[]", "varchar[]", maxLength: 5),
        ["int2[]"] = Pg("smallint[]", "int2[]"),
    };

    public static MockType Get(string name) => All[name];

    public static MockValueFactory Factory(string locale = "en", ulong seed = 42) => new(locale, seed, ReferenceTime);

    /// <summary>Creates one value with the cell's own random stream, as the generator does.</summary>
    public static object? Make(this MockValueFactory factory, string generator, MockType type, long row, bool unique = false,
        ValueConstraints? constraints = null, ValueContext? context = null)
    {
        var random = MockRandom.For(factory.Seed, 3, row, 7);
        var ctx = context ?? new ValueContext(row, unique, null);
        return factory.Create(generator, type, constraints ?? ValueConstraints.None, ref random, ctx);
    }

    /// <summary>A value as comparable text: arrays and bytes spelled out.</summary>
    public static string Key(object? value) => value switch
    {
        null => "<null>",
        byte[] bytes => Convert.ToHexString(bytes),
        string[] items => string.Join('\u0001', items),
        long[] numbers => string.Join(',', numbers),
        DateTime dateTime => dateTime.ToString("O"),
        DateTimeOffset offset => offset.ToString("O"),
        DateOnly date => date.ToString("O"),
        TimeOnly time => time.ToString("O"),
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private static MockType Pg(string dataType, string baseType, int? maxLength = null, int? precision = null, int? scale = null) =>
        Resolve(DatabaseEngine.Postgres, dataType, baseType, maxLength, precision, scale, null);

    private static MockType My(string dataType, string baseType, int? maxLength = null, int? precision = null, int? scale = null, string? collation = null) =>
        Resolve(DatabaseEngine.MySql, dataType, baseType, maxLength, precision, scale, collation);

    private static MockType Ss(string dataType, string baseType, int? maxLength = null) =>
        Resolve(DatabaseEngine.SqlServer, dataType, baseType, maxLength, null, null, null);

    private static MockType Lite(string dataType, string baseType) =>
        Resolve(DatabaseEngine.Sqlite, dataType, baseType, null, null, null, null);

    private static MockType Resolve(DatabaseEngine engine, string dataType, string baseType, int? maxLength, int? precision, int? scale, string? collation) =>
        MockTypes.Resolve(
            new Column { Name = "c", DataType = dataType, BaseType = baseType, MaxLength = maxLength, Precision = precision, Scale = scale, Collation = collation },
            new DatabaseSchema { Engine = engine });
}
