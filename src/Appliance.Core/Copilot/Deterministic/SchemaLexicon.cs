using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Appliance.Core.Schema;

namespace Appliance.Core.Copilot.Deterministic;

/// <summary>What kind of values a column holds, as far as questions are concerned.</summary>
internal enum ValueKind
{
    Number,
    Text,
    Date,
    Boolean,
    Other,
}

/// <summary>A table as the rule engine sees it: its words, columns, key, label columns and foreign-key edges.</summary>
internal sealed class TableInfo(Table table, int index)
{
    public Table Table { get; } = table;

    public int Index { get; } = index;

    public string QualifiedName => Table.QualifiedName;

    public string Name => Table.Name;

    /// <summary>The name's words, normalised ("order_lines" → "order", "line").</summary>
    public string[] Words { get; init; } = [];

    public string Phrase => string.Join(' ', Words);

    public IReadOnlyList<ColumnInfo> Columns { get; set; } = [];

    public IReadOnlyList<ColumnInfo> Key { get; set; } = [];

    /// <summary>The columns that name a row for a person reading a result (name; first and last name; title).</summary>
    public IReadOnlyList<ColumnInfo> Labels { get; set; } = [];

    public List<JoinEdge> Edges { get; } = [];

    public IReadOnlyList<ColumnInfo> DateColumns { get; set; } = [];

    public ColumnInfo? FindColumn(string name) => Columns.FirstOrDefault(c => c.Name == name);

    public override string ToString() => QualifiedName;
}

internal sealed class ColumnInfo(TableInfo table, Column column)
{
    public TableInfo Table { get; } = table;

    public Column Column { get; } = column;

    public string Name => Column.Name;

    public string[] Words { get; init; } = [];

    public string[] Stems { get; init; } = [];

    public string[] CommentWords { get; init; } = [];

    public ValueKind Kind { get; init; }

    public bool IsPrimaryKey { get; init; }

    public bool IsForeignKey { get; init; }

    /// <summary>A column that says yes or no: a boolean, or an <c>is_…</c>/<c>has_…</c> integer limited to 0 and 1.</summary>
    public bool IsFlag { get; init; }

    /// <summary>The values a CHECK … IN (…) or an enum type allows, as written in the schema.</summary>
    public IReadOnlyList<string> AllowedValues { get; init; } = [];

    public bool IsKey => IsPrimaryKey || IsForeignKey;

    public string Phrase => string.Join(' ', Words);

    public string Display => $"{Table.Name}.{Name}";

    public override string ToString() => Display;
}

/// <summary>One step along a foreign key. <see cref="ManyToOne"/> when <see cref="From"/> holds the key.</summary>
internal sealed record JoinEdge(TableInfo From, TableInfo To, IReadOnlyList<string> FromColumns, IReadOnlyList<string> ToColumns, bool ManyToOne)
{
    public string Describe() => ManyToOne
        ? $"{From.Name}.{string.Join(", ", FromColumns)} → {To.Name}"
        : $"{From.Name} ← {To.Name}.{string.Join(", ", ToColumns)}";
}

/// <summary>A literal value a column allows (from a CHECK or an enum), found by its words.</summary>
internal sealed record ValueRef(ColumnInfo Column, string Literal);

/// <summary>How strongly a phrase names a table.</summary>
internal enum TableMatch
{
    /// <summary>A word of the table's comment ("staff" in "Staff; every employee…").</summary>
    Comment = 1,

    /// <summary>The last word of a multi-word name ("lines" for order_lines).</summary>
    Head = 2,

    /// <summary>The whole name, singular or plural.</summary>
    Name = 3,
}

/// <summary>
/// Everything the rule engine needs to know about a schema, computed once per schema instance: words of tables and
/// columns, allowed values, label columns and the foreign-key graph.
/// </summary>
internal sealed partial class SchemaLexicon
{
    private static readonly ConditionalWeakTable<DatabaseSchema, SchemaLexicon> Cache = [];

    private readonly Dictionary<string, List<(TableInfo Table, TableMatch Match)>> tablesByPhrase = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ColumnInfo>> columnsByWord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ColumnInfo>> columnsByPhrase = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ColumnInfo>> columnsByCommentWord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TableInfo>> tablesByStem = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ColumnInfo>> flagsByPhrase = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ColumnInfo>> columnsByAllowedValue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ColumnInfo>> columnsByStem = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ValueRef>> valuesByPhrase = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TableInfo> tablesByQualifiedName = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> tableNamesSeen = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> duplicateTableNames = new(StringComparer.OrdinalIgnoreCase);

