using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TicketRouting.Data;

public static class MigrationScripts
{
    /// <summary>
    /// The SQL script that brings a database of <paramref name="db"/>'s provider from any migration to the latest:
    /// each migration is guarded by a check on the migrations history table, so it can be run again safely.
    /// No connection is opened; a DBA can review and run it by hand.
    /// </summary>
    public static string Idempotent(TicketsDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
    }
}
