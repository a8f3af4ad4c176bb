using Appliance.Core.Schema;

namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>SQL104: a non-unique B-tree index whose columns are a leading prefix of another B-tree index without a filter.</summary>
internal sealed class RedundantIndexRule : ISchemaLintRule
{
    public LintRule Rule { get; } = new(
        "SQL104",
        "redundant-index",
        "Redundant index",
        "A B-tree index on (a) serves nothing that an index on (a, b) does not also serve, yet every write maintains both; a unique index is never redundant this way, as it enforces a constraint.",
        LintSeverity.Info,
        LintRuleTarget.Schema,
        CanRewrite: false);

    public IEnumerable<LintFinding> Check(Table table, SchemaLintContext context)
    {
        foreach (var index in table.Indexes)
        {
            if (index.IsUnique || index.IsPrimaryKey || index.Filter is not null || !SchemaFacts.IsBTree(index))
            {
                continue;
            }

            var wider = table.Indexes.FirstOrDefault(other =>
                !ReferenceEquals(other, index) && other.Filter is null && SchemaFacts.IsBTree(other) && other.Columns.Count > index.Columns.Count &&
                IsPrefix(index, other) &&
                index.IncludedColumns.All(c => other.Columns.Any(o => !o.IsExpression && SqlFacts.SameName(o.Name, c)) || other.IncludedColumns.Any(o => SqlFacts.SameName(o, c))));
            if (wider is null)
            {
                continue;
            }

            var message = $"Index {context.Quote(index.Name)} ({IndexNames.Describe(index, context)}) on {context.TableName(table)} is redundant: {context.Quote(wider.Name)} ({IndexNames.Describe(wider, context)}) starts with the same columns.";
            yield return context.Finding(Rule, table, message, IndexNames.DropAdvice(index, table, context));
        }
    }

    /// <summary>Same leading columns; directions all equal or all reversed (a B-tree reads either way).</summary>
    private static bool IsPrefix(TableIndex shorter, TableIndex longer)
    {
        var same = true;
        var reversed = true;
        for (var i = 0; i < shorter.Columns.Count; i++)
        {
            var (a, b) = (shorter.Columns[i], longer.Columns[i]);
            if (a.IsExpression != b.IsExpression || !SqlFacts.SameName(a.Name, b.Name))
            {
                return false;
            }

            same &= a.Descending == b.Descending;
            reversed &= a.Descending != b.Descending;
        }

        return same || reversed;
    }
}