    private SchemaLexicon(DatabaseSchema schema)
    {
        Schema = schema;
        var tables = new List<TableInfo>(schema.Tables.Count);
        foreach (var table in schema.Tables)
        {
            var info = new TableInfo(table, tables.Count) { Words = WordForms.SplitIdentifier(table.Name) };
            tables.Add(info);
            tablesByQualifiedName[table.QualifiedName] = info;
            if (!tableNamesSeen.Add(table.Name))
            {
                duplicateTableNames.Add(table.Name);
            }
        }

        Tables = tables;
        foreach (var info in tables)
        {
            BuildColumns(schema, info);
            IndexTable(info);
        }

        foreach (var info in tables)
        {
            foreach (var key in info.Table.ForeignKeys)
            {
                if (tablesByQualifiedName.GetValueOrDefault($"{key.ReferencedSchema}.{key.ReferencedTable}") is not { } target
                    || key.Columns.Count == 0 || key.Columns.Count != key.ReferencedColumns.Count)
                {
                    continue;
                }

                info.Edges.Add(new JoinEdge(info, target, key.Columns, key.ReferencedColumns, ManyToOne: true));
                if (target != info)
                {
                    target.Edges.Add(new JoinEdge(target, info, key.ReferencedColumns, key.Columns, ManyToOne: false));
                }
            }
        }
    }

    public DatabaseSchema Schema { get; }

    public IReadOnlyList<TableInfo> Tables { get; }

    public static SchemaLexicon For(DatabaseSchema schema) => Cache.GetValue(schema, s => new SchemaLexicon(s));

    /// <summary>
    /// What "revenue" or "sales" can mean in this schema, with how well each is named: a column called so (4); a
    /// total amount (3.5) or total (2); an amount (1.5); price × quantity of one table, less a fractional discount (1.5).
    /// </summary>
    public IReadOnlyList<(Measure Measure, double Score)> RevenueCandidates => revenueCandidates ??= FindRevenueCandidates();

    private IReadOnlyList<(Measure Measure, double Score)>? revenueCandidates;

    private List<(Measure Measure, double Score)> FindRevenueCandidates()
    {
        var candidates = new List<(Measure Measure, double Score)>();
        foreach (var table in Tables)
        {
            ColumnInfo? price = null, quantity = null;
            foreach (var column in table.Columns)
            {
                if (column.Kind != ValueKind.Number || column.IsKey)
                {
                    continue;
                }

                var words = column.Words;
                double score = 0;
                if (words.Any(w => w is "revenue" or "sale" or "turnover" or "income" or "earning"))
                {
                    score = 4;
                }
                else if (words.Contains("total") && !words.Contains("count") && !words.Contains("quantity"))
                {
                    score = 2 + (words.Contains("amount") || words.Contains("price") || words.Contains("value") ? 1.5 : 0);
                }
                else if (words.Contains("amount") && !words.Contains("discount"))
                {
                    score = 1.5;
                }

                if (score > 0)
                {
                    candidates.Add((new Measure(column), score));
                }

                if (words.Contains("price") || words.Contains("cost"))
                {
                    price ??= column;
                }

                if (words.Contains("quantity"))
                {
                    quantity ??= column;
                }
            }

            if (price is not null && quantity is not null)
            {
                // A discount stored as a fraction (0 to 1) of the line is taken off.
                var discount = table.Columns.FirstOrDefault(c => c.Kind == ValueKind.Number && c.Words.Contains("discount") && IsFraction(table, c));
                candidates.Add((new Measure(price, quantity, discount), 1.5));
            }
        }

        return candidates;
    }

    /// <summary>A column whose CHECK keeps it between 0 and 1, or whose type has no room for more than one integer digit.</summary>
    private static bool IsFraction(TableInfo table, ColumnInfo column)
    {
        var name = column.Name;
        if (table.Table.CheckConstraints.Any(c => c.Expression.Contains(name, StringComparison.OrdinalIgnoreCase)
            && (c.Expression.Contains("BETWEEN 0 AND 1", StringComparison.OrdinalIgnoreCase) || c.Expression.Replace(" ", "", StringComparison.Ordinal).Contains("<=1", StringComparison.Ordinal))))
        {
            return true;
        }

        return column.Column.Precision is { } precision && column.Column.Scale is { } scale && precision - scale <= 1 && scale > 0;
    }

    public TableInfo? FindTable(string qualifiedName) => tablesByQualifiedName.GetValueOrDefault(qualifiedName);

    /// <summary>Whether another schema has a table of the same name (then SQL must qualify it).</summary>
    public bool IsNameShared(TableInfo table) => duplicateTableNames.Contains(table.Name);

