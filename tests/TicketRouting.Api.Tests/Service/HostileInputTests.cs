using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Service;

/// <summary>Inputs that once produced a 500 or leaked data (found in review); each must be a clear 4xx or safe.</summary>
public sealed class HostileInputTests : IntegrationTest
{
    [Theory]
    [InlineData("q=a%00b")]
    [InlineData("tag=a%00b")]
    [InlineData("department=a%00b")]
    [InlineData("page=2147483647&pageSize=200")]
    [InlineData("page=10737420&pageSize=200")]
    public async Task Search_HostileQuery_Returns400(string query)
    {
        await (await Supervisor.GetAsync($"/api/ticket?{query}")).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("TSK-0")]
    [InlineData("-1")]
    [InlineData("TSK-2147483647")]
    [InlineData("99999999999999")]
    public async Task GetTicket_OddIds_Return404(string id)
    {
        await (await Supervisor.GetAsync($"/api/ticket/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reassign_ToAgentWithLongestName_Works()
    {
        var admin = await App.ClientForAsync(DevUsers.Admin);
        var created = await admin.PostAsJsonAsync("/api/agent",
            new { name = "Marie-Christine " + new string('x', 84), email = "long.name@example.com", departmentId = 1 });
        await created.ExpectAsync(HttpStatusCode.Created);
        var agentId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");

        var response = await Supervisor.PostAsJsonAsync($"/api/ticket/{ticket.Id}/reassign", new { agentId, reason = "long names fit" });

        await response.ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("""{"departments":{"billing":null}}""", "departments.billing")]
    [InlineData("""{"version":"vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv","departments":{"billing":{"facture":3}}}""", "version")]
    [InlineData("""{"version":"a b","departments":{"billing":{"facture":3}}}""", "version")]
    public async Task ReplaceRules_BadShape_Returns400AndPostingStillWorks(string json, string field)
    {
        var admin = await App.ClientForAsync(DevUsers.Admin);

        var response = await admin.PutAsync("/api/classifier/rules", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        await Portal.SubmitAsync("Facture", "facture fausse");
    }

    [Fact]
    public async Task CreateUser_SameUsernameInParallel_OneCreatedOthers409()
    {
        var admin = await App.ClientForAsync(DevUsers.Admin);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
            (await admin.PostAsJsonAsync("/api/user", new { username = "twin", password = "a-long-password-1", role = "agent" })).StatusCode));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.All(statuses.Where(s => s != HttpStatusCode.Created), s => Assert.Equal(HttpStatusCode.Conflict, s));
    }

    [Fact]
    public async Task CreateDepartment_SameSlugInParallel_OneCreatedOthers409()
    {
        var admin = await App.ClientForAsync(DevUsers.Admin);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
            (await admin.PostAsJsonAsync("/api/department", new { slug = "legal", nameFr = "Juridique", nameEn = "Legal" })).StatusCode));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.All(statuses.Where(s => s != HttpStatusCode.Created), s => Assert.Equal(HttpStatusCode.Conflict, s));
    }

    [Fact]
    public async Task Portal_DoesNotSeeACustomerNameAnotherPortalStored()
    {
        var admin = await App.ClientForAsync(DevUsers.Admin);
        await (await admin.PostAsJsonAsync("/api/user", new { username = "portal2", password = "second-portal-password", role = "portal" }))
            .ExpectAsync(HttpStatusCode.Created);
        var other = await App.ClientForAsync(("portal2", "second-portal-password"));
        await Portal.SubmitAsync("Facture", "facture fausse", new { customer = new { email = "victim@example.com", name = "Jeanne Secret" } });

        var mine = await other.SubmitAsync("Colis", "colis perdu", new { customer = new { email = "VICTIM@example.com" } });
        var read = await other.GetJsonAsync<Ticket>($"/api/ticket/{mine.Id}");

        Assert.Null(mine.Customer!.Name);
        Assert.Null(read.Customer!.Name);
        Assert.Equal("Jeanne Secret", (await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{mine.Id}")).Customer!.Name);
    }

    [Fact]
    public async Task UpdateUser_BlankDisplayNameOrAgentLinkForNonAgent_Refused()
    {
        var admin = await App.ClientForAsync(DevUsers.Admin);
        var supervisorId = await App.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Username == "supervisor").Id));

        await (await admin.PatchJsonAsync($"/api/user/{supervisorId}", new { displayName = "   " })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PatchJsonAsync($"/api/user/{supervisorId}", new { agentId = 2 })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PatchJsonAsync("/api/department/1", new { nameFr = " " })).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }
}
