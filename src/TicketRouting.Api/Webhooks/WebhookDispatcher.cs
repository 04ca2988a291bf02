using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Webhooks;

/// <summary>
/// Posts the outbox. Each pass takes due rows that have no earlier undelivered row for the same ticket and
/// subscription (order per ticket), claims each with a conditional UPDATE on an expired lease (so several
/// processes never post one row at once), posts it and records the outcome. A process that dies mid-post leaves
/// its lease to expire, and another pass, here or elsewhere, posts the same event (same id) again.
/// </summary>
public sealed class WebhookDispatcher(
    IServiceScopeFactory scopes, WebhookSender sender, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    private readonly string _owner = $"{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DeliveryEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunOnceAsync(stoppingToken) > 0)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be briefly unavailable: nothing is lost, the next pass picks the rows up.
                logger.LogWarning(ex, "Webhook delivery pass failed");
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass; returns how many deliveries it attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TicketsDbContext>();
        var now = clock.GetUtcNow();
        var due = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.State == WebhookDeliveryStates.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
            // An inactive subscription's deliveries wait for its reactivation.
            .Where(d => db.WebhookSubscriptions.Any(s => s.Id == d.SubscriptionId && s.Active))
            .Where(d => !db.WebhookDeliveries.Any(e =>
                e.SubscriptionId == d.SubscriptionId && e.TicketId == d.TicketId && e.State == WebhookDeliveryStates.Pending && e.Id < d.Id))
            .OrderBy(d => d.Id)
            .Take(options.Value.BatchSize)
            .ToListAsync(ct);
        var attempted = 0;
        foreach (var delivery in due)
        {
            if (await ClaimAsync(db, delivery.Id, ct))
            {
                attempted++;
                await DeliverAsync(db, delivery, ct);
            }
        }

        return attempted;
    }

    private async Task<bool> ClaimAsync(TicketsDbContext db, long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now + options.Value.Lease;
        var claimed = await db.WebhookDeliveries
            .Where(d => d.Id == id && d.State == WebhookDeliveryStates.Pending && (d.LeaseUntil == null || d.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, _owner).SetProperty(d => d.LeaseUntil, until), ct);
        return claimed == 1;
    }

    private async Task DeliverAsync(TicketsDbContext db, WebhookDelivery delivery, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == delivery.SubscriptionId, ct);
        var outcome = subscription is { Active: true }
            ? await sender.SendAsync(subscription, delivery, ct)
            : new WebhookSendOutcome(false, null, "The subscription is inactive.");
        var now = clock.GetUtcNow();
        var attempts = delivery.Attempts + 1;
        var state = outcome.Success ? WebhookDeliveryStates.Delivered
            : now >= delivery.RetryUntil ? WebhookDeliveryStates.Dead
            : WebhookDeliveryStates.Pending;
        var next = state == WebhookDeliveryStates.Pending ? now + RetryDelay(attempts) : delivery.NextAttemptAt;
        // Only while the lease is still ours: a row taken over after an expired lease belongs to its new owner.
        await db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.LeaseOwner == _owner)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.State, state)
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.LastAttemptAt, now)
                .SetProperty(d => d.DeliveredAt, outcome.Success ? now : null)
                .SetProperty(d => d.LastStatusCode, outcome.StatusCode)
                .SetProperty(d => d.LastError, outcome.Error)
                .SetProperty(d => d.NextAttemptAt, next)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        if (state == WebhookDeliveryStates.Dead)
        {
            logger.LogWarning("Webhook delivery {Id} ({Event} of ticket {Ticket}) dead-lettered after {Attempts} attempts: {Error}",
                delivery.Id, delivery.EventType, delivery.TicketId, attempts, outcome.Error);
        }
    }

    /// <summary>Exponential back-off (FirstRetryDelay doubled per attempt, capped at MaxRetryDelay), with ±20% jitter.</summary>
    private TimeSpan RetryDelay(int attempts)
    {
        var o = options.Value;
        var exponential = o.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = Math.Min(exponential, o.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }
}
