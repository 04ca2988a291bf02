using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Tickets;

/// <summary>GET /api/stats?days=N: only the tickets created in the last N days (the console's 7/30/90-day filter).</summary>
public sealed class StatsPeriodTests : IntegrationTest
{
    [Fact]
    public async Task Stats_WithDays_CountsOnlyTicketsCreatedInThePeriod_AndRefusesABadPeriod()
    {
        var old = await Portal.SubmitAsync("Facture ancienne", "prélevé deux fois");
        var middle = await Portal.SubmitAsync("Colis jamais livré", "ma commande n'est jamais arrivée");
        await Portal.SubmitAsync("Facture récente", "prélevé deux fois");
        var now = DateTimeOffset.UtcNow;
        await App.WithDbAsync(db => db.Tickets.Where(t => t.Id == old.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.CreatedAt, now.AddDays(-100))));
        await App.WithDbAsync(db => db.Tickets.Where(t => t.Id == middle.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.CreatedAt, now.AddDays(-20))));

        async Task<int> TotalAsync(string query) => (await Supervisor.GetJsonAsync<JsonElement>($"/api/stats{query}")).GetProperty("total").GetInt32();
        Assert.Equal(3, await TotalAsync(""));
        Assert.Equal(3, await TotalAsync("?days=365"));
        Assert.Equal(2, await TotalAsync("?days=30"));
        Assert.Equal(1, await TotalAsync("?days=7"));
        var week = await Supervisor.GetJsonAsync<JsonElement>("/api/stats?days=7");
        Assert.Equal(1, week.GetProperty("byDepartment").GetProperty("billing").GetInt32());
        Assert.Equal(0, week.GetProperty("byDepartment").GetProperty("orders").GetInt32());
        Assert.True(week.GetProperty("since").GetDateTimeOffset() < now.AddDays(-6));
        Assert.Equal(JsonValueKind.Null, (await Supervisor.GetJsonAsync<JsonElement>("/api/stats")).GetProperty("since").ValueKind);

        foreach (var bad in new[] { "0", "-7", "3651", "abc", "99999999999" })
        {
            await (await Supervisor.GetAsync($"/api/stats?days={bad}")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        }

        await (await Portal.GetAsync("/api/stats?days=7")).ExpectAsync(HttpStatusCode.Forbidden);
    }
}
