using System.Runtime.CompilerServices;
using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Core.Sql;

namespace Appliance.Core.Copilot.Retrieval;

/// <summary>
/// A table or view a question can read, under its qualified name. <see cref="CoreTerms"/> are its name words without a
/// module prefix many tables share ("sales" of "sales_invoice_line"): a question that says them names the table.
/// </summary>
internal sealed record SchemaRelation(string QualifiedName, Table Table, bool IsView, IReadOnlyList<string> NameTerms)
{
    private HashSet<string>? terms;

    public IReadOnlyList<string> CoreTerms { get; set; } = NameTerms;

    /// <summary>The words of its name and its columns' names (worked out on first use).</summary>
    public IReadOnlySet<string> Terms => LazyInitializer.EnsureInitialized(ref terms, () =>
        [.. NameTerms.Concat(Table.Columns.SelectMany(c => SearchTerms.Of(c.Name)))]);
}

/// <summary>
/// What retrieval needs of a schema, worked out once per schema instance: tables and views by qualified and bare name,
/// the foreign-key neighbours of each table (both directions) and the name words used for the exact-name boost.
/// </summary>
internal sealed class SchemaCatalog
{
    private static readonly ConditionalWeakTable<DatabaseSchema, SchemaCatalog> Cache = [];

    private readonly Dictionary<string, SchemaRelation> byQualifiedName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<SchemaRelation>> byBareName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<string>> neighbours = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Table, string Column), string> singleColumnKeys = [];
    private readonly HashSet<(string From, string To)> references = [];

    private SchemaCatalog(DatabaseSchema schema)
    {
        Schema = schema;
        Dialect = schema.Engine.ToSqlDialect();
        var relations = new List<SchemaRelation>();
        foreach (var table in schema.Tables)
        {
            relations.Add(new SchemaRelation(table.QualifiedName, table, false, SearchTerms.Of(table.Name)));
        }

        foreach (var view in schema.Views)
        {
            var asTable = new Table { Schema = view.Schema, Name = view.Name, Comment = view.Comment, Columns = view.Columns };
            relations.Add(new SchemaRelation(view.QualifiedName, asTable, true, SearchTerms.Of(view.Name)));
        }

        foreach (var relation in relations)
        {
            if (!byQualifiedName.TryAdd(relation.QualifiedName, relation))
            {
                continue;
            }

            if (!byBareName.TryGetValue(relation.Table.Name, out var sameName))
            {
                byBareName[relation.Table.Name] = sameName = [];
            }

            sameName.Add(relation);
        }

        Relations = [.. byQualifiedName.Values];
        SingleSchema = Relations.Select(r => r.Table.Schema).Distinct(StringComparer.Ordinal).Count() <= 1;
        MarkModulePrefixes();

        foreach (var table in schema.Tables)
        {
            foreach (var key in table.ForeignKeys)
            {
                var target = $"{key.ReferencedSchema}.{key.ReferencedTable}";
                if (!byQualifiedName.ContainsKey(target) || string.Equals(target, table.QualifiedName, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                Link(table.QualifiedName, target);
                Link(target, table.QualifiedName);
                references.Add((table.QualifiedName.ToLowerInvariant(), target.ToLowerInvariant()));
                if (key.Columns.Count == 1)
                {
                    singleColumnKeys.TryAdd((table.QualifiedName.ToLowerInvariant(), key.Columns[0]), byQualifiedName[target].QualifiedName);
                }
            }
        }

        foreach (var list in neighbours.Values)
        {
            list.Sort(StringComparer.Ordinal);
        }
    }

    public DatabaseSchema Schema { get; }

    public SqlDialect Dialect { get; }

    public IReadOnlyList<SchemaRelation> Relations { get; }

    /// <summary>All tables and views live in one schema, so names can be written without it.</summary>
    public bool SingleSchema { get; }

    public static SchemaCatalog For(DatabaseSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Cache.GetValue(schema, s => new SchemaCatalog(s));
    }

    public SchemaRelation? Find(string qualifiedName) =>
        byQualifiedName.TryGetValue(qualifiedName, out var relation) ? relation : null;

    /// <summary>A name as written in SQL or a glossary: "schema.table" or a bare table name (every table of that name).</summary>
    public IEnumerable<SchemaRelation> Resolve(string? schemaName, string name)
    {
        if (schemaName is not null)
        {
            return Find($"{schemaName}.{name}") is { } exact ? [exact] : [];
        }

        if (Find(name) is { } qualified)
        {
            return [qualified];
        }

        return byBareName.TryGetValue(name, out var list) ? list : [];
    }

    /// <summary>The table a one-column foreign key on this column references, if any.</summary>
    public string? ReferencedBy(string qualifiedName, string column) =>
        singleColumnKeys.TryGetValue((qualifiedName.ToLowerInvariant(), column), out var target) ? target : null;

    /// <summary>Whether a foreign key of <paramref name="from"/> references <paramref name="to"/>.</summary>
    public bool References(string from, string to) => references.Contains((from.ToLowerInvariant(), to.ToLowerInvariant()));

    /// <summary>Tables (or views) joined to this one by a foreign key, either way, sorted by name.</summary>
    public IReadOnlyList<string> NeighboursOf(string qualifiedName) =>
        neighbours.TryGetValue(qualifiedName, out var list) ? list : [];

    /// <summary>
    /// The tables a query reads, by qualified name: from the parsed statement when it parses, else by scanning its words
    /// for table names (an example saved from an older schema may no longer parse against today's dialect rules).
    /// </summary>
    public IReadOnlyList<string> TablesOf(string sql)
    {
        var found = new List<string>();
        var parsed = SqlParser.Parse(sql, Dialect);
        if (parsed.Succeeded)
        {
            foreach (var statement in parsed.Statements)
            {
                foreach (var reference in SqlReferences.Collect(statement).Tables)
                {
                    if (!reference.IsCommonTableExpression)
                    {
                        found.AddRange(Resolve(reference.Schema, reference.Table).Select(r => r.QualifiedName));
                    }
                }
            }
        }
        else
        {
            foreach (var word in sql.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries))
            {
                var dot = word.LastIndexOf('.');
                found.AddRange(dot > 0
                    ? Resolve(word[..dot], word[(dot + 1)..]).Select(r => r.QualifiedName)
                    : Resolve(null, word).Select(r => r.QualifiedName));
            }
        }

        return [.. found.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static readonly char[] WordSeparators = [.. " \t\r\n,;()=<>+-*/'\"`[]!|&%"];

    /// <summary>
    /// A first name word that starts the names of many tables (at least 5 and 1 % of them) is a module prefix, not
    /// what the table is about: it is left out of <see cref="SchemaRelation.CoreTerms"/>.
    /// </summary>
    private void MarkModulePrefixes()
    {
        var threshold = Math.Max(5, Relations.Count / 100);
        var prefixes = Relations
            .Where(r => r.NameTerms.Count > 1)
            .GroupBy(r => r.NameTerms[0], StringComparer.Ordinal)
            .Where(g => g.Count() >= threshold)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var relation in Relations)
        {
            if (relation.NameTerms.Count > 1 && prefixes.Contains(relation.NameTerms[0]))
            {
                relation.CoreTerms = [.. relation.NameTerms.Skip(1)];
            }
        }
    }

    private void Link(string from, string to)
    {
        if (!neighbours.TryGetValue(from, out var list))
        {
            neighbours[from] = list = [];
        }

        if (!list.Contains(to, StringComparer.OrdinalIgnoreCase))
        {
            list.Add(to);
        }
    }
}
