using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tests.Auth;

/// <summary>Findings 3, 5, 6 and 9 of issue 11: admins, lockout, enumeration, refresh races.</summary>
public sealed class AccountSafetyTests : IAsyncLifetime
{
    private TicketRoutingApp _app = null!;

    public async Task InitializeAsync() => _app = await TicketRoutingApp.StartAsync(new() { ["Auth:TokenRequestsPerMinute"] = "1000" });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<HttpResponseMessage> LoginAsync(string username, string password) =>
        _app.CreateClient().PostAsJsonAsync("/api/token", new { username, password });

    private Task<int> AdminIdAsync() => _app.WithDbAsync(db => db.Users.Where(u => u.Username == "admin").Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task UpdateUser_LastActiveAdminDeactivatedOrDemoted_Returns409_UntilAnotherAdminExists()
    {
        var admin = await _app.ClientForAsync(DevUsers.Admin);
        var id = await AdminIdAsync();

        var problem = await (await admin.PatchJsonAsync($"/api/user/{id}", new { active = false })).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("last active admin", problem.GetProperty("detail").GetString());
        await (await admin.PatchJsonAsync($"/api/user/{id}", new { role = "supervisor" })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await LoginAsync(DevUsers.Admin.Username, DevUsers.Admin.Password)).ExpectAsync(HttpStatusCode.OK);

        await (await admin.PostAsJsonAsync("/api/user", new { username = "second.admin", password = "second-admin-password", role = "admin" }))
            .ExpectAsync(HttpStatusCode.Created);
        await (await admin.PatchJsonAsync($"/api/user/{id}", new { active = false })).ExpectAsync(HttpStatusCode.OK);
        await (await LoginAsync("second.admin", "second-admin-password")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Startup_OnlyInactiveAdmins_CreatesTheConfiguredBootstrapAdmin()
    {
        await _app.WithDbAsync(db => db.Users.Where(u => u.Role == "admin").ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));

        await using var restarted = await TicketRoutingApp.StartAsync(new()
        {
            ["Auth:BootstrapAdminUsername"] = "root",
            ["Auth:BootstrapAdminPassword"] = "a-long-configured-secret",
        }, _app.Database);

        var root = await restarted.ClientForAsync(("root", "a-long-configured-secret"));
        await (await root.GetAsync("/api/user")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Startup_BootstrapUsernameIsTheInactiveAdmin_ReactivatesItWithTheConfiguredPassword()
    {
        await _app.WithDbAsync(db => db.Users.Where(u => u.Role == "admin").ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));

        await using var restarted = await TicketRoutingApp.StartAsync(new()
        {
            ["Auth:BootstrapAdminUsername"] = "admin",
            ["Auth:BootstrapAdminPassword"] = "a-long-configured-secret",
        }, _app.Database);

        await restarted.ClientForAsync(("admin", "a-long-configured-secret"));
        await (await restarted.CreateClient().PostAsJsonAsync("/api/token", new { DevUsers.Admin.Username, DevUsers.Admin.Password }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_ManyWrongGuessesAtOnce_LockTheAccountBeforeTheRightPassword()
    {
        var guesses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => LoginAsync("admin", $"wrong-guess-{i}")));

        Assert.All(guesses, g => Assert.Equal(HttpStatusCode.Unauthorized, g.StatusCode));
        await (await LoginAsync("admin", DevUsers.Admin.Password)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var failures = await _app.WithDbAsync(db => db.Users.Where(u => u.Username == "admin").Select(u => new { u.LockoutEnd }).SingleAsync());
        Assert.True(failures.LockoutEnd > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Login_UnknownUserAndWrongPassword_RunTheSameDatabaseStatements()
    {
        var commands = new CommandRecorder();
        await using var app = _app.WithWebHostBuilder(b => b.ConfigureTestServices(services => services
            .ConfigureDbContext<SqliteTicketsDbContext>(o => o.AddInterceptors(commands))
            .ConfigureDbContext<PostgresTicketsDbContext>(o => o.AddInterceptors(commands))));
        var client = app.CreateClient();
        commands.Take(); // start-up's own statements

        await (await client.PostAsJsonAsync("/api/token", new { username = "nobody-here", password = "wrong-password" }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var unknown = commands.Take();
        await (await client.PostAsJsonAsync("/api/token", new { username = "supervisor", password = "wrong-password" }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var known = commands.Take();

        Assert.NotEmpty(unknown);
        Assert.Equal(unknown, known);
        Assert.Contains(known, c => c.StartsWith("UPDATE", StringComparison.Ordinal)); // the attempt is counted
    }

    [Fact]
    public async Task Login_UnknownUserAndWrongPassword_VerifyAHashOfTheSameCost()
    {
        var hasher = new RecordingHasher();
        await using var app = _app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<User>>(hasher)));
        var client = app.CreateClient();

        await (await client.PostAsJsonAsync("/api/token", new { username = "nobody-here", password = "wrong-password" }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var unknown = hasher.Take();
        await (await client.PostAsJsonAsync("/api/token", new { username = "supervisor", password = "wrong-password" }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var known = hasher.Take();

        // One PBKDF2 verification each, with the same format, PRF, iteration count and salt size: the same work.
        Assert.Equal(RecordingHasher.Cost(Assert.Single(known)), RecordingHasher.Cost(Assert.Single(unknown)));
    }

    [Fact]
    public async Task Refresh_SameTokenFiveTimesAtOnce_OneWinsAndItsNewTokenStillWorks()
    {
        for (var trial = 0; trial < 3; trial++)
        {
            var login = await (await LoginAsync(DevUsers.Supervisor.Username, DevUsers.Supervisor.Password)).Content.ReadFromJsonAsync<TokenPair>();

            var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
                _app.CreateClient().PostAsJsonAsync("/api/token/refresh", new { refreshToken = login!.RefreshToken })));

            var winners = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
            Assert.Single(winners);
            Assert.All(responses.Except(winners), r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
            var pair = await winners[0].Content.ReadFromJsonAsync<TokenPair>();
            await (await _app.CreateClient().PostAsJsonAsync("/api/token/refresh", new { refreshToken = pair!.RefreshToken }))
                .ExpectAsync(HttpStatusCode.OK);
        }
    }

    /// <summary>The hashes verified, through ASP.NET Core Identity's own hasher.</summary>
    private sealed class RecordingHasher : IPasswordHasher<User>
    {
        private readonly PasswordHasher<User> _inner = new();
        private readonly List<string> _verified = [];

        /// <summary>Identity's V3 header: format marker, PRF, iteration count, salt length (13 bytes).</summary>
        public static string Cost(string hash) => Convert.ToHexString(Convert.FromBase64String(hash).AsSpan(0, 13));

        public List<string> Take()
        {
            lock (_verified)
            {
                var taken = _verified.ToList();
                _verified.Clear();
                return taken;
            }
        }

        public string HashPassword(User user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
        {
            lock (_verified)
            {
                _verified.Add(hashedPassword);
            }

            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    /// <summary>The shape of every SQL statement run (parameters aside), to compare two requests' database work.</summary>
    private sealed class CommandRecorder : DbCommandInterceptor
    {
        private readonly List<string> _commands = [];

        public List<string> Take()
        {
            lock (_commands)
            {
                var taken = _commands.Select(c => c.Split(' ', 2)[0] + " " + c.Length).ToList();
                _commands.Clear();
                return taken;
            }
        }

        public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
        {
            if (!InsideAnHttpRequest())
            {
                return result; // background services (outbox worker, refresh, metrics) query on their own schedule
            }

            lock (_commands)
            {
                _commands.Add(result.CommandText.TrimStart());
            }

            return result;
        }

        private static bool InsideAnHttpRequest()
        {
            for (var activity = System.Diagnostics.Activity.Current; activity is not null; activity = activity.Parent)
            {
                if (activity.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn")
                {
                    return true;
                }
            }

            return false;
        }
    }
}
