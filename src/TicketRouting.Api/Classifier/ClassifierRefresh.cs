using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketRouting.Api.Departments;
using TicketRouting.Data;
using TicketRouting.Data.Learning;

namespace TicketRouting.Api.Classifier;

/// <summary>
/// Another API process on the same database may replace the rules, add a department or activate a model:
/// every <c>Routing:RefreshSeconds</c> this process checks the latest rules revision, the department count and
/// the active model, and reloads when any changed. The process that made the change has reloaded already.
/// With <c>Routing:Learning:RetrainAfter</c> set, it also starts a training once enough tickets were
/// confirmed since the last model (the registry lets one process win).
/// </summary>
public sealed class ClassifierRefresh(
    IServiceScopeFactory scopes, IOptions<RoutingOptions> options, IOptions<LearningOptions> learning, TimeProvider clock,
    ILogger<ClassifierRefresh> logger) : BackgroundService
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
                await RetrainIfDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Checking for new keyword rules or models failed; retrying in {Interval}", Interval);
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
        var activeModel = await ModelRegistry.ActiveIdAsync(db, ct);
        if (revision != runtime.LoadedRevision || departments != directory.All.Count || activeModel != runtime.LoadedModelId)
        {
            await directory.LoadAsync(db, ct);
            await runtime.LoadAsync(db, ct);
        }
    }

    private async Task RetrainIfDueAsync(CancellationToken ct)
    {
        var after = learning.Value.RetrainAfter;
        if (after <= 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TicketsDbContext>();
        var last = await db.ClassifierModels.OrderByDescending(m => m.Id).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(ct);
        var confirmed = await ConfirmedTickets.CountAfterAsync(db, last ?? DateTimeOffset.MinValue, ct);
        if (confirmed < after)
        {
            return;
        }

        var id = await scope.ServiceProvider.GetRequiredService<ModelRegistry>()
            .StartAsync(activate: true, force: false, ModelRegistry.Automatic, ct);
        if (id is not null)
        {
            logger.LogInformation("{Count} tickets confirmed since the last model: training model {Id} at {Now}", confirmed, id, clock.GetUtcNow());
        }
    }
}
