using System.Text.RegularExpressions;
using Appliance.Core.Sql;

namespace Appliance.Core.Schema.Migration;

/// <summary>
/// MySQL / MariaDB DDL: a schema is a database, a column is changed with one MODIFY of its whole definition (comment
/// included), a unique constraint is a unique index. Needs MySQL 8.0 or MariaDB 10.5 (RENAME COLUMN, DROP CONSTRAINT).
/// </summary>
internal sealed partial class MySqlDdl : MigrationDdl
{
    public override SqlDialect Dialect => SqlDialect.MySql;

    public override string EngineName => "MySQL/MariaDB";

    // Backslash is an escape character in MySQL string literals (unless NO_BACKSLASH_ESCAPES).
    public override string Literal(string text) =>
        "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    public override string CreateSchema(string name) => $"CREATE DATABASE {Quote(name)}";

    public override string DropSchema(string name) => $"DROP DATABASE {Quote(name)}";

    // MariaDB sequences (10.3+); the catalog gives only their names, so only the options that were read are written.
    public override string CreateSequence(Sequence sequence) =>
        $"CREATE SEQUENCE {Qualified(sequence.Schema, sequence.Name)}"
        + (sequence.Increment is { } increment ? $" INCREMENT BY {Number(increment)}" : "")
        + (sequence.MinValue is { } min ? $" MINVALUE {Number(min)}" : "")
        + (sequence.MaxValue is { } max ? $" MAXVALUE {Number(max)}" : "")
        + (sequence.StartValue is { } start ? $" START WITH {Number(start)}" : "")
        + (sequence.Cycles ? " CYCLE" : "");

    public override IReadOnlyList<string> AlterSequence(Sequence old, Sequence @new)
    {
        var options = new List<string>();
        if (old.Increment != @new.Increment && @new.Increment is { } increment)
        {
            options.Add($"INCREMENT BY {Number(increment)}");
        }

        if (old.MinValue != @new.MinValue && @new.MinValue is { } min)
        {
            options.Add($"MINVALUE {Number(min)}");
        }

        if (old.MaxValue != @new.MaxValue && @new.MaxValue is { } max)
        {
            options.Add($"MAXVALUE {Number(max)}");
        }

        if (old.StartValue != @new.StartValue && @new.StartValue is { } start)
        {
            options.Add($"START WITH {Number(start)}");
        }

        if (old.Cycles != @new.Cycles)
        {
            options.Add(@new.Cycles ? "CYCLE" : "NOCYCLE");
        }

        return options.Count == 0 ? [] : [$"ALTER SEQUENCE {Qualified(@new.Schema, @new.Name)} {string.Join(" ", options)}"];
    }

    public override string DropSequence(Sequence sequence, bool ifExists) =>
        $"DROP SEQUENCE {(ifExists ? "IF EXISTS " : "")}{Qualified(sequence.Schema, sequence.Name)}";

    public override string ColumnDefinition(Column column, Table table)
    {
        var text = $"{Quote(column.Name)} {column.DataType}";
        if (column.Collation is not null)
        {
            text += $" COLLATE {Collation(column.Collation)}";
        }

        if (column.GenerationExpression is not null)
        {
            // A generated column takes no NULL / NOT NULL in MariaDB; its nullability follows the expression.
            text += $" GENERATED ALWAYS AS ({column.GenerationExpression}) {(column.IsGeneratedStored ? "STORED" : "VIRTUAL")}";
        }
        else
        {
            text += column.IsNullable ? " NULL" : " NOT NULL";
            if (column.Default is not null)
            {
                text += $" DEFAULT {Default(column.Default)}";
            }

            if (column.Identity != IdentityKind.None)
            {
                text += " AUTO_INCREMENT";
            }
        }

        return column.Comment is null ? text : text + $" COMMENT {Literal(column.Comment)}";
    }

    /// <summary>Literals and bare function calls as they are; any other expression in parentheses (MySQL 8.0.13+, MariaDB 10.2+).</summary>
    private static string Default(string expression) =>
        PlainDefault().IsMatch(expression) ? expression : $"({expression})";

    private string Collation(string name) => CollationName().IsMatch(name) ? name : Quote(name);

