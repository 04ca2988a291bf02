using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Api.Tests.Webhooks;
using static TicketRouting.Api.Tests.Webhooks.WebhookSteps;

namespace TicketRouting.Api.Tests.Workflow;

/// <summary>Workflow rules through the API: an admin saves rules, a supervisor's change runs them.</summary>
public sealed class WorkflowRuleTests : IntegrationTest
{
    private HttpClient _admin = null!;

    protected override Dictionary<string, string?> Settings => WebhookSteps.Settings();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = await App.ClientForAsync(DevUsers.Admin);
    }

    private async Task<int> AddRuleAsync(string name, object conditions, object[] actions, int position = 0, bool stop = false,
        string[]? events = null)
    {
        var response = await _admin.PostAsJsonAsync("/api/workflow-rules", new
        {
            name,
            position,
            events = events ?? ["ticket.status_changed"],
            conditions,
            actions,
            stop,
        });
        await response.ExpectAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private static object Action(string type, string value) => new { type, value };

    private Task<Ticket> SubmitBillingTicketAsync() => Portal.SubmitAsync(
        "Facture incorrecte", "Ma facture est fausse, le montant est incorrect.",
        new { priority = "low", tags = new[] { "vip" }, customer = new { email = "claire@bigcorp.example", name = "Claire" } });

    private async Task<List<TicketEvent>> WorkflowHistoryAsync(int ticketId) =>
        (await Supervisor.GetJsonAsync<List<TicketEvent>>($"/api/ticket/{ticketId}/history")).Where(e => e.Type == "workflow").ToList();

    public static TheoryData<string, bool> Conditions() => new()
    {
        { """{"departments":["billing"]}""", true },
        { """{"departments":["technical"]}""", false },
        { """{"priorities":["low","medium"]}""", true },
        { """{"priorities":["high"]}""", false },
        { """{"statuses":["in_progress"]}""", true },
        { """{"statuses":["closed"]}""", false },
        { """{"tags":["vip"]}""", true },
        { """{"tags":["press"]}""", false },
        { """{"customerDomains":["bigcorp.example"]}""", true },
        { """{"customerDomains":["corp.example"]}""", false },
        { """{"words":["MONTANT"]}""", true },
        { """{"words":["factures fausses"]}""", false },
        { """{"words":["facture est fausse"]}""", true },
        { """{"words":["mont"]}""", false },
        { """{"departments":["billing"],"priorities":["high"]}""", false },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public async Task Condition_DecidesWhetherTheRuleApplies(string conditionsJson, bool applies)
    {
        await AddRuleAsync("tag matches", JsonSerializer.Deserialize<JsonElement>(conditionsJson), [Action("add_tag", "matched")]);
        var ticket = await SubmitBillingTicketAsync();

        await MoveAsync(Supervisor, ticket.Id, "in_progress");

        var tags = (await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{ticket.Id}")).Tags;
        Assert.Equal(applies, tags.Contains("matched"));
        Assert.Equal(applies ? 1 : 0, (await WorkflowHistoryAsync(ticket.Id)).Count);
    }

    [Fact]
    public async Task RuleOnCreated_AppliesBeforeTheAnswer()
    {
        await AddRuleAsync("vip first", new { customerDomains = new[] { "bigcorp.example" } },
            [Action("set_priority", "high"), Action("add_tag", "key-account")], events: ["ticket.created"]);

        var ticket = await SubmitBillingTicketAsync();
        var other = await Portal.SubmitAsync("Facture", "facture fausse", new { customer = new { email = "sam@elsewhere.example" } });

        Assert.Equal("high", ticket.Priority);
        Assert.Contains("key-account", ticket.Tags);
        Assert.Equal("high", (await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{ticket.Id}")).Priority);
        Assert.Equal(2, (await WorkflowHistoryAsync(ticket.Id)).Count);
        Assert.Equal("medium", other.Priority);
        Assert.Empty(await WorkflowHistoryAsync(other.Id));
    }

    [Fact]
    public async Task ConfidenceBounds_CompareWithTheRoutingConfidence()
    {
        var ticket = await SubmitBillingTicketAsync();
        var confidence = ticket.Routing!.Confidence;
        await AddRuleAsync("at least", new { minConfidence = confidence }, [Action("add_tag", "confident")]);
        await AddRuleAsync("at most below", new { maxConfidence = Math.Max(0, confidence - 0.01) }, [Action("add_tag", "unsure")]);

        await MoveAsync(Supervisor, ticket.Id, "in_progress");

        var tags = (await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{ticket.Id}")).Tags;
        Assert.Contains("confident", tags);
        Assert.Equal(confidence == 0, tags.Contains("unsure"));
    }

    [Fact]
    public async Task EveryAction_IsApplied_AndRecordedWithTheRuleName()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var subscription = await SubscribeAsync(App, receiver.Url, "ticket.deleted"); // it gets status changes only from the rule
        await AddRuleAsync("escalate vip", new { tags = new[] { "vip" } },
        [
            Action("set_priority", "critical"), Action("add_tag", "escalated"), Action("add_note", "VIP customer: call back within the hour."),
            Action("route_to_department", "technical"), Action("send_webhook", subscription.Id.ToString()),
        ]);
        var ticket = await SubmitBillingTicketAsync();

        await MoveAsync(Supervisor, ticket.Id, "in_progress");

        var after = await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{ticket.Id}");
        Assert.Equal("critical", after.Priority);
        Assert.Contains("escalated", after.Tags);
        Assert.Equal("technical", after.Department.Slug);
        Assert.NotNull(after.Assignee); // the technical balancer picked an agent
        var notes = await Supervisor.GetJsonAsync<List<JsonElement>>($"/api/ticket/{ticket.Id}/comments");
        var note = Assert.Single(notes);
        Assert.True(note.GetProperty("internal").GetBoolean());
        Assert.Empty(await Portal.GetJsonAsync<List<JsonElement>>($"/api/ticket/{ticket.Id}/comments"));
        var history = await WorkflowHistoryAsync(ticket.Id);
        Assert.Equal(5, history.Count);
        Assert.All(history, e => Assert.Equal("escalate vip", e.Actor));
        await EventuallyAsync(() => Task.FromResult(!receiver.Received.IsEmpty));
        var posted = Assert.Single(receiver.Received);
        Assert.Equal("ticket.status_changed", posted.EventType);
        Assert.Equal("escalate vip", posted.Json.GetProperty("data").GetProperty("rule").GetString());
        Assert.True(posted.VerifiesWith(Secret));
    }

    [Fact]
    public async Task RouteToDepartment_GoesThroughTheRoutingPolicies_AbsentAgentsGetNothing()
    {
        var technical = (await Supervisor.GetJsonAsync<List<Agent>>("/api/agent")).Where(a => a.Department.Slug == "technical")
            .OrderBy(a => a.Id).ToList();
        Assert.True(technical.Count >= 2);
        var now = DateTimeOffset.UtcNow;
        foreach (var away in technical.Skip(1)) // every technical agent but the first is absent (all have 0 tickets)
        {
            await (await Supervisor.PostAsJsonAsync($"/api/agent/{away.Id}/absences", new { from = now.AddHours(-1), to = now.AddDays(2) }))
                .ExpectAsync(HttpStatusCode.Created);
        }

        await AddRuleAsync("to technical", new { departments = new[] { "billing" } }, [Action("route_to_department", "technical")]);
        var moved = new List<Ticket>();
        for (var i = 0; i < 3; i++)
        {
            var ticket = await SubmitBillingTicketAsync();
            await MoveAsync(Supervisor, ticket.Id, "in_progress");
            moved.Add(await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{ticket.Id}"));
        }

        // Plain least-loaded would have spread them over the technical agents; the policies leave only the one present.
        Assert.All(moved, t => Assert.Equal("technical", t.Department.Slug));
        Assert.All(moved, t => Assert.Equal(technical[0].Id, t.Assignee?.Id));
    }

    [Fact]
    public async Task Rules_RunInOrder_SeeEarlierChanges_AndStopEndsTheRest()
    {
        await AddRuleAsync("third", new { }, [Action("add_tag", "third")], position: 30);
        await AddRuleAsync("second", new { priorities = new[] { "high" } }, [Action("add_tag", "saw-high")], position: 20, stop: true);
        await AddRuleAsync("first", new { }, [Action("set_priority", "high")], position: 10);
        var ticket = await SubmitBillingTicketAsync();

        await MoveAsync(Supervisor, ticket.Id, "in_progress");

        var after = await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{ticket.Id}");
        Assert.Equal("high", after.Priority);
        Assert.Contains("saw-high", after.Tags);
        Assert.DoesNotContain("third", after.Tags);
        Assert.Equal(["first", "second"], (await WorkflowHistoryAsync(ticket.Id)).Select(e => e.Actor).ToList());
    }

    [Fact]
    public async Task RulesThatReactToEachOther_RunOncePerChange()
    {
        // Each rule's move is a reassignment that the other rule listens to: evaluated again, they would ping-pong forever.
        string[] both = ["ticket.status_changed", "ticket.reassigned"];
        await AddRuleAsync("to technical", new { departments = new[] { "billing" } }, [Action("route_to_department", "technical")], 1, events: both);
        await AddRuleAsync("back to billing", new { departments = new[] { "technical" } }, [Action("route_to_department", "billing")], 2, events: both);
        var ticket = await SubmitBillingTicketAsync();

        await MoveAsync(Supervisor, ticket.Id, "in_progress");

        // Both applied once, in order, on the same evaluation; nothing more.
        Assert.Equal(["to technical", "back to billing"], (await WorkflowHistoryAsync(ticket.Id)).Select(e => e.Actor).ToList());
        Assert.Equal("billing", (await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{ticket.Id}")).Department.Slug);

        // A supervisor's reassignment is a new event: the rules run once more for it, and once only.
        await (await Supervisor.PostAsJsonAsync($"/api/ticket/{ticket.Id}/reassign", new { departmentId = 2, reason = "wrong desk" }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, (await WorkflowHistoryAsync(ticket.Id)).Count);
    }

    [Fact]
    public async Task InvalidRules_Are400WithFields_DuplicatesAre409_OthersAre403()
    {
        var response = await _admin.PostAsJsonAsync("/api/workflow-rules", new
        {
            name = "broken",
            events = new[] { "ticket.exploded" },
            conditions = new { priorities = new[] { "urgent" }, minConfidence = 2.0, customerDomains = new[] { "not a domain" } },
            actions = new object[] { Action("set_priority", "urgent"), Action("launch_rocket", "x") },
        });
        var errors = (await response.ExpectProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        foreach (var field in new[] { "events", "conditions.priorities", "conditions.minConfidence", "conditions.customerDomains", "actions[0]", "actions[1]" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        var unknownDepartment = await _admin.PostAsJsonAsync("/api/workflow-rules", new
        {
            name = "route", events = new[] { "ticket.status_changed" }, actions = new[] { Action("route_to_department", "nowhere") },
        });
        Assert.True((await unknownDepartment.ExpectProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("actions[0]", out _));
        Assert.Empty(await _admin.GetJsonAsync<List<JsonElement>>("/api/workflow-rules"));

        await AddRuleAsync("once", new { }, [Action("add_tag", "x")]);
        var duplicate = await _admin.PostAsJsonAsync("/api/workflow-rules", new
        {
            name = "once", events = new[] { "ticket.status_changed" }, actions = new[] { Action("add_tag", "y") },
        });
        await duplicate.ExpectProblemAsync(HttpStatusCode.Conflict);
        var bySupervisor = await Supervisor.PostAsJsonAsync("/api/workflow-rules", new
        {
            name = "mine", events = new[] { "ticket.status_changed" }, actions = new[] { Action("add_tag", "y") },
        });
        await bySupervisor.ExpectAsync(HttpStatusCode.Forbidden);
    }
}
