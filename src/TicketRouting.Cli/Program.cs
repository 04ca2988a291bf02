using TicketRouting.Cli;

return await CliApp.Build().Parse(args).InvokeAsync();
