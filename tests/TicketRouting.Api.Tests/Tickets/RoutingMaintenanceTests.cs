using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Api.Tickets;

namespace TicketRouting.Api.Tests.Tickets;

/// <summary>
/// The background routing maintenance through HTTP on a fake clock: stalled-ticket rescue, give-back at shift end and
/// absence start, relaxation of queued tickets, and the policies' off switch. Billing (department 1) has agents 1 to 5;
/// agent 1 is Camille, who can log in and act on her tickets.
/// </summary>
public sealed class RoutingMaintenanceTests : IAsyncLifetime
{
    private const string Subject = "Facture";
    private const string Invoice = "facture fausse";

    // Tokens are checked against the real clock: the fake one starts at the real time, and every client logs in first.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private TicketRoutingApp _app = null!;
    private HttpClient _portal = null!;
    private HttpClient _supervisor = null!;
    private HttpClient _admin = null!;
    private HttpClient _camille = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task StartAsync(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Routing:Classifier"] = "rules",
            ["Routing:StallMinutes:Medium"] = "30",
            ["Routing:SkillTimeoutMinutes"] = "30",
            ["Routing:MaintenanceSeconds"] = "86400", // the tests run the passes themselves, except the last one
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        _app = await TicketRoutingApp.StartAsync(all, services: s => s.AddSingleton<TimeProvider>(_clock));
        _portal = await _app.ClientForAsync(DevUsers.Portal);
        _supervisor = await _app.ClientForAsync(DevUsers.Supervisor);
        _admin = await _app.ClientForAsync(DevUsers.Admin);
        _camille = await _app.ClientForAsync(DevUsers.BillingAgent);
    }

    private async Task<MaintenanceOutcome> AfterAsync(TimeSpan wait)
    {
        _clock.Advance(wait);
        return await _app.Service<RoutingMaintenance>().RunOnceAsync(CancellationToken.None);
    }

    private async Task<Ticket> TicketAsync(int id) => await _supervisor.GetJsonAsync<Ticket>($"/api/ticket/{id}");

    private async Task<List<JsonElement>> HistoryAsync(int id, string type) =>
        (await _supervisor.GetJsonAsync<List<JsonElement>>($"/api/ticket/{id}/history")).Where(e => e.GetProperty("type").GetString() == type).ToList();

    private async Task SetAvailableAsync(bool available, params int[] agents)
    {
        foreach (var id in agents)
        {
            await (await _supervisor.PatchJsonAsync($"/api/agent/{id}", new { available })).ExpectAsync(HttpStatusCode.OK);
        }
    }

    private static string Text(JsonElement e, string property) => e.GetProperty(property).GetString() ?? "";

    [Fact]
    public async Task Rescue_NoActionByTheAssignee_MovesTheTicketOnce_AndAnActionResetsTheWait()
    {
        await StartAsync();
        var acted = await _portal.SubmitAsync(Subject, Invoice);
        var idle = await _portal.SubmitAsync(Subject, Invoice);
        Assert.Equal(1, acted.Assignee?.Id);
        await (await _camille.PatchJsonAsync($"/api/ticket/{acted.Id}", new { status = "in_progress" })).ExpectAsync(HttpStatusCode.OK);
        await (await _supervisor.PostAsJsonAsync($"/api/ticket/{idle.Id}/reassign", new { agentId = 1, reason = "Camille knows this customer" }))
            .ExpectAsync(HttpStatusCode.OK);

        _clock.Advance(TimeSpan.FromMinutes(20));
        await (await _camille.PostAsJsonAsync($"/api/ticket/{acted.Id}/comments", new { body = "Je regarde" })).ExpectAsync(HttpStatusCode.Created);
        var first = await AfterAsync(TimeSpan.FromMinutes(11));

        Assert.Equal(1, first.Rescued);
        Assert.Equal(1, (await TicketAsync(acted.Id)).Assignee?.Id);
        var rescuedTo = (await TicketAsync(idle.Id)).Assignee?.Id;
        Assert.NotNull(rescuedTo);
        Assert.NotEqual(1, rescuedTo);
        var rescue = (await HistoryAsync(idle.Id, "reassigned")).Last();
        Assert.Equal("rescue", Text(rescue, "actor"));
        Assert.StartsWith("stalled: no action by Camille Bernard", Text(rescue, "reason"));
        Assert.Equal("stalled", rescue.GetProperty("data").GetProperty("cause").GetString());

        // Camille's comment 31 minutes ago is now older than the patience too: that ticket is rescued now; the first never again.
        var second = await AfterAsync(TimeSpan.FromMinutes(30));
        var third = await AfterAsync(TimeSpan.FromHours(3));

        Assert.Equal((1, 0), (second.Rescued, third.Rescued));
        Assert.NotEqual(1, (await TicketAsync(acted.Id)).Assignee?.Id);
        Assert.Equal(rescuedTo, (await TicketAsync(idle.Id)).Assignee?.Id);
        Assert.Single(await HistoryAsync(idle.Id, "reassigned"), e => Text(e, "actor") == "rescue");
    }

