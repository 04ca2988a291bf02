using System.Net;
using System.Net.Http.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Tickets;

public sealed class TicketLifecycleTests : IntegrationTest
{
    public static TheoryData<string[], string, bool> Transitions()
    {
        var data = new TheoryData<string[], string, bool>();
        var allowed = new Dictionary<string, string[]>
        {
            ["open"] = ["in_progress", "closed"],
            ["in_progress"] = ["open", "closed", "blocked"],
            ["blocked"] = ["in_progress", "open"],
            ["closed"] = ["open", "in_progress"],
        };
        // How to reach each status from open.
        var path = new Dictionary<string, string[]>
        {
            ["open"] = [],
            ["in_progress"] = ["in_progress"],
            ["blocked"] = ["in_progress", "blocked"],
            ["closed"] = ["closed"],
        };
        foreach (var from in allowed.Keys)
        {
            foreach (var to in allowed.Keys)
            {
                data.Add(path[from], to, allowed[from].Contains(to));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Transitions))]
    public async Task Patch_Status_FollowsLifecycle(string[] pathToFrom, string target, bool allowed)
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");
        foreach (var step in pathToFrom)
        {
            await (await Supervisor.PatchJsonAsync($"/api/ticket/{ticket.Id}", new { status = step })).ExpectAsync(HttpStatusCode.OK);
        }

        var response = await Supervisor.PatchJsonAsync($"/api/ticket/{ticket.Id}", new { status = target });

