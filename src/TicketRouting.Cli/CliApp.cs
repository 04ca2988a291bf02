using System.CommandLine;
using TicketRouting.Cli.Classifier;
using TicketRouting.Cli.Database;
using TicketRouting.Cli.Simulation;

namespace TicketRouting.Cli;

/// <summary>The command tree, built in one place so that tests run the same commands as operators.</summary>
public static class CliApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand("TicketRouting operator tool: database, seed data, tickets and the department classifier.");
        root.Options.Add(CliDatabase.Provider);
        root.Options.Add(CliDatabase.Connection);
        foreach (var command in DatabaseCommands.Create().Concat(TicketCommands.Create()).Concat(ClassifierCommands.Create(ServiceTickets.Load))
            .Append(ReplayCommand.Create()).Append(SimulateCommand.Create()))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
