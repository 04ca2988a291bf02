using System.Net;
using System.Text.Json;
using System.Net.Http.Json;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Api.Tests.Webhooks;
using static TicketRouting.Api.Tests.Cli.CliRunner;

namespace TicketRouting.Api.Tests.Cli;

/// <summary>
/// `tickets add` and `tickets update` on a migrated and seeded database (SQLite, or PostgreSQL when
/// TICKETROUTING_TEST_POSTGRES is set); what they wrote is read back through the API. They write through the API's own
/// services, so the routing policies, the SLA, the webhook outbox and the queue dispatch apply to them as to HTTP.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class TicketWriteCommandTests : CliOnAppDatabase
{
    private Task<(int Exit, string Output, string Error)> CliAsync(params string[] args) =>
        RunAsync(OnAppDatabase(args));

    [Fact]
    public async Task Add_InvoiceText_RoutesToBillingAndItsLeastLoadedAgent()
    {
        var loads = await Supervisor.GetJsonAsync<List<JsonElement>>("/api/agent");

        var (exit, output, error) = await CliAsync("tickets", "add", "--title", "Facture de mars",
            "--description", "Ma facture de mars est fausse, j'ai été prélevé deux fois", "--priority", "haute", "--email", "Paul@Example.org");

        Assert.True(exit == 0, error);
        var parts = output.Trim().Split(' ', 3);
        Assert.Equal(["TSK-1001", "billing"], parts[..2]);
        var ticket = await Supervisor.GetJsonAsync<Ticket>("/api/ticket/TSK-1001");
        Assert.Equal(("billing", "high", "open", "paul@example.org"), (ticket.Department.Slug, ticket.Priority, ticket.Status, ticket.Customer!.Email));
        Assert.Equal(parts[2], ticket.Assignee!.Name);
        var billingLoads = loads.Where(a => a.GetProperty("department").GetProperty("slug").GetString() == "billing")
            .ToDictionary(a => a.GetProperty("id").GetInt32(), a => a.GetProperty("openTickets").GetInt32());
        Assert.Equal(billingLoads.Values.Min(), billingLoads[ticket.Assignee.Id]);
        var history = await Supervisor.GetJsonAsync<List<JsonElement>>("/api/ticket/TSK-1001/history");
        Assert.Equal(["created", "routed", "assigned"], history.Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Add_NoAgentAvailable_LeavesTheTicketInTheQueue()
    {
        var billing = (await Supervisor.GetJsonAsync<List<JsonElement>>("/api/agent"))
            .Where(a => a.GetProperty("department").GetProperty("slug").GetString() == "billing").Select(a => a.GetProperty("id").GetInt32());
        foreach (var id in billing)
        {
            await (await Supervisor.PatchJsonAsync($"/api/agent/{id}", new { available = false })).ExpectAsync(HttpStatusCode.OK);
        }

        var (exit, output, _) = await CliAsync("tickets", "add", "--title", "Facture", "--description", "facture fausse, prélevé deux fois");

        Assert.Equal(0, exit);
        Assert.Equal("TSK-1001 billing (queue)", output.Trim());
        Assert.Null((await Supervisor.GetJsonAsync<Ticket>("/api/ticket/TSK-1001")).Assignee);
    }

    [Fact]
    public async Task Update_LegalMovesApply_IllegalMoveIsOneErrorLineAndChangesNothing()
    {
        await CliAsync("tickets", "add", "--title", "Facture", "--description", "facture fausse, prélevé deux fois");

        var started = await CliAsync("tickets", "update", "TSK-1001", "--status", "en cours", "--priority", "critical");
        var backToOpen = await CliAsync("tickets", "update", "TSK-1001", "--status", "open", "--priority", "low");
        var closed = await CliAsync("tickets", "update", "1", "--status", "closed"); // an id works as well as a key
        var blocked = await CliAsync("tickets", "update", "TSK-1001", "--status", "blocked");

        Assert.Equal((0, "TSK-1001 in_progress critical", ""), (started.Exit, started.Output.Trim(), started.Error));
        Assert.Equal(0, backToOpen.Exit); // in_progress -> open is allowed
        Assert.Equal(0, closed.Exit);
        Assert.Equal(2, blocked.Exit);
        Assert.Equal("error: TSK-1001 cannot go from closed to blocked; allowed: open, in_progress", blocked.Error.Trim());
        Assert.Empty(blocked.Output);
        var ticket = await Supervisor.GetJsonAsync<Ticket>("/api/ticket/TSK-1001");
        Assert.Equal(("closed", "low"), (ticket.Status, ticket.Priority));
        var history = await Supervisor.GetJsonAsync<List<JsonElement>>("/api/ticket/TSK-1001/history");
        Assert.Equal(3, history.Count(e => e.GetProperty("type").GetString() == "status"));
    }

    [Fact]
    public async Task Add_AbsentAndOffShiftAgents_GetNothing_TheTicketHasAnSlaDueTime_AndHistorySaysCli()
    {
        await PolicySteps.PutBillingOutOfReachAsync(Supervisor);

        var (exit, output, error) = await CliAsync("tickets", "add", "--title", "Facture", "--description", "facture fausse, prélevé deux fois");

        // Billing's five agents are absent (1-4) or off shift (5): the least-loaded rule alone would have given it to agent 1.
        Assert.True(exit == 0, error);
        Assert.Equal("TSK-1001 billing (queue)", output.Trim());
        var ticket = await Supervisor.GetJsonAsync<Ticket>("/api/ticket/TSK-1001");
        Assert.Null(ticket.Assignee);
        Assert.NotNull(ticket.DueAt);
        Assert.True(ticket.DueAt > ticket.CreatedAt);
        var history = await Supervisor.GetJsonAsync<List<TicketEvent>>("/api/ticket/TSK-1001/history");
        Assert.Equal(("cli", null), (history[0].Actor, history[0].ActorUserId));
        Assert.Equal(["created", "routed", "queued"], history.Select(e => e.Type));
    }

    [Fact]
    public async Task Add_AbsentAgent_IsSkipped_ForOneWithRoom()
    {
        var now = DateTimeOffset.UtcNow;
        await (await Supervisor.PostAsJsonAsync("/api/agent/1/absences", new { from = now.AddHours(-1), to = now.AddDays(2) }))
            .ExpectAsync(HttpStatusCode.Created);

        var (exit, output, error) = await CliAsync("tickets", "add", "--title", "Facture", "--description", "facture fausse, prélevé deux fois");

        Assert.True(exit == 0, error);
        var ticket = await Supervisor.GetJsonAsync<Ticket>("/api/ticket/TSK-1001");
        Assert.NotNull(ticket.Assignee);
        Assert.NotEqual(1, ticket.Assignee.Id); // all of billing at 0 open: the lowest id would win without the absence
        Assert.Equal($"TSK-1001 billing {ticket.Assignee.Name}", output.Trim());
    }

    [Fact]
    public async Task AddAndUpdate_WriteWebhookOutboxRows_WhenASubscriptionExists()
    {
        // Port 9 (discard) on loopback: nothing listens, so the rows stay in the log whatever the worker makes of them.
        var subscription = await WebhookSteps.SubscribeAsync(App, "http://127.0.0.1:9/hook", "ticket.created", "ticket.status_changed");

        var added = await CliAsync("tickets", "add", "--title", "Facture", "--description", "facture fausse, prélevé deux fois");
        var updated = await CliAsync("tickets", "update", "TSK-1001", "--status", "en cours");

        Assert.Equal((0, 0), (added.Exit, updated.Exit));
        var deliveries = await WebhookSteps.DeliveriesAsync(App, subscription.Id);
        Assert.Equal(["ticket.created", "ticket.status_changed"], deliveries.OrderBy(d => d.Id).Select(d => d.EventType));
        Assert.All(deliveries, d => Assert.Equal(1, d.TicketId));
    }

    [Fact]
    public async Task Update_ClosingAFullAgentsTicket_HandsTheDepartmentsQueueOut()
    {
        foreach (var agent in new[] { 2, 3, 4, 5 })
        {
            await (await Supervisor.PatchJsonAsync($"/api/agent/{agent}", new { available = false })).ExpectAsync(HttpStatusCode.OK);
        }

        await (await Supervisor.PatchJsonAsync("/api/agent/1", new { capacity = 1 })).ExpectAsync(HttpStatusCode.OK);
        var first = await CliAsync("tickets", "add", "--title", "Facture", "--description", "facture fausse, prélevé deux fois");
        var second = await CliAsync("tickets", "add", "--title", "Facture", "--description", "facture fausse, prélevé deux fois");
        Assert.EndsWith("(queue)", second.Output.Trim());
        Assert.Null((await Supervisor.GetJsonAsync<Ticket>("/api/ticket/TSK-1002")).Assignee);

        var closed = await CliAsync("tickets", "update", "TSK-1001", "--status", "fermé");

        Assert.Equal((0, "TSK-1001 closed medium"), (closed.Exit, closed.Output.Trim()));
        var handedOut = await Supervisor.GetJsonAsync<Ticket>("/api/ticket/TSK-1002");
        Assert.Equal(1, handedOut.Assignee?.Id);
        Assert.Equal($"TSK-1001 billing {handedOut.Assignee!.Name}", first.Output.Trim());
    }

    [Theory]
    [InlineData("tickets update TSK-9999 --status closed", "ticket TSK-9999 does not exist")]
    [InlineData("tickets update nope --status closed", "'nope' is not a ticket key")]
    [InlineData("tickets update TSK-1001", "give --status and/or --priority")]
    [InlineData("tickets update TSK-1001 --status peut-être", "unknown status 'peut-être'")]
    [InlineData("tickets add --title x --description y --priority whenever", "unknown priority 'whenever'")]
    [InlineData("tickets add --title x --description y --email not-an-email", "is not an e-mail address")]
    [InlineData("tickets add --description y", "--title")]
    public async Task BadInput_IsOneErrorLineExit2AndWritesNothing(string command, string expected)
    {
        var (exit, output, error) = await CliAsync(command.Split(' '));

        Assert.Equal(2, exit);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
        Assert.Equal(0, (await Supervisor.GetJsonAsync<TicketPage>("/api/ticket")).Total);
    }
}
