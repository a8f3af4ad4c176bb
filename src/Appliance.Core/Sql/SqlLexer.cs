using System.Buffers;
using System.Globalization;
using System.Text;

namespace Appliance.Core.Sql;

/// <summary>
/// Splits SQL text into tokens with exact line and column positions, following the quoting, literal, comment and
/// operator rules of one dialect. It never throws: unreadable text ends the list with an <see cref="SqlTokenKind.Error"/> token.
/// </summary>
public sealed class SqlLexer
{
    private const string PostgresOperatorCharacters = "+-*/<>=~!@#%^&|`?";

    private static readonly string[] MySqlOperators = ["<=>", "->>", "->", "<>", "!=", "<=", ">=", "<<", ">>", "||", "&&", ":="];
    private static readonly string[] TSqlOperators = ["<>", "!=", "<=", ">=", "!<", "!>", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^="];
    private static readonly string[] SqliteOperators = ["->>", "->", "<>", "!=", "<=", ">=", "==", "<<", ">>", "||"];

    private readonly string text;
    private readonly SqlDialect dialect;
    private readonly List<SqlToken> tokens = [];
    private int pos;
    private int line = 1;
    private int lineStart;

    // PostgreSQL: inside [ ] a colon separates slice bounds, so ":n" is not a parameter there.
    private int bracketDepth;

    // MySQL runs the body of /*! … */ comments (MariaDB also of /*M! … */), so it is lexed as code and only the closing */ is skipped.
    private bool inExecutableComment;

    private SqlLexer(string text, SqlDialect dialect)
    {
        this.text = text;
        this.dialect = dialect;
    }

    /// <summary>The tokens of <paramref name="text"/>; the last one is <see cref="SqlTokenKind.End"/> or <see cref="SqlTokenKind.Error"/>.</summary>
    public static IReadOnlyList<SqlToken> Tokenize(string text, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new SqlLexer(text, dialect).Run();
    }

    internal static List<SqlToken> TokenizeToList(string text, SqlDialect dialect) => new SqlLexer(text, dialect).Run();

    private bool IsPostgresLike => dialect is SqlDialect.Postgres or SqlDialect.Sqlite;

    private SourcePosition Here => new(pos, line, pos - lineStart + 1);

    private char At(int index) => index < text.Length ? text[index] : '\0';

    private List<SqlToken> Run()
    {
        while (true)
        {
            var triviaError = SkipTrivia();
            if (triviaError is not null)
            {
                tokens.Add(triviaError.Value);
                return tokens;
            }

            if (pos >= text.Length)
            {
                tokens.Add(new SqlToken(SqlTokenKind.End, Here, 0));
                return tokens;
            }

            var token = ReadToken();
            tokens.Add(token);
            if (token.Kind == SqlTokenKind.Error)
            {
                return tokens;
            }
        }
    }

    /// <summary>Moves to <paramref name="target"/>, counting the line breaks passed on the way.</summary>
    private void MoveTo(int target)
    {
        for (var i = pos; i < target; i++)
        {
            var c = text[i];
            if (c == '\n' || (c == '\r' && At(i + 1) != '\n'))
            {
                line++;
                lineStart = i + 1;
            }
        }

        pos = target;
    }

    private SqlToken Make(SqlTokenKind kind, SourcePosition start, int end, string? value = null, SqlStringStyle style = SqlStringStyle.None)
    {
        MoveTo(end);
        return new SqlToken(kind, start, end - start.Offset, value, style);
    }

    private static SqlToken Error(SourcePosition at, string message) => new(SqlTokenKind.Error, at, 0, message);

    private SqlToken? SkipTrivia()
    {
        while (pos < text.Length)
        {
            var c = text[pos];
            if (char.IsWhiteSpace(c))
            {
                MoveTo(pos + 1);
            }
            else if (c == '-' && At(pos + 1) == '-' && (dialect != SqlDialect.MySql || IsMySqlCommentStart(pos + 2)))
            {
                SkipToLineEnd();
            }
            else if (c == '#' && dialect == SqlDialect.MySql)
            {
                SkipToLineEnd();
            }
            else if (c == '/' && At(pos + 1) == '*')
            {
                var mariaDb = At(pos + 2) == 'M' && At(pos + 3) == '!';
                if (dialect == SqlDialect.MySql && (At(pos + 2) == '!' || mariaDb))
                {
                    var end = pos + (mariaDb ? 4 : 3);
                    while (end < text.Length && char.IsAsciiDigit(text[end]))
                    {
                        end++;
                    }

                    MoveTo(end);
                    inExecutableComment = true;
                    continue;
                }

                var start = Here;
                var close = FindBlockCommentEnd(pos + 2);
                if (close < 0)
                {
                    return Error(start, "unterminated comment: this /* is never closed with */");
                }

                MoveTo(close);
            }
            else if (c == '*' && At(pos + 1) == '/' && inExecutableComment)
            {
                inExecutableComment = false;
                MoveTo(pos + 2);
            }
            else
            {
                break;
            }
        }

        return null;
    }

    // MySQL only treats "--" as a comment when a space or control character follows, so "1--1" is arithmetic.
    private bool IsMySqlCommentStart(int index) => index >= text.Length || char.IsWhiteSpace(text[index]) || char.IsControl(text[index]);

    private void SkipToLineEnd()
    {
        var end = pos;
        while (end < text.Length && text[end] != '\n' && text[end] != '\r')
        {
            end++;
        }

        MoveTo(end);
    }

    /// <summary>The offset just after the matching */, or -1; PostgreSQL and T-SQL nest block comments.</summary>
    private int FindBlockCommentEnd(int from)
    {
        var nests = dialect is SqlDialect.Postgres or SqlDialect.TSql;
        var depth = 1;
        var i = from;
        while (i < text.Length - 1)
        {
            if (text[i] == '*' && text[i + 1] == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else if (nests && text[i] == '/' && text[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else
            {
                i++;
            }
        }

        return -1;
    }

    private SqlToken ReadToken()
    {
        var start = Here;
        var c = text[pos];
        var next = At(pos + 1);

        switch (c)
        {
            case '(':
                return Make(SqlTokenKind.LeftParen, start, pos + 1);
            case ')':
                return Make(SqlTokenKind.RightParen, start, pos + 1);
            case ',':
                return Make(SqlTokenKind.Comma, start, pos + 1);
            case ';':
                return Make(SqlTokenKind.Semicolon, start, pos + 1);
            case '\'':
                return ReadQuoted(start, pos + 1, '\'', SqlTokenKind.String, SqlStringStyle.Plain);
            case '"':
                return dialect == SqlDialect.MySql
                    ? ReadQuoted(start, pos + 1, '"', SqlTokenKind.String, SqlStringStyle.DoubleQuoted)
                    : ReadQuoted(start, pos + 1, '"', SqlTokenKind.QuotedIdentifier, SqlStringStyle.None);
            case '`' when dialect is SqlDialect.MySql or SqlDialect.Sqlite:
                return ReadQuoted(start, pos + 1, '`', SqlTokenKind.QuotedIdentifier, SqlStringStyle.None);
            case '[' when dialect is SqlDialect.TSql or SqlDialect.Sqlite:
                return ReadQuoted(start, pos + 1, ']', SqlTokenKind.QuotedIdentifier, SqlStringStyle.None);
            case '[':
                bracketDepth++;
                return Make(SqlTokenKind.LeftBracket, start, pos + 1);
            case ']':
                bracketDepth = Math.Max(0, bracketDepth - 1);
                return Make(SqlTokenKind.RightBracket, start, pos + 1);
            case '.' when !char.IsAsciiDigit(next):
                return Make(SqlTokenKind.Dot, start, pos + 1);
            case ':':
                return ReadColon(start);
            case '$':
                return ReadDollar(start);
            case '@' when dialect != SqlDialect.Postgres:
                return ReadAtSign(start);
            case '?' when dialect != SqlDialect.Postgres:
                return ReadQuestionMark(start);
        }

        if (char.IsAsciiDigit(c) || c == '.')
        {
            return ReadNumber(start);
        }

        if (IsIdentifierStart(pos))
        {
            return ReadWordOrPrefixedString(start);
        }

        if (IsOperatorCharacter(c))
        {
            return ReadOperator(start);
        }

        var shown = char.IsSurrogate(c) && pos + 1 < text.Length ? text.Substring(pos, 2) : c.ToString();
        return Error(start, $"unexpected character \"{shown}\" (U+{(int)char.ConvertToUtf32(shown, 0):X4})");
    }

    private SqlToken ReadColon(SourcePosition start)
    {
        var next = At(pos + 1);
        if (next == ':')
        {
            return Make(SqlTokenKind.Operator, start, pos + 2);
        }

        if (next == '=')
        {
            return Make(SqlTokenKind.Operator, start, pos + 2);
        }

        if (pos + 1 < text.Length && IsIdentifierStart(pos + 1) && !(IsPostgresLike && bracketDepth > 0))
        {
            return Make(SqlTokenKind.Parameter, start, ScanIdentifierPart(pos + 1));
        }

        return Make(SqlTokenKind.Operator, start, pos + 1);
    }

    private SqlToken ReadDollar(SourcePosition start)
    {
        var next = At(pos + 1);
        if (char.IsAsciiDigit(next) && dialect is SqlDialect.Postgres or SqlDialect.Sqlite)
        {
            var end = pos + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            return Make(SqlTokenKind.Parameter, start, end);
        }

        if (dialect == SqlDialect.Postgres)
        {
            // $tag$ … $tag$: the tag is an identifier without "$" (possibly empty).
            var tagEnd = pos + 1;
            if (tagEnd < text.Length && IsIdentifierStart(tagEnd))
            {
                while (tagEnd < text.Length && text[tagEnd] != '$' && IsIdentifierPart(tagEnd))
                {
                    tagEnd += char.IsSurrogate(text[tagEnd]) ? 2 : 1;
                }
            }

            if (At(tagEnd) == '$')
            {
                var delimiter = text[pos..(tagEnd + 1)];
                var close = text.IndexOf(delimiter, tagEnd + 1, StringComparison.Ordinal);
                if (close < 0)
                {
                    return Error(start, $"unterminated dollar-quoted string: this {delimiter} is never closed");
                }

                return Make(SqlTokenKind.String, start, close + delimiter.Length, text[(tagEnd + 1)..close], SqlStringStyle.Dollar);
            }
        }

        if (dialect == SqlDialect.Sqlite && pos + 1 < text.Length && IsIdentifierStart(pos + 1))
        {
            return Make(SqlTokenKind.Parameter, start, ScanIdentifierPart(pos + 1));
        }

        if (dialect == SqlDialect.TSql && pos + 1 < text.Length && IsIdentifierStart(pos + 1))
        {
            // $action, $identity and friends are pseudo-columns.
            return Make(SqlTokenKind.Word, start, ScanIdentifierPart(pos + 1));
        }

        return Error(start, "unexpected character \"$\"");
    }

    private SqlToken ReadAtSign(SourcePosition start)
    {
        var index = pos + 1;
        if (At(index) == '@')
        {
            index++;
        }

        var quote = At(index);
        if (dialect == SqlDialect.MySql && index == pos + 1 && quote is '\'' or '"' or '`')
        {
            var quoted = ReadQuoted(start, index + 1, quote, SqlTokenKind.Parameter, SqlStringStyle.None);
            return quoted.Kind == SqlTokenKind.Error ? quoted : quoted with { Value = null };
        }

        if (index >= text.Length || !IsIdentifierPart(index))
        {
            return Error(start, "expected a variable name after \"@\"");
        }

        var end = ScanIdentifierPart(index);

        // MySQL system variables may name their scope: @@session.sql_mode.
        if (dialect == SqlDialect.MySql && index == pos + 2 && At(end) == '.' && end + 1 < text.Length && IsIdentifierStart(end + 1))
        {
            end = ScanIdentifierPart(end + 1);
        }

        return Make(SqlTokenKind.Parameter, start, end);
    }

    private SqlToken ReadQuestionMark(SourcePosition start)
    {
        var end = pos + 1;
        if (dialect == SqlDialect.Sqlite)
        {
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }
        }

        return Make(SqlTokenKind.Parameter, start, end);
    }

    private SqlToken ReadNumber(SourcePosition start)
    {
        var i = pos;
        if (text[i] == '0' && At(i + 1) is 'x' or 'X' && char.IsAsciiHexDigit(At(i + 2)))
        {
            i += 2;
            while (i < text.Length && char.IsAsciiHexDigit(text[i]))
            {
                i++;
            }

            return Make(SqlTokenKind.Number, start, i);
        }

        if (dialect == SqlDialect.MySql && text[i] == '0' && At(i + 1) is 'b' && At(i + 2) is '0' or '1')
        {
            i += 2;
            while (i < text.Length && text[i] is '0' or '1')
            {
                i++;
            }

            return Make(SqlTokenKind.Number, start, i);
        }

        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (At(i) == '.' && At(i + 1) != '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (At(i) is 'e' or 'E')
        {
            var exponent = i + 1;
            if (At(exponent) is '+' or '-')
            {
                exponent++;
            }

            if (char.IsAsciiDigit(At(exponent)))
            {
                i = exponent;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
            }
        }

        return Make(SqlTokenKind.Number, start, i);
    }

    private SqlToken ReadWordOrPrefixedString(SourcePosition start)
    {
        var c = char.ToUpperInvariant(text[pos]);
        var next = At(pos + 1);
        if (next == '\'')
        {
            switch (c)
            {
                case 'N':
                    return ReadQuoted(start, pos + 2, '\'', SqlTokenKind.String, SqlStringStyle.National);
                case 'E' when dialect == SqlDialect.Postgres:
                    return ReadQuoted(start, pos + 2, '\'', SqlTokenKind.String, SqlStringStyle.Escape);
                case 'X' when dialect != SqlDialect.TSql:
                    return ReadQuoted(start, pos + 2, '\'', SqlTokenKind.String, SqlStringStyle.Hex);
                case 'B' when dialect is SqlDialect.Postgres or SqlDialect.MySql:
                    return ReadQuoted(start, pos + 2, '\'', SqlTokenKind.String, SqlStringStyle.Bit);
            }
        }

        if (c == 'U' && next == '&' && dialect == SqlDialect.Postgres && At(pos + 2) is '\'' or '"')
        {
            var quote = At(pos + 2);
            var token = ReadQuoted(start, pos + 3, quote, quote == '"' ? SqlTokenKind.QuotedIdentifier : SqlTokenKind.String, SqlStringStyle.Unicode);
            if (token.Kind == SqlTokenKind.Error)
            {
                return token;
            }

            var decoded = DecodeUnicodeEscapes(token.Value!);
            return decoded is null ? Error(start, "invalid Unicode escape in U&'…': use \\XXXX or \\+XXXXXX") : token with { Value = decoded };
        }

        var end = ScanIdentifierPart(pos);

        // MySQL character set introducer: _utf8mb4'text'.
        if (dialect == SqlDialect.MySql && text[pos] == '_' && At(end) == '\'')
        {
            return ReadQuoted(start, end + 1, '\'', SqlTokenKind.String, SqlStringStyle.Introduced);
        }

        if (dialect == SqlDialect.TSql && end - pos == 2 && string.Compare(text, pos, "GO", 0, 2, StringComparison.OrdinalIgnoreCase) == 0)
        {
            var separator = TryReadBatchSeparator(start, end);
            if (separator is not null)
            {
                return separator.Value;
            }
        }

        return Make(SqlTokenKind.Word, start, end);
    }

    /// <summary>T-SQL GO counts only alone on its line (optionally with a repeat count and a trailing comment).</summary>
    private SqlToken? TryReadBatchSeparator(SourcePosition start, int wordEnd)
    {
        for (var i = lineStart; i < pos; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return null;
            }
        }

        var i2 = wordEnd;
        while (i2 < text.Length && text[i2] is ' ' or '\t')
        {
            i2++;
        }

        var countStart = i2;
        while (i2 < text.Length && char.IsAsciiDigit(text[i2]))
        {
            i2++;
        }

        var countEnd = i2;
        while (i2 < text.Length && text[i2] is ' ' or '\t')
        {
            i2++;
        }

        var atLineEnd = i2 >= text.Length || text[i2] is '\n' or '\r' || (text[i2] == '-' && At(i2 + 1) == '-');
        if (!atLineEnd)
        {
            return null;
        }

        var end = countEnd > countStart ? countEnd : wordEnd;
        return Make(SqlTokenKind.BatchSeparator, start, end, countEnd > countStart ? text[countStart..countEnd] : null);
    }

    /// <summary>Reads a quoted body from <paramref name="bodyStart"/>; a doubled closing quote stands for itself.</summary>
    private SqlToken ReadQuoted(SourcePosition start, int bodyStart, char close, SqlTokenKind kind, SqlStringStyle style)
    {
        var backslashes = kind == SqlTokenKind.String && (style == SqlStringStyle.Escape || (dialect == SqlDialect.MySql && style != SqlStringStyle.Hex && style != SqlStringStyle.Bit));
        var value = new StringBuilder();
        var i = bodyStart;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == close)
            {
                if (At(i + 1) == close)
                {
                    value.Append(close);
                    i += 2;
                    continue;
                }

                if (kind == SqlTokenKind.QuotedIdentifier && value.Length == 0)
                {
                    return Error(start, "a quoted identifier cannot be empty");
                }

                return Make(kind, start, i + 1, value.ToString(), style);
            }

            if (backslashes && c == '\\' && i + 1 < text.Length)
            {
                i = style == SqlStringStyle.Escape ? AppendPostgresEscape(value, i + 1) : AppendMySqlEscape(value, i + 1);
                continue;
            }

            value.Append(c);
            i++;
        }

        var what = kind switch
        {
            SqlTokenKind.QuotedIdentifier => $"quoted identifier: this {text[start.Offset..bodyStart]} is never closed with {close}",
            SqlTokenKind.Parameter => $"quoted variable name: this {text[start.Offset..bodyStart]} is never closed with {close}",
            _ => $"string literal: this {text[start.Offset..bodyStart]} is never closed with {close}",
        };
        return Error(start, "unterminated " + what);
    }

    private int AppendMySqlEscape(StringBuilder value, int index)
    {
        var c = text[index];
        switch (c)
        {
            case '0': value.Append('\0'); break;
            case 'b': value.Append('\b'); break;
            case 'n': value.Append('\n'); break;
            case 'r': value.Append('\r'); break;
            case 't': value.Append('\t'); break;
            case 'Z': value.Append('\x1A'); break;

            // LIKE wildcards keep their backslash so the pattern still sees them escaped.
            case '%' or '_': value.Append('\\').Append(c); break;
            default: value.Append(c); break;
        }

        return index + 1;
    }

    private int AppendPostgresEscape(StringBuilder value, int index)
    {
        var c = text[index];
        switch (c)
        {
            case 'b': value.Append('\b'); return index + 1;
            case 'f': value.Append('\f'); return index + 1;
            case 'n': value.Append('\n'); return index + 1;
            case 'r': value.Append('\r'); return index + 1;
            case 't': value.Append('\t'); return index + 1;
            case 'x' when char.IsAsciiHexDigit(At(index + 1)):
                return AppendCodeFromDigits(value, index + 1, 2, 16);
            case 'u' when char.IsAsciiHexDigit(At(index + 1)):
                return AppendCodeFromDigits(value, index + 1, 4, 16);
            case 'U' when char.IsAsciiHexDigit(At(index + 1)):
                return AppendCodeFromDigits(value, index + 1, 8, 16);
            case >= '0' and <= '7':
                return AppendCodeFromDigits(value, index, 3, 8);
            default:
                value.Append(c);
                return index + 1;
        }
    }

    private int AppendCodeFromDigits(StringBuilder value, int index, int maxDigits, int radix)
    {
        var code = 0;
        var i = index;
        while (i < text.Length && i - index < maxDigits && IsDigitInRadix(text[i], radix))
        {
            code = (code * radix) + Convert.ToInt32(text[i].ToString(), 16);
            i++;
        }

        if (code is >= 0 and <= 0x10FFFF && code is < 0xD800 or > 0xDFFF)
        {
            value.Append(char.ConvertFromUtf32(code));
        }
        else
        {
            value.Append('\uFFFD');
        }

        return i;
    }

    private static bool IsDigitInRadix(char c, int radix) => radix == 8 ? c is >= '0' and <= '7' : char.IsAsciiHexDigit(c);

    /// <summary>Decodes the \XXXX and \+XXXXXX escapes of PostgreSQL U&amp; literals; null when one is malformed.</summary>
    private static string? DecodeUnicodeEscapes(string body)
    {
        if (!body.Contains('\\', StringComparison.Ordinal))
        {
            return body;
        }

        var result = new StringBuilder(body.Length);
        var i = 0;
        while (i < body.Length)
        {
            if (body[i] != '\\')
            {
                result.Append(body[i++]);
                continue;
            }

            if (i + 1 < body.Length && body[i + 1] == '\\')
            {
                result.Append('\\');
                i += 2;
                continue;
            }

            var plus = i + 1 < body.Length && body[i + 1] == '+';
            var digits = plus ? 6 : 4;
            var digitsStart = i + (plus ? 2 : 1);
            if (digitsStart + digits > body.Length ||
                !int.TryParse(body.AsSpan(digitsStart, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) ||
                code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
            {
                return null;
            }

            result.Append(char.ConvertFromUtf32(code));
            i = digitsStart + digits;
        }

        return result.ToString();
    }

    private SqlToken ReadOperator(SourcePosition start)
    {
        if (dialect == SqlDialect.Postgres)
        {
            return ReadPostgresOperator(start);
        }

        var candidates = dialect switch
        {
            SqlDialect.MySql => MySqlOperators,
            SqlDialect.TSql => TSqlOperators,
            _ => SqliteOperators,
        };
        foreach (var candidate in candidates)
        {
            if (string.CompareOrdinal(text, pos, candidate, 0, candidate.Length) == 0)
            {
                return Make(SqlTokenKind.Operator, start, pos + candidate.Length);
            }
        }

        return Make(SqlTokenKind.Operator, start, pos + 1);
    }

    /// <summary>PostgreSQL operators are any run of operator characters, with its rules about comments and trailing + or -.</summary>
    private SqlToken ReadPostgresOperator(SourcePosition start)
    {
        var end = pos;
        while (end < text.Length && PostgresOperatorCharacters.Contains(text[end], StringComparison.Ordinal))
        {
            if (end > pos && ((text[end] == '-' && At(end + 1) == '-') || (text[end] == '/' && At(end + 1) == '*')))
            {
                break;
            }

            end++;
        }

        if (end - pos > 1)
        {
            var run = text.AsSpan(pos, end - pos);
            if (run.IndexOfAny(SearchValues.Create("~!@#%^&|`?")) < 0)
            {
                while (end - pos > 1 && text[end - 1] is '+' or '-')
                {
                    end--;
                }
            }
        }

        return Make(SqlTokenKind.Operator, start, end);
    }

    private bool IsOperatorCharacter(char c) => dialect == SqlDialect.Postgres
        ? PostgresOperatorCharacters.Contains(c, StringComparison.Ordinal)
        : c is '+' or '-' or '*' or '/' or '%' or '=' or '<' or '>' or '!' or '~' or '^' or '&' or '|' or '?';

    private int ScanIdentifierPart(int from)
    {
        var i = from;
        while (i < text.Length && IsIdentifierPart(i))
        {
            i += char.IsHighSurrogate(text[i]) ? 2 : 1;
        }

        return i;
    }

    private bool IsIdentifierStart(int index)
    {
        var c = text[index];
        if (c < 128)
        {
            return char.IsAsciiLetter(c) || c == '_' || (c == '#' && dialect == SqlDialect.TSql);
        }

        return UnicodeCategoryAt(index) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or
            UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber;
    }

    private bool IsIdentifierPart(int index)
    {
        var c = text[index];
        if (c < 128)
        {
            return char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$' || (dialect == SqlDialect.TSql && c is '#' or '@');
        }

        return IsIdentifierStart(index) || UnicodeCategoryAt(index) is UnicodeCategory.NonSpacingMark or
            UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation;
    }

    private UnicodeCategory? UnicodeCategoryAt(int index) =>
        Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out _) == OperationStatus.Done ? Rune.GetUnicodeCategory(rune) : null;
}
