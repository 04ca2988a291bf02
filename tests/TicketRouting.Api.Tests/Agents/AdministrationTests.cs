using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Agents;

public sealed class AdministrationTests : IntegrationTest
{
    private HttpClient _admin = null!;

    // The rules classifier alone, so that a new department's rules decide.
    protected override Dictionary<string, string?> Settings => new() { ["Routing:Classifier"] = "rules" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = await App.ClientForAsync(DevUsers.Admin);
    }

    [Fact]
    public async Task CreateDepartment_WithRulesAndAgent_RoutesTicketsThere()
    {
        var created = await _admin.PostAsJsonAsync("/api/department", new { slug = "legal", nameFr = "Juridique", nameEn = "Legal" });
        await created.ExpectAsync(HttpStatusCode.Created);
        var legal = (await created.Content.ReadFromJsonAsync<Department>(ApiClient.Json))!;
        var rules = await _admin.GetJsonAsync<JsonElement>("/api/classifier/rules");
        var departments = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, double>>>(rules.GetProperty("departments"))!;
        departments["legal"] = new() { ["avocat"] = 5, ["lawyer"] = 5, ["rgpd"] = 5 };
        await (await _admin.PutAsJsonAsync("/api/classifier/rules", new { version = "legal-1", departments })).ExpectAsync(HttpStatusCode.OK);
        var agent = await _admin.PostAsJsonAsync("/api/agent", new { name = "Maître Dupuis", email = "Dupuis@Example.fr", departmentId = legal.Id, capacity = 5 });
        await agent.ExpectAsync(HttpStatusCode.Created);

        var ticket = await (await App.ClientForAsync(DevUsers.Portal)).SubmitAsync("Question", "Mon avocat demande une copie RGPD de mes données");

        Assert.Equal("legal", ticket.Department.Slug);
        Assert.Equal("Maître Dupuis", ticket.Assignee!.Name);
    }

    [Fact]
    public async Task CreateAgent_InDepartmentWithQueue_TakesQueuedTicketsAtOnce()
    {
        for (var id = 1; id <= 5; id++)
        {
            await (await Supervisor.PatchJsonAsync($"/api/agent/{id}", new { available = false })).ExpectAsync(HttpStatusCode.OK);
        }

        var queued = await (await App.ClientForAsync(DevUsers.Portal)).SubmitAsync("Facture", "facture fausse");
        Assert.Null(queued.Assignee);

        var response = await _admin.PostAsJsonAsync("/api/agent", new { name = "New Hire", email = "new.hire@example.com", departmentId = 1 });

        await response.ExpectAsync(HttpStatusCode.Created);
        var hire = (await response.Content.ReadFromJsonAsync<Agent>(ApiClient.Json))!;
        Assert.Equal(1, hire.OpenTickets);
        Assert.Equal("New Hire", (await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{queued.Id}")).Assignee!.Name);
    }

    [Fact]
    public async Task Administration_InvalidDuplicateUnknownOrWrongRole_IsRefused()
    {
        await (await _admin.PostAsJsonAsync("/api/department", new { slug = "Billing Dept", nameFr = "x", nameEn = "y" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await _admin.PostAsJsonAsync("/api/department", new { slug = "billing", nameFr = "x", nameEn = "y" })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await _admin.PatchJsonAsync("/api/department/999", new { nameEn = "y" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Supervisor.PostAsJsonAsync("/api/department", new { slug = "legal", nameFr = "x", nameEn = "y" })).ExpectAsync(HttpStatusCode.Forbidden);
        await (await _admin.PostAsJsonAsync("/api/agent", new { name = "X", email = "camille.bernard@ticketrouting.example", departmentId = 1 }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await _admin.PostAsJsonAsync("/api/agent", new { name = "X", email = "x@example.com", departmentId = 999 })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await _admin.PostAsJsonAsync("/api/agent", new { name = "X", email = "x@example.com" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await Supervisor.PostAsJsonAsync("/api/agent", new { name = "X", email = "x@example.com", departmentId = 1 })).ExpectAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task RenameDepartment_ShowsNewNames()
    {
        await (await _admin.PatchJsonAsync("/api/department/7", new { nameEn = "Customer Happiness" })).ExpectAsync(HttpStatusCode.OK);

        var departments = await Supervisor.GetJsonAsync<List<Department>>("/api/department");

        Assert.Equal(("Service client", "Customer Happiness"), (departments[6].NameFr, departments[6].NameEn));
    }
}
