using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Appliance.Core.MockData;
using Appliance.Core.MockData.Values;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Infrastructure.MockData;

namespace Appliance.Web.Pages.MockData;

/// <summary>
/// Everything the mock data form holds: the request's settings, the chosen tables and their counts, per-column overrides and
/// child counts (kept as JSON in hidden fields), which table is shown and which column's override is open, and the output
/// choices. Every htmx call posts the whole form, so changing one thing never loses another.
/// </summary>
public sealed class MockFormState
{
    public const int MaxOverrides = 2_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public ulong Seed { get; private set; } = 1;
    public long DefaultRows { get; private set; } = 100;
    public string Locale { get; private set; } = "en";

    /// <summary>0–100, as the form shows it.</summary>
    public double NullRatePercent { get; private set; } = 10;

    public ValueDistribution ForeignKeyDistribution { get; private set; } = ValueDistribution.Uniform;
    public bool EdgeCases { get; private set; }

    /// <summary>Chosen tables by qualified name (schema.table).</summary>
    public HashSet<string> Selected { get; } = new(StringComparer.Ordinal);

    /// <summary>Row counts typed for single tables, by qualified name.</summary>
    public Dictionary<string, long> Rows { get; } = new(StringComparer.Ordinal);

    public List<ColumnOverride> Overrides { get; private set; } = [];
    public List<ChildCountRule> ChildCounts { get; private set; } = [];

    /// <summary>The table whose columns, overrides and preview are shown.</summary>
    public string? Focus { get; private set; }

    /// <summary>The column of <see cref="Focus"/> whose override editor is open.</summary>
    public string? Editing { get; private set; }

    public string Format { get; private set; } = "csv";
    public SqlDialect Dialect { get; private set; }
    public Guid? Target { get; private set; }

    /// <summary>Input the form could not read (a row count that is not a number…), shown with the plan's messages.</summary>
    public List<string> Problems { get; } = [];

    public static IReadOnlyList<string> Formats { get; } = ["csv", "json", "ndjson", "sql"];

    public static MockFormState Initial(DatabaseSchema schema, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var state = new MockFormState { Dialect = dialect };
        state.Selected.UnionWith(schema.Tables.Select(t => t.QualifiedName));
        return state;
    }

    public static MockFormState Parse(IFormCollection form, DatabaseSchema schema, SqlDialect defaultDialect)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(schema);
        var state = new MockFormState { Dialect = defaultDialect };
        state.ReadSettings(form);
        var tables = schema.Tables.ToDictionary(t => t.QualifiedName, StringComparer.Ordinal);
        foreach (var name in form["t"])
        {
            if (name is not null && tables.ContainsKey(name))
            {
                state.Selected.Add(name);
            }
        }

        foreach (var (key, values) in form)
        {
            if (!key.StartsWith("rows:", StringComparison.Ordinal) || !tables.TryGetValue(key[5..], out var table))
            {
                continue;
            }

            var text = values.ToString().Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (long.TryParse(text.Replace(",", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var rows))
            {
                state.Rows[table.QualifiedName] = rows;
            }
            else
            {
                state.Problems.Add($"The row count for {table.Name} is not a whole number.");
            }
        }

        state.Overrides = ReadJson<List<ColumnOverride>>(form["overrides"], "column overrides", state.Problems) ?? [];
        state.ChildCounts = ReadJson<List<ChildCountRule>>(form["childCounts"], "child counts", state.Problems) ?? [];
        if (state.Overrides.Count > MaxOverrides)
        {
            state.Overrides = state.Overrides.Take(MaxOverrides).ToList();
        }

        state.ApplyOverrideEditor(form, tables);
        state.ApplyChildCountEditor(form, tables);

        var previousFocus = Text(form["focus"]);
        var shown = Text(form["show"]);
        state.Focus = shown is not null && tables.ContainsKey(shown) ? shown : previousFocus is not null && tables.ContainsKey(previousFocus) ? previousFocus : null;
        var edit = Text(form["edit"]);
        state.Editing = edit switch
        {
            "-" => null,
            not null => edit,
            _ => state.Focus == previousFocus ? Text(form["editing"]) : null,
        };
        if (state.Editing is not null && (state.Focus is null || tables[state.Focus].FindColumn(state.Editing) is null))
        {
            state.Editing = null;
        }

        return state;
    }

