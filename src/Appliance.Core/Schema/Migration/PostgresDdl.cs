using Appliance.Core.Sql;

namespace Appliance.Core.Schema.Migration;

/// <summary>PostgreSQL DDL: one ALTER per column aspect, enums and domains as types, COMMENT ON for comments.</summary>
internal sealed class PostgresDdl : MigrationDdl
{
    public override SqlDialect Dialect => SqlDialect.Postgres;

    public override string EngineName => "PostgreSQL";

    public override string CreateSchema(string name) => $"CREATE SCHEMA {Quote(name)}";

    // Without CASCADE: the planner dropped what it knew of first, and anything else in the schema should stop the script.
    public override string DropSchema(string name) => $"DROP SCHEMA {Quote(name)}";

    public override IEnumerable<string> CommentOnSchema(string name, string? oldComment, string? newComment) =>
        [$"COMMENT ON SCHEMA {Quote(name)} IS {CommentText(newComment)}"];

    private string CommentText(string? comment) => comment is null ? "NULL" : Literal(comment);

    public override string CreateEnum(EnumType type) =>
        $"CREATE TYPE {Qualified(type.Schema, type.Name)} AS ENUM ({string.Join(", ", type.Values.Select(Literal))})";

    public override string AddEnumValue(EnumType type, string value, string? before) =>
        $"ALTER TYPE {Qualified(type.Schema, type.Name)} ADD VALUE {Literal(value)}" + (before is null ? "" : $" BEFORE {Literal(before)}");

    public override string DropEnum(EnumType type) => $"DROP TYPE {Qualified(type.Schema, type.Name)}";

    public override IEnumerable<string> CommentOnType(string keyword, string schema, string name, string? oldComment, string? newComment) =>
        [$"COMMENT ON {keyword} {Qualified(schema, name)} IS {CommentText(newComment)}"];

    public override IReadOnlyList<string> CreateDomain(DomainType domain)
    {
        var text = $"CREATE DOMAIN {Qualified(domain.Schema, domain.Name)} AS {domain.BaseType}"
            + (domain.Default is null ? "" : $" DEFAULT {domain.Default}")
            + (domain.IsNullable ? "" : " NOT NULL")
            + string.Concat(domain.CheckConstraints.Select(c => " " + CheckClause(c)));
        return [text];
    }

    public override IReadOnlyList<string> AlterDomain(DomainType old, DomainType @new)
    {
        var name = Qualified(@new.Schema, @new.Name);
        var statements = new List<string>();
        if (!SameExpression(old.Default, @new.Default))
        {
            statements.Add(@new.Default is null ? $"ALTER DOMAIN {name} DROP DEFAULT" : $"ALTER DOMAIN {name} SET DEFAULT {@new.Default}");
        }

        if (old.IsNullable != @new.IsNullable)
        {
            statements.Add($"ALTER DOMAIN {name} {(@new.IsNullable ? "DROP" : "SET")} NOT NULL");
        }

        // Checks are compared by their text: the ones that differ are dropped and added by name.
        var kept = old.CheckConstraints.Where(o => @new.CheckConstraints.Any(n => n.Name == o.Name && SameExpression(n.Expression, o.Expression))).ToList();
        foreach (var check in old.CheckConstraints.Except(kept))
        {
            statements.Add(check.Name is null ? $"-- the check ({check.Expression}) of domain {@new.Schema}.{@new.Name} has no name to drop it by; drop it by hand" : $"ALTER DOMAIN {name} DROP CONSTRAINT {Quote(check.Name)}");
        }

        foreach (var check in @new.CheckConstraints.Where(n => !kept.Any(k => k.Name == n.Name)))
        {
            statements.Add($"ALTER DOMAIN {name} ADD {CheckClause(check)}");
        }

        return statements;
    }

    private static bool SameExpression(string? left, string? right) =>
        string.Equals(Diff.SchemaSpelling.Expression(left), Diff.SchemaSpelling.Expression(right), StringComparison.Ordinal);

    public override string DropDomain(DomainType domain) => $"DROP DOMAIN {Qualified(domain.Schema, domain.Name)}";

    public override string CreateSequence(Sequence sequence) =>
        $"CREATE SEQUENCE {Qualified(sequence.Schema, sequence.Name)}"
        + (sequence.DataType is null ? "" : $" AS {sequence.DataType}")
        + (sequence.Increment is { } increment ? $" INCREMENT BY {Number(increment)}" : "")
        + (sequence.MinValue is { } min ? $" MINVALUE {Number(min)}" : "")
        + (sequence.MaxValue is { } max ? $" MAXVALUE {Number(max)}" : "")
        + (sequence.StartValue is { } start ? $" START WITH {Number(start)}" : "")
        + (sequence.Cycles ? " CYCLE" : "");

