using System.Net;
using System.Net.Http.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Tickets;

public sealed class ReassignTicketTests : IntegrationTest
{
    private async Task<int> DepartmentIdAsync(string slug) =>
        (await Supervisor.GetJsonAsync<List<Department>>("/api/department")).Single(d => d.Slug == slug).Id;

    [Fact]
    public async Task Reassign_ToDepartment_BalancerPicksAgentThereAndHistoryRecordsIt()
    {
        var ticket = await Portal.SubmitAsync("asdf", "qwerty");
        var technical = await DepartmentIdAsync("technical");

        var response = await Supervisor.PostAsJsonAsync($"/api/ticket/{ticket.Id}/reassign",
            new { departmentId = technical, reason = "It is a crash report" });

        await response.ExpectAsync(HttpStatusCode.OK);
        var moved = (await response.Content.ReadFromJsonAsync<Ticket>(ApiClient.Json))!;
        Assert.Equal("technical", moved.Department.Slug);
        Assert.Equal(6, moved.Assignee!.Id); // technical agents are 6-10, all empty: lowest id
        var history = await Supervisor.GetJsonAsync<List<TicketEvent>>($"/api/ticket/{ticket.Id}/history");
        var reassigned = history.Single(e => e.Type == "reassigned");
        Assert.Equal("It is a crash report", reassigned.Reason);
        Assert.Equal("supervisor", reassigned.Actor);
        Assert.StartsWith("general/", reassigned.From);
        Assert.Equal($"technical/{moved.Assignee.Name}", reassigned.To);
    }

    [Fact]
    public async Task Reassign_ToAgent_MovesTicketToAgentAndTheirDepartment()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");

        var response = await Supervisor.PostAsJsonAsync($"/api/ticket/{ticket.Id}/reassign", new { agentId = 12, reason = "Order issue really" });

        await response.ExpectAsync(HttpStatusCode.OK);
        var moved = (await response.Content.ReadFromJsonAsync<Ticket>(ApiClient.Json))!;
        Assert.Equal(12, moved.Assignee!.Id);
        Assert.Equal("orders", moved.Department.Slug);
        var agents = await Supervisor.GetJsonAsync<List<Agent>>("/api/agent");
        Assert.Equal(0, agents.Single(a => a.Id == ticket.Assignee!.Id).OpenTickets);
        Assert.Equal(1, agents.Single(a => a.Id == 12).OpenTickets);
    }

    [Fact]
    public async Task Reassign_WithinSameDepartment_PicksAnotherAgent()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");

        var response = await Supervisor.PostAsJsonAsync($"/api/ticket/{ticket.Id}/reassign",
            new { departmentId = ticket.Department.Id, reason = "Camille is overloaded" });

        await response.ExpectAsync(HttpStatusCode.OK);
        var moved = (await response.Content.ReadFromJsonAsync<Ticket>(ApiClient.Json))!;
        Assert.NotEqual(ticket.Assignee!.Id, moved.Assignee!.Id);
    }

    [Theory]
    [InlineData("""{"agentId": 1}""", "reason")]
    [InlineData("""{"reason": "   ", "agentId": 1}""", "reason")]
    [InlineData("""{"reason": "no target"}""", "agentId")]
    public async Task Reassign_InvalidBody_Returns400(string json, string field)
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");

        var response = await Supervisor.PostAsync($"/api/ticket/{ticket.Id}/reassign",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Reassign_UnknownTicketAgentOrDepartment_Returns404AndChangesNothing()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");

        await (await Supervisor.PostAsJsonAsync("/api/ticket/99999/reassign", new { agentId = 2, reason = "x" }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Supervisor.PostAsJsonAsync("/api/ticket/TSK-99999/reassign", new { agentId = 2, reason = "x" }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Supervisor.PostAsJsonAsync($"/api/ticket/{ticket.Id}/reassign", new { agentId = 9999, reason = "x" }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Supervisor.PostAsJsonAsync($"/api/ticket/{ticket.Id}/reassign", new { departmentId = 9999, reason = "x" }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);

        var unchanged = await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{ticket.Id}");
        Assert.Equal(ticket.Assignee!.Id, unchanged.Assignee!.Id);
        var history = await Supervisor.GetJsonAsync<List<TicketEvent>>($"/api/ticket/{ticket.Id}/history");
        Assert.DoesNotContain(history, e => e.Type == "reassigned");
    }

    [Fact]
    public async Task Reassign_ToSameAgentOrFullOrAwayAgent_Returns409()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");
        await (await Supervisor.PatchJsonAsync("/api/agent/2", new { capacity = 0 })).ExpectAsync(HttpStatusCode.OK);
        await (await Supervisor.PatchJsonAsync("/api/agent/3", new { available = false })).ExpectAsync(HttpStatusCode.OK);

        foreach (var agentId in new[] { ticket.Assignee!.Id, 2, 3 })
        {
            var response = await Supervisor.PostAsJsonAsync($"/api/ticket/{ticket.Id}/reassign", new { agentId, reason = "try" });
            await response.ExpectProblemAsync(HttpStatusCode.Conflict);
        }
    }

    [Fact]
    public async Task Reassign_AgentNotInGivenDepartment_Returns400()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");

        var response = await Supervisor.PostAsJsonAsync($"/api/ticket/{ticket.Id}/reassign",
            new { agentId = 12, departmentId = ticket.Department.Id, reason = "mismatch" });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Reassign_ByAgentOrPortal_Returns403()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");
        var agent = await App.ClientForAsync(DevUsers.BillingAgent);

        await (await agent.PostAsJsonAsync($"/api/ticket/{ticket.Id}/reassign", new { agentId = 2, reason = "x" }))
            .ExpectAsync(HttpStatusCode.Forbidden);
        await (await Portal.PostAsJsonAsync($"/api/ticket/{ticket.Id}/reassign", new { agentId = 2, reason = "x" }))
            .ExpectAsync(HttpStatusCode.Forbidden);
    }
}
