using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Api.Tickets;
using TicketRouting.Core.Domain;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.WebConsole;

public sealed class ConfirmReviewRequest
{
    [StringLength(1000)]
    public string? Reason { get; set; }
}

public sealed record ReviewPage(IReadOnlyList<TicketResponse> Items, int Total);

/// <summary>
/// The review queue: open tickets the classifier was unsure of (needsReview) that no supervisor has handled
/// yet. A ticket leaves it when a supervisor confirms its department (a <c>reviewed</c> event) or moves it
/// (the existing reassign endpoint, a <c>reassigned</c> event). The routing decision itself is never
/// rewritten: it stays the record of what the classifier said.
/// </summary>
public static class ReviewApi
{
    public const string ReviewedEvent = "reviewed";
    public const int MaxPageSize = 100;

    public static RouteGroupBuilder MapReview(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/review").WithTags("Review").RequireAuthorization(Policies.Supervisor);
        group.MapGet("/", ListAsync).WithSummary("Tickets waiting for review (needsReview, not yet confirmed or moved), oldest first.");
        group.MapPost("/{id}/confirm", ConfirmAsync).Validate<ConfirmReviewRequest>()
            .WithSummary("Confirm the department of a ticket waiting for review; to move it instead, POST /api/ticket/{id}/reassign.");
        return group;
    }

    internal static IQueryable<Ticket> Pending(IQueryable<Ticket> tickets, TicketsDbContext db) =>
        tickets.Where(t => t.Routing != null && t.Routing.NeedsReview && t.Status != TicketStatus.Closed
            && !db.TicketEvents.Any(e => e.TicketId == t.Id && (e.Type == ReviewedEvent || e.Type == TicketEventTypes.Reassigned)));

    private static async Task<Results<Ok<ReviewPage>, ValidationProblem>> ListAsync(
        TicketReader reader, TicketsDbContext db, TimeProvider clock, CancellationToken ct, int page = 1, int pageSize = 20)
    {
        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            return Problems.Invalid(page < 1 ? "page" : "pageSize", $"page ≥ 1 and pageSize 1 to {MaxPageSize}.");
        }

        var pending = Pending(reader.WithDetails(), db);
        var total = await pending.CountAsync(ct);
        var items = await pending.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(new ReviewPage(items.Select(t => t.ToResponse(now)).ToList(), total));
    }

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> ConfirmAsync(
        string id, ConfirmReviewRequest request, TicketsDbContext db, TransactionRunner transactions, TicketReader reader,
        TimeProvider clock, ClaimsPrincipal principal, CancellationToken ct)
    {
        if (!Ticket.TryParseId(id, out var ticketId))
        {
            return Problems.NotFound($"Ticket {id} does not exist.");
        }

        var user = CurrentUser.From(principal);
        var problem = await transactions.RunAsync<ProblemHttpResult?>(async token =>
        {
            var ticket = await TicketLock.LockAndLoadAsync(db, ticketId, token);
            if (ticket is null)
            {
                return Problems.NotFound($"Ticket {id} does not exist.");
            }

            if (!await Pending(db.Tickets.Where(t => t.Id == ticketId), db).AnyAsync(token))
            {
                return Problems.Conflict($"Ticket {id} is not waiting for review (already confirmed or moved, closed, or not flagged).");
            }

            var department = await db.Departments.Where(d => d.Id == ticket.DepartmentId).Select(d => d.Slug).SingleAsync(token);
            var now = clock.GetUtcNow();
            ticket.UpdatedAt = now;
            db.TicketEvents.Add(new TicketEvent
            {
                TicketId = ticket.Id,
                Type = ReviewedEvent,
                ActorUserId = user.Id,
                ActorName = user.Name,
                At = now,
                To = department,
                Reason = string.IsNullOrWhiteSpace(request.Reason) ? "department confirmed" : request.Reason.Trim(),
            });
            await db.SaveChangesAsync(token);
            return null;
        }, ct);

        return problem ?? (Results<Ok<TicketResponse>, ProblemHttpResult>)TypedResults.Ok((await reader.FindAsync(ticketId, ct))!);
    }
}
