using Appliance.Infrastructure.Copilot;
using Appliance.Infrastructure.Copilot.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Appliance.Infrastructure.Tests.Copilot.Models;

public sealed class CopilotModelsRegistrationTests(TinyModels models) : IClassFixture<TinyModels>
{
    [Fact]
    public async Task The_models_are_singletons_started_by_the_host_with_the_directory_resolved_against_the_content_root()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new Environment(Path.GetDirectoryName(models.Directory)!));
        services.AddOptions<CopilotOptions>().Configure(o =>
        {
            o.ModelDirectory = Path.GetFileName(models.Directory); // relative: under the content root
            o.ChatModel = TinyModels.ChatFile;
            o.EmbeddingModel = TinyModels.EmbeddingFile;
            o.ContextSize = 512;
        });
        services.AddCopilotModels();
        await using var provider = services.BuildServiceProvider();

        var host = provider.GetRequiredService<LocalModelHost>();
        var embedder = provider.GetRequiredService<LocalEmbedder>();
        Assert.Same(host, provider.GetRequiredService<ITextGenerator>());
        Assert.Equal(models.Directory, host.ModelDirectory);
        var hosted = provider.GetServices<IHostedService>().ToList();
        Assert.Contains(host, hosted);
        Assert.Contains(embedder, hosted);

        foreach (var service in hosted)
        {
            await service.StartAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(ModelStatus.Ready, (await host.WaitUntilLoadedAsync(TestContext.Current.CancellationToken)).Status);
        Assert.Equal(ModelStatus.Ready, (await embedder.WaitUntilLoadedAsync(TestContext.Current.CancellationToken)).Status);
    }

    private sealed class Environment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";
        public string ApplicationName { get; set; } = "Appliance";
        public string ContentRootPath { get; set; } = contentRoot;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
