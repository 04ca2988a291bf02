using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Api.Webhooks;
using static TicketRouting.Api.Tests.Webhooks.WebhookSteps;

namespace TicketRouting.Api.Tests.Webhooks;

/// <summary>
/// The real retry schedule (10 s doubling to 1 h, 24 h window) on a fake clock: the app's own worker is off,
/// and a dispatcher on a <see cref="FakeTimeProvider"/> posts to a real receiver that always fails.
/// </summary>
public sealed class WebhookRetryScheduleTests
{
    [Fact]
    public async Task FailingReceiver_IsRetriedWithGrowingDelaysForAtLeast24Hours_ThenDeadLettered()
    {
        await using var receiver = new WebhookReceiver { Respond = (_, _) => Task.FromResult(503) };
        await receiver.StartAsync();
        await using var app = await TicketRoutingApp.StartAsync(new()
        {
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:DeliveryEnabled"] = "false",
        });
        var subscription = await SubscribeAsync(app, receiver.Url, "ticket.status_changed");
        var ticket = await (await app.ClientForAsync(DevUsers.Portal)).SubmitAsync("Facture", "facture fausse");
        await MoveAsync(await app.ClientForAsync(DevUsers.Supervisor), ticket.Id, "in_progress");
        var row = await app.WithDbAsync(db => db.WebhookDeliveries.AsNoTracking().SingleAsync());
        var clock = new FakeTimeProvider(row.CreatedAt);
        var dispatcher = new WebhookDispatcher(
            app.Service<IServiceScopeFactory>(), new WebhookSender(app.Service<IHttpClientFactory>(), app.Service<WebhookSecrets>(), clock),
            app.Service<IOptions<WebhookOptions>>(), clock, NullLogger<WebhookDispatcher>.Instance);

        var attempts = new List<DateTimeOffset>();
        while (row.State != "dead")
        {
            Assert.True(attempts.Count < 100, "Never dead-lettered.");
            Assert.Equal(1, await dispatcher.RunOnceAsync(CancellationToken.None));
            attempts.Add(clock.GetUtcNow());
            row = await app.WithDbAsync(db => db.WebhookDeliveries.AsNoTracking().SingleAsync());
            Assert.Equal(0, await dispatcher.RunOnceAsync(CancellationToken.None)); // nothing before it is due
            clock.SetUtcNow(row.NextAttemptAt);
        }

        // Retried until the 24-hour window was over, not beyond one more attempt.
        Assert.True(attempts[^1] - attempts[0] >= TimeSpan.FromHours(24));
        Assert.True(attempts[^2] - attempts[0] < TimeSpan.FromHours(24));
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        for (var i = 0; i < gaps.Count; i++)
        {
            var expected = Math.Min(10 * Math.Pow(2, i), 3600);
            Assert.InRange(gaps[i], expected * 0.8, expected * 1.2); // exponential, capped at an hour, ±20% jitter
        }

        Assert.True(gaps.Skip(10).Distinct().Count() > 1); // jittered: capped retries do not fall in step
        Assert.Equal(attempts.Count, receiver.Received.Count);
        Assert.Single(receiver.Received.Select(r => r.EventId).Distinct());
        var dead = Assert.Single(await DeliveriesAsync(app, subscription.Id, "?state=dead"));
        Assert.Equal(503, dead.LastStatusCode);
        Assert.Equal(attempts.Count, dead.Attempts);
    }
}
