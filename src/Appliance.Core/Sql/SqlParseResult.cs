using System.Diagnostics.CodeAnalysis;

namespace Appliance.Core.Sql;

/// <summary>One parsed statement with where it came from. The tree itself carries no positions; ask <see cref="PositionOf"/>.</summary>
public sealed class ParsedStatement
{
    private readonly IReadOnlyDictionary<SqlNode, SourcePosition> positions;

    internal ParsedStatement(SqlStatement statement, SourceSpan span, string text, int batch, IReadOnlyDictionary<SqlNode, SourcePosition> positions)
    {
        Statement = statement;
        Span = span;
        Text = text;
        Batch = batch;
        this.positions = positions;
    }

    public SqlStatement Statement { get; }

    public StatementKind Kind => Statement.Kind;

    /// <summary>From the statement's first token to its last (the closing semicolon excluded).</summary>
    public SourceSpan Span { get; }

    public string Text { get; }

    /// <summary>The zero-based T-SQL batch (GO-separated) the statement belongs to; 0 elsewhere.</summary>
    public int Batch { get; }

    /// <summary>
    /// Where a node of this statement's tree starts in the source, for names (tables, columns, functions) and the nodes
    /// built around them; null for other nodes or nodes of another tree.
    /// </summary>
    public SourcePosition? PositionOf(SqlNode node) => positions.TryGetValue(node, out var position) ? position : null;
}

/// <summary>Either the statements of the text, or the first error; never both.</summary>
public sealed class SqlParseResult
{
    internal SqlParseResult(IReadOnlyList<ParsedStatement> statements, ParseError? error)
    {
        Statements = statements;
        Error = error;
    }

    public IReadOnlyList<ParsedStatement> Statements { get; }

    public ParseError? Error { get; }

    public bool Succeeded => Error is null;
}

/// <summary>One statement of a script: parsed, or the error that stopped it.</summary>
public sealed record SqlScriptEntry(int Batch, SourceSpan Span, ParsedStatement? Statement, ParseError? Error);

/// <summary>A script parsed statement by statement; an error in one statement does not hide the others.</summary>
public sealed class SqlScriptResult
{
    internal SqlScriptResult(IReadOnlyList<SqlScriptEntry> entries) => Entries = entries;

    public IReadOnlyList<SqlScriptEntry> Entries { get; }

    public bool Succeeded => Entries.All(e => e.Error is null);

    public IEnumerable<ParseError> Errors => Entries.Where(e => e.Error is not null).Select(e => e.Error!);

    public IEnumerable<ParsedStatement> Statements => Entries.Where(e => e.Statement is not null).Select(e => e.Statement!);
}

/// <summary>Either one parsed expression, or the first error; never both.</summary>
public sealed class SqlExpressionParseResult
{
    internal SqlExpressionParseResult(SqlExpression? expression, ParseError? error)
    {
        Expression = expression;
        Error = error;
    }

    public SqlExpression? Expression { get; }

    public ParseError? Error { get; }

    [MemberNotNullWhen(true, nameof(Expression))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;
}
