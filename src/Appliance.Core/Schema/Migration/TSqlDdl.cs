using System.Globalization;
using Appliance.Core.Sql;

namespace Appliance.Core.Schema.Migration;

/// <summary>
/// SQL Server DDL: sp_rename for renames, defaults as (unnamed) default constraints found through the catalog,
/// comments as MS_Description extended properties, and CREATE VIEW / CREATE SCHEMA through EXEC so the whole script
/// runs as one batch (they must otherwise start a batch of their own).
/// </summary>
internal sealed class TSqlDdl : MigrationDdl
{
    /// <summary>Numbers the variables of catalog look-ups: a batch cannot declare the same variable twice.</summary>
    private int _variables;

    public override SqlDialect Dialect => SqlDialect.TSql;

    public override string EngineName => "SQL Server";

    public override string Literal(string text) => "N'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private string Exec(string statement) => $"EXEC({Literal(statement)})";

    public override string CreateSchema(string name) => Exec($"CREATE SCHEMA {Quote(name)}");

    public override string DropSchema(string name) => $"DROP SCHEMA {Quote(name)}";

    public override IEnumerable<string> CommentOnSchema(string name, string? oldComment, string? newComment) =>
        Description(oldComment, newComment, ("SCHEMA", name));

    public override IEnumerable<string> CommentOnType(string keyword, string schema, string name, string? oldComment, string? newComment) =>
        keyword == "DOMAIN" ? Description(oldComment, newComment, ("SCHEMA", schema), ("TYPE", name)) : [];

    /// <summary>An alias type is SQL Server's domain: base type and nullability, no default or check of its own.</summary>
    public override IReadOnlyList<string>? CreateDomain(DomainType domain) =>
        domain.Default is not null || domain.CheckConstraints.Count > 0
            ? null
            : [$"CREATE TYPE {Qualified(domain.Schema, domain.Name)} FROM {domain.BaseType}{(domain.IsNullable ? " NULL" : " NOT NULL")}"];

    public override string DropDomain(DomainType domain) => $"DROP TYPE {Qualified(domain.Schema, domain.Name)}";

    public override string CreateSequence(Sequence sequence) =>
        $"CREATE SEQUENCE {Qualified(sequence.Schema, sequence.Name)}"
        + (sequence.DataType is null ? "" : $" AS {sequence.DataType}")
        + (sequence.StartValue is { } start ? $" START WITH {Number(start)}" : "")
        + (sequence.Increment is { } increment ? $" INCREMENT BY {Number(increment)}" : "")
        + (sequence.MinValue is { } min ? $" MINVALUE {Number(min)}" : "")
        + (sequence.MaxValue is { } max ? $" MAXVALUE {Number(max)}" : "")
        + (sequence.Cycles ? " CYCLE" : " NO CYCLE");

    /// <summary>SQL Server cannot change a sequence's type or (without restarting it) its start value.</summary>
    public override IReadOnlyList<string>? AlterSequence(Sequence old, Sequence @new)
    {
        if (!string.Equals(old.DataType, @new.DataType, StringComparison.OrdinalIgnoreCase) || old.StartValue != @new.StartValue)
        {
            return null;
        }

        var options = new List<string>();
        if (old.Increment != @new.Increment && @new.Increment is { } increment)
        {
            options.Add($"INCREMENT BY {Number(increment)}");
        }

        if (old.MinValue != @new.MinValue)
        {
            options.Add(@new.MinValue is { } min ? $"MINVALUE {Number(min)}" : "NO MINVALUE");
        }

        if (old.MaxValue != @new.MaxValue)
        {
            options.Add(@new.MaxValue is { } max ? $"MAXVALUE {Number(max)}" : "NO MAXVALUE");
        }

        if (old.Cycles != @new.Cycles)
        {
            options.Add(@new.Cycles ? "CYCLE" : "NO CYCLE");
        }

        return options.Count == 0 ? [] : [$"ALTER SEQUENCE {Qualified(@new.Schema, @new.Name)} {string.Join(" ", options)}"];
    }

    public override string DropSequence(Sequence sequence, bool ifExists) =>
        $"DROP SEQUENCE {(ifExists ? "IF EXISTS " : "")}{Qualified(sequence.Schema, sequence.Name)}";

    public override string ColumnDefinition(Column column, Table table)
    {
        if (column.GenerationExpression is not null)
        {
            return $"{Quote(column.Name)} AS ({column.GenerationExpression}){(column.IsGeneratedStored ? " PERSISTED" : "")}";
        }

        return $"{Quote(column.Name)} {TypeAndNullability(column)}"
            + (column.Identity != IdentityKind.None ? " IDENTITY(1,1)" : "")
            + (column.Default is null ? "" : $" DEFAULT ({column.Default})");
    }

