using Appliance.Core.Schema;

namespace Appliance.Core.Sql.Lint;

/// <summary>A rule over one statement.</summary>
internal interface ILintRule
{
    LintRule Rule { get; }

    IEnumerable<LintFinding> Check(LintContext context);
}

/// <summary>A rule over one table of the schema.</summary>
internal interface ISchemaLintRule
{
    LintRule Rule { get; }

    IEnumerable<LintFinding> Check(Table table, SchemaLintContext context);
}

/// <summary>The schema being linted and how its names are written.</summary>
internal sealed class SchemaLintContext(DatabaseSchema schema, SqlDialect dialect)
{
    public DatabaseSchema Schema { get; } = schema;

    public SqlDialect Dialect { get; } = dialect;

    public string Quote(string name) => SqlKeywords.NeedsQuoting(name, Dialect) ? SqlKeywords.Quote(name, Dialect) : name;

    public string TableName(Table table) => Quote(table.Name);

    public string Columns(IEnumerable<string> columns) => string.Join(", ", columns.Select(Quote));

    public LintFinding Finding(LintRule rule, Table table, string message, string? suggestion = null, LintSeverity? severity = null) => new()
    {
        RuleId = rule.Id,
        RuleName = rule.Name,
        Severity = severity ?? rule.DefaultSeverity,
        Message = message,
        WhyItMatters = rule.WhyItMatters,
        Suggestion = suggestion,
        Table = table.QualifiedName,
    };
}
