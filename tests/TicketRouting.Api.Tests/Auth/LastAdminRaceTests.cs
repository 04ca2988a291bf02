using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Auth;

/// <summary>
/// Issue 11, finding 3 under concurrency: the last two active admins each take their own admin rights away at
/// the same moment. Each request alone sees another active admin; only a lock on the admin set stops both from
/// committing (PostgreSQL under read committed). SQLite and PostgreSQL (CI) run the same test.
/// </summary>
public sealed class LastAdminRaceTests : IAsyncLifetime
{
    private const string SecondAdmin = "second.admin";
    private const string SecondPassword = "second-admin-password";
    private TicketRoutingApp _app = null!;

    public async Task InitializeAsync() => _app = await TicketRoutingApp.StartAsync(new() { ["Auth:TokenRequestsPerMinute"] = "1000" });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("deactivate", "deactivate")]
    [InlineData("demote", "deactivate")]
    [InlineData("demote", "demote")]
    public async Task UpdateUser_LastTwoAdminsRemovedAtOnce_LeavesOneActiveAdmin_AndTheLoserGets409(string first, string second)
    {
        var admin = await _app.ClientForAsync(DevUsers.Admin);
        await (await admin.PostAsJsonAsync("/api/user", new { username = SecondAdmin, password = SecondPassword, role = "admin" }))
            .ExpectAsync(HttpStatusCode.Created);
        var ids = await _app.WithDbAsync(db => db.Users.Where(u => u.Role == "admin").OrderBy(u => u.Id).Select(u => u.Id).ToListAsync());
        Assert.Equal(2, ids.Count);

        for (var round = 0; round < 5; round++)
        {
            // Both admins signed in, their status cached (a GET each), then both changes sent at the same time.
            var clients = new[] { await _app.ClientForAsync(DevUsers.Admin), await _app.ClientForAsync((SecondAdmin, SecondPassword)) };
            foreach (var client in clients)
            {
                await (await client.GetAsync("/api/user")).ExpectAsync(HttpStatusCode.OK);
            }

            var changes = new[] { Change(first), Change(second) };
            var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => clients[i].PatchJsonAsync($"/api/user/{ids[i]}", changes[i])));

            var statuses = responses.Select(r => r.StatusCode).Order().ToArray();
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], statuses);
            var loser = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
            var problem = await loser.ExpectProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("last active admin", problem.GetProperty("detail").GetString());
            var activeAdmins = await _app.WithDbAsync(db => db.Users.CountAsync(u => u.Role == "admin" && u.IsActive));
            Assert.Equal(1, activeAdmins);

            // Both admin again for the next round.
            await _app.WithDbAsync(db => db.Users.Where(u => ids.Contains(u.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.Role, "admin").SetProperty(u => u.IsActive, true)));
            _app.Service<TicketRouting.Api.Auth.UserStatusCache>().Invalidate(ids[0]);
            _app.Service<TicketRouting.Api.Auth.UserStatusCache>().Invalidate(ids[1]);
        }
    }

    private static object Change(string kind) => kind == "demote" ? new { role = "supervisor" } : new { active = false };
}
