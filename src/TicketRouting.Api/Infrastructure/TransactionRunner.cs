using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Data;

namespace TicketRouting.Api.Infrastructure;

/// <summary>
/// Runs a unit of work in one database transaction and retries it when it conflicts with concurrent work
/// (busy SQLite file, PostgreSQL serialization failure or deadlock, a unique key raced by another request).
/// Each try starts from a clean change tracker, so nothing is half-written. The whole run, the wait in the
/// writer queue included, has one deadline (<c>Database:WaitSeconds</c>) and stops when the host shuts down:
/// past it the request fails fast with <see cref="DatabaseUnavailableException"/> (503 + Retry-After).
/// </summary>
public sealed class TransactionRunner(
    TicketsDbContext db, DatabaseOptions options, IHostApplicationLifetime lifetime, ILogger<TransactionRunner> logger)
{
    // SQLite has one writer per file. Its driver waits for a busy file by sleeping on a pool thread, so writers
    // queue here instead, asynchronously and in order: at most one thread per file ever sleeps in the driver,
    // and a locked file cannot starve the thread pool. The database's own lock still guards the data.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> SqliteWriters = new();

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var wait = TimeSpan.FromSeconds(Math.Max(1, options.WaitSeconds));
        // The deadline bounds the whole run; shutdown also ends the waiting (queue, busy retries), while work
        // that holds its transaction is left to finish.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(wait);
        using var waits = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, lifetime.ApplicationStopping);
        var started = TimeProvider.System.GetTimestamp();
        var commandTimeout = db.Database.GetCommandTimeout();
        try
        {
            if (db.Provider != DatabaseProvider.Sqlite)
            {
                return await RunWithRetriesAsync(work, started, wait, deadline.Token, waits.Token);
            }

            var gate = SqliteWriters.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(waits.Token);
            try
            {
                return await RunWithRetriesAsync(work, started, wait, deadline.Token, waits.Token);
            }
            finally
            {
                gate.Release();
            }
        }
        catch (OperationCanceledException ex) when (waits.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            throw new DatabaseUnavailableException(lifetime.ApplicationStopping.IsCancellationRequested
                ? "The service is shutting down; nothing was saved."
                : $"The database did not answer within {wait.TotalSeconds:0} s; nothing was saved.", ex);
        }
        catch (Exception ex) when (ex is not DatabaseUnavailableException and not ConcurrencyExhaustedException && DatabaseFaults.IsUnavailable(ex))
        {
            db.ChangeTracker.Clear();
            DatabaseFaults.Recover(ex);
            throw new DatabaseUnavailableException("The database is unavailable; nothing was saved.", ex);
        }
        finally
        {
            db.Database.SetCommandTimeout(commandTimeout);
        }
    }

    private async Task<T> RunWithRetriesAsync<T>(
        Func<CancellationToken, Task<T>> work, long started, TimeSpan wait, CancellationToken ct, CancellationToken waits)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (db.Provider == DatabaseProvider.Sqlite)
            {
                // SQLite's busy timeout is the command timeout, spent sleeping on this thread and deaf to
                // cancellation: keep it short and wait out a busy file here instead, asynchronously, until the
                // deadline or shutdown.
                db.Database.SetCommandTimeout(1);
                if (db.Database.GetDbConnection() is SqliteConnection connection)
                {
                    connection.DefaultTimeout = 1; // BEGIN IMMEDIATE waits by this one, not the command timeout
                }
            }

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
                if (DatabaseFaults.IsBusy(ex))
                {
                    if (TimeProvider.System.GetElapsedTime(started) >= wait)
                    {
                        throw new DatabaseUnavailableException($"The database stayed busy for {wait.TotalSeconds:0} s; nothing was saved.", ex);
                    }
                }
                else if (attempt >= MaxAttempts)
                {
                    throw new ConcurrencyExhaustedException(ex);
                }

                logger.LogInformation("Transaction conflict (attempt {Attempt}): {Message}", attempt, ex.GetBaseException().Message);
                await Task.Delay(Random.Shared.Next(5, 25 * Math.Min(attempt, 8)), waits);
            }
        }
    }

    public const int MaxAttempts = 4;

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
