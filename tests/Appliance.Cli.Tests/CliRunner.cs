using Appliance.Cli;

namespace Appliance.Cli.Tests;

/// <summary>Runs the `appliance` command in-process with captured standard input, output and error.</summary>
internal static class CliRunner
{
    public static Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => RunWithInputAsync("", args);

    public static async Task<(int Code, string Output, string Error)> RunWithInputAsync(string standardInput, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(standardInput);
        var code = await ApplianceCommand.RunAsync(args, output, error, input);
        return (code, output.ToString(), error.ToString());
    }
}
