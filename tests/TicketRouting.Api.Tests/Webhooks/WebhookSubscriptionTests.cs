using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Tests.Infrastructure;
using static TicketRouting.Api.Tests.Webhooks.WebhookSteps;

namespace TicketRouting.Api.Tests.Webhooks;

/// <summary>Deactivating and reactivating a subscription, and its secret at rest (encrypted with Data Protection).</summary>
public sealed class WebhookSubscriptionTests : IAsyncLifetime
{
    private readonly WebhookReceiver _receiver = new();
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("ticketrouting-webhook-data-").FullName;
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private Task<TicketRoutingApp> StartAsync(string? dataDirectory = null) =>
        TicketRoutingApp.StartAsync(new(Settings()) { ["DataDirectory"] = dataDirectory ?? _dataDirectory }, _database);

    [Fact]
    public async Task Deactivated_GetsNoNewEventsAndHoldsPending_ReactivatedDeliversThem()
    {
        await using var app = await StartAsync();
        var admin = await app.ClientForAsync(DevUsers.Admin);
        var supervisor = await app.ClientForAsync(DevUsers.Supervisor);
        var subscription = await SubscribeAsync(app, _receiver.Url, "ticket.status_changed");
        var ticket = await (await app.ClientForAsync(DevUsers.Portal)).SubmitAsync("Facture", "facture fausse");
        await MoveAsync(supervisor, ticket.Id, "in_progress"); // receiver down: the delivery fails and stays pending
        await EventuallyAsync(async () => (await DeliveriesAsync(app, subscription.Id)).Single().Attempts >= 1);

        var paused = await admin.PatchJsonAsync($"/api/webhooks/{subscription.Id}", new { active = false });
        await paused.ExpectAsync(HttpStatusCode.OK);
        Assert.False((await paused.Content.ReadFromJsonAsync<Subscription>(ApiClient.Json))!.Active);
        await MoveAsync(supervisor, ticket.Id, "closed"); // no event for an inactive subscription
        var attempts = (await DeliveriesAsync(app, subscription.Id)).Single().Attempts;
        await _receiver.StartAsync();
        await Task.Delay(1500); // fifteen polls of the worker
        Assert.Empty(_receiver.Received);
        var held = Assert.Single(await DeliveriesAsync(app, subscription.Id));
        Assert.Equal(("pending", attempts), (held.State, held.Attempts));

        await (await admin.PatchJsonAsync($"/api/webhooks/{subscription.Id}", new { active = true })).ExpectAsync(HttpStatusCode.OK);

        await EventuallyAsync(async () => (await DeliveriesAsync(app, subscription.Id)).Single().State == "delivered");
        var received = Assert.Single(_receiver.Received);
        Assert.Equal("in_progress", received.Json.GetProperty("data").GetProperty("to").GetString());
        Assert.True(received.VerifiesWith(Secret));
        Assert.True((await admin.GetJsonAsync<Subscription>($"/api/webhooks/{subscription.Id}")).Active);
    }

    [Fact]
    public async Task Patch_BadBodyUnknownIdOrNotAdmin_IsRefused()
    {
        await using var app = await StartAsync();
        var admin = await app.ClientForAsync(DevUsers.Admin);
        var subscription = await SubscribeAsync(app, "https://example.com/hook", "ticket.created");

        await (await admin.PatchJsonAsync($"/api/webhooks/{subscription.Id}", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PatchAsync($"/api/webhooks/{subscription.Id}", new StringContent("""{"active":"maybe"}""", System.Text.Encoding.UTF8, "application/json")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PatchJsonAsync("/api/webhooks/999", new { active = false })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync("/api/webhooks/999")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await (await app.ClientForAsync(DevUsers.Supervisor)).PatchJsonAsync($"/api/webhooks/{subscription.Id}", new { active = false }))
            .ExpectAsync(HttpStatusCode.Forbidden);
        Assert.True((await admin.GetJsonAsync<Subscription>($"/api/webhooks/{subscription.Id}")).Active);
    }

    [Fact]
    public async Task Secret_IsEncryptedInTheDatabase_AndStillSignsAfterARestart()
    {
        await _receiver.StartAsync();
        int subscriptionId;
        await using (var first = await StartAsync())
        {
            subscriptionId = (await SubscribeAsync(first, _receiver.Url, "ticket.status_changed")).Id;
            var stored = await first.WithDbAsync(db => db.WebhookSubscriptions.Select(s => s.Secret).SingleAsync());
            Assert.DoesNotContain(Secret, stored, StringComparison.Ordinal);
            Assert.StartsWith("dp1:", stored, StringComparison.Ordinal);
            var shown = await (await first.ClientForAsync(DevUsers.Admin)).GetJsonAsync<JsonElement>($"/api/webhooks/{subscriptionId}");
            Assert.Equal(JsonValueKind.Null, shown.GetProperty("secret").ValueKind);
        }

        // A new process on the same data directory (its key ring) and database signs with the same secret.
        await using var second = await StartAsync();
        var ticket = await (await second.ClientForAsync(DevUsers.Portal)).SubmitAsync("Facture", "facture fausse");
        await MoveAsync(await second.ClientForAsync(DevUsers.Supervisor), ticket.Id, "in_progress");

        await EventuallyAsync(async () => (await DeliveriesAsync(second, subscriptionId)).Single().State == "delivered");
        Assert.True(Assert.Single(_receiver.Received).VerifiesWith(Secret));
    }

    [Fact]
    public async Task Secret_UnderAnotherKeyRing_IsNotDeliveredAndTheLogSaysWhy()
    {
        await _receiver.StartAsync();
        await using (var first = await StartAsync())
        {
            await SubscribeAsync(first, _receiver.Url, "ticket.status_changed");
        }

        var elsewhere = Directory.CreateTempSubdirectory("ticketrouting-other-keys-").FullName;
        await using var other = await StartAsync(elsewhere);
        var ticket = await (await other.ClientForAsync(DevUsers.Portal)).SubmitAsync("Facture", "facture fausse");
        await MoveAsync(await other.ClientForAsync(DevUsers.Supervisor), ticket.Id, "in_progress");

        await EventuallyAsync(async () => (await DeliveriesAsync(other, 1)).Single().LastError is not null);
        Assert.Contains("key ring", (await DeliveriesAsync(other, 1)).Single().LastError);
        Assert.Empty(_receiver.Received);
    }
}
