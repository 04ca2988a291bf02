using TicketRouting.Cli;

namespace TicketRouting.Api.Tests.Cli;

/// <summary>Runs the CLI's command tree in-process and captures what it prints (tests sharing the console run in one collection).</summary>
internal static class CliRunner
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var (originalOut, originalError) = (Console.Out, Console.Error);
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exit = await CliApp.Build().Parse(args).InvokeAsync();
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