    [Fact]
    public async Task Rescue_MaxRescuesPerTicket_CapsTheMoves()
    {
        await StartAsync(new() { ["Routing:MaxRescuesPerTicket"] = "2" });
        var ticket = await _portal.SubmitAsync(Subject, Invoice);

        for (var i = 0; i < 5; i++)
        {
            await AfterAsync(TimeSpan.FromMinutes(31));
        }

        var rescues = (await HistoryAsync(ticket.Id, "reassigned")).Where(e => Text(e, "actor") == "rescue").ToList();
        Assert.Equal(2, rescues.Count);
        Assert.Contains("(rescue 2 of 2)", Text(rescues[1], "reason"));
    }

    [Fact]
    public async Task Rescue_NoOtherEligibleAgent_TheTicketStays_AndTheHistorySaysSoOnce()
    {
        await StartAsync();
        var ticket = await _portal.SubmitAsync(Subject, Invoice, new { skills = new[] { "sap" } });
        Assert.Null(ticket.Assignee);
        await (await _admin.PutAsJsonAsync("/api/agent/3/skills", new { skills = new[] { "sap" }, languages = Array.Empty<string>() })).ExpectAsync(HttpStatusCode.OK);
        await AfterAsync(TimeSpan.FromMinutes(1)); // the re-offer gives it to agent 3, the only one with the skill
        Assert.Equal(3, (await TicketAsync(ticket.Id)).Assignee?.Id);

        var first = await AfterAsync(TimeSpan.FromMinutes(31));
        var second = await AfterAsync(TimeSpan.FromMinutes(31));

        Assert.Equal((0, 1, 0), (first.Rescued, first.StallsNoted, second.StallsNoted));
        Assert.Equal(3, (await TicketAsync(ticket.Id)).Assignee?.Id);
        var stalled = Assert.Single(await HistoryAsync(ticket.Id, "stalled"));
        Assert.EndsWith("no other eligible agent, it stays", Text(stalled, "reason"));
    }

    [Fact]
    public async Task ShiftEnd_UnstartedTicketsGoToAnotherAgent_StartedOnesStay()
    {
        await StartAsync(new() { ["Routing:StallMinutes:Medium"] = "6000" });
        var start = _clock.GetUtcNow().AddMinutes(-10);
        var end = start.AddMinutes(70);
        await (await _supervisor.PutAsJsonAsync("/api/agent/1/schedule", new
        {
            timeZone = "UTC",
            shifts = new[] { new { day = start.DayOfWeek.ToString(), from = start.ToString("HH:mm"), to = end.ToString("HH:mm") } },
        })).ExpectAsync(HttpStatusCode.OK);
        var started = await _portal.SubmitAsync(Subject, Invoice);
        await _portal.SubmitAsync(Subject, Invoice);
        await _portal.SubmitAsync(Subject, Invoice);
        await _portal.SubmitAsync(Subject, Invoice);
        await _portal.SubmitAsync(Subject, Invoice);
        var unstarted = await _portal.SubmitAsync(Subject, Invoice);
        Assert.Equal((1, 1), (started.Assignee?.Id, unstarted.Assignee?.Id));
        await (await _camille.PostAsJsonAsync($"/api/ticket/{started.Id}/comments", new { body = "J'ai commencé" })).ExpectAsync(HttpStatusCode.Created);

        var during = await AfterAsync(TimeSpan.FromMinutes(30));
        var after = await AfterAsync(TimeSpan.FromMinutes(31));

        Assert.Equal((0, 1), (during.GivenBack, after.GivenBack));
        Assert.Equal(1, (await TicketAsync(started.Id)).Assignee?.Id);
        Assert.Equal(2, (await TicketAsync(unstarted.Id)).Assignee?.Id);
        var givenBack = (await HistoryAsync(unstarted.Id, "reassigned")).Single();
        Assert.Equal("redistribution", Text(givenBack, "actor"));
        Assert.Equal("Camille Bernard's shift ended and they had not started it", Text(givenBack, "reason"));
        Assert.Equal("shift-ended", givenBack.GetProperty("data").GetProperty("cause").GetString());
    }

