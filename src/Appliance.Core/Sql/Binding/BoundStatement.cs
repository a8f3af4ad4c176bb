using Appliance.Core.Schema;

namespace Appliance.Core.Sql.Binding;

/// <summary>What a table source in FROM (or the target of a DML statement) turned out to be.</summary>
public enum BoundSourceKind
{
    Table,
    View,
    CommonTableExpression,
    /// <summary>A subquery in FROM.</summary>
    Derived,
    /// <summary>A set-returning function such as <c>generate_series</c> or <c>OPENJSON</c>.</summary>
    Function,
    /// <summary>A name that matches nothing in the schema (reported as a problem).</summary>
    Unknown,
}

/// <summary>One table source of a query scope, bound to the schema where it names a table or view.</summary>
public sealed class BoundSource
{
    internal BoundSource(SqlNode node, BoundSourceKind kind, string name, string? alias, IReadOnlyList<string>? columns)
    {
        Node = node;
        Kind = kind;
        Name = name;
        Alias = alias;
        Columns = columns;
    }

    /// <summary>The syntax node: a <see cref="SqlNamedTable"/>, <see cref="SqlDerivedTable"/>, <see cref="SqlFunctionTable"/>, or a DML target name.</summary>
    public SqlNode Node { get; }

    public BoundSourceKind Kind { get; }

    /// <summary>The object's name as written (last part), or the alias of a subquery.</summary>
    public string Name { get; }

    public string? Alias { get; }

    /// <summary>The alias when there is one, else the name: what a column qualifier must say.</summary>
    public string ReferenceName => Alias ?? Name;

    public Table? Table { get; internal init; }

    public View? View { get; internal init; }

    public SqlCommonTableExpression? CommonTableExpression { get; internal init; }

    /// <summary>The output column names when they are known; null when they cannot be known (unknown table, function without a column list).</summary>
    public IReadOnlyList<string>? Columns { get; }

    /// <summary>The comment of the table or view, when the schema has one.</summary>
    public string? Comment => Table?.Comment ?? View?.Comment;

    public string? QualifiedName => Table?.QualifiedName ?? View?.QualifiedName;

    public SourcePosition? Position { get; internal init; }

    /// <summary>The schema column of a table or view source.</summary>
    public Column? FindColumn(string name, bool exact)
    {
        var columns = Table?.Columns ?? View?.Columns;
        return columns is null ? null : NameMatching.Find(columns, c => c.Name, name, exact);
    }

    public override string ToString() => Alias is null || Alias == Name ? Name : $"{Name} ({Alias})";
}

/// <summary>The sources visible in one SELECT block (or DML statement), with the enclosing scope for correlated references.</summary>
public sealed class BoundScope
{
    private readonly List<BoundSource> sources = [];

    internal BoundScope(SqlNode owner, BoundScope? parent)
    {
        Owner = owner;
        Parent = parent;
    }

    /// <summary>The <see cref="SqlSelect"/> or DML statement this scope belongs to.</summary>
    public SqlNode Owner { get; }

    public BoundScope? Parent { get; }

    public IReadOnlyList<BoundSource> Sources => sources;

    internal void Add(BoundSource source) => sources.Add(source);
}

/// <summary>A column reference and what it refers to.</summary>
public sealed class BoundColumn
{
    internal BoundColumn(ColumnExpression node, string name, BoundSource? source, Column? column, bool isCorrelated, bool isOutputAlias)
    {
        Node = node;
        Name = name;
        Source = source;
        Column = column;
        IsCorrelated = isCorrelated;
        IsOutputAlias = isOutputAlias;
    }

    public ColumnExpression Node { get; }

    public string Name { get; }

    /// <summary>The table source the column comes from; null when unresolved or an output alias.</summary>
    public BoundSource? Source { get; }

    /// <summary>The schema column when the source is a table or view.</summary>
    public Column? Column { get; }

    /// <summary>True when the column belongs to an enclosing query (a correlated subquery).</summary>
    public bool IsCorrelated { get; }

    /// <summary>True when the name is an alias of the select list (ORDER BY total).</summary>
    public bool IsOutputAlias { get; }

    /// <summary>True when the name refers to a whole row of a source (PostgreSQL <c>row_to_json(t)</c>).</summary>
    public bool IsWholeRow { get; internal init; }

    public bool IsResolved => Source is not null || IsOutputAlias;
}

public enum BindingProblemKind
{
    UnknownTable,
    UnknownColumn,
    AmbiguousColumn,
    /// <summary>A qualifier (<c>x.col</c>) that names no source in scope.</summary>
    UnknownQualifier,
}

/// <summary>A name that does not bind, with a readable message and, when one is close, a suggestion.</summary>
public sealed record BindingProblem(BindingProblemKind Kind, string Name, string Message, string? Suggestion, SourcePosition? Position)
{
    public override string ToString() => Position is { } p ? $"{p}: {Message}" : Message;
}

/// <summary>
/// A parsed statement with every table and column reference bound to the schema, or reported as a problem.
/// Lookups go by node identity, so two equal-looking references in different scopes stay apart.
/// </summary>
public sealed class BoundStatement
{
    private readonly Dictionary<SqlNode, BoundColumn> columnsByNode;
    private readonly Dictionary<SqlNode, BoundScope> scopesByOwner;
    private readonly Dictionary<SqlNode, BoundSource> sourcesByNode;

    internal BoundStatement(
        ParsedStatement parsed,
        DatabaseSchema schema,
        SqlDialect dialect,
        List<BoundSource> sources,
        List<BoundColumn> columns,
        List<BindingProblem> problems,
        Dictionary<SqlNode, BoundScope> scopes)
    {
        Parsed = parsed;
        Schema = schema;
        Dialect = dialect;
        Sources = sources;
        Columns = columns;
        Problems = problems;
        scopesByOwner = scopes;
        columnsByNode = new Dictionary<SqlNode, BoundColumn>(ReferenceEqualityComparer.Instance);
        foreach (var column in columns)
        {
            columnsByNode[column.Node] = column;
        }

        sourcesByNode = new Dictionary<SqlNode, BoundSource>(ReferenceEqualityComparer.Instance);
        foreach (var source in sources)
        {
            sourcesByNode[source.Node] = source;
        }
    }

    public ParsedStatement Parsed { get; }

    public SqlStatement Statement => Parsed.Statement;

    public DatabaseSchema Schema { get; }

    public SqlDialect Dialect { get; }

    /// <summary>Every table source, in source order (subqueries included).</summary>
    public IReadOnlyList<BoundSource> Sources { get; }

    /// <summary>Every column reference, in source order.</summary>
    public IReadOnlyList<BoundColumn> Columns { get; }

    public IReadOnlyList<BindingProblem> Problems { get; }

    /// <summary>The distinct schema tables the statement reads or writes.</summary>
    public IEnumerable<Table> Tables => Sources.Where(s => s.Table is not null).Select(s => s.Table!).Distinct();

    public BoundColumn? Resolve(ColumnExpression node) => columnsByNode.GetValueOrDefault(node);

    public BoundSource? SourceOf(SqlNode tableSource) => sourcesByNode.GetValueOrDefault(tableSource);

    /// <summary>The scope of a <see cref="SqlSelect"/> (or of an UPDATE/DELETE/MERGE statement).</summary>
    public BoundScope? ScopeOf(SqlNode owner) => scopesByOwner.GetValueOrDefault(owner);
}
