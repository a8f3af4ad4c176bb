using System.Text.RegularExpressions;
using Appliance.Core.Sql;

namespace Appliance.Core.MockData.Checks;

/// <summary>
/// Merges the facts of all checks of a table into one <see cref="ColumnHints"/> per column (tightest bounds, intersected
/// allowed values) and reports the combinations that no value can satisfy.
/// </summary>
internal sealed class CheckHintMerger(string tableName, SqlDialect dialect, Func<string, bool> isNullable)
{
    public Dictionary<string, ColumnHints> Merge(IReadOnlyList<ColumnFact> facts, IReadOnlyList<(ColumnRelation Relation, CheckSource Source)> relations, List<CheckProblem> problems)
    {
        var hints = new Dictionary<string, ColumnHints>(StringComparer.Ordinal);
        foreach (var column in facts.Select(f => f.Column).Distinct())
        {
            var columnFacts = facts.Where(f => f.Column == column).ToList();
            hints[column] = MergeColumn(column, columnFacts, problems);
        }

        ReportRelationConflicts(relations, problems);
        return hints;
    }

    private ColumnHints MergeColumn(string column, List<ColumnFact> facts, List<CheckProblem> problems)
    {
        CheckProblem? problem = null;
        void Conflict(ColumnFact first, ColumnFact? second) => problem ??= Contradiction(column, first, second, facts);

        var lower = Tightest(facts, FactKind.Lower, greater: true);
        var upper = Tightest(facts, FactKind.Upper, greater: false);
        if (lower is not null && upper is not null && Compare(lower.Value!, upper.Value!) is { } order &&
            (order > 0 || (order == 0 && !(lower.Inclusive && upper.Inclusive))))
        {
            Conflict(lower, upper);
        }

        var minLength = facts.Where(f => f.Kind == FactKind.MinLength).MaxBy(f => f.Length);
        var maxLength = facts.Where(f => f.Kind == FactKind.MaxLength).MinBy(f => f.Length);
        var notEmpty = facts.FirstOrDefault(f => f.Kind == FactKind.NotEmpty);
        if (maxLength is { Length: < 0 })
        {
            Conflict(maxLength, null);
        }

        if (minLength is not null && maxLength is not null && minLength.Length > maxLength.Length)
        {
            Conflict(minLength, maxLength);
        }

        if (notEmpty is not null && maxLength is { Length: 0 })
        {
            Conflict(notEmpty, maxLength);
        }

        var patterns = facts.Where(f => f.Kind == FactKind.Pattern).ToList();
        var excluded = facts.Where(f => f.Kind == FactKind.Excluded).ToList();
        List<object>? allowed = null;
        ColumnFact? allowedFact = null;
        foreach (var fact in facts.Where(f => f.Kind == FactKind.Allowed))
        {
            if (allowed is null || allowedFact is null)
            {
                allowed = Distinct(fact.Values);
                allowedFact = fact with { Values = allowed };
                continue;
            }

            var remaining = allowed.Where(v => fact.Values.Any(w => Equal(v, w))).ToList();
            if (remaining.Count == 0)
            {
                Conflict(allowedFact, fact);
            }

            allowed = remaining;
            allowedFact = allowedFact with { Values = allowed };
        }

        if (allowed is { Count: > 0 } && allowedFact is not null)
        {
            // Allowed values that another fact rules out are dropped; when none is left, no value passes.
            ColumnFact?[] restrictions = [lower, upper, minLength, maxLength, notEmpty, .. excluded, .. patterns];
            foreach (var restriction in restrictions)
            {
                if (restriction is null)
                {
                    continue;
                }

                var remaining = allowed.Where(v => Satisfies(v, restriction)).ToList();
                if (remaining.Count == 0)
                {
                    Conflict(allowedFact with { Values = allowed }, restriction);
                    allowed = remaining;
                    break;
                }

                allowed = remaining;
            }
        }

        if (problem is not null)
        {
            problems.Add(problem);
        }

        return new ColumnHints
        {
            Lower = lower is null ? null : new CheckBound(lower.Value!, lower.Inclusive, lower.Source.Name),
            Upper = upper is null ? null : new CheckBound(upper.Value!, upper.Inclusive, upper.Source.Name),
            AllowedValues = allowed,
            ExcludedValues = Distinct(excluded.SelectMany(f => f.Values)),
            MinLength = minLength is { Length: > 0 } ? minLength.Length : null,
            MaxLength = maxLength?.Length,
            Pattern = patterns.Count switch
            {
                0 => null,
                1 => patterns[0].Pattern,

                // Every pattern must match somewhere in the value: one lookahead per pattern.
                _ => "^" + string.Concat(patterns.Select(p => $"(?=[\\s\\S]*?(?:{p.Pattern}))")),
            },
            NotNull = facts.Any(f => f.Kind == FactKind.NotNull),
            NotEmpty = notEmpty is not null,
            Constraints = facts.Select(f => f.Source.Label).Distinct().ToList(),
        };
    }

