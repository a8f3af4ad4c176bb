using Appliance.Infrastructure.Copilot.Retrieval;

namespace Appliance.Infrastructure.Tests.Copilot.Retrieval;

/// <summary>The embedded index's file: it survives a restart, is replaced whole, and a damaged one says so.</summary>
public sealed class EmbeddedVectorIndexTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "appliance-vectors-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static VectorPoint Point(string id, params float[] vector) =>
        new(id, vector, new Dictionary<string, string> { ["kind"] = "Table", ["text"] = "ünïcode text of " + id });

    private async Task<string> WriteSampleAsync(string collection = "sample")
    {
        var index = new EmbeddedVectorIndex(directory);
        await index.EnsureCollectionAsync(collection, 3, Cancellation);
        await index.UpsertAsync(collection, [Point("a", 1, 0, 0), Point("b", 0, 1, 0), Point("c", 0, 0.6f, 0.8f)], Cancellation);
        await index.DeleteAsync(collection, ["a"], Cancellation);
        return Path.Combine(directory, collection + ".vec");
    }

    [Fact]
    public async Task A_new_instance_on_the_same_directory_finds_what_the_last_one_wrote()
    {
        await WriteSampleAsync();

        var reopened = new EmbeddedVectorIndex(directory);
        Assert.True(await reopened.CollectionExistsAsync("sample", Cancellation));
        var hits = await reopened.SearchAsync("sample", [0, 1, 0], 10, Cancellation);

        Assert.Equal(["b", "c"], hits.Select(h => h.Id));
        Assert.Equal([1.0, 0.6], hits.Select(h => Math.Round(h.Score, 4)));
        Assert.Equal("ünïcode text of c", hits[1].Payload["text"]);
        Assert.Equal(["sample"], await reopened.ListCollectionsAsync(Cancellation));
        // Written by temporary file and rename: nothing else is left in the directory.
        Assert.Equal(["sample.vec"], Directory.GetFiles(directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_damaged_file_is_reported_with_its_path_until_the_collection_is_rebuilt()
    {
        var path = await WriteSampleAsync();
        var bytes = await File.ReadAllBytesAsync(path, Cancellation);
        bytes[bytes.Length / 2] ^= 0x5A;
        await File.WriteAllBytesAsync(path, bytes, Cancellation);

        var reopened = new EmbeddedVectorIndex(directory);
        Assert.True(await reopened.CollectionExistsAsync("sample", Cancellation));
        var error = await Assert.ThrowsAsync<VectorIndexCorruptException>(() => reopened.SearchAsync("sample", [0, 1, 0], 10, Cancellation));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<VectorIndexCorruptException>(() => reopened.UpsertAsync("sample", [Point("d", 1, 0, 0)], Cancellation));

        // Ensuring the collection starts it afresh.
        await reopened.EnsureCollectionAsync("sample", 3, Cancellation);
        Assert.Empty(await reopened.SearchAsync("sample", [0, 1, 0], 10, Cancellation));
    }

    [Fact]
    public async Task A_truncated_or_foreign_file_is_damaged_and_can_be_deleted()
    {
        var path = await WriteSampleAsync();
        var bytes = await File.ReadAllBytesAsync(path, Cancellation);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length - 40)], Cancellation);
        await File.WriteAllTextAsync(Path.Combine(directory, "foreign.vec"), "not vectors", Cancellation);

        var reopened = new EmbeddedVectorIndex(directory);
        await Assert.ThrowsAsync<VectorIndexCorruptException>(() => reopened.SearchAsync("sample", [0, 1, 0], 1, Cancellation));
        await Assert.ThrowsAsync<VectorIndexCorruptException>(() => reopened.SearchAsync("foreign", [0, 1, 0], 1, Cancellation));

        await reopened.DeleteCollectionAsync("sample", Cancellation);
        Assert.False(await reopened.CollectionExistsAsync("sample", Cancellation));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_file_from_a_newer_format_is_refused_with_a_clear_message()
    {
        var path = await WriteSampleAsync();
        var bytes = await File.ReadAllBytesAsync(path, Cancellation);
        BitConverter.GetBytes(EmbeddedVectorIndex.FormatVersion + 1).CopyTo(bytes, 4);
        await File.WriteAllBytesAsync(path, bytes, Cancellation);

        var error = await Assert.ThrowsAnyAsync<VectorIndexException>(() => new EmbeddedVectorIndex(directory).SearchAsync("sample", [0, 1, 0], 1, Cancellation));
        Assert.Contains("newer appliance", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_writers_and_readers_leave_every_point_in_place()
    {
        var index = new EmbeddedVectorIndex(directory);
        await index.EnsureCollectionAsync("busy", 16, Cancellation);
        await Parallel.ForEachAsync(Enumerable.Range(0, 64), Cancellation, async (i, token) =>
        {
            var vector = new float[16];
            vector[i % 16] = 1;
            vector[(i + 1) % 16] = i / 64f;
            await index.UpsertAsync("busy", [Point("p" + i, vector)], token);
            Assert.NotEmpty(await index.SearchAsync("busy", vector, 3, token));
        });

        var all = await new EmbeddedVectorIndex(directory).SearchAsync("busy", [.. Enumerable.Repeat(1f, 16)], 100, Cancellation);
        Assert.Equal(64, all.Select(h => h.Id).Distinct().Count());
    }

    [Fact]
    public async Task Unchanged_points_do_not_rewrite_the_file()
    {
        var path = await WriteSampleAsync();
        var written = File.GetLastWriteTimeUtc(path);
        File.SetLastWriteTimeUtc(path, written.AddHours(-1));

        var index = new EmbeddedVectorIndex(directory);
        await index.UpsertAsync("sample", [Point("b", 0, 1, 0)], Cancellation);
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(path));

        await index.UpsertAsync("sample", [Point("b", 0, 0, 1)], Cancellation);
        Assert.NotEqual(written.AddHours(-1), File.GetLastWriteTimeUtc(path));
    }
}
