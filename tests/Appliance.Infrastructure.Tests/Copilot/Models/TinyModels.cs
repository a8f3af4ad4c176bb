using Appliance.Core.Schema;
using Appliance.Infrastructure.Copilot;
using Appliance.Infrastructure.Copilot.Models;
using Appliance.Infrastructure.Tests.Engines;
using Appliance.Tests;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Tests.Copilot.Models;

/// <summary>A model directory with the tiny chat and embedding models and their manifest, written once per test class.</summary>
public sealed class TinyModels : IDisposable
{
    public const string ChatFile = "tiny-chat.gguf";
    public const string EmbeddingFile = "tiny-embed.gguf";

    private readonly System.Collections.Concurrent.ConcurrentBag<string> _directories = [];

    public TinyModels()
    {
        Directory = TinyGguf.CreateModelDirectory();
        _directories.Add(Directory);
    }

    public string Directory { get; }

    /// <summary>The bundled demo database's schema (SQLite), as committed for the Core tests.</summary>
    public static DatabaseSchema DemoSchema { get; } =
        SchemaJson.Deserialize(EngineTestSupport.ReadRepositoryFile("tests/Appliance.Core.Tests/Sql/Schemas/demo.schema.json"));

    /// <summary>An empty directory for a test's own models and manifest, deleted with the fixture.</summary>
    public string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "appliance-models-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        _directories.Add(directory);
        return directory;
    }

    public LocalModelHost Host(Action<CopilotOptions>? configure = null) => Host(Directory, configure);

    public static LocalModelHost Host(string directory, Action<CopilotOptions>? configure = null)
    {
        var options = new CopilotOptions { ModelDirectory = directory, ChatModel = ChatFile, ContextSize = 2048 };
        configure?.Invoke(options);
        return new LocalModelHost(Options.Create(options), NullLogger<LocalModelHost>.Instance);
    }

    /// <summary>A started host whose load has finished (Ready is asserted by the caller where it matters).</summary>
    public async Task<LocalModelHost> ReadyHostAsync(Action<CopilotOptions>? configure = null)
    {
        var host = Host(configure);
        host.Start();
        var state = await host.WaitUntilLoadedAsync(TestContext.Current.CancellationToken);
        Assert.True(state.Status == ModelStatus.Ready, state.Message);
        return host;
    }

    public void Dispose()
    {
        foreach (var directory in _directories)
        {
            try
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }
        }
    }
}
