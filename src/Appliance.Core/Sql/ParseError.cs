namespace Appliance.Core.Sql;

/// <summary>Why a text is not valid SQL, and where: <c>3:14: expected FROM or a column after "SELECT name,"</c>.</summary>
public sealed record ParseError(SourcePosition Position, string Message)
{
    public int Line => Position.Line;

    public int Column => Position.Column;

    public override string ToString() => $"{Position.Line}:{Position.Column}: {Message}";
}

/// <summary>Carries a <see cref="ParseError"/> out of deep recursion; never leaves the parser.</summary>
internal sealed class SqlSyntaxException(ParseError error) : Exception(error.ToString())
{
    public ParseError Error { get; } = error;
}
