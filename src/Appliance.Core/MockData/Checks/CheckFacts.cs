using Appliance.Core.Sql;

namespace Appliance.Core.MockData.Checks;

/// <summary>The check a fact came from: its name, its text, how messages name it alone (Subject) and in a list (Label).</summary>
internal sealed record CheckSource(string? Name, string Expression, string Subject, string Label);

internal enum FactKind
{
    Lower,
    Upper,
    Allowed,
    Excluded,
    MinLength,
    MaxLength,
    Pattern,
    NotNull,
    NotEmpty,
}

/// <summary>One thing a check says about one column, before the facts of all checks are merged into <see cref="ColumnHints"/>.</summary>
internal sealed record ColumnFact(FactKind Kind, string Column, CheckSource Source)
{
    /// <summary>The bound of Lower / Upper: decimal, DateTime or string.</summary>
    public object? Value { get; init; }

    public bool Inclusive { get; init; }

    /// <summary>Allowed or excluded values.</summary>
    public IReadOnlyList<object> Values { get; init; } = [];

    public int Length { get; init; }

    public string? Pattern { get; init; }

    /// <summary>What the column must be, to follow "x must be": "&gt; 10", "in (1, 2)", "at most 2 characters long".</summary>
    public string Describe() => Kind switch
    {
        FactKind.Lower => (Inclusive ? ">= " : "> ") + CheckValues.Describe(Value!),
        FactKind.Upper => (Inclusive ? "<= " : "< ") + CheckValues.Describe(Value!),
        FactKind.Allowed when Values.Count == 1 => "= " + CheckValues.Describe(Values[0]),
        FactKind.Allowed => "in (" + string.Join(", ", Values.Select(CheckValues.Describe)) + ")",
        FactKind.Excluded when Values.Count == 1 => "<> " + CheckValues.Describe(Values[0]),
        FactKind.Excluded => "not in (" + string.Join(", ", Values.Select(CheckValues.Describe)) + ")",
        FactKind.MinLength => $"at least {Length} characters long",
        FactKind.MaxLength => $"at most {Length} characters long",
        FactKind.Pattern => $"a match for {Pattern}",
        FactKind.NotNull => "not NULL",
        _ => "not empty",
    };
}

/// <summary>The broad type of a column, which decides how a literal becomes a bound (an ISO text on a date column is a date).</summary>
internal enum ColumnCategory
{
    Text,
    Numeric,
    Boolean,
    DateTime,

    /// <summary>Times, intervals, UUIDs, binary, JSON, arrays: literals give no bounds.</summary>
    Other,
}

/// <summary>
/// Reads facts about single columns and relations between two columns out of one CHECK expression, conjunct by
/// conjunct. A conjunct it cannot read returns false; the check is then still evaluated, just not aimed at.
/// </summary>
internal sealed class CheckFactReader
{
    private readonly SqlDialect dialect;
    private readonly Func<SqlObjectName, string?> resolveColumn;
    private readonly Func<string, ColumnCategory> categoryOf;
    private readonly CheckCompiler constants;

    public CheckFactReader(SqlDialect dialect, DateTime now, Func<SqlObjectName, string?> resolveColumn, Func<string, ColumnCategory> categoryOf)
    {
        this.dialect = dialect;
        this.resolveColumn = resolveColumn;
        this.categoryOf = categoryOf;

        // A compiler of its own, so evaluating literals leaves the check's own compilation untouched.
        constants = new CheckCompiler(dialect, now, resolveColumn);
    }

    /// <summary>The top-level AND conjuncts of an expression, parentheses removed.</summary>
    public IEnumerable<SqlExpression> Conjuncts(SqlExpression expression)
    {
        var stripped = StripParentheses(expression);
        if (stripped is BinaryExpression { Operator: var op } and && (op == "AND" || (op == "&&" && dialect == SqlDialect.MySql)))
        {
            return Conjuncts(and.Left).Concat(Conjuncts(and.Right));
        }

        return [stripped];
    }

