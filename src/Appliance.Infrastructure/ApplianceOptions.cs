namespace Appliance.Infrastructure;

/// <summary>Top-level settings. Section "Appliance"; every key can be set as an environment variable, e.g. Appliance__DataDirectory.</summary>
public sealed class ApplianceOptions
{
    public const string SectionName = "Appliance";

    /// <summary>Where the SQLite metadata, the key ring and the demo database live. Relative paths are resolved against the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Seconds "Test connection" and ingestion wait for a server to answer when connecting.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 10;

    public string DataDirectoryFullPath => Path.GetFullPath(DataDirectory);

    /// <summary>
    /// Directories SQLite connections may point into. Default: "sqlite" and "demo" in the data directory; never the data
    /// directory itself, which holds the metadata database and the key ring.
    /// </summary>
    public List<string> SqliteDirectories { get; set; } = [];

    public IReadOnlyList<string> SqliteDirectoriesFullPaths() =>
        SqliteDirectories.Count > 0
            ? [.. SqliteDirectories.Select(Path.GetFullPath)]
            : [Path.Combine(DataDirectoryFullPath, "sqlite"), Path.Combine(DataDirectoryFullPath, "demo")];

    /// <summary>Creates the data directory readable by the appliance's user only: it holds the key ring and the metadata.</summary>
    public string EnsureDataDirectory()
    {
        var path = DataDirectoryFullPath;
        if (!Directory.Exists(path))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        return path;
    }
}
