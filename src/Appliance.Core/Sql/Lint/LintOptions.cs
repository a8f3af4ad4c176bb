namespace Appliance.Core.Sql.Lint;

/// <summary>Thresholds and switches of the linter.</summary>
public sealed record LintOptions
{
    public static LintOptions Default { get; } = new();

    /// <summary>A table with at least this many rows (the catalog's estimate) is large: reading it without a limit is flagged.</summary>
    public long LargeTableRows { get; init; } = 100_000;

    /// <summary>OFFSET values from this one up are flagged as deep pagination.</summary>
    public long LargeOffset { get; init; } = 1_000;

    /// <summary>Whether linting a statement also reports the schema rules for the tables it uses.</summary>
    public bool IncludeSchemaFindings { get; init; } = true;

    /// <summary>Rules to skip, by id (SQL001) or name (select-star), case-insensitive.</summary>
    public IReadOnlyCollection<string> DisabledRules { get; init; } = [];

    /// <summary>
    /// Whether each rewrite is parsed again and dropped when it does not parse: a safety net so a rewrite shown to a
    /// user always runs. Tests turn it off to see every rewrite the rules produce.
    /// </summary>
    public bool VerifyRewrites { get; init; } = true;

    internal bool IsEnabled(LintRule rule) =>
        !DisabledRules.Any(d => d.Equals(rule.Id, StringComparison.OrdinalIgnoreCase) || d.Equals(rule.Name, StringComparison.OrdinalIgnoreCase));
}
