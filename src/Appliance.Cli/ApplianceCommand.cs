using System.CommandLine;
using Appliance.Infrastructure.Engines;

namespace Appliance.Cli;

/// <summary>The `appliance` command: verbs for scripts and CI pipelines (see ../shared/cli-contract.md in the project's material).</summary>
public static class ApplianceCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TextReader? input = null, DatabaseEngines? engines = null)
    {
        var root = new RootCommand("Database copilot appliance: schema ingestion and diffs, SQL tools and mock data for scripts and CI. Every verb has --help.");
        engines ??= DatabaseEngines.CreateDefault();
        root.Subcommands.Add(IngestCommand.Create(output, error, input ?? Console.In, engines));
        root.Subcommands.Add(SqlCommand.Create(output, error, input ?? Console.In, engines));
        root.Subcommands.Add(UsersCommand.Create(output, error, input ?? Console.In));
        root.Subcommands.Add(MockCommand.Create(output, error, input ?? Console.In));
        root.Subcommands.Add(DiffCommand.Create(output, error));
        root.Subcommands.Add(ErdCommand.Create(output, error));
        root.Subcommands.Add(AskCommand.Create(output, error, input ?? Console.In));
        root.Subcommands.Add(EvalCommand.Create(output, error, input ?? Console.In, engines));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One clear line, not a wall of help: the contract promises scripts a single message on failure.
            // An unknown verb or option says more than the "command was not provided" that comes with it.
            var first = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            await error.WriteLineAsync($"appliance: {first.Message} (see --help)");
            // diff keeps 1 for "the schemas differ", like diff(1); its errors exit 2.
            return parse.CommandResult.Command.Name == DiffCommand.Name ? DiffCommand.ErrorExit : 1;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("appliance: cancelled.");
            return 130;
        }
#pragma warning disable CA1031 // The contract: one clear line on standard error, never a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"appliance: {ex.Message}");
            return 1;
        }
    }
}
