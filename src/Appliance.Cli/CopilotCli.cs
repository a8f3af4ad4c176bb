using Appliance.Core.Connections;
using Appliance.Core.Copilot;
using Appliance.Infrastructure.Copilot;
using Appliance.Infrastructure.Copilot.Models;
using Appliance.Infrastructure.Query;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Cli;

/// <summary>
/// The copilot pipeline for one command run (`ask`, `eval`): the rule engine, or a GGUF model given with --model,
/// verified against the manifest.json beside it and loaded before the first question. Retrieval vectors go to a
/// temporary folder that is deleted with the session.
/// </summary>
internal sealed class CopilotCli : IAsyncDisposable
{
    private readonly LocalModelHost host;
    private readonly string vectorDirectory;

    private CopilotCli(LocalModelHost host, CopilotPipeline pipeline, QueryRunner runner, string vectorDirectory)
    {
        this.host = host;
        Pipeline = pipeline;
        Runner = runner;
        this.vectorDirectory = vectorDirectory;
    }

    public CopilotPipeline Pipeline { get; }

    public QueryRunner Runner { get; }

    public ModelState ModelState => host.State;

    /// <summary>The session; a model that fails its manifest check or does not load throws ArgumentException with the reason.</summary>
    private static async Task<CopilotCli> CreateAsync(FileInfo? model, CancellationToken cancellationToken)
    {
        var settings = new CopilotOptions
        {
            ModelDirectory = model?.DirectoryName ?? Directory.GetCurrentDirectory(),
            ChatModel = model?.Name,
        };
        var options = Options.Create(settings);
        var host = new LocalModelHost(options, NullLogger<LocalModelHost>.Instance);
        if (model is not null)
        {
            host.Start();
            var state = await host.WaitUntilLoadedAsync(cancellationToken);
            if (state.Status != ModelStatus.Ready)
            {
                await host.DisposeAsync();
                throw new ArgumentException($"the model cannot be used: {state.Message}");
            }
        }

        var runner = new QueryRunner(Options.Create(new QueryOptions()));
        var vectors = Directory.CreateTempSubdirectory("appliance-ask-").FullName;
        var prompts = CopilotPromptSource.Create(settings, vectors);
        return new CopilotCli(host, new CopilotPipeline(host, prompts, new SqlAnswerValidator(runner), options), runner, vectors);
    }

    /// <summary>The session, or null after <paramref name="fail"/> said why the model cannot be used.</summary>
    public static async Task<CopilotCli?> TryCreateAsync(FileInfo? model, Func<string, Task> fail, CancellationToken cancellationToken)
    {
        try
        {
            return await CreateAsync(model, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            await fail(ex.Message);
            return null;
        }
    }

    /// <summary>The pipeline's answer to one question (its last event).</summary>
    public async Task<CopilotAnswer> AnswerAsync(string question, CopilotAskContext context, CancellationToken cancellationToken)
    {
        CopilotAnswer? answer = null;
        await foreach (var step in Pipeline.AskAsync(question, context, cancellationToken))
        {
            answer = (step as CopilotCompleted)?.Answer ?? answer;
        }

        return answer!;
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        try
        {
            Directory.Delete(vectorDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    /// <summary>Connection settings from --engine/--connection ("-" reads the string from standard input).</summary>
    /// <returns>Ok false after <paramref name="fail"/> was called; Settings null when neither option was given.</returns>
    public static async Task<(bool Ok, ConnectionSettings? Settings)> SettingsAsync(
        string? engineName, string? connection, TextReader input, DatabaseEngine schemaEngine, Func<string, Task> fail)
    {
        if (engineName is null && connection is null)
        {
            return (true, null);
        }

        if (engineName is null || !DatabaseEngineNames.TryParse(engineName, out var engine))
        {
            await fail(engineName is null ? "give --engine with --connection." : $"unknown engine '{engineName}'; use postgres, mysql, sqlserver or sqlite.");
            return (false, null);
        }

        if (engine != schemaEngine)
        {
            await fail($"the schema is a {schemaEngine.DisplayName()} schema, but --engine is {engine.ToCliName()}.");
            return (false, null);
        }

        var text = connection == "-" ? (await input.ReadLineAsync())?.Trim() : connection;
        if (string.IsNullOrWhiteSpace(text))
        {
            await fail("give --connection with --engine (- reads it from standard input).");
            return (false, null);
        }

        return (true, new ConnectionSettings { Engine = engine, ConnectionString = text });
    }
}
