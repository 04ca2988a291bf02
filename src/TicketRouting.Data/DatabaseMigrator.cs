using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace TicketRouting.Data;

public static class DatabaseMigrator
{
    /// <summary>Applies pending migrations; on SQLite also turns on WAL so readers never block the writer.</summary>
    public static async Task MigrateAsync(TicketsDbContext db, CancellationToken cancellationToken = default)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Provider == DatabaseProvider.Sqlite && db.Database.GetDbConnection() is SqliteConnection)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