    public bool TryRead(SqlExpression expression, CheckSource source, List<ColumnFact> facts, List<ColumnRelation> relations)
    {
        var e = StripParentheses(expression);
        if (constants.TryConstant(e) is not null)
        {
            // Constant conjuncts (TRUE, 1 = 1, CURRENT_DATE > '2000-01-01') say nothing about columns; an always-false check is reported by the analyzer.
            return true;
        }

        switch (e)
        {
            case BinaryExpression { Operator: "AND" or "&&" } when Conjuncts(e).Count() > 1:
                var understood = true;
                foreach (var conjunct in Conjuncts(e))
                {
                    understood &= TryRead(conjunct, source, facts, relations);
                }

                return understood;
            case BinaryExpression { Operator: var op } when op == "OR" || (op == "||" && dialect == SqlDialect.MySql):
                return TryReadDisjunction(e, source, facts, relations);
            case BinaryExpression binary when IsComparison(binary.Operator):
                return TryReadComparison(binary.Left, binary.Operator, binary.Right, source, facts, relations);
            case BinaryExpression { Operator: "~" or "~*" } match when dialect == SqlDialect.Postgres:
                return TryReadPattern(match.Left, match.Right, match.Operator == "~*", SqlPatterns.FromPosix, source, facts);
            case BinaryExpression { Operator: "~~" or "~~*" } like when dialect == SqlDialect.Postgres:
                return TryReadPattern(like.Left, like.Right, like.Operator == "~~*", p => SqlPatterns.FromLike(p, '\\', dialect), source, facts);
            case BetweenExpression { Negated: false } between:
                return TryReadBetween(between, source, facts);
            case InListExpression inList:
                return TryReadList(inList.Operand, inList.Items, inList.Negated, source, facts);
            case QuantifiedExpression quantified when CheckCompiler.StripCasts(quantified.Source) is ArrayExpression array:
                if (quantified.Operator == "=" && quantified.Quantifier != SqlQuantifier.All)
                {
                    return TryReadList(quantified.Left, array.Elements, negated: false, source, facts);
                }

                return quantified.Operator is "<>" or "!=" && quantified.Quantifier == SqlQuantifier.All &&
                    TryReadList(quantified.Left, array.Elements, negated: true, source, facts);
            case IsExpression { Test: SqlIsTest.Null, Negated: true } isNotNull when ColumnOf(isNotNull.Operand) is { } column:
                facts.Add(new ColumnFact(FactKind.NotNull, column, source));
                return true;
            case LikeExpression { Negated: false } like:
                return TryReadLike(like, source, facts);
            case UnaryExpression { Operator: "NOT" or "!" } not:
                return TryReadNegation(not.Operand, source, facts, relations);
            case ColumnExpression when ColumnOf(e) is { } flag && categoryOf(flag) == ColumnCategory.Boolean:
                facts.Add(new ColumnFact(FactKind.Allowed, flag, source) { Values = [true] });
                return true;
            default:
                return false;
        }
    }

    // ---- Comparisons ------------------------------------------------------------------------------------------------

    private static bool IsComparison(string op) => op is "=" or "==" or "<>" or "!=" or "<" or "<=" or ">" or ">=" or "!<" or "!>" or "<=>";

    private static string Normalize(string op) => op switch
    {
        "==" => "=",
        "!=" => "<>",
        "!<" => ">=",
        "!>" => "<=",
        _ => op,
    };

    /// <summary>The operator with its operands swapped: a &lt; b is b &gt; a.</summary>
    internal static string Flip(string op) => op switch
    {
        "<" => ">",
        "<=" => ">=",
        ">" => "<",
        ">=" => "<=",
        _ => op,
    };

    private static string Negate(string op) => op switch
    {
        "=" => "<>",
        "<>" => "=",
        "<" => ">=",
        "<=" => ">",
        ">" => "<=",
        _ => "<",
    };

