using Appliance.Core.Schema.Diff;

namespace Appliance.Core.Schema.Migration;

/// <summary>Schemas, sequences, enum types and domains.</summary>
internal sealed partial class MigrationBuilder
{
    private void PlanNamespaces()
    {
        foreach (var change in _difference.Changes.Where(c => c.Object == SchemaObjectKind.Schema))
        {
            switch (change.Change)
            {
                case SchemaChangeKind.Added:
                    Add(Phase.CreateSchemas, _ddl.CreateSchema(change.Name), $"create schema {change.Name}");
                    var comment = _new.Schemas.FirstOrDefault(s => _names.Equals(s.Name, change.Name))?.Comment;
                    if (comment is not null)
                    {
                        AddComments(_ddl.CommentOnSchema(change.Name, null, comment), $"comment on schema {change.Name}");
                    }

                    break;
                case SchemaChangeKind.Dropped:
                    // In MySQL a schema is a database: DROP DATABASE takes whatever the appliance did not read along.
                    var isDatabase = _ddl.Dialect == Sql.SqlDialect.MySql;
                    Add(Phase.DropSchemas, _ddl.DropSchema(change.Name), $"drop schema {change.Name}", isDatabase,
                        isDatabase ? $"drops database {change.Name} with everything still in it (routines, events, tables the appliance did not read)" : null);
                    break;
                default:
                    var oldComment = _old.Schemas.FirstOrDefault(s => _names.Equals(s.Name, change.Name))?.Comment;
                    var newComment = _new.Schemas.FirstOrDefault(s => _names.Equals(s.Name, change.Name))?.Comment;
                    AddComments(_ddl.CommentOnSchema(change.Name, oldComment, newComment), $"comment on schema {change.Name}");
                    break;
            }
        }
    }

    private void AddComments(IEnumerable<string> statements, string description)
    {
        foreach (var statement in statements)
        {
            Add(Phase.Comments, statement, description);
        }
    }

    private void PlanTypes()
    {
        // Sequences first: a domain's or a new column's default may draw from one.
        foreach (var change in _difference.Changes.Where(c => c.Object == SchemaObjectKind.Sequence))
        {
            PlanSequence(change);
        }

        foreach (var change in _difference.Changes.Where(c => c.Object == SchemaObjectKind.Enum))
        {
            PlanEnum(change);
        }

        foreach (var change in _difference.Changes.Where(c => c.Object == SchemaObjectKind.Domain))
        {
            PlanDomain(change);
        }
    }

    private void PlanSequence(SchemaChange change)
    {
        var path = $"{change.Schema}.{change.Name}";
        var old = _old.Sequences.FirstOrDefault(s => _names.Equals(s.Schema, change.Schema) && _names.Equals(s.Name, change.Name));
        var @new = _new.Sequences.FirstOrDefault(s => _names.Equals(s.Schema, change.Schema) && _names.Equals(s.Name, change.Name));
        if (change.Change == SchemaChangeKind.Dropped && old is not null)
        {
            // A sequence owned by a column goes with its table or column; IF EXISTS keeps the script going then.
            Add(Phase.DropTypes, _ddl.DropSequence(old, ifExists: old.OwnedBy is not null), $"drop sequence {path}", true,
                $"drops sequence {path}: its current value is lost");
            return;
        }

        if (@new is null)
        {
            return;
        }

        if (change.Change == SchemaChangeKind.Added)
        {
            Add(Phase.Types, _ddl.CreateSequence(@new), $"create sequence {path}");
        }
        else if (old is not null)
        {
            var statements = _ddl.AlterSequence(old, @new);
            if (statements is null)
            {
                Unsupported(Phase.Types, $"alter sequence {path} ({Properties(change)})",
                    $"{_ddl.EngineName} cannot change the type or start value of sequence {path} in place; create a new sequence and move the columns that use it");
            }
            else
            {
                foreach (var statement in statements)
                {
                    Add(Phase.Types, statement, $"alter sequence {path}");
                }
            }
        }

        if (!string.Equals(old?.OwnedBy, @new.OwnedBy, StringComparison.Ordinal))
        {
            var (table, column) = Owner(@new.OwnedBy);
            if (_ddl.SetSequenceOwner(@new, table, column) is { } statement)
            {
                Add(Phase.SequenceOwnership, statement, $"sequence {path} owned by {@new.OwnedBy ?? "nothing"}");
            }
        }
    }

