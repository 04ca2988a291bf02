using System.Net;
using System.Net.Http.Json;
using TicketRouting.Api.Tests.Infrastructure;
using static TicketRouting.Api.Tests.Webhooks.WebhookSteps;

namespace TicketRouting.Api.Tests.Webhooks;

/// <summary>Restarts, several processes on one database, and targets the service must not reach.</summary>
public sealed class WebhookSafetyTests
{
    [Fact]
    public async Task ProcessStoppedMidDelivery_NextProcessDeliversTheSameEvent()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = new WebhookReceiver();
        var hang = true;
        receiver.Respond = async (_, ct) =>
        {
            if (hang)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return 200;
        };
        await receiver.StartAsync();
        var settings = SharedKeyRing(Settings());
        var first = await TicketRoutingApp.StartAsync(settings, database);
        var subscription = await SubscribeAsync(first, receiver.Url, "ticket.status_changed");
        var ticket = await (await first.ClientForAsync(DevUsers.Portal)).SubmitAsync("Facture", "facture fausse");
        await MoveAsync(await first.ClientForAsync(DevUsers.Supervisor), ticket.Id, "in_progress");
        await EventuallyAsync(() => Task.FromResult(!receiver.Received.IsEmpty));

        await first.DisposeAsync(); // stopped while the receiver holds the request
        hang = false;
        await using var second = await TicketRoutingApp.StartAsync(settings, database);

        await EventuallyAsync(async () => (await DeliveriesAsync(second, subscription.Id)).Single().State == "delivered");
        var received = receiver.Received.ToList();
        Assert.Equal(2, received.Count);
        Assert.Equal(received[0].EventId, received[1].EventId);
        Assert.Equal(received[0].Body, received[1].Body);
    }

    [Fact]
    public async Task TwoInstances_NeverPostOneEventTwice()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = new WebhookReceiver();
        receiver.Respond = async (_, ct) =>
        {
            await Task.Delay(50, ct);
            return 200;
        };
        await receiver.StartAsync();
        var settings = SharedKeyRing(Settings());
        await using var first = await TicketRoutingApp.StartAsync(settings, database);
        await using var second = await TicketRoutingApp.StartAsync(settings, database);
        var subscription = await SubscribeAsync(first, receiver.Url, "ticket.status_changed");
        var portal = await first.ClientForAsync(DevUsers.Portal);
        var supervisors = new[] { await first.ClientForAsync(DevUsers.Supervisor), await second.ClientForAsync(DevUsers.Supervisor) };
        var tickets = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            tickets.Add((await portal.SubmitAsync($"Facture {i}", "facture fausse")).Id);
        }

        await Task.WhenAll(tickets.Select((id, i) => MoveAsync(supervisors[i % 2], id, "in_progress", "blocked", "in_progress")));

        await EventuallyAsync(async () =>
        {
            var log = await DeliveriesAsync(second, subscription.Id);
            return log.Count == 24 && log.All(d => d.State == "delivered");
        });
        Assert.False(receiver.SawConcurrentDuplicate);
        Assert.Equal(24, receiver.Received.Count);
        Assert.Equal(24, receiver.Received.Select(r => r.EventId).Distinct().Count());
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://192.168.0.10/hook")]
    [InlineData("http://172.20.0.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("ftp://example.com/hook")]
    [InlineData("file:///etc/passwd")]
    [InlineData("not a url")]
    public async Task Subscribe_PrivateOrNonHttpTarget_Is400(string url)
    {
        await using var app = await TicketRoutingApp.StartAsync(Settings(allowPrivate: false));
        var admin = await app.ClientForAsync(DevUsers.Admin);

        var response = await admin.PostAsJsonAsync("/api/webhooks", new { url, events = new[] { "ticket.created" } });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _));
        Assert.Empty(await admin.GetJsonAsync<List<Subscription>>("/api/webhooks"));
    }

    [Fact]
    public async Task Subscribe_BadFieldsOrNotAdmin_IsRefused()
    {
        await using var app = await TicketRoutingApp.StartAsync(Settings(allowPrivate: false));
        var admin = await app.ClientForAsync(DevUsers.Admin);

        var problem = await (await admin.PostAsJsonAsync("/api/webhooks", new { url = "https://example.com/hook", events = new[] { "ticket.exploded" }, secret = "short" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("events", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("secret", out _));
        await (await (await app.ClientForAsync(DevUsers.Supervisor)).PostAsJsonAsync("/api/webhooks", new { url = "https://example.com/hook", events = new[] { "ticket.created" } }))
            .ExpectAsync(HttpStatusCode.Forbidden);

        var created = await admin.PostAsJsonAsync("/api/webhooks", new { url = "https://example.com/hook", events = new[] { "ticket.created" } });
        await created.ExpectAsync(HttpStatusCode.Created);
        var subscription = (await created.Content.ReadFromJsonAsync<Subscription>(ApiClient.Json))!;
        Assert.True(subscription.Secret!.Length >= 32); // generated, shown once
        await (await admin.DeleteAsync($"/api/webhooks/{subscription.Id}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await admin.DeleteAsync($"/api/webhooks/{subscription.Id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task NameResolvingToLoopback_IsRefusedAtDelivery_WhenPrivateNetworksAreOff()
    {
        // Created while an admin allowed private targets; the setting is then turned off: the address check at
        // connection time (not only the URL check at creation) keeps the worker from posting.
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        int subscriptionId;
        var keyRing = SharedKeyRing([])["DataProtection:KeyDirectory"];
        await using (var allowing = await TicketRoutingApp.StartAsync(new(Settings(allowPrivate: true)) { ["DataProtection:KeyDirectory"] = keyRing }, database))
        {
            subscriptionId = (await SubscribeAsync(allowing, $"http://localhost:{receiver.Port}/hook", "ticket.status_changed")).Id;
        }

        await using var app = await TicketRoutingApp.StartAsync(new(Settings(allowPrivate: false)) { ["DataProtection:KeyDirectory"] = keyRing }, database);
        var ticket = await (await app.ClientForAsync(DevUsers.Portal)).SubmitAsync("Facture", "facture fausse");
        await MoveAsync(await app.ClientForAsync(DevUsers.Supervisor), ticket.Id, "in_progress");

        await EventuallyAsync(async () => (await DeliveriesAsync(app, subscriptionId)).Single().LastError is not null);
        var delivery = (await DeliveriesAsync(app, subscriptionId)).Single();
        Assert.Contains("Refused", delivery.LastError);
        Assert.Equal("pending", delivery.State);
        Assert.Empty(receiver.Received);
    }
}
