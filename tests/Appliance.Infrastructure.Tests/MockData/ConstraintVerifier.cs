using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Appliance.Core.MockData.Output;
using Appliance.Core.Schema;
using Appliance.Core.Sql;

namespace Appliance.Infrastructure.Tests.MockData;

/// <summary>
/// Verification queries generated from an ingested schema, so that they cover every declared rule: one anti-join per
/// foreign key, one GROUP BY … HAVING count(*) &gt; 1 per primary key, unique constraint and unique index, and one count of
/// violating rows per CHECK (table and domain checks). Each query counts violations; all must return 0.
/// </summary>
internal static partial class ConstraintVerifier
{
    public sealed record Check(string What, string Sql);

    public static IReadOnlyList<Check> Queries(DatabaseSchema schema, SqlDialect dialect, IEnumerable<Table>? tables = null)
    {
        var checks = new List<Check>();
        foreach (var table in tables ?? schema.Tables)
        {
            var name = MockSqlWriter.QualifiedName(table, dialect);
            foreach (var fk in table.ForeignKeys)
            {
                var parent = schema.FindTable(fk.ReferencedSchema, fk.ReferencedTable)!;
                var notNull = string.Join(" AND ", fk.Columns.Select(c => $"c.{Q(c, dialect)} IS NOT NULL"));
                var match = string.Join(" AND ", fk.Columns.Zip(fk.ReferencedColumns, (c, p) => $"p.{Q(p, dialect)} = c.{Q(c, dialect)}"));
                checks.Add(new Check($"foreign key {fk.Name} of {table.QualifiedName}",
                    $"SELECT count(*) FROM {name} c WHERE {notNull} AND NOT EXISTS (SELECT 1 FROM {MockSqlWriter.QualifiedName(parent, dialect)} p WHERE {match})"));
            }

            var keys = new List<(string What, IReadOnlyList<string> Expressions, string? Filter)>();
            if (table.PrimaryKey is { } primary)
            {
                keys.Add(($"primary key of {table.QualifiedName}", primary.Columns.Select(c => Q(c, dialect)).ToList(), null));
            }

            keys.AddRange(table.UniqueConstraints.Select(u => ($"unique {u.Name} of {table.QualifiedName}", (IReadOnlyList<string>)u.Columns.Select(c => Q(c, dialect)).ToList(), (string?)null)));
            keys.AddRange(table.Indexes.Where(i => i.IsUnique && !i.IsPrimaryKey).Select(i => ($"unique index {i.Name} of {table.QualifiedName}",
                (IReadOnlyList<string>)i.Columns.Select(c => c.IsExpression ? $"({c.Name})" : Q(c.Name, dialect)).ToList(), i.Filter)));
            foreach (var (what, expressions, filter) in keys)
            {
                // NULLs are distinct in unique keys; a partial index only covers the rows of its filter.
                var where = string.Join(" AND ", expressions.Select(e => $"{e} IS NOT NULL")) + (filter is null ? "" : $" AND ({filter})");
                checks.Add(new Check(what,
                    $"SELECT count(*) FROM (SELECT {string.Join(", ", expressions)} FROM {name} WHERE {where} GROUP BY {string.Join(", ", expressions)} HAVING count(*) > 1) duplicates"));
            }

            foreach (var check in table.CheckConstraints)
            {
                checks.Add(new Check($"check {check.Name} ({check.Expression}) of {table.QualifiedName}", $"SELECT count(*) FROM {name} WHERE NOT ({check.Expression})"));
            }

            foreach (var column in table.Columns)
            {
                var domain = schema.Domains.FirstOrDefault(d => column.DataType == d.Name || column.DataType == $"{d.Schema}.{d.Name}");
                foreach (var check in domain?.CheckConstraints ?? [])
                {
                    var expression = Value().Replace(check.Expression, Q(column.Name, dialect));
                    checks.Add(new Check($"domain check {check.Name} on {table.QualifiedName}.{column.Name}", $"SELECT count(*) FROM {name} WHERE NOT ({expression})"));
                }
            }
        }

        return checks;
    }

    /// <summary>Every rule that some row breaks, with the number of rows (or duplicate groups) breaking it; empty when all hold.</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(DbConnection connection, DatabaseSchema schema, SqlDialect dialect, IEnumerable<Table>? tables = null)
    {
        var violations = new List<string>();
        foreach (var check in Queries(schema, dialect, tables))
        {
            var count = await CountAsync(connection, check.Sql);
            if (count != 0)
            {
                violations.Add($"{check.What}: {count.ToString(CultureInfo.InvariantCulture)} (query: {check.Sql})");
            }
        }

        return violations;
    }

    public static async Task<long> CountAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public static Task<long> RowCountAsync(DbConnection connection, Table table, SqlDialect dialect) =>
        CountAsync(connection, $"SELECT count(*) FROM {MockSqlWriter.QualifiedName(table, dialect)}");

    private static string Q(string name, SqlDialect dialect) => SqlKeywords.Quote(name, dialect);

    [GeneratedRegex(@"\bVALUE\b")]
    private static partial Regex Value();
}