    /// <summary>ALTER COLUMN needs the nullability every time (it would otherwise become NULL).</summary>
    private string TypeAndNullability(Column column) =>
        column.DataType + (column.Collation is null ? "" : $" COLLATE {column.Collation}") + (column.IsNullable ? " NULL" : " NOT NULL");

    protected override string PrimaryKeyClause(Table table, KeyConstraint key)
    {
        // Keeps a primary key that is not the clustered index that way.
        var nonClustered = table.Indexes.Any(i => i.IsPrimaryKey && string.Equals(i.Method, "nonclustered", StringComparison.OrdinalIgnoreCase));
        return (key.Name is null ? "" : $"CONSTRAINT {Quote(key.Name)} ") + $"PRIMARY KEY{(nonClustered ? " NONCLUSTERED" : "")} ({Names(key.Columns)})";
    }

    public override IReadOnlyList<string> RenameTable(Table old, Table @new)
    {
        var statements = new List<string>();
        var current = old;
        if (old.Schema != @new.Schema)
        {
            statements.Add($"ALTER SCHEMA {Quote(@new.Schema)} TRANSFER {Qualified(old)}");
            current = old with { Schema = @new.Schema };
        }

        if (old.Name != @new.Name)
        {
            statements.Add($"EXEC sp_rename {Literal(Qualified(current))}, {Literal(@new.Name)}");
        }

        return statements;
    }

    public override string AddColumn(Table table, Column column) => $"ALTER TABLE {Qualified(table)} ADD {ColumnDefinition(column, table)}";

    public override IReadOnlyList<string> DropColumn(Table table, Column column) =>
        column.Default is null
            ? [$"ALTER TABLE {Qualified(table)} DROP COLUMN {Quote(column.Name)}"]
            : [DropDefault(table, column.Name), $"ALTER TABLE {Qualified(table)} DROP COLUMN {Quote(column.Name)}"];

    /// <summary>Drops the column's default constraint, whatever name the server gave it.</summary>
    private string DropDefault(Table table, string column)
    {
        var variable = "@default_" + (++_variables).ToString(CultureInfo.InvariantCulture);
        return $"DECLARE {variable} sysname = (SELECT d.name FROM sys.default_constraints d "
            + "JOIN sys.columns c ON c.object_id = d.parent_object_id AND c.column_id = d.parent_column_id "
            + $"WHERE d.parent_object_id = OBJECT_ID({Literal(Qualified(table))}) AND c.name = {Literal(column)});\n"
            + $"IF {variable} IS NOT NULL EXEC({Literal($"ALTER TABLE {Qualified(table)} DROP CONSTRAINT ")} + QUOTENAME({variable}))";
    }

    public override string RenameColumn(Table table, string oldName, string newName) =>
        $"EXEC sp_rename {Literal($"{Qualified(table)}.{Quote(oldName)}")}, {Literal(newName)}, N'COLUMN'";

    public override IReadOnlyList<ColumnStatement> AlterColumn(ColumnAlteration alteration)
    {
        var (table, old, @new) = (alteration.Table, alteration.Old, alteration.New);
        var statements = new List<ColumnStatement>();
        if (alteration.Has(ColumnAspect.Generation) || (@new.GenerationExpression is not null && alteration.Aspects != ColumnAspect.Comment))
        {
            // A computed column cannot be altered: it is built again from its expression.
            statements.AddRange(DropColumn(table, old).Select(s => new ColumnStatement(s, ColumnAspect.Recreate)));
            statements.Add(new(AddColumn(table, @new), ColumnAspect.Recreate));
            return statements;
        }

        // ALWAYS, BY DEFAULT and AUTO_INCREMENT are all IDENTITY here; only gaining or losing one is a change.
        if (alteration.Has(ColumnAspect.Identity) && (old.Identity == IdentityKind.None) != (@new.Identity == IdentityKind.None))
        {
            statements.Add(new($"-- SQL Server cannot add or remove IDENTITY on {Qualified(table)}.{Quote(@new.Name)}", ColumnAspect.Identity,
                "SQL Server cannot add or remove IDENTITY on an existing column; build a new column (or table) and copy the data"));
        }

        var typeChanges = alteration.Has(ColumnAspect.Type) || alteration.Has(ColumnAspect.Collation) || alteration.Has(ColumnAspect.Nullability);
        // A default constraint blocks a type change: it is dropped first and added again after.
        var defaultAround = old.Default is not null && (alteration.Has(ColumnAspect.Type) || alteration.Has(ColumnAspect.Default));
        if (defaultAround)
        {
            statements.Add(new(DropDefault(table, old.Name), ColumnAspect.Default));
        }

        if (typeChanges)
        {
            statements.Add(new($"ALTER TABLE {Qualified(table)} ALTER COLUMN {Quote(@new.Name)} {TypeAndNullability(@new)}",
                alteration.Aspects & (ColumnAspect.Type | ColumnAspect.Collation | ColumnAspect.Nullability)));
        }

        if (@new.Default is not null && (defaultAround || alteration.Has(ColumnAspect.Default)))
        {
            statements.Add(new($"ALTER TABLE {Qualified(table)} ADD DEFAULT ({@new.Default}) FOR {Quote(@new.Name)}", ColumnAspect.Default));
        }

        if (alteration.Has(ColumnAspect.Comment))
        {
            statements.AddRange(CommentOnColumn(table, @new, old.Comment, @new.Comment).Select(s => new ColumnStatement(s, ColumnAspect.Comment)));
        }

        return statements;
    }

