using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

public static class TicketsApi
{
    public static RouteGroupBuilder MapTickets(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/ticket").WithTags("Tickets").RequireAuthorization(Policies.Portal);

        group.MapPost("/", CreateAsync).Validate<CreateTicketRequest>()
            .WithSummary("Submit a ticket: it is classified, routed to a department and assigned to the least-loaded agent.");
        group.MapGet("/", SearchAsync)
            .WithSummary("Search tickets: filters, sorting and paging (the portal sees only its own).");
        group.MapGet("/{id}", GetAsync).WithSummary("One ticket by id (42) or key (TSK-1042).");
        group.MapPatch("/{id}", UpdateAsync).Validate<UpdateTicketRequest>().RequireAuthorization(Policies.Agent)
            .WithSummary("Change status and/or priority; agents change only their own tickets.");
        group.MapDelete("/{id}", DeleteAsync).RequireAuthorization(Policies.Admin)
            .WithSummary("Delete a ticket (kept in the audit trail).");
        group.MapPost("/{id}/reassign", ReassignAsync).Validate<ReassignTicketRequest>().RequireAuthorization(Policies.Supervisor)
            .WithSummary("Reassign to an agent, or to a department whose balancer picks the agent; a reason is required.");
        group.MapGet("/{id}/history", HistoryAsync).RequireAuthorization(Policies.Agent).WithSummary("The ticket's history.");
        group.MapPost("/{id}/comments", AddCommentAsync).Validate<AddCommentRequest>()
            .WithSummary("Comment on a ticket; staff may add internal notes; the portal on its own tickets only.");
        group.MapGet("/{id}/comments", CommentsAsync).WithSummary("Comments; internal notes are hidden from the portal.");
        return group;
    }

