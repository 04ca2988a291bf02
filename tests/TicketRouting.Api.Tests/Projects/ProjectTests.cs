using System.Net;
using System.Net.Http.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Projects;

public sealed class ProjectTests : IntegrationTest
{
    [Fact]
    public async Task Supervisor_CreatesAProject_PutsTicketsInIt_AndFiltersAndCountsByIt()
    {
        await (await Supervisor.PostAsJsonAsync("/api/project", new { key = "web", name = "Site web" })).ExpectAsync(HttpStatusCode.Created);
        var billing = await Portal.SubmitAsync("Facture", "ma facture est fausse", new { priority = "high" });
        var technical = await Portal.SubmitAsync("Crash", "the app crashes with an error when I open settings");
        var outside = await Portal.SubmitAsync("Colis", "mon colis est perdu");

        foreach (var ticket in new[] { billing, technical })
        {
            await (await Supervisor.PutAsJsonAsync($"/api/ticket/{ticket.Key}/project", new { project = "WEB" })).ExpectAsync(HttpStatusCode.NoContent);
        }

        await (await Supervisor.PatchJsonAsync($"/api/ticket/{technical.Id}", new { status = "closed" })).ExpectAsync(HttpStatusCode.OK);

        var page = await Supervisor.GetJsonAsync<TicketPage>("/api/ticket?project=web");
        Assert.Equal([billing.Id, technical.Id], page.Items.Select(t => t.Id).Order());
        var stats = await Supervisor.GetJsonAsync<ProjectStats>("/api/project/WEB/stats");
        Assert.Equal(2, stats.Total);
        Assert.Equal(1, stats.ByStatus["open"]);
        Assert.Equal(1, stats.ByStatus["closed"]);
        Assert.Equal(1, stats.ByPriority["high"]);
        Assert.Equal(1, stats.ByDepartment["billing"]);
        Assert.Equal(1, stats.ByDepartment["technical"]);
        var listed = Assert.Single(await Supervisor.GetJsonAsync<List<Project>>("/api/project"));
        Assert.Equal(("WEB", "Site web", 2, 1), (listed.Key, listed.Name, listed.Tickets, listed.OpenTickets));
        var history = await Supervisor.GetJsonAsync<List<TicketEvent>>($"/api/ticket/{billing.Id}/history");
        Assert.Contains(history, e => e.Type == "project" && e.To == "WEB" && e.Actor == "supervisor");
        Assert.DoesNotContain(outside.Id, page.Items.Select(t => t.Id));
    }

    [Fact]
    public async Task DuplicateKey_Is409_BadKey_Is400_AndAgentsCannotManageProjects()
    {
        await (await Supervisor.PostAsJsonAsync("/api/project", new { key = "WEB", name = "Site web" })).ExpectAsync(HttpStatusCode.Created);
        var agent = await App.ClientForAsync(DevUsers.BillingAgent);

        await (await Supervisor.PostAsJsonAsync("/api/project", new { key = "web", name = "Other" })).ExpectProblemAsync(HttpStatusCode.Conflict);
        var invalid = await (await Supervisor.PostAsJsonAsync("/api/project", new { key = "a b/../c", name = "" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("key", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/project", new { key = "APP", name = "App" })).StatusCode);
        Assert.Single(await agent.GetJsonAsync<List<Project>>("/api/project"));
    }

    [Fact]
    public async Task UnknownProjectOnATicket_Is400_UnknownTicket404_AndAProjectWithTicketsCannotBeDeleted()
    {
        await (await Supervisor.PostAsJsonAsync("/api/project", new { key = "WEB", name = "Site web" })).ExpectAsync(HttpStatusCode.Created);
        var ticket = await Portal.SubmitAsync("Facture", "ma facture est fausse");

        await (await Supervisor.PutAsJsonAsync($"/api/ticket/{ticket.Id}/project", new { project = "NOPE" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await Supervisor.PutAsJsonAsync("/api/ticket/TSK-9999/project", new { project = "WEB" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Supervisor.PutAsJsonAsync($"/api/ticket/{ticket.Id}/project", new { project = "WEB" })).ExpectAsync(HttpStatusCode.NoContent);
        await (await Supervisor.DeleteAsync("/api/project/WEB")).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await Supervisor.PutAsJsonAsync($"/api/ticket/{ticket.Id}/project", new { project = (string?)null })).ExpectAsync(HttpStatusCode.NoContent);
        await (await Supervisor.DeleteAsync("/api/project/WEB")).ExpectAsync(HttpStatusCode.NoContent);
        await (await Supervisor.GetAsync("/api/project/WEB/stats")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    private sealed record Project(int Id, string Key, string Name, int Tickets, int OpenTickets);

    private sealed record ProjectStats(
        string Key, int Total, Dictionary<string, int> ByStatus, Dictionary<string, int> ByPriority, Dictionary<string, int> ByDepartment);
}
