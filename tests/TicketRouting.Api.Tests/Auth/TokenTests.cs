using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Auth;

public sealed class TokenTests : IAsyncLifetime
{
    private TicketRoutingApp _app = null!;

    // No grace window here: a replay right after the spend is what these tests are about (see RefreshRaceTests).
    public async Task InitializeAsync() => _app = await TicketRoutingApp.StartAsync(
        new() { ["Auth:TokenRequestsPerMinute"] = "1000", ["Jwt:RefreshReuseGraceSeconds"] = "0" });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpResponseMessage> LoginAsync(string username, string password) =>
        await _app.CreateClient().PostAsJsonAsync("/api/token", new { username, password });

    private async Task<TokenPair> TokensAsync((string Username, string Password) user)
    {
        var response = await LoginAsync(user.Username, user.Password);
        await response.ExpectAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<TokenPair>())!;
    }

    private HttpClient Bearer(string token)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task Login_ValidCredentials_ReturnsBearerPairCarryingUserAndRole()
    {
        var tokens = await TokensAsync(("SUPERVISOR", DevUsers.Supervisor.Password)); // usernames are case-insensitive

        Assert.Equal("Bearer", tokens.TokenType);
        Assert.Equal(15 * 60, tokens.ExpiresIn);
        var jwt = new JsonWebToken(tokens.AccessToken);
        Assert.Equal("supervisor", jwt.GetClaim("role").Value);
        Assert.Equal("supervisor", jwt.GetClaim("name").Value);
        Assert.True(jwt.ValidTo > DateTime.UtcNow.AddMinutes(14));
        Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));
        var stored = await _app.WithDbAsync(db => Task.FromResult(db.RefreshTokens.Select(t => t.TokenHash).ToList()));
        Assert.DoesNotContain(tokens.RefreshToken, stored);
    }

    [Fact]
    public async Task Login_UnknownUserAndWrongPassword_GiveTheSame401()
    {
        var unknown = await LoginAsync("nobody", "whatever-password");
        var wrong = await LoginAsync("admin", "wrong-password");

        var a = await unknown.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var b = await wrong.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Login_FiveFailures_LocksAccountEvenForRightPassword_UntilLockoutEnds()
    {
        for (var i = 0; i < 5; i++)
        {
            await (await LoginAsync("admin", "wrong-password")).ExpectAsync(HttpStatusCode.Unauthorized);
        }

        await (await LoginAsync("admin", DevUsers.Admin.Password)).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        await _app.WithDbAsync(async db =>
        {
            var admin = db.Users.Single(u => u.Username == "admin");
            Assert.True(admin.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(4));
            admin.LockoutEnd = DateTimeOffset.UtcNow.AddSeconds(-1); // five minutes later
            return await db.SaveChangesAsync();
        });
        await (await LoginAsync("admin", DevUsers.Admin.Password)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Refresh_RotatesAndSpentTokenReplayRevokesTheWholeFamily()
    {
        var first = await TokensAsync(DevUsers.Supervisor);
        var client = _app.CreateClient();

        var second = await client.PostAsJsonAsync("/api/token/refresh", new { refreshToken = first.RefreshToken });
        await second.ExpectAsync(HttpStatusCode.OK);
        var rotated = (await second.Content.ReadFromJsonAsync<TokenPair>())!;
        Assert.NotEqual(first.RefreshToken, rotated.RefreshToken);
        await (await Bearer(rotated.AccessToken).GetAsync("/api/agent")).ExpectAsync(HttpStatusCode.OK);

        // Replay of the spent token: refused, and the newer token of the same login dies with it.
        await (await client.PostAsJsonAsync("/api/token/refresh", new { refreshToken = first.RefreshToken }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PostAsJsonAsync("/api/token/refresh", new { refreshToken = rotated.RefreshToken }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Revoke_LogsOut_RefreshNoLongerWorks()
    {
        var tokens = await TokensAsync(DevUsers.Portal);
        var client = _app.CreateClient();

        await (await client.PostAsJsonAsync("/api/token/revoke", new { refreshToken = tokens.RefreshToken })).ExpectAsync(HttpStatusCode.NoContent);

        await (await client.PostAsJsonAsync("/api/token/refresh", new { refreshToken = tokens.RefreshToken }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Refresh_UnknownToken_Returns401()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/token/refresh", new { refreshToken = "made-up" });

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    public static TheoryData<string> BadTokens() => ["expired", "tampered", "alg-none", "other-key", "wrong-issuer", "wrong-audience", "garbage"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Request_WithBadToken_Returns401(string kind)
    {
        var good = (await TokensAsync(DevUsers.Supervisor)).AccessToken;
        var token = kind switch
        {
            "expired" => Forge(_app.SigningKey, expires: DateTime.UtcNow.AddMinutes(-5)),
            "tampered" => Tamper(good),
            "alg-none" => AlgNone(good),
            "other-key" => Forge(Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))),
            "wrong-issuer" => Forge(_app.SigningKey, issuer: "someone-else"),
            "wrong-audience" => Forge(_app.SigningKey, audience: "another-api"),
            _ => "not.a.jwt",
        };

        var response = await Bearer(token).GetAsync("/api/agent");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Request_WithForgedButValidlySignedToken_IsAccepted_ProvingTheNegativeCasesAreMeaningful()
    {
        var supervisorId = await _app.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Username == "supervisor")));
        var token = Forge(_app.SigningKey, userId: supervisorId.Id, stamp: supervisorId.SecurityStamp);

        await (await Bearer(token).GetAsync("/api/agent")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Request_WithoutToken_Returns401Problem()
    {
        var response = await _app.CreateClient().GetAsync("/api/ticket");

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static string Forge(
        string key, DateTime? expires = null, string issuer = "ticketrouting", string audience = "ticketrouting-api",
        int userId = 3, string stamp = "x")
    {
        var bytes = Convert.FromBase64String(key);
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["name"] = "supervisor", ["role"] = "supervisor", ["sst"] = stamp },
            IssuedAt = (expires ?? now).AddMinutes(-20),
            NotBefore = (expires ?? now).AddMinutes(-20),
            Expires = expires ?? now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(bytes), SecurityAlgorithms.HmacSha256),
        });
    }

    private static string Tamper(string jwt)
    {
        var parts = jwt.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"supervisor\"", "\"admin\"");
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }

    private static string AlgNone(string jwt)
    {
        var parts = jwt.Split('.');
        return $"{Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{parts[1]}.";
    }
}
