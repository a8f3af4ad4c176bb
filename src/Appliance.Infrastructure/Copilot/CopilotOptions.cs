using System.ComponentModel.DataAnnotations;

namespace Appliance.Infrastructure.Copilot;

/// <summary>Which native llama.cpp build LLamaSharp loads.</summary>
public enum ModelBackend
{
    /// <summary>The CPU builds of LLamaSharp.Backend.Cpu (AVX-512, AVX2, AVX or none, picked for the machine).</summary>
    Cpu,

    /// <summary>
    /// The CUDA 12 build, which the GPU image provides (see <c>LlamaNativeLibrary</c>); without it or a GPU the CPU build
    /// runs and the model state says so.
    /// </summary>
    Cuda,
}

/// <summary>Where retrieval vectors are kept.</summary>
public enum VectorStoreKind
{
    /// <summary>In-process index persisted in the data directory (the default).</summary>
    Embedded,

    /// <summary>A Qdrant server (<see cref="CopilotOptions.QdrantUrl"/>).</summary>
    Qdrant,
}

/// <summary>The "Appliance:Copilot" section: local models, prompt budget, repair rounds and the vector store.</summary>
public sealed class CopilotOptions
{
    public const string SectionName = "Appliance:Copilot";

    /// <summary>Folder holding the GGUF files and manifest.json; relative paths are resolved against the content root.</summary>
    [Required]
    public string ModelDirectory { get; set; } = "models";

    /// <summary>File name (in the manifest) of the chat model; none means the deterministic engine answers.</summary>
    public string? ChatModel { get; set; }

    /// <summary>File name (in the manifest) of the embedding model; none means the built-in lexical embedding.</summary>
    public string? EmbeddingModel { get; set; }

    public ModelBackend Backend { get; set; } = ModelBackend.Cpu;

    /// <summary>Layers offloaded to the GPU with the CUDA backend.</summary>
    [Range(0, 1000)]
    public int GpuLayers { get; set; }

    [Range(256, 131072)]
    public int ContextSize { get; set; } = 4096;

    /// <summary>CPU threads for inference; 0 means half the cores (at least one).</summary>
    [Range(0, 256)]
    public int Threads { get; set; }

    /// <summary>Sequences generated at once; further requests wait in the queue.</summary>
    [Range(1, 64)]
    public int ParallelSequences { get; set; } = 1;

    /// <summary>Requests that may wait; past this a request is refused with "busy".</summary>
    [Range(1, 10000)]
    public int QueueCapacity { get; set; } = 16;

    /// <summary>Tokens an answer may take; the schema grammar admits no SQL longer than this many bytes, so no answer is cut off.</summary>
    [Range(32, 8192)]
    public int MaxAnswerTokens { get; set; } = 512;

    /// <summary>Tokens of schema context the prompt may hold (tables beyond it are left out).</summary>
    [Range(128, 131072)]
    public int PromptBudgetTokens { get; set; } = 2048;

    /// <summary>Rounds in which a failing answer is fed back to the model with the error.</summary>
    [Range(0, 10)]
    public int MaxRepairRounds { get; set; } = 2;

    public VectorStoreKind VectorStore { get; set; } = VectorStoreKind.Embedded;

    /// <summary>Qdrant's gRPC address (e.g. http://qdrant:6334) when <see cref="VectorStore"/> is Qdrant.</summary>
    public string? QdrantUrl { get; set; }

    /// <summary>Qdrant API key, when the server requires one. Never logged.</summary>
    public string? QdrantApiKey { get; set; }

    /// <summary>The model directory as a full path: relative paths are resolved against <paramref name="contentRoot"/> (or the current directory).</summary>
    public string ModelDirectoryFullPath(string? contentRoot) =>
        Path.GetFullPath(string.IsNullOrEmpty(contentRoot) ? ModelDirectory : Path.Combine(contentRoot, ModelDirectory));

    /// <summary>Inference threads: the configured count, or half the cores (at least one).</summary>
    public int EffectiveThreads => Threads > 0 ? Threads : Math.Max(1, Environment.ProcessorCount / 2);
}
