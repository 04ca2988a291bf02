using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Core.Domain;
using TicketRouting.Data;

namespace TicketRouting.Api.Tests.Tickets;

/// <summary>
/// <c>Agents.OpenTickets</c>, which the intake snapshot reads instead of counting, is kept by the database's triggers
/// (migration OpenTicketCounter). After every kind of change to a ticket's load — intake's plain SQL, reassignment,
/// closing, reopening, deletion, a status change that frees nobody, and statements outside the service (several rows in
/// one UPDATE, a DELETE, an agent's deletion setting its tickets' assignee to null) — it must equal the count of the
/// agent's live, not-closed tickets. Runs on SQLite and, in CI, on PostgreSQL.
/// </summary>
public sealed class OpenTicketCounterTests : IntegrationTest
{
    [Fact]
    public async Task Counter_EqualsTheOpenTickets_AfterEveryKindOfChange()
    {
        await AssertCounterMatchesAsync("after the seed");
        var tickets = new List<Ticket>();
        string[] texts =
        [
            "Facture en double, remboursement demandé", "The app crashes on start", "Où est ma commande ?",
            "Je veux retourner le produit", "Invoice is wrong", "Cannot log in to my account",
        ];
        await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            var ticket = await Portal.SubmitAsync($"Ticket {i}", texts[i % texts.Length]);
            lock (tickets)
            {
                tickets.Add(ticket);
            }
        }));
        tickets.Sort((a, b) => a.Id.CompareTo(b.Id));
        await AssertCounterMatchesAsync("after a burst of intake");
        Assert.Equal(24, await App.WithDbAsync(db => db.Agents.SumAsync(a => a.OpenTickets)));

        var technical = await App.WithDbAsync(db => db.Departments.Where(d => d.Slug == "technical").Select(d => d.Id).SingleAsync());
        await (await Supervisor.PostAsJsonAsync($"/api/ticket/{tickets[0].Id}/reassign", new { departmentId = technical, reason = "crash" }))
            .ExpectAsync(HttpStatusCode.OK);
        await (await Supervisor.PostAsJsonAsync($"/api/ticket/{tickets[1].Id}/reassign", new { agentId = 12, reason = "orders" }))
            .ExpectAsync(HttpStatusCode.OK);
        await AssertCounterMatchesAsync("after reassignments");

        await (await Supervisor.PatchJsonAsync($"/api/ticket/{tickets[2].Id}", new { status = "closed" })).ExpectAsync(HttpStatusCode.OK);
        await (await Supervisor.PatchJsonAsync($"/api/ticket/{tickets[3].Id}", new { status = "closed" })).ExpectAsync(HttpStatusCode.OK);
        await (await Supervisor.PatchJsonAsync($"/api/ticket/{tickets[4].Id}", new { status = "in_progress" })).ExpectAsync(HttpStatusCode.OK);
        await AssertCounterMatchesAsync("after closing two and starting one");

        await (await Supervisor.PatchJsonAsync($"/api/ticket/{tickets[3].Id}", new { status = "open" })).ExpectAsync(HttpStatusCode.OK);
        await AssertCounterMatchesAsync("after reopening");

        var admin = await App.ClientForAsync(DevUsers.Admin);
        await (await admin.DeleteAsync($"/api/ticket/{tickets[5].Id}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await admin.DeleteAsync($"/api/ticket/{tickets[2].Id}")).ExpectAsync(HttpStatusCode.NoContent); // closed: frees nobody
        await AssertCounterMatchesAsync("after deletions");

        // Outside the service: one statement moving several tickets to one agent, a status change of several rows,
        // a hard delete, and an agent removed (its tickets' assignee becomes null by the foreign key).
        var moved = tickets.Skip(6).Take(6).Select(t => t.Id).ToList();
        await App.WithDbAsync(db => db.Tickets.Where(t => moved.Contains(t.Id)).ExecuteUpdateAsync(s => s.SetProperty(t => t.AssigneeId, 3)));
        await AssertCounterMatchesAsync("after one UPDATE moved six tickets");
        var closedTogether = tickets.Skip(12).Take(4).Select(t => t.Id).ToList();
        await App.WithDbAsync(db => db.Tickets.Where(t => closedTogether.Contains(t.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TicketStatus.Closed)));
        await App.WithDbAsync(db => db.Tickets.IgnoreQueryFilters().Where(t => t.Id == tickets[16].Id).ExecuteDeleteAsync());
        await AssertCounterMatchesAsync("after a bulk close and a hard delete");
        await App.WithDbAsync(async db =>
        {
            var agent = await db.Agents.Where(a => a.OpenTickets > 0 && a.UserId == null).OrderBy(a => a.Id).FirstAsync();
            await db.AgentShifts.Where(s => s.AgentId == agent.Id).ExecuteDeleteAsync();
            await db.AgentAbsences.Where(s => s.AgentId == agent.Id).ExecuteDeleteAsync();
            return await db.Agents.Where(a => a.Id == agent.Id).ExecuteDeleteAsync();
        });
        await AssertCounterMatchesAsync("after an agent was deleted");

        // The service goes on from the counter: the next tickets go to the least loaded agents, spread at most one.
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Portal.SubmitAsync($"Again {i}", texts[i % texts.Length])));
        await AssertCounterMatchesAsync("after more intake");
    }

    [Fact]
    public async Task Migration_CountsTheTicketsAlreadyThere()
    {
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Portal.SubmitAsync($"Facture {i}", "facture en double")));
        // Undo and redo the migration on a database that already holds tickets: the backfill must count them.
        await App.WithDbAsync(async db =>
        {
            var migrator = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
            var migrations = db.Database.GetAppliedMigrations().ToList();
            var counter = migrations.Single(m => m.EndsWith("_OpenTicketCounter", StringComparison.Ordinal));
            await migrator.MigrateAsync(migrations[migrations.IndexOf(counter) - 1]);
            await migrator.MigrateAsync(migrations[^1]);
            return 0;
        });
        await AssertCounterMatchesAsync("after the migration ran on existing tickets");
        Assert.True(await App.WithDbAsync(db => db.Agents.SumAsync(a => a.OpenTickets)) >= 6);
    }

    private async Task AssertCounterMatchesAsync(string when)
    {
        var rows = await App.WithDbAsync(db => db.Agents.AsNoTracking()
            .Select(a => new
            {
                a.Id,
                a.OpenTickets,
                Counted = db.Tickets.IgnoreQueryFilters().Count(t => t.AssigneeId == a.Id && t.DeletedAt == null && t.Status != TicketStatus.Closed),
            })
            .ToListAsync());
        var wrong = rows.Where(r => r.OpenTickets != r.Counted).Select(r => $"agent {r.Id}: counter {r.OpenTickets}, tickets {r.Counted}").ToList();
        Assert.True(wrong.Count == 0, $"{when}: {string.Join("; ", wrong)}");
    }
}
