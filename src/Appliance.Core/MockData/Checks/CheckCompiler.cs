using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Appliance.Core.Sql;

namespace Appliance.Core.MockData.Checks;

/// <summary>One compiled node: computes its value for the row that <c>valueOf</c> describes.</summary>
internal delegate CheckValue CheckNode(Func<string, object?> valueOf);

/// <summary>A compiled expression; constant when it reads no column (it is then folded to its value), <see cref="UsesNow"/> when it reads the clock.</summary>
internal readonly record struct CompiledExpression(CheckNode Node, bool IsConstant, bool UsesNow);

/// <summary>
/// Compiles a CHECK expression tree once into nested delegates that evaluate it with SQL three-valued logic. Constant
/// parts are folded at compile time. Parts it cannot compute (unknown functions, subqueries) are recorded in
/// <see cref="Unsupported"/> and evaluate to NULL, so a check with any such part must not be evaluated at all.
/// </summary>
internal sealed partial class CheckCompiler
{
    private static readonly Func<string, object?> NoRow = _ => null;
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    private readonly SqlDialect dialect;
    private readonly DateTime now;
    private readonly Func<SqlObjectName, string?> resolveColumn;
    private readonly List<string> columns = [];
    private readonly List<string> unsupported = [];

    /// <param name="resolveColumn">The table's name for a column reference of the text; null when the text names no column of the table.</param>
    public CheckCompiler(SqlDialect dialect, DateTime now, Func<SqlObjectName, string?> resolveColumn)
    {
        this.dialect = dialect;
        this.now = now;
        this.resolveColumn = resolveColumn;
    }

    /// <summary>The columns the compiled expressions read, in order of first appearance.</summary>
    public IReadOnlyList<string> Columns => columns;

    /// <summary>Why parts could not be compiled, e.g. "unknown function foo()"; empty when everything can be evaluated.</summary>
    public IReadOnlyList<string> Unsupported => unsupported;

