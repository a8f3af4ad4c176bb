using System.Text;

namespace Appliance.Core.Schema.Diff;

/// <summary>
/// Normalises the spellings engines (and their catalogs) use interchangeably, so that "int4" and "integer" or
/// "character varying(40)" and "varchar(40)" are not reported as changes.
/// </summary>
internal static class SchemaSpelling
{
    private static readonly Dictionary<string, string> TypeAliases = new(StringComparer.Ordinal)
    {
        ["int"] = "integer", ["int4"] = "integer", ["integer"] = "integer",
        ["int8"] = "bigint", ["bigint"] = "bigint",
        ["int2"] = "smallint", ["smallint"] = "smallint",
        ["character varying"] = "varchar", ["varchar"] = "varchar",
        ["character"] = "char", ["char"] = "char", ["bpchar"] = "char",
        ["bool"] = "boolean", ["boolean"] = "boolean",
        ["float8"] = "double precision", ["double precision"] = "double precision", ["double"] = "double precision",
        ["float4"] = "real", ["real"] = "real",
        ["decimal"] = "numeric", ["numeric"] = "numeric",
        ["timestamptz"] = "timestamptz", ["timestamp with time zone"] = "timestamptz",
        ["timestamp without time zone"] = "timestamp", ["timestamp"] = "timestamp",
        ["timetz"] = "timetz", ["time with time zone"] = "timetz",
        ["time without time zone"] = "time", ["time"] = "time",
    };

    /// <summary>The full type (with modifiers) in one canonical spelling.</summary>
    public static string Type(string dataType)
    {
        var collapsed = Whitespace(dataType).ToLowerInvariant().Replace(" (", "(", StringComparison.Ordinal).Replace(", ", ",", StringComparison.Ordinal);
        // PostgreSQL puts the modifier inside multi-word names: "timestamp(3) with time zone".
        var open = collapsed.IndexOf('(', StringComparison.Ordinal);
        var close = collapsed.IndexOf(')', StringComparison.Ordinal);
        string baseName, modifiers;
        if (open >= 0 && close > open)
        {
            baseName = (collapsed[..open] + collapsed[(close + 1)..]).Trim();
            modifiers = collapsed[open..(close + 1)];
        }
        else
        {
            baseName = collapsed;
            modifiers = "";
        }

        return BaseType(baseName) + modifiers;
    }

    /// <summary>The type name without modifiers in one canonical spelling.</summary>
    public static string BaseType(string baseName)
    {
        var lower = Whitespace(baseName).ToLowerInvariant();
        var paren = lower.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0)
        {
            var close = lower.IndexOf(')', paren);
            lower = (lower[..paren] + (close >= 0 ? lower[(close + 1)..] : "")).Trim();
        }

        return TypeAliases.TryGetValue(lower, out var canonical) ? canonical : lower;
    }

    public static string BaseTypeOf(Column column) => BaseType(column.BaseType ?? column.DataType);

    /// <summary>Expressions (defaults, checks, view bodies) compare with runs of whitespace collapsed; null and blank are the same.</summary>
    public static string Expression(string? expression) => expression is null ? "" : Whitespace(expression);

    private static string Whitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(ch);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Names the engine made up (PostgreSQL "orders_pkey", MySQL "orders_ibfk_1", SQL Server "PK__orders__3213E83F",
    /// SQLite "sqlite_autoindex_…"): a difference in these alone is not a change the user made.
    /// </summary>
    public static bool IsEngineGeneratedName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return true;
        }

        if (name.StartsWith("sqlite_autoindex_", StringComparison.Ordinal)
            || name.StartsWith("PK__", StringComparison.Ordinal) || name.StartsWith("FK__", StringComparison.Ordinal)
            || name.StartsWith("UQ__", StringComparison.Ordinal) || name.StartsWith("CK__", StringComparison.Ordinal)
            || name.StartsWith("DF__", StringComparison.Ordinal))
        {
            return true;
        }

        var ibfk = name.LastIndexOf("_ibfk_", StringComparison.Ordinal);
        if (ibfk > 0 && name[(ibfk + 6)..].All(char.IsAsciiDigit) && name.Length > ibfk + 6)
        {
            return true;
        }

        return name.EndsWith("_pkey", StringComparison.Ordinal) || name.EndsWith("_fkey", StringComparison.Ordinal)
            || name.EndsWith("_key", StringComparison.Ordinal) || name.EndsWith("_check", StringComparison.Ordinal)
            || name.EndsWith("_excl", StringComparison.Ordinal);
    }

    /// <summary>Dice coefficient of character bigrams, 0–1, case-insensitive: how alike two names look.</summary>
    public static double NameSimilarity(string left, string right)
    {
        var a = left.ToLowerInvariant();
        var b = right.ToLowerInvariant();
        if (a == b)
        {
            return 1;
        }

        if (a.Length < 2 || b.Length < 2)
        {
            return 0;
        }

        var bigrams = new Dictionary<(char, char), int>();
        for (var i = 0; i < a.Length - 1; i++)
        {
            var key = (a[i], a[i + 1]);
            bigrams[key] = bigrams.GetValueOrDefault(key) + 1;
        }

        var common = 0;
        for (var i = 0; i < b.Length - 1; i++)
        {
            var key = (b[i], b[i + 1]);
            if (bigrams.TryGetValue(key, out var count) && count > 0)
            {
                bigrams[key] = count - 1;
                common++;
            }
        }

        return 2.0 * common / (a.Length - 1 + b.Length - 1);
    }
}
