using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

public sealed class AddCommentRequest
{
    [Required, StringLength(10_000)]
    public string Body { get; set; } = "";

    /// <summary>An internal note: staff only, never shown to the portal.</summary>
    public bool Internal { get; set; }
}

public sealed record CommentResponse(long Id, string Author, string AuthorRole, string Body, bool Internal, DateTimeOffset CreatedAt);

public sealed class TicketComments(TicketsDbContext db, TransactionRunner transactions, TimeProvider clock)
{
    public Task<CommentResponse> AddAsync(int ticketId, AddCommentRequest request, CurrentUser user, CancellationToken ct) =>
        transactions.RunAsync(token => AddInTransactionAsync(ticketId, request, user, token), ct);

    private async Task<CommentResponse> AddInTransactionAsync(int ticketId, AddCommentRequest request, CurrentUser user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var comment = new TicketComment
        {
            TicketId = ticketId,
            AuthorUserId = user.Id,
            AuthorName = user.Name,
            AuthorRole = user.Role,
            Body = request.Body.Trim(),
            IsInternal = request.Internal && user.IsStaff,
            CreatedAt = now,
        };
        db.TicketComments.Add(comment);
        db.TicketEvents.Add(new TicketEvent
        {
            TicketId = ticketId,
            Type = TicketEventTypes.Comment,
            ActorUserId = user.Id,
            ActorName = user.Name,
            At = now,
            Reason = comment.IsInternal ? "internal note" : "comment",
        });
        await db.Tickets.Where(t => t.Id == ticketId).ExecuteUpdateAsync(s => s.SetProperty(t => t.UpdatedAt, now), ct);
        await db.SaveChangesAsync(ct);
        return ToResponse(comment);
    }

    public async Task<List<CommentResponse>> ListAsync(int ticketId, CurrentUser user, CancellationToken ct)
    {
        var comments = db.TicketComments.AsNoTracking().Where(c => c.TicketId == ticketId);
        if (!user.IsStaff)
        {
            comments = comments.Where(c => !c.IsInternal);
        }

        return (await comments.OrderBy(c => c.Id).ToListAsync(ct)).Select(ToResponse).ToList();
    }

    private static CommentResponse ToResponse(TicketComment c) =>
        new(c.Id, c.AuthorName, c.AuthorRole, c.Body, c.IsInternal, c.CreatedAt);
}
