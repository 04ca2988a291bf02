using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Classifier;
using TicketRouting.Api.Departments;
using TicketRouting.Core.Domain;
using TicketRouting.Data;

namespace TicketRouting.Api.Observability;

/// <summary>
/// Open tickets and queue length per department, counted by one grouped query every
/// <c>Metrics:SnapshotSeconds</c> and read by the observable gauges: a scrape never queries the database.
/// Also exposes the classifier and version in use.
/// </summary>
public sealed class WorkloadSnapshot(IServiceScopeFactory scopes, DepartmentDirectory departments, ClassifierRuntime classifier,
    IConfiguration configuration, ILogger<WorkloadSnapshot> logger) : BackgroundService
{
    private volatile IReadOnlyList<(string Department, int Open, int Queued)> _counts = [];

    public IReadOnlyList<(string Department, int Open, int Queued)> Counts => _counts;

    // The Meter is static (one per process), so are its gauges; they read the snapshot of the running app.
    private static volatile WorkloadSnapshot? _current;
    private static readonly Lazy<bool> Gauges = new(() =>
    {
        TicketRoutingTelemetry.Meter.CreateObservableGauge("ticketrouting.tickets.open",
            () => (_current?.Counts ?? []).Select(c => new System.Diagnostics.Metrics.Measurement<int>(c.Open, new KeyValuePair<string, object?>("department", c.Department))),
            "{ticket}", "Open tickets (open, in progress, blocked) per department, assigned or queued.");
        TicketRoutingTelemetry.Meter.CreateObservableGauge("ticketrouting.queue.length",
            () => (_current?.Counts ?? []).Select(c => new System.Diagnostics.Metrics.Measurement<int>(c.Queued, new KeyValuePair<string, object?>("department", c.Department))),
            "{ticket}", "Open tickets waiting unassigned in each department's queue.");
        TicketRoutingTelemetry.Meter.CreateObservableGauge("ticketrouting.classifier.info",
            () => _current?.ClassifierInfo() ?? [],
            null, "1 for the classifier in use, tagged with its name and version (rules revision or model).");
        return true;
    });

    public static void Register() => _ = Gauges.Value;

    private IEnumerable<System.Diagnostics.Metrics.Measurement<int>> ClassifierInfo()
    {
        IClassifierInfo? info;
        try
        {
            info = new IClassifierInfo(classifier.Classifier.Name, classifier.Classifier.Version);
        }
        catch (InvalidOperationException)
        {
            yield break; // not loaded yet
        }

        yield return new(1, new("classifier", info.Name), new("version", info.Version));
    }

    private sealed record IClassifierInfo(string Name, string Version);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Metrics:SnapshotSeconds", 15)));
        using var timer = new PeriodicTimer(period);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Workload snapshot for metrics failed: {Message}", ex.GetBaseException().Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RefreshAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TicketsDbContext>();
        var open = TicketLifecycle.OpenStatuses.ToList();
        var rows = await db.Tickets.AsNoTracking().Where(t => open.Contains(t.Status))
            .GroupBy(t => t.DepartmentId)
            .Select(g => new { DepartmentId = g.Key, Open = g.Count(), Queued = g.Count(t => t.AssigneeId == null) })
            .ToListAsync(ct);
        _counts = departments.All
            .Select(d => (d.Slug, rows.FirstOrDefault(r => r.DepartmentId == d.Id)?.Open ?? 0, rows.FirstOrDefault(r => r.DepartmentId == d.Id)?.Queued ?? 0))
            .ToList();
        _current = this; // loaded and counted: the gauges read this app from now on
    }
}
