using System.CommandLine;
using System.CommandLine.Invocation;

namespace TicketRouting.Cli.Classifier;

/// <summary>
/// The classifier commands' action: an operator's mistake (unknown file, bad CSV, empty data, one label,
/// bad option) is one line on stderr and exit code 2, never a stack trace or a page of help.
/// </summary>
internal sealed class CommandErrors(Func<ParseResult, int> action) : SynchronousCommandLineAction
{
    public const int UsageError = 2;

    // Parse errors reach this action instead of the default help page, so that they too are one line.
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        if (parseResult.Errors.Count > 0)
        {
            return Fail(parseResult.Errors[0].Message);
        }

        try
        {
            return action(parseResult);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException
            or DirectoryNotFoundException or UnauthorizedAccessException or FormatException or IOException)
        {
            return Fail(e switch
            {
                ArgumentException { ParamName: { } name } a => a.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal),
                _ => e.Message,
            });
        }
    }

    public static void Use(Command command, Func<ParseResult, int> action) => command.Action = new CommandErrors(action);

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}");
        return UsageError;
    }
}
