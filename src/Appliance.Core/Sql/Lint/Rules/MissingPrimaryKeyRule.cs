using Appliance.Core.Schema;

namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>SQL101: a table without a primary key.</summary>
internal sealed class MissingPrimaryKeyRule : ISchemaLintRule
{
    public LintRule Rule { get; } = new(
        "SQL101",
        "missing-primary-key",
        "Table without a primary key",
        "Without a primary key nothing guarantees a row can be identified: duplicates creep in, single rows cannot be updated or deleted reliably, and replication and many tools refuse or slow down.",
        LintSeverity.Warning,
        LintRuleTarget.Schema,
        CanRewrite: false);

    public IEnumerable<LintFinding> Check(Table table, SchemaLintContext context)
    {
        if (table.PrimaryKey is { Columns.Count: > 0 })
        {
            yield break;
        }

        var candidate = SchemaFacts.UniqueKeys(table).FirstOrDefault();
        var name = context.TableName(table);
        if (candidate is not null)
        {
            yield return context.Finding(
                Rule,
                table,
                $"Table {name} has no primary key, though its unique NOT NULL columns ({context.Columns(candidate)}) could be one.",
                $"ALTER TABLE {IndexNames.Qualified(table, context)} ADD PRIMARY KEY ({context.Columns(candidate)});",
                LintSeverity.Info);
        }
        else
        {
            yield return context.Finding(Rule, table, $"Table {name} has no primary key.", "Add a primary key: the natural key if there is one, else an identity column.");
        }
    }
}
