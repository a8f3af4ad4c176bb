using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Appliance.Tests;

/// <summary>
/// Writes a tiny llama-architecture GGUF (v3) model with seeded random F32 weights, small enough to load and run in
/// milliseconds through the real LLamaSharp/llama.cpp path. Its SentencePiece ("llama") vocabulary has the three
/// special tokens, the 256 byte-fallback tokens and a few hundred normal tokens, so it can spell any text: random
/// weights make the output random, a grammar makes it valid.
/// </summary>
public static class TinyGguf
{
    public const int EmbeddingLength = 64;
    public const int ContextLength = 2048;
    private const int LayerCount = 2;
    private const int HeadCount = 4;
    private const int FeedForwardLength = 128;
    private const int Alignment = 32;

    // GGUF value types.
    private const uint TypeUInt32 = 4;
    private const uint TypeInt32 = 5;
    private const uint TypeFloat32 = 6;
    private const uint TypeBool = 7;
    private const uint TypeString = 8;
    private const uint TypeArray = 9;

    // llama.cpp token types.
    private const int TokenNormal = 1;
    private const int TokenUnknown = 2;
    private const int TokenControl = 3;
    private const int TokenByte = 6;

    /// <summary>Words that become single tokens (SentencePiece writes a leading space as "▁").</summary>
    private static readonly string[] Words =
    [
        "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "NULL", "IS", "IN", "LIKE", "BETWEEN", "JOIN", "ON", "AS", "GROUP",
        "BY", "ORDER", "HAVING", "LIMIT", "TOP", "ASC", "DESC", "DISTINCT", "COUNT", "SUM", "AVG", "MIN", "MAX",
        "customers", "customer", "orders", "order", "products", "product", "lines", "payments", "amount", "price",
        "status", "name", "email", "created", "country", "code", "city", "quantity", "total", "_id", "_at", "_code",
        "how", "many", "what", "which", "show", "list", "the", "of", "per", "each", "top", "last", "month", "year",
        "average", "number", "all", "with", "for", "by", "in", "and", "or", "is", "are", "SQL", "question", "answer",
    ];

    /// <summary>The vocabulary: &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt;, &lt;0x00&gt;…&lt;0xFF&gt;, "▁", printable ASCII, words.</summary>
    public static IReadOnlyList<string> Vocabulary { get; } = BuildVocabulary().Select(t => t.Text).ToList();

    /// <summary>
    /// Writes the model to <paramref name="path"/>; the same seed gives the same bytes. A <paramref name="chatTemplate"/>
    /// is stored as tokenizer.chat_template (llama.cpp recognises the common ones, e.g. ChatML, by their markers).
    /// </summary>
    public static void Write(string path, int seed = 2026, string name = "tiny-llama", string? chatTemplate = null)
    {
        var vocabulary = BuildVocabulary();
        var random = new Random(seed);
        var tensors = new List<(string Name, long[] Shape, float[] Data)>();

        void Add(string tensorName, float scale, params long[] shape)
        {
            var count = shape.Aggregate(1L, (a, b) => a * b);
            var data = new float[count];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = scale < 0 ? 1f : (float)((random.NextDouble() * 2 - 1) * scale);
            }

            tensors.Add((tensorName, shape, data));
        }

        // Shapes in ggml order (the fastest-varying dimension first); norms are ones (scale < 0).
        var vocabularySize = vocabulary.Count;
        Add("token_embd.weight", 1f, EmbeddingLength, vocabularySize);
        for (var layer = 0; layer < LayerCount; layer++)
        {
            Add($"blk.{layer}.attn_norm.weight", -1, EmbeddingLength);
            Add($"blk.{layer}.attn_q.weight", 0.2f, EmbeddingLength, EmbeddingLength);
            Add($"blk.{layer}.attn_k.weight", 0.2f, EmbeddingLength, EmbeddingLength);
            Add($"blk.{layer}.attn_v.weight", 0.2f, EmbeddingLength, EmbeddingLength);
            Add($"blk.{layer}.attn_output.weight", 0.2f, EmbeddingLength, EmbeddingLength);
            Add($"blk.{layer}.ffn_norm.weight", -1, EmbeddingLength);
            Add($"blk.{layer}.ffn_gate.weight", 0.2f, EmbeddingLength, FeedForwardLength);
            Add($"blk.{layer}.ffn_up.weight", 0.2f, EmbeddingLength, FeedForwardLength);
            Add($"blk.{layer}.ffn_down.weight", 0.2f, FeedForwardLength, EmbeddingLength);
        }

