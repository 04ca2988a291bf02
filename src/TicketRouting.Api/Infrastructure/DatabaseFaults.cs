using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace TicketRouting.Api.Infrastructure;

/// <summary>The database could not serve the request in time (busy, locked, read-only, unreachable): 503 + Retry-After.</summary>
public sealed class DatabaseUnavailableException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>
/// Which database failures mean "the database is unavailable right now" (a 503 the client may retry) rather
/// than a bug (a 500). Shared by the transaction runner, the exception handler and the readiness check.
/// </summary>
public static class DatabaseFaults
{
    private static readonly HashSet<int> SqliteUnavailable =
    [
        SQLitePCL.raw.SQLITE_BUSY, SQLitePCL.raw.SQLITE_LOCKED, SQLitePCL.raw.SQLITE_READONLY, SQLitePCL.raw.SQLITE_IOERR,
        SQLitePCL.raw.SQLITE_CANTOPEN, SQLitePCL.raw.SQLITE_FULL, SQLitePCL.raw.SQLITE_PERM, SQLitePCL.raw.SQLITE_PROTOCOL,
    ];

    // PostgreSQL: read-only transaction, shutting down / starting up, too many connections, connection failures.
    private static readonly HashSet<string> PostgresUnavailable = ["25006", "57P01", "57P02", "57P03", "53300", "08000", "08003", "08006", "08001"];

    /// <summary>True if <paramref name="exception"/> (or an inner one) says the database is unavailable.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case DatabaseUnavailableException or ConcurrencyExhaustedException:
                    return true;
                case SqliteException sqlite when SqliteUnavailable.Contains(sqlite.SqliteErrorCode):
                    return true;
                case DbException db when db.SqlState is { } state && PostgresUnavailable.Contains(state):
                    return true;
                case DbException { IsTransient: true }:
                    return true;
                case TimeoutException or System.Net.Sockets.SocketException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// After a read-only or I/O error SQLite's pooled connections stay in that state even once the file is
    /// writable again: drop them, so the next request opens fresh ones and the service recovers without a restart.
    /// True if the pools were dropped (a retry on a fresh connection may now succeed).
    /// </summary>
    public static bool Recover(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is SqliteException { SqliteErrorCode: not (SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED) } sqlite
                && SqliteUnavailable.Contains(sqlite.SqliteErrorCode))
            {
                SqliteConnection.ClearAllPools();
                return true;
            }
        }

        return false;
    }

    public static bool IsBusy(Exception ex) => ex switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED,
        DbUpdateException { InnerException: { } inner } => IsBusy(inner),
        InvalidOperationException { InnerException: { } inner } => IsBusy(inner),
        _ => false,
    };
}
