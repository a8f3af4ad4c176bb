using Appliance.Core.Schema;

namespace Appliance.Core.Sql.Lint;

/// <summary>Whether an expression index of the table is on the same expression as a condition's.</summary>
internal static class ExpressionIndexes
{
    public static bool Covers(Table table, SqlExpression expression, SqlDialect dialect)
    {
        var wanted = Normalize(expression);
        foreach (var index in table.Indexes.Where(SchemaFacts.IsSeekable))
        {
            if (index.Columns is [{ IsExpression: true } first, ..] && Parse(first.Name, dialect) is { } indexed && Normalize(indexed).Equals(wanted))
            {
                return true;
            }
        }

        return false;
    }

    private static SqlExpression? Parse(string text, SqlDialect dialect)
    {
        var result = SqlParser.Parse("SELECT " + text, dialect);
        return result.Succeeded && result.Statements is [{ Statement: SelectStatement { Query.Body: SqlSelect { Items: [var item] } } }] ? item.Expression : null;
    }

    /// <summary>
    /// The expression with what the catalog adds or the query may vary removed: parentheses, qualifiers, case of names,
    /// and the casts to text PostgreSQL writes into index definitions (lower(name::text)).
    /// </summary>
    private static SqlExpression Normalize(SqlExpression expression) => expression switch
    {
        ParenthesizedExpression parenthesized => Normalize(parenthesized.Inner),
        ColumnExpression column => new ColumnExpression(SqlObjectName.Of(column.Name.Name.Value.ToLowerInvariant())),
        CastExpression { Operand: var operand, Type.Name: [{ Value: var type }] } when operand is ColumnExpression && IsTextType(type) => Normalize(operand),
        CastExpression cast => cast with { Operand = Normalize(cast.Operand), Syntax = SqlCastSyntax.Cast },
        FunctionCall call => new FunctionCall { Name = SqlObjectName.Of(call.Name.Name.Value.ToLowerInvariant()), Arguments = NodeList.From(call.Arguments.Select(Normalize)) },
        BinaryExpression binary => binary with { Left = Normalize(binary.Left), Right = Normalize(binary.Right) },
        _ => expression,
    };

    private static bool IsTextType(string type) => type.ToUpperInvariant() is "TEXT" or "VARCHAR" or "CHARACTER VARYING" or "BPCHAR" or "CITEXT";
}
