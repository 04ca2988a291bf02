using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Tickets;
using TicketRouting.Data;

namespace TicketRouting.Api.Departments;

/// <summary>
/// Departments by slug and id, read once at start-up: the hot path resolves the classifier's slug without
/// a query. Departments are seeded, not edited at run time.
/// </summary>
public sealed class DepartmentDirectory
{
    private volatile Dictionary<string, DepartmentRef> _bySlug = [];
    private volatile Dictionary<int, DepartmentRef> _byId = [];

    public IReadOnlyCollection<DepartmentRef> All => _byId.Values;

    public async Task LoadAsync(TicketsDbContext db, CancellationToken ct)
    {
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Id).ToListAsync(ct);
        _byId = departments.ToDictionary(d => d.Id, d => d.ToRef());
        _bySlug = departments.ToDictionary(d => d.Slug, d => d.ToRef(), StringComparer.OrdinalIgnoreCase);
    }

    public DepartmentRef? Find(string slug) => _bySlug.GetValueOrDefault(slug);

    public DepartmentRef? Find(int id) => _byId.GetValueOrDefault(id);
}