    [Fact]
    public async Task AbsenceStart_UnstartedTicketGoesBackToTheQueue_WhenNobodyElseCanTakeIt_AndOutWhenSomeoneCan()
    {
        await StartAsync(new() { ["Routing:StallMinutes:Medium"] = "6000" });
        await (await _supervisor.PostAsJsonAsync("/api/agent/1/absences", new { from = _clock.GetUtcNow().AddMinutes(30), to = _clock.GetUtcNow().AddDays(2), reason = "congé" }))
            .ExpectAsync(HttpStatusCode.Created);
        var ticket = await _portal.SubmitAsync(Subject, Invoice);
        Assert.Equal(1, ticket.Assignee?.Id);
        await SetAvailableAsync(false, 2, 3, 4, 5);

        var outcome = await AfterAsync(TimeSpan.FromMinutes(31));

        Assert.Equal(1, outcome.GivenBack);
        Assert.Null((await TicketAsync(ticket.Id)).Assignee);
        var givenBack = (await HistoryAsync(ticket.Id, "reassigned")).Single();
        Assert.Equal("Camille Bernard is absent and had not started it", Text(givenBack, "reason"));
        Assert.Equal("billing (queue)", Text(givenBack, "to"));

        await SetAvailableAsync(true, 4);
        Assert.Equal(4, (await TicketAsync(ticket.Id)).Assignee?.Id);
    }

    [Fact]
    public async Task Relaxation_QueuedTicket_DropsOptionalSkillsThenTheLanguage_AndIsOfferedAgain()
    {
        await StartAsync(new() { ["Routing:StallMinutes:Medium"] = "6000" });
        for (var id = 1; id <= 5; id++)
        {
            await (await _admin.PutAsJsonAsync($"/api/agent/{id}/skills", new { skills = Array.Empty<string>(), languages = new[] { "fr", "en" } }))
                .ExpectAsync(HttpStatusCode.OK);
        }

        var optional = await _portal.SubmitAsync(Subject, Invoice, new { optionalSkills = new[] { "sap" } });
        var german = await _portal.SubmitAsync(Subject, Invoice, new { language = "de" });
        Assert.Equal((null, null), (optional.Assignee, german.Assignee));

        var early = await AfterAsync(TimeSpan.FromMinutes(29));
        Assert.Equal((0, 0), (early.Relaxed, early.Dispatched));

        var skills = await AfterAsync(TimeSpan.FromMinutes(2));
        Assert.Equal((1, 1), (skills.Relaxed, skills.Dispatched));
        Assert.NotNull((await TicketAsync(optional.Id)).Assignee);
        Assert.Null((await TicketAsync(german.Id)).Assignee);
        var relaxed = Assert.Single(await HistoryAsync(optional.Id, "relaxed"));
        Assert.Equal("optional-skills", Text(relaxed, "to"));
        Assert.Equal("waited 30 min in the queue: the optional skills (sap) no longer required", Text(relaxed, "reason"));
        var assigned = (await HistoryAsync(optional.Id, "assigned")).Single();
        Assert.Equal("re-offer", Text(assigned, "actor"));
        Assert.Equal("optional-skills", Text(assigned.GetProperty("data").GetProperty("relaxed")[0], "requirement"));

        var language = await AfterAsync(TimeSpan.FromMinutes(30));
        Assert.Equal((1, 1), (language.Relaxed, language.Dispatched));
        Assert.NotNull((await TicketAsync(german.Id)).Assignee);
        Assert.Equal("language", Text(Assert.Single(await HistoryAsync(german.Id, "relaxed")), "to"));
        Assert.Single(await HistoryAsync(optional.Id, "relaxed"));
    }

    [Fact]
    public async Task PoliciesOff_PlainLeastLoaded_AndTheMaintenanceDoesNothing()
    {
        await StartAsync(new() { ["Routing:Policies:Enabled"] = "false" });
        await (await _supervisor.PostAsJsonAsync("/api/agent/1/absences", new { from = _clock.GetUtcNow().AddMinutes(-5), to = _clock.GetUtcNow().AddDays(2) }))
            .ExpectAsync(HttpStatusCode.Created);

        var ticket = await _portal.SubmitAsync(Subject, Invoice, new { skills = new[] { "sap" }, language = "de" });
        var outcome = await AfterAsync(TimeSpan.FromHours(5));

        Assert.Equal(1, ticket.Assignee?.Id);
        Assert.Equal(MaintenanceOutcome.None, outcome);
        Assert.Equal(1, (await TicketAsync(ticket.Id)).Assignee?.Id);
    }

    [Fact]
    public async Task BackgroundService_RunsOnTheInjectedClock()
    {
        await StartAsync(new() { ["Routing:MaintenanceSeconds"] = "60" });
        var ticket = await _portal.SubmitAsync(Subject, Invoice);

        _clock.Advance(TimeSpan.FromMinutes(31));

        var waited = Stopwatch.StartNew();
        while ((await TicketAsync(ticket.Id)).Assignee?.Id == 1)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the maintenance never ran");
            await Task.Delay(50);
        }

        Assert.Single(await HistoryAsync(ticket.Id, "reassigned"), e => Text(e, "actor") == "rescue");
    }
}
