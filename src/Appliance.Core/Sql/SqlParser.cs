using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Appliance.Core.Sql;

/// <summary>
/// A recursive-descent SQL parser for PostgreSQL, MySQL/MariaDB, T-SQL and SQLite. It never throws for bad input:
/// the result holds either the statements or a <see cref="ParseError"/> with line, column and a readable message.
/// </summary>
public sealed partial class SqlParser
{
    /// <summary>How deeply constructs may nest (parentheses, subqueries, joins) before the text is refused.</summary>
    public const int MaxNesting = 200;

    // Operator chains deepen the tree without recursion in the parser; the bound keeps later tree walks safe too.
    private const int MaxTreeDepth = 2000;

    private readonly string text;
    private readonly SqlDialect dialect;
    private readonly List<SqlToken> tokens;
    private int index;
    private int depth;
    private int statementStart;
    private Dictionary<SqlNode, SourcePosition> positions = new(ReferenceEqualityComparer.Instance);

    private SqlParser(string text, SqlDialect dialect)
    {
        this.text = text;
        this.dialect = dialect;
        tokens = SqlLexer.TokenizeToList(text, dialect);
    }

    /// <summary>
    /// Parses every statement of <paramref name="sql"/> (separated by semicolons, and GO lines in T-SQL). Empty
    /// statements are skipped; the first error stops parsing and is the only thing returned.
    /// </summary>
    public static SqlParseResult Parse(string sql, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var parser = new SqlParser(sql, dialect);
        var statements = new List<ParsedStatement>();
        var batch = 0;
        try
        {
            while (parser.SkipSeparators(ref batch))
            {
                statements.Add(parser.ParseOne(batch));
            }
        }
        catch (SqlSyntaxException e)
        {
            return new SqlParseResult([], e.Error);
        }

        return new SqlParseResult(statements, null);
    }

    /// <summary>
    /// Parses one expression on its own, such as a CHECK constraint or an index predicate as the catalog reports it.
    /// The whole text must be the expression (a trailing semicolon is refused); never throws for bad input.
    /// </summary>
    public static SqlExpressionParseResult ParseExpression(string text, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new SqlParser(text, dialect);
        try
        {
            var expression = parser.ParseExpression();
            if (!parser.Is(SqlTokenKind.End))
            {
                parser.Fail("the end of the expression");
            }

            return new SqlExpressionParseResult(expression, null);
        }
        catch (SqlSyntaxException e)
        {
            return new SqlExpressionParseResult(null, e.Error);
        }
    }

    /// <summary>
    /// Parses a script statement by statement: after an error, parsing resumes at the next semicolon or GO line,
    /// so each statement gets its own entry.
    /// </summary>
    public static SqlScriptResult ParseScript(string sql, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var parser = new SqlParser(sql, dialect);
        var entries = new List<SqlScriptEntry>();
        var batch = 0;
        while (true)
        {
            bool more;
            try
            {
                more = parser.SkipSeparators(ref batch);
            }
            catch (SqlSyntaxException e)
            {
                entries.Add(new SqlScriptEntry(batch, new SourceSpan(e.Error.Position, e.Error.Position), null, e.Error));
                break;
            }

            if (!more)
            {
                break;
            }

            var startToken = parser.index;
            try
            {
                var statement = parser.ParseOne(batch);
                entries.Add(new SqlScriptEntry(batch, statement.Span, statement, null));
            }
            catch (SqlSyntaxException e)
            {
                var stop = parser.Recover();
                entries.Add(new SqlScriptEntry(batch, parser.SpanOf(startToken, stop), null, e.Error));
                if (parser.Current.Kind == SqlTokenKind.Error)
                {
                    break;
                }
            }
        }

        return new SqlScriptResult(entries);
    }

    private SqlToken Current => tokens[index];

    private SqlToken Peek(int offset) => tokens[Math.Min(index + offset, tokens.Count - 1)];

    private bool AtStatementEnd => Current.Kind is SqlTokenKind.Semicolon or SqlTokenKind.End or SqlTokenKind.BatchSeparator;

