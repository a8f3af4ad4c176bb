using Appliance.Core.Sql;

namespace Appliance.Core.Tests.Sql;

/// <summary>One corpus statement and the kind the parser must report for it.</summary>
internal sealed record SqlCorpusEntry(SqlDialect Dialect, int Number, StatementKind Kind, string Sql)
{
    public string Id => $"{Dialect}#{Number}";
}

/// <summary>
/// The statement corpora, split on their "-- @Kind" marker lines (not by the parser under test).
/// </summary>
internal static class SqlCorpus
{
    private static readonly Lazy<IReadOnlyList<SqlCorpusEntry>> Entries = new(Load);

    public static IReadOnlyList<SqlCorpusEntry> All => Entries.Value;

    public static IEnumerable<SqlCorpusEntry> For(SqlDialect dialect) => All.Where(e => e.Dialect == dialect);

    public static SqlCorpusEntry Find(string id) => All.Single(e => e.Id == id);

    private static List<SqlCorpusEntry> Load()
    {
        var entries = new List<SqlCorpusEntry>();
        Split(SqlDialect.Postgres, PostgresCorpus.Text, entries);
        Split(SqlDialect.MySql, MySqlCorpus.Text, entries);
        Split(SqlDialect.TSql, TSqlCorpus.Text, entries);
        Split(SqlDialect.Sqlite, SqliteCorpus.Text, entries);
        return entries;
    }

    private static void Split(SqlDialect dialect, string text, List<SqlCorpusEntry> entries)
    {
        StatementKind? kind = null;
        var body = new List<string>();
        var number = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("-- @", StringComparison.Ordinal))
            {
                Flush();
                kind = Enum.Parse<StatementKind>(line[4..].Trim());
            }
            else
            {
                body.Add(line);
            }
        }

        Flush();

        void Flush()
        {
            if (kind is { } k)
            {
                entries.Add(new SqlCorpusEntry(dialect, ++number, k, string.Join("\n", body).Trim()));
            }

            body.Clear();
        }
    }
}
