using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Core.Sql.Lint.Rules;

namespace Appliance.Core.Sql.Lint;

/// <summary>
/// Static checks of a statement (and of the schema of the tables it uses) for slow or mistaken SQL. Each finding says
/// what is wrong in this statement, why it matters, where it is, and, when the linter can write it safely, the whole
/// statement rewritten in the dialect. Deterministic: the same input gives the same findings in the same order.
/// </summary>
public static class SqlLinter
{
    private static readonly ILintRule[] QueryRules =
    [
        new SelectStarRule(),
        new NonSargablePredicateRule(),
        new LeadingWildcardLikeRule(),
        new OrAcrossColumnsRule(),
        new NotInNullableSubqueryRule(),
        new CartesianJoinRule(),
        new DistinctJoinFanOutRule(),
        new OrderByRandomRule(),
        new LargeOffsetRule(),
        new CorrelatedScalarSubqueryRule(),
        new CountForExistenceRule(),
        new UnboundedLargeTableRule(),
        new UnionWithoutAllRule(),
        new HavingWithoutAggregateRule(),
        new NullComparisonRule(),
        new StringNumberComparisonRule(),
        new UnusedCteRule(),
        new OrderByInSubqueryRule(),
        new DistinctWithGroupByRule(),
        new NotNullColumnIsNullRule(),
        new BetweenDateUpperBoundRule(),
    ];

    private static readonly ISchemaLintRule[] SchemaRules =
    [
        new MissingPrimaryKeyRule(),
        new UnindexedForeignKeyRule(),
        new DuplicateIndexRule(),
        new RedundantIndexRule(),
    ];

    /// <summary>Every rule, statement rules first, in id order.</summary>
    public static IReadOnlyList<LintRule> Rules { get; } = [.. QueryRules.Select(r => r.Rule), .. SchemaRules.Select(r => r.Rule)];

    /// <summary>
    /// Lints one parsed statement. Without a schema, the rules that need one stay silent or report as Info what
    /// depends on it; with one, the tables the statement uses are also checked by the schema rules (unless
    /// <see cref="LintOptions.IncludeSchemaFindings"/> is off). Findings are ordered by position, then rule.
    /// </summary>
    public static IReadOnlyList<LintFinding> Lint(ParsedStatement statement, DatabaseSchema? schema, SqlDialect dialect, LintOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(statement);
        options ??= LintOptions.Default;
        var context = new LintContext(statement, schema, dialect, options);
        var findings = new List<(LintFinding Finding, int Rule)>();
        for (var i = 0; i < QueryRules.Length; i++)
        {
            if (options.IsEnabled(QueryRules[i].Rule))
            {
                findings.AddRange(QueryRules[i].Check(context).Select(f => (f, i)));
            }
        }

        var result = findings
            .OrderBy(f => f.Finding.Position?.Offset ?? int.MaxValue)
            .ThenBy(f => f.Rule)
            .Select(f => f.Finding)
            .ToList();

        if (schema is not null && context.Bound is { } bound && options.IncludeSchemaFindings)
        {
            var schemaContext = new SchemaLintContext(schema, dialect);
            foreach (var source in bound.Sources.Where(s => s.Table is not null).DistinctBy(s => s.Table!, ReferenceEqualityComparer.Instance))
            {
                result.AddRange(LintTable(source.Table!, schemaContext, options).Select(f => f with { Position = source.Position }));
            }
        }

        return result;
    }

    /// <summary>Lints every table of the schema with the schema rules, table by table in schema order.</summary>
    public static IReadOnlyList<LintFinding> LintSchema(DatabaseSchema schema, LintOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        options ??= LintOptions.Default;
        var context = new SchemaLintContext(schema, schema.Engine.ToSqlDialect());
        return schema.Tables.SelectMany(t => LintTable(t, context, options)).ToList();
    }

    private static IEnumerable<LintFinding> LintTable(Table table, SchemaLintContext context, LintOptions options) =>
        SchemaRules.Where(r => options.IsEnabled(r.Rule)).SelectMany(r => r.Check(table, context));
}
