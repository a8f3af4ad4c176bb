using System.Globalization;
using System.Text;
using Appliance.Core.Schema;
using Appliance.Core.Sql;

namespace Appliance.Core.Query.Indexes;

/// <summary>Index names and CREATE INDEX text per dialect.</summary>
internal static class IndexDdl
{
    /// <summary>Whether the dialect can carry non-key columns in an index (INCLUDE).</summary>
    public static bool SupportsInclude(SqlDialect dialect, DatabaseSchema schema) => dialect switch
    {
        SqlDialect.TSql => true,
        SqlDialect.Postgres => MajorVersion(schema.ServerVersion) is not { } major || major >= 11,
        _ => false,
    };

    /// <summary>The longest identifier the engine keeps: PostgreSQL 63 bytes, MySQL 64 characters, SQL Server 128.</summary>
    public static int MaxIdentifierLength(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Postgres => 63,
        SqlDialect.MySql => 64,
        _ => 128,
    };

    /// <summary>
    /// <c>ix_&lt;table&gt;_&lt;columns&gt;</c>: lower-case letters, digits and underscores only, so it never needs quoting,
    /// shortened with a hash suffix when too long, and numbered when an index of that name exists already.
    /// </summary>
    public static string Name(Table table, IReadOnlyList<IndexKeyColumn> keys, SqlDialect dialect, ISet<string> taken)
    {
        var raw = "ix_" + table.Name + "_" + string.Join("_", keys.Select(k => k.Name));
        var name = Sanitize(raw);
        var max = MaxIdentifierLength(dialect);
        if (name.Length > max)
        {
            var hash = Fnv(raw).ToString("x8", CultureInfo.InvariantCulture);
            name = name[..(max - 9)].TrimEnd('_') + "_" + hash;
        }

        // A name that reads as a keyword would need quotes; a suffix keeps every generated name bare.
        if (SqlKeywords.NeedsQuoting(name, dialect))
        {
            name = name[..Math.Min(name.Length, max - 4)] + "_idx";
        }

        var candidate = name;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            var suffix = "_" + n.ToString(CultureInfo.InvariantCulture);
            candidate = name[..Math.Min(name.Length, max - suffix.Length)] + suffix;
        }

        taken.Add(candidate);
        return candidate;
    }

    public static string Create(Table table, string name, IReadOnlyList<IndexKeyColumn> keys, IReadOnlyList<string> include, SqlDialect dialect)
    {
        var text = new StringBuilder("CREATE INDEX ").Append(Identifier(name, dialect)).Append(" ON ");
        // SQLite puts the schema on the index name, not the table; its "main" is the default anyway.
        if (dialect != SqlDialect.Sqlite && !string.IsNullOrEmpty(table.Schema))
        {
            text.Append(Identifier(table.Schema, dialect)).Append('.');
        }

        text.Append(Identifier(table.Name, dialect)).Append(" (");
        text.AppendJoin(", ", keys.Select(k => (k.IsExpression ? "(" + k.Name + ")" : Identifier(k.Name, dialect)) + (k.Descending ? " DESC" : "")));
        text.Append(')');
        if (include.Count > 0)
        {
            text.Append(" INCLUDE (").AppendJoin(", ", include.Select(c => Identifier(c, dialect))).Append(')');
        }

        return text.Append(';').ToString();
    }

    public static string Identifier(string name, SqlDialect dialect) =>
        SqlKeywords.NeedsQuoting(name, dialect) ? SqlKeywords.Quote(name, dialect) : name;

    private static string Sanitize(string raw)
    {
        var text = new StringBuilder(raw.Length);
        foreach (var c in raw.ToLowerInvariant())
        {
            var keep = c is >= 'a' and <= 'z' or >= '0' and <= '9';
            if (keep)
            {
                text.Append(c);
            }
            else if (text.Length > 0 && text[^1] != '_')
            {
                text.Append('_');
            }
        }

        return text.ToString().TrimEnd('_');
    }

    private static uint Fnv(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    private static int? MajorVersion(string? version)
    {
        if (version is null)
        {
            return null;
        }

        var digits = new string(version.SkipWhile(c => !char.IsAsciiDigit(c)).TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : null;
    }
}
