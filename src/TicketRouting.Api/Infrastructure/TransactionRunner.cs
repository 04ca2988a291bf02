using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Data;

namespace TicketRouting.Api.Infrastructure;

/// <summary>
/// Runs a unit of work in one database transaction and retries it, a bounded number of times, when it
/// conflicts with concurrent work (busy SQLite file, PostgreSQL serialization failure or deadlock, a unique
/// key raced by another request). Each try starts from a clean change tracker, so nothing is half-written.
/// </summary>
public sealed class TransactionRunner(TicketsDbContext db, ILogger<TransactionRunner> logger)
{
    public const int MaxAttempts = 4;

    // SQLite has one writer per file. Its driver waits for a busy file by sleeping 150 ms per retry on a pool
    // thread, so under load writers queue here instead, asynchronously and in order. The database's own lock
    // (BEGIN IMMEDIATE) still guards the data; this only shapes the waiting. Servers need no such gate.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> SqliteWriters = new();

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Sqlite)
        {
            return await RunWithRetriesAsync(work, ct);
        }

        var gate = SqliteWriters.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            return await RunWithRetriesAsync(work, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<T> RunWithRetriesAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Disposing an uncommitted transaction rolls it back; starting one can itself meet a busy database.
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var result = await work(ct);
                await transaction.CommitAsync(ct);
                return result;
            }
            catch (Exception ex) when (IsConflict(ex))
            {
                db.ChangeTracker.Clear();
                if (attempt >= MaxAttempts)
                {
                    throw new ConcurrencyExhaustedException(ex);
                }

                logger.LogInformation("Transaction conflict (attempt {Attempt}): {Message}", attempt, ex.GetBaseException().Message);
                await Task.Delay(Random.Shared.Next(5, 25 * attempt), ct);
            }
        }
    }

    private static bool IsConflict(Exception ex) => ex switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: DbException inner } => IsConflict(inner) || IsUniqueViolation(inner),
        SqliteException sqlite => sqlite.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED,
        DbException db => db.IsTransient || db.SqlState is "40001" or "40P01",
        InvalidOperationException { InnerException: { } inner } => IsConflict(inner),
        _ => false,
    };

    // A unique key another request inserted first (e.g. the same new customer): a retry reads it.
    private static bool IsUniqueViolation(DbException ex) =>
        ex.SqlState == "23505"
        || ex.Message.Contains("UNIQUE constraint failed", StringComparison.Ordinal)
        || ex.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase);
}
