using Appliance.Infrastructure.Copilot;
using Appliance.Infrastructure.Copilot.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Tests.Copilot.Models;

public sealed class LocalEmbedderTests(TinyModels models) : IClassFixture<TinyModels>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_embedding_model_gives_unit_vectors_of_its_size_that_depend_on_the_text()
    {
        await using var embedder = Embedder(TinyModels.EmbeddingFile);
        embedder.Start();

        var orders = await embedder.EmbedAsync("orders placed by customers", Ct);
        var again = await embedder.EmbedAsync("orders placed by customers", Ct);
        var other = await embedder.EmbedAsync("warehouse stock levels", Ct);

        Assert.Equal(ModelStatus.Ready, embedder.State.Status);
        Assert.Equal(64, embedder.Dimensions);
        Assert.Equal(64, orders.Length);
        Assert.Equal(1.0, Math.Sqrt(orders.Sum(v => (double)v * v)), 4);
        Assert.Equal(orders, again);
        Assert.NotEqual(orders, other);
    }

    [Fact]
    public async Task The_name_carries_the_file_and_its_checksum_so_vectors_of_another_model_never_mix()
    {
        await using var embedder = Embedder(TinyModels.EmbeddingFile);
        var sha = (await ModelVerifier.VerifyAsync(models.Directory, TinyModels.EmbeddingFile, ModelPurpose.Embedding, Ct)).Entry.Sha256;

        Assert.Equal($"gguf-tiny-embed-{sha[..12]}", embedder.Name);
    }

    [Fact]
    public async Task A_text_longer_than_the_context_is_cut_rather_than_refused()
    {
        await using var embedder = Embedder(TinyModels.EmbeddingFile, contextSize: 256);
        embedder.Start();

        var vector = await embedder.EmbedAsync(string.Join(' ', Enumerable.Repeat("customers orders", 400)), Ct);

        Assert.Equal(64, vector.Length);
    }

    [Fact]
    public async Task A_chat_model_is_not_loaded_as_the_embedding_model()
    {
        await using var embedder = Embedder(TinyModels.ChatFile);
        embedder.Start();

        var state = await embedder.WaitUntilLoadedAsync(Ct);

        Assert.Equal(ModelStatus.Failed, state.Status);
        Assert.Contains("as a chat model, not an embedding model", state.Message, StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => embedder.EmbedAsync("x", Ct));
        Assert.Equal(state.Message, error.Message);
    }

    [Fact]
    public async Task Without_an_embedding_model_the_state_is_not_configured()
    {
        await using var embedder = Embedder(null);
        embedder.Start();

        Assert.Equal(ModelStatus.NotConfigured, (await embedder.WaitUntilLoadedAsync(Ct)).Status);
        await Assert.ThrowsAsync<ModelUnavailableException>(() => embedder.EmbedAsync("x", Ct));
    }

    private LocalEmbedder Embedder(string? file, int contextSize = 512) => new(
        Options.Create(new CopilotOptions { ModelDirectory = models.Directory, EmbeddingModel = file, ContextSize = contextSize }),
        NullLogger<LocalEmbedder>.Instance);
}
