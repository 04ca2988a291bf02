using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Auth;

public sealed class StartupAndRateLimitTests
{
    [Fact]
    public async Task TokenEndpoint_OverTheLimit_Returns429WithRetryAfter()
    {
        await using var app = await TicketRoutingApp.StartAsync(new() { ["Auth:TokenRequestsPerMinute"] = "3" });
        var client = app.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            await (await client.PostAsJsonAsync("/api/token", new { username = "admin", password = "wrong" })).ExpectAsync(HttpStatusCode.Unauthorized);
        }

        var limited = await client.PostAsJsonAsync("/api/token", new { username = "admin", password = DevUsers.Admin.Password });
        await limited.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) > 0);
    }

    [Fact]
    public async Task Production_WithoutSigningKey_RefusesToStartWithClearMessage()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:Tickets", database.ConnectionString);
            b.UseSetting("DataDirectory", Path.GetTempPath());
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("Jwt:SigningKey is not configured", error.GetBaseException().Message);
    }

    [Fact]
    public async Task Production_WithShortSigningKey_RefusesToStart()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:Tickets", database.ConnectionString);
            b.UseSetting("Jwt:SigningKey", "too-short");
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("at least 256 bits", error.GetBaseException().Message);
    }

    [Fact]
    public async Task Production_OnDatabaseWithDevelopmentUsers_RefusesToStart()
    {
        await using var database = await TestDatabase.CreateSqliteAsync(); // the template holds the development users
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:Tickets", database.ConnectionString);
            b.UseSetting("Jwt:SigningKey", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)));
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("still has its public password", error.GetBaseException().Message);
    }

    [Fact]
    public async Task Production_WithKey_CreatesOnlyTheConfiguredAdmin_NoDevelopmentUsers()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using (var setup = await TicketRoutingApp.StartAsync(database: database))
        {
            // The template carries the development users; a production database starts without them.
            await setup.WithDbAsync(async db => { db.Users.RemoveRange(db.Users); return await db.SaveChangesAsync(); });
        }

        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:Tickets", database.ConnectionString);
            b.UseSetting("Jwt:SigningKey", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)));
            b.UseSetting("Auth:BootstrapAdminUsername", "root");
            b.UseSetting("Auth:BootstrapAdminPassword", "a-long-configured-secret");
        });
        var client = factory.CreateClient();

        await (await client.PostAsJsonAsync("/api/token", new { username = "root", password = "a-long-configured-secret" })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync("/api/token", new { DevUsers.Admin.Username, DevUsers.Admin.Password })).ExpectAsync(HttpStatusCode.Unauthorized);
    }
}
