using LLama.Native;
using Microsoft.Extensions.Logging;

namespace Appliance.Infrastructure.Copilot.Models;

/// <summary>
/// Chooses the llama.cpp build LLamaSharp loads, once per process, before the first native call (LLamaSharp ignores
/// any configuration after that).
/// </summary>
/// <remarks>
/// CPU is the default: the LLamaSharp.Backend.Cpu package ships builds for AVX, AVX2, AVX-512 and none, and the best
/// one for the machine is picked. CUDA is not a package reference of the appliance (the libraries are large and only
/// useful on GPU hosts): the GPU image build copies <c>runtimes/linux-x64/native/cuda12/*.so</c> from the
/// LLamaSharp.Backend.Cuda12 package of the same version (0.30.0) into the application directory under the same
/// relative path, on a base image that has the CUDA 12 runtime (libcudart, libcublas). With Backend = Cuda,
/// LLamaSharp looks there first; when no usable CUDA build or GPU is found it falls back to the CPU build, and the
/// model state says so.
/// </remarks>
internal static partial class LlamaNativeLibrary
{
    private static readonly Lock Gate = new();
    private static ILogger? _logger;
    private static bool _configured;

    public static void Configure(ModelBackend backend, ILogger logger)
    {
        lock (Gate)
        {
            if (_configured)
            {
                return;
            }

            _configured = true;
            _logger = logger;
            if (NativeLibraryConfig.LLama.LibraryHasLoaded)
            {
                return; // someone loaded it already; their choice stands
            }

            NativeLibraryConfig.All
                .WithCuda(backend == ModelBackend.Cuda)
                .WithVulkan(false)
                .WithAutoFallback(true)
                .WithLogCallback(Log);
        }
    }

    /// <summary>What was loaded, for the model state: "CPU (AVX2)", "CUDA", or the CPU fallback when CUDA was asked for.</summary>
    public static string Describe(ModelBackend requested)
    {
        var metadata = NativeApi.GetLoadedNativeLibrary(NativeLibraryName.LLama)?.Metadata;
        var gpu = NativeApi.llama_supports_gpu_offload();
        if (metadata?.UseCuda == true && gpu)
        {
            return "CUDA";
        }

        var cpu = metadata is null ? "CPU" : $"CPU ({metadata.AvxLevel})";
        return requested == ModelBackend.Cuda ? $"{cpu}; CUDA was requested but no CUDA build or GPU was found" : cpu;
    }

    // llama.cpp is chatty at Info (every tensor and buffer); only its warnings and errors reach the appliance log.
    private static void Log(LLamaLogLevel level, string message)
    {
        var logger = _logger;
        if (logger is null || string.IsNullOrWhiteSpace(message))
        {
            return;
        }

        switch (level)
        {
            case LLamaLogLevel.Error:
                LogNativeError(logger, message.TrimEnd());
                break;
            case LLamaLogLevel.Warning:
                LogNativeWarning(logger, message.TrimEnd());
                break;
            default:
                LogNativeDebug(logger, message.TrimEnd());
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "llama.cpp: {Message}")]
    private static partial void LogNativeError(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "llama.cpp: {Message}")]
    private static partial void LogNativeWarning(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Trace, Message = "llama.cpp: {Message}")]
    private static partial void LogNativeDebug(ILogger logger, string message);
}