    private bool TryReadComparison(SqlExpression left, string op, SqlExpression right, CheckSource source, List<ColumnFact> facts, List<ColumnRelation> relations)
    {
        op = Normalize(op);
        var leftColumn = ColumnOf(left);
        var rightColumn = ColumnOf(right);
        if (leftColumn is not null && rightColumn is not null)
        {
            if (op == "<=>")
            {
                return false;
            }

            // Relations read "greater on the left": b < a is a > b.
            relations.Add(op is "<" or "<=" ? new ColumnRelation(rightColumn, Flip(op), leftColumn, false, source.Name) : new ColumnRelation(leftColumn, op, rightColumn, false, source.Name));
            return true;
        }

        if (leftColumn is null && rightColumn is not null)
        {
            (left, right, leftColumn, op) = (right, left, rightColumn, Flip(op));
        }

        if (leftColumn is not null)
        {
            return constants.TryConstant(right) is { } constant && (constant.UsesNow || AddComparison(leftColumn, op, constant.Value, source, facts));
        }

        var lengthColumn = LengthColumnOf(left);
        if (lengthColumn is null && LengthColumnOf(right) is { } swapped)
        {
            (left, right, lengthColumn, op) = (right, left, swapped, Flip(op));
        }

        if (lengthColumn is not null)
        {
            return constants.TryConstant(right) is { UsesNow: false } length && AddLength(lengthColumn, op, length.Value, source, facts);
        }

        // lower(x) = 'a', trim(x) <> '': the generator's plain values satisfy these too.
        var wrapped = WrappedColumnOf(left);
        if (wrapped is null && WrappedColumnOf(right) is { } wrappedRight)
        {
            (right, wrapped) = (left, wrappedRight);
        }

        if (wrapped is not null && op is "=" or "<>" && constants.TryConstant(right) is { UsesNow: false, Value.Kind: CheckValueKind.Text } text)
        {
            return AddComparison(wrapped, op, text.Value, source, facts);
        }

        return false;
    }

    private bool AddComparison(string column, string op, CheckValue value, CheckSource source, List<ColumnFact> facts)
    {
        if (value.IsNull)
        {
            // Comparing with NULL is never FALSE, so the check always passes.
            return op != "<=>";
        }

        if (value.IsError)
        {
            return false;
        }

        var hint = HintValue(value, categoryOf(column));
        if (hint is null)
        {
            return true;
        }

        switch (op)
        {
            case "=":
                facts.Add(new ColumnFact(FactKind.Allowed, column, source) { Values = [hint] });
                break;
            case "<=>":
                facts.Add(new ColumnFact(FactKind.Allowed, column, source) { Values = [hint] });
                facts.Add(new ColumnFact(FactKind.NotNull, column, source));
                break;
            case "<>" when hint is "":
                facts.Add(new ColumnFact(FactKind.NotEmpty, column, source));
                break;
            case "<>":
                facts.Add(new ColumnFact(FactKind.Excluded, column, source) { Values = [hint] });
                break;
            case "<" or "<=" when hint is not bool:
                facts.Add(new ColumnFact(FactKind.Upper, column, source) { Value = hint, Inclusive = op == "<=" });
                break;
            case ">" or ">=" when hint is not bool:
                facts.Add(new ColumnFact(FactKind.Lower, column, source) { Value = hint, Inclusive = op == ">=" });
                break;
        }

        return true;
    }

    private static bool AddLength(string column, string op, CheckValue value, CheckSource source, List<ColumnFact> facts)
    {
        if (value.Kind != CheckValueKind.Number || value.Number != decimal.Truncate(value.Number) || value.Number is > int.MaxValue - 1 or < int.MinValue + 1)
        {
            return false;
        }

        var length = (int)value.Number;
        ColumnFact Min(int n) => new(FactKind.MinLength, column, source) { Length = n };
        ColumnFact Max(int n) => new(FactKind.MaxLength, column, source) { Length = n };
        switch (op)
        {
            case "=" or "<=>":
                facts.Add(Min(length));
                facts.Add(Max(length));
                break;
            case ">":
                facts.Add(Min(length + 1));
                break;
            case ">=":
                facts.Add(Min(length));
                break;
            case "<":
                facts.Add(Max(length - 1));
                break;
            case "<=":
                facts.Add(Max(length));
                break;
            case "<>" when length == 0:
                facts.Add(Min(1));
                break;
        }

        return true;
    }

