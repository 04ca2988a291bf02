using System.CommandLine;
using TicketRouting.Cli.Classifier;

var root = new RootCommand("TicketRouting operator tool");
foreach (var command in ClassifierCommands.Create())
{
    root.Subcommands.Add(command);
}

return root.Parse(args).Invoke();
