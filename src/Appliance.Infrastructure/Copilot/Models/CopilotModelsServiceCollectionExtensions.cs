using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Infrastructure.Copilot.Models;

public static class CopilotModelsServiceCollectionExtensions
{
    /// <summary>
    /// The local chat model (<see cref="LocalModelHost"/>, also as <see cref="ITextGenerator"/>) and embedding model
    /// (<see cref="LocalEmbedder"/>), both singletons that load in the background when the host starts. The
    /// <see cref="CopilotOptions"/> binding is registered separately; whether <see cref="Retrieval.IEmbedder"/> is the
    /// local embedder or the built-in lexical one is decided by the caller (LocalEmbedder.State says NotConfigured
    /// when no embedding model is set).
    /// </summary>
    public static IServiceCollection AddCopilotModels(this IServiceCollection services)
    {
        services.AddSingleton<LocalModelHost>();
        services.AddSingleton<ITextGenerator>(sp => sp.GetRequiredService<LocalModelHost>());
        services.AddHostedService(sp => sp.GetRequiredService<LocalModelHost>());
        services.AddSingleton<LocalEmbedder>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalEmbedder>());
        return services;
    }
}
