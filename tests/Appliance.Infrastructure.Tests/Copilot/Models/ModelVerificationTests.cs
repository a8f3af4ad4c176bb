using Appliance.Infrastructure.Copilot.Models;
using Appliance.Tests;

namespace Appliance.Infrastructure.Tests.Copilot.Models;

public sealed class ModelVerificationTests(TinyModels models) : IClassFixture<TinyModels>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_listed_file_passes_with_its_manifest_entry()
    {
        var verified = await ModelVerifier.VerifyAsync(models.Directory, TinyModels.ChatFile, ModelPurpose.Chat, Ct);

        Assert.Equal(Path.Combine(models.Directory, TinyModels.ChatFile), verified.Path);
        Assert.Equal("tiny-chat", verified.Entry.Name);
        Assert.Equal(new FileInfo(verified.Path).Length, verified.Entry.Size);
    }

    [Fact]
    public async Task A_wrong_checksum_is_refused_naming_the_file_and_both_checksums_and_the_state_is_failed()
    {
        var directory = CopyChatModel(entry => entry["sha256"] = new string('a', 64));
        var actual = (string)TinyGguf.Entry(directory, TinyModels.ChatFile, "chat", "x")["sha256"];

        var state = await LoadAsync(directory);

        Assert.Equal(ModelStatus.Failed, state.Status);
        Assert.Contains(TinyModels.ChatFile, state.Message, StringComparison.Ordinal);
        Assert.Contains(actual, state.Message, StringComparison.Ordinal);
        Assert.Contains(new string('a', 64), state.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_size_is_refused_naming_both_sizes()
    {
        var directory = CopyChatModel(entry => entry["size"] = 1234L);
        var actual = new FileInfo(Path.Combine(directory, TinyModels.ChatFile)).Length;

        var state = await LoadAsync(directory);

        Assert.Equal(ModelStatus.Failed, state.Status);
        Assert.Contains(TinyModels.ChatFile, state.Message, StringComparison.Ordinal);
        Assert.Contains("1,234 bytes", state.Message, StringComparison.Ordinal);
        Assert.Contains(actual.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), state.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_listed_but_missing_is_refused()
    {
        var directory = CopyChatModel(_ => { });
        File.Delete(Path.Combine(directory, TinyModels.ChatFile));

        var state = await LoadAsync(directory);

        Assert.Equal(ModelStatus.Failed, state.Status);
        Assert.Contains($"{TinyModels.ChatFile} is listed in", state.Message, StringComparison.Ordinal);
        Assert.Contains("is not in", state.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_not_in_the_manifest_is_refused_even_though_it_is_a_valid_model()
    {
        var directory = models.NewDirectory();
        File.Copy(Path.Combine(models.Directory, TinyModels.ChatFile), Path.Combine(directory, TinyModels.ChatFile));
        TinyGguf.WriteManifest(directory, []);

        var state = await LoadAsync(directory);

        Assert.Equal(ModelStatus.Failed, state.Status);
        Assert.Contains($"{TinyModels.ChatFile} is not listed in", state.Message, StringComparison.Ordinal);
        Assert.Null(state.FileSize); // never got as far as loading
    }

    [Fact]
    public async Task An_embedding_model_is_not_loaded_as_the_chat_model()
    {
        var state = await LoadAsync(models.Directory, TinyModels.EmbeddingFile);

        Assert.Equal(ModelStatus.Failed, state.Status);
        Assert.Contains($"{TinyModels.EmbeddingFile} is listed in", state.Message, StringComparison.Ordinal);
        Assert.Contains("as an embedding model, not a chat model", state.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "There is no manifest.json in the model directory")]
    [InlineData("{ not json", "is not a valid manifest")]
    [InlineData("{ \"other\": [] }", "has no \"models\" list")]
    [InlineData("{ \"models\": [ { \"file\": \"tiny-chat.gguf\", \"sha256\": \"abc\", \"size\": 1, \"license\": \"MIT\", \"purpose\": \"chat\", \"name\": \"x\" } ] }",
        "\"sha256\" must be 64 hexadecimal characters")]
    [InlineData("{ \"models\": [ { \"file\": \"tiny-chat.gguf\", \"sha256\": \"" + Sha + "\", \"size\": 1, \"purpose\": \"chat\", \"name\": \"x\" } ] }",
        "has no \"license\"")]
    [InlineData("{ \"models\": [ { \"file\": \"tiny-chat.gguf\", \"sha256\": \"" + Sha + "\", \"size\": 1, \"license\": \"MIT\", \"purpose\": \"vision\", \"name\": \"x\" } ] }",
        "\"purpose\" is \"vision\"; it must be \"chat\" or \"embedding\"")]
    [InlineData("{ \"models\": [ { \"file\": \"../tiny-chat.gguf\", \"sha256\": \"" + Sha + "\", \"size\": 1, \"license\": \"MIT\", \"purpose\": \"chat\", \"name\": \"x\" } ] }",
        "must be a file name in the model directory, not a path")]
    public async Task A_missing_or_malformed_manifest_is_refused_with_the_reason(string? manifest, string expected)
    {
        var directory = models.NewDirectory();
        File.Copy(Path.Combine(models.Directory, TinyModels.ChatFile), Path.Combine(directory, TinyModels.ChatFile));
        if (manifest is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, ModelManifest.FileName), manifest, Ct);
        }

        var state = await LoadAsync(directory);

        Assert.Equal(ModelStatus.Failed, state.Status);
        Assert.Contains(expected, state.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{TinyModels.ChatFile} cannot be checked", state.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_path_instead_of_a_file_name_is_refused()
    {
        var state = await LoadAsync(models.Directory, "../" + TinyModels.ChatFile);

        Assert.Equal(ModelStatus.Failed, state.Status);
        Assert.Contains("must be a file name in the model directory", state.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_chat_model_the_state_is_not_configured_and_generation_is_unavailable()
    {
        await using var host = TinyModels.Host(models.Directory, o => o.ChatModel = null);
        host.Start();

        var state = await host.WaitUntilLoadedAsync(Ct);

        Assert.Equal(ModelStatus.NotConfigured, state.Status);
        var error = await Assert.ThrowsAsync<ModelUnavailableException>(async () =>
        {
            await foreach (var _ in host.GenerateAsync(new GenerationRequest { Prompt = "x" }, Ct))
            {
            }
        });
        Assert.Contains("rule engine", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generation_is_refused_with_the_failure_reason_when_verification_failed()
    {
        var directory = CopyChatModel(entry => entry["size"] = 99L);
        await using var host = TinyModels.Host(directory);
        host.Start();
        await host.WaitUntilLoadedAsync(Ct);

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(async () =>
        {
            await foreach (var _ in host.GenerateAsync(new GenerationRequest { Prompt = "x" }, Ct))
            {
            }
        });

        Assert.Contains("the manifest expects 99 bytes", error.Message, StringComparison.Ordinal);
    }

    private const string Sha = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>A directory with the tiny chat model and a manifest whose entry <paramref name="change"/> edits.</summary>
    private string CopyChatModel(Action<Dictionary<string, object>> change)
    {
        var directory = models.NewDirectory();
        File.Copy(Path.Combine(models.Directory, TinyModels.ChatFile), Path.Combine(directory, TinyModels.ChatFile));
        var entry = TinyGguf.Entry(directory, TinyModels.ChatFile, "chat", "tiny-chat");
        change(entry);
        TinyGguf.WriteManifest(directory, [entry]);
        return directory;
    }

    private static async Task<ModelState> LoadAsync(string directory, string file = TinyModels.ChatFile)
    {
        await using var host = TinyModels.Host(directory, o => o.ChatModel = file);
        Assert.Equal(ModelStatus.Loading, host.State.Status);
        host.Start();
        return await host.WaitUntilLoadedAsync(Ct);
    }
}
