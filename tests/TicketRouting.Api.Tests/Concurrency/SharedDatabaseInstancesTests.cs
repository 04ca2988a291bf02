using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Concurrency;

/// <summary>
/// Two service instances on one database: what an admin changes through one reaches the other within the
/// configured refresh times (here 1 s, so the tests stay short).
/// </summary>
public sealed class SharedDatabaseInstancesTests
{
    private static async Task<(TicketRoutingApp First, TicketRoutingApp Second, TestDatabase Database)> StartTwoAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Routing:Classifier"] = "rules",
            ["Routing:RefreshSeconds"] = "1",
            ["Auth:UserStatusCacheSeconds"] = "1",
        };
        return (await TicketRoutingApp.StartAsync(settings, database), await TicketRoutingApp.StartAsync(settings, database), database);
    }

    private static async Task<TimeSpan> EventuallyAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "the other instance never saw the change");
            await Task.Delay(100);
        }

        return clock.Elapsed;
    }

    [Fact]
    public async Task ReplaceRules_OnOneInstance_ReachesTheOtherWithinItsRefresh()
    {
        var (first, second, database) = await StartTwoAsync();
        await using var db = database;
        await using var a = first;
        await using var b = second;
        var admin = await a.ClientForAsync(DevUsers.Admin);
        var supervisorOnB = await b.ClientForAsync(DevUsers.Supervisor);
        async Task<string?> PredictOnBAsync()
        {
            var response = await supervisorOnB.PostAsJsonAsync("/api/classifier/predict", new { subject = "Widget", description = "my flux capacitor is broken" });
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predicted").GetString();
        }

        Assert.NotEqual("technical", await PredictOnBAsync());
        var rules = await admin.GetJsonAsync<JsonElement>("/api/classifier/rules");
        var departments = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, double>>>(rules.GetProperty("departments"))!;
        departments["technical"]["flux capacitor"] = 6;

        await (await admin.PutAsJsonAsync("/api/classifier/rules", new { version = "shared-2", departments })).ExpectAsync(HttpStatusCode.OK);

        var waited = await EventuallyAsync(async () => await PredictOnBAsync() == "technical");
        Assert.True(waited < TimeSpan.FromSeconds(5), $"took {waited}");
    }

    [Fact]
    public async Task DeactivateUser_OnOneInstance_CutsTheirTokenOnTheOtherWithinTheCacheTime()
    {
        var (first, second, database) = await StartTwoAsync();
        await using var db = database;
        await using var a = first;
        await using var b = second;
        var admin = await a.ClientForAsync(DevUsers.Admin);
        var created = await admin.PostAsJsonAsync("/api/user", new { username = "roamer", password = "roaming-password", role = "supervisor" });
        await created.ExpectAsync(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var roamerOnB = await b.ClientForAsync(("roamer", "roaming-password"));
        await (await roamerOnB.GetAsync("/api/agent")).ExpectAsync(HttpStatusCode.OK);

        await (await admin.PatchJsonAsync($"/api/user/{id}", new { active = false })).ExpectAsync(HttpStatusCode.OK);

        var waited = await EventuallyAsync(async () => (await roamerOnB.GetAsync("/api/agent")).StatusCode == HttpStatusCode.Unauthorized);
        Assert.True(waited < TimeSpan.FromSeconds(3), $"took {waited}");
    }
}
