namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>SQL003: LIKE '%x' (or GLOB '*x'): the pattern starts with a wildcard, so no B-tree index can narrow the search.</summary>
internal sealed class LeadingWildcardLikeRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL003",
        "leading-wildcard-like",
        "LIKE pattern starting with a wildcard",
        "A B-tree index finds strings by their beginning; a pattern that starts with % or _ can match anywhere, so the engine reads and tests every row.",
        LintSeverity.Warning,
        LintRuleTarget.Query,
        CanRewrite: false);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var site in context.Predicates)
        {
            foreach (var like in SqlFacts.ExpressionNodes(site.Condition).OfType<LikeExpression>())
            {
                if (like.Negated || !SqlFacts.ColumnsIn(like.Operand).Any())
                {
                    continue;
                }

                var glob = like.Operator == "GLOB";
                if (!glob && like.Operator is not ("LIKE" or "ILIKE"))
                {
                    continue;
                }

                var start = LeadingText(like.Pattern);
                if (string.IsNullOrEmpty(start) || !(glob ? start[0] is '*' or '?' : start[0] is '%' or '_'))
                {
                    continue;
                }

                var subject = SqlFacts.Unparen(like.Operand) is ColumnExpression column ? context.Describe(column) : context.Sql(like.Operand);
                var message = $"{context.Sql(like)} starts with a wildcard, so an index on {subject} cannot be used to find the matches; every row is read and tested.";
                yield return context.Finding(Rule, like, message, Advice(context.Dialect));
            }
        }
    }

    /// <summary>The constant text the pattern starts with: a literal, or the first literal of a concatenation.</summary>
    private static string? LeadingText(SqlExpression pattern) => SqlFacts.Unparen(pattern) switch
    {
        LiteralExpression { Kind: SqlLiteralKind.String } literal => literal.Value,
        BinaryExpression { Operator: "||" or "+" } concatenation => LeadingText(concatenation.Left),
        FunctionCall { Arguments.Count: > 0 } call when SqlFacts.NameOf(call) == "concat" => LeadingText(call.Arguments[0]),
        _ => null,
    };

    private static string Advice(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Postgres => "For substring search create a trigram index (CREATE EXTENSION pg_trgm; CREATE INDEX … USING gin (column gin_trgm_ops)); for words use full-text search (to_tsvector/to_tsquery); for suffixes index reverse(column) and search reverse(column) LIKE reverse('suffix') || '%'.",
        SqlDialect.MySql => "For word search use a FULLTEXT index with MATCH … AGAINST; for suffixes store and index the reversed value and search it with a trailing wildcard.",
        SqlDialect.TSql => "For word search use a full-text index with CONTAINS; for suffixes index a computed column REVERSE(column) and search it with a trailing wildcard.",
        _ => "For word search use an FTS5 virtual table with MATCH; for suffixes index the reversed value and search it with a trailing wildcard.",
    };
}
