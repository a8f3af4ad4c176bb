namespace Appliance.Infrastructure.MockData;

/// <summary>
/// Where an export or a load stands, for a progress bar: the table being written, rows done in it and overall, and
/// what is happening ("Loading", "Linking foreign keys that close a cycle", "Committing").
/// </summary>
public sealed record MockProgress(string? Table, long TableRowsDone, long TableRows, long TotalDone, long TotalRows, string Phase)
{
    /// <summary>0 to 1; 1 when there is nothing to do.</summary>
    public double Fraction => TotalRows <= 0 ? 1 : Math.Clamp((double)TotalDone / TotalRows, 0, 1);
}

/// <summary>The phases a load reports, worded for the user.</summary>
public static class MockPhases
{
    public const string Connecting = "Connecting";
    public const string Loading = "Loading";
    public const string Writing = "Writing";
    public const string Linking = "Linking foreign keys that close a cycle";
    public const string Sequences = "Moving sequences past the generated keys";
    public const string Committing = "Committing";
    public const string Done = "Done";
}
