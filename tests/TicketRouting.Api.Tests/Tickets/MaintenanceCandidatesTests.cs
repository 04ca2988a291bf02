using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Api.Tickets;
using TicketRouting.Core.Domain;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tests.Tickets;

/// <summary>
/// The routing maintenance reads only the tickets it may act on: among 10,000 open assigned tickets that are neither
/// stalled nor held by someone off work, the SQL returns just the stalled ones (configured patience, and SLA-derived
/// patience), and the open ticket of an agent whose absence started. A pass then acts on exactly those.
/// </summary>
public sealed class MaintenanceCandidatesTests : IAsyncLifetime
{
    private const int Bulk = 10_000;

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private TicketRoutingApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await TicketRoutingApp.StartAsync(
            new()
            {
                ["Routing:Classifier"] = "rules",
                ["Routing:StallMinutes:Medium"] = "30", // Low, High, Critical: half of the SLA time to due
                ["Routing:MaintenanceSeconds"] = "86400",
            },
            services: s => s.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Candidates_AmongTenThousandQuietTickets_AreOnlyTheStalledAndTheAbsentAgentsOnes()
    {
        var portal = await _app.ClientForAsync(DevUsers.Portal);
        var supervisor = await _app.ClientForAsync(DevUsers.Supervisor);
        var start = _clock.GetUtcNow();
        // 10,000 low-priority tickets of another department, assigned now: not stalled for 36 hours (half of 72 h).
        // Five of them were created and assigned 40 hours ago: past half of their SLA, stalled.
        var old = await _app.WithDbAsync(async db =>
        {
            var department = await db.Departments.SingleAsync(d => d.Slug == "technical");
            var agents = await db.Agents.Where(a => a.DepartmentId == department.Id).Select(a => a.Id).ToListAsync();
            var tickets = Enumerable.Range(0, Bulk).Select(i => Assigned(department.Id, agents[i % agents.Count], i < 5 ? start.AddHours(-40) : start)).ToList();
            db.Tickets.AddRange(tickets);
            await db.SaveChangesAsync();
            return tickets.Take(5).Select(t => t.Id).ToList();
        });

        // Billing: three medium tickets (patience 30 min) and one low ticket for the agent about to be absent.
        var medium = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            medium.Add((await portal.SubmitAsync("Facture", "facture fausse", new { priority = "medium" })).Id);
        }

        var low = await portal.SubmitAsync("Facture", "facture fausse", new { priority = "low" });
        var absent = low.Assignee!.Id;
        await (await supervisor.PostAsJsonAsync($"/api/agent/{absent}/absences", new { from = start.AddMinutes(10), to = start.AddDays(1) }))
            .ExpectAsync(HttpStatusCode.Created);
        _clock.Advance(TimeSpan.FromMinutes(31));

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var pass = scope.ServiceProvider.GetRequiredService<RoutingMaintenancePass>();
            var (_, candidates) = await pass.FindCandidatesAsync(_clock.GetUtcNow(), CancellationToken.None);
            Assert.Equal(old.Concat(medium).Append(low.Id).Order(), candidates.Select(c => c.Id).Order());
        }

        var outcome = await _app.Service<RoutingMaintenance>().RunOnceAsync(CancellationToken.None);

        // Billing has other agents for the three stalled tickets and the absent agent's; technical's agents are all
        // above capacity (2,000 tickets each), so its five stalled tickets stay, noted once.
        Assert.Equal((3, 1, 5), (outcome.Rescued, outcome.GivenBack, outcome.StallsNoted));
        var stalledLines = await _app.WithDbAsync(db => db.TicketEvents.CountAsync(e => e.Type == TicketEventTypes.Stalled));
        Assert.Equal(5, stalledLines);
    }

    private static TicketRouting.Data.Entities.Ticket Assigned(int department, int agent, DateTimeOffset at) => new()
    {
        Subject = "Connexion impossible",
        Description = "Le routeur ne répond plus",
        Priority = TicketPriority.Low,
        DepartmentId = department,
        AssigneeId = agent,
        CreatedAt = at,
        UpdatedAt = at,
        DueAt = at.AddHours(72),
        Events = [new TicketRouting.Data.Entities.TicketEvent { Type = TicketEventTypes.Assigned, ActorName = "balancer", At = at }],
    };
}