    public override IReadOnlyList<string> AlterSequence(Sequence old, Sequence @new)
    {
        var options = new List<string>();
        if (@new.DataType is not null && !string.Equals(old.DataType, @new.DataType, StringComparison.OrdinalIgnoreCase))
        {
            options.Add($"AS {@new.DataType}");
        }

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

        if (old.StartValue != @new.StartValue && @new.StartValue is { } start)
        {
            options.Add($"START WITH {Number(start)}");
        }

        if (old.Cycles != @new.Cycles)
        {
            options.Add(@new.Cycles ? "CYCLE" : "NO CYCLE");
        }

        return options.Count == 0 ? [] : [$"ALTER SEQUENCE {Qualified(@new.Schema, @new.Name)} {string.Join(" ", options)}"];
    }

    public override string DropSequence(Sequence sequence, bool ifExists) =>
        $"DROP SEQUENCE {(ifExists ? "IF EXISTS " : "")}{Qualified(sequence.Schema, sequence.Name)}";

    public override string SetSequenceOwner(Sequence sequence, Table? table, string? column) =>
        $"ALTER SEQUENCE {Qualified(sequence.Schema, sequence.Name)} OWNED BY "
        + (table is null || column is null ? "NONE" : $"{Qualified(table)}.{Quote(column)}");

    public override string ColumnDefinition(Column column, Table table)
    {
        var text = $"{Quote(column.Name)} {column.DataType}";
        if (column.Collation is not null)
        {
            text += $" COLLATE {Quote(column.Collation)}";
        }

        if (column.GenerationExpression is not null)
        {
            text += $" GENERATED ALWAYS AS ({column.GenerationExpression}) STORED";
        }
        else if (Identity(column.Identity) is { } identity)
        {
            text += " " + identity;
        }
        else if (column.Default is not null)
        {
            text += $" DEFAULT {column.Default}";
        }

        return text + (column.IsNullable ? "" : " NOT NULL");
    }

    /// <summary>PostgreSQL has no AUTO_INCREMENT: a MySQL one becomes a BY DEFAULT identity (explicit values still allowed).</summary>
    private static string? Identity(IdentityKind kind) => kind switch
    {
        IdentityKind.Always => "GENERATED ALWAYS AS IDENTITY",
        IdentityKind.ByDefault or IdentityKind.AutoIncrement => "GENERATED BY DEFAULT AS IDENTITY",
        _ => null,
    };

    public override IReadOnlyList<string> RenameTable(Table old, Table @new)
    {
        var statements = new List<string>();
        var current = old;
        if (old.Schema != @new.Schema)
        {
            statements.Add($"ALTER TABLE {Qualified(old)} SET SCHEMA {Quote(@new.Schema)}");
            current = old with { Schema = @new.Schema };
        }

        if (old.Name != @new.Name)
        {
            statements.Add($"ALTER TABLE {Qualified(current)} RENAME TO {Quote(@new.Name)}");
        }

        return statements;
    }

    public override string RenameColumn(Table table, string oldName, string newName) =>
        $"ALTER TABLE {Qualified(table)} RENAME COLUMN {Quote(oldName)} TO {Quote(newName)}";