        Add("output_norm.weight", -1, EmbeddingLength);
        Add("output.weight", 1f, EmbeddingLength, vocabularySize);

        var metadata = new List<(string Key, uint Type, Action<BinaryWriter> Write)>
        {
            ("general.architecture", TypeString, w => WriteString(w, "llama")),
            ("general.name", TypeString, w => WriteString(w, name)),
            ("general.alignment", TypeUInt32, w => w.Write((uint)Alignment)),
            ("llama.context_length", TypeUInt32, w => w.Write((uint)ContextLength)),
            ("llama.embedding_length", TypeUInt32, w => w.Write((uint)EmbeddingLength)),
            ("llama.block_count", TypeUInt32, w => w.Write((uint)LayerCount)),
            ("llama.feed_forward_length", TypeUInt32, w => w.Write((uint)FeedForwardLength)),
            ("llama.attention.head_count", TypeUInt32, w => w.Write((uint)HeadCount)),
            ("llama.attention.head_count_kv", TypeUInt32, w => w.Write((uint)HeadCount)),
            ("llama.attention.layer_norm_rms_epsilon", TypeFloat32, w => w.Write(1e-5f)),
            ("llama.rope.dimension_count", TypeUInt32, w => w.Write((uint)(EmbeddingLength / HeadCount))),
            ("llama.rope.freq_base", TypeFloat32, w => w.Write(10000f)),
            ("llama.vocab_size", TypeUInt32, w => w.Write((uint)vocabularySize)),
            ("tokenizer.ggml.model", TypeString, w => WriteString(w, "llama")),
            ("tokenizer.ggml.tokens", TypeArray, w => WriteArray(w, TypeString, vocabulary, (bw, t) => WriteString(bw, t.Text))),
            ("tokenizer.ggml.scores", TypeArray, w => WriteArray(w, TypeFloat32, vocabulary, (bw, t) => bw.Write(t.Score))),
            ("tokenizer.ggml.token_type", TypeArray, w => WriteArray(w, TypeInt32, vocabulary, (bw, t) => bw.Write(t.Type))),
            ("tokenizer.ggml.unknown_token_id", TypeUInt32, w => w.Write(0u)),
            ("tokenizer.ggml.bos_token_id", TypeUInt32, w => w.Write(1u)),
            ("tokenizer.ggml.eos_token_id", TypeUInt32, w => w.Write(2u)),
            ("tokenizer.ggml.add_bos_token", TypeBool, w => w.Write(true)),
            ("tokenizer.ggml.add_eos_token", TypeBool, w => w.Write(false)),
        };
        if (chatTemplate is not null)
        {
            metadata.Add(("tokenizer.chat_template", TypeString, w => WriteString(w, chatTemplate)));
        }

        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write("GGUF"u8);
        writer.Write(3u);
        writer.Write((ulong)tensors.Count);
        writer.Write((ulong)metadata.Count);
        foreach (var (key, type, write) in metadata)
        {
            WriteString(writer, key);
            writer.Write(type);
            write(writer);
        }

        ulong offset = 0;
        foreach (var (tensorName, shape, data) in tensors)
        {
            WriteString(writer, tensorName);
            writer.Write((uint)shape.Length);
            foreach (var dimension in shape)
            {
                writer.Write((ulong)dimension);
            }

            writer.Write(0u); // GGML_TYPE_F32
            writer.Write(offset);
            offset += Align((ulong)data.Length * sizeof(float));
        }

