using System.Diagnostics;
using LLama;
using LLama.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Appliance.Infrastructure.Copilot.Models;

/// <summary>
/// A configured GGUF model loaded in the background: started with the appliance, it never delays start-up. The file is
/// checked against the manifest (listed, size, SHA-256) before llama.cpp sees it; the state goes Loading → Ready or
/// Failed with a message that says why. Disposal frees the native memory.
/// </summary>
public abstract partial class LocalModel : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly ModelPurpose _purpose;
    private readonly TimeProvider _time;
    private Task? _loading;
    private LLamaWeights? _weights;
    private ModelState _state;
    private bool _disposed;

    protected LocalModel(CopilotOptions options, string? file, ModelPurpose purpose, string modelDirectory, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        File = string.IsNullOrWhiteSpace(file) ? null : file.Trim();
        _purpose = purpose;
        ModelDirectory = modelDirectory;
        Logger = logger;
        _time = time;
        _state = File is null
            ? (purpose == ModelPurpose.Chat ? ModelState.NotConfigured : new ModelState(ModelStatus.NotConfigured, null, "No embedding model is configured; the built-in lexical embedding is used."))
            : new ModelState(ModelStatus.Loading, File, $"{File} will be checked and loaded when the appliance starts.") { File = File };
        _state = _state with { Purpose = ModelVerifier.Describe(purpose), Since = time.GetUtcNow() };
    }

    /// <summary>The directory holding the GGUF files and manifest.json (full path).</summary>
    public string ModelDirectory { get; }

    protected CopilotOptions Options { get; }

    /// <summary>The configured file name, or null when no model of this purpose is configured.</summary>
    protected string? File { get; }

    protected ILogger Logger { get; }

    /// <summary>Cancelled when the appliance stops or the model is disposed: loads and generations end.</summary>
    protected CancellationToken Stopping => _stopping.Token;

    public virtual ModelState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Start();
        return Task.CompletedTask;
    }

    /// <summary>Starts the background load (once); returns at once.</summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_loading is not null || File is null)
            {
                return;
            }

            _loading = Task.Run(LoadAsync);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loading is { } loading)
        {
            await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until the background load has finished (Ready or Failed) and returns the state then.</summary>
    public async Task<ModelState> WaitUntilLoadedAsync(CancellationToken cancellationToken = default)
    {
        Task? loading;
        lock (_gate)
        {
            loading = _loading;
        }

        if (loading is not null)
        {
            await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return State;
    }

    /// <summary>Creates what the loaded weights serve with (contexts, an embedder); undone by <see cref="UnloadAsync"/>.</summary>
    protected abstract void OnLoaded(LLamaWeights weights, VerifiedModel model);

    /// <summary>Waits for work in progress to end, then frees what <see cref="OnLoaded"/> created.</summary>
    protected abstract Task UnloadAsync();

    /// <summary>Context parameters shared by the chat and embedding models.</summary>
    protected ModelParams Parameters(string path, int contextSize, int threads) => new(path)
    {
        ContextSize = (uint)contextSize,
        BatchSize = (uint)Math.Min(512, contextSize),
        Threads = threads,
        BatchThreads = threads,
        GpuLayerCount = Options.Backend == ModelBackend.Cuda ? Options.GpuLayers : 0,
    };

    private async Task LoadAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var file = File!;
        try
        {
            SetState(ModelStatus.Loading, file, $"Checking {file} against the manifest…", s => s);
            var verified = await ModelVerifier.VerifyAsync(ModelDirectory, file, _purpose, Stopping).ConfigureAwait(false);
            var entry = verified.Entry;
            SetState(ModelStatus.Loading, entry.Name, $"Loading {file} ({ModelManifest.FormatSize(entry.Size)})…", s => s with { FileSize = entry.Size });

            LlamaNativeLibrary.Configure(Options.Backend, Logger);
            var weights = await LLamaWeights.LoadFromFileAsync(Parameters(verified.Path, Options.ContextSize, Options.EffectiveThreads), Stopping)
                .ConfigureAwait(false);
            try
            {
                Stopping.ThrowIfCancellationRequested();
                OnLoaded(weights, verified);
            }
            catch
            {
                weights.Dispose();
                throw;
            }

            _weights = weights;
            var backend = LlamaNativeLibrary.Describe(Options.Backend);
            var elapsed = Stopwatch.GetElapsedTime(started);
            SetState(ModelStatus.Ready, entry.Name, ReadyMessage(entry, backend), s => s with { LoadTime = elapsed, Backend = backend, ContextSize = Options.ContextSize });
            LogLoaded(Logger, file, backend, elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
            SetState(ModelStatus.Failed, State.Model, $"Loading {file} was stopped because the appliance is stopping.", s => s);
        }
        catch (ModelVerificationException ex)
        {
            SetState(ModelStatus.Failed, State.Model, ex.Message, s => s);
            LogRefused(Logger, file, ex.Message);
        }
        catch (Exception ex)
        {
            var message = $"llama.cpp could not load {file}: {ex.Message}";
            SetState(ModelStatus.Failed, State.Model, message, s => s);
            LogLoadFailed(Logger, file, ex);
        }
    }

    /// <summary>The sentence shown while Ready.</summary>
    protected virtual string ReadyMessage(ModelManifestEntry entry, string backend) =>
        $"{entry.Name} is ready on {backend}.";

    private void SetState(ModelStatus status, string? model, string message, Func<ModelState, ModelState> details)
    {
        lock (_gate)
        {
            _state = details(_state with { Status = status, Model = model, Message = message, Since = _time.GetUtcNow() });
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? loading;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loading = _loading;
        }

        await _stopping.CancelAsync();
        if (loading is not null)
        {
            await loading.ConfigureAwait(false);
        }

        if (_weights is not null)
        {
            await UnloadAsync().ConfigureAwait(false);
            _weights.Dispose();
            _weights = null;
            SetState(ModelStatus.Failed, State.Model, $"{File} was unloaded: the appliance is stopping.", s => s);
        }

        // _stopping stays undisposed: a suspended generation may still link to its (cancelled) token.
        GC.SuppressFinalize(this);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {File} loaded on {Backend} in {Seconds:0.0} s")]
    private static partial void LogLoaded(ILogger logger, string file, string backend, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {File} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string file, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {File} could not be loaded")]
    private static partial void LogLoadFailed(ILogger logger, string file, Exception exception);
}
