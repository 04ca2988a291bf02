using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketRouting.Api.Departments;
using TicketRouting.Api.Tickets;
using TicketRouting.Core.Domain;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Webhooks;

/// <summary>
/// Writes webhook events into the outbox on the caller's DbContext, so they commit (or roll back) with the
/// change they report. The worker (<see cref="WebhookDispatcher"/>) posts them later.
/// </summary>
public sealed class WebhookOutbox(TicketsDbContext db, DepartmentDirectory departments, IOptions<WebhookOptions> options, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private List<Subscriber>? _subscriptions;

    /// <summary>The event for every active subscription that asked for it.</summary>
    public async Task AddAsync(Ticket ticket, string eventType, object? data, CancellationToken ct)
    {
        await PreloadAsync(ct);
        Write(ticket, eventType, data, _subscriptions!.Where(s => s.Wants(eventType)).ToList());
    }

    /// <summary>
    /// Reads the active subscriptions now (once per request or intake batch: they change rarely, and a stale list
    /// within one request is harmless), e.g. before the caller takes locks.
    /// </summary>
    public async Task PreloadAsync(CancellationToken ct) =>
        _subscriptions ??= (await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Active).Select(s => new { s.Id, s.Events }).ToListAsync(ct))
            .Select(s => new Subscriber(s.Id, s.Events)).ToList();

    /// <summary>The active subscriptions as the caller read them in its own transaction (the intake's snapshot command).</summary>
    public void UseActiveSubscriptions(IEnumerable<(int Id, string Events)> active) =>
        _subscriptions = active.Select(s => new Subscriber(s.Id, s.Events)).ToList();

    /// <summary>The event for one subscription, whatever events it asked for (a workflow rule's send_webhook); false if it is gone or inactive.</summary>
    public async Task<bool> AddForSubscriptionAsync(Ticket ticket, string eventType, int subscriptionId, object? data, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == subscriptionId && s.Active, ct);
        if (subscription is null)
        {
            return false;
        }

        Write(ticket, eventType, data, [new Subscriber(subscription.Id, subscription.Events)]);
        return true;
    }

    // What the outbox needs of a subscription: whom to write the delivery for, and which events it asked for.
    private sealed record Subscriber(int Id, string Events)
    {
        public bool Wants(string eventType) => WebhookSubscription.Wants(Events, eventType);
    }

    private void Write(Ticket ticket, string eventType, object? data, List<Subscriber> subscribers)
    {
        if (subscribers.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var eventId = Guid.NewGuid();
        var body = JsonSerializer.Serialize(new
        {
            id = eventId,
            type = eventType,
            occurredAt = now,
            ticket = new
            {
                id = ticket.Id,
                key = ticket.Key,
                subject = ticket.Subject,
                status = StatusNames.Name(ticket.Status),
                priority = PriorityNames.Name(ticket.Priority),
                department = departments.Find(ticket.DepartmentId)?.Slug,
                assigneeId = ticket.AssigneeId,
            },
            data,
        }, Json);
        foreach (var subscription in subscribers)
        {
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                EventId = eventId,
                SubscriptionId = subscription.Id,
                TicketId = ticket.Id,
                EventType = eventType,
                PayloadJson = body,
                CreatedAt = now,
                NextAttemptAt = now,
                RetryUntil = now + options.Value.GiveUpAfter,
            });
        }
    }
}
