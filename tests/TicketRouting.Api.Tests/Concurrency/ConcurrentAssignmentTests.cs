using System.Net;
using System.Net.Http.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Concurrency;

/// <summary>
/// Many simultaneous submissions into one department. Runs on SQLite by default and on PostgreSQL when
/// TICKETROUTING_TEST_POSTGRES is set (.ci/run does both).
/// </summary>
public sealed class ConcurrentAssignmentTests : IntegrationTest
{
    // About exact assignment under a burst, not load shedding: the whole burst may queue longer than the
    // default Database:WaitSeconds on a busy test machine (past it, requests would get a 503 + Retry-After).
    protected override Dictionary<string, string?> Settings => new() { ["Database:WaitSeconds"] = "120" };

    private async Task SetBillingCapacityAsync(int capacity)
    {
        for (var id = 1; id <= 5; id++)
        {
            await (await Supervisor.PatchJsonAsync($"/api/agent/{id}", new { capacity })).ExpectAsync(HttpStatusCode.OK);
        }
    }

    private async Task<HttpStatusCode[]> SubmitConcurrentlyAsync(int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var response = await Portal.PostAsJsonAsync("/api/ticket", new
            {
                subject = i % 2 == 0 ? $"Facture {i} incorrecte" : $"Invoice {i} is wrong",
                description = i % 2 == 0 ? "J'ai été prélevé deux fois sur ma carte bancaire." : "I was charged twice for my subscription.",
                customer = new { email = $"customer{i % 7}@example.com" }, // shared customers: concurrent first inserts race
            });
            return response.StatusCode;
        }));

    [Fact]
    public async Task Submit_200ConcurrentIntoFiveEqualAgents_GivesEachExactly40()
    {
        await SetBillingCapacityAsync(40);

        var statuses = await SubmitConcurrentlyAsync(200);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        var agents = await Supervisor.GetJsonAsync<List<Agent>>("/api/agent?departmentId=1");
        Assert.All(agents, a => Assert.Equal(40, a.OpenTickets));
        Assert.Equal(0, agents[0].DepartmentQueueLength);
        var (tickets, events) = await App.WithDbAsync(db => Task.FromResult(
            (db.Tickets.Count(), db.TicketEvents.Count(e => e.Type == "assigned"))));
        Assert.Equal(200, tickets);
        Assert.Equal(200, events);
    }

    [Fact]
    public async Task Submit_ConcurrentBeyondCapacity_NeverExceedsCapacityAndQueuesTheRest()
    {
        await SetBillingCapacityAsync(12);

        var statuses = await SubmitConcurrentlyAsync(80);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        var agents = await Supervisor.GetJsonAsync<List<Agent>>("/api/agent?departmentId=1");
        Assert.All(agents, a => Assert.Equal(12, a.OpenTickets));
        Assert.Equal(20, agents[0].DepartmentQueueLength);
    }

    [Fact]
    public async Task CloseAndSubmit_Concurrently_KeepLoadsWithinCapacity()
    {
        await SetBillingCapacityAsync(4);
        await SubmitConcurrentlyAsync(30); // 20 assigned, 10 queued
        var assigned = await App.WithDbAsync(db => Task.FromResult(db.Tickets.Where(t => t.AssigneeId != null).Select(t => t.Id).ToList()));

        var closes = assigned.Take(8).Select(id => Supervisor.PatchJsonAsync($"/api/ticket/{id}", new { status = "closed" }));
        var submits = SubmitConcurrentlyAsync(10);
        await Task.WhenAll(closes.Cast<Task>().Append(submits));

        var agents = await Supervisor.GetJsonAsync<List<Agent>>("/api/agent?departmentId=1");
        Assert.All(agents, a => Assert.Equal(4, a.OpenTickets));
        Assert.Equal(40 - 8 - 20, agents[0].DepartmentQueueLength);
    }
}
