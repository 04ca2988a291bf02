namespace TicketRouting.Cli;

// A named entry point (not top-level statements): the CLI references the API, whose entry point is the global `Program`.
internal static class Program
{
    private static async Task<int> Main(string[] args) => await CliApp.Build().Parse(args).InvokeAsync();
}
