using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Api.Tests.Webhooks;
using TicketRouting.Cli;
using static TicketRouting.Api.Tests.Cli.CliRunner;

namespace TicketRouting.Api.Tests.Cli;

/// <summary>
/// `import` writes through the API's intake (SQLite, or PostgreSQL when TICKETROUTING_TEST_POSTGRES is set): imported
/// tickets get the routing policies, an SLA due time from their own creation date, webhook outbox rows and the workflow
/// rules, keep the file's status, and a source id is written once however often and however concurrently it is imported.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed partial class ImportIntakeTests : CliOnAppDatabase
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ticketrouting-import-intake-").FullName;
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<string> FileAsync(string json)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, json);
        return path;
    }

    private const string Invoice = "Ma facture de mars est fausse, j'ai été prélevé deux fois";

    [Fact]
    public async Task Import_GoodRows_AreRoutedTimedAnnouncedAndPassTheRules_KeepingStatusAndCreationDate()
    {
        var subscription = await WebhookSteps.SubscribeAsync(App, "http://127.0.0.1:9/hook",
            "ticket.created", "ticket.assigned", "ticket.queued", "ticket.status_changed");
        var admin = await App.ClientForAsync(DevUsers.Admin);
        await (await admin.PostAsJsonAsync("/api/workflow-rules", new
        {
            name = "invoices tagged", position = 0, events = new[] { "ticket.created" }, conditions = new { tags = new[] { "facture" } },
            actions = new[] { new { type = "add_tag", value = "from-rule" } }, stop = false,
        })).ExpectAsync(HttpStatusCode.Created);
        var loadsBefore = await LoadsAsync();
        var file = await FileAsync($$"""
            [
              {"id": "A-1", "titre": "Facture fausse", "description": "{{Invoice}}", "priorite": "haute", "statut": "ouvert",
               "tags": ["facture"], "date_creation": "2026-03-02T09:15:00Z"},
              {"id": "A-2", "titre": "Facture en double", "description": "{{Invoice}}", "priorite": "basse", "statut": "en cours",
               "date_creation": "2026-03-03T10:00:00Z"},
              {"id": "A-3", "titre": "Facture réglée", "description": "{{Invoice}}", "statut": "fermé", "date_creation": "2026-02-01T08:00:00Z"},
              {"id": "A-4", "titre": "Facture et appli", "description": "{{Invoice}}", "departement": "technical"}
            ]
            """);

        var (exit, output, error) = await RunAsync(OnAppDatabase("import", "--json", file));

        Assert.True(exit == 0, error);
        Assert.Contains("imported: 4, already imported: 0, rejected: 0", output);
        var (open, started, closed, given) = (await TicketAsync(1), await TicketAsync(2), await TicketAsync(3), await TicketAsync(4));
        Assert.Equal(("billing", "open", "high"), (open.Department.Slug, open.Status, open.Priority));
        Assert.NotNull(open.Assignee);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 15, 0, TimeSpan.Zero), open.CreatedAt);
        Assert.Equal(open.CreatedAt.AddHours(8), open.DueAt); // SLA for high, counted from the file's date
        Assert.Equal(["facture", "from-rule"], open.Tags.Order());
        Assert.Equal(("billing", "in_progress"), (started.Department.Slug, started.Status));
        Assert.NotNull(started.Assignee);
        Assert.Equal(started.CreatedAt.AddHours(72), started.DueAt);
        Assert.Equal(("billing", "closed"), (closed.Department.Slug, closed.Status));
        Assert.Null(closed.Assignee); // a closed ticket loads nobody
        Assert.Equal("technical", given.Department.Slug);
        Assert.NotNull(given.Assignee);
        var loadsAfter = await LoadsAsync();
        Assert.Equal(loadsBefore["billing"] + 2, loadsAfter["billing"]);
        Assert.Equal(loadsBefore["technical"] + 1, loadsAfter["technical"]);

        Assert.Equal(["created", "routed", "assigned", "workflow"], await HistoryAsync(1));
        Assert.Equal(["created", "routed", "assigned", "status"], await HistoryAsync(2));
        Assert.Equal(["created", "routed", "status"], await HistoryAsync(3));
        var created = (await Supervisor.GetJsonAsync<List<TicketEvent>>("/api/ticket/TSK-1001/history"))[0];
        Assert.Equal(("import", null), (created.Actor, created.ActorUserId));
        Assert.Contains("A-1", created.Reason);
        // Routed by the classifier, unless the row names its department: then by the import.
        var classified = (await Supervisor.GetJsonAsync<List<TicketEvent>>("/api/ticket/TSK-1001/history"))[1];
        Assert.Equal("routed", classified.Type);
        Assert.NotEqual("import", classified.Actor);
        var routedByFile = (await Supervisor.GetJsonAsync<List<TicketEvent>>("/api/ticket/TSK-1004/history"))[1];
        Assert.Equal(("routed", "import"), (routedByFile.Type, routedByFile.Actor));
        Assert.Contains("A-4", routedByFile.Reason);

        var deliveries = (await WebhookSteps.DeliveriesAsync(App, subscription.Id)).OrderBy(d => d.Id).ToList();
        string[] Events(int ticket) => deliveries.Where(d => d.TicketId == ticket).Select(d => d.EventType).ToArray();
        Assert.Equal(["ticket.created", "ticket.assigned"], Events(1));
        Assert.Equal(["ticket.created", "ticket.assigned", "ticket.status_changed"], Events(2));
        Assert.Equal(["ticket.created", "ticket.status_changed"], Events(3));
        Assert.Equal(["ticket.created", "ticket.assigned"], Events(4));
    }

    [Fact]
    public async Task Import_AbsentAndOffShiftAgents_GetNone_TheTicketsWaitInTheQueueWithTheirStatus()
    {
        await PolicySteps.PutBillingOutOfReachAsync(Supervisor);
        var file = await FileAsync($$"""
            [
              {"id": "P-1", "titre": "Facture fausse", "description": "{{Invoice}}", "statut": "ouvert"},
              {"id": "P-2", "titre": "Facture en double", "description": "{{Invoice}}", "statut": "en cours"}
            ]
            """);

        var (exit, output, error) = await RunAsync(OnAppDatabase("import", "--json", file));

        // Billing's five agents are absent (1-4) or off shift (5): the least-loaded rule alone would have given them to agent 1.
        Assert.True(exit == 0, error);
        Assert.Contains("imported: 2, already imported: 0, rejected: 0", output);
        var (open, started) = (await TicketAsync(1), await TicketAsync(2));
        Assert.Equal(("billing", "open", null), (open.Department.Slug, open.Status, open.Assignee));
        Assert.Equal(("billing", "in_progress", null), (started.Department.Slug, started.Status, started.Assignee));
        Assert.Equal(["created", "routed", "queued"], await HistoryAsync(1));
        Assert.Equal(["created", "routed", "queued", "status"], await HistoryAsync(2));
    }

    [Fact]
    public async Task Import_GoodBadAndDuplicateRows_WritesEachGoodRowWhole_AndAReimportWritesNothing()
    {
        var file = await FileAsync($$"""
            [
              {"id": "G-1", "titre": "Facture fausse", "description": "{{Invoice}}"},
              {"id": "G-2", "titre": "Statut inconnu", "description": "x", "statut": "peut-être"},
              {"id": "G-1", "titre": "Doublon", "description": "{{Invoice}}"},
              {"id": "G-4", "titre": "Service inconnu", "description": "x", "departement": "nowhere"},
              {"id": "G-5", "titre": "Bell \u0007 in the title", "description": "x"},
              {"id": "G-6", "titre": "Facture payée", "description": "{{Invoice}}", "statut": "fermé"}
            ]
            """);

        var first = await RunAsync(OnAppDatabase("import", "--json", file));
        var second = await RunAsync(OnAppDatabase("import", "--json", file));

        Assert.True(first.Exit == 0, first.Error);
        Assert.Contains("imported: 2, already imported: 0, rejected: 4", first.Output);
        Assert.Contains("row 2 (id G-2): unknown status 'peut-être'", first.Output);
        Assert.Contains("row 3 (id G-1): duplicate id: row 1 has it too", first.Output);
        Assert.Contains("row 4 (id G-4): unknown department 'nowhere'", first.Output);
        Assert.Matches("row 5 \\(id G-5\\): .*control", first.Output);
        Assert.Contains("imported: 0, already imported: 3, rejected: 3", second.Output); // G-1 twice in the file, G-6
        var (tickets, routings, events, withHistory) = await App.WithDbAsync(async db => (
            await db.Tickets.Select(t => t.SourceId).OrderBy(s => s).ToListAsync(), await db.RoutingRecords.CountAsync(),
            await db.TicketEvents.CountAsync(), await db.TicketEvents.Select(e => e.TicketId).Distinct().CountAsync()));
        Assert.Equal(["G-1", "G-6"], tickets);
        Assert.Equal(2, routings);
        Assert.Equal(6, events); // G-1: created, routed, assigned; G-6: created, routed, status
        Assert.Equal(2, withHistory); // nothing of the refused rows
    }

    [Fact]
    public async Task ConcurrentImportsOfTheSameFile_WriteEachSourceIdOnce()
    {
        var rows = Enumerable.Range(1, 60).Select(i => new
        {
            id = $"C-{i}", titre = $"Facture {i}", description = Invoice, statut = i % 3 == 0 ? "fermé" : "ouvert",
        });
        var file = await FileAsync(JsonSerializer.Serialize(rows));
        var original = Console.Out;
        using var output = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(output));
        int[] exits;
        try
        {
            // Two imports at once, each with its own intake writer, as two terminals would run them.
            exits = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => CliApp.Build().Parse(OnAppDatabase("import", "--json", file)).InvokeAsync())));
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal([0, 0], exits);
        var reports = Report().Matches(output.ToString()).Select(m => (Imported: int.Parse(m.Groups[1].Value), Skipped: int.Parse(m.Groups[2].Value))).ToList();
        Assert.Equal(2, reports.Count);
        Assert.Equal(60, reports.Sum(r => r.Imported));
        Assert.Equal(60, reports.Sum(r => r.Skipped));
        var (sources, routings, createdEvents) = await App.WithDbAsync(async db => (
            await db.Tickets.Select(t => t.SourceId!).ToListAsync(), await db.RoutingRecords.CountAsync(),
            await db.TicketEvents.CountAsync(e => e.Type == "created")));
        Assert.Equal(60, sources.Count);
        Assert.Equal(60, sources.Distinct().Count());
        Assert.Equal((60, 60), (routings, createdEvents));
        var loads = await LoadsAsync();
        Assert.Equal(40, loads["billing"]); // the 20 closed ones load nobody
    }

    [GeneratedRegex(@"imported: (\d+), already imported: (\d+), rejected: 0")]
    private static partial Regex Report();

    private Task<Ticket> TicketAsync(int id) => Supervisor.GetJsonAsync<Ticket>($"/api/ticket/TSK-{1000 + id}");

    private async Task<List<string>> HistoryAsync(int id) =>
        (await Supervisor.GetJsonAsync<List<TicketEvent>>($"/api/ticket/TSK-{1000 + id}/history")).Select(e => e.Type).ToList();

    private async Task<Dictionary<string, int>> LoadsAsync() =>
        (await Supervisor.GetJsonAsync<List<Agent>>("/api/agent")).GroupBy(a => a.Department.Slug).ToDictionary(g => g.Key, g => g.Sum(a => a.OpenTickets));
}
