using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Data;

namespace TicketRouting.Api.Tests.Concurrency;

/// <summary>Findings 1, 2 and 10 (shutdown) of issue 11: a locked or read-only SQLite file.</summary>
public sealed class DatabaseFaultTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(8); // Database:WaitSeconds = 2, plus slack for a busy machine

    [Fact]
    public async Task LockedByAnotherProcess_EveryWriteAnswers503Quickly_LivenessStaysFast_ReadinessFails_ThenRecovers()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await TicketRoutingApp.StartAsync(new() { ["Database:WaitSeconds"] = "2", ["Auth:TokenRequestsPerMinute"] = "1000" }, database);
        var portal = await app.ClientForAsync(DevUsers.Portal);
        var refresh = (await (await app.CreateClient().PostAsJsonAsync("/api/token", new { DevUsers.Supervisor.Username, DevUsers.Supervisor.Password }))
            .Content.ReadFromJsonAsync<TokenPair>())!.RefreshToken;
        var anonymous = app.CreateClient();

        await using (var other = new SqliteConnection(app.Database.ConnectionString))
        {
            await other.OpenAsync();
            await using var hold = other.BeginTransaction(deferred: false); // a backup, a migration, another process

            // Sixteen logins wait at once; liveness must not queue behind them.
            var clock = Stopwatch.StartNew();
            var logins = Enumerable.Range(0, 16)
                .Select(i => anonymous.PostAsJsonAsync("/api/token", new { username = "admin", password = i % 2 == 0 ? DevUsers.Admin.Password : "wrong" }))
                .ToList();
            await Task.Delay(300);
            var live = Stopwatch.StartNew();
            await (await anonymous.GetAsync("/health/live")).ExpectAsync(HttpStatusCode.OK);
            Assert.True(live.Elapsed < TimeSpan.FromSeconds(1), $"liveness took {live.Elapsed}");

            var answers = new List<HttpResponseMessage>(await Task.WhenAll(logins))
            {
                await portal.PostAsJsonAsync("/api/ticket", new { subject = "Facture", description = "facture fausse" }),
                await anonymous.PostAsJsonAsync("/api/token/refresh", new { refreshToken = refresh }),
            };
            foreach (var answer in answers)
            {
                await answer.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
                Assert.NotNull(answer.Headers.RetryAfter);
            }

            Assert.True(clock.Elapsed < Bound * 3, $"the 18 requests took {clock.Elapsed}");
            var ready = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync("/health/ready")).StatusCode);
            Assert.True(ready.Elapsed < Bound, $"readiness took {ready.Elapsed}");
        }

        await (await anonymous.GetAsync("/health/ready")).ExpectAsync(HttpStatusCode.OK);
        await portal.SubmitAsync("Facture", "facture fausse");
        await (await anonymous.PostAsJsonAsync("/api/token/refresh", new { refreshToken = refresh })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, await app.WithDbAsync(db => db.Users.Where(u => u.Username == "admin").Select(u => u.FailedLoginCount).SingleAsync()));
    }

    [Fact]
    public async Task ReadOnlyDatabase_Writes503AndReadsWork_ReadinessFails_RecoversWithoutRestart()
    {
        // Tests may run as root, for whom chmod does not stop writes: the connections are made read-only
        // instead (PRAGMA query_only), which, like a read-only file, sticks to pooled connections.
        var readOnly = new ReadOnlySwitch();
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var host = await TicketRoutingApp.StartAsync(new() { ["Database:WaitSeconds"] = "2" }, database);
        await using var app = host.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.ConfigureDbContext<SqliteTicketsDbContext>(o => o.AddInterceptors(readOnly))));
        var portal = app.CreateClient();
        var token = (await (await portal.PostAsJsonAsync("/api/token", new { DevUsers.Portal.Username, DevUsers.Portal.Password }))
            .Content.ReadFromJsonAsync<TokenPair>())!.AccessToken;
        portal.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var existing = await portal.SubmitAsync("Facture", "facture fausse");
        var before = await host.WithDbAsync(db => db.Tickets.CountAsync());

        readOnly.On = true;
        var write = await portal.PostAsJsonAsync("/api/ticket", new { subject = "Facture", description = "facture fausse" });
        await write.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(write.Headers.RetryAfter);
        await (await portal.GetAsync($"/api/ticket/{existing.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await portal.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(before, await host.WithDbAsync(db => db.Tickets.CountAsync()));
        // A read while the file is read-only leaves a read-only connection in the pool, as a real read-only file does.
        await (await portal.GetAsync($"/api/ticket/{existing.Id}")).ExpectAsync(HttpStatusCode.OK);

        readOnly.On = false; // the file is writable again: no restart, and the first readiness probe already answers ready
        await (await portal.GetAsync("/health/ready")).ExpectAsync(HttpStatusCode.OK);
        await portal.SubmitAsync("Facture", "facture fausse");
    }

    [Fact]
    public async Task Shutdown_WhileWritesWaitForALockedDatabase_TheyEndPromptly()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await TicketRoutingApp.StartAsync(new() { ["Database:WaitSeconds"] = "60" }, database);
        var portal = await app.ClientForAsync(DevUsers.Portal);
        await using var other = new SqliteConnection(app.Database.ConnectionString);
        await other.OpenAsync();
        await using var hold = other.BeginTransaction(deferred: false);
        var waiting = Enumerable.Range(0, 4).Select(_ => portal.PostAsJsonAsync("/api/ticket", new { subject = "Facture", description = "facture" })).ToList();
        await Task.Delay(500);

        var clock = Stopwatch.StartNew();
        app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var answers = await Task.WhenAll(waiting);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"shutdown took {clock.Elapsed}");
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a.StatusCode));
    }

    private sealed class ReadOnlySwitch : DbConnectionInterceptor
    {
        public volatile bool On;

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (On)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA query_only = 1";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (On)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA query_only = 1";
                command.ExecuteNonQuery();
            }
        }
    }
}