    /// <summary>
    /// A literal as a hint value for a column of <paramref name="category"/>: an ISO text on a date column becomes a
    /// DateTime, a numeric text on a number column a decimal, 0/1 on a boolean column a bool. Null when no hint fits.
    /// </summary>
    private static object? HintValue(CheckValue value, ColumnCategory category)
    {
        switch (value.Kind)
        {
            case CheckValueKind.Text:
                return category switch
                {
                    ColumnCategory.DateTime => CheckValues.TryParseDateTime(value.Text, out var instant) ? instant : value.Text,
                    ColumnCategory.Numeric => CheckValues.TryParseNumber(value.Text, out var number) ? number : value.Text,
                    ColumnCategory.Boolean => CheckValues.ParseBoolean(value.Text),
                    ColumnCategory.Other => null,
                    _ => value.Text,
                };
            case CheckValueKind.Number or CheckValueKind.Float when category == ColumnCategory.Boolean:
                return CheckValues.ToDouble(value) != 0;
            case CheckValueKind.Boolean when category == ColumnCategory.Numeric:
                return value.Number;
            case CheckValueKind.Date or CheckValueKind.Timestamp or CheckValueKind.TimestampTz when category is ColumnCategory.Other:
                return null;
            default:
                return value.ToHintValue();
        }
    }

    // ---- BETWEEN, IN, ANY, LIKE ---------------------------------------------------------------------------------------

    private bool TryReadBetween(BetweenExpression between, CheckSource source, List<ColumnFact> facts)
    {
        if (constants.TryConstant(between.Low) is not { } low || constants.TryConstant(between.High) is not { } high)
        {
            return false;
        }

        var (lowValue, highValue) = (low.Value, high.Value);
        if (between.Symmetric && !lowValue.IsNull && !highValue.IsNull && CheckValues.Compare(lowValue, highValue, dialect) > 0)
        {
            (lowValue, highValue) = (highValue, lowValue);
        }

        if (ColumnOf(between.Operand) is { } column)
        {
            return (low.UsesNow || AddComparison(column, ">=", lowValue, source, facts)) & (high.UsesNow || AddComparison(column, "<=", highValue, source, facts));
        }

        if (LengthColumnOf(between.Operand) is { } lengthColumn && !low.UsesNow && !high.UsesNow)
        {
            return AddLength(lengthColumn, ">=", lowValue, source, facts) & AddLength(lengthColumn, "<=", highValue, source, facts);
        }

        return false;
    }

    private bool TryReadList(SqlExpression operand, IReadOnlyList<SqlExpression> items, bool negated, CheckSource source, List<ColumnFact> facts)
    {
        var column = ColumnOf(operand) ?? (negated ? null : WrappedColumnOf(operand));
        if (column is null)
        {
            return false;
        }

        var category = categoryOf(column);
        var values = new List<object>();
        foreach (var item in items)
        {
            if (constants.TryConstant(item) is not { UsesNow: false } constant)
            {
                return false;
            }

            // A NULL in the list never makes the test FALSE for another value, so it adds nothing here.
            if (constant.Value.IsNull)
            {
                continue;
            }

            if (HintValue(constant.Value, category) is not { } hint)
            {
                return true;
            }

            values.Add(hint);
        }

        if (values.Count > 0)
        {
            facts.Add(new ColumnFact(negated ? FactKind.Excluded : FactKind.Allowed, column, source) { Values = values });
        }

        return true;
    }

