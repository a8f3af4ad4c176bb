using System.Globalization;
using Appliance.Core.Sql;

namespace Appliance.Core.Schema.Migration;

/// <summary>What one statement of a column alteration changes, so the planner can attach the right warning.</summary>
[Flags]
internal enum ColumnAspect
{
    None = 0,
    Type = 1,
    Nullability = 2,
    Default = 4,
    Identity = 8,
    Generation = 16,
    Collation = 32,
    Comment = 64,
    /// <summary>The column is dropped and added again (a generated column whose expression changed).</summary>
    Recreate = 128,
}

/// <summary>One statement of a column alteration; <see cref="Unsupported"/> is a reason when the dialect cannot express it.</summary>
internal sealed record ColumnStatement(string Sql, ColumnAspect Aspects, string? Unsupported = null);

/// <summary>A column present in both schemas whose definition changed, with the aspects that differ.</summary>
internal sealed record ColumnAlteration(Table Table, Column Old, Column New, ColumnAspect Aspects)
{
    public bool Has(ColumnAspect aspect) => (Aspects & aspect) != 0;
}

/// <summary>
/// The statements of one dialect. Names are always quoted (hostile names stay harmless); types, defaults, checks and view
/// bodies are the engine's own text. A method returning null means the dialect cannot express the change.
/// </summary>
internal abstract class MigrationDdl
{
    public static MigrationDdl For(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Postgres => new PostgresDdl(),
        SqlDialect.MySql => new MySqlDdl(),
        SqlDialect.TSql => new TSqlDdl(),
        _ => throw new NotSupportedException("No migration DDL for SQLite: its ALTER TABLE cannot express most changes; use the postgres, mysql or tsql dialect."),
    };

    public abstract SqlDialect Dialect { get; }

    /// <summary>The engine's name in messages: "PostgreSQL", "MySQL/MariaDB", "SQL Server".</summary>
    public abstract string EngineName { get; }

    public string Quote(string name) => SqlKeywords.Quote(name, Dialect);

    public string Qualified(string schema, string name) => Quote(schema) + "." + Quote(name);

    public string Qualified(Table table) => Qualified(table.Schema, table.Name);

    public string Qualified(View view) => Qualified(view.Schema, view.Name);

    public string Names(IEnumerable<string> names) => string.Join(", ", names.Select(Quote));

    public virtual string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    protected static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    // ---- Namespaces ----

    public abstract string CreateSchema(string name);

    public abstract string DropSchema(string name);

    public virtual IEnumerable<string> CommentOnSchema(string name, string? oldComment, string? newComment) => [];

    // ---- Enums, domains, sequences ----

    public virtual string? CreateEnum(EnumType type) => null;

    /// <summary>Adds a value before <paramref name="before"/> (or at the end when null).</summary>
    public virtual string? AddEnumValue(EnumType type, string value, string? before) => null;

    public virtual string? DropEnum(EnumType type) => null;

    public virtual IEnumerable<string> CommentOnType(string keyword, string schema, string name, string? oldComment, string? newComment) => [];

    public virtual IReadOnlyList<string>? CreateDomain(DomainType domain) => null;

    /// <summary>Statements for a domain whose default, nullability or checks changed; null when the dialect cannot alter domains.</summary>
    public virtual IReadOnlyList<string>? AlterDomain(DomainType old, DomainType @new) => null;

    public virtual string? DropDomain(DomainType domain) => null;

    public abstract string CreateSequence(Sequence sequence);

    /// <summary>Statements for changed sequence options; null when the dialect cannot alter them.</summary>
    public abstract IReadOnlyList<string>? AlterSequence(Sequence old, Sequence @new);

    public abstract string DropSequence(Sequence sequence, bool ifExists);

    /// <summary>PostgreSQL's OWNED BY; null elsewhere (nothing to do).</summary>
    public virtual string? SetSequenceOwner(Sequence sequence, Table? table, string? column) => null;

    // ---- Tables and columns ----

    public abstract string ColumnDefinition(Column column, Table table);

    public virtual string CreateTable(Table table)
    {
        var lines = table.Columns.Select(c => "    " + ColumnDefinition(c, table)).ToList();
        if (table.PrimaryKey is { } primaryKey)
        {
            lines.Add("    " + PrimaryKeyClause(table, primaryKey));
        }

        lines.AddRange(table.UniqueConstraints.Select(u => "    " + UniqueClause(u)));
        lines.AddRange(table.CheckConstraints.Select(c => "    " + CheckClause(c)));
        return $"CREATE TABLE {Qualified(table)} (\n{string.Join(",\n", lines)}\n){TableOptions(table)}";
    }

    protected virtual string TableOptions(Table table) => "";

    public string DropTable(Table table) => $"DROP TABLE {Qualified(table)}";