        Pad(writer);
        foreach (var (_, _, data) in tensors)
        {
            foreach (var value in data)
            {
                writer.Write(value); // BinaryWriter writes little-endian, as GGUF wants
            }

            Pad(writer);
        }
    }

    /// <summary>
    /// Writes the chat model (and, with <paramref name="embeddingFile"/>, an embedding model from another seed) into
    /// <paramref name="directory"/> with a manifest.json that lists them with their real sizes and SHA-256.
    /// </summary>
    public static void WriteWithManifest(string directory, string chatFile = "tiny-chat.gguf", string? embeddingFile = "tiny-embed.gguf")
    {
        Directory.CreateDirectory(directory);
        var entries = new List<object>();
        Write(Path.Combine(directory, chatFile), 2026, "tiny-chat");
        entries.Add(Entry(directory, chatFile, "chat", "tiny-chat"));
        if (embeddingFile is not null)
        {
            Write(Path.Combine(directory, embeddingFile), 7, "tiny-embed");
            entries.Add(Entry(directory, embeddingFile, "embedding", "tiny-embed"));
        }

        WriteManifest(directory, entries);
    }

    /// <summary>A new temporary directory holding both tiny models and their manifest; returns its path.</summary>
    public static string CreateModelDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "appliance-models-" + Guid.NewGuid().ToString("N"));
        WriteWithManifest(directory);
        return directory;
    }

    /// <summary>Writes manifest.json with the given entries (anonymous objects or dictionaries in manifest shape).</summary>
    public static void WriteManifest(string directory, IEnumerable<object> entries) =>
        File.WriteAllText(Path.Combine(directory, "manifest.json"), JsonSerializer.Serialize(new { models = entries.ToList() }));

    /// <summary>A manifest entry for a file already in <paramref name="directory"/>, with its real size and checksum.</summary>
    public static Dictionary<string, object> Entry(string directory, string file, string purpose, string name)
    {
        var path = Path.Combine(directory, file);
        using var stream = File.OpenRead(path);
        return new Dictionary<string, object>
        {
            ["file"] = file,
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(stream)),
            ["size"] = new FileInfo(path).Length,
            ["license"] = "MIT (test weights)",
            ["purpose"] = purpose,
            ["name"] = name,
            ["description"] = "Random weights written by the tests.",
            ["context_length"] = ContextLength,
        };
    }

    private static List<(string Text, float Score, int Type)> BuildVocabulary()
    {
        var tokens = new List<(string Text, float Score, int Type)>
        {
            ("<unk>", 0f, TokenUnknown),
            ("<s>", 0f, TokenControl),
            ("</s>", 0f, TokenControl),
        };
        for (var b = 0; b < 256; b++)
        {
            tokens.Add(($"<0x{b:X2}>", 0f, TokenByte));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Normal(string text)
        {
            if (seen.Add(text))
            {
                // SentencePiece merges the highest-scoring pair first: longer pieces win.
                tokens.Add((text, text.Length - 100f, TokenNormal));
            }
        }

        Normal("\u2581");
        for (var c = '!'; c <= '~'; c++)
        {
            Normal(c.ToString());
        }

        foreach (var word in Words)
        {
            Normal(word);
            Normal("\u2581" + word);
        }

        return tokens;
    }

    private static ulong Align(ulong value) => (value + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter writer)
    {
        writer.Flush();
        var position = (ulong)writer.BaseStream.Position;
        var padding = Align(position) - position;
        for (ulong i = 0; i < padding; i++)
        {
            writer.Write((byte)0);
        }
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void WriteArray<T>(BinaryWriter writer, uint elementType, IReadOnlyList<T> items, Action<BinaryWriter, T> write)
    {
        writer.Write(elementType);
        writer.Write((ulong)items.Count);
        foreach (var item in items)
        {
            write(writer, item);
        }
    }
}
