using System.CommandLine;
using TicketRouting.Cli.Classifier;
using TicketRouting.Cli.Database;

var root = new RootCommand("TicketRouting operator tool: database, seed data and the department classifier.");
root.Options.Add(CliDatabase.Provider);
root.Options.Add(CliDatabase.Connection);
foreach (var command in DatabaseCommands.Create().Concat(ClassifierCommands.Create(ServiceTickets.Load)))
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
