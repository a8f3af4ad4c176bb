using System.Globalization;
using System.Text;
using Appliance.Core.Sql;

namespace Appliance.Core.MockData.Checks;

internal enum CastKind
{
    /// <summary>A type the evaluator does not convert to (enums, domains, citext, arrays): the value passes unchanged.</summary>
    Transparent,
    Text,
    Integer,
    Decimal,
    Float,
    Boolean,
    Date,
    Timestamp,
    TimestampTz,
    Time,
    Uuid,
    Interval,
}

internal readonly record struct CastTarget(CastKind Kind, int? Length = null, int? Scale = null);

internal sealed partial class CheckCompiler
{
    // ---- Casts ----------------------------------------------------------------------------------------------------

    private static CastTarget TypeOf(SqlDataType type)
    {
        if (type.ArrayDimensions > 0)
        {
            return new CastTarget(CastKind.Transparent);
        }

        var withTimeZone = type.Modifiers.Count > 0 && type.Modifiers[0] == "WITH";
        var arguments = type.Arguments.Select(a => int.TryParse(a, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null).ToArray();
        var target = TypeOf(type.Name[^1].Value);
        return target.Kind switch
        {
            CastKind.Timestamp when withTimeZone => target with { Kind = CastKind.TimestampTz },
            CastKind.Text when arguments.Length == 1 => target with { Length = arguments[0] },
            CastKind.Decimal when arguments.Length == 2 => target with { Scale = arguments[1] },
            CastKind.Decimal when arguments.Length == 1 => target with { Scale = 0 },
            _ => target,
        };
    }

    private static CastTarget TypeOf(string typeName) => new(typeName.ToUpperInvariant() switch
    {
        "TEXT" or "VARCHAR" or "CHARACTER VARYING" or "CHAR VARYING" or "CHAR" or "CHARACTER" or "NCHAR" or "NVARCHAR" or "NATIONAL CHARACTER"
            or "NATIONAL CHARACTER VARYING" or "NATIONAL CHAR" or "NATIONAL CHAR VARYING" or "NCHAR VARYING" or "NTEXT" or "CLOB" or "STRING"
            or "TINYTEXT" or "MEDIUMTEXT" or "LONGTEXT" or "VARCHAR2" or "NVARCHAR2" or "BPCHAR" or "NAME" => CastKind.Text,
        "INT" or "INTEGER" or "INT2" or "INT4" or "INT8" or "SMALLINT" or "BIGINT" or "TINYINT" or "MEDIUMINT" or "SIGNED" or "UNSIGNED"
            or "SIGNED INTEGER" or "SIGNED INT" or "UNSIGNED INTEGER" or "UNSIGNED INT" => CastKind.Integer,
        "NUMERIC" or "DECIMAL" or "DEC" or "MONEY" or "SMALLMONEY" or "NUMBER" => CastKind.Decimal,
        "REAL" or "FLOAT" or "FLOAT4" or "FLOAT8" or "DOUBLE" or "DOUBLE PRECISION" => CastKind.Float,
        "BOOLEAN" or "BOOL" or "BIT" => CastKind.Boolean,
        "DATE" => CastKind.Date,
        "TIMESTAMP" or "DATETIME" or "DATETIME2" or "SMALLDATETIME" => CastKind.Timestamp,
        "TIMESTAMPTZ" or "DATETIMEOFFSET" => CastKind.TimestampTz,
        "TIME" or "TIMETZ" => CastKind.Time,
        "UUID" or "UNIQUEIDENTIFIER" => CastKind.Uuid,
        "INTERVAL" => CastKind.Interval,
        _ => CastKind.Transparent,
    });

    private CompiledExpression CompileCast(CompiledExpression operand, CastTarget target, bool tryCast) =>
        target.Kind == CastKind.Transparent ? operand : Map(operand, value => Convert(value, target, tryCast));

    private CheckValue Convert(CheckValue value, CastTarget target, bool tryCast)
    {
        var failed = tryCast ? CheckValue.Null : Failure;
        switch (target.Kind)
        {
            case CastKind.Text:
                var text = CheckValues.ToText(value, dialect);
                if (text is null)
                {
                    return CheckValue.Null;
                }

                return CheckValue.String(target.Length is { } length && length > 0 && text.Length > length ? text[..length] : text);

            case CastKind.Integer or CastKind.Decimal:
            {
                if (!TryCastNumber(value, out var number))
                {
                    return failed;
                }

                if (number.Kind == CheckValueKind.Float)
                {
                    if (!double.IsFinite(number.Real) || Math.Abs(number.Real) >= 7.9e27)
                    {
                        return failed;
                    }

                    number = CheckValue.Decimal(target.Kind == CastKind.Integer && dialect == SqlDialect.Postgres ? (decimal)Math.Round(number.Real, MidpointRounding.ToEven) : (decimal)number.Real, false);
                }

                if (target.Kind == CastKind.Integer)
                {
                    var whole = dialect is SqlDialect.TSql or SqlDialect.Sqlite ? decimal.Truncate(number.Number) : Math.Round(number.Number, MidpointRounding.AwayFromZero);
                    return whole is < long.MinValue or > long.MaxValue ? failed : CheckValue.Decimal(whole, true);
                }

                return CheckValue.Decimal(target.Scale is { } scale and >= 0 and <= 28 ? Math.Round(number.Number, scale, MidpointRounding.AwayFromZero) : number.Number, false);
            }

            case CastKind.Float:
                return TryCastNumber(value, out var real) ? CheckValue.Float(CheckValues.ToDouble(real)) : failed;

            case CastKind.Boolean:
                return CheckValues.Truth(value) is { } truth ? CheckValue.Bool(truth) : failed;

            case CastKind.Date or CastKind.Timestamp or CastKind.TimestampTz:
            {
                DateTime instant;
                if (value.IsDateTime)
                {
                    instant = value.DateTime;
                }
                else if (value.Kind != CheckValueKind.Text || !CheckValues.TryParseDateTime(value.Text, out instant))
                {
                    return failed;
                }

                return target.Kind switch
                {
                    CastKind.Date => CheckValue.Date(instant),
                    CastKind.Timestamp => CheckValue.Timestamp(instant),
                    _ => CheckValue.TimestampTz(instant),
                };
            }

            case CastKind.Time:
                if (value.Kind == CheckValueKind.Time)
                {
                    return value;
                }

                if (value.Kind is CheckValueKind.Timestamp or CheckValueKind.TimestampTz)
                {
                    return CheckValue.Time(value.DateTime.TimeOfDay.Ticks);
                }

                return value.Kind == CheckValueKind.Text && CheckValues.TryParseTime(value.Text, out var ticks) ? CheckValue.Time(ticks) : failed;

            case CastKind.Uuid:
                if (value.Kind == CheckValueKind.Uuid)
                {
                    return value;
                }

                return value.Kind == CheckValueKind.Text && Guid.TryParse(value.Text, out var guid) ? CheckValue.Uuid(guid) : failed;

            case CastKind.Interval:
                if (value.Kind == CheckValueKind.Interval)
                {
                    return value;
                }

                return value.Kind == CheckValueKind.Text && TryParseInterval(value.Text, out var months, out var intervalTicks) ? CheckValue.Interval(months, intervalTicks) : failed;

            default:
                return value;
        }
    }

    /// <summary>A number for a numeric cast; MySQL and SQLite read the numeric prefix of any text ('12abc' is 12, 'abc' is 0).</summary>
    private bool TryCastNumber(CheckValue value, out CheckValue number)
    {
        if (CheckValues.TryNumeric(value, out number))
        {
            return true;
        }

        if (value.Kind == CheckValueKind.Text && dialect is SqlDialect.MySql or SqlDialect.Sqlite)
        {
            number = CheckValue.Decimal(NumericPrefix(value.Text), false);
            return true;
        }

        return false;
    }

    private static decimal NumericPrefix(string text)
    {
        var span = text.AsSpan().TrimStart();
        var end = 0;
        if (end < span.Length && span[end] is '+' or '-')
        {
            end++;
        }

        while (end < span.Length && char.IsAsciiDigit(span[end]))
        {
            end++;
        }

        if (end < span.Length && span[end] == '.')
        {
            end++;
            while (end < span.Length && char.IsAsciiDigit(span[end]))
            {
                end++;
            }
        }

        return decimal.TryParse(span[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : 0;
    }

    // ---- Intervals ------------------------------------------------------------------------------------------------

    private CompiledExpression CompileInterval(IntervalExpression interval)
    {
        if (TryConstant(interval.Value) is not { } constant || constant.Value.IsNull)
        {
            return Refuse("an interval that is not a constant");
        }

        var value = constant.Value;
        if (interval.Unit is null)
        {
            return value.Kind == CheckValueKind.Text && TryParseInterval(value.Text, out var months, out var ticks)
                ? Constant(CheckValue.Interval(months, ticks))
                : Refuse($"the interval {value}");
        }

        var amount = value.Kind == CheckValueKind.Text && CheckValues.TryParseNumber(value.Text, out var parsed) ? parsed : value.Kind == CheckValueKind.Number ? value.Number : (decimal?)null;
        if (amount is null || !TryUnit(interval.Unit, amount.Value, out var unitMonths, out var unitTicks))
        {
            return Refuse($"the interval {value} {interval.Unit}");
        }

        return Constant(CheckValue.Interval(unitMonths, unitTicks));
    }

    /// <summary>PostgreSQL interval text: "1 day", "2 hours 30 minutes", "1 year 2 mons", "@ 3 days ago", "1 day 02:00:00".</summary>
    internal static bool TryParseInterval(string text, out int months, out long ticks)
    {
        months = 0;
        ticks = 0;
        var words = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var negate = false;
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (word == "@")
            {
                continue;
            }

            if (word.Equals("ago", StringComparison.OrdinalIgnoreCase) && i == words.Length - 1)
            {
                negate = true;
                continue;
            }

            if (word.Contains(':', StringComparison.Ordinal))
            {
                var sign = word.StartsWith('-') ? -1 : 1;
                if (!TimeSpan.TryParseExact(word.TrimStart('-', '+'), ["h\\:m", "h\\:m\\:s", "h\\:m\\:s\\.FFFFFFF"], CultureInfo.InvariantCulture, out var time))
                {
                    return false;
                }

                ticks += sign * time.Ticks;
                continue;
            }

            if (!decimal.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || i + 1 >= words.Length ||
                !TryUnit(words[++i], amount, out var unitMonths, out var unitTicks))
            {
                return false;
            }

            months += unitMonths;
            ticks += unitTicks;
        }

        if (negate)
        {
            months = -months;
            ticks = -ticks;
        }

        return true;
    }

    private static bool TryUnit(string unit, decimal amount, out int months, out long ticks)
    {
        months = 0;
        ticks = 0;
        var perUnit = unit.ToUpperInvariant().TrimEnd('S') switch
        {
            "MICROSECOND" or "U" => TimeSpan.TicksPerMicrosecond,
            "MILLISECOND" or "M" when unit.Equals("ms", StringComparison.OrdinalIgnoreCase) => TimeSpan.TicksPerMillisecond,
            "SECOND" or "SEC" or "" => TimeSpan.TicksPerSecond,
            "MINUTE" or "MIN" or "M" => TimeSpan.TicksPerMinute,
            "HOUR" or "H" or "HR" => TimeSpan.TicksPerHour,
            "DAY" or "D" => TimeSpan.TicksPerDay,
            "WEEK" or "W" => 7 * TimeSpan.TicksPerDay,
            "MONTH" or "MON" => -1,
            "QUARTER" => -3,
            "YEAR" or "Y" or "YR" => -12,
            _ => 0,
        };
        if (perUnit == 0)
        {
            return false;
        }

        if (perUnit < 0)
        {
            // Months and years are calendar units: only whole ones are exact.
            var total = amount * -perUnit;
            if (total != decimal.Truncate(total) || Math.Abs(total) > 120_000)
            {
                return false;
            }

            months = (int)total;
            return true;
        }

        var scaled = amount * perUnit;
        if (Math.Abs(scaled) > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        ticks = (long)scaled;
        return true;
    }

    // ---- Date parts -----------------------------------------------------------------------------------------------

    private static string? DatePart(string field) => field.ToUpperInvariant() switch
    {
        "YEAR" or "YEARS" or "YY" or "YYYY" => "YEAR",
        "MONTH" or "MONTHS" or "MM" or "M" or "MON" => "MONTH",
        "DAY" or "DAYS" or "DD" or "D" or "DAYOFMONTH" => "DAY",
        "HOUR" or "HOURS" or "HH" => "HOUR",
        "MINUTE" or "MINUTES" or "MI" or "N" => "MINUTE",
        "SECOND" or "SECONDS" or "SS" or "S" => "SECOND",
        "DOW" => "DOW",
        "WEEKDAY" or "DW" => "WEEKDAY",
        "ISODOW" => "ISODOW",
        "DOY" or "DAYOFYEAR" or "DY" or "Y" => "DOY",
        "QUARTER" or "QQ" or "Q" => "QUARTER",
        "WEEK" or "WK" or "WW" or "ISOWK" or "ISO_WEEK" => "WEEK",
        "EPOCH" => "EPOCH",
        _ => null,
    };

    private CompiledExpression CompileExtract(string field, CompiledExpression source)
    {
        if (DatePart(field) is not { } part)
        {
            return Refuse($"the date part {field}");
        }

        return Map(source, value => Extract(part, value));
    }

    private static CheckValue Extract(string part, CheckValue value)
    {
        DateTime instant;
        if (value.IsDateTime)
        {
            instant = value.DateTime;
        }
        else if (value.Kind == CheckValueKind.Time)
        {
            instant = new DateTime(value.Ticks);
        }
        else if (value.Kind != CheckValueKind.Text || !CheckValues.TryParseDateTime(value.Text, out instant))
        {
            return CheckValue.Null;
        }

        return part switch
        {
            "YEAR" => CheckValue.Integer(instant.Year),
            "MONTH" => CheckValue.Integer(instant.Month),
            "DAY" => CheckValue.Integer(instant.Day),
            "HOUR" => CheckValue.Integer(instant.Hour),
            "MINUTE" => CheckValue.Integer(instant.Minute),
            "SECOND" => CheckValue.Decimal(instant.Second + (instant.Ticks % TimeSpan.TicksPerSecond / (decimal)TimeSpan.TicksPerSecond), false),
            "DOW" => CheckValue.Integer((int)instant.DayOfWeek),
            "WEEKDAY" => CheckValue.Integer((int)instant.DayOfWeek + 1),
            "ISODOW" => CheckValue.Integer(instant.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)instant.DayOfWeek),
            "DOY" => CheckValue.Integer(instant.DayOfYear),
            "QUARTER" => CheckValue.Integer(((instant.Month - 1) / 3) + 1),
            "WEEK" => CheckValue.Integer(ISOWeek.GetWeekOfYear(instant)),
            _ => CheckValue.Decimal((instant.Ticks - DateTime.UnixEpoch.Ticks) / (decimal)TimeSpan.TicksPerSecond, false),
        };
    }

    // ---- Functions ------------------------------------------------------------------------------------------------

    private CompiledExpression CompileFunction(FunctionCall call)
    {
        var name = call.Name.Name.Value.ToUpperInvariant();
        if (call.Distinct || call.Filter is not null || call.Over is not null || call.OverWindow is not null || call.OrderBy.Count > 0 || call.WithinGroup.Count > 0)
        {
            return Refuse($"the aggregate or window call {name.ToLowerInvariant()}()");
        }

        var arguments = call.Arguments;
        if (arguments.Any(a => a is KeywordArgument))
        {
            return name switch
            {
                "SUBSTRING" => CompileKeywordSubstring(arguments),
                "TRIM" => CompileKeywordTrim(arguments),
                _ => UnknownFunction(name),
            };
        }

        if (arguments.Any(a => a is NamedArgument or StarExpression))
        {
            return UnknownFunction(name);
        }

        // DATEPART(year, x) names its part with a bare word.
        if (name == "DATEPART" && arguments.Count == 2 && arguments[0] is ColumnExpression { Name.Parts.Count: 1 } partWord)
        {
            return CompileExtract(partWord.Name.Name.Value, Compile(arguments[1]));
        }

        var args = arguments.Select(Compile).ToArray();
        return (name, args.Length) switch
        {
            ("LENGTH", 1) => Text1(args[0], s => CheckValue.Integer(dialect == SqlDialect.MySql ? Encoding.UTF8.GetByteCount(s) : CharacterCount(s))),
            ("CHAR_LENGTH" or "CHARACTER_LENGTH", 1) => Text1(args[0], s => CheckValue.Integer(CharacterCount(s))),
            ("LEN", 1) => Text1(args[0], s => CheckValue.Integer(CharacterCount(s.TrimEnd(' ')))),
            ("OCTET_LENGTH", 1) => Text1(args[0], s => CheckValue.Integer(Encoding.UTF8.GetByteCount(s))),
            ("LOWER" or "LCASE", 1) => Text1(args[0], s => CheckValue.String(s.ToLowerInvariant())),
            ("UPPER" or "UCASE", 1) => Text1(args[0], s => CheckValue.String(s.ToUpperInvariant())),
            ("TRIM" or "BTRIM", 1) => Text1(args[0], s => CheckValue.String(s.Trim(' '))),
            ("LTRIM", 1) => Text1(args[0], s => CheckValue.String(s.TrimStart(' '))),
            ("RTRIM", 1) => Text1(args[0], s => CheckValue.String(s.TrimEnd(' '))),
            ("TRIM" or "BTRIM", 2) => Text2(args[0], args[1], (s, c) => CheckValue.String(s.Trim(c.ToCharArray()))),
            ("LTRIM", 2) => Text2(args[0], args[1], (s, c) => CheckValue.String(s.TrimStart(c.ToCharArray()))),
            ("RTRIM", 2) => Text2(args[0], args[1], (s, c) => CheckValue.String(s.TrimEnd(c.ToCharArray()))),
            ("SUBSTRING" or "SUBSTR" or "MID", 2 or 3) => CompileSubstring(args[0], args[1], args.Length == 3 ? args[2] : null),
            ("LEFT", 2) => TextNumber(args[0], args[1], (s, n) => CheckValue.String(n >= 0 ? s[..(int)Math.Min(n, s.Length)] : s[..Math.Max(0, s.Length + (int)Math.Max(n, -s.Length))])),
            ("RIGHT", 2) => TextNumber(args[0], args[1], (s, n) => CheckValue.String(n >= 0 ? s[(s.Length - (int)Math.Min(n, s.Length))..] : s[(int)Math.Min(-n, s.Length)..])),
            ("REPLACE", 3) => CompileReplace(args[0], args[1], args[2]),
            ("CONCAT", > 0) => CompileConcat(args),
            ("ABS", 1) => Map(args[0], Abs),
            ("ROUND", 1) => Map(args[0], v => Round(v, 0)),
            ("ROUND", 2) => Combine2(args[0], args[1], (v, n) => CheckValues.TryNumeric(n, out var digits) ? Round(v, (int)Math.Clamp(CheckValues.ToDouble(digits), -28, 28)) : CheckValue.Null),
            ("FLOOR", 1) => Map(args[0], v => Rounded(v, Math.Floor, Math.Floor)),
            ("CEIL" or "CEILING", 1) => Map(args[0], v => Rounded(v, Math.Ceiling, Math.Ceiling)),
            ("SIGN", 1) => Map(args[0], v => CheckValues.TryNumeric(v, out var n) ? CheckValue.Integer(Math.Sign(CheckValues.ToDouble(n))) : Failure),
            ("MOD", 2) => Combine2(args[0], args[1], (a, b) => Arithmetic("%", a, b)),
            ("COALESCE" or "IFNULL" or "NVL", > 0) => CompileCoalesce(args),
            ("ISNULL", 2) => CompileCoalesce(args),
            ("ISNULL", 1) => Combine(row => args[0].Node(row) is var v && v.IsError ? v : CheckValue.Bool(v.IsNull), args[0]),
            ("NULLIF", 2) => CompileNullIf(args[0], args[1]),
            ("IIF" or "IF", 3) => CompileIf(args[0], args[1], args[2]),
            ("NOW" or "GETDATE" or "GETUTCDATE" or "SYSDATETIME" or "SYSUTCDATETIME" or "SYSDATETIMEOFFSET" or "CURRENT_TIMESTAMP" or "LOCALTIMESTAMP"
                or "STATEMENT_TIMESTAMP" or "TRANSACTION_TIMESTAMP" or "CLOCK_TIMESTAMP" or "UTC_TIMESTAMP", 0 or 1) => Constant(Now(), usesNow: true),
            ("CURRENT_DATE" or "CURDATE" or "UTC_DATE", 0) => Constant(Today(), usesNow: true),
            ("CURTIME" or "CURRENT_TIME" or "LOCALTIME" or "UTC_TIME", 0 or 1) => CompileKeyword("CURRENT_TIME"),
            ("DATE" or "DATETIME" or "TIME", >= 1) when dialect == SqlDialect.Sqlite => CompileSqliteDate(name, arguments, args),
            ("DATE", 1) => Map(args[0], v => Convert(v, new CastTarget(CastKind.Date), tryCast: dialect == SqlDialect.MySql)),
            ("YEAR" or "MONTH" or "DAY" or "DAYOFMONTH" or "HOUR" or "MINUTE" or "SECOND", 1) => CompileExtract(name, args[0]),
            ("DATE_PART", 2) when TryConstant(arguments[0]) is { Value.Kind: CheckValueKind.Text } part => CompileExtract(part.Value.Text, args[1]),
            _ => UnknownFunction(name),
        };
    }

    private CompiledExpression UnknownFunction(string name) => Refuse($"the function {name.ToLowerInvariant()}()");

    /// <summary>Characters as PostgreSQL, MySQL and SQLite count them: code points, so a surrogate pair is one.</summary>
    private static int CharacterCount(string text)
    {
        var count = text.Length;
        foreach (var c in text)
        {
            if (char.IsLowSurrogate(c))
            {
                count--;
            }
        }

        return count;
    }

    private CompiledExpression Text1(CompiledExpression operand, Func<string, CheckValue> function) =>
        Map(operand, v => CheckValues.ToText(v, dialect) is { } s ? function(s) : CheckValue.Null);

    private CompiledExpression Text2(CompiledExpression first, CompiledExpression second, Func<string, string, CheckValue> function) =>
        Combine2(first, second, (a, b) => CheckValues.ToText(a, dialect) is { } x && CheckValues.ToText(b, dialect) is { } y ? function(x, y) : CheckValue.Null);

    private CompiledExpression TextNumber(CompiledExpression text, CompiledExpression number, Func<string, long, CheckValue> function) =>
        Combine2(text, number, (a, b) => CheckValues.ToText(a, dialect) is { } s && CheckValues.TryNumeric(b, out var n) && CheckValues.ToDouble(n) is >= int.MinValue and <= int.MaxValue and var d
            ? function(s, (long)d)
            : CheckValue.Null);

    /// <summary>A two-operand function: NULL when either operand is NULL, an error when either is one.</summary>
    private static CompiledExpression Combine2(CompiledExpression first, CompiledExpression second, Func<CheckValue, CheckValue, CheckValue> function)
    {
        var (a, b) = (first.Node, second.Node);
        return Combine(row =>
        {
            var x = a(row);
            var y = b(row);
            if (x.IsError || y.IsError)
            {
                return CheckValue.Error;
            }

            return x.IsNull || y.IsNull ? CheckValue.Null : function(x, y);
        }, first, second);
    }

    private CompiledExpression CompileSubstring(CompiledExpression text, CompiledExpression start, CompiledExpression? length)
    {
        var (t, s, l) = (text.Node, start.Node, length?.Node);
        CompiledExpression[] parts = length is { } given ? [text, start, given] : [text, start];
        return Combine(row =>
        {
            var value = t(row);
            var from = s(row);
            var count = l is null ? CheckValue.Null : l(row);
            if (value.IsError || from.IsError || count.IsError)
            {
                return CheckValue.Error;
            }

            if (value.IsNull || from.IsNull || (l is not null && count.IsNull) || CheckValues.ToText(value, dialect) is not { } source ||
                !CheckValues.TryNumeric(from, out var fromNumber))
            {
                return CheckValue.Null;
            }

            var first = (long)Math.Clamp(CheckValues.ToDouble(fromNumber), int.MinValue, int.MaxValue);
            long? take = null;
            if (l is not null)
            {
                if (!CheckValues.TryNumeric(count, out var countNumber))
                {
                    return CheckValue.Null;
                }

                take = (long)Math.Clamp(CheckValues.ToDouble(countNumber), int.MinValue, int.MaxValue);
                if (take < 0)
                {
                    return dialect == SqlDialect.Postgres ? CheckValue.Error : CheckValue.String("");
                }
            }

            // MySQL and SQLite count a negative start from the end; PostgreSQL and SQL Server treat it as a window before the string.
            if (first < 0 && dialect is SqlDialect.MySql or SqlDialect.Sqlite)
            {
                first = source.Length + first + 1;
                if (first < 1)
                {
                    return CheckValue.String("");
                }
            }
            else if (first == 0 && dialect == SqlDialect.MySql)
            {
                return CheckValue.String("");
            }

            var end = take is { } n ? first + n : long.MaxValue;
            var begin = Math.Max(first, 1);
            end = Math.Min(end, source.Length + 1L);
            return CheckValue.String(end <= begin ? "" : source.Substring((int)begin - 1, (int)(end - begin)));
        }, parts);
    }

    /// <summary>SUBSTRING(x FROM a FOR b) and SUBSTRING(x FOR b).</summary>
    private CompiledExpression CompileKeywordSubstring(NodeList<SqlExpression> arguments)
    {
        SqlExpression? source = null;
        SqlExpression? from = null;
        SqlExpression? @for = null;
        foreach (var argument in arguments)
        {
            switch (argument)
            {
                case KeywordArgument { Keyword: "FROM", Value: { } value }:
                    from = value;
                    break;
                case KeywordArgument { Keyword: "FOR", Value: { } value }:
                    @for = value;
                    break;
                case KeywordArgument:
                    return UnknownFunction("substring");
                default:
                    source = argument;
                    break;
            }
        }

        if (source is null)
        {
            return UnknownFunction("substring");
        }

        return CompileSubstring(Compile(source), from is null ? Constant(CheckValue.Integer(1)) : Compile(from), @for is null ? null : Compile(@for));
    }

    /// <summary>TRIM([BOTH | LEADING | TRAILING] [characters] FROM x).</summary>
    private CompiledExpression CompileKeywordTrim(NodeList<SqlExpression> arguments)
    {
        var side = "BOTH";
        SqlExpression? characters = null;
        SqlExpression? source = null;
        foreach (var argument in arguments)
        {
            switch (argument)
            {
                case KeywordArgument { Keyword: "BOTH" or "LEADING" or "TRAILING" } keyword:
                    side = keyword.Keyword;
                    characters = keyword.Value;
                    break;
                case KeywordArgument { Keyword: "FROM", Value: { } value }:
                    source = value;
                    break;
                case KeywordArgument:
                    return UnknownFunction("trim");
                default:
                    characters = argument;
                    break;
            }
        }

        if (source is null)
        {
            return UnknownFunction("trim");
        }

        var text = Compile(source);
        var set = characters is null ? Constant(CheckValue.String(" ")) : Compile(characters);
        return Text2(text, set, (s, c) => CheckValue.String(side switch
        {
            "LEADING" => s.TrimStart(c.ToCharArray()),
            "TRAILING" => s.TrimEnd(c.ToCharArray()),
            _ => s.Trim(c.ToCharArray()),
        }));
    }

    private CompiledExpression CompileReplace(CompiledExpression text, CompiledExpression from, CompiledExpression to)
    {
        var (t, f, r) = (text.Node, from.Node, to.Node);
        return Combine(row =>
        {
            var (a, b, c) = (t(row), f(row), r(row));
            if (a.IsError || b.IsError || c.IsError)
            {
                return CheckValue.Error;
            }

            if (CheckValues.ToText(a, dialect) is not { } source || CheckValues.ToText(b, dialect) is not { } search || CheckValues.ToText(c, dialect) is not { } replacement)
            {
                return CheckValue.Null;
            }

            return CheckValue.String(search.Length == 0 ? source : source.Replace(search, replacement, StringComparison.Ordinal));
        }, text, from, to);
    }

    private CompiledExpression CompileConcat(CompiledExpression[] args)
    {
        var nodes = args.Select(a => a.Node).ToArray();

        // MySQL's CONCAT is NULL when any argument is; the others skip NULLs.
        var nullWins = dialect == SqlDialect.MySql;
        return Combine(row =>
        {
            var text = new StringBuilder();
            foreach (var node in nodes)
            {
                var value = node(row);
                if (value.IsError)
                {
                    return value;
                }

                if (CheckValues.ToText(value, dialect) is { } part)
                {
                    text.Append(part);
                }
                else if (nullWins)
                {
                    return CheckValue.Null;
                }
            }

            return CheckValue.String(text.ToString());
        }, args);
    }

    private static CompiledExpression CompileCoalesce(CompiledExpression[] args)
    {
        var nodes = args.Select(a => a.Node).ToArray();
        return Combine(row =>
        {
            foreach (var node in nodes)
            {
                var value = node(row);
                if (!value.IsNull)
                {
                    return value;
                }
            }

            return CheckValue.Null;
        }, args);
    }

    private CompiledExpression CompileNullIf(CompiledExpression first, CompiledExpression second)
    {
        var (a, b) = (first.Node, second.Node);
        return Combine(row =>
        {
            var x = a(row);
            var y = b(row);
            if (x.IsError || y.IsError)
            {
                return CheckValue.Error;
            }

            var equal = Comparison(x, y, c => c == 0);
            return !equal.IsNull && equal.Number != 0 ? CheckValue.Null : x;
        }, first, second);
    }

    private static CompiledExpression CompileIf(CompiledExpression condition, CompiledExpression then, CompiledExpression otherwise)
    {
        var (c, t, e) = (condition.Node, then.Node, otherwise.Node);
        return Combine(row =>
        {
            var test = c(row);
            return test.IsError ? test : CheckValues.Truth(test) == true ? t(row) : e(row);
        }, condition, then, otherwise);
    }

    private CheckValue Abs(CheckValue value)
    {
        if (!CheckValues.TryNumeric(value, out var number))
        {
            return Failure;
        }

        return number.Kind == CheckValueKind.Float ? CheckValue.Float(Math.Abs(number.Real)) : CheckValue.Decimal(Math.Abs(number.Number), number.IsInteger);
    }

    private CheckValue Round(CheckValue value, int digits)
    {
        if (!CheckValues.TryNumeric(value, out var number))
        {
            return Failure;
        }

        if (number.Kind == CheckValueKind.Float)
        {
            return CheckValue.Float(digits >= 0 ? Math.Round(number.Real, Math.Min(digits, 15), MidpointRounding.AwayFromZero) : Math.Round(number.Real / Math.Pow(10, -digits), MidpointRounding.AwayFromZero) * Math.Pow(10, -digits));
        }

        if (digits >= 0)
        {
            return CheckValue.Decimal(Math.Round(number.Number, digits, MidpointRounding.AwayFromZero), number.IsInteger);
        }

        var scale = (decimal)Math.Pow(10, -digits);
        return CheckValue.Decimal(Math.Round(number.Number / scale, MidpointRounding.AwayFromZero) * scale, number.IsInteger);
    }

    private CheckValue Rounded(CheckValue value, Func<decimal, decimal> exact, Func<double, double> real)
    {
        if (!CheckValues.TryNumeric(value, out var number))
        {
            return Failure;
        }

        return number.Kind == CheckValueKind.Float ? CheckValue.Float(real(number.Real)) : CheckValue.Decimal(exact(number.Number), number.IsInteger);
    }

    /// <summary>SQLite's date(x, modifiers…), datetime(…) and time(…): ISO text; 'now' is the reference time.</summary>
    private CompiledExpression CompileSqliteDate(string name, NodeList<SqlExpression> arguments, CompiledExpression[] args)
    {
        var modifiers = new List<Func<DateTime, DateTime>>();
        for (var i = 1; i < arguments.Count; i++)
        {
            if (TryConstant(arguments[i]) is not { Value.Kind: CheckValueKind.Text } modifier || SqliteModifier(modifier.Value.Text) is not { } shift)
            {
                return Refuse($"the {name.ToLowerInvariant()}() modifier {SqlFormatter.Format(arguments[i], dialect)}");
            }

            modifiers.Add(shift);
        }

        var format = name switch
        {
            "DATE" => "yyyy-MM-dd",
            "TIME" => "HH:mm:ss",
            _ => "yyyy-MM-dd HH:mm:ss",
        };
        var reference = now;
        var compiled = Map(args[0], value =>
        {
            DateTime instant;
            if (value.IsDateTime)
            {
                instant = value.DateTime;
            }
            else if (value.Kind == CheckValueKind.Text && value.Text.Equals("now", StringComparison.OrdinalIgnoreCase))
            {
                instant = reference;
            }
            else if (value.Kind != CheckValueKind.Text || !CheckValues.TryParseDateTime(value.Text, out instant))
            {
                return CheckValue.Null;
            }

            try
            {
                foreach (var modifier in modifiers)
                {
                    instant = modifier(instant);
                }
            }
            catch (ArgumentOutOfRangeException)
            {
                return CheckValue.Null;
            }

            return CheckValue.String(instant.ToString(format, CultureInfo.InvariantCulture));
        });
        return args[0].UsesNow || arguments[0] is not LiteralExpression { Value: var text } || !text.Equals("now", StringComparison.OrdinalIgnoreCase)
            ? compiled
            : compiled with { UsesNow = true };
    }

    /// <summary>'+3 days', '-1 month', 'start of month' and friends.</summary>
    private static Func<DateTime, DateTime>? SqliteModifier(string modifier)
    {
        var text = modifier.Trim().ToLowerInvariant();
        switch (text)
        {
            case "start of day":
                return d => d.Date;
            case "start of month":
                return d => new DateTime(d.Year, d.Month, 1);
            case "start of year":
                return d => new DateTime(d.Year, 1, 1);
            case "utc" or "localtime":
                return d => d;
        }

        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !decimal.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) ||
            !TryUnit(parts[1], amount, out var months, out var ticks))
        {
            return null;
        }

        return d => d.AddMonths(months).AddTicks(ticks);
    }
}