    [GeneratedRegex(@"^(?:'(?:[^']|'')*'|[bBxX]'[0-9A-Fa-f]*'|0x[0-9A-Fa-f]+|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|NULL|[A-Za-z_][A-Za-z0-9_]*(?:\(\d*\))?)$", RegexOptions.IgnoreCase)]
    private static partial Regex PlainDefault();

    [GeneratedRegex("^[A-Za-z0-9_]+$")]
    private static partial Regex CollationName();

    protected override string TableOptions(Table table) => table.Comment is null ? "" : $" COMMENT = {Literal(table.Comment)}";

    protected override string PrimaryKeyClause(Table table, KeyConstraint key) => $"PRIMARY KEY ({Names(key.Columns)})";

    // In MySQL a unique constraint is a unique index: name it as an index so both engines keep the name.
    protected override string UniqueClause(KeyConstraint key) =>
        "UNIQUE KEY " + (key.Name is null ? "" : Quote(key.Name) + " ") + $"({Names(key.Columns)})";

    public override IReadOnlyList<string> RenameTable(Table old, Table @new) => [$"RENAME TABLE {Qualified(old)} TO {Qualified(@new)}"];

    public override string RenameColumn(Table table, string oldName, string newName) =>
        $"ALTER TABLE {Qualified(table)} RENAME COLUMN {Quote(oldName)} TO {Quote(newName)}";

    public override IReadOnlyList<ColumnStatement> AlterColumn(ColumnAlteration alteration) =>
        [new($"ALTER TABLE {Qualified(alteration.Table)} MODIFY COLUMN {ColumnDefinition(alteration.New, alteration.Table)}", alteration.Aspects)];

    public override IEnumerable<string> CommentOnTable(Table table, string? oldComment, string? newComment) =>
        [$"ALTER TABLE {Qualified(table)} COMMENT = {Literal(newComment ?? "")}"];

    public override string? DropPrimaryKey(Table table, KeyConstraint key) => $"ALTER TABLE {Qualified(table)} DROP PRIMARY KEY";

    public override string? DropUnique(Table table, KeyConstraint key) =>
        key.Name is null ? null : $"ALTER TABLE {Qualified(table)} DROP INDEX {Quote(key.Name)}";

    public override string? DropForeignKey(Table table, ForeignKey key) =>
        key.Name is null ? null : $"ALTER TABLE {Qualified(table)} DROP FOREIGN KEY {Quote(key.Name)}";

    public override (string? Sql, string? Unsupported) CreateIndex(Table table, TableIndex index)
    {
        if (index.Filter is not null)
        {
            return (null, $"{EngineName} has no partial indexes (WHERE {index.Filter})");
        }

        if (index.IncludedColumns.Count > 0)
        {
            return (null, $"{EngineName} has no INCLUDE columns ({string.Join(", ", index.IncludedColumns)})");
        }

        var kind = index.Method?.ToLowerInvariant() switch
        {
            "fulltext" => "FULLTEXT ",
            "spatial" => "SPATIAL ",
            _ => index.IsUnique ? "UNIQUE " : "",
        };
        var method = string.Equals(index.Method, "hash", StringComparison.OrdinalIgnoreCase) ? " USING HASH" : "";
        return ($"CREATE {kind}INDEX {Quote(index.Name)}{method} ON {Qualified(table)} ({IndexKeys(index)})", null);
    }

    public override string DropIndex(Table table, TableIndex index) => $"DROP INDEX {Quote(index.Name)} ON {Qualified(table)}";

    public override string RenameIndex(Table table, string oldName, string newName) =>
        $"ALTER TABLE {Qualified(table)} RENAME INDEX {Quote(oldName)} TO {Quote(newName)}";

    public override (string? Sql, string? Unsupported) CreateView(View view)
    {
        if (view.IsMaterialized)
        {
            return (null, $"{EngineName} has no materialized views");
        }

        return view.Definition is null ? (null, "its definition was not read") : ($"CREATE VIEW {Qualified(view)} AS\n{Body(view.Definition)}", null);
    }

    public override string DropView(View view) => $"DROP VIEW {Qualified(view)}";
}
