using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Tickets;

public sealed class CommentsCustomersStatsTests : IntegrationTest
{
    [Fact]
    public async Task Comments_InternalNotesAreHiddenFromThePortal()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");
        var agent = await App.ClientForAsync(DevUsers.BillingAgent);

        await (await Portal.PostAsJsonAsync($"/api/ticket/{ticket.Id}/comments", new { body = "Any news?" })).ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsJsonAsync($"/api/ticket/{ticket.Id}/comments", new { body = "Refund approved", @internal = false })).ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsJsonAsync($"/api/ticket/{ticket.Id}/comments", new { body = "Customer is difficult", @internal = true })).ExpectAsync(HttpStatusCode.Created);
        // The portal cannot write internal notes: its flag is ignored, the reply is public.
        await (await Portal.PostAsJsonAsync($"/api/ticket/{ticket.Id}/comments", new { body = "Thanks", @internal = true })).ExpectAsync(HttpStatusCode.Created);

        var staffView = await Supervisor.GetJsonAsync<List<JsonElement>>($"/api/ticket/{ticket.Id}/comments");
        var portalView = await Portal.GetJsonAsync<List<JsonElement>>($"/api/ticket/{ticket.Id}/comments");
        Assert.Equal(["Any news?", "Refund approved", "Customer is difficult", "Thanks"], staffView.Select(c => c.GetProperty("body").GetString()));
        Assert.Equal(["Any news?", "Refund approved", "Thanks"], portalView.Select(c => c.GetProperty("body").GetString()));
        var history = await Supervisor.GetJsonAsync<List<TicketEvent>>($"/api/ticket/{ticket.Id}/history");
        Assert.Equal(4, history.Count(e => e.Type == "comment"));
    }

    [Fact]
    public async Task Comments_EmptyBodyOrUnknownTicket_Rejected()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");

        await (await Supervisor.PostAsJsonAsync($"/api/ticket/{ticket.Id}/comments", new { body = " " })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await Supervisor.PostAsJsonAsync("/api/ticket/424242/comments", new { body = "hello" })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Customer_ShowsTheirTickets_UnknownIs404()
    {
        var first = await Portal.SubmitAsync("Facture", "facture fausse", new { customer = new { email = "lea@example.fr", name = "Léa" } });
        var second = await Portal.SubmitAsync("Colis", "colis perdu", new { customer = new { email = "LEA@example.fr" } });

        var customer = await Supervisor.GetJsonAsync<JsonElement>($"/api/customer/{first.Customer!.Id}");

        Assert.Equal("lea@example.fr", customer.GetProperty("email").GetString());
        Assert.Equal("Léa", customer.GetProperty("name").GetString());
        Assert.Equal([second.Id, first.Id], customer.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("id").GetInt32()));
        await (await Supervisor.GetAsync("/api/customer/9999")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Stats_MatchTheData_IncludingMisrouteRate()
    {
        var billing = await Portal.SubmitAsync("Facture", "facture fausse", new { priority = "high" });
        var technical = await Portal.SubmitAsync("Crash", "the app crashes with an error");
        var general = await Portal.SubmitAsync("asdf", "qwerty");
        await (await Supervisor.PatchJsonAsync($"/api/ticket/{billing.Id}", new { status = "closed" })).ExpectAsync(HttpStatusCode.OK);
        var orders = (await Supervisor.GetJsonAsync<List<Department>>("/api/department")).Single(d => d.Slug == "orders");
        await (await Supervisor.PostAsJsonAsync($"/api/ticket/{general.Id}/reassign", new { departmentId = orders.Id, reason = "a delivery question" }))
            .ExpectAsync(HttpStatusCode.OK);

        var stats = await Supervisor.GetJsonAsync<JsonElement>("/api/stats");

        Assert.Equal(3, stats.GetProperty("total").GetInt32());
        Assert.Equal(1, stats.GetProperty("byStatus").GetProperty("closed").GetInt32());
        Assert.Equal(2, stats.GetProperty("byStatus").GetProperty("open").GetInt32());
        Assert.Equal(1, stats.GetProperty("byPriority").GetProperty("high").GetInt32());
        Assert.Equal(2, stats.GetProperty("byPriority").GetProperty("medium").GetInt32());
        Assert.Equal(1, stats.GetProperty("byDepartment").GetProperty("orders").GetInt32());
        Assert.Equal(0, stats.GetProperty("byDepartment").GetProperty("general").GetInt32());
        Assert.Equal(1, stats.GetProperty("departmentCorrections").GetInt32());
        Assert.Equal(Math.Round(1 / 3.0, 4), stats.GetProperty("misrouteRate").GetDouble());
        var loads = stats.GetProperty("openPerAgent").EnumerateArray().ToList();
        Assert.Equal(2, loads.Sum(a => a.GetProperty("openTickets").GetInt32()));
        Assert.Equal(1, loads.Single(a => a.GetProperty("agentId").GetInt32() == technical.Assignee!.Id).GetProperty("openTickets").GetInt32());
    }
}
