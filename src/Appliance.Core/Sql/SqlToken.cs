namespace Appliance.Core.Sql;

public enum SqlTokenKind
{
    /// <summary>A bare word: a keyword or an unquoted identifier (T-SQL <c>#temp</c> names included).</summary>
    Word,

    /// <summary>A delimited identifier: "x", `x` or [x]; <see cref="SqlToken.Value"/> holds the name without quotes.</summary>
    QuotedIdentifier,

    /// <summary>A string literal of any style; <see cref="SqlToken.Value"/> holds the decoded text.</summary>
    String,
    Number,

    /// <summary>A placeholder or variable: @p, @@version, :name, $1, ?.</summary>
    Parameter,
    Operator,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Semicolon,
    Dot,

    /// <summary>T-SQL <c>GO</c> alone on its line, which ends a batch.</summary>
    BatchSeparator,

    /// <summary>Text the lexer could not read; <see cref="SqlToken.Value"/> holds the message.</summary>
    Error,
    End,
}

/// <summary>How a string literal was written; the prefix decides how its body is decoded.</summary>
public enum SqlStringStyle
{
    None,
    Plain,

    /// <summary>N'…'.</summary>
    National,

    /// <summary>PostgreSQL E'…' with backslash escapes.</summary>
    Escape,

    /// <summary>PostgreSQL U&amp;'…' with \XXXX escapes.</summary>
    Unicode,

    /// <summary>PostgreSQL $$…$$ or $tag$…$tag$.</summary>
    Dollar,

    /// <summary>X'…' hexadecimal bytes.</summary>
    Hex,

    /// <summary>B'…' bits.</summary>
    Bit,

    /// <summary>MySQL _charset'…'.</summary>
    Introduced,

    /// <summary>MySQL "…" (a string unless ANSI_QUOTES is on).</summary>
    DoubleQuoted,
}

/// <summary>One lexical token with its exact place in the source.</summary>
public readonly record struct SqlToken(SqlTokenKind Kind, SourcePosition Position, int Length, string? Value = null, SqlStringStyle Style = SqlStringStyle.None)
{
    public int Start => Position.Offset;

    public int End => Position.Offset + Length;

    public string GetText(string source) => source.Substring(Position.Offset, Length);
}
