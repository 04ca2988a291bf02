using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Webhooks;

public sealed class CreateWebhookRequest : IValidatableObject
{
    [Required, StringLength(2000)]
    public string Url { get; set; } = "";

    [Required, MinLength(1)]
    public List<string> Events { get; set; } = [];

    /// <summary>Optional: 16 to 200 characters; without it the service generates one (returned once).</summary>
    public string? Secret { get; set; }

    // Checked here rather than with attributes: DataAnnotations skips this method when an attribute fails,
    // and the admin should see every field error at once.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Secret is { Length: < 16 or > 200 })
        {
            yield return new ValidationResult("The secret must be 16 to 200 characters.", [nameof(Secret)]);
        }

        foreach (var unknown in Events.Where(e => !WebhookEventTypes.All.Contains(e)))
        {
            yield return new ValidationResult($"Unknown event '{unknown}': use {string.Join(", ", WebhookEventTypes.All)}.", [nameof(Events)]);
        }
    }
}

/// <summary>PATCH /api/webhooks/{id}: <c>{"active": false}</c> pauses deliveries, <c>true</c> resumes them.</summary>
public sealed class UpdateWebhookRequest
{
    [Required]
    public bool? Active { get; set; }
}

public sealed record WebhookResponse(int Id, string Url, List<string> Events, bool Active, DateTimeOffset CreatedAt, string? Secret);

public sealed record WebhookDeliveryResponse(
    long Id, Guid EventId, string EventType, int TicketId, string State, int Attempts, int? LastStatusCode, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt);

/// <summary>Admins manage subscriptions, read each one's delivery log (dead letters included) and redeliver by hand.</summary>
public static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.Admin);
        group.MapPost("/", CreateAsync).Validate<CreateWebhookRequest>()
            .WithSummary("Subscribe a URL to ticket events; the secret is shown in this answer only.");
        group.MapGet("/", ListAsync).WithSummary("Subscriptions (without their secrets).");
        group.MapGet("/{id:int}", GetAsync).WithSummary("One subscription (without its secret).");
        group.MapPatch("/{id:int}", UpdateAsync).Validate<UpdateWebhookRequest>()
            .WithSummary("Deactivate (active: false: no new events, pending deliveries wait) or reactivate (they resume) a subscription.");
        group.MapDelete("/{id:int}", DeleteAsync).WithSummary("Remove a subscription and its delivery log.");
        group.MapGet("/{id:int}/deliveries", DeliveriesAsync)
            .WithSummary("The delivery log, newest first; state=pending|delivered|dead filters it.");
        group.MapPost("/{id:int}/deliveries/{deliveryId:long}/redeliver", RedeliverAsync)
            .WithSummary("Send a delivered or dead-lettered event again, with a fresh retry window.");
        return group;
    }

    private static async Task<Results<Created<WebhookResponse>, ValidationProblem>> CreateAsync(
        CreateWebhookRequest request, TicketsDbContext db, TimeProvider clock, IOptions<WebhookOptions> options, WebhookSecrets secrets,
        CancellationToken ct)
    {
        if (WebhookTargets.Refusal(request.Url.Trim(), options.Value.AllowPrivateNetworks) is { } refusal)
        {
            return Problems.Invalid("url", refusal);
        }

        var secret = request.Secret ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var subscription = new WebhookSubscription
        {
            Url = request.Url.Trim(),
            Events = string.Join(' ', request.Events.Distinct()),
            Secret = secrets.Protect(secret),
            CreatedAt = clock.GetUtcNow(),
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/webhooks/{subscription.Id}", ToResponse(subscription) with { Secret = secret });
    }

    private static async Task<Ok<List<WebhookResponse>>> ListAsync(TicketsDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct)).Select(ToResponse).ToList());

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> GetAsync(int id, TicketsDbContext db, CancellationToken ct) =>
        await db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) is { } subscription
            ? TypedResults.Ok(ToResponse(subscription))
            : Problems.NotFound($"Webhook subscription {id} does not exist.");

    /// <summary>
    /// Deactivated, a subscription gets no new events and its pending deliveries wait (the worker skips them);
    /// reactivated, they are due at once with a fresh retry window, so the pause does not dead-letter them.
    /// </summary>
    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> UpdateAsync(
        int id, UpdateWebhookRequest request, TicketsDbContext db, TimeProvider clock, IOptions<WebhookOptions> options, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is null)
        {
            return Problems.NotFound($"Webhook subscription {id} does not exist.");
        }

        var active = request.Active!.Value;
        if (subscription.Active != active)
        {
            var now = clock.GetUtcNow();
            var until = now + options.Value.GiveUpAfter;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            subscription.Active = active;
            await db.SaveChangesAsync(ct);
            if (active)
            {
                await db.WebhookDeliveries.Where(d => d.SubscriptionId == id && d.State == WebhookDeliveryStates.Pending)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, now).SetProperty(d => d.RetryUntil, until), ct);
            }

            await transaction.CommitAsync(ct);
        }

        return TypedResults.Ok(ToResponse(subscription));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(int id, TicketsDbContext db, CancellationToken ct) =>
        await db.WebhookSubscriptions.Where(s => s.Id == id).ExecuteDeleteAsync(ct) == 1
            ? TypedResults.NoContent()
            : Problems.NotFound($"Webhook subscription {id} does not exist.");

    private static async Task<Results<Ok<List<WebhookDeliveryResponse>>, ProblemHttpResult, ValidationProblem>> DeliveriesAsync(
        int id, string? state, TicketsDbContext db, CancellationToken ct)
    {
        if (state is not null && state is not (WebhookDeliveryStates.Pending or WebhookDeliveryStates.Delivered or WebhookDeliveryStates.Dead))
        {
            return Problems.Invalid("state", "Use pending, delivered or dead.");
        }

        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == id, ct))
        {
            return Problems.NotFound($"Webhook subscription {id} does not exist.");
        }

        var rows = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.SubscriptionId == id && (state == null || d.State == state))
            .OrderByDescending(d => d.Id).Take(200)
            .Select(d => new WebhookDeliveryResponse(d.Id, d.EventId, d.EventType, d.TicketId, d.State, d.Attempts, d.LastStatusCode,
                d.LastError, d.CreatedAt, d.LastAttemptAt, d.NextAttemptAt, d.DeliveredAt))
            .ToListAsync(ct);
        return TypedResults.Ok(rows);
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RedeliverAsync(
        int id, long deliveryId, TicketsDbContext db, TimeProvider clock, IOptions<WebhookOptions> options, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now + options.Value.GiveUpAfter;
        // A pending row is already on its way; only finished ones (delivered or dead) go back into the outbox.
        var updated = await db.WebhookDeliveries
            .Where(d => d.Id == deliveryId && d.SubscriptionId == id && d.State != WebhookDeliveryStates.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, WebhookDeliveryStates.Pending)
                .SetProperty(d => d.NextAttemptAt, now).SetProperty(d => d.RetryUntil, until), ct);
        if (updated == 1)
        {
            return TypedResults.Accepted($"/api/webhooks/{id}/deliveries");
        }

        return await db.WebhookDeliveries.AnyAsync(d => d.Id == deliveryId && d.SubscriptionId == id, ct)
            ? Problems.Conflict("The delivery is still pending: it is already being retried.")
            : Problems.NotFound($"Delivery {deliveryId} of subscription {id} does not exist.");
    }

    private static WebhookResponse ToResponse(WebhookSubscription s) =>
        new(s.Id, s.Url, s.Events.Split(' ').ToList(), s.Active, s.CreatedAt, null);
}