    public CompiledExpression Compile(SqlExpression expression)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return Refuse("an expression nested too deeply");
        }

        return expression switch
        {
            LiteralExpression { Kind: SqlLiteralKind.Binary } => Refuse("a binary literal"),
            LiteralExpression literal => Constant(LiteralValue(literal)),
            TypedLiteralExpression typed => CompileCast(Constant(LiteralValue(typed.Literal)), TypeOf(typed.TypeName), tryCast: false),
            IntervalExpression interval => CompileInterval(interval),
            ColumnExpression column => CompileColumn(column),
            KeywordExpression keyword => CompileKeyword(keyword.Keyword),
            ParenthesizedExpression parenthesized => Compile(parenthesized.Inner),
            CollateExpression collate => Compile(collate.Operand),
            UnaryExpression unary => CompileUnary(unary),
            BinaryExpression binary => CompileBinary(binary),
            IsExpression test => CompileIs(test),
            BetweenExpression between => CompileBetween(between),
            InListExpression inList => CompileInList(inList),
            LikeExpression like => CompileLike(like),
            QuantifiedExpression quantified => CompileQuantified(quantified),
            FunctionCall call => CompileFunction(call),
            CaseExpression @case => CompileCase(@case),
            CastExpression cast => CompileCast(Compile(cast.Operand), TypeOf(cast.Type), cast.Syntax is SqlCastSyntax.TryCast or SqlCastSyntax.TryConvert),
            ExtractExpression extract => CompileExtract(extract.Field.Trim('\'').ToUpperInvariant(), Compile(extract.Source)),
            _ => Refuse(Describe(expression)),
        };
    }

    /// <summary>The value of an expression that reads no column (clock included), e.g. <c>(1000000)::numeric</c>; null when it reads columns or cannot be computed.</summary>
    public (CheckValue Value, bool UsesNow)? TryConstant(SqlExpression expression)
    {
        var before = unsupported.Count;
        var compiled = Compile(expression);
        if (!compiled.IsConstant || unsupported.Count > before)
        {
            unsupported.RemoveRange(before, unsupported.Count - before);
            return null;
        }

        return (compiled.Node(NoRow), compiled.UsesNow);
    }

    // ---- Building blocks ------------------------------------------------------------------------------------------

    private static CompiledExpression Constant(CheckValue value, bool usesNow = false) => new(_ => value, true, usesNow);

    private CompiledExpression Refuse(string what)
    {
        unsupported.Add(what);
        return new CompiledExpression(_ => CheckValue.Null, false, false);
    }

    /// <summary>A node over <paramref name="operands"/>; when all are constant it is evaluated now and replaced by its value.</summary>
    private static CompiledExpression Combine(CheckNode node, params ReadOnlySpan<CompiledExpression> operands)
    {
        var constant = true;
        var usesNow = false;
        foreach (var operand in operands)
        {
            constant &= operand.IsConstant;
            usesNow |= operand.UsesNow;
        }

        return constant ? Constant(node(NoRow), usesNow) : new CompiledExpression(node, false, usesNow);
    }

    private static CompiledExpression Map(CompiledExpression operand, Func<CheckValue, CheckValue> map)
    {
        var node = operand.Node;
        return Combine(row =>
        {
            var value = node(row);
            return value.IsNull || value.IsError ? value : map(value);
        }, operand);
    }

    private static string Describe(SqlNode node) => node switch
    {
        SubqueryExpression or ExistsExpression or InSubqueryExpression => "a subquery",
        ParameterExpression p => "the parameter " + p.Name,
        _ => "the construct " + node.GetType().Name.Replace("Expression", "", StringComparison.Ordinal).ToLowerInvariant(),
    };

    /// <summary>The database raises an error here in PostgreSQL and SQL Server; MySQL and SQLite give NULL instead.</summary>
    private CheckValue Failure => dialect is SqlDialect.Postgres or SqlDialect.TSql ? CheckValue.Error : CheckValue.Null;

    // ---- Leaves ---------------------------------------------------------------------------------------------------

    private static CheckValue LiteralValue(LiteralExpression literal)
    {
        switch (literal.Kind)
        {
            case SqlLiteralKind.Number:
                var text = literal.Value;
                var isInteger = text.AsSpan().IndexOfAny('.', 'e', 'E') < 0;
                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return CheckValue.Decimal(number, isInteger);
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) ? CheckValue.Float(real) : CheckValue.Null;
            case SqlLiteralKind.String:
                return CheckValue.String(literal.Value);
            case SqlLiteralKind.Boolean:
                return CheckValue.Bool(literal.Value.Equals("TRUE", StringComparison.OrdinalIgnoreCase));
            default:
                return CheckValue.Null;
        }
    }

    private CompiledExpression CompileColumn(ColumnExpression column)
    {
        var name = resolveColumn(column.Name);
        if (name is null)
        {
            // SQLite reads a double-quoted word that names no column as a string literal.
            return dialect == SqlDialect.Sqlite && column.Name.Parts.Count == 1
                ? Constant(CheckValue.String(column.Name.Name.Value))
                : Refuse($"the unknown column {column.Name}");
        }

        if (!columns.Contains(name))
        {
            columns.Add(name);
        }

        return new CompiledExpression(row => CheckValue.FromClr(row(name)), false, false);
    }

    private CompiledExpression CompileKeyword(string keyword) => keyword switch
    {
        "CURRENT_DATE" or "UTC_DATE" => Constant(Today(), usesNow: true),
        "CURRENT_TIMESTAMP" or "LOCALTIMESTAMP" or "UTC_TIMESTAMP" => Constant(Now(), usesNow: true),
        "CURRENT_TIME" or "LOCALTIME" or "UTC_TIME" => Constant(
            dialect == SqlDialect.Sqlite ? CheckValue.String(now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)) : CheckValue.Time(now.TimeOfDay.Ticks),
            usesNow: true),
        _ => Refuse("the keyword " + keyword),
    };

    /// <summary>SQLite has no date type: its CURRENT_DATE / CURRENT_TIMESTAMP are ISO text, compared as text.</summary>
    private CheckValue Today() => dialect == SqlDialect.Sqlite
        ? CheckValue.String(now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
        : CheckValue.Date(now);

    private CheckValue Now() => dialect == SqlDialect.Sqlite
        ? CheckValue.String(now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))
        : CheckValue.Timestamp(now);

    // ---- Operators ------------------------------------------------------------------------------------------------

    private CompiledExpression CompileUnary(UnaryExpression unary)
    {
        var operand = Compile(unary.Operand);
        switch (unary.Operator)
        {
            case "NOT" or "!":
            {
                var node = operand.Node;
                return Combine(row => Not(node(row)), operand);
            }

            case "-":
                return Map(operand, Negate);
            case "+" or "BINARY":
                return operand;
            case "@" when dialect == SqlDialect.Postgres:
                return Map(operand, Abs);
            case "~":
                return Map(operand, v => CheckValues.TryNumeric(v, out var n) && n.Kind == CheckValueKind.Number && n.IsInteger && n.Number is >= long.MinValue and <= long.MaxValue
                    ? CheckValue.Integer(~(long)n.Number)
                    : CheckValue.Null);
            default:
                return Refuse($"the operator {unary.Operator}");
        }
    }

    private CheckValue Negate(CheckValue value)
    {
        if (value.Kind == CheckValueKind.Interval)
        {
            return CheckValue.Interval(-(int)value.Number, -value.Ticks);
        }

        if (!CheckValues.TryNumeric(value, out var number))
        {
            return Failure;
        }

        return number.Kind == CheckValueKind.Float ? CheckValue.Float(-number.Real) : CheckValue.Decimal(-number.Number, number.IsInteger);
    }

    private CompiledExpression CompileBinary(BinaryExpression binary)
    {
        var op = binary.Operator;
        if (op is "AND" or "&&" && (op == "AND" || dialect == SqlDialect.MySql))
        {
            return CompileAnd(Compile(binary.Left), Compile(binary.Right));
        }

        if (op == "OR" || (op == "||" && dialect == SqlDialect.MySql))
        {
            return CompileOr(Compile(binary.Left), Compile(binary.Right));
        }

        var left = Compile(binary.Left);
        var right = Compile(binary.Right);
        var l = left.Node;
        var r = right.Node;
        switch (op)
        {
            case "XOR":
                return Combine(row => Xor(l(row), r(row)), left, right);
            case "=" or "==" or "<>" or "!=" or "<" or "<=" or ">" or ">=" or "!<" or "!>":
            {
                var test = ComparisonTest(op);
                return Combine(row => Comparison(l(row), r(row), test), left, right);
            }

            case "<=>":
                return Combine(row => NullSafeEqual(l(row), r(row)), left, right);
            case "+" or "-" or "*" or "/" or "%" or "DIV" or "MOD":
                return Combine(row => Arithmetic(op, l(row), r(row)), left, right);
            case "||":
                return Combine(row => Concat(l(row), r(row)), left, right);

            // PostgreSQL reports LIKE / ILIKE in constraint definitions as ~~ / ~~*.
            case "~~" or "~~*" or "!~~" or "!~~*" when dialect == SqlDialect.Postgres:
                return CompileMatch(left, right, op.EndsWith('*'), op[0] == '!', p => SqlPatterns.FromLike(p, '\\', dialect, "\\z"));
            case "~" or "~*" or "!~" or "!~*" when dialect == SqlDialect.Postgres:
                return CompileMatch(left, right, op.Contains('*', StringComparison.Ordinal), op[0] == '!', SqlPatterns.FromPosix);
            case "&" or "|" or "^" or "<<" or ">>" when !(op == "^" && dialect == SqlDialect.Postgres):
                return Combine(row => Bitwise(op, l(row), r(row)), left, right);
            default:
                return Refuse($"the operator {op}");
        }
    }

    private static CompiledExpression CompileAnd(CompiledExpression left, CompiledExpression right)
    {
        var l = left.Node;
        var r = right.Node;

        // Left to right with short-circuit, as the engines do in practice: FALSE AND error is FALSE.
        return Combine(row =>
        {
            var a = l(row);
            if (a.IsError)
            {
                return a;
            }

            var aTruth = CheckValues.Truth(a);
            if (aTruth == false)
            {
                return CheckValue.False;
            }

            var b = r(row);
            if (b.IsError)
            {
                return b;
            }

            var bTruth = CheckValues.Truth(b);
            return bTruth == false ? CheckValue.False : aTruth == true && bTruth == true ? CheckValue.True : CheckValue.Null;
        }, left, right);
    }

    private static CompiledExpression CompileOr(CompiledExpression left, CompiledExpression right)
    {
        var l = left.Node;
        var r = right.Node;
        return Combine(row =>
        {
            var a = l(row);
            if (a.IsError)
            {
                return a;
            }

            var aTruth = CheckValues.Truth(a);
            if (aTruth == true)
            {
                return CheckValue.True;
            }

            var b = r(row);
            if (b.IsError)
            {
                return b;
            }

            var bTruth = CheckValues.Truth(b);
            return bTruth == true ? CheckValue.True : aTruth == false && bTruth == false ? CheckValue.False : CheckValue.Null;
        }, left, right);
    }

    private static CheckValue Not(CheckValue value) =>
        value.IsError ? value : CheckValues.Truth(value) is { } truth ? CheckValue.Bool(!truth) : CheckValue.Null;

    private static CheckValue Xor(CheckValue a, CheckValue b)
    {
        if (a.IsError || b.IsError)
        {
            return CheckValue.Error;
        }

        return CheckValues.Truth(a) is { } x && CheckValues.Truth(b) is { } y ? CheckValue.Bool(x ^ y) : CheckValue.Null;
    }

    private static Func<int, bool> ComparisonTest(string op) => op switch
    {
        "=" or "==" => c => c == 0,
        "<>" or "!=" => c => c != 0,
        "<" => c => c < 0,
        "<=" or "!>" => c => c <= 0,
        ">" => c => c > 0,
        _ => c => c >= 0,
    };

    private CheckValue Comparison(CheckValue a, CheckValue b, Func<int, bool> test)
    {
        if (a.IsError || b.IsError)
        {
            return CheckValue.Error;
        }

        if (a.IsNull || b.IsNull)
        {
            return CheckValue.Null;
        }

        return CheckValues.Compare(a, b, dialect) is { } order ? CheckValue.Bool(test(order)) : CheckValue.Null;
    }

    private CheckValue NullSafeEqual(CheckValue a, CheckValue b)
    {
        if (a.IsError || b.IsError)
        {
            return CheckValue.Error;
        }

        if (a.IsNull || b.IsNull)
        {
            return CheckValue.Bool(a.IsNull && b.IsNull);
        }

        return CheckValues.Compare(a, b, dialect) is { } order ? CheckValue.Bool(order == 0) : CheckValue.Null;
    }

    private CheckValue Arithmetic(string op, CheckValue a, CheckValue b)
    {
        if (a.IsError || b.IsError)
        {
            return CheckValue.Error;
        }

        if (a.IsNull || b.IsNull)
        {
            return CheckValue.Null;
        }

        if (DateArithmetic(op, a, b) is { } dated)
        {
            return dated;
        }

        // SQL Server's + joins strings.
        if (op == "+" && dialect == SqlDialect.TSql && a.Kind == CheckValueKind.Text && b.Kind == CheckValueKind.Text)
        {
            return CheckValue.String(a.Text + b.Text);
        }

        if (!CheckValues.TryNumeric(a, out var x) || !CheckValues.TryNumeric(b, out var y))
        {
            return Failure;
        }

        var integers = x.IsInteger && y.IsInteger && x.Kind == CheckValueKind.Number && y.Kind == CheckValueKind.Number;
        if (op is "/" or "%" or "DIV" or "MOD" && CheckValues.ToDouble(y) == 0)
        {
            return Failure;
        }

        if (x.Kind == CheckValueKind.Float || y.Kind == CheckValueKind.Float)
        {
            return FloatArithmetic(op, CheckValues.ToDouble(x), CheckValues.ToDouble(y));
        }

        try
        {
            return op switch
            {
                "+" => CheckValue.Decimal(x.Number + y.Number, integers),
                "-" => CheckValue.Decimal(x.Number - y.Number, integers),
                "*" => CheckValue.Decimal(x.Number * y.Number, integers),

                // Integer division truncates everywhere but MySQL, whose / always gives a decimal.
                "/" when integers && dialect != SqlDialect.MySql => CheckValue.Decimal(decimal.Truncate(x.Number / y.Number), true),
                "/" => CheckValue.Decimal(x.Number / y.Number, false),
                "DIV" => CheckValue.Decimal(decimal.Truncate(x.Number / y.Number), true),
                _ => CheckValue.Decimal(x.Number % y.Number, integers),
            };
        }
        catch (OverflowException)
        {
            return FloatArithmetic(op, (double)x.Number, (double)y.Number);
        }
    }

    private static CheckValue FloatArithmetic(string op, double x, double y) => op switch
    {
        "+" => CheckValue.Float(x + y),
        "-" => CheckValue.Float(x - y),
        "*" => CheckValue.Float(x * y),
        "/" => CheckValue.Float(x / y),
        "DIV" => CheckValue.Float(Math.Truncate(x / y)),
        _ => CheckValue.Float(x % y),
    };

    /// <summary>date ± days, date/timestamp ± interval, date − date (days), timestamp − timestamp (interval); null when not date arithmetic.</summary>
    private static CheckValue? DateArithmetic(string op, CheckValue a, CheckValue b)
    {
        if (op is not ("+" or "-"))
        {
            return null;
        }

        var sign = op == "+" ? 1 : -1;
        if (a.IsDateTime && b.Kind == CheckValueKind.Interval)
        {
            return Shift(a, sign * (int)b.Number, sign * b.Ticks);
        }

        if (op == "+" && b.IsDateTime && a.Kind == CheckValueKind.Interval)
        {
            return Shift(b, (int)a.Number, a.Ticks);
        }

        if (a.Kind == CheckValueKind.Date && b.Kind == CheckValueKind.Number && b.IsInteger)
        {
            return CheckValue.Date(a.DateTime.AddDays((double)(sign * b.Number)));
        }

        if (op == "+" && b.Kind == CheckValueKind.Date && a.Kind == CheckValueKind.Number && a.IsInteger)
        {
            return CheckValue.Date(b.DateTime.AddDays((double)a.Number));
        }

        if (op == "-" && a.Kind == CheckValueKind.Date && b.Kind == CheckValueKind.Date)
        {
            return CheckValue.Integer((a.Ticks - b.Ticks) / TimeSpan.TicksPerDay);
        }

        if (op == "-" && a.IsDateTime && b.IsDateTime)
        {
            return CheckValue.Interval(0, a.Ticks - b.Ticks);
        }

        if (a.Kind == CheckValueKind.Interval && b.Kind == CheckValueKind.Interval)
        {
            return CheckValue.Interval((int)(a.Number + (sign * b.Number)), a.Ticks + (sign * b.Ticks));
        }

        return null;
    }

    private static CheckValue Shift(CheckValue date, int months, long ticks)
    {
        try
        {
            var shifted = date.DateTime.AddMonths(months).AddTicks(ticks);
            return date.Kind == CheckValueKind.TimestampTz ? CheckValue.TimestampTz(shifted) : CheckValue.Timestamp(shifted);
        }
        catch (ArgumentOutOfRangeException)
        {
            return CheckValue.Error;
        }
    }

    private CheckValue Concat(CheckValue a, CheckValue b)
    {
        if (a.IsError || b.IsError)
        {
            return CheckValue.Error;
        }

        return CheckValues.ToText(a, dialect) is { } x && CheckValues.ToText(b, dialect) is { } y ? CheckValue.String(x + y) : CheckValue.Null;
    }

    private static CheckValue Bitwise(string op, CheckValue a, CheckValue b)
    {
        if (a.IsError || b.IsError)
        {
            return CheckValue.Error;
        }

        if (!CheckValues.TryNumeric(a, out var x) || !CheckValues.TryNumeric(b, out var y) || x.Kind == CheckValueKind.Float || y.Kind == CheckValueKind.Float ||
            x.Number is < long.MinValue or > long.MaxValue || y.Number is < 0 or > 63 && op is "<<" or ">>" || y.Number is < long.MinValue or > long.MaxValue)
        {
            return CheckValue.Null;
        }

        var l = (long)x.Number;
        var r = (long)y.Number;
        return CheckValue.Integer(op switch
        {
            "&" => l & r,
            "|" => l | r,
            "^" => l ^ r,
            "<<" => l << (int)r,
            _ => l >> (int)r,
        });
    }

    // ---- Predicates -----------------------------------------------------------------------------------------------

    private CompiledExpression CompileIs(IsExpression test)
    {
        var operand = Compile(test.Operand);
        var node = operand.Node;
        var negated = test.Negated;
        switch (test.Test)
        {
            case SqlIsTest.Null:
                return Combine(row =>
                {
                    var value = node(row);
                    return value.IsError ? value : CheckValue.Bool(value.IsNull != negated);
                }, operand);
            case SqlIsTest.DistinctFrom:
            {
                var other = Compile(test.Other!);
                var otherNode = other.Node;
                return Combine(row =>
                {
                    var same = NullSafeEqual(node(row), otherNode(row));
                    return same.IsError || same.IsNull ? same : CheckValue.Bool((same.Number != 0) == negated);
                }, operand, other);
            }

            default:
                var expected = test.Test switch
                {
                    SqlIsTest.True => (bool?)true,
                    SqlIsTest.False => false,
                    _ => null,
                };
                return Combine(row =>
                {
                    var value = node(row);
                    return value.IsError ? value : CheckValue.Bool((CheckValues.Truth(value) == expected) != negated);
                }, operand);
        }
    }

    private CompiledExpression CompileBetween(BetweenExpression between)
    {
        var operand = Compile(between.Operand);
        var low = Compile(between.Low);
        var high = Compile(between.High);
        var (o, l, h) = (operand.Node, low.Node, high.Node);
        var symmetric = between.Symmetric;
        var negated = between.Negated;
        return Combine(row =>
        {
            var value = o(row);
            var lower = l(row);
            var upper = h(row);
            if (symmetric && !lower.IsNull && !upper.IsNull && CheckValues.Compare(lower, upper, dialect) > 0)
            {
                (lower, upper) = (upper, lower);
            }

            var result = And(Comparison(value, lower, c => c >= 0), Comparison(value, upper, c => c <= 0));
            return negated ? Not(result) : result;
        }, operand, low, high);
    }

    private static CheckValue And(CheckValue a, CheckValue b)
    {
        if (a.IsError || b.IsError)
        {
            return CheckValue.Error;
        }

        var x = CheckValues.Truth(a);
        var y = CheckValues.Truth(b);
        return x == false || y == false ? CheckValue.False : x == true && y == true ? CheckValue.True : CheckValue.Null;
    }

    private CompiledExpression CompileInList(InListExpression inList)
    {
        var operand = Compile(inList.Operand);
        var items = inList.Items.Select(Compile).ToArray();
        return CompileMembership(operand, items, c => c == 0, any: true, negate: inList.Negated);
    }

    /// <summary>
    /// x op ANY (items) / x op ALL (items), and IN / NOT IN (= ANY, negated). ANY: TRUE when one comparison is TRUE,
    /// else NULL when one is NULL, else FALSE; ALL the other way round.
    /// </summary>
    private CompiledExpression CompileMembership(CompiledExpression operand, CompiledExpression[] items, Func<int, bool> test, bool any, bool negate = false)
    {
        var node = operand.Node;
        var itemNodes = items.Select(i => i.Node).ToArray();
        return Combine(row =>
        {
            var value = node(row);
            if (value.IsError)
            {
                return value;
            }

            var sawNull = false;
            foreach (var item in itemNodes)
            {
                var result = Comparison(value, item(row), test);
                if (result.IsError)
                {
                    return result;
                }

                if (result.IsNull)
                {
                    sawNull = true;
                }
                else if ((result.Number != 0) == any)
                {
                    return CheckValue.Bool(any != negate);
                }
            }

            return sawNull ? CheckValue.Null : CheckValue.Bool(any == negate);
        }, [operand, .. items]);
    }

    private CompiledExpression CompileQuantified(QuantifiedExpression quantified)
    {
        if (StripCasts(quantified.Source) is not ArrayExpression array || array.Elements.Any(e => e is ArrayExpression))
        {
            return Refuse(quantified.Source is SubqueryExpression ? "a subquery" : "ANY / ALL over something other than an ARRAY[...] list");
        }

        if (!quantified.Operator.All(c => c is '=' or '<' or '>' or '!'))
        {
            return Refuse($"{quantified.Operator} {quantified.Quantifier.ToString().ToUpperInvariant()}");
        }

        var items = array.Elements.Select(Compile).ToArray();
        return CompileMembership(Compile(quantified.Left), items, ComparisonTest(quantified.Operator), any: quantified.Quantifier != SqlQuantifier.All);
    }

    /// <summary>Parentheses and casts around an expression, which the analysis sees through.</summary>
    internal static SqlExpression StripCasts(SqlExpression expression)
    {
        while (true)
        {
            switch (expression)
            {
                case ParenthesizedExpression p:
                    expression = p.Inner;
                    break;
                case CastExpression c:
                    expression = c.Operand;
                    break;
                case CollateExpression c:
                    expression = c.Operand;
                    break;
                default:
                    return expression;
            }
        }
    }

    private CompiledExpression CompileLike(LikeExpression like)
    {
        var operand = Compile(like.Operand);
        var pattern = Compile(like.Pattern);
        char? escape = dialect is SqlDialect.Postgres or SqlDialect.MySql ? '\\' : null;
        if (like.Escape is not null)
        {
            var escapeValue = TryConstant(like.Escape);
            if (escapeValue is not { Value.Kind: CheckValueKind.Text } || escapeValue.Value.Value.Text.Length > 1)
            {
                return Refuse("an ESCAPE that is not one constant character");
            }

            escape = escapeValue.Value.Value.Text.Length == 1 ? escapeValue.Value.Value.Text[0] : null;
        }

        // LIKE ignores case under the default collations of MySQL and SQL Server, and for ASCII in SQLite.
        var ignoreCase = like.Operator == "ILIKE" || (like.Operator == "LIKE" && dialect != SqlDialect.Postgres) || (like.Operator is "REGEXP" or "RLIKE" && dialect == SqlDialect.MySql);
        Func<string, string> translate = like.Operator switch
        {
            "LIKE" or "ILIKE" => p => SqlPatterns.FromLike(p, escape, dialect, "\\z"),
            "SIMILAR TO" => p => SqlPatterns.FromSimilar(p, escape, "\\z"),
            "GLOB" => p => SqlPatterns.FromGlob(p, "\\z"),
            _ => SqlPatterns.FromPosix,
        };
        return CompileMatch(operand, pattern, ignoreCase, like.Negated, translate);
    }

    /// <summary>value matches pattern (translated to a .NET regex); a constant pattern is compiled once.</summary>
    private CompiledExpression CompileMatch(CompiledExpression operand, CompiledExpression pattern, bool ignoreCase, bool negated, Func<string, string> translate)
    {
        var options = RegexOptions.CultureInvariant | RegexOptions.Singleline | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        var node = operand.Node;
        if (pattern.IsConstant)
        {
            var patternValue = pattern.Node(NoRow);
            if (patternValue.IsNull)
            {
                return Combine(_ => CheckValue.Null, operand);
            }

            var translated = translate(CheckValues.ToText(patternValue, dialect) ?? "");
            Regex regex;
            try
            {
                regex = new Regex(translated, options | RegexOptions.Compiled, RegexTimeout);
            }
            catch (ArgumentException)
            {
                return Refuse($"the pattern {patternValue} (not a regular expression .NET can run)");
            }

            return Combine(row => Match(node(row), regex, negated), operand);
        }

        var patternNode = pattern.Node;
        return Combine(row =>
        {
            var value = patternNode(row);
            if (value.IsNull || value.IsError)
            {
                return value;
            }

            var subject = node(row);
            if (subject.IsNull || subject.IsError || CheckValues.ToText(subject, dialect) is not { } text)
            {
                return subject.IsError ? subject : CheckValue.Null;
            }

            try
            {
                // The static IsMatch keeps recently used patterns compiled, so a pattern taken from a column is not parsed for every row.
                return CheckValue.Bool(Regex.IsMatch(text, translate(CheckValues.ToText(value, dialect) ?? ""), options, RegexTimeout) != negated);
            }
            catch (RegexMatchTimeoutException)
            {
                return CheckValue.Null;
            }
            catch (ArgumentException)
            {
                return Failure;
            }
        }, operand, pattern);
    }

    private CheckValue Match(CheckValue value, Regex regex, bool negated)
    {
        if (value.IsNull || value.IsError)
        {
            return value;
        }

        if (CheckValues.ToText(value, dialect) is not { } text)
        {
            return CheckValue.Null;
        }

        try
        {
            return CheckValue.Bool(regex.IsMatch(text) != negated);
        }
        catch (RegexMatchTimeoutException)
        {
            return CheckValue.Null;
        }
    }

    private CompiledExpression CompileCase(CaseExpression @case)
    {
        var operand = @case.Operand is null ? (CompiledExpression?)null : Compile(@case.Operand);
        var whens = @case.Whens.Select(w => (Condition: Compile(w.Condition), Result: Compile(w.Result))).ToArray();
        var otherwise = @case.Else is null ? Constant(CheckValue.Null) : Compile(@case.Else);
        var operandNode = operand?.Node;
        var conditions = whens.Select(w => w.Condition.Node).ToArray();
        var results = whens.Select(w => w.Result.Node).ToArray();
        var elseNode = otherwise.Node;
        var parts = whens.SelectMany(w => new[] { w.Condition, w.Result }).Append(otherwise).ToList();
        if (operand is { } subjectExpression)
        {
            parts.Add(subjectExpression);
        }

        return Combine(row =>
        {
            var subject = operandNode?.Invoke(row) ?? default;
            if (subject.IsError)
            {
                return subject;
            }

            for (var i = 0; i < conditions.Length; i++)
            {
                var condition = conditions[i](row);
                if (condition.IsError)
                {
                    return condition;
                }

                var hit = operandNode is null ? CheckValues.Truth(condition) == true : Comparison(subject, condition, c => c == 0).Number != 0;
                if (hit)
                {
                    return results[i](row);
                }
            }

            return elseNode(row);
        }, [.. parts]);
    }
}
