using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Api.Tickets;
using TicketRouting.Data;

namespace TicketRouting.Api.Tests.Tickets;

/// <summary>
/// The intake snapshot counts each agent's open tickets from the partial index of open tickets alone (migration
/// OpenTicketsPerAgentIndex): SQLite uses a partial index only when the query's predicate matches the index's filter,
/// so a change to either (the filter's text, the status number, the columns) would silently fall back to walking every
/// ticket the agent ever had. SQLite's plan is checked; PostgreSQL plans by statistics, so there it is not asserted.
/// </summary>
public sealed class OpenTicketCountPlanTests : IntegrationTest
{
    [Fact]
    public async Task SnapshotCount_ReadsOnlyTheOpenTicketsIndex()
    {
        var plan = await App.WithDbAsync(async db =>
        {
            if (db.Provider != DatabaseProvider.Sqlite)
            {
                return null;
            }

            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"EXPLAIN QUERY PLAN {IntakeSql.For(db).Candidates}(1, 2)";
            var details = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                details.Add(reader.GetString(3));
            }

            return string.Join('\n', details);
        });

        if (plan is not null)
        {
            Assert.Contains("USING COVERING INDEX IX_Tickets_AssigneeId_Open", plan);
        }
    }
}
