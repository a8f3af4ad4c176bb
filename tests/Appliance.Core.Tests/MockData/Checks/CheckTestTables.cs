using System.Globalization;
using Appliance.Core.Connections;
using Appliance.Core.MockData.Checks;
using Appliance.Core.Schema;

namespace Appliance.Core.Tests.MockData.Checks;

/// <summary>Small tables with checks for the check tests, and a compact text form of hints to assert on.</summary>
internal static class CheckTestTables
{
    /// <summary>The reference "now" the tests analyse with.</summary>
    public static readonly DateTime Now = new(2026, 1, 1, 12, 0, 0);

    /// <summary>A table "t" with the given columns ("name type", "name type null") and checks ("name: expression" or an unnamed expression).</summary>
    public static Table Table(IEnumerable<string> columns, params string[] checks) => new()
    {
        Schema = "public",
        Name = "t",
        Columns = columns.Select((c, i) =>
        {
            var words = c.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return new Column
            {
                Name = words[0],
                Ordinal = i + 1,
                DataType = words.Length > 1 ? words[1] : "text",
                BaseType = words.Length > 1 ? words[1] : "text",
                IsNullable = words.Length > 2 && words[2] == "null",
            };
        }).ToList(),
        CheckConstraints = checks.Select(Check).ToList(),
    };

    public static CheckConstraint Check(string text)
    {
        // "ck_name: expression" names the check; expressions themselves never start with "word: ".
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !text[..colon].Contains(' ', StringComparison.Ordinal) && !text[..colon].Contains('(', StringComparison.Ordinal)
            ? new CheckConstraint { Name = text[..colon], Expression = text[(colon + 2)..] }
            : new CheckConstraint { Expression = text };
    }

    public static CheckAnalysis Analyze(DatabaseEngine engine, IEnumerable<string> columns, params string[] checks) =>
        CheckAnalyzer.Analyze(Table(columns, checks), engine, referenceNow: Now);

    /// <summary>One check over text columns named after the row's keys, evaluated against that row.</summary>
    public static bool Evaluate(DatabaseEngine engine, string expression, params (string Column, object? Value)[] row)
    {
        var check = Compile(engine, expression, row.Select(r => r.Column).ToArray());
        Assert.True(check.CanEvaluate, $"{expression} should be evaluable");
        return check.Evaluate(Row(row));
    }

    public static CompiledCheck Compile(DatabaseEngine engine, string expression, params string[] columns)
    {
        var analysis = Analyze(engine, columns.Length == 0 ? ["x"] : columns, expression);
        return Assert.Single(analysis.Checks);
    }

    public static Func<string, object?> Row(params (string Column, object? Value)[] row)
    {
        var values = row.ToDictionary(r => r.Column, r => r.Value, StringComparer.Ordinal);
        return column => values.TryGetValue(column, out var value) ? value : throw new KeyNotFoundException($"the check asked for {column}, which the row does not have");
    }

    /// <summary>
    /// Hints as one line: "&gt;0; &lt;=5; in(a,b); not(c); len 2..2; ~^x$; not null; not empty". Dates print as
    /// yyyy-MM-dd, numbers invariant, texts bare.
    /// </summary>
    public static string Describe(ColumnHints hints)
    {
        var parts = new List<string>();
        if (hints.Lower is { } lower)
        {
            parts.Add((lower.Inclusive ? ">=" : ">") + Value(lower.Value));
        }

        if (hints.Upper is { } upper)
        {
            parts.Add((upper.Inclusive ? "<=" : "<") + Value(upper.Value));
        }

        if (hints.AllowedValues is { } allowed)
        {
            parts.Add("in(" + string.Join(",", allowed.Select(Value)) + ")");
        }

        if (hints.ExcludedValues.Count > 0)
        {
            parts.Add("not(" + string.Join(",", hints.ExcludedValues.Select(Value)) + ")");
        }

        if (hints.MinLength is not null || hints.MaxLength is not null)
        {
            parts.Add($"len {hints.MinLength?.ToString(CultureInfo.InvariantCulture) ?? ""}..{hints.MaxLength?.ToString(CultureInfo.InvariantCulture) ?? ""}");
        }

        if (hints.Pattern is { } pattern)
        {
            parts.Add("~" + pattern);
        }

        if (hints.NotNull)
        {
            parts.Add("not null");
        }

        if (hints.NotEmpty)
        {
            parts.Add("not empty");
        }

        return string.Join("; ", parts);
    }

    private static string Value(object value) => value switch
    {
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
