using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Agents;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Core.Domain;
using TicketRouting.Data;

namespace TicketRouting.Api.Departments;

public sealed record DepartmentResponse(
    int Id, string Slug, string NameFr, string NameEn, int Agents, int AvailableAgents, int OpenTickets, int QueueLength);

public static class DepartmentsApi
{
    public static RouteGroupBuilder MapDepartments(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/department").WithTags("Departments").RequireAuthorization(Policies.Agent);
        group.MapGet("/", ListAsync).WithSummary("Departments with their agents, open tickets and queue length.");
        group.MapPost("/", (CreateDepartmentRequest request, DepartmentAdministration admin, CancellationToken ct) => admin.CreateAsync(request, ct))
            .Validate<CreateDepartmentRequest>().RequireAuthorization(Policies.Admin).WithSummary("Add a department (admin).");
        group.MapPatch("/{id:int}", (int id, UpdateDepartmentRequest request, DepartmentAdministration admin, CancellationToken ct) =>
                admin.UpdateAsync(id, request, ct))
            .Validate<UpdateDepartmentRequest>().RequireAuthorization(Policies.Admin).WithSummary("Rename a department (admin).");
        return group;
    }

    private static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<List<DepartmentResponse>>> ListAsync(
        TicketsDbContext db, AgentWorkloadQuery workload, CancellationToken ct)
    {
        var rows = await db.Departments.AsNoTracking().OrderBy(d => d.Id)
            .Select(d => new
            {
                d.Id,
                d.Slug,
                d.NameFr,
                d.NameEn,
                Agents = d.Agents.Count,
                Available = d.Agents.Count(a => a.Available),
                Open = db.Tickets.Count(t => t.DepartmentId == d.Id && t.Status != TicketStatus.Closed),
            })
            .ToListAsync(ct);
        var queues = await workload.QueueLengthsAsync(ct);
        return TypedResults.Ok(rows.Select(r => new DepartmentResponse(
            r.Id, r.Slug, r.NameFr, r.NameEn, r.Agents, r.Available, r.Open, queues.GetValueOrDefault(r.Id))).ToList());
    }
}