    public abstract IReadOnlyList<string> RenameTable(Table old, Table @new);

    public virtual string AddColumn(Table table, Column column) => $"ALTER TABLE {Qualified(table)} ADD COLUMN {ColumnDefinition(column, table)}";

    public virtual IReadOnlyList<string> DropColumn(Table table, Column column) => [$"ALTER TABLE {Qualified(table)} DROP COLUMN {Quote(column.Name)}"];

    public abstract string RenameColumn(Table table, string oldName, string newName);

    public abstract IReadOnlyList<ColumnStatement> AlterColumn(ColumnAlteration alteration);

    public virtual IEnumerable<string> CommentOnTable(Table table, string? oldComment, string? newComment) => [];

    public virtual IEnumerable<string> CommentOnColumn(Table table, Column column, string? oldComment, string? newComment) => [];

    // ---- Keys, checks, indexes ----

    protected virtual string PrimaryKeyClause(Table table, KeyConstraint key) =>
        (key.Name is null ? "" : $"CONSTRAINT {Quote(key.Name)} ") + $"PRIMARY KEY ({Names(key.Columns)})";

    protected virtual string UniqueClause(KeyConstraint key) =>
        (key.Name is null ? "" : $"CONSTRAINT {Quote(key.Name)} ") + $"UNIQUE ({Names(key.Columns)})";

    protected string CheckClause(CheckConstraint check) =>
        (check.Name is null ? "" : $"CONSTRAINT {Quote(check.Name)} ") + $"CHECK ({check.Expression})";

    public string AddPrimaryKey(Table table, KeyConstraint key) => $"ALTER TABLE {Qualified(table)} ADD {PrimaryKeyClause(table, key)}";

    public string AddUnique(Table table, KeyConstraint key) => $"ALTER TABLE {Qualified(table)} ADD {UniqueClause(key)}";

    public string AddCheck(Table table, CheckConstraint check) => $"ALTER TABLE {Qualified(table)} ADD {CheckClause(check)}";

    public string AddForeignKey(Table table, ForeignKey key) =>
        $"ALTER TABLE {Qualified(table)} ADD " + (key.Name is null ? "" : $"CONSTRAINT {Quote(key.Name)} ")
        + $"FOREIGN KEY ({Names(key.Columns)}) REFERENCES {Qualified(key.ReferencedSchema, key.ReferencedTable)} ({Names(key.ReferencedColumns)})"
        + Action("DELETE", key.OnDelete) + Action("UPDATE", key.OnUpdate);

    protected virtual string Action(string on, ReferentialAction action) => action switch
    {
        ReferentialAction.Cascade => $" ON {on} CASCADE",
        ReferentialAction.SetNull => $" ON {on} SET NULL",
        ReferentialAction.SetDefault => $" ON {on} SET DEFAULT",
        ReferentialAction.Restrict => $" ON {on} RESTRICT",
        _ => "",
    };

    /// <summary>Drops a named constraint (primary key, unique, check, foreign key); null when it has no name to drop by.</summary>
    public virtual string? DropConstraint(Table table, string? name) =>
        name is null ? null : $"ALTER TABLE {Qualified(table)} DROP CONSTRAINT {Quote(name)}";

    public virtual string? DropPrimaryKey(Table table, KeyConstraint key) => DropConstraint(table, key.Name);

    public virtual string? DropUnique(Table table, KeyConstraint key) => DropConstraint(table, key.Name);

    public virtual string? DropForeignKey(Table table, ForeignKey key) => DropConstraint(table, key.Name);

    /// <summary>Renames a primary key, unique, check or foreign key; null when the dialect cannot (it is dropped and added instead).</summary>
    public virtual string? RenameConstraint(Table table, string oldName, string newName) => null;

    /// <summary>CREATE INDEX; a reason instead when the dialect cannot build this index.</summary>
    public abstract (string? Sql, string? Unsupported) CreateIndex(Table table, TableIndex index);

    public abstract string DropIndex(Table table, TableIndex index);

    public abstract string RenameIndex(Table table, string oldName, string newName);

    protected string IndexKeys(TableIndex index) =>
        string.Join(", ", index.Columns.Select(c => (c.IsExpression ? $"({c.Name})" : Quote(c.Name)) + (c.Descending ? " DESC" : "")));

    // ---- Views ----

    /// <summary>CREATE VIEW from the stored definition; a reason instead when it cannot be recreated.</summary>
    public abstract (string? Sql, string? Unsupported) CreateView(View view);

    public abstract string DropView(View view);

    public virtual IEnumerable<string> CommentOnView(View view, string? oldComment, string? newComment) => [];

    /// <summary>The view body without a trailing semicolon (PostgreSQL's pg_get_viewdef ends with one).</summary>
    protected static string Body(string definition) => definition.Trim().TrimEnd(';').TrimEnd();
}
