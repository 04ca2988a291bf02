using TicketRouting.Core.Routing.Policies;

namespace TicketRouting.Api.Tickets;

/// <summary>What one maintenance pass did.</summary>
public sealed record MaintenanceOutcome(int Rescued, int StallsNoted, int GivenBack, int Relaxed, int Dispatched)
{
    public static readonly MaintenanceOutcome None = new(0, 0, 0, 0, 0);

    public MaintenanceOutcome Add(MaintenanceOutcome other) => new(
        Rescued + other.Rescued, StallsNoted + other.StallsNoted, GivenBack + other.GivenBack, Relaxed + other.Relaxed, Dispatched + other.Dispatched);

    public bool DidSomething => this != None;
}

/// <summary>
/// Every <c>Routing:MaintenanceSeconds</c> on the injected clock: stalled-ticket rescue, give-back of unstarted tickets
/// when an agent's shift ends or an absence starts, and relaxation and re-offer of queued tickets
/// (<see cref="RoutingMaintenancePass"/>). Off when <c>Routing:Policies:Enabled</c> is false. Safe with several API
/// processes on one database: each move re-checks its condition under the ticket and department locks.
/// </summary>
public sealed partial class RoutingMaintenance(
    IServiceScopeFactory scopes, RoutingPolicy policy, TimeProvider clock, ILogger<RoutingMaintenance> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!policy.Options.Policies.Enabled)
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(policy.Options.MaintenanceSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
                var outcome = await RunOnceAsync(stoppingToken);
                if (outcome.DidSomething)
                {
                    LogPass(outcome.Rescued, outcome.StallsNoted, outcome.GivenBack, outcome.Relaxed, outcome.Dispatched);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be briefly unavailable: the conditions still hold at the next pass.
                LogFailed(ex);
            }
        }
    }

    /// <summary>One pass now (the loop's work; tests and operators may call it directly).</summary>
    public async Task<MaintenanceOutcome> RunOnceAsync(CancellationToken ct)
    {
        if (!policy.Options.Policies.Enabled)
        {
            return MaintenanceOutcome.None;
        }

        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RoutingMaintenancePass>().RunAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Routing maintenance: {Rescued} rescued, {Noted} stalls noted, {GivenBack} given back, {Relaxed} relaxations, {Dispatched} dispatched")]
    private partial void LogPass(int rescued, int noted, int givenBack, int relaxed, int dispatched);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Routing maintenance pass failed")]
    private partial void LogFailed(Exception ex);
}