    /// <summary>The table and column of "schema.table.column" (names may hold dots, so the new tables are matched by prefix).</summary>
    private (Table? Table, string? Column) Owner(string? ownedBy)
    {
        if (ownedBy is null)
        {
            return (null, null);
        }

        foreach (var table in _new.Tables)
        {
            var prefix = $"{table.Schema}.{table.Name}.";
            if (ownedBy.StartsWith(prefix, StringComparison.Ordinal) && FindColumn(table, ownedBy[prefix.Length..]) is { } column)
            {
                return (table, column.Name);
            }
        }

        return (null, null);
    }

    private static string Properties(SchemaChange change) =>
        string.Join("; ", change.Properties.Select(p => $"{p.Property}: {p.OldValue ?? "(none)"} → {p.NewValue ?? "(none)"}"));

    private void PlanEnum(SchemaChange change)
    {
        var path = $"{change.Schema}.{change.Name}";
        var old = _old.Enums.FirstOrDefault(e => _names.Equals(e.Schema, change.Schema) && _names.Equals(e.Name, change.Name));
        var @new = _new.Enums.FirstOrDefault(e => _names.Equals(e.Schema, change.Schema) && _names.Equals(e.Name, change.Name));
        var notNamed = $"{_ddl.EngineName} has no named enum types (an enum is part of each column's type); change the columns that use {path} instead";
        switch (change.Change)
        {
            case SchemaChangeKind.Added when @new is not null:
                if (_ddl.CreateEnum(@new) is { } create)
                {
                    Add(Phase.Types, create, $"create enum {path}");
                    if (@new.Comment is not null)
                    {
                        AddComments(_ddl.CommentOnType("TYPE", @new.Schema, @new.Name, null, @new.Comment), $"comment on enum {path}");
                    }
                }
                else
                {
                    Unsupported(Phase.Types, $"create enum {path} ({string.Join(", ", @new.Values)})", notNamed);
                }

                break;
            case SchemaChangeKind.Dropped when old is not null:
                if (_ddl.DropEnum(old) is { } drop)
                {
                    Add(Phase.DropTypes, drop, $"drop enum {path}");
                }
                else
                {
                    Unsupported(Phase.DropTypes, $"drop enum {path}", notNamed);
                }

                break;
            case SchemaChangeKind.Changed when old is not null && @new is not null:
                PlanEnumValues(path, old, @new, notNamed);
                if (HasProperty(change, "comment"))
                {
                    AddComments(_ddl.CommentOnType("TYPE", @new.Schema, @new.Name, old.Comment, @new.Comment), $"comment on enum {path}");
                }

                break;
            default:
                break;
        }
    }

    private void PlanEnumValues(string path, EnumType old, EnumType @new, string notNamed)
    {
        var removed = old.Values.Except(@new.Values, StringComparer.Ordinal).ToList();
        var kept = @new.Values.Where(v => old.Values.Contains(v, StringComparer.Ordinal)).ToList();
        var reordered = !old.Values.Where(v => !removed.Contains(v, StringComparer.Ordinal)).SequenceEqual(kept, StringComparer.Ordinal);
        for (var i = 0; i < @new.Values.Count; i++)
        {
            var value = @new.Values[i];
            if (old.Values.Contains(value, StringComparer.Ordinal))
            {
                continue;
            }

            // Placed before the next value that already exists, so the new order matches.
            var before = @new.Values.Skip(i + 1).FirstOrDefault(v => old.Values.Contains(v, StringComparer.Ordinal));
            if (_ddl.AddEnumValue(@new, value, before) is { } statement)
            {
                Add(Phase.Types, statement, $"add value '{value}' to enum {path}");
            }
            else
            {
                Unsupported(Phase.Types, $"add value '{value}' to enum {path}", notNamed);
            }
        }

        if (removed.Count > 0)
        {
            Unsupported(Phase.Types, $"remove values {string.Join(", ", removed)} from enum {path}",
                $"values {string.Join(", ", removed)} cannot be dropped from enum {path} in place: create a new type, move the columns to it (rows holding those values must change first) and drop the old type",
                destructive: true);
        }

        if (reordered)
        {
            Unsupported(Phase.Types, $"reorder enum {path} to {string.Join(", ", @new.Values)}",
                $"the values of enum {path} cannot be reordered in place: create a new type in the new order, move the columns to it and drop the old type");
        }
    }

