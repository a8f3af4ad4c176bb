namespace Appliance.Core.Sql.Lint;

public enum LintSeverity
{
    /// <summary>Worth knowing; the query may well be fine as it is.</summary>
    Info,

    /// <summary>Likely slow or likely not what was meant.</summary>
    Warning,

    /// <summary>Wrong or failing: the query cannot return what it appears to ask for, or does not run.</summary>
    Error,
}

/// <summary>What a rule checks: a statement, or the schema of the tables.</summary>
public enum LintRuleTarget
{
    Query,
    Schema,
}

/// <summary>What a rewrite promises.</summary>
public enum LintRewriteKind
{
    /// <summary>Returns exactly the rows of the original, written so it runs better.</summary>
    Equivalent,

    /// <summary>
    /// The original is a bug (<c>x = NULL</c>, NOT IN over NULLs, a date upper bound that drops the last day) and the
    /// rewrite returns what it evidently meant, so its results differ where the bug bites.
    /// </summary>
    Fix,

    /// <summary>A different shape that needs new inputs, such as keyset pagination's key of the previous page.</summary>
    Pattern,
}

/// <summary>A rule as listed to users: a stable id (SQL001), a short kebab-case name, and why it matters.</summary>
public sealed record LintRule(string Id, string Name, string Title, string WhyItMatters, LintSeverity DefaultSeverity, LintRuleTarget Target, bool CanRewrite)
{
    public override string ToString() => $"{Id} {Name}";
}

/// <summary>One problem found by a rule, with where it is and, when the linter can write it, a rewritten statement.</summary>
public sealed record LintFinding
{
    public required string RuleId { get; init; }

    public required string RuleName { get; init; }

    public required LintSeverity Severity { get; init; }

    /// <summary>What is wrong in this statement or table, naming the columns and tables concerned.</summary>
    public required string Message { get; init; }

    /// <summary>Why the rule matters, in a sentence or two.</summary>
    public required string WhyItMatters { get; init; }

    /// <summary>Where the offending node starts in the statement text; null for schema findings and nodes without a position.</summary>
    public SourcePosition? Position { get; init; }

    /// <summary>What to do, in words (always present when the linter has advice, with or without a rewrite).</summary>
    public string? Suggestion { get; init; }

    /// <summary>The whole statement rewritten and formatted in the dialect; null when no safe rewrite exists.</summary>
    public string? RewrittenSql { get; init; }

    /// <summary>How <see cref="RewrittenSql"/> relates to the original; null when there is no rewrite.</summary>
    public LintRewriteKind? RewriteKind { get; init; }

    /// <summary>For schema findings: the table, as schema.name.</summary>
    public string? Table { get; init; }

    public override string ToString() =>
        $"{(Position is { } p ? p.ToString() : Table ?? "-")} {RuleId} {RuleName} ({Severity}): {Message}";
}