    public override IEnumerable<string> CommentOnTable(Table table, string? oldComment, string? newComment) =>
        Description(oldComment, newComment, ("SCHEMA", table.Schema), ("TABLE", table.Name));

    public override IEnumerable<string> CommentOnColumn(Table table, Column column, string? oldComment, string? newComment) =>
        Description(oldComment, newComment, ("SCHEMA", table.Schema), ("TABLE", table.Name), ("COLUMN", column.Name));

    public override IEnumerable<string> CommentOnView(View view, string? oldComment, string? newComment) =>
        Description(oldComment, newComment, ("SCHEMA", view.Schema), ("VIEW", view.Name));

    /// <summary>Adds, updates or drops the MS_Description extended property that SQL Server tools show as the comment.</summary>
    private IEnumerable<string> Description(string? oldComment, string? newComment, params (string Type, string Name)[] levels)
    {
        var target = string.Join(", ", levels.Select((level, i) => $"@level{i}type = {Literal(level.Type)}, @level{i}name = {Literal(level.Name)}"));
        if (newComment is null)
        {
            return oldComment is null ? [] : [$"EXEC sys.sp_dropextendedproperty @name = N'MS_Description', {target}"];
        }

        var procedure = oldComment is null ? "sp_addextendedproperty" : "sp_updateextendedproperty";
        return [$"EXEC sys.{procedure} @name = N'MS_Description', @value = {Literal(newComment)}, {target}"];
    }

    protected override string Action(string on, ReferentialAction action) =>
        // SQL Server has no RESTRICT; NO ACTION (the default) refuses the same changes.
        action == ReferentialAction.Restrict ? "" : base.Action(on, action);

    public override string RenameConstraint(Table table, string oldName, string newName) =>
        $"EXEC sp_rename {Literal(Qualified(table.Schema, oldName))}, {Literal(newName)}, N'OBJECT'";

    public override (string? Sql, string? Unsupported) CreateIndex(Table table, TableIndex index)
    {
        var method = index.Method?.ToLowerInvariant();
        // A b-tree from another engine is SQL Server's ordinary (nonclustered) index.
        if (method is not (null or "clustered" or "nonclustered" or "btree"))
        {
            return (null, $"a {method} index is not recreated by the migration");
        }

        if (index.Columns.Any(c => c.IsExpression))
        {
            return (null, "SQL Server indexes cannot hold expressions (index a computed column instead)");
        }

        var include = index.IncludedColumns.Count == 0 ? "" : $" INCLUDE ({Names(index.IncludedColumns)})";
        var where = index.Filter is null ? "" : $" WHERE {index.Filter}";
        return ($"CREATE {(index.IsUnique ? "UNIQUE " : "")}{(method == "clustered" ? "CLUSTERED " : "")}INDEX {Quote(index.Name)} ON {Qualified(table)} ({IndexKeys(index)}){include}{where}", null);
    }

    public override string DropIndex(Table table, TableIndex index) => $"DROP INDEX {Quote(index.Name)} ON {Qualified(table)}";

    public override string RenameIndex(Table table, string oldName, string newName) =>
        $"EXEC sp_rename {Literal($"{Qualified(table)}.{Quote(oldName)}")}, {Literal(newName)}, N'INDEX'";

    public override (string? Sql, string? Unsupported) CreateView(View view)
    {
        if (view.IsMaterialized)
        {
            return (null, "an indexed view needs SCHEMABINDING and its clustered index, which the migration does not write");
        }

        if (view.Definition is null)
        {
            return (null, "its definition was not read");
        }

        // sys.sql_modules keeps the whole CREATE VIEW statement; other engines give only the query.
        var body = Body(view.Definition);
        var statement = body.StartsWith("CREATE", StringComparison.OrdinalIgnoreCase) ? body : $"CREATE VIEW {Qualified(view)} AS\n{body}";
        return (Exec(statement), null);
    }

    public override string DropView(View view) => $"DROP VIEW {Qualified(view)}";
}