    private bool TryReadLike(LikeExpression like, CheckSource source, List<ColumnFact> facts)
    {
        char? escape = dialect is SqlDialect.Postgres or SqlDialect.MySql ? '\\' : null;
        if (like.Escape is not null)
        {
            if (constants.TryConstant(like.Escape) is not { Value.Kind: CheckValueKind.Text } given || given.Value.Text.Length > 1)
            {
                return false;
            }

            escape = given.Value.Text.Length == 1 ? given.Value.Text[0] : null;
        }

        // Hints keep case: a value that matches case-sensitively also matches where the database ignores case.
        return like.Operator switch
        {
            "LIKE" => TryReadPattern(like.Operand, like.Pattern, false, p => SqlPatterns.FromLike(p, escape, dialect), source, facts),
            "ILIKE" => TryReadPattern(like.Operand, like.Pattern, true, p => SqlPatterns.FromLike(p, escape, dialect), source, facts),
            "SIMILAR TO" => TryReadPattern(like.Operand, like.Pattern, false, p => SqlPatterns.FromSimilar(p, escape), source, facts),
            "GLOB" => TryReadPattern(like.Operand, like.Pattern, false, p => SqlPatterns.FromGlob(p), source, facts),
            _ => TryReadPattern(like.Operand, like.Pattern, false, SqlPatterns.FromPosix, source, facts),
        };
    }

    private bool TryReadPattern(SqlExpression operand, SqlExpression pattern, bool ignoreCase, Func<string, string> translate, CheckSource source, List<ColumnFact> facts)
    {
        if (ColumnOf(operand) is not { } column || constants.TryConstant(pattern) is not { Value.Kind: CheckValueKind.Text } text)
        {
            return false;
        }

        var regex = (ignoreCase ? "(?i)" : "") + translate(text.Value.Text);
        if (!SqlPatterns.IsValid(regex))
        {
            return false;
        }

        facts.Add(new ColumnFact(FactKind.Pattern, column, source) { Pattern = regex });
        return true;
    }

    // ---- NOT and OR -------------------------------------------------------------------------------------------------