    /// <summary>Tables a phrase of normalised words names ("order line", "customer").</summary>
    public IReadOnlyList<(TableInfo Table, TableMatch Match)> TablesNamed(string phrase) =>
        tablesByPhrase.TryGetValue(phrase, out var list) ? list : [];

    /// <summary>Columns whose name has the normalised word.</summary>
    public IReadOnlyList<ColumnInfo> ColumnsWithWord(string word) =>
        columnsByWord.TryGetValue(word, out var list) ? list : [];

    /// <summary>Columns whose whole name is the phrase ("unit price", "total amount").</summary>
    public IReadOnlyList<ColumnInfo> ColumnsNamed(string phrase) =>
        columnsByPhrase.TryGetValue(phrase, out var list) ? list : [];

    /// <summary>Columns whose comment has the word.</summary>
    public IReadOnlyList<ColumnInfo> ColumnsWithCommentWord(string word) =>
        columnsByCommentWord.TryGetValue(word, out var list) ? list : [];

    /// <summary>Columns whose CHECK list or enum allows exactly this value.</summary>
    public IReadOnlyList<ColumnInfo> ColumnsAllowing(string literal) =>
        columnsByAllowedValue.TryGetValue(literal, out var list) ? list : [];

    /// <summary>Yes/no columns named by the phrase without their is_/has_ prefix ("active" → is_active).</summary>
    public IReadOnlyList<ColumnInfo> FlagsNamed(string phrase) =>
        flagsByPhrase.TryGetValue(phrase, out var list) ? list : [];

    /// <summary>Tables with a name word of the same stem ("ordered" → orders, "reviewed" → product_reviews).</summary>
    public IReadOnlyList<TableInfo> TablesWithStem(string stem) =>
        tablesByStem.TryGetValue(stem, out var list) ? list : [];

    /// <summary>Columns with a name word of the same stem ("hired" → hired_on, "rated" → rating).</summary>
    public IReadOnlyList<ColumnInfo> ColumnsWithStem(string stem) =>
        columnsByStem.TryGetValue(stem, out var list) ? list : [];

    /// <summary>Allowed values (CHECK IN lists, enum labels) spelt by the phrase ("shipped", "bank transfer", "on hold").</summary>
    public IReadOnlyList<ValueRef> ValuesNamed(string phrase) =>
        valuesByPhrase.TryGetValue(phrase, out var list) ? list : [];

    private void IndexTable(TableInfo info)
    {
        if (info.Words.Length == 0)
        {
            return;
        }

        AddTablePhrase(info.Phrase, info, TableMatch.Name);
        foreach (var word in info.Words.Where(w => w.Length > 2))
        {
            Add(tablesByStem, WordForms.Stem(word), info);
        }

        var joined = string.Concat(info.Words);
        if (joined != info.Phrase)
        {
            AddTablePhrase(joined, info, TableMatch.Name);
        }

        // A prefix such as tbl_ or t_ is not part of what users say.
        if (info.Words.Length > 1 && info.Words[0] is "tbl" or "tb" or "t")
        {
            AddTablePhrase(string.Join(' ', info.Words[1..]), info, TableMatch.Name);
        }

        if (info.Words.Length > 1)
        {
            AddTablePhrase(info.Words[^1], info, TableMatch.Head);
        }

        if (info.Table.Comment is { } comment)
        {
            // Only the first few words: "Staff; every employee…", "Parcels sent for orders." say what a row is.
            foreach (var word in CommentWords(comment).Take(2))
            {
                AddTablePhrase(word, info, TableMatch.Comment);
            }
        }
    }

