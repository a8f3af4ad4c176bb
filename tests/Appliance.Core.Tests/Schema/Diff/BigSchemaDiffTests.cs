using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Core.Schema.Diff;

namespace Appliance.Core.Tests.Schema.Diff;

/// <summary>A generated pair of 5,000-table versions: the diff finds exactly the changes made (the speed is the benchmark's job).</summary>
public sealed class BigSchemaDiffTests
{
    private const int TableCount = 5000;

    // Column names carry the table number so that unrelated tables never look alike to rename detection.
    private static Table Generated(int number) => new()
    {
        Schema = number % 2 == 0 ? "app" : "archive",
        Name = $"entity_{number:D5}",
        Columns =
        [
            .. Enumerable.Range(1, 6).Select(c => new Column
            {
                Name = c == 1 ? "id" : $"e{number}_field_{c}", Ordinal = c, DataType = c % 2 == 0 ? "text" : "integer", IsNullable = c > 2,
            }),
        ],
        PrimaryKey = new KeyConstraint { Name = $"entity_{number:D5}_pkey", Columns = ["id"] },
        ForeignKeys = number == 0 ? [] :
        [
            new ForeignKey
            {
                Columns = [$"e{number}_field_3"], ReferencedSchema = (number - 1) % 2 == 0 ? "app" : "archive",
                ReferencedTable = $"entity_{number - 1:D5}", ReferencedColumns = ["id"],
            },
        ],
        Indexes = [new TableIndex { Name = $"ix_entity_{number:D5}", Columns = [new IndexColumn { Name = $"e{number}_field_2" }] }],
    };

    private static ForeignKey RenamedTarget(ForeignKey fk) =>
        int.Parse(fk.ReferencedTable["entity_".Length..], System.Globalization.CultureInfo.InvariantCulture) is >= 10 and < 15 and var number
            ? fk with { ReferencedTable = $"renamed_{number}" }
            : fk;

    [Fact]
    public void Five_thousand_table_diff_finds_exactly_the_changes_made()
    {
        var old = new DatabaseSchema { Engine = DatabaseEngine.Postgres, Tables = [.. Enumerable.Range(0, TableCount).Select(Generated)] };
        var tables = new List<Table>();
        for (var i = 0; i < TableCount; i++)
        {
            var table = old.Tables[i];
            tables.Add(i switch
            {
                < 10 => null!, // dropped
                < 15 => table with { Name = $"renamed_{i}" },
                < 45 => table with { Columns = [.. table.Columns.Select(c => c.Ordinal == 4 ? c with { DataType = "bigint" } : c)] },
                < 85 => table with { Columns = [.. table.Columns, new Column { Name = "extra", Ordinal = 7, DataType = "text", IsNullable = true }] },
                < 100 => table with { Indexes = [] },
                _ => table,
            });
        }

        tables.RemoveAll(t => t is null);
        // The engine reports foreign keys into a renamed table under its new name.
        tables = [.. tables.Select(t => t with { ForeignKeys = [.. t.ForeignKeys.Select(fk => RenamedTarget(fk))] })];
        tables.AddRange(Enumerable.Range(TableCount, 20).Select(Generated));
        var @new = old with { Tables = tables, IngestedAt = DateTimeOffset.UnixEpoch };

        var difference = SchemaDiff.Compare(old, @new);

        Assert.Equal(10, difference.Count(SchemaObjectKind.Table, SchemaChangeKind.Dropped));
        Assert.Equal(20, difference.Count(SchemaObjectKind.Table, SchemaChangeKind.Added));
        Assert.Equal(5, difference.Count(SchemaObjectKind.Table, SchemaChangeKind.Renamed));
        Assert.Equal(30, difference.Count(SchemaObjectKind.Column, SchemaChangeKind.Changed));
        Assert.Equal(40, difference.Count(SchemaObjectKind.Column, SchemaChangeKind.Added));
        Assert.Equal(15, difference.Count(SchemaObjectKind.Index, SchemaChangeKind.Dropped));
        // Nothing else: the foreign keys into renamed tables follow the rename.
        Assert.Equal(120, difference.Changes.Count);
        Assert.True(SchemaDiff.Compare(old, old with { IngestedAt = DateTimeOffset.UnixEpoch }).IsEmpty);
    }
}
