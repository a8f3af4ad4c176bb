using System.Globalization;
using Appliance.Core.Schema.Diff;

namespace Appliance.Core.Schema.Migration;

/// <summary>The plain-English warnings of destructive steps: what data a statement may lose.</summary>
internal static class DataLoss
{
    /// <summary>Integer types from narrowest to widest; any of them fits in a wider one and in numeric / floating types.</summary>
    private static readonly string[] Integers = ["tinyint", "smallint", "mediumint", "integer", "bigint"];

    private static readonly HashSet<string> Exact = new(StringComparer.Ordinal) { "numeric", "double precision" };

    private static readonly HashSet<string> Texts = new(StringComparer.Ordinal) { "text", "mediumtext", "longtext", "citext", "ntext" };

    private static readonly HashSet<string> Strings = new(StringComparer.Ordinal) { "char", "varchar", "nchar", "nvarchar", "tinytext", "text", "mediumtext", "longtext", "citext", "ntext" };

    private static readonly HashSet<string> Timestamps = new(StringComparer.Ordinal) { "timestamp", "timestamptz", "datetime", "datetime2", "datetimeoffset" };

    public static string Path(string schema, string table, string column) => $"{schema}.{table}.{column}";

    public static string DropTable(Table table)
    {
        var columns = table.Columns.Count == 1 ? "1 column" : $"{table.Columns.Count.ToString(CultureInfo.InvariantCulture)} columns";
        var rows = table.RowEstimate is > 0 ? string.Create(CultureInfo.InvariantCulture, $" (about {table.RowEstimate:N0} by the last statistics)") : "";
        return $"drops table {table.QualifiedName} and its {columns}: all its rows are lost{rows}";
    }

    public static string DropColumn(Table table, Column column) =>
        $"drops column {Path(table.Schema, table.Name, column.Name)} ({column.DataType}): its value in every row is lost";

    public static string DropView(View view) => view.IsMaterialized
        ? $"drops materialized view {view.QualifiedName}: its stored rows are lost and whatever queries it stops working"
        : $"drops view {view.QualifiedName}: queries, reports and grants that use it stop working";

    public static string NotNull(string path) =>
        $"makes {path} NOT NULL: the statement fails while any row holds NULL there (fill those rows first)";

    public static string ComputedReplacesValues(string path) =>
        $"replaces the stored values of {path} with its computed expression: the current values are lost";

    /// <summary>Null when the new type holds every value of the old one (a wider integer, a longer string…).</summary>
    public static string? TypeChange(string path, Column old, Column @new)
    {
        var oldBase = SchemaSpelling.BaseTypeOf(old);
        var newBase = SchemaSpelling.BaseTypeOf(@new);
        var change = $"changes {path} from {old.DataType} to {@new.DataType}";
        if (oldBase == newBase)
        {
            if (oldBase is "enum" or "set")
            {
                var lost = ListedValues(old.DataType).Except(ListedValues(@new.DataType), StringComparer.Ordinal).ToList();
                return lost.Count == 0 ? null : $"{change}: rows holding {string.Join(", ", lost)} fail the statement or lose the value";
            }

            return Narrower(old.MaxLength, @new.MaxLength) || Narrower(old.Precision, @new.Precision) || Narrower(old.Scale, @new.Scale)
                ? $"{change}: values that no longer fit are cut or make the statement fail"
                : null;
        }

        return Widens(oldBase, newBase, old.MaxLength, @new.MaxLength)
            ? null
            : $"{change}: values that do not convert are lost or make the statement fail";
    }

    /// <summary>A limit that got smaller; no limit (null, or SQL Server's -1 for max) is the largest.</summary>
    private static bool Narrower(int? old, int? @new)
    {
        var before = old is null or < 0 ? int.MaxValue : old.Value;
        var after = @new is null or < 0 ? int.MaxValue : @new.Value;
        return after < before;
    }

    private static bool Widens(string oldBase, string newBase, int? oldLength, int? newLength)
    {
        var oldInteger = Array.IndexOf(Integers, oldBase);
        if (oldInteger >= 0)
        {
            var newInteger = Array.IndexOf(Integers, newBase);
            return newInteger > oldInteger || Exact.Contains(newBase);
        }

        if (oldBase == "real")
        {
            return newBase == "double precision";
        }

        if (Strings.Contains(oldBase))
        {
            return Texts.Contains(newBase) || (Strings.Contains(newBase) && !Narrower(oldLength, newLength));
        }

        return oldBase == "date" && Timestamps.Contains(newBase);
    }

    /// <summary>The quoted values of an enum('a','b') / set(…) type.</summary>
    private static List<string> ListedValues(string dataType)
    {
        var values = new List<string>();
        var i = dataType.IndexOf('(', StringComparison.Ordinal);
        while (i >= 0 && i < dataType.Length)
        {
            var start = dataType.IndexOf('\'', i);
            if (start < 0)
            {
                break;
            }

            var value = new System.Text.StringBuilder();
            var j = start + 1;
            for (; j < dataType.Length; j++)
            {
                if (dataType[j] == '\'')
                {
                    if (j + 1 < dataType.Length && dataType[j + 1] == '\'')
                    {
                        value.Append('\'');
                        j++;
                        continue;
                    }

                    break;
                }

                value.Append(dataType[j]);
            }

            values.Add(value.ToString());
            i = j + 1;
        }

        return values;
    }
}
