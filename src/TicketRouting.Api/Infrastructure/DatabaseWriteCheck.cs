using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TicketRouting.Data;

namespace TicketRouting.Api.Infrastructure;

/// <summary>
/// Readiness: the database accepts a write (a no-op update, rolled back), within <c>Database:WaitSeconds</c>.
/// A database that still answers reads but refuses writes (read-only file, locked by another process,
/// read-only replica) makes the instance not ready.
/// </summary>
internal sealed class DatabaseWriteCheck(TicketsDbContext db, DatabaseOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(options.WaitSeconds));
        try
        {
            db.Database.SetCommandTimeout(Math.Max(1, options.WaitSeconds));
            await using var transaction = await db.Database.BeginTransactionAsync(deadline.Token);
            var id = await db.Departments.OrderBy(d => d.Id).Select(d => d.Id).FirstAsync(deadline.Token);
            await db.Departments.Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Slug, d => d.Slug), deadline.Token);
            await transaction.RollbackAsync(deadline.Token);
            return HealthCheckResult.Healthy("The database accepts writes.");
        }
        catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex) || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            DatabaseFaults.Recover(ex);
            return HealthCheckResult.Unhealthy($"The database does not accept writes: {ex.GetBaseException().Message}");
        }
    }
}
