using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketRouting.Data;

namespace TicketRouting.Api.Tickets;

/// <summary>Deletes Idempotency-Key rows older than <c>Intake:IdempotencyHours</c>, every few minutes.</summary>
public sealed partial class IdempotencyCleanup(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<IdempotencyOptions> options, ILogger<IdempotencyCleanup> logger) : BackgroundService
{
    /// <summary>One pass; returns how many expired keys it deleted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TicketsDbContext>();
        return await db.IdempotencyKeys.Where(IdempotencyOptions.Expired(clock.GetUtcNow(), options.Value.Keep)).ExecuteDeleteAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.IdempotencyCleanupMinutes), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (await RunOnceAsync(stoppingToken) is > 0 and var deleted)
                    {
                        LogDeleted(deleted);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(ex.GetBaseException().Message); // the next tick tries again
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired idempotency keys")]
    private partial void LogDeleted(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency key clean-up failed: {Reason}")]
    private partial void LogFailed(string reason);
}
