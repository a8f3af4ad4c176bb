using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Copilot.Retrieval;

/// <summary>
/// The default vector store: in process, exact (brute-force cosine over every vector, SIMD through TensorPrimitives),
/// one file per collection under &lt;DataDirectory&gt;/vectors. A collection is read from its file on first use and
/// written whole after every change, to a temporary file renamed over the old one, so a crash leaves the old or the new
/// file, never half of one. A damaged file raises <see cref="VectorIndexCorruptException"/> until the collection is
/// deleted. Thread-safe: searches and changes of one collection take turns; collections are independent.
/// </summary>
/// <remarks>
/// File format (little-endian): "APVX", format version (int32), dimensions (int32), point count (int32), then per point
/// its id, payload entry count (int32), payload keys and values (length-prefixed UTF-8) and the vector (float32 ×
/// dimensions, unit length); last, the SHA-256 of everything before it.
/// </remarks>
public sealed class EmbeddedVectorIndex : IVectorIndex
{
    public const int FormatVersion = 1;
    private const string Extension = ".vec";
    private static readonly byte[] Magic = "APVX"u8.ToArray();

    private readonly string directory;
    private readonly ConcurrentDictionary<string, Lazy<Collection?>> collections = new(StringComparer.Ordinal);
    // Creating and deleting collections (not their contents) happen one at a time.
    private readonly Lock structure = new();

    public EmbeddedVectorIndex(IOptions<ApplianceOptions> options)
        : this(Path.Combine(options?.Value.DataDirectoryFullPath ?? throw new ArgumentNullException(nameof(options)), "vectors"))
    {
    }

    public EmbeddedVectorIndex(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        this.directory = Path.GetFullPath(directory);
    }

    public Task<bool> CollectionExistsAsync(string collection, CancellationToken cancellationToken = default)
    {
        VectorCollectionNames.Validate(collection);
        // A file that exists counts even when it turns out damaged: reading it then says so.
        var exists = collections.TryGetValue(collection, out var lazy) && lazy.IsValueCreated
            ? lazy.Value is not null
            : File.Exists(PathOf(collection));
        return Task.FromResult(exists);
    }

