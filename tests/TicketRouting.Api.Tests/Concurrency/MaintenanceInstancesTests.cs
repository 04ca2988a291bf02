using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Api.Tickets;
using TicketEventTypes = TicketRouting.Data.Entities.TicketEventTypes;

namespace TicketRouting.Api.Tests.Concurrency;

/// <summary>
/// Two service instances on one database (a shared SQLite file, or PostgreSQL when TICKETROUTING_TEST_POSTGRES is set)
/// run the routing maintenance at the same moment: every stalled ticket is rescued once and every unstarted ticket of an
/// absent agent is given back once, never twice.
/// </summary>
public sealed class MaintenanceInstancesTests
{
    [Fact]
    public async Task TwoInstances_MaintenanceAtTheSameTime_MovesEachTicketOnce()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Routing:Classifier"] = "rules",
            ["Routing:StallMinutes:Medium"] = "30",
            ["Routing:MaintenanceSeconds"] = "86400",
        };
        await using var first = await TicketRoutingApp.StartAsync(settings, database, services: s => s.AddSingleton<TimeProvider>(clock));
        await using var second = await TicketRoutingApp.StartAsync(settings, database, services: s => s.AddSingleton<TimeProvider>(clock));
        var portal = await first.ClientForAsync(DevUsers.Portal);
        var supervisor = await second.ClientForAsync(DevUsers.Supervisor);
        await (await supervisor.PostAsJsonAsync("/api/agent/5/absences", new { from = clock.GetUtcNow().AddMinutes(20), to = clock.GetUtcNow().AddDays(1) }))
            .ExpectAsync(HttpStatusCode.Created);
        var tickets = new List<Ticket>();
        for (var i = 0; i < 20; i++)
        {
            tickets.Add(await portal.SubmitAsync("Facture", "facture fausse"));
        }

        clock.Advance(TimeSpan.FromMinutes(31));
        var passes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => (i % 2 == 0 ? first : second).Service<RoutingMaintenance>().RunOnceAsync(CancellationToken.None))));

        var moves = await first.WithDbAsync(db => db.TicketEvents
            .Where(e => e.Type == TicketEventTypes.Reassigned && e.ActorUserId == null)
            .Select(e => new { e.TicketId, e.ActorName, e.Reason, e.At, e.From, e.To })
            .ToListAsync());
        var fromAbsent = tickets.Where(t => t.Assignee?.Id == 5).Select(t => t.Id).ToHashSet();
        Assert.Equal(4, fromAbsent.Count);
        Assert.True(moves.Count == 20, string.Join("\n", moves.OrderBy(m => m.TicketId)));
        Assert.Equal(tickets.Select(t => t.Id).Order(), moves.Select(m => m.TicketId).Order());
        Assert.All(moves, m => Assert.Equal(fromAbsent.Contains(m.TicketId) ? "redistribution" : "rescue", m.ActorName));
        Assert.Equal(16, passes.Sum(p => p.Rescued));
        Assert.Equal(4, passes.Sum(p => p.GivenBack));
        var loads = (await supervisor.GetJsonAsync<List<Agent>>("/api/agent?departmentId=1")).ToDictionary(a => a.Id, a => a.OpenTickets);
        Assert.Equal(0, loads[5]);
        Assert.Equal(20, loads.Values.Sum());
    }
}
