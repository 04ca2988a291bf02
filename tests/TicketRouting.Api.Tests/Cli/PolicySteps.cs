using System.Net;
using System.Net.Http.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Cli;

/// <summary>Routing-policy set-ups the CLI's write tests share.</summary>
internal static class PolicySteps
{
    /// <summary>
    /// Billing's five agents out of reach by the policies alone (available, room to spare): 1-4 absent for two days,
    /// 5 on shift only on a day three days from now.
    /// </summary>
    public static async Task PutBillingOutOfReachAsync(HttpClient supervisor)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var agent in new[] { 1, 2, 3, 4 })
        {
            await (await supervisor.PostAsJsonAsync($"/api/agent/{agent}/absences", new { from = now.AddHours(-1), to = now.AddDays(2) }))
                .ExpectAsync(HttpStatusCode.Created);
        }

        var notToday = now.AddDays(3).DayOfWeek.ToString();
        await (await supervisor.PutAsJsonAsync("/api/agent/5/schedule",
            new { timeZone = "UTC", shifts = new[] { new { day = notToday, from = "09:00", to = "17:00" } } })).ExpectAsync(HttpStatusCode.OK);
    }
}
