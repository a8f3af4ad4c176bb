using Appliance.Core.Schema.Diff;
using Appliance.Core.Sql;

namespace Appliance.Core.Schema.Migration;

/// <summary>One DDL statement of a migration; a destructive step (data may be lost) carries a warning saying what is lost.</summary>
public sealed record MigrationStep(string Sql, string Description, bool IsDestructive = false, string? Warning = null)
{
    /// <summary>
    /// A step the dialect cannot express: its <see cref="Sql"/> is only a comment (with the reason), and the change has
    /// to be made by hand. Runners skip it.
    /// </summary>
    public bool IsCommentOnly => Sql.StartsWith("--", StringComparison.Ordinal);
}

/// <summary>The DDL that turns the old schema into the new one, in a safe order.</summary>
public sealed record MigrationScript(SqlDialect Dialect, IReadOnlyList<MigrationStep> Steps)
{
    public IEnumerable<MigrationStep> Warnings => Steps.Where(s => s.Warning is not null);

    public bool IsEmpty => Steps.Count == 0;

    /// <summary>The script as text: each statement terminated, each destructive step preceded by a comment with its warning.</summary>
    public string ToSql() => string.Join("\n", Steps.Select(s => (s.Warning is null ? "" : $"-- WARNING: {s.Warning}\n") + s.Sql + (s.IsCommentOnly ? "" : ";")))
        + (Steps.Count > 0 ? "\n" : "");
}

/// <summary>
/// Migration DDL for a diff in PostgreSQL, MySQL/MariaDB or SQL Server: foreign keys dropped before what they reference,
/// parents created before children, destructive steps flagged.
/// </summary>
public static class MigrationPlanner
{
    /// <summary>
    /// The statements that turn <paramref name="old"/> into <paramref name="new"/>, given their
    /// <paramref name="difference"/> (from <see cref="SchemaDiff.Compare"/>). Types, defaults, checks and view bodies are
    /// written as the engine of the schemas spelled them, so the dialect should be that engine's.
    /// </summary>
    /// <exception cref="NotSupportedException">For SQLite, whose ALTER TABLE cannot express most changes.</exception>
    public static MigrationScript Plan(DatabaseSchema old, DatabaseSchema @new, SchemaDifference difference, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        ArgumentNullException.ThrowIfNull(difference);
        var ddl = MigrationDdl.For(dialect);
        return new MigrationScript(dialect, new MigrationBuilder(old, @new, difference, ddl).Build());
    }
}
