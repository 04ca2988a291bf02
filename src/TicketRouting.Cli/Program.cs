using System.CommandLine;
using TicketRouting.Cli.Database;

var root = new RootCommand("TicketRouting operator tool: database, data and classifier.");
root.Options.Add(CliDatabase.Provider);
root.Options.Add(CliDatabase.Connection);
foreach (var command in DatabaseCommands.Create())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
