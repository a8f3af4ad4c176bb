using Appliance.Core.Schema;
using Appliance.Core.Sql;
using static Appliance.Core.Copilot.Grammar.GbnfNode;

namespace Appliance.Core.Copilot.Grammar;

/// <summary>
/// A GBNF grammar (llama.cpp's grammar format) that admits exactly one read-only SELECT over the given tables and their
/// columns, spelled for the dialect. Decoding under it cannot name a table or column outside the context.
/// </summary>
/// <remarks>
/// The query is <c>SELECT [DISTINCT] [TOP n] items FROM … [JOIN … ON …]{0,3} [WHERE …] [GROUP BY … [HAVING …]]
/// [ORDER BY …] [LIMIT n]</c> with single spaces and names quoted exactly as <see cref="SqlKeywords.Quote"/> writes them.
/// Each FROM clause (a table alone, or tables joined along foreign keys with fixed aliases) is its own branch whose
/// column references are only the columns of its tables, so a generated query always binds; predicates and aggregates
/// follow the column's type (LIKE on text, SUM on numbers…). Every repetition is bounded and each branch is cut down
/// until its longest query fits <see cref="SqlGrammarOptions.MaxLength"/>, so generation always completes.
/// </remarks>
public static class SqlGrammar
{
    public static string Build(IReadOnlyList<Table> tables, SqlDialect dialect) => Create(tables, dialect, SqlGrammarOptions.Default).Text;

    public static string Build(IReadOnlyList<Table> tables, SqlDialect dialect, SqlGrammarOptions options) => Create(tables, dialect, options).Text;

    /// <summary>The grammar with its measured longest query; throws when not even the shortest query fits the options.</summary>
    public static SqlGrammarDefinition Create(IReadOnlyList<Table> tables, SqlDialect dialect, SqlGrammarOptions options)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (tables.Count == 0)
        {
            throw new ArgumentException("The SQL grammar needs at least one table.", nameof(tables));
        }

