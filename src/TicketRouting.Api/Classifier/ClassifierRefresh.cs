using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketRouting.Api.Departments;
using TicketRouting.Data;

namespace TicketRouting.Api.Classifier;

/// <summary>
/// Another API process on the same database may replace the rules or add a department: every
/// <c>Routing:RefreshSeconds</c> this process checks the latest rules revision and the department count, and
/// reloads when either changed. The process that made the change has reloaded already.
/// </summary>
public sealed class ClassifierRefresh(
    IServiceScopeFactory scopes, IOptions<RoutingOptions> options, ILogger<ClassifierRefresh> logger) : BackgroundService
{
    private TimeSpan Interval => TimeSpan.FromSeconds(options.Value.RefreshSeconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Checking for new keyword rules failed; retrying in {Interval}", Interval);
            }
        }
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TicketsDbContext>();
        var runtime = scope.ServiceProvider.GetRequiredService<ClassifierRuntime>();
        var directory = scope.ServiceProvider.GetRequiredService<DepartmentDirectory>();
        var revision = await db.RuleSetRevisions.MaxAsync(r => (int?)r.Id, ct) ?? 0;
        var departments = await db.Departments.CountAsync(ct);
        if (revision != runtime.LoadedRevision || departments != directory.All.Count)
        {
            await directory.LoadAsync(db, ct);
            await runtime.LoadAsync(db, ct);
        }
    }
}