    private bool TryReadNegation(SqlExpression operand, CheckSource source, List<ColumnFact> facts, List<ColumnRelation> relations)
    {
        switch (StripParentheses(operand))
        {
            case IsExpression { Test: SqlIsTest.Null, Negated: false } isNull when ColumnOf(isNull.Operand) is { } column:
                facts.Add(new ColumnFact(FactKind.NotNull, column, source));
                return true;
            case BinaryExpression binary when IsComparison(binary.Operator) && binary.Operator != "<=>":
                return TryReadComparison(binary.Left, Negate(Normalize(binary.Operator)), binary.Right, source, facts, relations);
            case InListExpression inList:
                return TryReadList(inList.Operand, inList.Items, !inList.Negated, source, facts);
            case UnaryExpression { Operator: "NOT" or "!" } not:
                return TryRead(not.Operand, source, facts, relations);
            case ColumnExpression flagExpression when ColumnOf(flagExpression) is { } flag && categoryOf(flag) == ColumnCategory.Boolean:
                facts.Add(new ColumnFact(FactKind.Allowed, flag, source) { Values = [false] });
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// The ORs the readers understand: equalities on one column (<c>s = 'a' OR s = 'b'</c>, allowed values) and
    /// <c>x IS NULL OR &lt;facts about x&gt;</c> (the facts; with a relation, NullAllowed).
    /// </summary>
    private bool TryReadDisjunction(SqlExpression expression, CheckSource source, List<ColumnFact> facts, List<ColumnRelation> relations)
    {
        var nullColumns = new List<string>();
        var rest = new List<SqlExpression>();
        foreach (var part in Disjuncts(expression))
        {
            if (part is IsExpression { Test: SqlIsTest.Null, Negated: false } isNull && ColumnOf(isNull.Operand) is { } column)
            {
                nullColumns.Add(column);
            }
            else
            {
                rest.Add(part);
            }
        }

        if (rest.Count == 0)
        {
            return false;
        }

        if (rest.Count > 1)
        {
            string? column = null;
            var values = new List<object>();
            foreach (var part in rest)
            {
                var partFacts = new List<ColumnFact>();
                var partRelations = new List<ColumnRelation>();
                if (!TryRead(part, source, partFacts, partRelations) || partRelations.Count > 0 || partFacts is not [{ Kind: FactKind.Allowed } allowed] ||
                    (column is not null && column != allowed.Column))
                {
                    return false;
                }

                column = allowed.Column;
                values.AddRange(allowed.Values);
            }

            if (nullColumns.Any(n => n != column))
            {
                return false;
            }

            facts.Add(new ColumnFact(FactKind.Allowed, column!, source) { Values = values });
            return true;
        }

        if (nullColumns.Count == 0)
        {
            return false;
        }

        var innerFacts = new List<ColumnFact>();
        var innerRelations = new List<ColumnRelation>();
        if (!TryRead(rest[0], source, innerFacts, innerRelations) || innerFacts.Any(f => !nullColumns.Contains(f.Column)))
        {
            return false;
        }

        var nullable = new List<ColumnRelation>();
        foreach (var relation in innerRelations)
        {
            if (nullColumns.Contains(relation.Left))
            {
                nullable.Add(relation with { NullAllowed = true });
            }
            else if (nullColumns.Contains(relation.Right))
            {
                nullable.Add(new ColumnRelation(relation.Right, Flip(relation.Operator), relation.Left, true, relation.Constraint));
            }
            else
            {
                return false;
            }
        }

        // "x IS NULL OR x IS NOT NULL AND …" does not make x NOT NULL.
        facts.AddRange(innerFacts.Where(f => f.Kind != FactKind.NotNull));
        relations.AddRange(nullable);
        return true;
    }

    private IEnumerable<SqlExpression> Disjuncts(SqlExpression expression)
    {
        var stripped = StripParentheses(expression);
        if (stripped is BinaryExpression { Operator: var op } or && (op == "OR" || (op == "||" && dialect == SqlDialect.MySql)))
        {
            return Disjuncts(or.Left).Concat(Disjuncts(or.Right));
        }

        return [stripped];
    }

    // ---- Operands ---------------------------------------------------------------------------------------------------

    private static SqlExpression StripParentheses(SqlExpression expression)
    {
        while (expression is ParenthesizedExpression parenthesized)
        {
            expression = parenthesized.Inner;
        }

        return expression;
    }

    /// <summary>The table column an operand is, through parentheses, casts and COLLATE; null for anything else.</summary>
    private string? ColumnOf(SqlExpression operand)
    {
        var stripped = CheckCompiler.StripCasts(operand);
        while (stripped is UnaryExpression { Operator: "+" or "BINARY" } unary)
        {
            stripped = CheckCompiler.StripCasts(unary.Operand);
        }

        return stripped is ColumnExpression column ? resolveColumn(column.Name) : null;
    }

    /// <summary>The column of <c>length(x)</c>, <c>char_length(x)</c>, <c>character_length(x)</c>, <c>len(x)</c>, <c>octet_length(x)</c>.</summary>
    private string? LengthColumnOf(SqlExpression operand) =>
        CheckCompiler.StripCasts(operand) is FunctionCall { Arguments: [var argument] } call &&
        call.Name.Name.Value.ToUpperInvariant() is "LENGTH" or "CHAR_LENGTH" or "CHARACTER_LENGTH" or "LEN" or "OCTET_LENGTH"
            ? ColumnOf(argument)
            : null;

    /// <summary>The column of <c>lower(x)</c>, <c>upper(x)</c>, <c>trim(x)</c> and friends.</summary>
    private string? WrappedColumnOf(SqlExpression operand) =>
        CheckCompiler.StripCasts(operand) is FunctionCall { Arguments: [var argument] } call &&
        call.Name.Name.Value.ToUpperInvariant() is "LOWER" or "UPPER" or "LCASE" or "UCASE" or "TRIM" or "BTRIM" or "LTRIM" or "RTRIM"
            ? ColumnOf(argument)
            : null;
}
