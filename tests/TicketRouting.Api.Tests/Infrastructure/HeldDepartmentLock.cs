using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using TicketRouting.Data;

namespace TicketRouting.Api.Tests.Infrastructure;

/// <summary>
/// Holds a department's row lock (and on SQLite the database's write lock) in an open transaction of another
/// connection until disposed: the intake writer waits for it as for another process, so submissions pile up in the
/// intake queue meanwhile.
/// </summary>
public sealed class HeldDepartmentLock : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope;
    private readonly IDbContextTransaction _transaction;
    private bool _released;

    private HeldDepartmentLock(AsyncServiceScope scope, IDbContextTransaction transaction) => (_scope, _transaction) = (scope, transaction);

    public static async Task<HeldDepartmentLock> TakeAsync(TicketRoutingApp app, int departmentId)
    {
        var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TicketsDbContext>();
        var transaction = await db.Database.BeginTransactionAsync();
        await db.Departments.Where(d => d.Id == departmentId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.AssignmentVersion, d => d.AssignmentVersion));
        return new HeldDepartmentLock(scope, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_released)
        {
            _released = true;
            await _transaction.DisposeAsync();
            await _scope.DisposeAsync();
        }
    }
}
