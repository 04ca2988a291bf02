using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Reports;

public sealed class ReportTests : IntegrationTest
{
    private static readonly DateTimeOffset Day = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private const string Range = "from=2026-01-15&to=2026-01-15";

    [Fact]
    public async Task Reports_OnKnownHistory_CountPerDayAndDepartment_MeasureTimes_SlaAndAgentActivity()
    {
        await ArrangeKnownHistoryAsync();

        var daily = await Supervisor.GetJsonAsync<List<DailyRow>>($"/api/reports/daily?{Range}");
        var times = await Supervisor.GetJsonAsync<List<TimesRow>>($"/api/reports/times?{Range}");
        var agents = await Supervisor.GetJsonAsync<List<AgentRow>>($"/api/reports/agents?{Range}");

        Assert.Equal(
            [new DailyRow("2026-01-15", "billing", 2, 1, 1), new DailyRow("2026-01-15", "technical", 1, 0, 0)], daily);
        var billing = times.Single(t => t.Department == "billing");
        Assert.Equal(new Duration(2, 10, 30), billing.FirstAssignment);
        Assert.Equal(new Duration(1, 60, 60), billing.FirstAgentAction);
        Assert.Equal(new Duration(1, 60, 60), billing.Close);
        Assert.Equal(new Sla(1, 1, 0, 0.5), billing.Sla);
        var all = times.Single(t => t.Department == "all");
        Assert.Equal((3, new Duration(3, 20, 30), new Sla(1, 1, 1, 0.5)), (all.Created, all.FirstAssignment, all.Sla));
        Assert.Equal((1, 1, 0), Activity(agents, 1));
        Assert.Equal((1, 0, 1), Activity(agents, 2));
        Assert.Equal((1, 0, 0), Activity(agents, 3));
        Assert.Equal((1, 0, 0), Activity(agents, 6));
        Assert.Equal((0, 0, 0), Activity(agents, 4));
    }

    [Fact]
    public async Task Reports_AsCsv_WhenAskedWithAccept()
    {
        await ArrangeKnownHistoryAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/daily?{Range}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var timesRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/times?{Range}");
        timesRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        var response = await Supervisor.SendAsync(request);
        var times = await (await Supervisor.SendAsync(timesRequest)).Content.ReadAsStringAsync();

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            "date,department,created,closed,reopened\r\n2026-01-15,billing,2,1,1\r\n2026-01-15,technical,1,0,0\r\n",
            await response.Content.ReadAsStringAsync());
        Assert.StartsWith("department,created,firstAssignment.tickets,firstAssignment.medianMinutes,firstAssignment.p90Minutes,", times);
        Assert.Contains("\r\nbilling,2,2,10,30,1,60,60,1,60,60,1,1,0,0.5\r\n", times);
    }

    [Fact]
    public async Task Reports_RefuseAReversedRange_AndAgents()
    {
        var agent = await App.ClientForAsync(DevUsers.BillingAgent);

        var reversed = await (await Supervisor.GetAsync("/api/reports/daily?from=2026-02-01&to=2026-01-01")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await Supervisor.GetAsync("/api/reports/daily?from=2024-01-01&to=2026-01-01")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await Supervisor.GetAsync("/api/reports/daily?from=yesterday")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(reversed.GetProperty("errors").TryGetProperty("from", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/reports/daily")).StatusCode);
    }

    /// <summary>
    /// Through the API: A and B to billing (agents 1 and 2), C to technical (agent 6); agent 1 closes A, a supervisor
    /// reopens it and moves B to agent 3. Then the clock of that history is set to known times on 15 January.
    /// </summary>
    private async Task ArrangeKnownHistoryAsync()
    {
        var a = await Portal.SubmitAsync("Facture", "ma facture est fausse, prélevé deux fois");
        var b = await Portal.SubmitAsync("Facture", "ma facture de mars est fausse");
        var c = await Portal.SubmitAsync("Crash", "the app crashes with an error when I open settings");
        var billingAgent = await App.ClientForAsync(DevUsers.BillingAgent);
        await (await billingAgent.PatchJsonAsync($"/api/ticket/{a.Id}", new { status = "closed" })).ExpectAsync(HttpStatusCode.OK);
        await (await Supervisor.PatchJsonAsync($"/api/ticket/{a.Id}", new { status = "open" })).ExpectAsync(HttpStatusCode.OK);
        await (await Supervisor.PostAsJsonAsync($"/api/ticket/{b.Id}/reassign", new { agentId = 3, reason = "balance" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((1, 2, 6), (a.Assignee!.Id, b.Assignee!.Id, c.Assignee!.Id));

        await App.WithDbAsync(async db =>
        {
            var tickets = await db.Tickets.Where(t => t.Id == a.Id || t.Id == b.Id || t.Id == c.Id).ToListAsync();
            foreach (var ticket in tickets)
            {
                ticket.CreatedAt = Day;
                ticket.DueAt = ticket.Id == a.Id ? Day.AddMinutes(90) : ticket.Id == b.Id ? Day.AddMinutes(60) : new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero);
            }

            foreach (var e in await db.TicketEvents.ToListAsync())
            {
                e.At = Day.AddMinutes((e.TicketId == a.Id, e.TicketId == b.Id, e.Type, e.To) switch
                {
                    (true, _, "assigned", _) => 10,
                    (true, _, "status", "closed") => 60,
                    (true, _, "status", _) => 120,
                    (_, true, "assigned", _) => 30,
                    (_, true, "reassigned", _) => 40,
                    (false, false, "assigned", _) => 20,
                    _ => 0,
                });
            }

            return await db.SaveChangesAsync();
        });
    }

    private static (int, int, int) Activity(List<AgentRow> agents, int id)
    {
        var agent = agents.Single(x => x.AgentId == id);
        return (agent.Handled, agent.Closed, agent.ReassignedAway);
    }

    private sealed record DailyRow(string Date, string Department, int Created, int Closed, int Reopened);

    private sealed record Duration(int Tickets, double? MedianMinutes, double? P90Minutes);

    private sealed record Sla(int Met, int Breached, int Pending, double? Compliance);

    private sealed record TimesRow(string Department, int Created, Duration FirstAssignment, Duration FirstAgentAction, Duration Close, Sla Sla);

    private sealed record AgentRow(int AgentId, string Name, string Department, int Handled, int Closed, int ReassignedAway);
}
