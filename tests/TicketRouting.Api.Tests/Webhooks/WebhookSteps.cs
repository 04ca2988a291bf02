using System.Net;
using System.Net.Http.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Webhooks;

public sealed record Subscription(int Id, string Url, List<string> Events, bool Active, string? Secret);

public sealed record Delivery(long Id, Guid EventId, string EventType, int TicketId, string State, int Attempts, int? LastStatusCode, string? LastError);

/// <summary>The admin's and the supervisor's steps around webhooks, and the settings the tests run with.</summary>
public static class WebhookSteps
{
    public const string Secret = "receiver-shared-secret-0123456789";

    // Fast retries and short leases so that the tests wait seconds, not hours.
    public static Dictionary<string, string?> Settings(bool allowPrivate = true) => new()
    {
        ["Webhooks:AllowPrivateNetworks"] = allowPrivate ? "true" : "false",
        ["Webhooks:PollInterval"] = "00:00:00.100",
        ["Webhooks:FirstRetryDelay"] = "00:00:00.200",
        ["Webhooks:MaxRetryDelay"] = "00:00:00.500",
        ["Webhooks:RequestTimeout"] = "00:00:02",
        ["Webhooks:Lease"] = "00:00:03",
    };

    /// <summary>Processes that deliver one database's webhooks share a Data Protection key ring (the secrets are encrypted with it).</summary>
    public static Dictionary<string, string?> SharedKeyRing(Dictionary<string, string?> settings) =>
        new(settings) { ["DataProtection:KeyDirectory"] = Directory.CreateTempSubdirectory("ticketrouting-keys-").FullName };

    public static async Task<Subscription> SubscribeAsync(TicketRoutingApp app, string url, params string[] events)
    {
        var admin = await app.ClientForAsync(DevUsers.Admin);
        var response = await admin.PostAsJsonAsync("/api/webhooks", new { url, events, secret = Secret });
        await response.ExpectAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<Subscription>(ApiClient.Json))!;
    }

    public static async Task<List<Delivery>> DeliveriesAsync(TicketRoutingApp app, int subscriptionId, string query = "") =>
        await (await app.ClientForAsync(DevUsers.Admin)).GetJsonAsync<List<Delivery>>($"/api/webhooks/{subscriptionId}/deliveries{query}");

    public static async Task EventuallyAsync(Func<Task<bool>> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(100);
        }
    }

    public static async Task MoveAsync(HttpClient supervisor, int ticketId, params string[] statuses)
    {
        foreach (var status in statuses)
        {
            await (await supervisor.PatchJsonAsync($"/api/ticket/{ticketId}", new { status })).ExpectAsync(HttpStatusCode.OK);
        }
    }
}
