namespace Appliance.Infrastructure.Engines;

/// <summary>
/// Reads what SQLite's pragmas do not report from the CREATE statements kept in sqlite_schema: CHECK expressions,
/// generated-column expressions, column collations, constraint names, AUTOINCREMENT, WITHOUT ROWID, expression index
/// columns, partial-index predicates and view queries. Expressions are returned verbatim as written in the DDL.
/// </summary>
internal static class SqliteDdlParser
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    public static TableDdl ParseTable(string? sql)
    {
        var ddl = new TableDdl();
        if (string.IsNullOrWhiteSpace(sql))
        {
            return ddl;
        }

        var tokens = SqlTokenizer.Tokenize(sql);
        var open = tokens.FindIndex(t => t.IsPunct('('));
        // CREATE TABLE … AS SELECT has no column definitions.
        if (open < 0 || tokens.Take(open).Any(t => t.IsWord("AS")))
        {
            return ddl;
        }

        var close = Matching(tokens, open);
        if (close < 0)
        {
            return ddl;
        }

        for (var i = close + 1; i + 1 < tokens.Count; i++)
        {
            if (tokens[i].IsWord("WITHOUT") && tokens[i + 1].IsWord("ROWID"))
            {
                ddl.WithoutRowid = true;
            }
        }

        ddl.Comment = SameLineComment(sql, tokens[open].End, tokens[open + 1].Start);
        foreach (var (start, end) in SplitTopLevel(tokens, open + 1, close))
        {
            if (start >= end)
            {
                continue;
            }

            var first = tokens[start];
            if (first.IsWord("CONSTRAINT") || first.IsWord("PRIMARY") || first.IsWord("UNIQUE") || first.IsWord("CHECK") || first.IsWord("FOREIGN"))
            {
                ParseTableConstraint(sql, tokens, start, end, ddl);
            }
            else
            {
                ParseColumn(sql, tokens, start, end, ddl);
                // The comment after the separating comma, or after the last definition before ")".
                var gapStart = end < close ? tokens[end].End : tokens[end - 1].End;
                var gapEnd = end < close ? tokens[end + 1].Start : tokens[close].Start;
                ddl.Columns[first.Value].Comment = SameLineComment(sql, gapStart, gapEnd);
            }
        }

        return ddl;
    }

    private static void ParseColumn(string sql, List<SqlToken> tokens, int start, int end, TableDdl ddl)
    {
        var column = new ColumnDdl(tokens[start].Value);
        ddl.Columns[column.Name] = column;
        string? constraintName = null;
        for (var i = start + 1; i < end; i++)
        {
            var token = tokens[i];
            if (token.IsPunct('('))
            {
                i = Math.Max(i, Matching(tokens, i));
                continue;
            }

            if (token.IsWord("CONSTRAINT") && i + 1 < end)
            {
                constraintName = tokens[++i].Value;
            }
            else if (token.IsWord("COLLATE") && i + 1 < end)
            {
                column.Collation = tokens[++i].Value;
            }
            else if (token.IsWord("CHECK") && i + 1 < end && tokens[i + 1].IsPunct('('))
            {
                var close = Matching(tokens, i + 1);
                ddl.Checks.Add(new NamedExpression(constraintName, Inside(sql, tokens, i + 1, close)));
                constraintName = null;
                i = close;
            }
            else if (token.IsWord("AS") && i + 1 < end && tokens[i + 1].IsPunct('('))
            {
                var close = Matching(tokens, i + 1);
                column.GenerationExpression = Inside(sql, tokens, i + 1, close);
                i = close;
            }
            else if (token.IsWord("DEFAULT") && i + 1 < end && tokens[i + 1].IsPunct('('))
            {
                i = Matching(tokens, i + 1);
            }
            else if (token.IsWord("PRIMARY"))
            {
                ddl.PrimaryKey = new NamedColumns(constraintName, [column.Name]);
                constraintName = null;
            }
            else if (token.IsWord("UNIQUE"))
            {
                ddl.Uniques.Add(new NamedColumns(constraintName, [column.Name]));
                constraintName = null;
            }
            else if (token.IsWord("REFERENCES"))
            {
                ddl.ForeignKeys.Add(new NamedColumns(constraintName, [column.Name]));
                constraintName = null;
            }
            else if (token.IsWord("AUTOINCREMENT"))
            {
                column.AutoIncrement = true;
            }
            else if (token.IsWord("NOT") || token.IsWord("NULL") || token.IsWord("DEFAULT"))
            {
                constraintName = null;
            }
        }
    }

    private static void ParseTableConstraint(string sql, List<SqlToken> tokens, int start, int end, TableDdl ddl)
    {
        string? name = null;
        var i = start;
        if (tokens[i].IsWord("CONSTRAINT") && i + 1 < end)
        {
            name = tokens[i + 1].Value;
            i += 2;
        }

        if (i >= end)
        {
            return;
        }

        var open = tokens.FindIndex(i, end - i, t => t.IsPunct('('));
        if (open < 0)
        {
            return;
        }

        var close = Matching(tokens, open);
        if (tokens[i].IsWord("CHECK"))
        {
            ddl.Checks.Add(new NamedExpression(name, Inside(sql, tokens, open, close)));
            return;
        }

        var columns = SplitTopLevel(tokens, open + 1, close).Where(r => r.Start < r.End).Select(r => tokens[r.Start].Value).ToList();
        if (tokens[i].IsWord("PRIMARY"))
        {
            ddl.PrimaryKey = new NamedColumns(name, columns);
        }
        else if (tokens[i].IsWord("UNIQUE"))
        {
            ddl.Uniques.Add(new NamedColumns(name, columns));
        }
        else if (tokens[i].IsWord("FOREIGN"))
        {
            ddl.ForeignKeys.Add(new NamedColumns(name, columns));
        }
    }

    /// <summary>The key items of CREATE INDEX (expression text, without ASC/DESC/COLLATE) and its WHERE predicate.</summary>
    public static IndexDdl ParseIndex(string? sql)
    {
        var result = new IndexDdl();
        if (string.IsNullOrWhiteSpace(sql))
        {
            return result;
        }

        var tokens = SqlTokenizer.Tokenize(sql);
        var on = tokens.FindIndex(t => t.IsWord("ON"));
        var open = on < 0 ? -1 : tokens.FindIndex(on, t => t.IsPunct('('));
        var close = open < 0 ? -1 : Matching(tokens, open);
        if (close < 0)
        {
            return result;
        }

        foreach (var (start, end) in SplitTopLevel(tokens, open + 1, close))
        {
            var last = end - 1;
            if (last > start && (tokens[last].IsWord("ASC") || tokens[last].IsWord("DESC")))
            {
                last--;
            }

            if (last - 1 > start && tokens[last - 1].IsWord("COLLATE"))
            {
                last -= 2;
            }

            result.Items.Add(last >= start ? sql[tokens[start].Start..tokens[last].End].Trim() : "");
        }

        var where = tokens.FindIndex(close, t => t.IsWord("WHERE"));
        if (where >= 0)
        {
            result.Where = sql[tokens[where].End..].Trim().TrimEnd(';').Trim();
        }

        return result;
    }

    /// <summary>The query of CREATE VIEW: everything after the AS that follows the view name (and column list).</summary>
    public static string? ParseViewQuery(string? sql)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            return null;
        }

        var tokens = SqlTokenizer.Tokenize(sql);
        if (FindViewAs(tokens) is not { } asIndex)
        {
            return sql.Trim();
        }

        var query = sql[tokens[asIndex].End..];
        if (SameLineComment(sql, tokens[asIndex].End, sql.Length) is not null)
        {
            var eol = query.IndexOf('\n', StringComparison.Ordinal);
            query = eol < 0 ? "" : query[(eol + 1)..];
        }

        return query.Trim().TrimEnd(';').Trim();
    }

    /// <summary>The "-- comment" on the line after a view's AS, which documents the view.</summary>
    public static string? ParseViewComment(string? sql)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            return null;
        }

        var tokens = SqlTokenizer.Tokenize(sql);
        return FindViewAs(tokens) is { } asIndex
            ? SameLineComment(sql, tokens[asIndex].End, asIndex + 1 < tokens.Count ? tokens[asIndex + 1].Start : sql.Length)
            : null;
    }

    /// <summary>The AS that starts a view's query (skipping a parenthesised column list).</summary>
    private static int? FindViewAs(List<SqlToken> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].IsPunct('('))
            {
                i = Math.Max(i, Matching(tokens, i));
            }
            else if (tokens[i].IsWord("AS"))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>The text of a "--" comment between two tokens, if it starts on the first line of that gap.</summary>
    private static string? SameLineComment(string sql, int from, int to)
    {
        var gap = sql[from..Math.Max(from, to)];
        var eol = gap.IndexOf('\n', StringComparison.Ordinal);
        var line = eol < 0 ? gap : gap[..eol];
        var dashes = line.IndexOf("--", StringComparison.Ordinal);
        if (dashes < 0 || line[..dashes].Trim().Length > 0)
        {
            return null;
        }

        var text = line[(dashes + 2)..].Trim();
        return text.Length == 0 ? null : text;
    }

    public static bool SameColumns(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Count == b.Count && a.Zip(b).All(p => Names.Equals(p.First, p.Second));

    private static string Inside(string sql, List<SqlToken> tokens, int open, int close) =>
        close > open ? sql[tokens[open].End..tokens[close].Start].Trim() : "";

    /// <summary>Index of the ')' closing the '(' at <paramref name="open"/>; -1 when unbalanced.</summary>
    private static int Matching(List<SqlToken> tokens, int open)
    {
        var depth = 0;
        for (var i = open; i < tokens.Count; i++)
        {
            if (tokens[i].IsPunct('('))
            {
                depth++;
            }
            else if (tokens[i].IsPunct(')') && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Token ranges [start, end) between <paramref name="from"/> and <paramref name="to"/> separated by top-level commas.</summary>
    private static List<(int Start, int End)> SplitTopLevel(List<SqlToken> tokens, int from, int to)
    {
        var parts = new List<(int, int)>();
        var depth = 0;
        var start = from;
        for (var i = from; i < to; i++)
        {
            if (tokens[i].IsPunct('('))
            {
                depth++;
            }
            else if (tokens[i].IsPunct(')'))
            {
                depth--;
            }
            else if (depth == 0 && tokens[i].IsPunct(','))
            {
                parts.Add((start, i));
                start = i + 1;
            }
        }

        parts.Add((start, to));
        return parts;
    }
}

internal sealed class TableDdl
{
    public Dictionary<string, ColumnDdl> Columns { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<NamedExpression> Checks { get; } = [];
    public NamedColumns? PrimaryKey { get; set; }
    public List<NamedColumns> Uniques { get; } = [];
    public List<NamedColumns> ForeignKeys { get; } = [];
    public bool WithoutRowid { get; set; }
    /// <summary>A "-- comment" on the line of the opening parenthesis: SQLite keeps no comments, so the DDL's own text documents the table.</summary>
    public string? Comment { get; set; }
}

internal sealed class ColumnDdl(string name)
{
    public string Name { get; } = name;
    public string? Collation { get; set; }
    public string? GenerationExpression { get; set; }
    public bool AutoIncrement { get; set; }
    /// <summary>A "-- comment" at the end of the line where the column's definition ends.</summary>
    public string? Comment { get; set; }
}

internal sealed record NamedExpression(string? Name, string Expression);

internal sealed record NamedColumns(string? Name, IReadOnlyList<string> Columns);

internal sealed class IndexDdl
{
    public List<string> Items { get; } = [];
    public string? Where { get; set; }
}

internal enum SqlTokenKind
{
    Word,
    QuotedIdentifier,
    String,
    Punct,
}

/// <summary>A token with its position in the SQL text; <see cref="Value"/> is an identifier without its quotes.</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Value, int Start, int End)
{
    public bool IsWord(string word) => Kind == SqlTokenKind.Word && string.Equals(Value, word, StringComparison.OrdinalIgnoreCase);

    public bool IsPunct(char c) => Kind == SqlTokenKind.Punct && Value.Length == 1 && Value[0] == c;
}

/// <summary>A tokenizer for SQLite DDL: words, "…" `…` […] identifiers, '…' strings, punctuation; comments skipped.</summary>
internal static class SqlTokenizer
{
    public static List<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var eol = sql.IndexOf('\n', i);
                i = eol < 0 ? sql.Length : eol + 1;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var endComment = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = endComment < 0 ? sql.Length : endComment + 2;
            }
            else if (c is '\'' or '"' or '`' or '[')
            {
                var close = c == '[' ? ']' : c;
                var j = i + 1;
                var value = new System.Text.StringBuilder();
                while (j < sql.Length)
                {
                    if (sql[j] == close)
                    {
                        if (close != ']' && j + 1 < sql.Length && sql[j + 1] == close)
                        {
                            value.Append(close);
                            j += 2;
                            continue;
                        }

                        break;
                    }

                    value.Append(sql[j++]);
                }

                var end = Math.Min(j + 1, sql.Length);
                tokens.Add(new SqlToken(c == '\'' ? SqlTokenKind.String : SqlTokenKind.QuotedIdentifier, value.ToString(), i, end));
                i = end;
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '$' || c > 127)
            {
                var j = i;
                var number = char.IsAsciiDigit(c);
                while (j < sql.Length && IsWordChar(sql[j], number))
                {
                    j++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Word, sql[i..j], i, j));
                i = j;
            }
            else
            {
                tokens.Add(new SqlToken(SqlTokenKind.Punct, c.ToString(), i, i + 1));
                i++;
            }
        }

        return tokens;
    }

    /// <summary>Letters, digits, _ and $, any non-ASCII character (SQLite allows them in bare names), and '.' inside a number.</summary>
    private static bool IsWordChar(char ch, bool number) =>
        char.IsLetterOrDigit(ch) || ch is '_' or '$' || (number && ch == '.') || (ch > 127 && !char.IsWhiteSpace(ch));
}
