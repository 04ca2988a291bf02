using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Api.Tickets;
using TicketRouting.Core.Domain;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Projects;

/// <summary>Projects: created and managed by supervisors and admins; a ticket belongs to at most one.</summary>
public sealed class ProjectCatalog(TicketsDbContext db, TransactionRunner transactions, TimeProvider clock)
{
    public async Task<Ok<List<ProjectResponse>>> ListAsync(CancellationToken ct)
    {
        var projects = await db.Projects.AsNoTracking().OrderBy(p => p.Key)
            .Select(p => new ProjectResponse(
                p.Id, p.Key, p.Name,
                db.Tickets.Count(t => t.ProjectId == p.Id),
                db.Tickets.Count(t => t.ProjectId == p.Id && t.Status != TicketStatus.Closed),
                p.CreatedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(projects);
    }

    public async Task<Results<Created<ProjectResponse>, ProblemHttpResult>> CreateAsync(CreateProjectRequest request, CancellationToken ct)
    {
        var key = request.Key.ToUpperInvariant();
        // In a transaction: a key raced by a parallel request is retried, then found taken (409), never a 500.
        var project = await transactions.RunAsync(async token =>
        {
            if (await db.Projects.AnyAsync(p => p.Key == key, token))
            {
                return null;
            }

            var created = new Project { Key = key, Name = request.Name.Trim(), CreatedAt = clock.GetUtcNow() };
            db.Projects.Add(created);
            await db.SaveChangesAsync(token);
            return created;
        }, ct);

        return project is null
            ? Problems.Conflict($"A project with the key {key} already exists.")
            : TypedResults.Created($"/api/project/{key}", new ProjectResponse(project.Id, key, project.Name, 0, 0, project.CreatedAt));
    }

    public async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> RenameAsync(string key, RenameProjectRequest request, CancellationToken ct)
    {
        var normalized = key.ToUpperInvariant();
        var renamed = await db.Projects.Where(p => p.Key == normalized)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, request.Name.Trim()), ct);
        if (renamed == 0)
        {
            return UnknownProject(key);
        }

        return TypedResults.Ok((await ListAsync(ct)).Value!.Single(p => p.Key == normalized));
    }

    public async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string key, CancellationToken ct)
    {
        var normalized = key.ToUpperInvariant();
        return await transactions.RunAsync<Results<NoContent, ProblemHttpResult>>(async token =>
        {
            var project = await db.Projects.SingleOrDefaultAsync(p => p.Key == normalized, token);
            if (project is null)
            {
                return UnknownProject(key);
            }

            var tickets = await db.Tickets.IgnoreQueryFilters().CountAsync(t => t.ProjectId == project.Id, token);
            if (tickets > 0)
            {
                return Problems.Conflict($"Project {normalized} still holds {tickets} ticket(s): move them out first.");
            }

            db.Projects.Remove(project);
            await db.SaveChangesAsync(token);
            return TypedResults.NoContent();
        }, ct);
    }

    public async Task<Results<Ok<ProjectStats>, ProblemHttpResult>> StatsAsync(string key, CancellationToken ct)
    {
        var normalized = key.ToUpperInvariant();
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Key == normalized, ct);
        if (project is null)
        {
            return UnknownProject(key);
        }

        var now = clock.GetUtcNow();
        var tickets = db.Tickets.Where(t => t.ProjectId == project.Id);
        var byStatus = await tickets.GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var byPriority = await tickets.GroupBy(t => t.Priority).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var byDepartment = await tickets.GroupBy(t => t.Department.Slug).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var overdue = await tickets.CountAsync(t => t.Status != TicketStatus.Closed && t.DueAt < now, ct);
        return TypedResults.Ok(new ProjectStats(
            project.Key, project.Name, byStatus.Sum(s => s.Count),
            byStatus.ToDictionary(s => StatusNames.Name(s.Key), s => s.Count),
            byPriority.ToDictionary(p => PriorityNames.Name(p.Key), p => p.Count),
            byDepartment.ToDictionary(d => d.Key, d => d.Count),
            overdue));
    }

    public async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> SetTicketProjectAsync(
        int ticketId, string? key, CurrentUser user, CancellationToken ct)
    {
        return await transactions.RunAsync<Results<NoContent, ProblemHttpResult, ValidationProblem>>(async token =>
        {
            Project? project = null;
            if (key is not null)
            {
                var normalized = key.Trim().ToUpperInvariant();
                project = await db.Projects.SingleOrDefaultAsync(p => p.Key == normalized, token);
                if (project is null)
                {
                    return Problems.Invalid("project", $"Unknown project '{key}'.");
                }
            }

            var ticket = await TicketLock.LockAndLoadAsync(db, ticketId, token);
            if (ticket is null)
            {
                return Problems.NotFound($"Ticket {ticketId} does not exist.");
            }

            var from = ticket.ProjectId is { } old ? await db.Projects.Where(p => p.Id == old).Select(p => p.Key).SingleAsync(token) : null;
            var now = clock.GetUtcNow();
            ticket.ProjectId = project?.Id;
            ticket.UpdatedAt = now;
            db.TicketEvents.Add(new TicketEvent
            {
                TicketId = ticketId, Type = TicketEventTypes.Project, ActorUserId = user.Id, ActorName = user.Name, At = now,
                From = from, To = project?.Key,
            });
            await db.SaveChangesAsync(token);
            return TypedResults.NoContent();
        }, ct);
    }

    private static ProblemHttpResult UnknownProject(string key) => Problems.NotFound($"Project {key} does not exist.");
}