    private static async Task<Results<Created<TicketResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateTicketRequest request, TicketIntake intake, ClaimsPrincipal principal, HttpContext http, CancellationToken ct)
    {
        using var activity = TicketRoutingTelemetry.ActivitySource.StartActivity("ticket.intake");
        var user = CurrentUser.From(principal);
        IdempotencyClaim? claim = null;
        if (http.Request.Headers.TryGetValue(IdempotencyKeys.Header, out var header))
        {
            if (IdempotencyKeys.Refusal(header.ToString()) is { } refusal)
            {
                return Problems.Invalid(IdempotencyKeys.Header, refusal);
            }

            var keys = http.RequestServices.GetRequiredService<IdempotencyKeys>();
            claim = keys.Claim(user.Id, header.ToString(), request);
            if (await keys.FindAsync(claim, ct) is { } stored)
            {
                // A retry: answered from the first answer, without routing again.
                return Replay(stored, claim, user, http);
            }
        }

        var ticket = await intake.CreateAsync(request, user, ct, claim);
        if (claim?.Winner is { } winner)
        {
            // Another request with this key was written first (same batch, or another process).
            return Replay(winner, claim, user, http);
        }

        activity?.SetTag("ticket.key", ticket.Key);
        if (ticket.Routing is { } routing)
        {
            TicketRoutingTelemetry.TicketRouted(ticket.Department.Slug, routing.Classifier, routing.NeedsReview);
        }

        return Respond(ticket, user, http, replayed: false);
    }

    // The first answer for the same key and body; the same key with another body is refused.
    private static Results<Created<TicketResponse>, ValidationProblem, ProblemHttpResult> Replay(
        StoredAnswer first, IdempotencyClaim claim, CurrentUser user, HttpContext http) =>
        first.BodyHash == claim.BodyHash ? Respond(first.Ticket, user, http, replayed: true) : KeyReused(claim.Key);

    // The portal gets back the customer name it sent (set by the intake), and no staff routing data.
    private static Created<TicketResponse> Respond(TicketResponse ticket, CurrentUser user, HttpContext http, bool replayed)
    {
        if (replayed)
        {
            http.Response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
        }

        return TypedResults.Created($"/api/ticket/{ticket.Id}", user.IsPortal ? ticket with { Routing = ticket.Routing?.ForPortal() } : ticket);
    }

    internal static ProblemHttpResult KeyReused(string key) => TypedResults.Problem(
        $"The {IdempotencyKeys.Header} '{key}' was already used with a different request body; use a new key for a new ticket.",
        statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused");

    private static async Task<Results<Ok<TicketPage>, ValidationProblem>> SearchAsync(
        [AsParameters] TicketQuery query, TicketSearch search, ClaimsPrincipal principal, HttpRequest request, CancellationToken ct)
    {
        var (statuses, priorities, errors) = query.Parse();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid query");
        }

        return TypedResults.Ok(await search.SearchAsync(query, statuses, priorities, CurrentUser.From(principal), request, ct));
    }

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> GetAsync(
        string id, TicketReader reader, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = CurrentUser.From(principal);
        var access = await VisibleTicketAsync(id, reader, user, ct);
        return access.Problem
            ?? (Results<Ok<TicketResponse>, ProblemHttpResult>)TypedResults.Ok((await reader.FindAsync(access.Id, ct))!.ForCaller(user.IsPortal));
    }

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> UpdateAsync(
        string id, UpdateTicketRequest request, TicketChanges changes, ClaimsPrincipal principal, CancellationToken ct) =>
        Ticket.TryParseId(id, out var ticketId)
            ? await changes.UpdateAsync(ticketId, request, CurrentUser.From(principal), ct)
            : UnknownTicket(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, TicketChanges changes, ClaimsPrincipal principal, CancellationToken ct) =>
        Ticket.TryParseId(id, out var ticketId)
            ? await changes.DeleteAsync(ticketId, CurrentUser.From(principal), ct)
            : UnknownTicket(id);

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult, ValidationProblem>> ReassignAsync(
        string id, ReassignTicketRequest request, TicketReassignment reassignment, ClaimsPrincipal principal, CancellationToken ct)
    {
        if (!Ticket.TryParseId(id, out var ticketId))
        {
            return UnknownTicket(id);
        }

        var user = CurrentUser.From(principal);
        return await reassignment.ReassignAsync(ticketId, request, new CurrentActor(user.Id, user.Name), ct);
    }

    private static async Task<Results<Ok<List<TicketEventResponse>>, ProblemHttpResult>> HistoryAsync(
        string id, TicketReader reader, ClaimsPrincipal principal, CancellationToken ct)
    {
        // Admins can still read the audit trail of a deleted ticket.
        var user = CurrentUser.From(principal);
        var access = await VisibleTicketAsync(id, reader, user, ct, includeDeleted: user.Role == Core.Domain.Roles.Admin);
        return access.Problem ?? (Results<Ok<List<TicketEventResponse>>, ProblemHttpResult>)TypedResults.Ok(await reader.HistoryAsync(access.Id, ct));
    }

    private static async Task<Results<Created<CommentResponse>, ProblemHttpResult>> AddCommentAsync(
        string id, AddCommentRequest request, TicketReader reader, TicketComments comments, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = CurrentUser.From(principal);
        var access = await VisibleTicketAsync(id, reader, user, ct);
        if (access.Problem is not null)
        {
            return access.Problem;
        }

        var comment = await comments.AddAsync(access.Id, request, user, ct);
        return TypedResults.Created($"/api/ticket/{access.Id}/comments", comment);
    }

    private static async Task<Results<Ok<List<CommentResponse>>, ProblemHttpResult>> CommentsAsync(
        string id, TicketReader reader, TicketComments comments, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = CurrentUser.From(principal);
        var access = await VisibleTicketAsync(id, reader, user, ct);
        return access.Problem ?? (Results<Ok<List<CommentResponse>>, ProblemHttpResult>)TypedResults.Ok(await comments.ListAsync(access.Id, user, ct));
    }

    /// <summary>404 for unknown tickets; the portal sees only the tickets it created (others are 404 too, so ids leak nothing).</summary>
    internal static async Task<(int Id, ProblemHttpResult? Problem)> VisibleTicketAsync(
        string id, TicketReader reader, CurrentUser user, CancellationToken ct, bool includeDeleted = false)
    {
        if (!Ticket.TryParseId(id, out var ticketId))
        {
            return (0, UnknownTicket(id));
        }

        var owner = await reader.OwnerAsync(ticketId, ct, includeDeleted);
        if (owner is null || (user.IsPortal && owner.CreatedByUserId != user.Id))
        {
            return (ticketId, UnknownTicket(id));
        }

        return (ticketId, null);
    }

    internal static ProblemHttpResult UnknownTicket(string id) => Problems.NotFound($"Ticket {id} does not exist.");
}