    public Task EnsureCollectionAsync(string collection, int dimensions, CancellationToken cancellationToken = default)
    {
        VectorCollectionNames.Validate(collection);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        lock (structure)
        {
            Collection? existing;
            try
            {
                existing = Get(collection);
            }
            catch (VectorIndexCorruptException)
            {
                // Ensuring means "make it usable": a damaged file is replaced by an empty collection.
                existing = null;
            }

            if (existing is null)
            {
                var created = new Collection(dimensions);
                lock (created.Gate)
                {
                    Save(collection, created);
                }

                collections[collection] = new Lazy<Collection?>(created);
            }
            else
            {
                lock (existing.Gate)
                {
                    if (existing.Dimensions != dimensions)
                    {
                        existing.Reset(dimensions);
                        Save(collection, existing);
                    }
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task UpsertAsync(string collection, IReadOnlyList<VectorPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        var target = Require(collection);
        lock (target.Gate)
        {
            EnsureLive(collection, target);
            var changed = false;
            foreach (var point in points)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ArgumentNullException.ThrowIfNull(point);
                ArgumentException.ThrowIfNullOrEmpty(point.Id);
                if (point.Vector.Length != target.Dimensions)
                {
                    throw new VectorIndexException(
                        $"The vector of point \"{point.Id}\" has {point.Vector.Length} dimensions; collection \"{collection}\" holds vectors of {target.Dimensions}.");
                }

                changed |= target.Upsert(point);
            }

            if (changed)
            {
                Save(collection, target);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VectorHit>> SearchAsync(string collection, float[] vector, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var target = Require(collection);
        var query = Unit(vector);
        lock (target.Gate)
        {
            EnsureLive(collection, target);
            if (vector.Length != target.Dimensions)
            {
                throw new VectorIndexException(
                    $"The query vector has {vector.Length} dimensions; collection \"{collection}\" holds vectors of {target.Dimensions}.");
            }

            return Task.FromResult(target.Search(query, limit));
        }
    }

    public Task DeleteAsync(string collection, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var target = Require(collection);
        lock (target.Gate)
        {
            EnsureLive(collection, target);
            var changed = false;
            foreach (var id in ids)
            {
                changed |= target.Remove(id);
            }

            if (changed)
            {
                Save(collection, target);
            }
        }

        return Task.CompletedTask;
    }

    public Task DeleteCollectionAsync(string collection, CancellationToken cancellationToken = default)
    {
        VectorCollectionNames.Validate(collection);
        lock (structure)
        {
            if (collections.TryRemove(collection, out var lazy) && lazy.IsValueCreated)
            {
                try
                {
                    if (lazy.Value is { } removed)
                    {
                        lock (removed.Gate)
                        {
                            removed.Deleted = true;
                        }
                    }
                }
                catch (VectorIndexCorruptException)
                {
                    // Nothing loaded to retire; the file goes below.
                }
            }

            File.Delete(PathOf(collection));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken = default)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*" + Extension))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                if (VectorCollectionNames.IsValid(name))
                {
                    names.Add(name);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<string>>([.. names]);
    }

    private string PathOf(string collection) => Path.Combine(directory, collection + Extension);

    private Collection? Get(string collection) =>
        collections.GetOrAdd(collection, name => new Lazy<Collection?>(() => Load(name))).Value;

    private Collection Require(string collection)
    {
        VectorCollectionNames.Validate(collection);
        return Get(collection) ?? throw Missing(collection);
    }

    private static VectorIndexException Missing(string collection) =>
        new($"The vector collection \"{collection}\" does not exist.");

    private static void EnsureLive(string collection, Collection target)
    {
        if (target.Deleted)
        {
            throw Missing(collection);
        }
    }

    private static float[] Unit(float[] vector)
    {
        var copy = (float[])vector.Clone();
        var norm = TensorPrimitives.Norm(copy);
        if (norm > 0)
        {
            TensorPrimitives.Divide(copy, norm, copy);
        }

        return copy;
    }

    private Collection? Load(string collection)
    {
        var path = PathOf(collection);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            return Read(bytes);
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or FormatException or ArgumentException or OverflowException)
        {
            throw Corrupt(path, "it ends early or holds an impossible value", ex);
        }
    }

    private static Collection Read(byte[] bytes)
    {
        if (bytes.Length < Magic.Length + 12 + SHA256.HashSizeInBytes || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new FormatException("not a vector file");
        }

        var body = bytes.AsSpan(0, bytes.Length - SHA256.HashSizeInBytes);
        var version = BitConverter.ToInt32(bytes, Magic.Length);
        if (version > FormatVersion)
        {
            throw new VectorIndexException(
                $"The vector file was written by a newer appliance (format {version}; this one reads up to {FormatVersion}). Delete it to index again.");
        }

        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(body.Length)))
        {
            throw new FormatException("checksum mismatch");
        }

        using var reader = new BinaryReader(new MemoryStream(bytes, Magic.Length + 4, body.Length - Magic.Length - 4), Encoding.UTF8);
        var dimensions = reader.ReadInt32();
        var count = reader.ReadInt32();
        if (dimensions < 1 || count < 0)
        {
            throw new FormatException("bad header");
        }

        var collection = new Collection(dimensions);
        var vector = new float[dimensions];
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadString();
            var entries = reader.ReadInt32();
            if (entries < 0)
            {
                throw new FormatException("bad payload");
            }

            var payload = new Dictionary<string, string>(entries, StringComparer.Ordinal);
            for (var e = 0; e < entries; e++)
            {
                var key = reader.ReadString();
                payload[key] = reader.ReadString();
            }

            ReadFloats(reader, vector);

            collection.Upsert(new VectorPoint(id, vector, payload));
        }

        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            throw new FormatException("trailing bytes");
        }

        return collection;
    }

    private static void ReadFloats(BinaryReader reader, float[] vector)
    {
        var bytes = MemoryMarshal.AsBytes(vector.AsSpan());
        if (reader.Read(bytes) != bytes.Length)
        {
            throw new EndOfStreamException();
        }

        if (!BitConverter.IsLittleEndian)
        {
            var ints = MemoryMarshal.Cast<float, int>(vector.AsSpan());
            BinaryPrimitives.ReverseEndianness(ints, ints);
        }
    }

    private static void WriteFloats(BinaryWriter writer, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            writer.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static VectorIndexCorruptException Corrupt(string path, string reason, Exception inner) =>
        new($"The vector file {path} is damaged ({reason}); delete the collection (or the file) and index again.", inner);

    /// <summary>Writes the collection to a temporary file and renames it over the old one. Called holding the collection's gate.</summary>
    private void Save(string collection, Collection content)
    {
        Directory.CreateDirectory(directory);
        var path = PathOf(collection);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var hashing = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                using (var writer = new BinaryWriter(new HashingStream(stream, hashing), Encoding.UTF8, leaveOpen: true))
                {
                    writer.Write(Magic);
                    writer.Write(FormatVersion);
                    content.WriteTo(writer);
                }

                stream.Write(hashing.GetHashAndReset());
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new VectorIndexException($"Could not write the vector file {path}: {ex.Message}", ex);
        }
    }

    /// <summary>One collection in memory: vectors of unit length in one array, row i belonging to ids[i].</summary>
    private sealed class Collection(int dimensions)
    {
        private readonly List<string> ids = [];
        private readonly List<IReadOnlyDictionary<string, string>> payloads = [];
        private readonly Dictionary<string, int> rows = new(StringComparer.Ordinal);
        private float[] vectors = [];

        public Lock Gate { get; } = new();

        public int Dimensions { get; private set; } = dimensions;

        public bool Deleted { get; set; }

        public void Reset(int newDimensions)
        {
            ids.Clear();
            payloads.Clear();
            rows.Clear();
            vectors = [];
            Dimensions = newDimensions;
        }

        /// <summary>Adds or replaces a point; false when an identical point was already there.</summary>
        public bool Upsert(VectorPoint point)
        {
            var unit = Unit(point.Vector);
            var payload = new Dictionary<string, string>(point.Payload, StringComparer.Ordinal);
            if (rows.TryGetValue(point.Id, out var row))
            {
                if (Row(row).SequenceEqual(unit) && SamePayload(payloads[row], payload))
                {
                    return false;
                }

                unit.CopyTo(Row(row));
                payloads[row] = payload;
                return true;
            }

            row = ids.Count;
            if (vectors.Length < (row + 1) * Dimensions)
            {
                Array.Resize(ref vectors, Math.Max(16, row * 2) * Dimensions);
            }

            unit.CopyTo(Row(row));
            ids.Add(point.Id);
            payloads.Add(payload);
            rows[point.Id] = row;
            return true;
        }

        public bool Remove(string id)
        {
            if (!rows.Remove(id, out var row))
            {
                return false;
            }

            // The last row fills the hole.
            var last = ids.Count - 1;
            if (row != last)
            {
                Row(last).CopyTo(Row(row));
                ids[row] = ids[last];
                payloads[row] = payloads[last];
                rows[ids[row]] = row;
            }

            ids.RemoveAt(last);
            payloads.RemoveAt(last);
            return true;
        }

        public IReadOnlyList<VectorHit> Search(float[] query, int limit)
        {
            // The best `limit` rows so far, worst on top.
            var best = new PriorityQueue<int, float>(limit + 1);
            for (var row = 0; row < ids.Count; row++)
            {
                var score = TensorPrimitives.Dot(Row(row), query);
                if (best.Count < limit)
                {
                    best.Enqueue(row, score);
                }
                else if (best.TryPeek(out _, out var worst) && score > worst)
                {
                    best.EnqueueDequeue(row, score);
                }
            }

            var hits = new List<VectorHit>(best.Count);
            while (best.TryDequeue(out var row, out var score))
            {
                hits.Add(new VectorHit(ids[row], score, payloads[row]));
            }

            return [.. hits.OrderByDescending(h => h.Score).ThenBy(h => h.Id, StringComparer.Ordinal)];
        }

        public void WriteTo(BinaryWriter writer)
        {
            writer.Write(Dimensions);
            writer.Write(ids.Count);
            for (var row = 0; row < ids.Count; row++)
            {
                writer.Write(ids[row]);
                writer.Write(payloads[row].Count);
                foreach (var (key, value) in payloads[row].OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.Write(key);
                    writer.Write(value);
                }

                WriteFloats(writer, Row(row));
            }
        }

        private Span<float> Row(int row) => vectors.AsSpan(row * Dimensions, Dimensions);

        private static bool SamePayload(IReadOnlyDictionary<string, string> a, Dictionary<string, string> b) =>
            a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var value) && value == p.Value);
    }

    /// <summary>Passes writes through to a stream while hashing them.</summary>
    private sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
