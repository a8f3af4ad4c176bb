using Appliance.Cli;

return await ApplianceCommand.RunAsync(args, Console.Out, Console.Error, Console.In);
