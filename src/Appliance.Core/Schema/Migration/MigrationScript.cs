using Appliance.Core.Schema.Diff;
using Appliance.Core.Sql;

namespace Appliance.Core.Schema.Migration;

/// <summary>One DDL statement of a migration; a destructive step (data may be lost) carries a warning saying what is lost.</summary>
public sealed record MigrationStep(string Sql, string Description, bool IsDestructive = false, string? Warning = null);

/// <summary>The DDL that turns the old schema into the new one, in a safe order.</summary>
public sealed record MigrationScript(SqlDialect Dialect, IReadOnlyList<MigrationStep> Steps)
{
    public IEnumerable<MigrationStep> Warnings => Steps.Where(s => s.Warning is not null);

    /// <summary>The script as text: each statement terminated, each destructive step preceded by a comment with its warning.</summary>
    public string ToSql() => string.Join("\n", Steps.Select(s => (s.Warning is null ? "" : $"-- WARNING: {s.Warning}\n") + s.Sql + ";")) + (Steps.Count > 0 ? "\n" : "");
}

/// <summary>
/// Migration DDL for a diff in PostgreSQL, MySQL/MariaDB or SQL Server: foreign keys dropped before what they reference,
/// parents created before children, destructive steps flagged.
/// </summary>
public static class MigrationPlanner
{
    public static MigrationScript Plan(DatabaseSchema old, DatabaseSchema @new, SchemaDifference difference, SqlDialect dialect)
    {
        // Placeholder until the generator lands (issue 5 work in progress).
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        ArgumentNullException.ThrowIfNull(difference);
        return new MigrationScript(dialect, []);
    }
}
