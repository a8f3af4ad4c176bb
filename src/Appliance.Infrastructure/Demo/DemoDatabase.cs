using Microsoft.Data.Sqlite;

namespace Appliance.Infrastructure.Demo;

/// <summary>The bundled demo: a SQLite order-management database created from an embedded script in the data directory.</summary>
public static class DemoDatabase
{
    public const string ConnectionName = "Demo: order management";
    private const string ResourceName = "Appliance.Infrastructure.Demo.order-management.sql";

    public static string FilePath(string dataDirectory) => Path.Combine(dataDirectory, "demo", "order-management.db");

    public static string Script()
    {
        using var stream = typeof(DemoDatabase).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Creates the demo file when it is missing (built under a temporary name, so a crash never leaves half a database).</summary>
    public static string EnsureCreated(string dataDirectory)
    {
        var path = FilePath(dataDirectory);
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temporary, Pooling = false }.ToString()))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = Script();
                command.ExecuteNonQuery();
            }

            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another request created it first.
        }
        finally
        {
            File.Delete(temporary);
        }

        return path;
    }
}
