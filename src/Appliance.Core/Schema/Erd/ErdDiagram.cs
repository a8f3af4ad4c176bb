namespace Appliance.Core.Schema.Erd;

/// <summary>How a diagram element relates to a diff between two versions; <see cref="None"/> outside a diff.</summary>
public enum ErdMark
{
    None,
    Added,
    Dropped,
    Changed,
    Renamed,
}

/// <summary>The end of a relationship line: the crow's-foot glyph drawn where it meets a table.</summary>
public enum ErdEnd
{
    /// <summary>Exactly one (the referenced side of a NOT NULL foreign key).</summary>
    One,

    /// <summary>Zero or one (the referenced side of a nullable foreign key, or the referencing side of a unique one).</summary>
    ZeroOrOne,

    /// <summary>Zero or many (the referencing side of a foreign key).</summary>
    Many,
}

public readonly record struct ErdPoint(double X, double Y);

/// <summary>One column row in a table box.</summary>
public sealed record ErdColumn(string Name, string Type, bool IsPrimaryKey, bool IsForeignKey, bool IsNullable, ErdMark Mark = ErdMark.None);

/// <summary>A table (or view) box placed at (X, Y), its top-left corner, in diagram units (CSS pixels at zoom 1).</summary>
public sealed record ErdNode
{
    /// <summary>"schema.table": unique within a diagram, the key for saved positions and for links.</summary>
    public required string Id { get; init; }
    public required string Schema { get; init; }
    public required string Name { get; init; }
    public bool IsView { get; init; }
    public double X { get; init; }
    public double Y { get; init; }
    public double Width { get; init; }
    public double Height { get; init; }
    public IReadOnlyList<ErdColumn> Columns { get; init; } = [];

    /// <summary>Columns left out of the box (keys-only mode), shown as "+N more".</summary>
    public int HiddenColumns { get; init; }

    /// <summary>True when a saved position placed this node instead of the layout.</summary>
    public bool IsPinned { get; init; }
    public ErdMark Mark { get; init; }

    /// <summary>A group of tables in the overview (<see cref="Caption"/> says how many) rather than a table.</summary>
    public bool IsGroup { get; init; }

    /// <summary>A line under the name in the box, e.g. "42 tables" for a group.</summary>
    public string? Caption { get; init; }
}

/// <summary>A foreign key drawn from the referencing table (<see cref="From"/>) to the referenced one (<see cref="To"/>).</summary>
public sealed record ErdEdge
{
    public required string Id { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
    public IReadOnlyList<string> FromColumns { get; init; } = [];
    public IReadOnlyList<string> ToColumns { get; init; } = [];
    public ErdEnd FromEnd { get; init; } = ErdEnd.Many;
    public ErdEnd ToEnd { get; init; } = ErdEnd.One;

    /// <summary>The route as a polyline from the From box's border to the To box's border (at least two points).</summary>
    public IReadOnlyList<ErdPoint> Points { get; init; } = [];
    public ErdMark Mark { get; init; }

    /// <summary>How many foreign keys the edge stands for: 1 between tables, the number of links between two overview groups.</summary>
    public int Count { get; init; } = 1;
}

/// <summary>A laid-out diagram; (0, 0) to (Width, Height) holds every node and edge.</summary>
public sealed record ErdDiagram(double Width, double Height, IReadOnlyList<ErdNode> Nodes, IReadOnlyList<ErdEdge> Edges);
