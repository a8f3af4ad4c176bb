using System.Collections.Frozen;

namespace Appliance.Core.Sql;

public sealed partial class SqlParser
{
    /// <summary>Binding strength of operators, loosest first (PostgreSQL's order, with the MySQL and T-SQL operators slotted in).</summary>
    internal static class Level
    {
        public const int Or = 1;
        public const int Xor = 2;
        public const int And = 3;
        public const int Not = 4;
        public const int Is = 5;
        public const int Comparison = 6;
        public const int Like = 7;
        public const int Other = 8;
        public const int Additive = 9;
        public const int Multiplicative = 10;
        public const int Exponent = 11;
        public const int AtTimeZone = 12;
        public const int Collate = 13;
        public const int Unary = 14;
        public const int Postfix = 15;
    }

    private enum Infix
    {
        None,
        Binary,
        Comparison,
        Is,
        IsNullWord,
        Between,
        In,
        Like,
        AtTimeZone,
        Collate,
        Cast,
        Subscript,
        Field,
    }

    private static readonly FrozenSet<string> PostgresTypedLiteralTypes = new[]
    {
        "DATE", "TIME", "TIMESTAMP", "TIMESTAMPTZ", "TIMETZ", "JSON", "JSONB", "UUID", "INET", "CIDR", "MACADDR", "NUMERIC",
        "DECIMAL", "INT", "INT2", "INT4", "INT8", "INTEGER", "BIGINT", "SMALLINT", "TEXT", "VARCHAR", "BOOLEAN", "BOOL", "REAL",
        "FLOAT4", "FLOAT8", "BYTEA", "XML", "POINT", "MONEY", "TSQUERY", "TSVECTOR", "REGCLASS", "DATERANGE", "TSTZRANGE", "INT4RANGE",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> MySqlTypedLiteralTypes = new[] { "DATE", "TIME", "TIMESTAMP" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> IntervalUnits = new[]
    {
        "YEAR", "YEARS", "QUARTER", "MONTH", "MONTHS", "WEEK", "WEEKS", "DAY", "DAYS", "HOUR", "HOURS", "MINUTE", "MINUTES",
        "SECOND", "SECONDS", "MICROSECOND", "MILLISECOND", "YEAR_MONTH", "DAY_HOUR", "DAY_MINUTE", "DAY_SECOND", "HOUR_MINUTE",
        "HOUR_SECOND", "MINUTE_SECOND", "DAY_MICROSECOND", "HOUR_MICROSECOND", "MINUTE_MICROSECOND", "SECOND_MICROSECOND",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // PostgreSQL's built-in prefix operators: absolute value, roots, factorial, geometric centre and friends.
    private static readonly FrozenSet<string> PostgresPrefixOperators = new[] { "@", "|/", "||/", "!!", "@-@", "@@", "#", "##", "?-", "?|" }.ToFrozenSet();

    private static readonly FrozenSet<string> ComparisonOperators = new[] { "=", "<", ">", "<=", ">=", "<>", "!=", "<=>", "==", "!<", "!>" }.ToFrozenSet();

    private static readonly FrozenSet<string> AssignmentOperators = new[] { "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "=>", ":" }.ToFrozenSet();

    private SqlExpression ParseExpression() => ParseBinary(Level.Or);

    /// <summary>Precedence climbing: operands bind to operators at least as strong as <paramref name="minLevel"/>.</summary>
    private SqlExpression ParseBinary(int minLevel)
    {
        Enter();
        var left = ParseUnary();
        var chain = 0;
        while (true)
        {
            var (infix, level) = PeekInfix(left);
            if (infix == Infix.None || level < minLevel)
            {
                break;
            }

            if (++chain + depth > MaxTreeDepth)
            {
                FailWith(Current, $"the expression chains more than {MaxTreeDepth} operators");
            }

            left = ParseInfix(left, infix, level);
        }

        Leave();
        return left;
    }

    private SqlExpression ParseUnary()
    {
        var token = Current;
        if (IsWord("NOT"))
        {
            index++;
            return Mark(new UnaryExpression("NOT", ParseBinary(Level.Not + 1)), token);
        }

        if (token.Kind == SqlTokenKind.Operator)
        {
            var op = TextOf(token);
            if (op is "-" or "+" or "~" || (op == "!" && dialect == SqlDialect.MySql) || (dialect == SqlDialect.Postgres && PostgresPrefixOperators.Contains(op)))
            {
                index++;
                return Mark(new UnaryExpression(op, ParseBinary(Level.Unary)), token);
            }
        }

        if (dialect == SqlDialect.MySql && IsWord("BINARY"))
        {
            index++;
            return Mark(new UnaryExpression("BINARY", ParseBinary(Level.Unary)), token);
        }

        return ParsePrimary();
    }

    private (Infix Kind, int Level) PeekInfix(SqlExpression left)
    {
        var token = Current;
        switch (token.Kind)
        {
            case SqlTokenKind.Word:
                return PeekWordInfix();
            case SqlTokenKind.Operator:
                var op = TextOf(token);
                if (ComparisonOperators.Contains(op))
                {
                    return (Infix.Comparison, Level.Comparison);
                }

                return op switch
                {
                    "+" or "-" => (Infix.Binary, Level.Additive),
                    "*" or "/" or "%" => (Infix.Binary, Level.Multiplicative),
                    "^" => (Infix.Binary, dialect == SqlDialect.Postgres ? Level.Exponent : Level.Other),
                    "::" => (Infix.Cast, Level.Postfix),
                    "||" when dialect == SqlDialect.MySql => (Infix.Binary, Level.Or),
                    "&&" when dialect == SqlDialect.MySql => (Infix.Binary, Level.And),
                    ":=" => (Infix.Binary, Level.Or),
                    _ when AssignmentOperators.Contains(op) => (Infix.None, 0),
                    _ => (Infix.Binary, Level.Other),
                };
            case SqlTokenKind.LeftBracket when dialect == SqlDialect.Postgres:
                return (Infix.Subscript, Level.Postfix);
            case SqlTokenKind.Dot when left is ParenthesizedExpression or FunctionCall or SubscriptExpression or FieldExpression:
                return (Infix.Field, Level.Postfix);
            default:
                return (Infix.None, 0);
        }
    }

    private (Infix Kind, int Level) PeekWordInfix()
    {
        var word = SpanOf(Current);
        if (word.Length > 10)
        {
            return (Infix.None, 0);
        }

        Span<char> upper = stackalloc char[word.Length];
        word.ToUpperInvariant(upper);
        switch (upper)
        {
            case "AND":
                return (Infix.Binary, Level.And);
            case "OR":
                return (Infix.Binary, Level.Or);
            case "XOR" when dialect == SqlDialect.MySql:
                return (Infix.Binary, Level.Xor);
            case "IS":
                return (Infix.Is, Level.Is);
            case "ISNULL" or "NOTNULL" when dialect is SqlDialect.Postgres or SqlDialect.Sqlite:
                return (Infix.IsNullWord, Level.Is);
            case "BETWEEN":
                return (Infix.Between, Level.Like);
            case "IN":
                return (Infix.In, Level.Like);
            case "LIKE" or "ILIKE" or "SIMILAR" or "REGEXP" or "RLIKE" or "GLOB":
                return (Infix.Like, Level.Like);
            case "NOT":
                var next = Peek(1);
                if (IsWordToken(next, "BETWEEN"))
                {
                    return (Infix.Between, Level.Like);
                }

                if (IsWordToken(next, "IN"))
                {
                    return (Infix.In, Level.Like);
                }

                return IsWordToken(next, "LIKE") || IsWordToken(next, "ILIKE") || IsWordToken(next, "SIMILAR") ||
                    IsWordToken(next, "REGEXP") || IsWordToken(next, "RLIKE") || IsWordToken(next, "GLOB")
                    ? (Infix.Like, Level.Like)
                    : (Infix.None, 0);
            case "DIV" or "MOD" when dialect == SqlDialect.MySql:
                return (Infix.Binary, Level.Multiplicative);
            case "AT" when IsWordAt(1, "TIME") && IsWordAt(2, "ZONE"):
                return (Infix.AtTimeZone, Level.AtTimeZone);
            case "COLLATE":
                return (Infix.Collate, Level.Collate);
            case "OVERLAPS" when dialect == SqlDialect.Postgres:
                return (Infix.Binary, Level.Other);
            default:
                return (Infix.None, 0);
        }
    }

    private SqlExpression ParseInfix(SqlExpression left, Infix infix, int level)
    {
        var token = Current;
        switch (infix)
        {
            case Infix.Binary:
            {
                var op = token.Kind == SqlTokenKind.Word ? UpperOf(token) : TextOf(token);
                index++;
                var right = op == ":=" ? ParseBinary(level) : ParseBinary(level + 1);
                return Mark(new BinaryExpression(left, op, right), token);
            }

            case Infix.Comparison:
            {
                var op = TextOf(token);
                index++;
                if (IsAnyWord("ANY", "SOME", "ALL") && Peek(1).Kind == SqlTokenKind.LeftParen)
                {
                    return ParseQuantified(left, op, token);
                }

                return Mark(new BinaryExpression(left, op, ParseBinary(level + 1)), token);
            }

            case Infix.Is:
                return ParseIs(left, token);

            case Infix.IsNullWord:
                index++;
                return Mark(new IsExpression(left, IsWordToken(token, "NOTNULL"), SqlIsTest.Null), token);

            case Infix.Between:
            {
                var negated = AcceptWord("NOT");
                ExpectWord("BETWEEN");
                var symmetric = AcceptWord("SYMMETRIC");
                if (!symmetric)
                {
                    AcceptWord("ASYMMETRIC");
                }

                var low = ParseBinary(Level.Other);
                ExpectWord("AND");
                var high = ParseBinary(Level.Other);
                return Mark(new BetweenExpression(left, negated, symmetric, low, high), token);
            }

            case Infix.In:
                return ParseIn(left, token);

            case Infix.Like:
                return ParseLike(left, token);

            case Infix.AtTimeZone:
                index += 3;
                return Mark(new BinaryExpression(left, "AT TIME ZONE", ParseBinary(level + 1)), token);

            case Infix.Collate:
                index++;
                return Mark(new CollateExpression(left, ParseObjectName("a collation name")), token);

            case Infix.Cast:
                index++;
                return Mark(new CastExpression(left, ParseDataType(), SqlCastSyntax.Colons), token);

            case Infix.Subscript:
            {
                index++;
                var lower = IsOperator(":") || Is(SqlTokenKind.RightBracket) ? null : ParseExpression();
                var slice = AcceptOperator(":");
                var upper = slice && !Is(SqlTokenKind.RightBracket) ? ParseExpression() : null;
                Expect(SqlTokenKind.RightBracket);
                return Mark(new SubscriptExpression(left, lower, upper, slice), token);
            }

            case Infix.Field:
            {
                index++;
                if (AcceptOperator("*"))
                {
                    return Mark(new FieldExpression(left, null), token);
                }

                if (Current.Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier))
                {
                    Fail("a field name or \"*\"");
                }

                var field = IdentifierFrom(Current);
                index++;
                return Mark(new FieldExpression(left, field), token);
            }

            default:
                return Fail<SqlExpression>("an operator");
        }
    }

    private QuantifiedExpression ParseQuantified(SqlExpression left, string op, SqlToken at)
    {
        var quantifier = UpperOf(Current) switch
        {
            "ANY" => SqlQuantifier.Any,
            "SOME" => SqlQuantifier.Some,
            _ => SqlQuantifier.All,
        };
        index++;
        Expect(SqlTokenKind.LeftParen);
        SqlExpression source = StartsQuery(0, throughParentheses: false) ? new SubqueryExpression(ParseQuery()) : ParseExpression();
        Expect(SqlTokenKind.RightParen);
        return Mark(new QuantifiedExpression(left, op, quantifier, source), at);
    }

    private IsExpression ParseIs(SqlExpression left, SqlToken at)
    {
        index++;
        var negated = AcceptWord("NOT");
        if (AcceptWord("NULL"))
        {
            return Mark(new IsExpression(left, negated, SqlIsTest.Null), at);
        }

        if (AcceptWord("TRUE"))
        {
            return Mark(new IsExpression(left, negated, SqlIsTest.True), at);
        }

        if (AcceptWord("FALSE"))
        {
            return Mark(new IsExpression(left, negated, SqlIsTest.False), at);
        }

        if (AcceptWord("UNKNOWN"))
        {
            return Mark(new IsExpression(left, negated, SqlIsTest.Unknown), at);
        }

        if (AcceptWords("DISTINCT", "FROM"))
        {
            return Mark(new IsExpression(left, negated, SqlIsTest.DistinctFrom, ParseBinary(Level.Comparison + 1)), at);
        }

        return Fail<IsExpression>("NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM");
    }

    private SqlExpression ParseIn(SqlExpression left, SqlToken at)
    {
        var negated = AcceptWord("NOT");
        ExpectWord("IN");
        Expect(SqlTokenKind.LeftParen);
        if (StartsQuery(0, throughParentheses: false))
        {
            var query = ParseQuery();
            Expect(SqlTokenKind.RightParen);
            return Mark(new InSubqueryExpression(left, negated, query), at);
        }

        var items = ParseExpressionList();
        Expect(SqlTokenKind.RightParen);
        return Mark(new InListExpression(left, negated, items), at);
    }

    private SqlExpression ParseLike(SqlExpression left, SqlToken at)
    {
        var negated = AcceptWord("NOT");
        var op = UpperOf(Current);
        index++;
        if (op == "SIMILAR")
        {
            ExpectWord("TO");
            op = "SIMILAR TO";
        }

        if (IsAnyWord("ANY", "SOME", "ALL") && Peek(1).Kind == SqlTokenKind.LeftParen)
        {
            return ParseQuantified(left, negated ? "NOT " + op : op, at);
        }

        var pattern = ParseBinary(Level.Like + 1);
        var escape = AcceptWord("ESCAPE") ? ParseBinary(Level.Like + 1) : null;
        return Mark(new LikeExpression(left, negated, op, pattern, escape), at);
    }

    private NodeList<SqlExpression> ParseExpressionList()
    {
        var items = new List<SqlExpression> { ParseExpression() };
        while (Accept(SqlTokenKind.Comma))
        {
            items.Add(ParseExpression());
        }

        return NodeList.Own(items);
    }

    private SqlExpression ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case SqlTokenKind.Number:
                index++;
                var number = TextOf(token);
                var binary = number.Length > 1 && number[0] == '0' && number[1] is 'x' or 'X' or 'b';
                return Mark(new LiteralExpression(binary ? SqlLiteralKind.Binary : SqlLiteralKind.Number, number, number), token);
            case SqlTokenKind.String:
                index++;
                return Mark(StringLiteral(token), token);
            case SqlTokenKind.Parameter:
                index++;
                return Mark(new ParameterExpression(TextOf(token)), token);
            case SqlTokenKind.Operator when IsOperator("*"):
                index++;
                return Mark(new StarExpression(null), token);
            case SqlTokenKind.Operator when IsOperator("?"):
                index++;
                return Mark(new ParameterExpression("?"), token);
            case SqlTokenKind.LeftParen:
                return ParseParenthesized();
            case SqlTokenKind.Word:
                return ParseWordPrimary();
            case SqlTokenKind.QuotedIdentifier:
                return ParseNameOrCall();
            default:
                return Fail<SqlExpression>("an expression");
        }
    }

    private LiteralExpression StringLiteral(SqlToken token) => new(
        token.Style is SqlStringStyle.Hex or SqlStringStyle.Bit ? SqlLiteralKind.Binary : SqlLiteralKind.String,
        TextOf(token),
        token.Value ?? "");

    private SqlExpression ParseParenthesized()
    {
        var token = Current;
        if (StartsQuery(1, throughParentheses: false))
        {
            index++;
            var query = ParseQuery();
            Expect(SqlTokenKind.RightParen);
            return Mark(new SubqueryExpression(query), token);
        }

        index++;
        var first = ParseExpression();
        if (Accept(SqlTokenKind.Comma))
        {
            var items = new List<SqlExpression> { first, ParseExpression() };
            while (Accept(SqlTokenKind.Comma))
            {
                items.Add(ParseExpression());
            }

            Expect(SqlTokenKind.RightParen);
            return Mark(new RowExpression(NodeList.Own(items)), token);
        }

        Expect(SqlTokenKind.RightParen);
        return Mark(new ParenthesizedExpression(first), token);
    }

    private SqlExpression ParseWordPrimary()
    {
        var token = Current;
        var upper = UpperOf(token);
        var next = Peek(1);
        var call = next.Kind == SqlTokenKind.LeftParen;
        switch (upper)
        {
            case "NULL":
                index++;
                return new LiteralExpression(SqlLiteralKind.Null, "NULL", "NULL");
            case "TRUE" or "FALSE" when dialect != SqlDialect.TSql:
                index++;
                return new LiteralExpression(SqlLiteralKind.Boolean, upper, upper);
            case "CASE":
                return ParseCase();
            case "CAST" or "TRY_CAST" when call:
                return ParseCast(upper == "CAST" ? SqlCastSyntax.Cast : SqlCastSyntax.TryCast);
            case "CONVERT" when call && dialect == SqlDialect.TSql:
                return ParseTSqlConvert(SqlCastSyntax.Convert);
            case "TRY_CONVERT" when call && dialect == SqlDialect.TSql:
                return ParseTSqlConvert(SqlCastSyntax.TryConvert);
            case "CONVERT" when call && dialect == SqlDialect.MySql:
                return ParseMySqlConvert();
            case "EXTRACT" when call:
                return ParseExtract();
            case "EXISTS" when call:
            {
                index += 2;
                var query = ParseQuery();
                Expect(SqlTokenKind.RightParen);
                return Mark(new ExistsExpression(query), token);
            }

            case "INTERVAL" when IsIntervalStart(next):
                return ParseInterval();
            case "ARRAY" when dialect == SqlDialect.Postgres && next.Kind is SqlTokenKind.LeftBracket or SqlTokenKind.LeftParen:
                return ParseArray();
            case "ROW" when call:
            {
                index += 2;
                var items = Is(SqlTokenKind.RightParen) ? NodeList<SqlExpression>.Empty : ParseExpressionList();
                Expect(SqlTokenKind.RightParen);
                return Mark(new RowExpression(items, RowKeyword: true), token);
            }
        }

        if (next.Kind == SqlTokenKind.String && next.Style == SqlStringStyle.Plain &&
            (dialect == SqlDialect.Postgres ? PostgresTypedLiteralTypes : dialect == SqlDialect.MySql ? MySqlTypedLiteralTypes : null)?.Contains(upper) == true)
        {
            index += 2;
            return Mark(new TypedLiteralExpression(upper, StringLiteral(next)), token);
        }

        if (IsReservedWord(token))
        {
            if (SqlKeywords.ValueKeywords.Contains(upper) && !call)
            {
                index++;
                return Mark(new KeywordExpression(upper), token);
            }

            if (!(call && SqlKeywords.FunctionNames.Contains(upper)))
            {
                return Fail<SqlExpression>("an expression");
            }
        }

        return ParseNameOrCall();
    }

    private bool IsIntervalStart(SqlToken next) => dialect switch
    {
        SqlDialect.Postgres => next.Kind is SqlTokenKind.String or SqlTokenKind.Parameter,
        SqlDialect.MySql => next.Kind is SqlTokenKind.String or SqlTokenKind.Number or SqlTokenKind.Parameter or SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier ||
            (next.Kind == SqlTokenKind.Operator && TextOf(next) is "-" or "+"),
        _ => false,
    };

    /// <summary>A column reference, a qualified star, or a function call.</summary>
    private SqlExpression ParseNameOrCall()
    {
        var start = Current;
        var parts = new List<SqlIdentifier>(2) { NamePart() };
        index++;
        while (Is(SqlTokenKind.Dot))
        {
            var next = Peek(1);
            if (next.Kind == SqlTokenKind.Operator && TextOf(next) == "*")
            {
                index += 2;
                return Mark(new StarExpression(Mark(new SqlObjectName(NodeList.Own(parts)), start)), start);
            }

            if (next.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
            {
                index++;
                parts.Add(NamePart());
                index++;
            }
            else if (dialect == SqlDialect.TSql && next.Kind == SqlTokenKind.Dot && Peek(2).Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
            {
                index++;
                parts.Add(new SqlIdentifier(""));
            }
            else
            {
                Fail("a name after \".\"");
            }
        }

        var name = Mark(new SqlObjectName(NodeList.Own(parts)), start);
        if (Is(SqlTokenKind.LeftParen))
        {
            return ParseFunctionCall(name, start);
        }

        return Mark(new ColumnExpression(name), start);
    }

    /// <summary>A name part; a reserved word used as a function name (LEFT(…), IF(…)) stays unquoted.</summary>
    private SqlIdentifier NamePart() =>
        Current.Kind == SqlTokenKind.Word && Peek(1).Kind == SqlTokenKind.LeftParen && IsReservedWord(Current)
            ? new SqlIdentifier(TextOf(Current))
            : IdentifierFrom(Current);

    private static string[]? KeywordArgumentsOf(string function) => function switch
    {
        "SUBSTRING" => ["FROM", "FOR"],
        "POSITION" => ["IN"],
        "OVERLAY" => ["PLACING", "FROM", "FOR"],
        "TRIM" => ["BOTH", "LEADING", "TRAILING", "FROM"],
        "OPENROWSET" => ["BULK"],
        _ => null,
    };

    private FunctionCall ParseFunctionCall(SqlObjectName name, SqlToken start)
    {
        Enter();
        Expect(SqlTokenKind.LeftParen);
        var function = name.Parts.Count == 1 ? name.Name.Value.ToUpperInvariant() : "";
        var keywords = KeywordArgumentsOf(function);
        var distinct = false;
        var arguments = new List<SqlExpression>();
        var orderBy = NodeList<SqlOrderItem>.Empty;
        if (!Is(SqlTokenKind.RightParen))
        {
            if (AcceptWord("DISTINCT"))
            {
                distinct = true;
            }
            else if (IsWord("ALL") && Peek(1).Kind is not (SqlTokenKind.RightParen or SqlTokenKind.Comma))
            {
                index++;
            }

            while (true)
            {
                if (keywords is not null && Current.Kind == SqlTokenKind.Word && keywords.Contains(UpperOf(Current)))
                {
                    var keyword = UpperOf(Current);
                    index++;
                    var bare = keyword is "BOTH" or "LEADING" or "TRAILING" && (IsWord("FROM") || Is(SqlTokenKind.RightParen));
                    arguments.Add(new KeywordArgument(keyword, bare ? null : ParseArgument(function, first: false)));
                }
                else if (arguments.Count == 0)
                {
                    arguments.Add(ParseArgument(function, first: true));
                }
                else if (Accept(SqlTokenKind.Comma))
                {
                    arguments.Add(ParseArgument(function, first: false));
                }
                else
                {
                    break;
                }
            }

            if (AcceptWords("ORDER", "BY"))
            {
                orderBy = ParseOrderItems();
            }

            if (dialect == SqlDialect.MySql && AcceptWord("SEPARATOR"))
            {
                arguments.Add(new KeywordArgument("SEPARATOR", ParseExpression()));
            }
        }

        Expect(SqlTokenKind.RightParen);

        var withinGroup = NodeList<SqlOrderItem>.Empty;
        if (IsWord("WITHIN") && IsWordAt(1, "GROUP"))
        {
            index += 2;
            Expect(SqlTokenKind.LeftParen);
            ExpectWord("ORDER");
            ExpectWord("BY");
            withinGroup = ParseOrderItems();
            Expect(SqlTokenKind.RightParen);
        }

        SqlExpression? filter = null;
        if (IsWord("FILTER") && Peek(1).Kind == SqlTokenKind.LeftParen)
        {
            index += 2;
            ExpectWord("WHERE");
            filter = ParseExpression();
            Expect(SqlTokenKind.RightParen);
        }

        SqlWindowSpec? over = null;
        SqlIdentifier? overWindow = null;
        if (AcceptWord("OVER"))
        {
            if (Is(SqlTokenKind.LeftParen))
            {
                over = ParseWindowSpec();
            }
            else
            {
                overWindow = ParseIdentifier("a window name or \"(\"");
            }
        }

        Leave();
        return Mark(
            new FunctionCall
            {
                Name = name,
                Arguments = NodeList.Own(arguments),
                Distinct = distinct,
                OrderBy = orderBy,
                Filter = filter,
                WithinGroup = withinGroup,
                Over = over,
                OverWindow = overWindow,
            },
            start);
    }

    private SqlExpression ParseArgument(string function, bool first)
    {
        var token = Current;
        if (token.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier && IsOperatorAt(1, "=>"))
        {
            index += 2;
            return Mark(new NamedArgument(IdentifierFrom(token), ParseExpression()), token);
        }

        return first && function == "POSITION" ? ParseBinary(Level.Like + 1) : ParseExpression();
    }

    private CaseExpression ParseCase()
    {
        var token = Current;
        Enter();
        index++;
        var operand = IsWord("WHEN") ? null : ParseExpression();
        var whens = new List<SqlWhen>();
        while (AcceptWord("WHEN"))
        {
            var condition = ParseExpression();
            ExpectWord("THEN");
            whens.Add(new SqlWhen(condition, ParseExpression()));
        }

        if (whens.Count == 0)
        {
            Fail("WHEN");
        }

        var otherwise = AcceptWord("ELSE") ? ParseExpression() : null;
        ExpectWord("END");
        Leave();
        return Mark(new CaseExpression(operand, NodeList.Own(whens), otherwise), token);
    }

    private CastExpression ParseCast(SqlCastSyntax syntax)
    {
        var token = Current;
        index += 2;
        var operand = ParseExpression();
        ExpectWord("AS");
        var type = ParseDataType();
        Expect(SqlTokenKind.RightParen);
        return Mark(new CastExpression(operand, type, syntax), token);
    }

    private CastExpression ParseTSqlConvert(SqlCastSyntax syntax)
    {
        var token = Current;
        index += 2;
        var type = ParseDataType();
        Expect(SqlTokenKind.Comma);
        var operand = ParseExpression();
        var style = Accept(SqlTokenKind.Comma) ? ParseExpression() : null;
        Expect(SqlTokenKind.RightParen);
        return Mark(new CastExpression(operand, type, syntax, style), token);
    }

    private SqlExpression ParseMySqlConvert()
    {
        var token = Current;
        var name = Mark(new SqlObjectName([new SqlIdentifier(TextOf(token))]), token);
        index += 2;
        var operand = ParseExpression();
        if (AcceptWord("USING"))
        {
            var charset = Current;
            var charsetName = ParseObjectName("a character set name");
            Expect(SqlTokenKind.RightParen);
            return Mark(
                new FunctionCall { Name = name, Arguments = [operand, new KeywordArgument("USING", Mark(new ColumnExpression(charsetName), charset))] },
                token);
        }

        Expect(SqlTokenKind.Comma);
        var type = ParseDataType();
        Expect(SqlTokenKind.RightParen);
        return Mark(new CastExpression(operand, type, SqlCastSyntax.ConvertValueFirst), token);
    }

    private ExtractExpression ParseExtract()
    {
        var token = Current;
        index += 2;
        string field;
        if (Current.Kind == SqlTokenKind.Word)
        {
            field = UpperOf(Current);
        }
        else if (Current.Kind == SqlTokenKind.String)
        {
            field = TextOf(Current);
        }
        else
        {
            return Fail<ExtractExpression>("a date or time field such as YEAR");
        }

        index++;
        ExpectWord("FROM");
        var source = ParseExpression();
        Expect(SqlTokenKind.RightParen);
        return Mark(new ExtractExpression(field, source), token);
    }

    private IntervalExpression ParseInterval()
    {
        var token = Current;
        index++;
        var value = ParseBinary(Level.Unary);
        string? unit = null;
        if (Current.Kind == SqlTokenKind.Word && IntervalUnits.Contains(UpperOf(Current)))
        {
            unit = UpperOf(Current);
            index++;
            if (dialect == SqlDialect.Postgres && IsWord("TO") && IntervalUnits.Contains(UpperOf(Peek(1))))
            {
                unit += " TO " + UpperOf(Peek(1));
                index += 2;
            }
        }
        else if (dialect == SqlDialect.MySql)
        {
            Fail("an interval unit such as DAY");
        }

        return Mark(new IntervalExpression(value, unit), token);
    }

    private SqlExpression ParseArray()
    {
        var token = Current;
        index++;
        if (Accept(SqlTokenKind.LeftParen))
        {
            var query = ParseQuery();
            Expect(SqlTokenKind.RightParen);
            return Mark(new ArraySubqueryExpression(query), token);
        }

        Expect(SqlTokenKind.LeftBracket);
        return Mark(new ArrayExpression(ParseArrayElements(), ArrayKeyword: true), token);
    }

    /// <summary>Elements after an opening bracket, up to and including the closing one; inner brackets nest.</summary>
    private NodeList<SqlExpression> ParseArrayElements()
    {
        Enter();
        var elements = new List<SqlExpression>();
        if (!Is(SqlTokenKind.RightBracket))
        {
            do
            {
                if (Accept(SqlTokenKind.LeftBracket))
                {
                    elements.Add(new ArrayExpression(ParseArrayElements(), ArrayKeyword: false));
                }
                else
                {
                    elements.Add(ParseExpression());
                }
            }
            while (Accept(SqlTokenKind.Comma));
        }

        Expect(SqlTokenKind.RightBracket);
        Leave();
        return NodeList.Own(elements);
    }

    private SqlWindowSpec ParseWindowSpec()
    {
        Enter();
        Expect(SqlTokenKind.LeftParen);
        SqlIdentifier? baseWindow = null;
        if (IsIdentifierToken(Current) && !IsAnyWord("PARTITION", "ORDER", "ROWS", "RANGE", "GROUPS"))
        {
            baseWindow = ParseIdentifier("a window name");
        }

        var partitionBy = AcceptWords("PARTITION", "BY") ? ParseExpressionList() : NodeList<SqlExpression>.Empty;
        var orderBy = AcceptWords("ORDER", "BY") ? ParseOrderItems() : NodeList<SqlOrderItem>.Empty;
        var frame = IsAnyWord("ROWS", "RANGE", "GROUPS") ? ParseFrame() : null;
        Expect(SqlTokenKind.RightParen);
        Leave();
        return new SqlWindowSpec(baseWindow, partitionBy, orderBy, frame);
    }

    private SqlWindowFrame ParseFrame()
    {
        var units = UpperOf(Current) switch
        {
            "ROWS" => SqlFrameUnits.Rows,
            "RANGE" => SqlFrameUnits.Range,
            _ => SqlFrameUnits.Groups,
        };
        index++;
        SqlFrameBound start;
        SqlFrameBound? end = null;
        if (AcceptWord("BETWEEN"))
        {
            start = ParseFrameBound();
            ExpectWord("AND");
            end = ParseFrameBound();
        }
        else
        {
            start = ParseFrameBound();
        }

        string? exclusion = null;
        if (AcceptWord("EXCLUDE"))
        {
            if (AcceptWords("CURRENT", "ROW"))
            {
                exclusion = "CURRENT ROW";
            }
            else if (AcceptWord("GROUP"))
            {
                exclusion = "GROUP";
            }
            else if (AcceptWord("TIES"))
            {
                exclusion = "TIES";
            }
            else if (AcceptWords("NO", "OTHERS"))
            {
                exclusion = "NO OTHERS";
            }
            else
            {
                Fail("CURRENT ROW, GROUP, TIES or NO OTHERS");
            }
        }

        return new SqlWindowFrame(units, start, end, exclusion);
    }

    private SqlFrameBound ParseFrameBound()
    {
        if (AcceptWord("UNBOUNDED"))
        {
            if (AcceptWord("PRECEDING"))
            {
                return new SqlFrameBound(SqlFrameBoundKind.UnboundedPreceding);
            }

            ExpectWord("FOLLOWING");
            return new SqlFrameBound(SqlFrameBoundKind.UnboundedFollowing);
        }

        if (AcceptWords("CURRENT", "ROW"))
        {
            return new SqlFrameBound(SqlFrameBoundKind.CurrentRow);
        }

        var offset = ParseBinary(Level.Other);
        if (AcceptWord("PRECEDING"))
        {
            return new SqlFrameBound(SqlFrameBoundKind.Preceding, offset);
        }

        if (AcceptWord("FOLLOWING"))
        {
            return new SqlFrameBound(SqlFrameBoundKind.Following, offset);
        }

        return Fail<SqlFrameBound>("PRECEDING or FOLLOWING");
    }

    private NodeList<SqlOrderItem> ParseOrderItems()
    {
        var items = new List<SqlOrderItem>();
        do
        {
            var expression = ParseExpression();
            var direction = AcceptWord("ASC") ? SqlSortDirection.Ascending : AcceptWord("DESC") ? SqlSortDirection.Descending : SqlSortDirection.Unspecified;
            var nulls = SqlNullsOrder.Unspecified;
            if (AcceptWord("NULLS"))
            {
                if (AcceptWord("FIRST"))
                {
                    nulls = SqlNullsOrder.First;
                }
                else
                {
                    ExpectWord("LAST");
                    nulls = SqlNullsOrder.Last;
                }
            }

            items.Add(new SqlOrderItem(expression, direction, nulls));
        }
        while (Accept(SqlTokenKind.Comma));
        return NodeList.Own(items);
    }
}