        if (allowed)
        {
            await response.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(target, (await response.Content.ReadFromJsonAsync<Ticket>(ApiClient.Json))!.Status);
        }
        else
        {
            var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict);
            Assert.True(problem.TryGetProperty("allowedTargets", out var targets));
            Assert.NotEmpty(targets.EnumerateArray());
            var current = await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{ticket.Id}");
            Assert.Equal(pathToFrom.LastOrDefault() ?? "open", current.Status);
        }
    }

    [Fact]
    public async Task Patch_AgentOnOthersTicket_Returns403_OnOwnTicket_Works()
    {
        var agent = await App.ClientForAsync(DevUsers.BillingAgent); // agent 1
        var own = await Portal.SubmitAsync("Facture", "facture fausse");
        var other = await Portal.SubmitAsync("Facture", "facture fausse");
        Assert.Equal(1, own.Assignee!.Id);

        await (await agent.PatchJsonAsync($"/api/ticket/{own.Id}", new { status = "in_progress" })).ExpectAsync(HttpStatusCode.OK);
        await (await agent.PatchJsonAsync($"/api/ticket/{other.Id}", new { status = "in_progress" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await Portal.PatchJsonAsync($"/api/ticket/{own.Id}", new { status = "closed" })).ExpectAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Patch_Priority_ChangesDueTimeAndHistory()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse", new { priority = "low" });

        var response = await Supervisor.PatchJsonAsync($"/api/ticket/{ticket.Id}", new { priority = "critical" });

        await response.ExpectAsync(HttpStatusCode.OK);
        var updated = (await response.Content.ReadFromJsonAsync<Ticket>(ApiClient.Json))!;
        Assert.Equal("critical", updated.Priority);
        Assert.True(updated.DueAt < ticket.DueAt);
        var history = await Supervisor.GetJsonAsync<List<TicketEvent>>($"/api/ticket/{ticket.Id}/history");
        var change = history.Single(e => e.Type == "priority");
        Assert.Equal(("low", "critical"), (change.From, change.To));
    }

    [Theory]
    [InlineData("""{"status":"done"}""")]
    [InlineData("""{"priority":"urgent"}""")]
    [InlineData("""{}""")]
    public async Task Patch_InvalidBody_Returns400(string json)
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");

        var response = await Supervisor.PatchAsync($"/api/ticket/{ticket.Id}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Delete_Admin_Returns204ThenTicketIs404ButHistoryKeepsDeletion()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");
        var admin = await App.ClientForAsync(DevUsers.Admin);

        await (await Supervisor.DeleteAsync($"/api/ticket/{ticket.Id}")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await admin.DeleteAsync($"/api/ticket/{ticket.Id}")).ExpectAsync(HttpStatusCode.NoContent);

        await (await admin.GetAsync($"/api/ticket/{ticket.Id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync($"/api/ticket/{ticket.Id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Supervisor.GetAsync($"/api/ticket/{ticket.Id}/history")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var history = await admin.GetJsonAsync<List<TicketEvent>>($"/api/ticket/{ticket.Id}/history");
        Assert.Equal("deleted", history[^1].Type);
        Assert.Equal("admin", history[^1].Actor);
        var agents = await admin.GetJsonAsync<List<Agent>>("/api/agent?departmentId=1");
        Assert.Equal(0, agents.Sum(a => a.OpenTickets));
    }

    [Fact]
    public async Task History_FullLifecycle_RecordsEveryStepWithActors()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");
        await (await Supervisor.PostAsJsonAsync($"/api/ticket/{ticket.Id}/reassign", new { agentId = 3, reason = "Emma knows this customer" }))
            .ExpectAsync(HttpStatusCode.OK);
        await (await Supervisor.PatchJsonAsync($"/api/ticket/{ticket.Id}", new { status = "in_progress" })).ExpectAsync(HttpStatusCode.OK);
        await (await Supervisor.PatchJsonAsync($"/api/ticket/{ticket.Id}", new { status = "closed" })).ExpectAsync(HttpStatusCode.OK);
        await (await Supervisor.PatchJsonAsync($"/api/ticket/{ticket.Id}", new { status = "open" })).ExpectAsync(HttpStatusCode.OK);

        var history = await Supervisor.GetJsonAsync<List<TicketEvent>>($"/api/ticket/{ticket.Id}/history");

        Assert.Equal(["created", "routed", "assigned", "reassigned", "status", "status", "status"], history.Select(e => e.Type));
        Assert.Equal("portal", history[0].Actor);
        Assert.Equal("Emma knows this customer", history[3].Reason);
        Assert.Equal([("open", "in_progress"), ("in_progress", "closed"), ("closed", "open")],
            history.Skip(4).Select(e => (e.From!, e.To!)));
        Assert.All(history.Skip(3), e => Assert.Equal("supervisor", e.Actor));
    }

    [Fact]
    public async Task Reopen_QueuedTicket_IsHandedOutInQueueOrderWhenRoomAppears()
    {
        for (var id = 26; id <= 30; id++) // sales
        {
            await (await Supervisor.PatchJsonAsync($"/api/agent/{id}", new { available = false })).ExpectAsync(HttpStatusCode.OK);
        }

        var old = await Portal.SubmitAsync("Devis", "Nous sommes revendeur et souhaitons un devis pour 200 licences", new { priority = "high" });
        Assert.Equal("sales", old.Department.Slug);
        await (await Supervisor.PatchJsonAsync($"/api/ticket/{old.Id}", new { status = "closed" })).ExpectAsync(HttpStatusCode.OK);
        await (await Supervisor.PatchJsonAsync("/api/agent/26", new { available = true, capacity = 1 })).ExpectAsync(HttpStatusCode.OK);
        await (await Supervisor.PatchJsonAsync("/api/agent/26", new { capacity = 0 })).ExpectAsync(HttpStatusCode.OK);

        await (await Supervisor.PatchJsonAsync($"/api/ticket/{old.Id}", new { status = "open" })).ExpectAsync(HttpStatusCode.OK);
        var newer = await Portal.SubmitAsync("Partenariat", "Demande de partenariat revendeur et devis", new { priority = "low" });
        await (await Supervisor.PatchJsonAsync("/api/agent/26", new { capacity = 1 })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(26, (await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{old.Id}")).Assignee?.Id);
        Assert.Null((await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{newer.Id}")).Assignee);
    }

    [Fact]
    public async Task Patch_IllegalStatusWithPriority_ChangesNothing()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse", new { priority = "low" });

        await (await Supervisor.PatchJsonAsync($"/api/ticket/{ticket.Id}", new { status = "blocked", priority = "critical" }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("low", (await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{ticket.Id}")).Priority);
        var history = await Supervisor.GetJsonAsync<List<TicketEvent>>($"/api/ticket/{ticket.Id}/history");
        Assert.DoesNotContain(history, e => e.Type == "priority");
    }

    [Fact]
    public async Task Reopen_AgentAtCapacity_TicketGoesToAnotherAgent()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");
        var owner = ticket.Assignee!.Id;
        await (await Supervisor.PatchJsonAsync($"/api/ticket/{ticket.Id}", new { status = "closed" })).ExpectAsync(HttpStatusCode.OK);
        await (await Supervisor.PatchJsonAsync($"/api/agent/{owner}", new { capacity = 0 })).ExpectAsync(HttpStatusCode.OK);

        var response = await Supervisor.PatchJsonAsync($"/api/ticket/{ticket.Id}", new { status = "open" });

        await response.ExpectAsync(HttpStatusCode.OK);
        var reopened = (await response.Content.ReadFromJsonAsync<Ticket>(ApiClient.Json))!;
        Assert.NotEqual(owner, reopened.Assignee!.Id);
    }
}