    /// <summary>Skips semicolons and GO lines; false at the end of the text.</summary>
    private bool SkipSeparators(ref int batch)
    {
        while (true)
        {
            switch (Current.Kind)
            {
                case SqlTokenKind.Semicolon:
                    index++;
                    break;
                case SqlTokenKind.BatchSeparator:
                    batch++;
                    index++;
                    break;
                case SqlTokenKind.End:
                    return false;
                case SqlTokenKind.Error:
                    throw new SqlSyntaxException(new ParseError(Current.Position, Current.Value!));
                default:
                    return true;
            }
        }
    }

    /// <summary>Moves past the broken statement to its semicolon or GO line; returns the index of its last token.</summary>
    private int Recover()
    {
        depth = 0;
        var last = Math.Max(statementStart, index - 1);
        while (Current.Kind is not (SqlTokenKind.Semicolon or SqlTokenKind.BatchSeparator or SqlTokenKind.End or SqlTokenKind.Error))
        {
            last = index;
            index++;
        }

        return last;
    }

    private ParsedStatement ParseOne(int batch)
    {
        statementStart = index;
        depth = 0;
        positions = new Dictionary<SqlNode, SourcePosition>(ReferenceEqualityComparer.Instance);
        var statement = ParseStatement();
        if (!AtStatementEnd && !(dialect == SqlDialect.TSql && IsTSqlStatementStart(Current)))
        {
            Fail("\";\" or the end of the statement");
        }

        var span = SpanOf(statementStart, index - 1);
        return new ParsedStatement(statement, span, text[span.Start.Offset..span.End.Offset], batch, positions);
    }

    private SourceSpan SpanOf(int firstToken, int lastToken)
    {
        var first = tokens[firstToken];
        var last = tokens[Math.Max(firstToken, lastToken)];
        return new SourceSpan(first.Position, EndOf(last));
    }

