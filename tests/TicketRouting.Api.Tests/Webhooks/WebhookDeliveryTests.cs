using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketRouting.Api.Tests.Infrastructure;
using static TicketRouting.Api.Tests.Webhooks.WebhookSteps;

namespace TicketRouting.Api.Tests.Webhooks;

/// <summary>Webhooks end to end: the API writes the outbox, its worker posts to a real receiver on 127.0.0.1.</summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private readonly WebhookReceiver _receiver = new();
    private TicketRoutingApp _app = null!;

    public async Task InitializeAsync() => _app = await TicketRoutingApp.StartAsync(Settings());

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task StatusChange_IsPostedSigned_AndTheSecretIsNeverShownAgain()
    {
        await _receiver.StartAsync();
        var subscription = await SubscribeAsync(_app, _receiver.Url, "ticket.status_changed");
        Assert.Equal(Secret, subscription.Secret);
        var portal = await _app.ClientForAsync(DevUsers.Portal);
        var supervisor = await _app.ClientForAsync(DevUsers.Supervisor);
        var ticket = await portal.SubmitAsync("Facture", "facture fausse");

        await MoveAsync(supervisor, ticket.Id, "in_progress");

        await EventuallyAsync(() => Task.FromResult(!_receiver.Received.IsEmpty));
        var received = Assert.Single(_receiver.Received);
        Assert.True(received.VerifiesWith(Secret));
        Assert.False(received.VerifiesWith("another-secret-0123456789"));
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - received.Timestamp, 0, 60);
        Assert.Equal("ticket.status_changed", received.EventType);
        Assert.Equal(received.EventId, received.Json.GetProperty("id").GetString());
        Assert.Equal(ticket.Key, received.Json.GetProperty("ticket").GetProperty("key").GetString());
        Assert.Equal("in_progress", received.Json.GetProperty("data").GetProperty("to").GetString());
        await EventuallyAsync(async () => (await DeliveriesAsync(_app, subscription.Id)).Single().State == "delivered");
        Assert.Equal(200, (await DeliveriesAsync(_app, subscription.Id)).Single().LastStatusCode);

        var listed = await (await _app.ClientForAsync(DevUsers.Admin)).GetJsonAsync<List<JsonElement>>("/api/webhooks");
        Assert.All(listed, s => Assert.Equal(JsonValueKind.Null, s.GetProperty("secret").ValueKind));
    }

    [Fact]
    public async Task Submit_PostsCreatedRoutedThenAssignedOrQueued_ForEachTicket()
    {
        await _receiver.StartAsync();
        var subscription = await SubscribeAsync(_app, _receiver.Url, "ticket.created", "ticket.routed", "ticket.assigned", "ticket.queued");
        var supervisor = await _app.ClientForAsync(DevUsers.Supervisor);
        foreach (var id in new[] { 1, 2, 3, 4, 5 })
        {
            await (await supervisor.PatchJsonAsync($"/api/agent/{id}", new { capacity = 1 })).ExpectAsync(HttpStatusCode.OK);
        }

        var portal = await _app.ClientForAsync(DevUsers.Portal);
        var tickets = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => portal.SubmitAsync($"Facture {i}", "facture fausse, prélevé deux fois")));

        await EventuallyAsync(async () => (await DeliveriesAsync(_app, subscription.Id)) is { Count: 24 } log && log.All(d => d.State == "delivered"));
        foreach (var ticket in tickets)
        {
            var events = _receiver.Received.Where(r => r.Json.GetProperty("ticket").GetProperty("id").GetInt32() == ticket.Id).ToList();
            Assert.Equal(["ticket.created", "ticket.routed", ticket.Assignee is null ? "ticket.queued" : "ticket.assigned"], events.Select(e => e.EventType));
            Assert.Equal("billing", events[1].Json.GetProperty("data").GetProperty("department").GetString());
            Assert.All(events, e => Assert.True(e.VerifiesWith(Secret)));
        }

        Assert.Equal(5, tickets.Count(t => t.Assignee is not null)); // five billing agents with room for one each; three queued
    }

    [Fact]
    public async Task ReceiverDownThenUp_DeliversEverythingInOrderPerTicket()
    {
        var subscription = await SubscribeAsync(_app, _receiver.Url, "ticket.status_changed", "ticket.reassigned", "ticket.deleted");
        var portal = await _app.ClientForAsync(DevUsers.Portal);
        var supervisor = await _app.ClientForAsync(DevUsers.Supervisor);
        var admin = await _app.ClientForAsync(DevUsers.Admin);
        var first = await portal.SubmitAsync("Facture", "facture fausse");
        var second = await portal.SubmitAsync("Mot de passe", "mot de passe oublié, compte bloqué");
        await MoveAsync(supervisor, first.Id, "in_progress", "blocked", "in_progress");
        await MoveAsync(supervisor, second.Id, "closed", "open");
        await (await supervisor.PostAsJsonAsync($"/api/ticket/{first.Id}/reassign", new { departmentId = 2, reason = "technical" }))
            .ExpectAsync(HttpStatusCode.OK);
        await (await admin.DeleteAsync($"/api/ticket/{second.Id}")).ExpectAsync(HttpStatusCode.NoContent);

        // Down: connections are refused, and the log says so.
        await EventuallyAsync(async () => (await DeliveriesAsync(_app, subscription.Id)).Any(d => d.Attempts >= 2 && d.LastError is not null));
        Assert.Empty(_receiver.Received);
        await _receiver.StartAsync();

        await EventuallyAsync(async () => (await DeliveriesAsync(_app, subscription.Id)).All(d => d.State == "delivered"));
        string Describe(ReceivedWebhook r) => r.EventType == "ticket.status_changed"
            ? r.Json.GetProperty("data").GetProperty("to").GetString()! : r.EventType;
        List<string> For(int ticketId) => _receiver.Received
            .Where(r => r.Json.GetProperty("ticket").GetProperty("id").GetInt32() == ticketId).Select(Describe).ToList();
        Assert.Equal(["in_progress", "blocked", "in_progress", "ticket.reassigned"], For(first.Id));
        Assert.Equal(["closed", "open", "ticket.deleted"], For(second.Id));
        Assert.Equal(7, _receiver.Received.Select(r => r.EventId).Distinct().Count());
    }

    [Fact]
    public async Task FailingReceiver_IsDeadLetteredAfterTheRetryWindow_AndRedeliveredByHand()
    {
        await using var app = await TicketRoutingApp.StartAsync(new(Settings()) { ["Webhooks:GiveUpAfter"] = "00:00:02" });
        await _receiver.StartAsync();
        _receiver.Respond = (_, _) => Task.FromResult(500);
        var subscription = await SubscribeAsync(app, _receiver.Url, "ticket.status_changed");
        var ticket = await (await app.ClientForAsync(DevUsers.Portal)).SubmitAsync("Facture", "facture fausse");
        await MoveAsync(await app.ClientForAsync(DevUsers.Supervisor), ticket.Id, "in_progress");

        await EventuallyAsync(async () => (await DeliveriesAsync(app, subscription.Id, "?state=dead")).Count == 1);
        var dead = (await DeliveriesAsync(app, subscription.Id, "?state=dead")).Single();
        Assert.Equal(500, dead.LastStatusCode);
        var attemptsBefore = _receiver.Received.Count;
        Assert.Equal(dead.Attempts, attemptsBefore);
        await Task.Delay(500);
        Assert.Equal(attemptsBefore, _receiver.Received.Count); // dead letters are not retried

        _receiver.Respond = (_, _) => Task.FromResult(204);
        var admin = await app.ClientForAsync(DevUsers.Admin);
        await (await admin.PostAsync($"/api/webhooks/{subscription.Id}/deliveries/{dead.Id}/redeliver", null)).ExpectAsync(HttpStatusCode.Accepted);

        await EventuallyAsync(async () => (await DeliveriesAsync(app, subscription.Id)).Single().State == "delivered");
        Assert.All(_receiver.Received, r => Assert.Equal(dead.EventId.ToString(), r.EventId));
        await (await admin.PostAsync($"/api/webhooks/{subscription.Id}/deliveries/999/redeliver", null))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
