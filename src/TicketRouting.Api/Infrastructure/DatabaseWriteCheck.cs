using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TicketRouting.Data;

namespace TicketRouting.Api.Infrastructure;

/// <summary>
/// Readiness: the database accepts a write (a no-op update, rolled back), within <c>Database:WaitSeconds</c>.
/// A database that still answers reads but refuses writes (read-only file, locked by another process,
/// read-only replica) makes the instance not ready. A read-only error drops SQLite's pooled connections, which
/// may have been opened while the file was read-only and keep that state; the check then tries once more on a
/// fresh connection, so the first probe after the file is writable again already answers ready.
/// </summary>
internal sealed class DatabaseWriteCheck(TicketsDbContext db, DatabaseOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(options.WaitSeconds));
        db.Database.SetCommandTimeout(Math.Max(1, options.WaitSeconds));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await TryWriteAsync(deadline.Token);
                return HealthCheckResult.Healthy("The database accepts writes.");
            }
            catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex) || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // The failed connection may still be open (EF leaves it so after a failed transaction): close it, so
                // that dropping the pools below discards it and the retry opens a fresh one.
                await db.Database.CloseConnectionAsync();
                if (DatabaseFaults.Recover(ex) && attempt == 1 && !deadline.IsCancellationRequested)
                {
                    continue;
                }

                return HealthCheckResult.Unhealthy($"The database does not accept writes: {ex.GetBaseException().Message}");
            }
        }
    }

    private async Task TryWriteAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var id = await db.Departments.OrderBy(d => d.Id).Select(d => d.Id).FirstAsync(cancellationToken);
        await db.Departments.Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Slug, d => d.Slug), cancellationToken);
        await transaction.RollbackAsync(cancellationToken);
    }
}