    public override IReadOnlyList<ColumnStatement> AlterColumn(ColumnAlteration alteration)
    {
        var (table, old, @new) = (alteration.Table, alteration.Old, alteration.New);
        var alter = $"ALTER TABLE {Qualified(table)} ALTER COLUMN {Quote(@new.Name)}";
        var statements = new List<ColumnStatement>();
        var generatedBefore = old.GenerationExpression is not null;
        var generatedAfter = @new.GenerationExpression is not null;
        if (alteration.Has(ColumnAspect.Generation))
        {
            if (generatedBefore && !generatedAfter)
            {
                // PostgreSQL 13+: the computed values stay as plain values.
                statements.Add(new($"{alter} DROP EXPRESSION", ColumnAspect.Generation));
            }
            else
            {
                // A generation expression cannot be altered (before PostgreSQL 17): the column is built again.
                statements.Add(new($"ALTER TABLE {Qualified(table)} DROP COLUMN {Quote(@new.Name)}", ColumnAspect.Recreate));
                statements.Add(new($"ALTER TABLE {Qualified(table)} ADD COLUMN {ColumnDefinition(@new, table)}", ColumnAspect.Recreate));
                return statements;
            }
        }

        var typeChanges = alteration.Has(ColumnAspect.Type) || alteration.Has(ColumnAspect.Collation);
        var baseTypeChanges = alteration.Has(ColumnAspect.Type)
            && Diff.SchemaSpelling.BaseTypeOf(old) != Diff.SchemaSpelling.BaseTypeOf(@new);
        var takesDefault = !generatedAfter && Identity(@new.Identity) is null && @new.Default is not null;
        // An old default may not cast to the new type ("default for column cannot be cast automatically"), and an
        // identity cannot be added while a default is set: drop it first, set the new one after.
        var dropDefault = old.Default is not null
            && (baseTypeChanges || (alteration.Has(ColumnAspect.Default) && !takesDefault) || Identity(@new.Identity) is not null);
        if (dropDefault)
        {
            statements.Add(new($"{alter} DROP DEFAULT", ColumnAspect.Default));
        }

        if (typeChanges)
        {
            var collate = alteration.Has(ColumnAspect.Collation) ? $" COLLATE {Quote(@new.Collation ?? "default")}" : "";
            var usingClause = baseTypeChanges ? $" USING {Quote(@new.Name)}::{@new.DataType}" : "";
            statements.Add(new($"{alter} TYPE {@new.DataType}{collate}{usingClause}", ColumnAspect.Type | ColumnAspect.Collation));
        }

        // An identity needs NOT NULL first; NOT NULL can only be dropped once the identity is gone.
        if (alteration.Has(ColumnAspect.Nullability) && !@new.IsNullable)
        {
            statements.Add(new($"{alter} SET NOT NULL", ColumnAspect.Nullability));
        }

        if (alteration.Has(ColumnAspect.Identity))
        {
            var before = Identity(old.Identity);
            var after = Identity(@new.Identity);
            if (after is null)
            {
                statements.Add(new($"{alter} DROP IDENTITY IF EXISTS", ColumnAspect.Identity));
            }
            else if (before is null)
            {
                statements.Add(new($"{alter} ADD {after}", ColumnAspect.Identity));
            }
            else if (before != after)
            {
                statements.Add(new($"{alter} SET GENERATED {(@new.Identity == IdentityKind.Always ? "ALWAYS" : "BY DEFAULT")}", ColumnAspect.Identity));
            }
        }

        if (takesDefault && (alteration.Has(ColumnAspect.Default) || dropDefault))
        {
            statements.Add(new($"{alter} SET DEFAULT {@new.Default}", ColumnAspect.Default));
        }

        if (alteration.Has(ColumnAspect.Nullability) && @new.IsNullable)
        {
            statements.Add(new($"{alter} DROP NOT NULL", ColumnAspect.Nullability));
        }

        if (alteration.Has(ColumnAspect.Comment))
        {
            statements.AddRange(CommentOnColumn(table, @new, old.Comment, @new.Comment).Select(s => new ColumnStatement(s, ColumnAspect.Comment)));
        }

        return statements;
    }

    public override IEnumerable<string> CommentOnTable(Table table, string? oldComment, string? newComment) =>
        [$"COMMENT ON TABLE {Qualified(table)} IS {CommentText(newComment)}"];

    public override IEnumerable<string> CommentOnColumn(Table table, Column column, string? oldComment, string? newComment) =>
        [$"COMMENT ON COLUMN {Qualified(table)}.{Quote(column.Name)} IS {CommentText(newComment)}"];

    public override string RenameConstraint(Table table, string oldName, string newName) =>
        $"ALTER TABLE {Qualified(table)} RENAME CONSTRAINT {Quote(oldName)} TO {Quote(newName)}";

    public override (string? Sql, string? Unsupported) CreateIndex(Table table, TableIndex index)
    {
        var method = index.Method is null || index.Method.Equals("btree", StringComparison.OrdinalIgnoreCase) ? "" : $" USING {index.Method}";
        var include = index.IncludedColumns.Count == 0 ? "" : $" INCLUDE ({Names(index.IncludedColumns)})";
        var where = index.Filter is null ? "" : $" WHERE {index.Filter}";
        return ($"CREATE {(index.IsUnique ? "UNIQUE " : "")}INDEX {Quote(index.Name)} ON {Qualified(table)}{method} ({IndexKeys(index)}){include}{where}", null);
    }

    public override string DropIndex(Table table, TableIndex index) => $"DROP INDEX {Qualified(table.Schema, index.Name)}";

    public override string RenameIndex(Table table, string oldName, string newName) =>
        $"ALTER INDEX {Qualified(table.Schema, oldName)} RENAME TO {Quote(newName)}";

    public override (string? Sql, string? Unsupported) CreateView(View view) =>
        view.Definition is null
            ? (null, "its definition was not read")
            : ($"CREATE {(view.IsMaterialized ? "MATERIALIZED " : "")}VIEW {Qualified(view)} AS\n{Body(view.Definition)}", null);

    public override string DropView(View view) => $"DROP {(view.IsMaterialized ? "MATERIALIZED " : "")}VIEW {Qualified(view)}";

    public override IEnumerable<string> CommentOnView(View view, string? oldComment, string? newComment) =>
        [$"COMMENT ON {(view.IsMaterialized ? "MATERIALIZED " : "")}VIEW {Qualified(view)} IS {CommentText(newComment)}"];
}
