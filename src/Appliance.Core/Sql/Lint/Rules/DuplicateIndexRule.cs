using Appliance.Core.Schema;

namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>SQL103: indexes on the same table with the same key columns, order, directions, filter and method.</summary>
internal sealed class DuplicateIndexRule : ISchemaLintRule
{
    public LintRule Rule { get; } = new(
        "SQL103",
        "duplicate-index",
        "Duplicate indexes",
        "Two identical indexes do the same job twice: every insert, update and delete maintains both, and both take memory and disk, for no gain in reads.",
        LintSeverity.Warning,
        LintRuleTarget.Schema,
        CanRewrite: false);

    public IEnumerable<LintFinding> Check(Table table, SchemaLintContext context)
    {
        foreach (var group in table.Indexes.GroupBy(IndexNames.Signature).Where(g => g.Count() > 1))
        {
            // Keep the one that enforces the most: the primary key, then a unique index, then the first listed.
            var ordered = group.OrderByDescending(i => i.IsPrimaryKey).ThenByDescending(i => i.IsUnique).ToList();
            var keep = ordered[0];
            foreach (var drop in ordered.Skip(1))
            {
                var message = $"Indexes {context.Quote(keep.Name)} and {context.Quote(drop.Name)} on {context.TableName(table)} are identical ({IndexNames.Describe(drop, context)}).";
                yield return context.Finding(Rule, table, message, IndexNames.DropAdvice(drop, table, context));
            }
        }
    }
}
