using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Concurrency;

/// <summary>
/// Two real API processes (Kestrel on two loopback ports) sharing one PostgreSQL database: the department
/// lock lives in the database, so least-loaded holds across processes, not only across threads.
/// </summary>
public sealed class TwoInstancesTests
{
    [PostgresFact]
    public async Task Submit_200ConcurrentAcrossTwoProcesses_GivesEachOfFiveAgentsExactly40()
    {
        await using var database = await TestDatabase.CreatePostgresAsync(TestDatabase.PostgresConnectionString!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        using var first = ApiProcess.Start(database, key);
        using var second = ApiProcess.Start(database, key);
        await Task.WhenAll(first.WaitReadyAsync(), second.WaitReadyAsync());

        var supervisor = await first.ClientForAsync(DevUsers.Supervisor);
        for (var id = 1; id <= 5; id++)
        {
            await (await supervisor.PatchJsonAsync($"/api/agent/{id}", new { capacity = 40 })).ExpectAsync(HttpStatusCode.OK);
        }

        var portals = new[] { await first.ClientForAsync(DevUsers.Portal), await second.ClientForAsync(DevUsers.Portal) };
        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
            (await portals[i % 2].PostAsJsonAsync("/api/ticket", new { subject = $"Facture {i}", description = "prélevé deux fois" })).StatusCode));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        var agents = await (await second.ClientForAsync(DevUsers.Supervisor)).GetJsonAsync<List<Agent>>("/api/agent?departmentId=1");
        Assert.All(agents, a => Assert.Equal(40, a.OpenTickets));
    }

    [PostgresFact]
    public async Task Submit_BurstFromTwoProcessesIntoOneDepartment_KeepsSpreadAtMostOneAndOneRowPerCustomer()
    {
        await using var database = await TestDatabase.CreatePostgresAsync(TestDatabase.PostgresConnectionString!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        // Returning customers off: the burst repeats five customers, and the spread checked here is the least-loaded rule's.
        using var first = ApiProcess.Start(database, key, ("Intake__MaxBatchSize", "16"), ("Routing__StickyDays", "0"));
        using var second = ApiProcess.Start(database, key, ("Intake__MaxBatchSize", "16"), ("Routing__StickyDays", "0"));
        await Task.WhenAll(first.WaitReadyAsync(), second.WaitReadyAsync());
        var supervisor = await first.ClientForAsync(DevUsers.Supervisor);
        for (var id = 1; id <= 5; id++)
        {
            await (await supervisor.PatchJsonAsync($"/api/agent/{id}", new { capacity = 1000 })).ExpectAsync(HttpStatusCode.OK);
        }

        // Both processes batch at once into billing; the same new customers arrive through both.
        var portals = new[] { await first.ClientForAsync(DevUsers.Portal), await second.ClientForAsync(DevUsers.Portal) };
        var responses = await Task.WhenAll(Enumerable.Range(0, 303).Select(i =>
            portals[i % 2].PostAsJsonAsync("/api/ticket", new
            {
                subject = $"Facture {i}",
                description = "prélevé deux fois",
                customer = new { email = $"burst{i % 5}@example.com" },
            })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var agents = await (await second.ClientForAsync(DevUsers.Supervisor)).GetJsonAsync<List<Agent>>("/api/agent?departmentId=1");
        Assert.Equal(303, agents.Sum(a => a.OpenTickets));
        Assert.True(agents.Max(a => a.OpenTickets) - agents.Min(a => a.OpenTickets) <= 1, string.Join(", ", agents.Select(a => a.OpenTickets)));
        var tickets = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<Ticket>(ApiClient.Json)));
        // One customer per address, although both processes brought each new address at the same time.
        Assert.Equal(5, tickets.Select(t => t!.Customer!.Id).Distinct().Count());
    }
}