    private void PlanDomain(SchemaChange change)
    {
        var path = $"{change.Schema}.{change.Name}";
        var old = _old.Domains.FirstOrDefault(d => _names.Equals(d.Schema, change.Schema) && _names.Equals(d.Name, change.Name));
        var @new = _new.Domains.FirstOrDefault(d => _names.Equals(d.Schema, change.Schema) && _names.Equals(d.Name, change.Name));
        switch (change.Change)
        {
            case SchemaChangeKind.Added when @new is not null:
                if (_ddl.CreateDomain(@new) is { } statements)
                {
                    foreach (var statement in statements)
                    {
                        Add(Phase.Types, statement, $"create domain {path}");
                    }

                    if (@new.Comment is not null)
                    {
                        AddComments(_ddl.CommentOnType("DOMAIN", @new.Schema, @new.Name, null, @new.Comment), $"comment on domain {path}");
                    }
                }
                else
                {
                    Unsupported(Phase.Types, $"create domain {path} ({@new.BaseType})",
                        $"{_ddl.EngineName} cannot create domain {path} with its default and checks; give the columns that use it the base type {@new.BaseType} and their own checks");
                }

                break;
            case SchemaChangeKind.Dropped when old is not null:
                if (_ddl.DropDomain(old) is { } drop)
                {
                    Add(Phase.DropTypes, drop, $"drop domain {path}");
                }
                else
                {
                    Unsupported(Phase.DropTypes, $"drop domain {path}", $"{_ddl.EngineName} has no domains");
                }

                break;
            case SchemaChangeKind.Changed when old is not null && @new is not null:
                if (HasProperty(change, "type"))
                {
                    Unsupported(Phase.Types, $"change the base type of domain {path} from {old.BaseType} to {@new.BaseType}",
                        $"the base type of domain {path} cannot be changed in place: create a new domain, move the columns to it and drop the old one");
                }

                if (change.Properties.Any(p => p.Property is "default" or "nullable" or "checks"))
                {
                    if (_ddl.AlterDomain(old, @new) is { } alterations)
                    {
                        foreach (var statement in alterations)
                        {
                            if (statement.StartsWith("--", StringComparison.Ordinal))
                            {
                                Unsupported(Phase.Types, $"alter domain {path}", statement.TrimStart('-', ' '));
                                continue;
                            }

                            var notNull = old.IsNullable && !@new.IsNullable && statement.EndsWith("SET NOT NULL", StringComparison.Ordinal);
                            Add(Phase.Types, statement, $"alter domain {path}", notNull, notNull ? DataLoss.NotNull($"domain {path}") : null);
                        }
                    }
                    else
                    {
                        Unsupported(Phase.Types, $"alter domain {path} ({Properties(change)})",
                            $"{_ddl.EngineName} cannot alter domain {path}: create a new type and move the columns to it");
                    }
                }

                if (HasProperty(change, "comment"))
                {
                    AddComments(_ddl.CommentOnType("DOMAIN", @new.Schema, @new.Name, old.Comment, @new.Comment), $"comment on domain {path}");
                }

                break;
            default:
                break;
        }
    }
}
