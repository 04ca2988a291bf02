using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Api.Tickets;
using TicketRouting.Data;

namespace TicketRouting.Api.Customers;

public sealed record CustomerTicket(int Id, string Key, string Subject, string Status, string Priority, string Department, DateTimeOffset CreatedAt);

public sealed record CustomerResponse(int Id, string Email, string? Name, DateTimeOffset CreatedAt, int OpenTickets, IReadOnlyList<CustomerTicket> Tickets);

public static class CustomersApi
{
    public const int MaxTickets = 200;

    public static RouteGroupBuilder MapCustomers(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/customer").WithTags("Customers").RequireAuthorization(Policies.Agent);
        group.MapGet("/{id:int}", GetAsync).WithSummary($"A customer (one per e-mail address) with their latest {MaxTickets} tickets.");
        return group;
    }

    private static async Task<Results<Ok<CustomerResponse>, ProblemHttpResult>> GetAsync(int id, TicketsDbContext db, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (customer is null)
        {
            return Problems.NotFound($"Customer {id} does not exist.");
        }

        var tickets = await db.Tickets.AsNoTracking().Where(t => t.CustomerId == id)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Take(MaxTickets)
            .Select(t => new { t.Id, t.Subject, t.Status, t.Priority, t.Department.Slug, t.CreatedAt })
            .ToListAsync(ct);
        var open = await db.Tickets.CountAsync(t => t.CustomerId == id && t.Status != Core.Domain.TicketStatus.Closed, ct);
        return TypedResults.Ok(new CustomerResponse(
            customer.Id, customer.Email, customer.Name, customer.CreatedAt,
            open,
            tickets.Select(t => new CustomerTicket(t.Id, Data.Entities.Ticket.FormatKey(t.Id), t.Subject,
                StatusNames.Name(t.Status), PriorityNames.Name(t.Priority), t.Slug, t.CreatedAt)).ToList()));
    }
}