    private ColumnFact? Tightest(List<ColumnFact> facts, FactKind kind, bool greater)
    {
        ColumnFact? best = null;
        foreach (var fact in facts.Where(f => f.Kind == kind))
        {
            if (best is null)
            {
                best = fact;
                continue;
            }

            // Bounds of different kinds (a number and a text) cannot be ranked; the first one stays.
            if (Compare(fact.Value!, best.Value!) is { } order &&
                ((greater ? order > 0 : order < 0) || (order == 0 && !fact.Inclusive && best.Inclusive)))
            {
                best = fact;
            }
        }

        return best;
    }

    private bool Satisfies(object value, ColumnFact restriction)
    {
        var text = CheckValues.ToText(CheckValue.FromHint(value), dialect) ?? "";
        switch (restriction.Kind)
        {
            case FactKind.Lower:
                return Compare(value, restriction.Value!) is not { } lower || lower > 0 || (lower == 0 && restriction.Inclusive);
            case FactKind.Upper:
                return Compare(value, restriction.Value!) is not { } upper || upper < 0 || (upper == 0 && restriction.Inclusive);
            case FactKind.Excluded:
                return !restriction.Values.Any(v => Equal(value, v));
            case FactKind.MinLength:
                return text.Length >= restriction.Length;
            case FactKind.MaxLength:
                return text.Length <= restriction.Length;
            case FactKind.NotEmpty:
                return text.Length > 0;
            case FactKind.Pattern:
                try
                {
                    return Regex.IsMatch(text, restriction.Pattern!, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (RegexMatchTimeoutException)
                {
                    return true;
                }

            default:
                return true;
        }
    }

    private int? Compare(object left, object right) => CheckValues.Compare(CheckValue.FromHint(left), CheckValue.FromHint(right), dialect);

    private bool Equal(object left, object right) => Compare(left, right) == 0;

    private List<object> Distinct(IEnumerable<object> values)
    {
        var result = new List<object>();
        foreach (var value in values)
        {
            if (!result.Any(v => Equal(v, value)))
            {
                result.Add(value);
            }
        }

        return result;
    }

    private CheckProblem Contradiction(string column, ColumnFact first, ColumnFact? second, List<ColumnFact> facts)
    {
        var what = second is null ? $"{column} must be {first.Describe()}" : $"{column} must be {first.Describe()} and {second.Describe()}";
        return Contradiction(first.Source, second?.Source, what, isNullable(column) && !facts.Any(f => f.Kind == FactKind.NotNull));
    }

    private CheckProblem Contradiction(CheckSource first, CheckSource? second, string what, bool nullPasses)
    {
        var tail = nullPasses ? ", so only NULL passes." : ".";
        var source = second ?? first;
        var message = second is null || second == first
            ? $"{first.Subject} can never be satisfied: {what}{tail}"
            : $"Check constraints {first.Label} and {second.Label} on {tableName} can never be satisfied together: {what}{tail}";
        return new CheckProblem(source.Name, source.Expression, message, IsError: true);
    }

    /// <summary>a &gt; a, a &gt; b with b &gt;= a, a = b with a &lt;&gt; b: relations no row can meet.</summary>
    private void ReportRelationConflicts(IReadOnlyList<(ColumnRelation Relation, CheckSource Source)> relations, List<CheckProblem> problems)
    {
        var sources = relations.Select(r => (r.Relation, r.Source, Normal: Normalize(r.Relation))).ToList();
        for (var i = 0; i < sources.Count; i++)
        {
            var (relation, source, (left, op, right)) = sources[i];
            var nullPasses = isNullable(relation.Left) || isNullable(relation.Right);
            if (left == right && op is ">" or "<>")
            {
                problems.Add(RelationProblem((relation, source), null, nullPasses));
                continue;
            }

            for (var j = 0; j < i; j++)
            {
                var (earlier, earlierSource, (otherLeft, otherOp, otherRight)) = sources[j];
                var reversed = otherLeft == right && otherRight == left;
                var same = otherLeft == left && otherRight == right;
                var conflict = (op, otherOp) switch
                {
                    (">", ">" or ">=") or (">=", ">") => reversed,
                    (">", "=") or ("=", ">") => same || reversed,
                    ("=", "<>") or ("<>", "=") => same || reversed,
                    _ => false,
                };
                if (conflict)
                {
                    problems.Add(RelationProblem((earlier, earlierSource), (relation, source), nullPasses));
                    break;
                }
            }
        }
    }

    private static (string Left, string Operator, string Right) Normalize(ColumnRelation relation) =>
        relation.Operator is "<" or "<=" ? (relation.Right, CheckFactReader.Flip(relation.Operator), relation.Left) : (relation.Left, relation.Operator, relation.Right);

    private CheckProblem RelationProblem((ColumnRelation Relation, CheckSource Source) first, (ColumnRelation Relation, CheckSource Source)? second, bool nullPasses)
    {
        var a = first.Relation;
        var what = second is not { Relation: var b }
            ? $"{a.Left} must be {a.Operator} {a.Right}"
            : $"{a.Left} must be {a.Operator} {a.Right} and {b.Left} {b.Operator} {b.Right}";
        return Contradiction(first.Source, second?.Source, what, nullPasses);
    }
}
