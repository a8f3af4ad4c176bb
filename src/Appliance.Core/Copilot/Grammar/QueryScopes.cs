using Appliance.Core.Schema;
using Appliance.Core.Sql;

namespace Appliance.Core.Copilot.Grammar;

/// <summary>What a column's values can be compared with, which decides the predicates and aggregates it gets.</summary>
internal enum ValueClass
{
    Numeric,
    Text,
    Temporal,
    Boolean,

    /// <summary>Compared with a string literal by equality only: enums, UUIDs, network types, unknown user types.</summary>
    Keyword,

    /// <summary>Only tested for NULL and counted: JSON, XML, binary, arrays, geometry.</summary>
    Other,
}

internal static class ValueClasses
{
    private static readonly HashSet<string> Numeric = new(StringComparer.Ordinal)
    {
        "decimal", "numeric", "dec", "real", "float", "float4", "float8", "double", "double precision", "money", "smallmoney",
        "number", "serial", "bigserial", "smallserial", "fixed",
    };

    private static readonly HashSet<string> Temporal = new(StringComparer.Ordinal)
    {
        "date", "time", "timetz", "timestamp", "timestamptz", "datetime", "datetime2", "smalldatetime", "datetimeoffset", "year",
        "time with time zone", "time without time zone", "timestamp with time zone", "timestamp without time zone",
    };

    private static readonly HashSet<string> Keyword = new(StringComparer.Ordinal)
    {
        "uuid", "uniqueidentifier", "enum", "set", "inet", "cidr", "macaddr", "macaddr8",
    };

    private static readonly string[] OtherParts =
    [
        "json", "xml", "blob", "binary", "bytea", "image", "geometry", "geography", "hierarchyid", "sql_variant", "tsvector",
        "tsquery", "interval", "point", "polygon", "line", "box", "circle", "path", "range", "vector", "rowversion", "timestamp(",
    ];

    public static ValueClass Of(Column column, SqlDialect dialect)
    {
        var type = (column.BaseType ?? column.DataType).Trim().ToLowerInvariant();
        if (type.EndsWith("[]", StringComparison.Ordinal) || type.StartsWith('_') || type.Contains("array", StringComparison.Ordinal))
        {
            return ValueClass.Other;
        }

        var paren = type.IndexOf('(', StringComparison.Ordinal);
        var name = (paren >= 0 ? type[..paren] : type).Replace(" unsigned", "", StringComparison.Ordinal).Trim();
        if (name is "bool" or "boolean" || (name == "bit" && dialect == SqlDialect.TSql))
        {
            return ValueClass.Boolean;
        }

        if (Temporal.Contains(name) || name.StartsWith("timestamp", StringComparison.Ordinal) || name.StartsWith("datetime", StringComparison.Ordinal))
        {
            return ValueClass.Temporal;
        }

        if (OtherParts.Any(part => name.Contains(part, StringComparison.Ordinal)) || name == "bit")
        {
            return ValueClass.Other;
        }

        if (Numeric.Contains(name) || name.Contains("int", StringComparison.Ordinal))
        {
            return ValueClass.Numeric;
        }

        if (name.Contains("char", StringComparison.Ordinal) || name.Contains("text", StringComparison.Ordinal) ||
            name.Contains("clob", StringComparison.Ordinal) || name is "string" or "name" or "citext")
        {
            return ValueClass.Text;
        }

        // Unknown names are user types (enums, domains over them): equality with a string is the safe comparison.
        return ValueClass.Keyword;
    }
}

/// <summary>One occurrence of a table in a FROM clause: its alias (none in a one-table query) and how it is written.</summary>
internal sealed record ScopeTable(int TableIndex, int Instance, Table Table, string? Alias)
{
    /// <summary>Rule-name stem unique to this occurrence ("t3n1"); the occurrence without alias is instance 0.</summary>
    public string RuleStem => $"t{TableIndex}n{Instance}";
}

/// <summary>A FROM clause the grammar offers: one table, or tables joined along foreign keys, with its column scope.</summary>
internal sealed record QueryScope(IReadOnlyList<ScopeTable> Tables, string FromText, string Key);

/// <summary>
/// The FROM clauses the grammar offers: every table alone, then joins along foreign keys (or, where a schema declares
/// none, along a column named like another table's single-column primary key), breadth first up to the join and scope
/// limits. Enumerating them is what lets the grammar offer, after SELECT, only columns of tables that the FROM clause
/// will name, so every generated query binds.
/// </summary>
internal sealed class QueryScopes
{
    private readonly IReadOnlyList<Table> _tables;
    private readonly SqlDialect _dialect;
    private readonly string[] _tableText;
    private readonly string[] _aliases;
    private readonly List<JoinEdge> _edges;