    public MockDataRequest ToRequest() => new()
    {
        Seed = Seed,
        DefaultRows = DefaultRows,
        RowsPerTable = Rows,
        Tables = Selected.Order(StringComparer.Ordinal).ToList(),
        Locale = Locale,
        NullRate = NullRatePercent / 100,
        EdgeCases = EdgeCases,
        ForeignKeyDistribution = ForeignKeyDistribution,
        Columns = Overrides,
        ChildCounts = ChildCounts,
    };

    public string OverridesJson => JsonSerializer.Serialize(Overrides, Json);

    public string ChildCountsJson => JsonSerializer.Serialize(ChildCounts, Json);

    public ColumnOverride? OverrideFor(string table, string column) =>
        Overrides.LastOrDefault(o => o.Table == table && o.Column == column);

    public ChildCountRule? ChildCountFor(string table) => ChildCounts.LastOrDefault(r => r.Table == table);

    public long? RowsFor(string table) => Rows.TryGetValue(table, out var rows) ? rows : null;

    public bool IsSql => Format == "sql";

    public MockExportFormat ExportFormat => MockDataExporter.TryParseFormat(Format, out var format) ? format : MockExportFormat.Csv;

    private void ReadSettings(IFormCollection form)
    {
        if (Text(form["seed"]) is { } seed)
        {
            if (ulong.TryParse(seed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                Seed = value;
            }
            else
            {
                Problems.Add("The seed must be a whole number from 0 to 18446744073709551615.");
            }
        }

        if (Text(form["defaultRows"]) is { } rows)
        {
            if (long.TryParse(rows.Replace(",", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                DefaultRows = value;
            }
            else
            {
                Problems.Add("The rows per table must be a whole number.");
            }
        }

        if (Text(form["locale"]) is { } locale)
        {
            if (MockChoices.Locales.Any(l => l.Code == locale))
            {
                Locale = locale;
            }
            else
            {
                Problems.Add($"The locale {locale} is not offered; English is used.");
            }
        }

        if (Text(form["nullRate"]) is { } nullRate)
        {
            if (double.TryParse(nullRate, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 100)
            {
                NullRatePercent = value;
            }
            else
            {
                Problems.Add("The null rate must be a percentage from 0 to 100.");
            }
        }

        ForeignKeyDistribution = Text(form["fkDistribution"]) == "skewed" ? ValueDistribution.Skewed : ValueDistribution.Uniform;
        EdgeCases = form["edgeCases"].Any(v => v == "true");
        Format = Text(form["format"]) is { } format && Formats.Contains(format) ? format : "csv";
        if (Text(form["dialect"]) is { } dialect && Enum.TryParse<SqlDialect>(dialect, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            Dialect = parsed;
        }

        Target = Guid.TryParse(Text(form["target"]), out var target) ? target : null;
    }

    /// <summary>The open override editor is the truth for its column: its fields replace the column's override (all empty removes it).</summary>
    private void ApplyOverrideEditor(IFormCollection form, Dictionary<string, Table> tables)
    {
        if (Text(form["ov.table"]) is not { } tableName || Text(form["ov.column"]) is not { } columnName
            || !tables.TryGetValue(tableName, out var table) || table.FindColumn(columnName) is null)
        {
            return;
        }

        Overrides.RemoveAll(o => o.Table == tableName && o.Column == columnName);
        if (form["ov.reset"].Any(v => v == "true"))
        {
            return;
        }

        var generator = Text(form["ov.generator"]);
        var pattern = Text(form["ov.pattern"], trim: false);
        var values = ParseValues(form["ov.values"].ToString(), out var badWeights);
        if (badWeights.Count > 0)
        {
            Problems.Add($"{table.Name}.{columnName}: the weight after “|” must be a positive number ({string.Join(", ", badWeights)}).");
        }

        double? nullRate = null;
        if (Text(form["ov.nullRate"]) is { } rate)
        {
            if (double.TryParse(rate, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) && percent is >= 0 and <= 100)
            {
                nullRate = percent / 100;
            }
            else
            {
                Problems.Add($"{table.Name}.{columnName}: the null rate must be a percentage from 0 to 100.");
            }
        }

        ValueDistribution? distribution = Text(form["ov.distribution"]) switch
        {
            "uniform" => ValueDistribution.Uniform,
            "skewed" => ValueDistribution.Skewed,
            "normal" => ValueDistribution.Normal,
            _ => null,
        };
        if (pattern is not null && generator is null)
        {
            generator = MockGenerators.Pattern;
        }

        var entry = new ColumnOverride
        {
            Table = tableName,
            Column = columnName,
            Generator = values.Count > 0 && generator is not (MockGenerators.Null or MockGenerators.DatabaseDefault) ? null : generator,
            Values = values.Count > 0 ? values : null,
            Min = Text(form["ov.min"]),
            Max = Text(form["ov.max"]),
            Distribution = distribution,
            NullRate = nullRate,
            Pattern = pattern,
        };
        if (entry.Generator is not null || entry.Values is not null || entry.Min is not null || entry.Max is not null
            || entry.Distribution is not null || entry.NullRate is not null || entry.Pattern is not null)
        {
            Overrides.Add(entry);
        }
    }

    /// <summary>The focused table's "rows per parent" fields replace its child-count rule (no parent chosen removes it).</summary>
    private void ApplyChildCountEditor(IFormCollection form, Dictionary<string, Table> tables)
    {
        if (Text(form["nest.table"]) is not { } tableName || !tables.TryGetValue(tableName, out var table))
        {
            return;
        }

        ChildCounts.RemoveAll(r => r.Table == tableName);
        if (!int.TryParse(Text(form["nest.fk"]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) || index < 0 || index >= table.ForeignKeys.Count)
        {
            return;
        }

        // A parent just chosen has no numbers yet: 1 to 5 per parent until the user says otherwise.
        int min = 1, max = 5;
        if ((Text(form["nest.min"]) is { } minText && !int.TryParse(minText, NumberStyles.Integer, CultureInfo.InvariantCulture, out min))
            | (Text(form["nest.max"]) is { } maxText && !int.TryParse(maxText, NumberStyles.Integer, CultureInfo.InvariantCulture, out max)))
        {
            Problems.Add($"The rows of {table.Name} per parent row need a whole-number minimum and maximum.");
            return;
        }

        ChildCounts.Add(new ChildCountRule { Table = tableName, Columns = table.ForeignKeys[index].Columns, Min = min, Max = max });
    }

    /// <summary>One value per line; "value | weight" weighs it (the last "|" followed by a number).</summary>
    internal static List<WeightedValue> ParseValues(string text, out List<string> badWeights)
    {
        badWeights = [];
        var values = new List<WeightedValue>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var bar = line.LastIndexOf('|');
            if (bar >= 0)
            {
                var weightText = line[(bar + 1)..].Trim();
                if (double.TryParse(weightText, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight))
                {
                    if (weight > 0 && double.IsFinite(weight))
                    {
                        values.Add(new WeightedValue(line[..bar].Trim(), weight));
                    }
                    else
                    {
                        badWeights.Add(line.Trim());
                    }

                    continue;
                }
            }

            values.Add(new WeightedValue(line.Trim()));
        }

        return values;
    }

    internal static string FormatValues(IReadOnlyList<WeightedValue>? values) =>
        values is null ? "" : string.Join("\n", values.Select(v => v.Weight == 1 ? v.Value : $"{v.Value} | {v.Weight.ToString(CultureInfo.InvariantCulture)}"));

    private static T? ReadJson<T>(string? json, string what, List<string> problems) where T : class
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (JsonException)
        {
            problems.Add($"The saved {what} could not be read and were dropped.");
            return null;
        }
    }

    private static string? Text(string? value, bool trim = true)
    {
        if (value is null)
        {
            return null;
        }

        var text = trim ? value.Trim() : value;
        return text.Trim().Length == 0 ? null : text;
    }
}