    private SourcePosition EndOf(SqlToken token)
    {
        var line = token.Position.Line;
        var column = token.Position.Column;
        for (var i = token.Start; i < token.End; i++)
        {
            var c = text[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return new SourcePosition(token.End, line, column);
    }

    // ---- Token helpers ----------------------------------------------------------------------------------------

    private ReadOnlySpan<char> SpanOf(SqlToken token) => text.AsSpan(token.Start, token.Length);

    private string TextOf(SqlToken token) => text.Substring(token.Start, token.Length);

    private string UpperOf(SqlToken token) => TextOf(token).ToUpperInvariant();

    private bool IsWordToken(SqlToken token, string word) =>
        token.Kind == SqlTokenKind.Word && token.Length == word.Length && SpanOf(token).Equals(word, StringComparison.OrdinalIgnoreCase);

    private bool IsWord(string word) => IsWordToken(Current, word);

    private bool IsWordAt(int offset, string word) => IsWordToken(Peek(offset), word);

    private bool IsAnyWord(params ReadOnlySpan<string> words)
    {
        foreach (var word in words)
        {
            if (IsWord(word))
            {
                return true;
            }
        }

        return false;
    }

    private bool AcceptWord(string word)
    {
        if (!IsWord(word))
        {
            return false;
        }

        index++;
        return true;
    }

    private bool AcceptWords(string first, string second)
    {
        if (!IsWord(first) || !IsWordAt(1, second))
        {
            return false;
        }

        index += 2;
        return true;
    }

    private void ExpectWord(string word)
    {
        if (!AcceptWord(word))
        {
            Fail(word);
        }
    }

    private bool Is(SqlTokenKind kind) => Current.Kind == kind;

    private bool Accept(SqlTokenKind kind)
    {
        if (Current.Kind != kind)
        {
            return false;
        }

        index++;
        return true;
    }

    private void Expect(SqlTokenKind kind)
    {
        if (!Accept(kind))
        {
            Fail(Describe(kind));
        }
    }

    private bool IsOperator(string op) => Current.Kind == SqlTokenKind.Operator && SpanOf(Current).SequenceEqual(op);

    private bool IsOperatorAt(int offset, string op) => Peek(offset).Kind == SqlTokenKind.Operator && SpanOf(Peek(offset)).SequenceEqual(op);

    private bool AcceptOperator(string op)
    {
        if (!IsOperator(op))
        {
            return false;
        }

        index++;
        return true;
    }

    private void ExpectOperator(string op)
    {
        if (!AcceptOperator(op))
        {
            Fail($"\"{op}\"");
        }
    }

    private static string Describe(SqlTokenKind kind) => kind switch
    {
        SqlTokenKind.LeftParen => "\"(\"",
        SqlTokenKind.RightParen => "\")\"",
        SqlTokenKind.LeftBracket => "\"[\"",
        SqlTokenKind.RightBracket => "\"]\"",
        SqlTokenKind.Comma => "\",\"",
        SqlTokenKind.Dot => "\".\"",
        SqlTokenKind.Semicolon => "\";\"",
        _ => kind.ToString(),
    };

    // ---- Errors and nesting -------------------------------------------------------------------------------------

    /// <summary>Stops parsing with "expected …" at the current token, naming what came before and what was found.</summary>
    [DoesNotReturn]
    private void Fail(string expected) => throw new SqlSyntaxException(ErrorHere(expected));

    [DoesNotReturn]
    private T Fail<T>(string expected) => throw new SqlSyntaxException(ErrorHere(expected));

    private ParseError ErrorHere(string expected)
    {
        var token = Current;
        if (token.Kind == SqlTokenKind.Error)
        {
            return new ParseError(token.Position, token.Value!);
        }

        var context = Context();
        var message = context.Length > 0 ? $"expected {expected} after \"{context}\", found {Found(token)}" : $"expected {expected}, found {Found(token)}";
        return new ParseError(token.Position, message);
    }

    [DoesNotReturn]
    private void FailWith(SqlToken at, string message) => throw new SqlSyntaxException(new ParseError(at.Position, message));

    /// <summary>The text just before the current token, whitespace collapsed, at most about 40 characters.</summary>
    private string Context()
    {
        if (index <= statementStart)
        {
            return "";
        }

        var first = Math.Max(statementStart, index - 8);
        var raw = text.AsSpan(tokens[first].Start, tokens[index - 1].End - tokens[first].Start);
        var collapsed = new StringBuilder(raw.Length);
        var space = false;
        foreach (var c in raw)
        {
            if (char.IsWhiteSpace(c))
            {
                space = collapsed.Length > 0;
                continue;
            }

            if (space)
            {
                collapsed.Append(' ');
                space = false;
            }

            collapsed.Append(c);
        }

        var result = collapsed.ToString();
        if (result.Length > 40)
        {
            result = "…" + result[^40..].TrimStart();
        }

        return result.Replace("\"", "\\\"", StringComparison.Ordinal);
    }

    private string Found(SqlToken token)
    {
        switch (token.Kind)
        {
            case SqlTokenKind.End:
                return "the end of the input";
            case SqlTokenKind.BatchSeparator:
                return "the batch separator GO";
            default:
                var shown = TextOf(token);
                if (shown.Length > 30)
                {
                    shown = shown[..27] + "…";
                }

                shown = shown.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
                return $"\"{shown}\"";
        }
    }

    private void Enter()
    {
        depth++;
        if (depth > MaxNesting || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            FailWith(Current, $"the statement nests too deeply (more than {MaxNesting} levels of parentheses, subqueries or joins)");
        }
    }

    private void Leave() => depth--;

    private T Mark<T>(T node, SqlToken at)
        where T : SqlNode
    {
        positions[node] = at.Position;
        return node;
    }

    // ---- Names ----------------------------------------------------------------------------------------------------

    private bool IsReservedWord(SqlToken token) => token.Kind == SqlTokenKind.Word && SqlKeywords.IsReserved(SpanOf(token), dialect);

    /// <summary>A token that can be a plain identifier here: a non-reserved word or a quoted name.</summary>
    private bool IsIdentifierToken(SqlToken token) =>
        token.Kind == SqlTokenKind.QuotedIdentifier || (token.Kind == SqlTokenKind.Word && !SqlKeywords.IsReserved(SpanOf(token), dialect));

    /// <summary>A token that can be an alias written without AS.</summary>
    private bool IsImplicitAliasToken(SqlToken token) =>
        token.Kind == SqlTokenKind.QuotedIdentifier || (token.Kind == SqlTokenKind.Word && !SqlKeywords.IsAliasBlocked(SpanOf(token), dialect));

    private SqlIdentifier IdentifierFrom(SqlToken token)
    {
        if (token.Kind == SqlTokenKind.QuotedIdentifier)
        {
            var value = token.Value!;
            return new SqlIdentifier(value, SqlKeywords.NeedsQuoting(value, dialect, caseMatters: true));
        }

        if (token.Kind == SqlTokenKind.Parameter)
        {
            return new SqlIdentifier(TextOf(token));
        }

        var word = TextOf(token);
        var needsQuotes = SqlKeywords.IsReserved(word, dialect) || (dialect == SqlDialect.TSql && word.Equals("GO", StringComparison.OrdinalIgnoreCase));
        return new SqlIdentifier(word, needsQuotes);
    }

    private SqlIdentifier ParseIdentifier(string what)
    {
        if (!IsIdentifierToken(Current))
        {
            Fail(what);
        }

        var token = Current;
        index++;
        return IdentifierFrom(token);
    }

    private NodeList<SqlIdentifier> ParseIdentifierList(string what)
    {
        Expect(SqlTokenKind.LeftParen);
        var items = new List<SqlIdentifier> { ParseIdentifier(what) };
        while (Accept(SqlTokenKind.Comma))
        {
            items.Add(ParseIdentifier(what));
        }

        Expect(SqlTokenKind.RightParen);
        return NodeList.Own(items);
    }

    /// <summary>A dotted name. After a dot any word is a name part, as the dialects allow; T-SQL may leave a part empty (db..t).</summary>
    private SqlObjectName ParseObjectName(string what)
    {
        var start = Current;
        var parts = new List<SqlIdentifier>(2);
        if (IsIdentifierToken(Current) || (dialect == SqlDialect.TSql && Is(SqlTokenKind.Parameter) && TextOf(Current).StartsWith('@')))
        {
            parts.Add(IdentifierFrom(Current));
            index++;
        }
        else
        {
            Fail(what);
        }

        while (Is(SqlTokenKind.Dot) && parts.Count < 4 && index + 1 < derivationLimit)
        {
            var next = Peek(1);
            if (next.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
            {
                index++;
                parts.Add(IdentifierFrom(Current));
                index++;
            }
            else if (dialect == SqlDialect.TSql && next.Kind == SqlTokenKind.Dot && Peek(2).Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier && index + 2 < derivationLimit)
            {
                index++;
                parts.Add(new SqlIdentifier(""));
            }
            else
            {
                break;
            }
        }

        return Mark(new SqlObjectName(NodeList.Own(parts)), start);
    }

    // ---- Data types -------------------------------------------------------------------------------------------

    private static readonly string[] TypeWordsTakingVarying = ["CHARACTER", "CHAR", "NCHAR", "BIT", "NATIONAL"];

    private SqlDataType ParseDataType()
    {
        var start = Current;
        var name = new List<SqlIdentifier>();
        if (Current.Kind == SqlTokenKind.QuotedIdentifier || (Current.Kind == SqlTokenKind.Word && Peek(1).Kind == SqlTokenKind.Dot))
        {
            name.AddRange(ParseObjectName("a type name").Parts.Select(p => p.Quoted ? p : p with { Value = p.Value.ToUpperInvariant() }));
        }
        else if (Current.Kind == SqlTokenKind.Word)
        {
            var words = new StringBuilder(UpperOf(Current));
            index++;
            var first = words.ToString();
            if (first == "DOUBLE" && IsWord("PRECISION"))
            {
                words.Append(" PRECISION");
                index++;
            }
            else if (first == "NATIONAL" && IsAnyWord("CHARACTER", "CHAR"))
            {
                words.Append(' ').Append(UpperOf(Current));
                index++;
            }
            else if (first is "UNSIGNED" or "SIGNED" && IsAnyWord("INTEGER", "INT"))
            {
                words.Append(' ').Append(UpperOf(Current));
                index++;
            }

            if (TypeWordsTakingVarying.Contains(first) && IsWord("VARYING"))
            {
                words.Append(" VARYING");
                index++;
            }

            name.Add(new SqlIdentifier(words.ToString()));
        }
        else
        {
            Fail("a data type");
        }

        var arguments = new List<string>();
        if (Is(SqlTokenKind.LeftParen))
        {
            index++;
            do
            {
                var token = Current;
                if (token.Kind is SqlTokenKind.Number or SqlTokenKind.String)
                {
                    arguments.Add(TextOf(token));
                }
                else if (token.Kind == SqlTokenKind.Word)
                {
                    arguments.Add(UpperOf(token));
                }
                else if (token.Kind == SqlTokenKind.Operator && TextOf(token) == "-" && Peek(1).Kind == SqlTokenKind.Number)
                {
                    index++;
                    arguments.Add("-" + TextOf(Current));
                }
                else
                {
                    Fail("a type argument (a number)");
                }

                index++;
            }
            while (Accept(SqlTokenKind.Comma));
            Expect(SqlTokenKind.RightParen);
        }

        var modifiers = new List<string>();
        while (true)
        {
            if (IsAnyWord("WITH", "WITHOUT") && IsWordAt(1, "TIME") && IsWordAt(2, "ZONE"))
            {
                modifiers.Add(UpperOf(Current));
                modifiers.Add("TIME");
                modifiers.Add("ZONE");
                index += 3;
            }
            else if (dialect == SqlDialect.MySql && IsAnyWord("UNSIGNED", "SIGNED", "ZEROFILL"))
            {
                modifiers.Add(UpperOf(Current));
                index++;
            }
            else
            {
                break;
            }
        }

        var dimensions = 0;
        while (dialect == SqlDialect.Postgres)
        {
            if (Is(SqlTokenKind.LeftBracket))
            {
                index++;
                if (Is(SqlTokenKind.Number))
                {
                    index++;
                }

                Expect(SqlTokenKind.RightBracket);
                dimensions++;
            }
            else if (IsWord("ARRAY"))
            {
                index++;
                dimensions++;
            }
            else
            {
                break;
            }
        }

        return Mark(new SqlDataType(NodeList.Own(name), NodeList.Own(arguments), NodeList.Own(modifiers), dimensions), start);
    }

    // ---- Statement starts -------------------------------------------------------------------------------------

    private static readonly HashSet<string> TSqlStatementStarts = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "DECLARE", "SET", "PRINT", "EXEC", "EXECUTE", "IF", "WHILE", "BEGIN",
        "COMMIT", "ROLLBACK", "RETURN", "USE", "CREATE", "DROP", "TRUNCATE", "RAISERROR", "THROW", "WAITFOR", "GRANT",
        "REVOKE", "DENY", "ALTER", "SAVE", "OPEN", "CLOSE", "FETCH", "DEALLOCATE", "BREAK", "CONTINUE", "GOTO",
    };

    /// <summary>T-SQL lets statements follow each other without semicolons; these words start the next one.</summary>
    private bool IsTSqlStatementStart(SqlToken token) =>
        token.Kind == SqlTokenKind.Word && TSqlStatementStarts.GetAlternateLookup<ReadOnlySpan<char>>().Contains(SpanOf(token));

    /// <summary>Whether the tokens from <paramref name="offset"/> begin a query, optionally after more opening parentheses.</summary>
    private bool StartsQuery(int offset, bool throughParentheses)
    {
        var i = offset;
        while (throughParentheses && Peek(i).Kind == SqlTokenKind.LeftParen)
        {
            i++;
        }

        return IsWordAt(i, "SELECT") || IsWordAt(i, "WITH") || IsWordAt(i, "VALUES");
    }
}
