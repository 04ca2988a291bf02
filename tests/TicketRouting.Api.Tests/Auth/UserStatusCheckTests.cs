using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Auth;

/// <summary>
/// The token's user check (Auth:UserStatusCacheSeconds): refused at once in the process that made the change,
/// every request with 0, and otherwise at most one interval late when another process (here: the database
/// changed directly) deactivates the user.
/// </summary>
public sealed class UserStatusCheckTests
{
    private static Task<int> DeactivateInDatabaseAsync(TicketRoutingApp app, string username) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Username == username).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));

    [Fact]
    public async Task DeactivateUser_ThroughThisProcess_IsRefusedAtOnce_EvenWithALongInterval()
    {
        await using var app = await TicketRoutingApp.StartAsync(new() { ["Auth:UserStatusCacheSeconds"] = "300" });
        var supervisor = await app.ClientForAsync(DevUsers.Supervisor);
        await (await supervisor.GetAsync("/api/agent")).ExpectAsync(HttpStatusCode.OK); // cached now
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.Username == DevUsers.Supervisor.Username).Select(u => u.Id).SingleAsync());
        var admin = await app.ClientForAsync(DevUsers.Admin);

        await (await admin.PatchJsonAsync($"/api/user/{id}", new { active = false })).ExpectAsync(HttpStatusCode.OK);

        await (await supervisor.GetAsync("/api/agent")).ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task IntervalZero_ChecksTheDatabaseOnEveryRequest()
    {
        await using var app = await TicketRoutingApp.StartAsync(new() { ["Auth:UserStatusCacheSeconds"] = "0" });
        var supervisor = await app.ClientForAsync(DevUsers.Supervisor);
        await (await supervisor.GetAsync("/api/agent")).ExpectAsync(HttpStatusCode.OK);

        await DeactivateInDatabaseAsync(app, DevUsers.Supervisor.Username);

        await (await supervisor.GetAsync("/api/agent")).ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ChangeByAnotherProcess_IsSeenWithinTheInterval_NotLater()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TicketRoutingApp.StartAsync(
            new() { ["Auth:UserStatusCacheSeconds"] = "10" }, services: s => s.AddSingleton<TimeProvider>(clock));
        var supervisor = await app.ClientForAsync(DevUsers.Supervisor);
        await (await supervisor.GetAsync("/api/agent")).ExpectAsync(HttpStatusCode.OK); // checked at t0

        await DeactivateInDatabaseAsync(app, DevUsers.Supervisor.Username);

        // The bounded staleness: still accepted until the interval has passed since the last check...
        await (await supervisor.GetAsync("/api/agent")).ExpectAsync(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromSeconds(9.9));
        await (await supervisor.GetAsync("/api/agent")).ExpectAsync(HttpStatusCode.OK);
        // ...and refused from then on.
        clock.Advance(TimeSpan.FromSeconds(0.1));
        await (await supervisor.GetAsync("/api/agent")).ExpectAsync(HttpStatusCode.Unauthorized);
    }
}
