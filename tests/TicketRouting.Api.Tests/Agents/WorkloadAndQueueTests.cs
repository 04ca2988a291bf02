using System.Net;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Agents;

public sealed class WorkloadAndQueueTests : IntegrationTest
{
    private async Task SetAllBillingAgentsAsync(object change)
    {
        for (var id = 1; id <= 5; id++)
        {
            await (await Supervisor.PatchJsonAsync($"/api/agent/{id}", change)).ExpectAsync(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Submit_AllAgentsAway_QueuesTicketsAndHandsThemOutByPriorityThenAgeWhenOneReturns()
    {
        await SetAllBillingAgentsAsync(new { available = false });
        var low = await Portal.SubmitAsync("Facture", "facture fausse", new { priority = "low" });
        var oldHigh = await Portal.SubmitAsync("Facture", "facture fausse", new { priority = "high" });
        var critical = await Portal.SubmitAsync("Facture", "facture fausse", new { priority = "critical" });
        var newHigh = await Portal.SubmitAsync("Facture", "facture fausse", new { priority = "high" });
        Assert.All([low, oldHigh, critical, newHigh], t => Assert.Null(t.Assignee));
        Assert.Equal(4, (await Supervisor.GetJsonAsync<List<Agent>>("/api/agent?departmentId=1"))[0].DepartmentQueueLength);

        // Agent 1 comes back with room for three: the three most urgent, oldest first among equals.
        await (await Supervisor.PatchJsonAsync("/api/agent/1", new { available = true, capacity = 3 })).ExpectAsync(HttpStatusCode.OK);

        var assigned = await App.WithDbAsync(db => Task.FromResult(db.Tickets.Where(t => t.AssigneeId == 1).Select(t => t.Id).ToList()));
        Assert.Equal(new[] { oldHigh.Id, critical.Id, newHigh.Id }.Order(), assigned.Order());
        var agent1 = (await Supervisor.GetJsonAsync<List<Agent>>("/api/agent?departmentId=1")).Single(a => a.Id == 1);
        Assert.Equal(3, agent1.OpenTickets);
        Assert.Equal(1, agent1.DepartmentQueueLength);
        var history = await Supervisor.GetJsonAsync<List<TicketEvent>>($"/api/ticket/{critical.Id}/history");
        Assert.Equal(["created", "routed", "queued", "assigned"], history.Select(e => e.Type));
    }

    [Fact]
    public async Task Submit_CapacityReached_NeverExceedsCapacityAndQueuesTheRest()
    {
        await SetAllBillingAgentsAsync(new { capacity = 2 });

        for (var i = 0; i < 13; i++)
        {
            await Portal.SubmitAsync("Facture", "facture fausse");
        }

        var agents = await Supervisor.GetJsonAsync<List<Agent>>("/api/agent?departmentId=1");
        Assert.All(agents, a => Assert.Equal(2, a.OpenTickets));
        Assert.Equal(3, agents[0].DepartmentQueueLength);
    }

    [Fact]
    public async Task CloseTicket_AgentAtCapacity_TakesNextQueuedTicket()
    {
        await SetAllBillingAgentsAsync(new { capacity = 1 });
        var tickets = new List<Ticket>();
        for (var i = 0; i < 6; i++)
        {
            tickets.Add(await Portal.SubmitAsync("Facture", "facture fausse"));
        }

        var queued = tickets.Single(t => t.Assignee is null);
        var closing = tickets[0];
        await (await Supervisor.PatchJsonAsync($"/api/ticket/{closing.Id}", new { status = "closed" })).ExpectAsync(HttpStatusCode.OK);

        var handedOut = await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{queued.Id}");
        Assert.Equal(closing.Assignee!.Id, handedOut.Assignee!.Id);
    }

    [Fact]
    public async Task PatchAgent_InvalidOrUnknown_Returns400Or404()
    {
        await (await Supervisor.PatchJsonAsync("/api/agent/1", new { capacity = -1 })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await Supervisor.PatchJsonAsync("/api/agent/1", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await Supervisor.PatchJsonAsync("/api/agent/999", new { available = true })).ExpectProblemAsync(HttpStatusCode.NotFound);
        var agent = await App.ClientForAsync(DevUsers.BillingAgent);
        await (await agent.PatchJsonAsync("/api/agent/1", new { available = false })).ExpectAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ListAgents_UnknownDepartment_Returns404()
    {
        var response = await Supervisor.GetAsync("/api/agent?departmentId=999");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListDepartments_ShowsSevenDefaultsWithBothNamesAndQueues()
    {
        var departments = await Supervisor.GetJsonAsync<List<System.Text.Json.JsonElement>>("/api/department");

        Assert.Equal(["billing", "technical", "orders", "returns", "accounts", "sales", "general"],
            departments.Select(d => d.GetProperty("slug").GetString()));
        Assert.All(departments, d => Assert.True(d.GetProperty("agents").GetInt32() >= 4));
        Assert.Equal("Facturation & paiements", departments[0].GetProperty("nameFr").GetString());
        Assert.Equal("Billing & Payments", departments[0].GetProperty("nameEn").GetString());
        Assert.Equal(0, departments[0].GetProperty("queueLength").GetInt32());
    }
}
