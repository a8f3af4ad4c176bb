using System.Globalization;
using System.Text.RegularExpressions;
using Appliance.Core.Schema;

namespace Appliance.Core.Sql.Lint;

/// <summary>
/// A comparison read from one side: <see cref="Subject"/> <see cref="Operator"/> <see cref="Values"/>. Binary
/// comparisons are seen from both sides (a &lt; b also as b &gt; a); BETWEEN, IN and LIKE from their operand.
/// </summary>
internal sealed record Comparison(SqlExpression Node, SqlExpression Subject, string Operator, IReadOnlyList<SqlExpression> Values, PredicateSite Site);

/// <summary>A text column compared with a number literal: an implicit conversion.</summary>
internal sealed record TextNumberComparison(Comparison Comparison, ColumnExpression Column, Table Table, IReadOnlyList<SqlExpression> Numbers, string? Index);

internal static partial class Comparisons
{
    /// <summary>Every comparison inside the statement's conditions (subqueries are visited as their own sites).</summary>
    public static IEnumerable<Comparison> In(LintContext context, bool includeHaving = false)
    {
        foreach (var site in context.Predicates)
        {
            if (site.Clause == PredicateClause.Having && !includeHaving)
            {
                continue;
            }

            foreach (var node in SqlFacts.ExpressionNodes(site.Condition))
            {
                switch (node)
                {
                    case BinaryExpression binary when SqlFacts.IsComparison(binary.Operator):
                        yield return new Comparison(binary, binary.Left, binary.Operator, [binary.Right], site);
                        yield return new Comparison(binary, binary.Right, SqlFacts.Mirror(binary.Operator), [binary.Left], site);
                        break;
                    case BetweenExpression between:
                        yield return new Comparison(between, between.Operand, between.Negated ? "NOT BETWEEN" : "BETWEEN", [between.Low, between.High], site);
                        break;
                    case InListExpression inList:
                        yield return new Comparison(inList, inList.Operand, inList.Negated ? "NOT IN" : "IN", inList.Items, site);
                        break;
                    case LikeExpression like:
                        yield return new Comparison(like, like.Operand, like.Negated ? "NOT " + like.Operator : like.Operator, [like.Pattern], site);
                        break;
                }
            }
        }
    }

    /// <summary>Text columns compared with number literals (not in SQLite, whose column affinity converts the number instead).</summary>
    public static IEnumerable<TextNumberComparison> TextWithNumber(LintContext context)
    {
        if (context.Schema is null || context.Dialect == SqlDialect.Sqlite)
        {
            yield break;
        }

        foreach (var comparison in In(context, includeHaving: true))
        {
            if (comparison.Node is LikeExpression || SqlFacts.Unparen(comparison.Subject) is not ColumnExpression column ||
                comparison.Values.Count == 0 || !comparison.Values.All(IsNumber))
            {
                continue;
            }

            var origin = context.Resolve(column);
            if (origin is not { Table: { } table, Column: { } schemaColumn, Source: { } source } || !SchemaFacts.IsText(schemaColumn))
            {
                continue;
            }

            // An index only matters for conditions it could serve: not for <>, NOT IN or NOT BETWEEN.
            var pinned = context.EqualityColumns(SqlFacts.Conjuncts(comparison.Site.Condition)).Where(e => ReferenceEquals(e.Source, source)).Select(e => e.Column).ToList();
            var index = IsSeekableOperator(comparison.Operator) ? SchemaFacts.SeekableIndexOn(table, schemaColumn.Name, pinned) : null;
            yield return new TextNumberComparison(comparison, column, table, comparison.Values, index);
        }
    }

    /// <summary>Operators an index can seek for: equality, ranges, IN lists and LIKE, not their negations.</summary>
    public static bool IsSeekableOperator(string op) => op is not ("<>" or "!=") && !op.StartsWith("NOT ", StringComparison.Ordinal);

    public static bool IsNumber(SqlExpression expression) => SqlFacts.Unparen(expression) switch
    {
        LiteralExpression { Kind: SqlLiteralKind.Number } => true,
        UnaryExpression { Operator: "-" or "+", Operand: var operand } => SqlFacts.Unparen(operand) is LiteralExpression { Kind: SqlLiteralKind.Number },
        _ => false,
    };

    /// <summary>The replacements that quote each number literal: 5 becomes '5'.</summary>
    public static Dictionary<SqlNode, SqlNode> QuoteNumbers(IEnumerable<SqlExpression> numbers)
    {
        var replacements = LintContext.Replacements();
        foreach (var number in numbers)
        {
            var text = SqlFacts.Unparen(number) switch
            {
                LiteralExpression literal => literal.Text,
                UnaryExpression { Operand: var operand } unary => unary.Operator + ((LiteralExpression)SqlFacts.Unparen(operand)).Text,
                _ => null,
            };
            if (text is not null)
            {
                replacements[number] = StringLiteral(text);
            }
        }

        return replacements;
    }

    public static LiteralExpression StringLiteral(string value) => new(SqlLiteralKind.String, "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'", value);

    // ---- Dates ---------------------------------------------------------------------------------------------------

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    /// <summary>A date-only constant: '2024-01-31' or DATE '2024-01-31'.</summary>
    public static DateOnly? DateValue(SqlExpression expression)
    {
        var text = SqlFacts.Unparen(expression) switch
        {
            LiteralExpression { Kind: SqlLiteralKind.String } literal => literal.Value,
            TypedLiteralExpression { TypeName: "DATE" } typed => typed.Literal.Value,
            _ => null,
        };
        // The last representable day has no next day to end a range with.
        return text is not null && IsoDate().IsMatch(text) && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) &&
            date < DateOnly.MaxValue
            ? date
            : null;
    }

    /// <summary>A date constant written like <paramref name="template"/> (typed or plain string); T-SQL gets the unambiguous yyyyMMdd.</summary>
    public static SqlExpression DateLiteral(DateOnly date, SqlExpression? template, SqlDialect dialect)
    {
        var text = date.ToString(dialect == SqlDialect.TSql && template is null ? "yyyyMMdd" : "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var literal = StringLiteral(text);
        return template is not null && SqlFacts.Unparen(template) is TypedLiteralExpression typed ? new TypedLiteralExpression(typed.TypeName, literal) : literal;
    }
}
