namespace Appliance.Infrastructure.Metadata;

public enum MetadataProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where the appliance keeps its own metadata. Section "Appliance:Metadata".</summary>
public sealed class MetadataOptions
{
    public const string SectionName = "Appliance:Metadata";

    public MetadataProvider Provider { get; set; } = MetadataProvider.Sqlite;

    /// <summary>
    /// Npgsql connection string when <see cref="Provider"/> is Postgres. For SQLite it may be left empty:
    /// the file appliance.db in the data directory is used.
    /// </summary>
    public string? ConnectionString { get; set; }
}