    public QueryScopes(IReadOnlyList<Table> tables, SqlDialect dialect)
    {
        _tables = tables;
        _dialect = dialect;
        _tableText = TableTexts(tables, dialect);
        _aliases = Aliases(tables, dialect);
        _edges = Edges(tables, dialect);
    }

    public string TableText(int tableIndex) => _tableText[tableIndex];

    public IReadOnlyList<QueryScope> Enumerate(int maxJoins, int maxScopes)
    {
        var scopes = new List<QueryScope>();
        for (var i = 0; i < _tables.Count && scopes.Count < maxScopes; i++)
        {
            scopes.Add(new QueryScope([new ScopeTable(i, 0, _tables[i], null)], _tableText[i], $"{i}"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var level = new List<JoinTree>();
        for (var i = 0; i < _tables.Count; i++)
        {
            level.Add(new JoinTree([new ScopeTable(i, 1, _tables[i], _aliases[i])], []));
        }

        for (var joins = 1; joins <= maxJoins && scopes.Count < maxScopes; joins++)
        {
            // Round robin over the trees of the level, so a cut at the scope limit does not favour the first tables.
            var next = new List<JoinTree>();
            var growths = level.Select(t => Grow(t).GetEnumerator()).ToList();
            while (growths.Count > 0)
            {
                for (var i = 0; i < growths.Count; i++)
                {
                    if (!growths[i].MoveNext())
                    {
                        growths.RemoveAt(i--);
                        continue;
                    }

                    var grown = growths[i].Current;
                    if (seen.Add(grown.Key))
                    {
                        if (scopes.Count >= maxScopes)
                        {
                            return scopes;
                        }

                        next.Add(grown);
                        scopes.Add(new QueryScope(grown.Tables, grown.FromText(_tableText, _dialect), grown.Key));
                    }
                }
            }

            level = next;
        }

        return scopes;
    }

    private IEnumerable<JoinTree> Grow(JoinTree tree)
    {
        foreach (var present in tree.Tables)
        {
            foreach (var edge in _edges)
            {
                foreach (var (near, nearColumns, far, farColumns) in edge.Ends())
                {
                    var instance = tree.Tables.Count(t => t.TableIndex == far) + 1;
                    // A table comes back only through its own self-reference (employee and manager), and only once.
                    if (near != present.TableIndex || (instance > 1 && (near != far || instance > 2)))
                    {
                        continue;
                    }

                    var alias = instance == 1 ? _aliases[far] : $"{_aliases[far]}_{instance}";
                    var added = new ScopeTable(far, instance, _tables[far], alias);
                    yield return tree.Join(added, farColumns, present, nearColumns);
                }
            }
        }
    }

    /// <summary>How each table is written: quoted per dialect, with its schema unless it is in the default one.</summary>
    private static string[] TableTexts(IReadOnlyList<Table> tables, SqlDialect dialect)
    {
        var defaultSchema = dialect switch
        {
            SqlDialect.Postgres => "public",
            SqlDialect.TSql => "dbo",
            SqlDialect.Sqlite => "main",
            // MySQL's default schema is the connection's database, which is every table's schema when they share one.
            _ => tables.Select(t => t.Schema).Distinct(StringComparer.OrdinalIgnoreCase).Count() == 1 ? tables[0].Schema : null,
        };
        return
        [
            .. tables.Select(t => defaultSchema is not null && string.Equals(t.Schema, defaultSchema, StringComparison.OrdinalIgnoreCase)
                ? SqlKeywords.Quote(t.Name, dialect)
                : SqlKeywords.Quote(t.Schema, dialect) + "." + SqlKeywords.Quote(t.Name, dialect)),
        ];
    }

    /// <summary>Short aliases from the words of each table name (order_lines → ol), unique and never a reserved word.</summary>
    private static string[] Aliases(IReadOnlyList<Table> tables, SqlDialect dialect)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var aliases = new string[tables.Count];
        for (var i = 0; i < tables.Count; i++)
        {
            var letters = new string([.. tables[i].Name.Where(char.IsAsciiLetter).Select(char.ToLowerInvariant)]);
            var words = tables[i].Name.Split(['_', ' ', '-', '.'], StringSplitOptions.RemoveEmptyEntries)
                .Select(w => w.FirstOrDefault(char.IsAsciiLetter)).Where(c => c != default).Select(char.ToLowerInvariant);
            var initials = new string([.. words]);
            var candidates = new List<string>();
            if (initials.Length > 0)
            {
                candidates.Add(initials);
            }

            for (var length = 2; length <= Math.Min(letters.Length, 4); length++)
            {
                candidates.Add(letters[..length]);
            }

            candidates.Add($"t{i + 1}");
            aliases[i] = candidates.First(c => !SqlKeywords.NeedsQuoting(c, dialect) && used.Add(c));
        }

        return aliases;
    }

    private static List<JoinEdge> Edges(IReadOnlyList<Table> tables, SqlDialect dialect)
    {
        var edges = new List<JoinEdge>();
        for (var i = 0; i < tables.Count; i++)
        {
            foreach (var foreignKey in tables[i].ForeignKeys)
            {
                var target = IndexOf(tables, foreignKey.ReferencedSchema, foreignKey.ReferencedTable);
                if (target >= 0 && foreignKey.Columns.Count == foreignKey.ReferencedColumns.Count && foreignKey.Columns.Count > 0 &&
                    foreignKey.Columns.All(c => tables[i].FindColumn(c) is not null) &&
                    foreignKey.ReferencedColumns.All(c => tables[target].FindColumn(c) is not null))
                {
                    edges.Add(new JoinEdge(i, foreignKey.Columns, target, foreignKey.ReferencedColumns));
                }
            }
        }

        // Schemas without declared keys still join on "customer_id" = customers.customer_id.
        for (var i = 0; i < tables.Count; i++)
        {
            for (var j = 0; j < tables.Count; j++)
            {
                if (i == j || tables[j].PrimaryKey is not { Columns: [var key] } ||
                    edges.Any(e => (e.From == i && e.To == j) || (e.From == j && e.To == i)))
                {
                    continue;
                }

                var column = tables[i].Columns.FirstOrDefault(c => string.Equals(c.Name, key, StringComparison.OrdinalIgnoreCase));
                var keyColumn = tables[j].FindColumn(key);
                if (column is not null && keyColumn is not null &&
                    (tables[i].PrimaryKey is not { Columns: [var own] } || !string.Equals(own, column.Name, StringComparison.OrdinalIgnoreCase)) &&
                    ValueClasses.Of(column, dialect) == ValueClasses.Of(keyColumn, dialect))
                {
                    edges.Add(new JoinEdge(i, [column.Name], j, [key]));
                }
            }
        }

        return edges;
    }

    private static int IndexOf(IReadOnlyList<Table> tables, string schema, string name)
    {
        for (var i = 0; i < tables.Count; i++)
        {
            if (tables[i].Name == name && string.Equals(tables[i].Schema, schema, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A foreign key (or matched key) between two tables of the context, usable from either end.</summary>
    private sealed record JoinEdge(int From, IReadOnlyList<string> FromColumns, int To, IReadOnlyList<string> ToColumns)
    {
        public IEnumerable<(int Near, IReadOnlyList<string> NearColumns, int Far, IReadOnlyList<string> FarColumns)> Ends()
        {
            yield return (From, FromColumns, To, ToColumns);
            if (From != To || !FromColumns.SequenceEqual(ToColumns))
            {
                yield return (To, ToColumns, From, FromColumns);
            }
        }
    }

    /// <summary>Tables joined so far; the key identifies the tree whatever order its joins were added in.</summary>
    private sealed record JoinTree(IReadOnlyList<ScopeTable> Tables, IReadOnlyList<JoinStep> Steps)
    {
        public string Key => string.Join(";", Steps.Select(s => s.Key).Order(StringComparer.Ordinal)) + "|" +
            string.Join(",", Tables.Select(t => t.Alias).Order(StringComparer.Ordinal));

        public JoinTree Join(ScopeTable added, IReadOnlyList<string> addedColumns, ScopeTable present, IReadOnlyList<string> presentColumns) =>
            new([.. Tables, added], [.. Steps, new JoinStep(added, addedColumns, present, presentColumns)]);

        public string FromText(string[] tableText, SqlDialect dialect)
        {
            var first = Tables[0];
            var text = $"{tableText[first.TableIndex]} AS {first.Alias}";
            foreach (var step in Steps)
            {
                var conditions = step.AddedColumns.Select((c, k) =>
                    $"{step.Added.Alias}.{SqlKeywords.Quote(c, dialect)} = {step.Present.Alias}.{SqlKeywords.Quote(step.PresentColumns[k], dialect)}");
                text += $" JOIN {tableText[step.Added.TableIndex]} AS {step.Added.Alias} ON {string.Join(" AND ", conditions)}";
            }

            return text;
        }
    }

    private sealed record JoinStep(ScopeTable Added, IReadOnlyList<string> AddedColumns, ScopeTable Present, IReadOnlyList<string> PresentColumns)
    {
        public string Key
        {
            get
            {
                var a = $"{Added.Alias}({string.Join(",", AddedColumns)})";
                var b = $"{Present.Alias}({string.Join(",", PresentColumns)})";
                return string.CompareOrdinal(a, b) <= 0 ? a + "=" + b : b + "=" + a;
            }
        }
    }
}
