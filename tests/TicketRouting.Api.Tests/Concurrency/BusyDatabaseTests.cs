using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Concurrency;

public sealed class BusyDatabaseTests
{
    [Fact]
    public async Task Submit_DatabaseLockedByAnotherWriter_Returns503WithRetryAfterAndWritesNothing()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        // A one-second busy timeout, so that the bounded retries run out quickly.
        var impatient = new SqliteConnectionStringBuilder(database.ConnectionString) { DefaultTimeout = 1 }.ConnectionString;
        await using var app = await TicketRoutingApp.StartAsync(new() { ["ConnectionStrings:Tickets"] = impatient }, database);
        var portal = await app.ClientForAsync(DevUsers.Portal);
        var before = await app.WithDbAsync(db => Task.FromResult(db.Tickets.Count()));

        // Another process (a backup, a migration) holds the write lock for the whole request.
        await using (var other = new SqliteConnection(database.ConnectionString))
        {
            await other.OpenAsync();
            await using var hold = other.BeginTransaction(deferred: false);

            var response = await portal.PostAsJsonAsync("/api/ticket", new { subject = "Facture", description = "facture fausse" });

            await response.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.True(response.Headers.RetryAfter is not null);
        }

        Assert.Equal(before, await app.WithDbAsync(db => Task.FromResult(db.Tickets.Count())));
        Assert.Equal(0, await app.WithDbAsync(db => Task.FromResult(db.TicketEvents.Count())));
        await portal.SubmitAsync("Facture", "facture fausse"); // and it works again once the lock is gone
    }
}
