using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Auth;

public sealed class UserAdministrationTests : IAsyncLifetime
{
    private TicketRoutingApp _app = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _app = await TicketRoutingApp.StartAsync(new() { ["Auth:TokenRequestsPerMinute"] = "1000" });
        _admin = await _app.ClientForAsync(DevUsers.Admin);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<int> CreateAsync(object body)
    {
        var response = await _admin.PostAsJsonAsync("/api/user", body);
        await response.ExpectAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task CreateUser_HashesPasswordWithIdentityHasher_AndLinksAgent()
    {
        var id = await CreateAsync(new { username = "Lucas.Petit", password = "lucas-password-123", role = "agent", agentId = 2 });

        var user = await _app.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Id == id)));
        Assert.DoesNotContain("lucas-password-123", user.PasswordHash);
        Assert.StartsWith("AQAAAA", user.PasswordHash); // Identity V3 format marker
        var lucas = await _app.ClientForAsync(("lucas.petit", "lucas-password-123"));
        var ticket = await (await _app.ClientForAsync(DevUsers.Portal)).SubmitAsync("Facture", "facture");
        await (await _admin.PostAsJsonAsync($"/api/ticket/{ticket.Id}/reassign", new { agentId = 2, reason = "for Lucas" })).ExpectAsync(HttpStatusCode.OK);
        await (await lucas.PatchJsonAsync($"/api/ticket/{ticket.Id}", new { status = "in_progress" })).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("""{"username":"x","password":"long-enough-password","role":"agent"}""", "username")]
    [InlineData("""{"username":"newuser","password":"short","role":"agent"}""", "password")]
    [InlineData("""{"username":"newuser","password":"long-enough-password","role":"god"}""", "role")]
    [InlineData("""{"username":"newuser","password":"long-enough-password","role":"portal","agentId":1}""", "agentId")]
    public async Task CreateUser_Invalid_Returns400(string json, string field)
    {
        var response = await _admin.PostAsync("/api/user", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task CreateUser_TakenUsernameOrLinkedAgent_Returns409()
    {
        await (await _admin.PostAsJsonAsync("/api/user", new { username = "ADMIN", password = "long-enough-password", role = "admin" }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await _admin.PostAsJsonAsync("/api/user", new { username = "camille2", password = "long-enough-password", role = "agent", agentId = 1 }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task DeactivateUser_CutsOffAccessAndRefreshAtOnce()
    {
        var id = await CreateAsync(new { username = "temp.sup", password = "temporary-password", role = "supervisor" });
        var client = _app.CreateClient();
        var login = await client.PostAsJsonAsync("/api/token", new { username = "temp.sup", password = "temporary-password" });
        var tokens = (await login.Content.ReadFromJsonAsync<TokenPair>())!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        await (await client.GetAsync("/api/agent")).ExpectAsync(HttpStatusCode.OK);

        await (await _admin.PatchJsonAsync($"/api/user/{id}", new { active = false })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/agent")).StatusCode);
        await (await _app.CreateClient().PostAsJsonAsync("/api/token/refresh", new { refreshToken = tokens.RefreshToken }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await _app.CreateClient().PostAsJsonAsync("/api/token", new { username = "temp.sup", password = "temporary-password" }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ChangeRole_OldTokenStopsWorking_NewLoginHasNewRole()
    {
        var id = await CreateAsync(new { username = "promoted", password = "promotion-password", role = "agent" });
        var before = await _app.ClientForAsync(("promoted", "promotion-password"));
        await (await before.PostAsJsonAsync("/api/classifier/predict", new { subject = "x" })).ExpectAsync(HttpStatusCode.Forbidden);

        await (await _admin.PatchJsonAsync($"/api/user/{id}", new { role = "supervisor" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Unauthorized, (await before.GetAsync("/api/agent")).StatusCode);
        var after = await _app.ClientForAsync(("promoted", "promotion-password"));
        await (await after.PostAsJsonAsync("/api/classifier/predict", new { subject = "facture" })).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RelinkAgent_OldTokenStopsActingAsTheFormerAgent()
    {
        var id = await CreateAsync(new { username = "agentx", password = "agent-x-password", role = "agent", agentId = 2 });
        var before = await _app.ClientForAsync(("agentx", "agent-x-password"));
        var ticket = await (await _app.ClientForAsync(DevUsers.Portal)).SubmitAsync("Facture", "facture");
        await (await _admin.PostAsJsonAsync($"/api/ticket/{ticket.Id}/reassign", new { agentId = 2, reason = "for agent 2" })).ExpectAsync(HttpStatusCode.OK);

        await (await _admin.PatchJsonAsync($"/api/user/{id}", new { agentId = 3 })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Unauthorized, (await before.PatchJsonAsync($"/api/ticket/{ticket.Id}", new { status = "in_progress" })).StatusCode);
        var after = await _app.ClientForAsync(("agentx", "agent-x-password"));
        await (await after.PatchJsonAsync($"/api/ticket/{ticket.Id}", new { status = "in_progress" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var agents = await _app.WithDbAsync(db => Task.FromResult(db.Agents.Where(a => a.UserId == id).Select(a => a.Id).ToList()));
        Assert.Equal([3], agents);
    }

    [Fact]
    public async Task ResetPassword_OldPasswordFails_NewWorks()
    {
        var id = await CreateAsync(new { username = "forgetful", password = "first-password-1", role = "agent" });

        await (await _admin.PostAsJsonAsync($"/api/user/{id}/password", new { password = "second-password-2" })).ExpectAsync(HttpStatusCode.NoContent);

        await (await _app.CreateClient().PostAsJsonAsync("/api/token", new { username = "forgetful", password = "first-password-1" }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await _app.ClientForAsync(("forgetful", "second-password-2"));
        await (await _admin.PostAsJsonAsync("/api/user/999/password", new { password = "second-password-2" })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
