using System.Text;
using Appliance.Core.Schema;

namespace Appliance.Core.Copilot.Retrieval;

/// <summary>
/// The texts retrieval embeds for a schema: one per table or view (its name twice, as written and as words, its comment
/// and its column names), one per column (table and column words, type, comment) except uncommented one-column keys,
/// one per glossary term and one per accepted example (the question, with its SQL kept alongside). Ids are stable, so
/// re-indexing replaces documents in place.
/// </summary>
public static class SchemaDocuments
{
    // Enough column names to say what a wide table is about without drowning its own name.
    private const int ColumnsInTableText = 40;
    private const int CommentLength = 300;

    public static IReadOnlyList<RetrievalDocument> Build(
        DatabaseSchema schema, IReadOnlyList<GlossaryTerm> glossary, IReadOnlyList<QuestionExample> examples)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(glossary);
        ArgumentNullException.ThrowIfNull(examples);
        var catalog = SchemaCatalog.For(schema);
        var documents = new List<RetrievalDocument>();
        foreach (var relation in catalog.Relations)
        {
            documents.Add(TableDocument(relation, catalog.SingleSchema));
            // Key columns that only point at a row ("id", "customer_id") say nothing the table documents do not: the
            // words of "customer_id" are the customer table's name. Dozens of them per popular table would crowd the hits.
            var keys = relation.Table.ForeignKeys.Where(k => k.Columns.Count == 1).Select(k => k.Columns[0])
                .Concat(relation.Table.PrimaryKey is { Columns: [var single] } ? [single] : [])
                .ToHashSet(StringComparer.Ordinal);
            foreach (var column in relation.Table.Columns.Where(c => !keys.Contains(c.Name) || c.Comment is { Length: > 0 }))
            {
                documents.Add(ColumnDocument(relation, column));
            }
        }

        documents.AddRange(GlossaryDocuments(schema, glossary));
        documents.AddRange(examples.Select(e => ExampleDocument(schema, e)));
        return documents;
    }

    /// <summary>The documents of glossary terms alone (ids change when a term's text changes).</summary>
    public static IReadOnlyList<RetrievalDocument> GlossaryDocuments(DatabaseSchema schema, IReadOnlyList<GlossaryTerm> glossary)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(glossary);
        var catalog = SchemaCatalog.For(schema);
        var documents = new List<RetrievalDocument>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in glossary)
        {
            var table = term.Table is null ? null : ResolveTable(catalog, term.Table);
            var text = new StringBuilder(term.Term);
            if (term.Definition is { Length: > 0 } definition)
            {
                text.Append(". ").Append(Abbreviate(definition, CommentLength));
            }

            if (term.Table is not null)
            {
                text.Append(". ").Append(term.Table);
            }

            if (term.Column is not null)
            {
                text.Append(' ').Append(term.Column);
            }

            var id = "glossary:" + StableHash.Hex($"{term.Term}\u0001{term.Table}\u0001{term.Column}\u0001{term.Definition}");
            if (seen.Add(id))
            {
                documents.Add(new RetrievalDocument(id, RetrievalKind.Glossary, text.ToString(), table) { Column = term.Column });
            }
        }

        return documents;
    }

    /// <summary>The document of an accepted example; its id depends only on the question and the SQL.</summary>
    public static RetrievalDocument ExampleDocument(DatabaseSchema schema, QuestionExample example)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(example);
        var tables = SchemaCatalog.For(schema).TablesOf(example.Sql);
        return new RetrievalDocument(ExampleId(example), RetrievalKind.Example, example.Question, tables.Count > 0 ? tables[0] : null)
        {
            Sql = example.Sql,
        };
    }

    public static string ExampleId(QuestionExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        return "example:" + StableHash.Hex(example.Question.Trim() + "\u0001" + example.Sql.Trim());
    }

    /// <summary>The qualified names of the tables an example's SQL reads (for ranking and choosing prompt examples).</summary>
    public static IReadOnlyList<string> TablesOf(DatabaseSchema schema, string sql)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(sql);
        return SchemaCatalog.For(schema).TablesOf(sql);
    }

    private static RetrievalDocument TableDocument(SchemaRelation relation, bool singleSchema)
    {
        var table = relation.Table;
        var text = new StringBuilder();
        // The name as written and again as words: a table is found by its name first.
        text.Append(relation.IsView ? "view " : "table ");
        if (!singleSchema)
        {
            text.Append(table.Schema).Append('.');
        }

        text.Append(table.Name).Append(" (").Append(SearchTerms.SpellOut(table.Name)).Append(')');
        if (table.Comment is { Length: > 0 } comment)
        {
            text.Append(". ").Append(Abbreviate(comment, CommentLength));
        }

        if (table.Columns.Count > 0)
        {
            text.Append(". columns: ").AppendJoin(", ", table.Columns.Take(ColumnsInTableText).Select(c => c.Name));
        }

        return new RetrievalDocument("table:" + relation.QualifiedName, RetrievalKind.Table, text.ToString(), relation.QualifiedName);
    }

    private static RetrievalDocument ColumnDocument(SchemaRelation relation, Column column)
    {
        var text = new StringBuilder();
        // The column's words twice (as written and spelled out) so they outweigh the table's, which give the context.
        text.Append(relation.Table.Name).Append('.').Append(column.Name)
            .Append(" (").Append(SearchTerms.SpellOut(column.Name)).Append(") ").Append(column.BaseType ?? column.DataType);
        if (column.Comment is { Length: > 0 } comment)
        {
            text.Append(". ").Append(Abbreviate(comment, CommentLength));
        }

        return new RetrievalDocument($"column:{relation.QualifiedName}.{column.Name}", RetrievalKind.Column, text.ToString(), relation.QualifiedName)
        {
            Column = column.Name,
        };
    }

    private static string? ResolveTable(SchemaCatalog catalog, string name)
    {
        var dot = name.LastIndexOf('.');
        var matches = dot > 0 ? catalog.Resolve(name[..dot], name[(dot + 1)..]) : catalog.Resolve(null, name);
        return matches.FirstOrDefault()?.QualifiedName;
    }

    internal static string Abbreviate(string text, int length)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= length ? flat : flat[..(length - 1)].TrimEnd() + "…";
    }
}
