using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Data;

namespace TicketRouting.Api.Tests.Data;

public sealed class SqliteDurabilityTests
{
    [Theory]
    [InlineData(null, 1)] // default: NORMAL (1) with WAL
    [InlineData("Full", 2)]
    public async Task ServiceConnections_UseTheConfiguredSynchronousLevel(string? setting, long expected)
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await TicketRoutingApp.StartAsync(
            setting is null ? [] : new() { ["Database:SqliteSynchronous"] = setting }, database);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TicketsDbContext>();

        var level = await db.Database.SqlQueryRaw<long>("SELECT synchronous AS Value FROM pragma_synchronous").SingleAsync();
        var journal = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();

        Assert.Equal((expected, "wal"), (level, journal));
    }
}
