namespace Appliance.Core.Sql;

/// <summary>A place in the source text: zero-based character offset, one-based line and column (UTF-16 code units, like editors count).</summary>
public readonly record struct SourcePosition(int Offset, int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>A stretch of source text from <see cref="Start"/> up to (not including) <see cref="End"/>.</summary>
public readonly record struct SourceSpan(SourcePosition Start, SourcePosition End)
{
    public int Length => End.Offset - Start.Offset;

    public override string ToString() => $"{Start}-{End}";
}
