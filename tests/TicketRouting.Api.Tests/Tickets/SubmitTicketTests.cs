using System.Net;
using System.Net.Http.Json;
using System.Text;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Tickets;

public sealed class SubmitTicketTests : IntegrationTest
{
    [Theory]
    [InlineData("Facture de mars", "Bonjour, ma facture de mars est fausse, j'ai été prélevé deux fois", "billing")]
    [InlineData("Problème", "Bonjour, ma facture de mars est fausse, j'ai été prélevé deux fois", "billing")]
    [InlineData("App problem", "The app crashes with an error when I open settings", "technical")]
    public async Task Submit_ClearTicket_RoutesToDepartmentAndAssignsOneOfItsAgents(string subject, string description, string expected)
    {
        var ticket = await Portal.SubmitAsync(subject, description);

        Assert.Equal(expected, ticket.Department.Slug);
        Assert.NotNull(ticket.Assignee);
        var departmentAgents = await App.WithDbAsync(db =>
            Task.FromResult(db.Agents.Where(a => a.Department.Slug == expected).Select(a => a.Id).ToList()));
        Assert.Contains(ticket.Assignee!.Id, departmentAgents);
        Assert.False(ticket.Routing!.NeedsReview);
        Assert.Equal(expected, ticket.Routing.PredictedDepartment);
        Assert.NotEmpty((await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{ticket.Id}")).Routing!.Evidence);
    }

    [Fact]
    public async Task Submit_Gibberish_GoesToGeneralAndNeedsReview()
    {
        var ticket = await Portal.SubmitAsync("asdf qwerty", "asdf qwerty");

        Assert.Equal("general", ticket.Department.Slug);
        Assert.True(ticket.Routing!.NeedsReview);
        Assert.NotNull(ticket.Assignee);
    }

    [Fact]
    public async Task Submit_ValidTicket_Returns201WithLocationKeyAndDefaults()
    {
        var response = await Portal.PostAsJsonAsync("/api/ticket", new
        {
            subject = "Refund please",
            description = "I returned the parcel two weeks ago and still have no refund.",
            priority = "HIGH",
            customer = new { email = "Marie.Curie@Example.org", name = "Marie Curie" },
            tags = new[] { "VIP", "vip", " retour " },
        });

        await response.ExpectAsync(HttpStatusCode.Created);
        var ticket = (await response.Content.ReadFromJsonAsync<Ticket>(ApiClient.Json))!;
        Assert.Equal($"/api/ticket/{ticket.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal($"TSK-{1000 + ticket.Id}", ticket.Key);
        Assert.Equal("open", ticket.Status);
        Assert.Equal("high", ticket.Priority);
        Assert.Equal("marie.curie@example.org", ticket.Customer!.Email);
        Assert.Equal(["retour", "vip"], ticket.Tags);
        Assert.NotNull(ticket.DueAt);

        var byKey = await Portal.GetJsonAsync<Ticket>($"/api/ticket/{ticket.Key}");
        Assert.Equal(ticket.Id, byKey.Id);
        Assert.Equal(ticket.Routing!.Confidence, byKey.Routing!.Confidence);
    }

    [Fact]
    public async Task Submit_SameCustomerTwice_ReusesTheCustomerRecord()
    {
        var first = await Portal.SubmitAsync("Invoice", "Wrong invoice", new { customer = new { email = "a@b.example" } });
        var second = await Portal.SubmitAsync("Order", "Where is my order", new { customer = new { email = "A@B.example", name = "Ann" } });

        Assert.Equal(first.Customer!.Id, second.Customer!.Id);
    }

    [Fact]
    public async Task Submit_TwentyTicketsToOneDepartment_KeepsAgentsWithinOneOfEachOther()
    {
        for (var i = 0; i < 20; i++)
        {
            var ticket = await Portal.SubmitAsync($"Facture n°{i}", "Ma facture est fausse, j'ai été prélevé deux fois.");
            Assert.Equal("billing", ticket.Department.Slug);
        }

        var supervisor = await App.ClientForAsync(DevUsers.Supervisor);
        var agents = await supervisor.GetJsonAsync<List<Agent>>("/api/agent?departmentId=1");
        Assert.Equal(5, agents.Count);
        Assert.All(agents, a => Assert.Equal("billing", a.Department.Slug));
        Assert.Equal(20, agents.Sum(a => a.OpenTickets));
        Assert.True(agents.Max(a => a.OpenTickets) - agents.Min(a => a.OpenTickets) <= 1);
        var counted = await App.WithDbAsync(db => Task.FromResult(db.Tickets.Where(t => t.AssigneeId != null)
            .GroupBy(t => t.AssigneeId!.Value).ToDictionary(g => g.Key, g => g.Count())));
        Assert.All(agents, a => Assert.Equal(counted.GetValueOrDefault(a.Id), a.OpenTickets));
    }

    [Fact]
    public async Task Submit_TiesOnLoad_GoToLeastRecentlyAssignedThenLowestId()
    {
        var tickets = new List<Ticket>();
        for (var i = 0; i < 6; i++)
        {
            tickets.Add(await Portal.SubmitAsync("Facture", "facture fausse"));
        }

        // Billing agents are ids 1-5, all empty: lowest id first; then everyone holds one, and the 6th
        // goes to the agent assigned longest ago.
        Assert.Equal([1, 2, 3, 4, 5, 1], tickets.Select(t => t.Assignee!.Id));
        for (var i = 0; i < tickets.Count; i++)
        {
            tickets[i] = await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{tickets[i].Id}"); // the routing detail is staff data
        }

        Assert.Equal("lowest-id", tickets[0].Routing!.TieBreak);
        Assert.Equal("least-recently-assigned", tickets[5].Routing!.TieBreak);
        Assert.Equal(1, tickets[5].Routing!.Candidates.Single(c => c.AgentId == 1).OpenTickets);
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"subject":"","description":"x"}""", "subject" },
        { """{"subject":"   ","description":"x"}""", "subject" },
        { """{"subject":"x"}""", "description" },
        { """{"subject":"x","description":"y","priority":"urgent"}""", "priority" },
        { """{"subject":"x","description":"y","customer":{"email":"not-an-email"}}""", "customer.email" },
        { """{"subject":"x","description":"y","tags":[""]}""", "tags" },
        { $$"""{"subject":"{{new string('s', 201)}}","description":"y"}""", "subject" },
        { """{"subject":"a\u0000b","description":"y"}""", "subject" },
        { """{"subject":"x","description":"y","customer":{"email":"a@b.example","name":"nul\u0000"}}""", "customer.name" },
        { """{"subject":"x","description":"y","tags":["ok","bad\u0000"]}""", "tags" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Submit_InvalidField_Returns400WithFieldErrorAndSavesNothing(string json, string field)
    {
        var response = await Portal.PostAsync("/api/ticket", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        Assert.Equal(0, await App.WithDbAsync(db => Task.FromResult(db.Tickets.Count())));
        Assert.Equal(0, await App.WithDbAsync(db => Task.FromResult(db.Customers.Count())));
    }

    [Fact]
    public async Task Submit_DescriptionOver20000Characters_Returns400()
    {
        var response = await Portal.PostAsJsonAsync("/api/ticket", new { subject = "Long", description = new string('a', 20_001) });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("description", out _));
    }

    [Theory]
    [InlineData("{\"subject\": \"x\", ")]
    [InlineData("not json")]
    [InlineData("{\"subject\": 12, \"description\": []}")]
    public async Task Submit_MalformedJson_Returns400Problem(string body)
    {
        var response = await Portal.PostAsync("/api/ticket", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await App.WithDbAsync(db => Task.FromResult(db.Tickets.Count())));
    }

    [Fact]
    public async Task Submit_RecordsCreatedRoutedAndAssignedHistory()
    {
        var ticket = await Portal.SubmitAsync("Mot de passe oublié", "Je n'arrive plus à me connecter à mon compte");
        var supervisor = await App.ClientForAsync(DevUsers.Supervisor);

        var history = await supervisor.GetJsonAsync<List<TicketEvent>>($"/api/ticket/{ticket.Id}/history");

        Assert.Equal(["created", "routed", "assigned"], history.Select(e => e.Type));
        Assert.Equal("accounts", history[1].To);
        Assert.Equal(ticket.Assignee!.Name, history[2].To);
    }
}
