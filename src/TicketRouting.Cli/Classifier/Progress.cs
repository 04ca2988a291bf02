using Spectre.Console;

namespace TicketRouting.Cli.Classifier;

/// <summary>A Spectre.Console progress bar on stderr for long work; nothing when stderr is not a terminal (scripts, tests).</summary>
internal static class Progress
{
    public static T Run<T>(string description, Func<IProgress<double>, T> work)
    {
        if (Console.IsErrorRedirected)
        {
            return work(new Progress<double>(_ => { }));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress().AutoClear(true).Start(context =>
        {
            var task = context.AddTask(description, maxValue: 1);
            var result = work(new SynchronousProgress(value => task.Value = value));
            task.Value = 1;
            return result;
        });
    }

    // Progress<T> posts to the thread pool; the bar wants the value now.
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
