using System.Net;
using System.Text.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Service;

public sealed class ServiceEndpointsTests : IAsyncLifetime
{
    private TicketRoutingApp _app = null!;

    public async Task InitializeAsync() => _app = await TicketRoutingApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Welcome_Anonymous_GivesNameVersionAndLinks()
    {
        var welcome = await _app.CreateClient().GetJsonAsync<JsonElement>("/api");

        Assert.Equal("TicketRouting", welcome.GetProperty("name").GetString());
        Assert.Equal("/swagger", welcome.GetProperty("links").GetProperty("docs").GetString());
        Assert.Equal("/api/ticket", welcome.GetProperty("links").GetProperty("tickets").GetString());
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_Anonymous_IsHealthy(string url)
    {
        var response = await _app.CreateClient().GetAsync(url);

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_DocumentsEveryEndpointWithBearerSecurity()
    {
        var document = await _app.CreateClient().GetJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/token", "/api/token/refresh", "/api/ticket", "/api/ticket/{id}", "/api/ticket/{id}/reassign",
                     "/api/ticket/{id}/history", "/api/agent", "/api/agent/{id}", "/api/department", "/api/classifier/predict", "/api/stats" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not documented");
        }

        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
        var create = paths.GetProperty("/api/ticket").GetProperty("post");
        Assert.True(create.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(create.GetProperty("responses").TryGetProperty("400", out _));
        var swaggerUi = await _app.CreateClient().GetAsync("/swagger/index.html");
        await swaggerUi.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        var client = await _app.ClientForAsync(DevUsers.Supervisor);

        var response = await client.GetAsync("/api/nothing-here");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Restart_OnSeededDatabase_AddsNothingTwice()
    {
        var counts = await _app.WithDbAsync(db => Task.FromResult((db.Departments.Count(), db.Agents.Count(), db.Users.Count(), db.KeywordRules.Count())));

        await using var restarted = await TicketRoutingApp.StartAsync(database: _app.Database);

        var again = await restarted.WithDbAsync(db => Task.FromResult((db.Departments.Count(), db.Agents.Count(), db.Users.Count(), db.KeywordRules.Count())));
        Assert.Equal(counts, again);
        Assert.Equal(7, counts.Item1);
        Assert.True(counts.Item2 >= 28);
    }
}
