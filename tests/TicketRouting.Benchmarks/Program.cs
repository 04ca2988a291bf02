using BenchmarkDotNet.Running;
using TicketRouting.Benchmarks.Listing;

namespace TicketRouting.Benchmarks;

// A named class, not top-level statements: those would declare a second global Program next to the API's,
// which WebApplicationFactory<Program> needs.
public static class BenchmarkProgram
{
    public static async Task Main(string[] args)
    {
        // WebApplicationFactory looks for MvcTestingAppManifest.json in the current directory, as under dotnet test.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        if (args.Contains("--plans"))
        {
            // Not a BenchmarkDotNet run: SQL, SQLite query plan and median time of each listing query.
            await QueryPlanReport.RunAsync(Console.Out);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(ClassifierBenchmarks).Assembly).Run(args);
    }
}
