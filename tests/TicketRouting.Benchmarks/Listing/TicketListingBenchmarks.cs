using BenchmarkDotNet.Attributes;

namespace TicketRouting.Benchmarks.Listing;

/// <summary>
/// GET /api/ticket end to end (HTTP pipeline, auth, EF Core, SQLite) over 100,000 tickets:
/// <c>dotnet run -c Release --project tests/TicketRouting.Benchmarks -- --filter '*TicketListing*'</c>.
/// Each request returns one page and the total count, as the portal and supervisors' screens ask for it.
/// </summary>
[Config(typeof(ShortInProcess))]
[MemoryDiagnoser]
public class TicketListingBenchmarks
{
    private ListingApp _app = null!;

    // Synchronous on purpose: the in-process toolchain of BenchmarkDotNet 0.14 does not await a Task-returning setup.
    [GlobalSetup]
    public void Setup() => _app = ListingApp.StartAsync(Console.Out).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<int> DefaultPage() => _app.GetAsync(ListingScenarios.DefaultPage);

    [Benchmark]
    public Task<int> StatusAndDepartment() => _app.GetAsync(ListingScenarios.StatusAndDepartment);

    [Benchmark]
    public Task<int> PrioritySorted() => _app.GetAsync(ListingScenarios.PrioritySorted);

    [Benchmark]
    public Task<int> AssigneeOpenWork() => _app.GetAsync(ListingScenarios.AssigneeOpenWork);

    [Benchmark]
    public Task<int> Tag() => _app.GetAsync(ListingScenarios.Tag);

    [Benchmark]
    public Task<int> TextSearch() => _app.GetAsync(ListingScenarios.TextSearch);

    [Benchmark]
    public Task<int> Overdue() => _app.GetAsync(ListingScenarios.Overdue);

    [Benchmark]
    public Task<int> Unassigned() => _app.GetAsync(ListingScenarios.Unassigned);

    [Benchmark]
    public Task<int> DeepPage() => _app.GetAsync(ListingScenarios.DeepPage);
}
