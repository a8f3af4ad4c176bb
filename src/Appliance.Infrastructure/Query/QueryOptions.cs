namespace Appliance.Infrastructure.Query;

/// <summary>Limits of the query page. Section "Appliance:Query"; e.g. Appliance__Query__MaxRows.</summary>
public sealed class QueryOptions
{
    public const string SectionName = "Appliance:Query";

    /// <summary>Seconds a statement may run on the server (and, with a small grace, on the appliance) before it is stopped.</summary>
    public int StatementTimeoutSeconds { get; set; } = 30;

    /// <summary>Rows kept from a result; the rest is not read (the server is told to stop) and the result is marked truncated.</summary>
    public int MaxRows { get; set; } = 5000;

    /// <summary>Bytes of displayed values kept from a result (text as UTF-8, see <see cref="QueryResult.Bytes"/>).</summary>
    public long MaxBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Queries one user may have running at the same time; more are refused until one ends.</summary>
    public int MaxConcurrentRunsPerUser { get; set; } = 3;

    /// <summary>Characters of SQL text kept in the query history.</summary>
    public int HistorySqlMaxLength { get; set; } = 20_000;
}
