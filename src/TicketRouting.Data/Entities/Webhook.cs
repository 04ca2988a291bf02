namespace TicketRouting.Data.Entities;

/// <summary>The events a webhook subscription can ask for.</summary>
public static class WebhookEventTypes
{
    public const string Created = "ticket.created";
    public const string Routed = "ticket.routed";
    public const string Assigned = "ticket.assigned";
    public const string Reassigned = "ticket.reassigned";
    public const string StatusChanged = "ticket.status_changed";
    public const string Queued = "ticket.queued";
    public const string Deleted = "ticket.deleted";

    public static readonly string[] All = [Created, Routed, Assigned, Reassigned, StatusChanged, Queued, Deleted];
}

/// <summary>An admin's subscription: where to post which events, and the secret that signs them.</summary>
public class WebhookSubscription
{
    public int Id { get; set; }
    public required string Url { get; set; }

    /// <summary>Space-separated event types, e.g. "ticket.created ticket.assigned".</summary>
    public required string Events { get; set; }

    /// <summary>Kept readable because it signs every delivery (HMAC needs the key itself); never returned after creation.</summary>
    public required string Secret { get; set; }

    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    public bool Wants(string eventType) => Wants(Events, eventType);

    /// <summary>Whether a subscription's space-separated <paramref name="events"/> include <paramref name="eventType"/>.</summary>
    public static bool Wants(string events, string eventType) => events.Split(' ').Contains(eventType);
}

public static class WebhookDeliveryStates
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Dead = "dead";
}

/// <summary>
/// The outbox: one row per event and subscription, written in the transaction of the change it reports.
/// A worker claims a row with a lease (a conditional update), so two processes never post it at once.
/// </summary>
public class WebhookDelivery
{
    public long Id { get; set; }

    /// <summary>The event's id, the same for every subscription and every attempt: receivers deduplicate on it.</summary>
    public Guid EventId { get; set; }

    public int SubscriptionId { get; set; }
    public int TicketId { get; set; }
    public required string EventType { get; set; }
    public required string PayloadJson { get; set; }
    public string State { get; set; } = WebhookDeliveryStates.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>After this a failed attempt dead-letters the row (Webhooks:GiveUpAfter from the event, or from a redelivery).</summary>
    public DateTimeOffset RetryUntil { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
}
