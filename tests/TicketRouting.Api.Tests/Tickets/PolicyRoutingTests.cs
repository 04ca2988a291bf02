using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Tickets;

/// <summary>POST /api/ticket and queue dispatch apply the routing policies: language, skills, shifts, absences, returning customers.</summary>
public sealed class PolicyRoutingTests : IntegrationTest
{
    private const string FrenchInvoice = "Bonjour, ma facture est fausse depuis le mois dernier, merci de vérifier";
    private HttpClient _admin = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = await App.ClientForAsync(DevUsers.Admin);
    }

    private async Task SetSkillsAsync(int agentId, string[] skills, string[] languages) =>
        await (await _admin.PutAsJsonAsync($"/api/agent/{agentId}/skills", new { skills, languages })).ExpectAsync(HttpStatusCode.OK);

    private async Task<JsonElement> EventAsync(int ticketId, string type) =>
        (await Supervisor.GetJsonAsync<List<JsonElement>>($"/api/ticket/{ticketId}/history")).Last(e => e.GetProperty("type").GetString() == type);

    private async Task<Dictionary<int, int>> BillingLoadsAsync() =>
        (await Supervisor.GetJsonAsync<List<Agent>>("/api/agent?departmentId=1")).ToDictionary(a => a.Id, a => a.OpenTickets);

    [Fact]
    public async Task Submit_FrenchTicket_GoesToTheFrenchSpeakingAgent_AndTheDecisionRecordsTheLanguage()
    {
        for (var id = 1; id <= 5; id++)
        {
            await SetSkillsAsync(id, [], id == 4 ? ["fr"] : ["en"]);
        }

        var french = new List<Ticket>();
        for (var i = 0; i < 3; i++)
        {
            french.Add(await Portal.SubmitAsync("Facture", FrenchInvoice));
        }

        var english = await Portal.SubmitAsync("Facture", FrenchInvoice, new { language = "en" });

        Assert.All(french, t => Assert.Equal(4, t.Assignee?.Id));
        Assert.NotEqual(4, english.Assignee?.Id);
        Assert.Equal("fr", (await EventAsync(french[0].Id, "routed")).GetProperty("data").GetProperty("language").GetString());
        Assert.Equal("fr", (await EventAsync(french[0].Id, "assigned")).GetProperty("data").GetProperty("language").GetString());
    }

    [Fact]
    public async Task Submit_AbsentAndOffShiftAgents_GetNothing()
    {
        var now = DateTimeOffset.UtcNow;
        await (await Supervisor.PostAsJsonAsync("/api/agent/1/absences", new { from = now.AddHours(-1), to = now.AddDays(2) }))
            .ExpectAsync(HttpStatusCode.Created);
        var notToday = now.AddDays(3).DayOfWeek.ToString();
        await (await Supervisor.PutAsJsonAsync("/api/agent/2/schedule",
            new { timeZone = "UTC", shifts = new[] { new { day = notToday, from = "09:00", to = "17:00" } } })).ExpectAsync(HttpStatusCode.OK);

        for (var i = 0; i < 6; i++)
        {
            await Portal.SubmitAsync("Facture", "facture fausse");
        }

        var loads = await BillingLoadsAsync();
        Assert.Equal(0, loads[1]);
        Assert.Equal(0, loads[2]);
        Assert.Equal([2, 2, 2], new[] { loads[3], loads[4], loads[5] });
    }

    [Fact]
    public async Task Submit_RequiredSkillNobodyHas_IsQueued_UntilAnAgentWithTheSkillHasRoom()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse", new { skills = new[] { "SAP" } });

        Assert.Null(ticket.Assignee);
        var queued = await EventAsync(ticket.Id, "queued");
        Assert.Equal(["sap"], queued.GetProperty("data").GetProperty("requiredSkills").EnumerateArray().Select(s => s.GetString()));

        // Dispatch runs when an agent's capacity changes: one without the skill leaves it queued, one with it takes it.
        await (await Supervisor.PatchJsonAsync("/api/agent/1", new { capacity = 30 })).ExpectAsync(HttpStatusCode.OK);
        Assert.Null((await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{ticket.Id}")).Assignee);

        await SetSkillsAsync(3, ["sap"], []);
        await (await Supervisor.PatchJsonAsync("/api/agent/3", new { capacity = 30 })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, (await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{ticket.Id}")).Assignee?.Id);
    }

    [Fact]
    public async Task Submit_ReturningCustomer_GoesToTheAgentOfTheLastTicket()
    {
        var customer = new { email = "claire@example.com", name = "Claire" };
        var first = await Portal.SubmitAsync("Facture", "facture fausse", new { customer });
        var other = await Portal.SubmitAsync("Facture", "facture fausse");

        var again = await Portal.SubmitAsync("Facture", "facture toujours fausse", new { customer });

        Assert.NotEqual(first.Assignee?.Id, other.Assignee?.Id);
        Assert.Equal(first.Assignee?.Id, again.Assignee?.Id);
        // The portal does not see tie-breaks; the supervisor does.
        Assert.Equal("returning-customer", (await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{again.Id}")).Routing?.TieBreak);
    }

    [Theory]
    [InlineData("{\"subject\":\"Facture\",\"description\":\"facture fausse\",\"language\":\"french\"}", "language")]
    [InlineData("{\"subject\":\"Facture\",\"description\":\"facture fausse\",\"skills\":[\"s a p\"]}", "skills")]
    [InlineData("{\"subject\":\"Facture\",\"description\":\"facture fausse\",\"optionalSkills\":[\"<b>\"]}", "optionalSkills")]
    [InlineData("{\"subject\":\"Facture\",\"description\":\"facture fausse\",\"optionalSkills\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]}", "optionalSkills")]
    public async Task Submit_BadLanguageOrSkill_Returns400WithTheFieldAndSavesNothing(string json, string field)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        var problem = await (await Portal.PostAsync("/api/ticket", content)).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await App.WithDbAsync(db => Task.FromResult(db.Tickets.Count())));
    }

    [Fact]
    public async Task ReassignToDepartment_GoesThroughThePolicies_LikeIntake()
    {
        await SetSkillsAsync(1, ["sap"], []);
        await SetSkillsAsync(4, ["sap"], []);
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse", new { skills = new[] { "sap" } });
        Assert.Equal(1, ticket.Assignee?.Id);

        // Plain least-loaded would pick agent 2 (no ticket, lowest id); the policy keeps the skill.
        var moved = await Supervisor.PostAsJsonAsync($"/api/ticket/{ticket.Id}/reassign", new { departmentId = 1, reason = "rebalance" });
        await moved.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(4, (await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{ticket.Id}")).Assignee?.Id);
        var reassigned = await EventAsync(ticket.Id, "reassigned");
        Assert.Equal(["sap"], reassigned.GetProperty("data").GetProperty("requiredSkills").EnumerateArray().Select(s => s.GetString()));

        await (await Supervisor.PatchJsonAsync("/api/agent/1", new { available = false })).ExpectAsync(HttpStatusCode.OK);
        var nobody = await Supervisor.PostAsJsonAsync($"/api/ticket/{ticket.Id}/reassign", new { departmentId = 1, reason = "rebalance" });
        var problem = await nobody.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("skills", problem.GetProperty("detail").GetString());
        Assert.Equal(4, (await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{ticket.Id}")).Assignee?.Id);
    }

    [Fact]
    public async Task Submit_OptionalSkill_IsPreferredWhileFresh_AndRecordedInTheDecision()
    {
        await SetSkillsAsync(3, ["sap"], []);

        var ticket = await Portal.SubmitAsync("Facture", "facture fausse", new { optionalSkills = new[] { "SAP" } });

        Assert.Equal(3, ticket.Assignee?.Id);
        Assert.Equal(["sap"], (await EventAsync(ticket.Id, "routed")).GetProperty("data").GetProperty("optionalSkills").EnumerateArray().Select(s => s.GetString()));
    }
}