    private static void Add<T>(Dictionary<string, List<T>> index, string key, T item)
        where T : class
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index[key] = list;
        }

        // Items arrive table by table, column by column: a repeat can only be the last one added.
        if (list.Count == 0 || !ReferenceEquals(list[^1], item))
        {
            list.Add(item);
        }
    }

    private void AddTablePhrase(string phrase, TableInfo table, TableMatch match)
    {
        if (!tablesByPhrase.TryGetValue(phrase, out var list))
        {
            list = [];
            tablesByPhrase[phrase] = list;
        }

        if (list.Count == 0 || list[^1].Table != table)
        {
            list.Add((table, match));
        }
    }

    private void BuildColumns(DatabaseSchema schema, TableInfo info)
    {
        var table = info.Table;
        var primary = new HashSet<string>(table.PrimaryKey?.Columns ?? [], StringComparer.Ordinal);
        var foreign = new HashSet<string>(table.ForeignKeys.SelectMany(k => k.Columns), StringComparer.Ordinal);
        var checkValues = CheckValues(table);
        var columns = new List<ColumnInfo>(table.Columns.Count);
        foreach (var column in table.Columns)
        {
            var words = WordForms.SplitIdentifier(column.Name);
            var allowed = checkValues.GetValueOrDefault(column.Name) ?? EnumValues(schema, column) ?? [];
            var kind = KindOf(column, schema);
            // SQLite has no date type: TEXT columns named like dates (created_at, hired_on) hold ISO dates.
            if (kind == ValueKind.Text && schema.Engine == Connections.DatabaseEngine.Sqlite && LooksLikeDate(words) && allowed.Count == 0)
            {
                kind = ValueKind.Date;
            }

            var isFlag = kind == ValueKind.Boolean
                || (kind == ValueKind.Number && allowed.Count == 2 && allowed.Contains("0") && allowed.Contains("1"))
                || (kind == ValueKind.Number && words.Length > 1 && words[0] is "is" or "has" or "can" && !primary.Contains(column.Name));
            var columnInfo = new ColumnInfo(info, column)
            {
                Words = words,
                Stems = words.Select(WordForms.Stem).ToArray(),
                CommentWords = column.Comment is { } c ? CommentWords(c).ToArray() : [],
                Kind = isFlag ? ValueKind.Boolean : kind,
                IsPrimaryKey = primary.Contains(column.Name),
                IsForeignKey = foreign.Contains(column.Name),
                IsFlag = isFlag,
                AllowedValues = isFlag ? [] : allowed,
            };
            columns.Add(columnInfo);
            foreach (var word in words.Distinct(StringComparer.Ordinal))
            {
                Add(columnsByWord, word, columnInfo);
            }

            Add(columnsByPhrase, columnInfo.Phrase, columnInfo);
            if (isFlag)
            {
                var flagWords = words.Length > 1 && words[0] is "is" or "has" or "can" or "flag" ? words[1..] : words;
                Add(flagsByPhrase, string.Join(' ', flagWords), columnInfo);
            }

            foreach (var stem in columnInfo.Stems.Where(s => s.Length > 2).Distinct(StringComparer.Ordinal))
            {
                Add(columnsByStem, stem, columnInfo);
            }

            foreach (var word in columnInfo.CommentWords.Distinct(StringComparer.Ordinal))
            {
                Add(columnsByCommentWord, word, columnInfo);
            }

            foreach (var value in columnInfo.AllowedValues)
            {
                Add(columnsByAllowedValue, value, columnInfo);
                var phrase = string.Join(' ', WordForms.SplitIdentifier(value));
                foreach (var key in new[] { phrase, value.ToLowerInvariant() }.Distinct(StringComparer.Ordinal))
                {
                    if (key.Length == 0)
                    {
                        continue;
                    }

                    if (!valuesByPhrase.TryGetValue(key, out var refs))
                    {
                        refs = [];
                        valuesByPhrase[key] = refs;
                    }

                    refs.Add(new ValueRef(columnInfo, value));
                }
            }
        }

        info.Columns = columns;
        info.Key = table.PrimaryKey is { } pk ? pk.Columns.Select(n => columns.FirstOrDefault(c => c.Name == n)).OfType<ColumnInfo>().ToList() : [];
        info.Labels = LabelsOf(info, columns);
        info.DateColumns = columns.Where(c => c.Kind == ValueKind.Date).ToList();
    }

    private static List<ColumnInfo> LabelsOf(TableInfo table, List<ColumnInfo> columns)
    {
        var singular = string.Join(' ', table.Words);
        foreach (var name in new[] { "name", "title", "label", "display name", "full name", singular + " name" })
        {
            if (columns.FirstOrDefault(c => c.Phrase == name && c.Kind == ValueKind.Text) is { } label)
            {
                return [label];
            }
        }

        var first = columns.FirstOrDefault(c => c.Phrase is "first name" or "given name" or "firstname");
        var last = columns.FirstOrDefault(c => c.Phrase is "last name" or "family name" or "surname" or "lastname");
        return first is not null && last is not null ? [first, last] : [];
    }

    private static bool LooksLikeDate(string[] words) =>
        words.Length > 0 && (words[^1] is "at" or "on" or "date" or "time" or "timestamp" or "day" or "when"
            || words[0] is "date" or "created" or "updated" or "modified"
            || words.Contains("date"));

    private static ValueKind KindOf(Column column, DatabaseSchema schema)
    {
        var type = (column.BaseType ?? column.DataType).ToLowerInvariant();
        var paren = type.IndexOf('(', StringComparison.Ordinal);
        if (paren > 0)
        {
            type = type[..paren].Trim();
        }

        if (type.EndsWith("[]", StringComparison.Ordinal))
        {
            return ValueKind.Other;
        }

        return type switch
        {
            "bool" or "boolean" or "bit" => ValueKind.Boolean,
            "int" or "integer" or "smallint" or "bigint" or "tinyint" or "mediumint" or "int2" or "int4" or "int8" or "serial"
                or "bigserial" or "smallserial" or "numeric" or "decimal" or "real" or "float" or "double" or "double precision"
                or "float4" or "float8" or "money" or "smallmoney" or "number" or "dec" or "fixed" => ValueKind.Number,
            "date" or "datetime" or "datetime2" or "smalldatetime" or "datetimeoffset" or "timestamp" or "timestamptz"
                or "timestamp with time zone" or "timestamp without time zone" => ValueKind.Date,
            "char" or "varchar" or "text" or "nvarchar" or "nchar" or "citext" or "bpchar" or "character varying" or "character"
                or "string" or "clob" or "tinytext" or "mediumtext" or "longtext" or "ntext" or "name" or "enum" => ValueKind.Text,
            _ when schema.Enums.Any(e => e.Name.Equals(type, StringComparison.OrdinalIgnoreCase)) => ValueKind.Text,
            _ when type.StartsWith("int", StringComparison.Ordinal) || type.StartsWith("decimal", StringComparison.Ordinal) => ValueKind.Number,
            _ when type.StartsWith("timestamp", StringComparison.Ordinal) || type.StartsWith("datetime", StringComparison.Ordinal) => ValueKind.Date,
            _ when type.Contains("char", StringComparison.Ordinal) || type.Contains("text", StringComparison.Ordinal) => ValueKind.Text,
            _ => ValueKind.Other,
        };
    }

    private static List<string>? EnumValues(DatabaseSchema schema, Column column)
    {
        var dataType = column.DataType.Trim();
        if (dataType.StartsWith("enum(", StringComparison.OrdinalIgnoreCase))
        {
            return [.. QuotedLiteral().Matches(dataType).Select(m => m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal))];
        }

        foreach (var type in schema.Enums)
        {
            if (dataType.Equals(type.Name, StringComparison.OrdinalIgnoreCase)
                || dataType.Equals($"{type.Schema}.{type.Name}", StringComparison.OrdinalIgnoreCase)
                || string.Equals(column.BaseType, type.Name, StringComparison.OrdinalIgnoreCase))
            {
                return [.. type.Values];
            }
        }

        return null;
    }

    /// <summary>Values of <c>col IN ('a', 'b')</c> and PostgreSQL's <c>col = ANY (ARRAY['a'::text, …])</c> checks.</summary>
    private static Dictionary<string, List<string>> CheckValues(Table table)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var check in table.CheckConstraints)
        {
            foreach (Match match in CheckInList().Matches(check.Expression))
            {
                var column = match.Groups["column"].Value.Trim('"', '`', '[', ']');
                var values = new List<string>();
                foreach (Match literal in ListLiteral().Matches(match.Groups["list"].Value))
                {
                    values.Add(literal.Groups["text"].Success ? literal.Groups["text"].Value.Replace("''", "'", StringComparison.Ordinal) : literal.Groups["number"].Value);
                }

                if (values.Count > 0 && table.Columns.Any(c => c.Name == column))
                {
                    result[column] = values;
                }
            }
        }

        return result;
    }

    private static IEnumerable<string> CommentWords(string comment) =>
        CommentWord().Matches(comment).Select(m => WordForms.Normalize(m.Value)).Where(w => w.Length > 2 && !WordForms.IsStopWord(w));

    [GeneratedRegex(@"(?<column>""[^""]+""|`[^`]+`|\[[^\]]+\]|\w+)\)?(?:::\w+(?:\s+\w+)*)?\s+(?:IN\s*\((?<list>[^()]*)\)|=\s*ANY\s*\(\s*(?:\(\s*)?ARRAY\s*\[(?<list>[^\]]*)\])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CheckInList();

    [GeneratedRegex(@"'(?<text>(?:[^']|'')*)'|(?<number>-?\d+(?:\.\d+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex ListLiteral();

    [GeneratedRegex(@"'((?:[^']|'')*)'", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedLiteral();

    [GeneratedRegex(@"\p{L}[\p{L}\p{N}]*", RegexOptions.CultureInvariant)]
    private static partial Regex CommentWord();
}