        return new Builder(tables, dialect, options).Build();
    }

    /// <summary>How much of each clause a FROM branch allows; <paramref name="Extras"/> is DISTINCT and column aliases.</summary>
    private sealed record Bounds(int Select, int Conditions, int InValues, int Literal, int GroupBy, int OrderBy, bool Having, bool Extras);

    /// <summary>Cuts applied one after the other to a branch until its longest query fits: keep the common shapes longest.</summary>
    private static readonly Func<Bounds, Bounds>[] Reductions =
    [
        b => b with { Literal = Math.Min(b.Literal, 16) },
        b => b with { InValues = Math.Min(b.InValues, 3) },
        b => b with { Having = false },
        b => b with { OrderBy = Math.Min(b.OrderBy, 1) },
        b => b with { Conditions = Math.Min(b.Conditions, 2) },
        b => b with { GroupBy = Math.Min(b.GroupBy, 1) },
        b => b with { Select = Math.Min(b.Select, 3) },
        b => b with { Literal = Math.Min(b.Literal, 8), InValues = Math.Min(b.InValues, 2) },
        b => b with { Select = Math.Min(b.Select, 2) },
        b => b with { Conditions = Math.Min(b.Conditions, 1) },
        b => b with { InValues = 1, Literal = Math.Min(b.Literal, 4) },
        b => b with { Select = 1 },
        b => b with { GroupBy = 0 },
        b => b with { OrderBy = 0 },
        b => b with { Conditions = 0 },
        b => b with { Extras = false },
    ];

    private static readonly ValueClass[] Classes = Enum.GetValues<ValueClass>();

    private sealed class Builder(IReadOnlyList<Table> tables, SqlDialect dialect, SqlGrammarOptions options)
    {
        private readonly GbnfRuleSet _rules = new();
        private readonly QueryScopes _scopes = new(tables, dialect);
        private readonly string _quoteOpen = SqlKeywords.Quote("", dialect)[..1];
        private readonly string _quoteClose = SqlKeywords.Quote("", dialect)[1..];

        public SqlGrammarDefinition Build()
        {
            _rules.Add(SqlGrammarDefinition.RootRule, Text(""));
            var branches = new List<GbnfNode>();
            var scopes = _scopes.Enumerate(options.MaxJoins, options.MaxFromClauses);
            for (var i = 0; i < scopes.Count; i++)
            {
                if (TryAddScope($"s{i}", scopes[i]))
                {
                    branches.Add(Ref($"s{i}"));
                }
            }

            if (branches.Count == 0)
            {
                throw new ArgumentException(
                    $"Not even the shortest query over these tables fits in {options.MaxLength} bytes; raise the length limit.", nameof(options));
            }

            _rules.Set(SqlGrammarDefinition.RootRule, Alt(branches));
            _rules.Prune(SqlGrammarDefinition.RootRule);
            return new SqlGrammarDefinition(_rules.Render(), _rules.MaxBytes(SqlGrammarDefinition.RootRule), branches.Count);
        }

        /// <summary>Adds the branch for one FROM clause with the largest bounds that fit; false when even the smallest does not.</summary>
        private bool TryAddScope(string name, QueryScope scope)
        {
            var bounds = new Bounds(options.MaxSelectItems, options.MaxConditions, options.MaxInValues, options.MaxLiteralLength,
                options.MaxGroupBy, options.MaxOrderBy, Having: true, Extras: true);
            var step = 0;
            while (true)
            {
                var added = AddScope(name, scope, bounds);
                if (_rules.MaxBytes(name) <= options.MaxLength)
                {
                    return true;
                }

                foreach (var rule in added)
                {
                    _rules.Remove(rule);
                }

                if (step == Reductions.Length)
                {
                    return false;
                }

                bounds = Reductions[step++](bounds);
            }
        }

        /// <summary>The rules of one branch (returned so a branch that does not fit can be taken out again).</summary>
        private List<string> AddScope(string name, QueryScope scope, Bounds bounds)
        {
            var added = new List<string>();
            string Rule(string suffix, GbnfNode body)
            {
                var rule = suffix.Length == 0 ? name : $"{name}-{suffix}";
                _rules.Add(rule, body);
                added.Add(rule);
                return rule;
            }

            // Column references by value class, from the tables of this FROM clause only.
            var byClass = new Dictionary<ValueClass, GbnfNode>();
            foreach (var valueClass in Classes)
            {
                var perTable = scope.Tables.Select(t => ColumnRule(t, valueClass)).OfType<string>().Select(Ref).ToList();
                if (perTable.Count > 0)
                {
                    byClass[valueClass] = Ref(Rule(ClassName(valueClass), Alt(perTable)));
                }
            }

            var hasColumns = byClass.Count > 0;
            var column = hasColumns ? Ref(Rule("col", Alt(byClass.Values))) : null;
            var aggregates = new List<GbnfNode> { Text("COUNT(*)") };
            if (column is not null)
            {
                aggregates.Add(Seq(Text("COUNT("), column, Text(")")));
                aggregates.Add(Seq(Text("COUNT(DISTINCT "), column, Text(")")));
            }

            if (byClass.TryGetValue(ValueClass.Numeric, out var numeric))
            {
                aggregates.Add(Seq(Alt([Text("SUM("), Text("AVG(")]), numeric, Text(")")));
            }

            var ordered = new[] { ValueClass.Numeric, ValueClass.Text, ValueClass.Temporal, ValueClass.Keyword }
                .Where(byClass.ContainsKey).Select(c => byClass[c]).ToList();
            if (ordered.Count > 0)
            {
                aggregates.Add(Seq(Alt([Text("MIN("), Text("MAX(")]), Alt(ordered), Text(")")));
            }

            var aggregate = Ref(Rule("agg", Alt(aggregates)));
            var value = column is null ? aggregate : Alt([column, aggregate]);
            var item = Ref(Rule("item", bounds.Extras ? Seq(value, Optional(Seq(Text(" AS "), Alias()))) : value));
            var selectList = Ref(Rule("sel", Alt([Text("*"), List(item, ", ", bounds.Select)])));

            var clauses = new List<GbnfNode> { Text("SELECT ") };
            if (bounds.Extras)
            {
                clauses.Add(Optional(Text("DISTINCT ")));
            }

            if (dialect == SqlDialect.TSql)
            {
                clauses.Add(Optional(Seq(Text("TOP "), Integer(), Text(" "))));
            }

            clauses.Add(selectList);
            clauses.Add(Text(" FROM " + scope.FromText));
            if (hasColumns && bounds.Conditions > 0)
            {
                var predicate = Ref(Rule("pred", Alt(Predicates(byClass, column!, bounds))));
                var condition = Seq(predicate, Repeat(Seq(Alt([Text(" AND "), Text(" OR ")]), predicate), 0, bounds.Conditions - 1));
                clauses.Add(Optional(Seq(Text(" WHERE "), bounds.Conditions == 1 ? predicate : Ref(Rule("cond", condition)))));
            }

            if (hasColumns && bounds.GroupBy > 0)
            {
                var groupBy = Seq(Text(" GROUP BY "), List(column!, ", ", bounds.GroupBy));
                clauses.Add(Optional(bounds.Having
                    ? Seq(groupBy, Optional(Seq(Text(" HAVING "), aggregate, Text(" "), Comparison(), Text(" "), Number())))
                    : groupBy));
            }

            if (bounds.OrderBy > 0)
            {
                var key = Seq(value, Optional(Alt([Text(" ASC"), Text(" DESC")])));
                clauses.Add(Optional(Seq(Text(" ORDER BY "), List(key, ", ", bounds.OrderBy))));
            }

            if (dialect != SqlDialect.TSql)
            {
                clauses.Add(Optional(Seq(Text(" LIMIT "), Integer())));
            }

            Rule("", Seq([.. clauses]));
            return added;
        }

        private List<GbnfNode> Predicates(Dictionary<ValueClass, GbnfNode> byClass, GbnfNode column, Bounds bounds)
        {
            var predicates = new List<GbnfNode>();
            var space = Text(" ");
            if (byClass.TryGetValue(ValueClass.Numeric, out var numeric))
            {
                predicates.Add(Seq(numeric, space, Comparison(), space, Alt([Number(), numeric])));
                predicates.Add(Seq(numeric, Text(" BETWEEN "), Number(), Text(" AND "), Number()));
                predicates.Add(Seq(numeric, Text(" IN ("), List(Number(), ", ", bounds.InValues), Text(")")));
            }

            if (byClass.TryGetValue(ValueClass.Text, out var text))
            {
                predicates.Add(Seq(text, space, Comparison(), space, Alt([StringLiteral(bounds.Literal), text])));
                predicates.Add(Seq(text, Text(" LIKE "), StringLiteral(bounds.Literal)));
                predicates.Add(Seq(text, Text(" IN ("), List(StringLiteral(bounds.Literal), ", ", bounds.InValues), Text(")")));
            }

            if (byClass.TryGetValue(ValueClass.Temporal, out var temporal))
            {
                predicates.Add(Seq(temporal, space, Comparison(), space, Alt([StringLiteral(bounds.Literal), temporal])));
                predicates.Add(Seq(temporal, Text(" BETWEEN "), StringLiteral(bounds.Literal), Text(" AND "), StringLiteral(bounds.Literal)));
            }

            if (byClass.TryGetValue(ValueClass.Boolean, out var boolean))
            {
                predicates.Add(Seq(boolean, Text(" = "), BooleanLiteral()));
            }

            if (byClass.TryGetValue(ValueClass.Keyword, out var keyword))
            {
                predicates.Add(Seq(keyword, Alt([Text(" = "), Text(" <> ")]), StringLiteral(bounds.Literal)));
                predicates.Add(Seq(keyword, Text(" IN ("), List(StringLiteral(bounds.Literal), ", ", bounds.InValues), Text(")")));
            }

            predicates.Add(Seq(column, Alt([Text(" IS NULL"), Text(" IS NOT NULL")])));
            return predicates;
        }

        /// <summary>The shared rule listing one table occurrence's columns of a value class, or null when it has none.</summary>
        private string? ColumnRule(ScopeTable table, ValueClass valueClass)
        {
            var name = $"{table.RuleStem}-{ClassName(valueClass)}";
            if (_rules.Contains(name))
            {
                return name;
            }

            var qualifier = table.Alias is null ? "" : table.Alias + ".";
            var columns = table.Table.Columns.Where(c => ValueClasses.Of(c, dialect) == valueClass)
                .Select(c => Text(qualifier + SqlKeywords.Quote(c.Name, dialect))).ToList();
            return columns.Count == 0 ? null : _rules.Add(name, Alt(columns));
        }

        private GbnfNode Comparison() => Shared("cmp", () => Alt(new[] { "=", "<>", "<", "<=", ">", ">=" }.Select(Text)));

        private GbnfNode Number() => Shared("num", () => Seq(
            Optional(Text("-")), Repeat(Digit(), 1, 9), Optional(Seq(Text("."), Repeat(Digit(), 1, 4)))));

        /// <summary>A positive row count for LIMIT / TOP.</summary>
        private GbnfNode Integer() => Shared("int", () => Seq(new GbnfCharClass("1-9", 1), Repeat(Digit(), 0, 3)));

        private GbnfNode BooleanLiteral() => Shared("bool", () => dialect == SqlDialect.TSql
            ? Alt([Text("1"), Text("0")])
            : Alt([Text("TRUE"), Text("FALSE")]));

        /// <summary>
        /// A quoted string: up to <paramref name="length"/> ASCII characters, or up to a third as many of any (BMP)
        /// characters, so either fits in <paramref name="length"/> + 2 bytes. No backslash (an escape in MySQL); quotes doubled.
        /// </summary>
        private GbnfNode StringLiteral(int length)
        {
            var ascii = Shared("achar", () => new GbnfCharClass(@" -&(-[\]-~", 1));
            var any = Shared("uchar", () => Alt([new GbnfCharClass(@"^'\\\x00-\x1F\x7F\U00010000-\U0010FFFF", 3), Text("''")]));
            return Shared($"str{length}", () => Alt([
                Seq(Text("'"), Repeat(ascii, 0, length), Text("'")),
                Seq(Text("'"), Repeat(any, 1, Math.Max(1, length / 3)), Text("'")),
            ]));
        }

        /// <summary>A column alias, always quoted so it can never be a keyword.</summary>
        private GbnfNode Alias() => Shared("alias", () => Seq(
            Text(_quoteOpen), new GbnfCharClass("a-z", 1), Repeat(new GbnfCharClass("a-z0-9_", 1), 0, 15), Text(_quoteClose)));

        private static GbnfNode Digit() => new GbnfCharClass("0-9", 1);

        private GbnfNode Shared(string name, Func<GbnfNode> body)
        {
            if (!_rules.Contains(name))
            {
                _rules.Add(name, body());
            }

            return Ref(name);
        }

        private static string ClassName(ValueClass valueClass) => valueClass.ToString().ToLowerInvariant();
    }
}
