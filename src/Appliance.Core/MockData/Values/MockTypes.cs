using System.Globalization;
using System.Text;
using Appliance.Core.Connections;
using Appliance.Core.Schema;

namespace Appliance.Core.MockData.Values;

/// <summary>Resolves a column's engine-specific type (with enums, domains and arrays) to the kind of value the generator makes.</summary>
public static class MockTypes
{
    private static readonly DateTime ClrMin = DateTime.MinValue;
    private static readonly DateTime ClrMax = new(9999, 12, 31, 23, 59, 59);
    private static readonly DateTime DateMax = new(9999, 12, 31);

    public static MockType Resolve(Column column, DatabaseSchema schema)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(schema);
        return schema.Engine switch
        {
            DatabaseEngine.Postgres => Postgres(column, schema),
            DatabaseEngine.MySql => MySql(column),
            DatabaseEngine.SqlServer => SqlServer(column),
            DatabaseEngine.Sqlite => Sqlite(column),
            _ => Unsupported(column.BaseType ?? column.DataType),
        };
    }

    private static MockType Unsupported(string name) => new() { Kind = MockValueKind.Unsupported, DatabaseTypeName = name };

    private static MockType Integer(string name, long min, long max) =>
        new() { Kind = MockValueKind.Integer, MinInteger = min, MaxInteger = max, DatabaseTypeName = name };

    private static MockType Temporal(MockValueKind kind, string name, DateTime min, DateTime max, int? precision = null) =>
        new() { Kind = kind, DatabaseTypeName = name, MinDateTime = min, MaxDateTime = max, Precision = precision };

    // ---- PostgreSQL -------------------------------------------------------------------------------------------------

    private static MockType Postgres(Column column, DatabaseSchema schema)
    {
        var dataType = column.DataType.Trim();
        var baseType = column.BaseType?.Trim();
        var isArray = dataType.EndsWith("[]", StringComparison.Ordinal)
            || (baseType is not null && (baseType.EndsWith("[]", StringComparison.Ordinal) || baseType.StartsWith('_')));
        if (isArray)
        {
            var element = baseType is null ? PostgresName(dataType[..dataType.LastIndexOf('[')])
                : baseType.EndsWith("[]", StringComparison.Ordinal) ? baseType[..^2]
                : baseType.StartsWith('_') ? baseType[1..]
                : baseType;
            var modifiers = Modifiers(dataType);
            var scalar = PostgresScalar(PostgresName(element), column.MaxLength ?? modifiers.First, column.Precision ?? modifiers.First, column.Scale ?? modifiers.Second);
            return scalar.Kind switch
            {
                MockValueKind.Integer => scalar with { Kind = MockValueKind.IntegerArray, DatabaseTypeName = scalar.DatabaseTypeName + "[]" },
                MockValueKind.Text when scalar.Semantic == SemanticKind.None =>
                    scalar with { Kind = MockValueKind.TextArray, DatabaseTypeName = scalar.DatabaseTypeName + "[]" },
                _ => Unsupported(element + "[]"),
            };
        }

        var (typeSchema, typeName) = SplitQualified(dataType);
        var enumType = FindByName(schema.Enums, typeSchema, typeName, e => e.Schema, e => e.Name)
            ?? (baseType is null ? null : FindByName(schema.Enums, null, baseType, e => e.Schema, e => e.Name));
        if (enumType is not null)
        {
            return new MockType
            {
                Kind = MockValueKind.Enum,
                EnumValues = enumType.Values,
                DatabaseTypeName = $"{enumType.Schema}.{enumType.Name}",
            };
        }

        var domain = FindByName(schema.Domains, typeSchema, typeName, d => d.Schema, d => d.Name);
        if (domain is not null)
        {
            // Ingestion reports the domain's base type and modifiers on the column; a hand-made column may only name the domain.
            var spelled = Modifiers(domain.BaseType);
            var name = baseType ?? PostgresName(domain.BaseType);
            var resolved = PostgresScalar(name, column.MaxLength ?? spelled.First, column.Precision ?? spelled.First, column.Scale ?? spelled.Second);
            return resolved with { Domain = domain };
        }

        var own = Modifiers(dataType);
        return PostgresScalar(baseType ?? PostgresName(dataType), column.MaxLength ?? own.First, column.Precision ?? own.First, column.Scale ?? own.Second);
    }

    /// <summary>The catalog name (typname) for a PostgreSQL type however it is spelled: "character varying(20)" → "varchar".</summary>
    private static string PostgresName(string spelled)
    {
        var name = WithoutModifiers(spelled).ToLowerInvariant();
        return name switch
        {
            "character varying" or "varchar" => "varchar",
            "character" or "char" => "bpchar",
            "timestamp with time zone" => "timestamptz",
            "timestamp without time zone" or "timestamp" => "timestamp",
            "time with time zone" => "timetz",
            "time without time zone" => "time",
            "double precision" or "float" => "float8",
            "real" => "float4",
            "integer" or "int" or "serial" or "serial4" => "int4",
            "smallint" or "smallserial" or "serial2" => "int2",
            "bigint" or "bigserial" or "serial8" => "int8",
            "boolean" => "bool",
            "decimal" => "numeric",
            "bit varying" => "varbit",
            _ => name,
        };
    }

    private static MockType PostgresScalar(string name, int? length, int? precision, int? scale)
    {
        var min = ClrMin;
        return name switch
        {
            "int2" => Integer(name, short.MinValue, short.MaxValue),
            "int4" => Integer(name, int.MinValue, int.MaxValue),
            "int8" => Integer(name, long.MinValue, long.MaxValue),
            "numeric" => new MockType { Kind = MockValueKind.Decimal, Precision = precision, Scale = precision is null ? null : scale ?? 0, DatabaseTypeName = name },
            // money: ±92,233,720,368,547,758.07; 18 digits with 2 decimals stay inside it.
            "money" => new MockType { Kind = MockValueKind.Decimal, Precision = 18, Scale = 2, DatabaseTypeName = name },
            "float4" => new MockType { Kind = MockValueKind.Float, Precision = 24, DatabaseTypeName = name },
            "float8" => new MockType { Kind = MockValueKind.Float, Precision = 53, DatabaseTypeName = name },
            "bool" => new MockType { Kind = MockValueKind.Boolean, DatabaseTypeName = name },
            "text" or "citext" => new MockType { Kind = MockValueKind.Text, DatabaseTypeName = name },
            "varchar" => new MockType { Kind = MockValueKind.Text, MaxLength = length, DatabaseTypeName = name },
            // bpchar without a length is unbounded; "character" without one is char(1), but the catalog then reports 1.
            "bpchar" => new MockType { Kind = MockValueKind.Text, MaxLength = length, FixedLength = length is not null, DatabaseTypeName = name },
            "name" => new MockType { Kind = MockValueKind.Text, MaxLength = 63, LengthUnit = TextLengthUnit.Utf8Bytes, DatabaseTypeName = name },
            "char" => new MockType { Kind = MockValueKind.Text, MaxLength = 1, LengthUnit = TextLengthUnit.Utf8Bytes, Repertoire = TextRepertoire.Ascii, DatabaseTypeName = name },
            "date" => Temporal(MockValueKind.Date, name, min, DateMax),
            "timestamp" => Temporal(MockValueKind.Timestamp, name, min, ClrMax, precision),
            "timestamptz" => Temporal(MockValueKind.TimestampTz, name, min, ClrMax, precision),
            "time" or "timetz" => new MockType { Kind = MockValueKind.Time, Precision = precision, DatabaseTypeName = name },
            "interval" => new MockType { Kind = MockValueKind.Interval, Precision = precision, DatabaseTypeName = name },
            "uuid" => new MockType { Kind = MockValueKind.Uuid, DatabaseTypeName = name },
            "bytea" => new MockType { Kind = MockValueKind.Binary, DatabaseTypeName = name },
            "json" or "jsonb" => new MockType { Kind = MockValueKind.Json, DatabaseTypeName = name },
            "inet" or "cidr" => new MockType { Kind = MockValueKind.Text, Semantic = SemanticKind.IpAddress, Repertoire = TextRepertoire.Ascii, DatabaseTypeName = name },
            "macaddr" => new MockType { Kind = MockValueKind.Text, Semantic = SemanticKind.MacAddress, Repertoire = TextRepertoire.Ascii, DatabaseTypeName = name },
            _ => Unsupported(name),
        };
    }

    // ---- MySQL / MariaDB --------------------------------------------------------------------------------------------

    private static MockType MySql(Column column)
    {
        var columnType = column.DataType.Trim().ToLowerInvariant();
        var name = column.BaseType?.Trim().ToLowerInvariant() ?? FirstWord(WithoutModifiers(columnType));
        var unsigned = columnType.Contains("unsigned", StringComparison.Ordinal);
        var modifiers = Modifiers(columnType);
        var repertoire = MySqlRepertoire(column.Collation);
        var mysqlTimestampMin = new DateTime(1970, 1, 2); // a day inside the range whatever the session time zone
        var mysqlTimestampMax = new DateTime(2038, 1, 18, 23, 59, 59);
        return name switch
        {
            "tinyint" when modifiers.First == 1 => new MockType { Kind = MockValueKind.Boolean, DatabaseTypeName = name },
            "bool" or "boolean" => new MockType { Kind = MockValueKind.Boolean, DatabaseTypeName = "tinyint" },
            "tinyint" => MySqlInteger(name, unsigned, sbyte.MinValue, sbyte.MaxValue, byte.MaxValue),
            "smallint" => MySqlInteger(name, unsigned, short.MinValue, short.MaxValue, ushort.MaxValue),
            "mediumint" => MySqlInteger(name, unsigned, -8_388_608, 8_388_607, 16_777_215),
            "int" or "integer" => MySqlInteger("int", unsigned, int.MinValue, int.MaxValue, uint.MaxValue),
            // BIGINT UNSIGNED goes to 2^64-1; values stay within long.
            "bigint" => MySqlInteger(name, unsigned, long.MinValue, long.MaxValue, long.MaxValue),
            "decimal" or "numeric" or "dec" or "fixed" => new MockType
            {
                Kind = MockValueKind.Decimal,
                Precision = column.Precision ?? modifiers.First ?? 10,
                Scale = column.Scale ?? modifiers.Second ?? 0,
                Unsigned = unsigned,
                DatabaseTypeName = "decimal",
            },
            "float" => new MockType { Kind = MockValueKind.Float, Precision = (column.Precision ?? modifiers.First ?? 24) > 24 ? 53 : 24, Unsigned = unsigned, DatabaseTypeName = name },
            "double" or "real" or "double precision" => new MockType { Kind = MockValueKind.Float, Precision = 53, Unsigned = unsigned, DatabaseTypeName = "double" },
            "bit" when (modifiers.First ?? 1) == 1 => new MockType { Kind = MockValueKind.Boolean, DatabaseTypeName = name },
            "bit" => Integer(name, 0, modifiers.First >= 63 ? long.MaxValue : (1L << modifiers.First!.Value) - 1),
            "char" or "varchar" => new MockType
            {
                Kind = MockValueKind.Text,
                MaxLength = column.MaxLength ?? modifiers.First,
                FixedLength = name == "char",
                Repertoire = repertoire,
                DatabaseTypeName = name,
            },
            // The TEXT family's limits are bytes, whatever the character set.
            "tinytext" => MySqlText(name, 255, repertoire),
            "text" => MySqlText(name, 65_535, repertoire),
            "mediumtext" => MySqlText(name, 16_777_215, repertoire),
            "longtext" => MySqlText(name, null, repertoire),
            "enum" => new MockType { Kind = MockValueKind.Enum, EnumValues = QuotedList(column.DataType), DatabaseTypeName = name },
            "set" => MySqlSet(column.DataType, repertoire),
            "date" => Temporal(MockValueKind.Date, name, new DateTime(1000, 1, 1), DateMax),
            "datetime" => Temporal(MockValueKind.Timestamp, name, new DateTime(1000, 1, 1), ClrMax, column.Precision),
            "timestamp" => Temporal(MockValueKind.Timestamp, name, mysqlTimestampMin, mysqlTimestampMax, column.Precision),
            "time" => new MockType { Kind = MockValueKind.Time, Precision = column.Precision, DatabaseTypeName = name },
            "year" => Integer(name, 1901, 2155),
            "json" => new MockType { Kind = MockValueKind.Json, DatabaseTypeName = name },
            "binary" or "varbinary" => new MockType
            {
                Kind = MockValueKind.Binary,
                MaxLength = column.MaxLength ?? modifiers.First,
                FixedLength = name == "binary",
                DatabaseTypeName = name,
            },
            "tinyblob" => new MockType { Kind = MockValueKind.Binary, MaxLength = 255, DatabaseTypeName = name },
            "blob" => new MockType { Kind = MockValueKind.Binary, MaxLength = 65_535, DatabaseTypeName = name },
            "mediumblob" => new MockType { Kind = MockValueKind.Binary, MaxLength = 16_777_215, DatabaseTypeName = name },
            "longblob" => new MockType { Kind = MockValueKind.Binary, DatabaseTypeName = name },
            "uuid" => new MockType { Kind = MockValueKind.Uuid, DatabaseTypeName = name },
            "inet4" => new MockType { Kind = MockValueKind.Text, MaxLength = 15, Semantic = SemanticKind.IpAddress, Repertoire = TextRepertoire.Ascii, DatabaseTypeName = name },
            _ => Unsupported(name),
        };
    }

    private static MockType MySqlInteger(string name, bool unsigned, long min, long max, long unsignedMax) =>
        unsigned ? Integer(name, 0, unsignedMax) with { Unsigned = true } : Integer(name, min, max);

    private static MockType MySqlText(string name, int? bytes, TextRepertoire repertoire) => new()
    {
        Kind = MockValueKind.Text,
        MaxLength = bytes,
        LengthUnit = TextLengthUnit.Utf8Bytes,
        Repertoire = repertoire,
        DatabaseTypeName = name,
    };

    /// <summary>A SET is text: members joined by commas, in declaration order.</summary>
    private static MockType MySqlSet(string dataType, TextRepertoire repertoire)
    {
        var members = QuotedList(dataType);
        var length = 0;
        foreach (var member in members)
        {
            length += member.Length + 1;
        }

        return new MockType
        {
            Kind = MockValueKind.Text,
            EnumValues = members,
            MaxLength = Math.Max(0, length - 1),
            Repertoire = repertoire,
            DatabaseTypeName = "set",
        };
    }

    /// <summary>utf8mb4 (the default) keeps everything; utf8mb3 has no emoji; single-byte character sets keep ASCII safely.</summary>
    private static TextRepertoire MySqlRepertoire(string? collation)
    {
        if (collation is null)
        {
            return TextRepertoire.Unicode;
        }

        var lower = collation.ToLowerInvariant();
        if (lower.StartsWith("utf8mb4", StringComparison.Ordinal) || lower.StartsWith("utf16", StringComparison.Ordinal)
            || lower.StartsWith("utf32", StringComparison.Ordinal) || lower.StartsWith("uca1400", StringComparison.Ordinal))
        {
            return TextRepertoire.Unicode;
        }

        return lower.StartsWith("utf8", StringComparison.Ordinal) || lower.StartsWith("ucs2", StringComparison.Ordinal)
            ? TextRepertoire.BasicMultilingualPlane
            : TextRepertoire.Ascii;
    }

    // ---- SQL Server -------------------------------------------------------------------------------------------------

    private static MockType SqlServer(Column column)
    {
        var name = column.BaseType?.Trim().ToLowerInvariant() ?? WithoutModifiers(column.DataType).ToLowerInvariant();
        var modifiers = Modifiers(column.DataType);
        var isMax = column.DataType.Contains("(max)", StringComparison.OrdinalIgnoreCase);
        var length = isMax ? null : column.MaxLength ?? modifiers.First;
        var narrowRepertoire = column.Collation?.Contains("UTF8", StringComparison.OrdinalIgnoreCase) == true
            ? TextRepertoire.Unicode
            : TextRepertoire.Ascii;
        return name switch
        {
            "tinyint" => Integer(name, 0, byte.MaxValue),
            "smallint" => Integer(name, short.MinValue, short.MaxValue),
            "int" => Integer(name, int.MinValue, int.MaxValue),
            "bigint" => Integer(name, long.MinValue, long.MaxValue),
            "bit" => new MockType { Kind = MockValueKind.Boolean, DatabaseTypeName = name },
            "decimal" or "numeric" => new MockType
            {
                Kind = MockValueKind.Decimal,
                Precision = column.Precision ?? modifiers.First ?? 18,
                Scale = column.Scale ?? modifiers.Second ?? 0,
                DatabaseTypeName = name,
            },
            // money ±922,337,203,685,477.5807 and smallmoney ±214,748.3647: the nearest decimal(p,4) inside each.
            "money" => new MockType { Kind = MockValueKind.Decimal, Precision = 18, Scale = 4, DatabaseTypeName = name },
            "smallmoney" => new MockType { Kind = MockValueKind.Decimal, Precision = 9, Scale = 4, DatabaseTypeName = name },
            "float" => new MockType { Kind = MockValueKind.Float, Precision = (modifiers.First ?? 53) <= 24 ? 24 : 53, DatabaseTypeName = name },
            "real" => new MockType { Kind = MockValueKind.Float, Precision = 24, DatabaseTypeName = name },
            "char" or "varchar" => new MockType
            {
                Kind = MockValueKind.Text,
                MaxLength = length,
                FixedLength = name == "char",
                LengthUnit = TextLengthUnit.Utf8Bytes,
                Repertoire = narrowRepertoire,
                DatabaseTypeName = name,
            },
            "nchar" or "nvarchar" or "sysname" => new MockType
            {
                Kind = MockValueKind.Text,
                MaxLength = name == "sysname" ? 128 : length,
                FixedLength = name == "nchar",
                LengthUnit = TextLengthUnit.Utf16CodeUnits,
                DatabaseTypeName = name == "sysname" ? "nvarchar" : name,
            },
            "text" => new MockType { Kind = MockValueKind.Text, LengthUnit = TextLengthUnit.Utf8Bytes, Repertoire = narrowRepertoire, DatabaseTypeName = name },
            "ntext" => new MockType { Kind = MockValueKind.Text, LengthUnit = TextLengthUnit.Utf16CodeUnits, DatabaseTypeName = name },
            "date" => Temporal(MockValueKind.Date, name, ClrMin, DateMax),
            "datetime" => Temporal(MockValueKind.Timestamp, name, new DateTime(1753, 1, 1), ClrMax),
            "datetime2" => Temporal(MockValueKind.Timestamp, name, ClrMin, ClrMax, column.Precision ?? modifiers.First),
            "smalldatetime" => Temporal(MockValueKind.Timestamp, name, new DateTime(1900, 1, 1), new DateTime(2079, 6, 6, 23, 59, 0))
                with { TimeStep = TimeSpan.FromMinutes(1) },
            "datetimeoffset" => Temporal(MockValueKind.TimestampTz, name, ClrMin, ClrMax, column.Precision ?? modifiers.First),
            "time" => new MockType { Kind = MockValueKind.Time, Precision = column.Precision ?? modifiers.First, DatabaseTypeName = name },
            "uniqueidentifier" => new MockType { Kind = MockValueKind.Uuid, DatabaseTypeName = name },
            "binary" or "varbinary" => new MockType { Kind = MockValueKind.Binary, MaxLength = length, FixedLength = name == "binary", DatabaseTypeName = name },
            "image" => new MockType { Kind = MockValueKind.Binary, DatabaseTypeName = name },
            // xml, timestamp (rowversion: never inserted), sql_variant, geography, geometry, hierarchyid…
            _ => Unsupported(name),
        };
    }

    // ---- SQLite -----------------------------------------------------------------------------------------------------

    /// <summary>By the declared type's affinity (sqlite.org/datatype3.html §3.1), with the common date and boolean spellings first.</summary>
    private static MockType Sqlite(Column column)
    {
        var declared = column.DataType.Trim();
        var name = column.BaseType?.Trim().ToLowerInvariant() ?? WithoutModifiers(declared).ToLowerInvariant();
        var upper = name.ToUpperInvariant();
        var modifiers = Modifiers(declared);
        var typeName = name.Length == 0 ? "text" : name;
        switch (name)
        {
            case "boolean" or "bool":
                return new MockType { Kind = MockValueKind.Boolean, DatabaseTypeName = typeName };
            case "date":
                return new MockType { Kind = MockValueKind.Text, Semantic = SemanticKind.Date, MinDateTime = ClrMin, MaxDateTime = DateMax, DatabaseTypeName = typeName };
            case "datetime" or "timestamp":
                return new MockType { Kind = MockValueKind.Text, Semantic = SemanticKind.Timestamp, MinDateTime = ClrMin, MaxDateTime = ClrMax, DatabaseTypeName = typeName };
            case "time":
                return new MockType { Kind = MockValueKind.Text, Semantic = SemanticKind.Time, DatabaseTypeName = typeName };
            case "json" or "jsonb":
                return new MockType { Kind = MockValueKind.Json, DatabaseTypeName = typeName };
            case "uuid" or "guid":
                return new MockType { Kind = MockValueKind.Text, Semantic = SemanticKind.Uuid, MaxLength = 36, DatabaseTypeName = typeName };
        }

        if (upper.Contains("INT", StringComparison.Ordinal))
        {
            return Integer(typeName, long.MinValue, long.MaxValue);
        }

        if (upper.Length == 0 || upper.Contains("CHAR", StringComparison.Ordinal) || upper.Contains("CLOB", StringComparison.Ordinal)
            || upper.Contains("TEXT", StringComparison.Ordinal))
        {
            // No declared type has BLOB affinity (anything goes); text is the natural fill.
            return new MockType { Kind = MockValueKind.Text, MaxLength = column.MaxLength ?? modifiers.First, DatabaseTypeName = typeName };
        }

        if (upper.Contains("BLOB", StringComparison.Ordinal))
        {
            return new MockType { Kind = MockValueKind.Binary, MaxLength = column.MaxLength ?? modifiers.First, DatabaseTypeName = typeName };
        }

        if (upper.Contains("REAL", StringComparison.Ordinal) || upper.Contains("FLOA", StringComparison.Ordinal) || upper.Contains("DOUB", StringComparison.Ordinal))
        {
            return new MockType { Kind = MockValueKind.Float, Precision = 53, DatabaseTypeName = typeName };
        }

        var precision = column.Precision ?? modifiers.First;
        return new MockType
        {
            Kind = MockValueKind.Decimal,
            Precision = precision,
            Scale = precision is null ? null : column.Scale ?? modifiers.Second ?? 0,
            DatabaseTypeName = typeName,
        };
    }

    // ---- Spelling helpers -------------------------------------------------------------------------------------------

    /// <summary>The numbers in the first parentheses: "decimal(10, 2)" → (10, 2), "varchar(max)" → (null, null).</summary>
    internal static (int? First, int? Second) Modifiers(string spelled)
    {
        var open = spelled.IndexOf('(', StringComparison.Ordinal);
        var close = open < 0 ? -1 : spelled.IndexOf(')', open);
        if (open < 0 || close < 0)
        {
            return (null, null);
        }

        var inside = spelled.AsSpan(open + 1, close - open - 1);
        var comma = inside.IndexOf(',');
        var first = comma < 0 ? inside : inside[..comma];
        var second = comma < 0 ? [] : inside[(comma + 1)..];
        return (ParseInt(first), comma < 0 ? null : ParseInt(second));

        static int? ParseInt(ReadOnlySpan<char> text) =>
            int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>"timestamp(3) with time zone" → "timestamp with time zone"; trims.</summary>
    private static string WithoutModifiers(string spelled)
    {
        var open = spelled.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return spelled.Trim();
        }

        var close = spelled.IndexOf(')', open);
        var rest = close < 0 ? "" : spelled[(close + 1)..];
        return (spelled[..open].TrimEnd() + (rest.Length > 0 && rest[0] != ' ' ? "" : rest)).Trim();
    }

    private static string FirstWord(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? text : text[..space];
    }

    /// <summary>'a','it''s' inside enum(...) / set(...), with SQL quote doubling and backslash escapes.</summary>
    internal static IReadOnlyList<string> QuotedList(string dataType)
    {
        var values = new List<string>();
        var open = dataType.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return values;
        }

        var current = new StringBuilder();
        var inQuote = false;
        for (var i = open + 1; i < dataType.Length; i++)
        {
            var c = dataType[i];
            if (!inQuote)
            {
                if (c == '\'')
                {
                    inQuote = true;
                    current.Clear();
                }
                else if (c == ')')
                {
                    break;
                }

                continue;
            }

            if (c == '\\' && i + 1 < dataType.Length)
            {
                current.Append(dataType[++i]);
            }
            else if (c == '\'' && i + 1 < dataType.Length && dataType[i + 1] == '\'')
            {
                current.Append('\'');
                i++;
            }
            else if (c == '\'')
            {
                inQuote = false;
                values.Add(current.ToString());
            }
            else
            {
                current.Append(c);
            }
        }

        return values;
    }

    /// <summary>"sales.order_status" → ("sales", "order_status"); "\"My Type\"" → (null, "My Type").</summary>
    private static (string? Schema, string Name) SplitQualified(string spelled)
    {
        var parts = new List<string>(2);
        var current = new StringBuilder();
        var inQuote = false;
        for (var i = 0; i < spelled.Length; i++)
        {
            var c = spelled[i];
            if (c == '"')
            {
                if (inQuote && i + 1 < spelled.Length && spelled[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else
                {
                    inQuote = !inQuote;
                }
            }
            else if (c == '.' && !inQuote)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else if (c == '(' && !inQuote)
            {
                break;
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString().Trim());
        return parts.Count >= 2 ? (parts[^2], parts[^1]) : (null, parts[0]);
    }

    /// <summary>By schema and name when qualified; by name alone when that is unambiguous (public first).</summary>
    private static T? FindByName<T>(IReadOnlyList<T> items, string? schema, string name, Func<T, string> schemaOf, Func<T, string> nameOf)
        where T : class
    {
        T? match = null;
        var count = 0;
        foreach (var item in items)
        {
            if (!string.Equals(nameOf(item), name, StringComparison.Ordinal))
            {
                continue;
            }

            if (schema is not null)
            {
                if (string.Equals(schemaOf(item), schema, StringComparison.Ordinal))
                {
                    return item;
                }

                continue;
            }

            if (schemaOf(item) == "public")
            {
                return item;
            }

            match = item;
            count++;
        }

        return count == 1 ? match : null;
    }
}
