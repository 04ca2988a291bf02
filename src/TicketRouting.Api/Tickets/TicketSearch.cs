using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Auth;
using TicketRouting.Core.Domain;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

/// <summary>GET /api/ticket: filters, sorting and paging, translated to one count and one page query.</summary>
public sealed class TicketSearch(TicketReader reader, TicketsDbContext db, TimeProvider clock)
{
    public async Task<TicketPage> SearchAsync(
        TicketQuery query, List<TicketStatus> statuses, List<TicketPriority> priorities, CurrentUser user, HttpRequest request,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tickets = Filter(reader.WithDetails(), db.TicketTags, query, statuses, priorities, user, now);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var matching = FoldedTextSearch.MatchingIds(db, query.Q.Trim());
            tickets = tickets.Where(t => matching.Contains(t.Id));
        }

        var total = await tickets.CountAsync(ct);
        var page = query.Page ?? 1;
        var size = query.PageSize ?? TicketQuery.DefaultPageSize;
        var items = await Sort(tickets, query).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new TicketPage(
            items.Select(t => t.ToResponse(now).ForCaller(user.IsPortal)).ToList(), page, size, total, Links(request, page, size, total));
    }

    private static IQueryable<Ticket> Filter(
        IQueryable<Ticket> tickets, IQueryable<TicketTag> tags, TicketQuery q, List<TicketStatus> statuses, List<TicketPriority> priorities,
        CurrentUser user, DateTimeOffset now)
    {
        if (user.IsPortal)
        {
            tickets = tickets.Where(t => t.CreatedByUserId == user.Id);
        }

        if (statuses.Count > 0)
        {
            tickets = tickets.Where(t => statuses.Contains(t.Status));
        }

        if (priorities.Count > 0)
        {
            tickets = tickets.Where(t => priorities.Contains(t.Priority));
        }

        if (q.DepartmentId is { } departmentId)
        {
            tickets = tickets.Where(t => t.DepartmentId == departmentId);
        }

        if (!string.IsNullOrWhiteSpace(q.Department))
        {
            tickets = tickets.Where(t => t.Department.Slug == q.Department);
        }

        if (q.AssigneeId is { } assigneeId)
        {
            tickets = tickets.Where(t => t.AssigneeId == assigneeId);
        }

        if (q.Unassigned is { } unassigned)
        {
            tickets = unassigned ? tickets.Where(t => t.AssigneeId == null) : tickets.Where(t => t.AssigneeId != null);
        }

        if (!string.IsNullOrWhiteSpace(q.Project))
        {
            var project = q.Project.Trim().ToUpperInvariant();
            tickets = tickets.Where(t => t.Project != null && t.Project.Key == project);
        }

        if (!string.IsNullOrWhiteSpace(q.Tag))
        {
            var tag = q.Tag.Trim().ToLowerInvariant();
            // IN (SELECT …) rather than EXISTS: SQLite then uses the tag index instead of probing every ticket.
            tickets = tickets.Where(t => tags.Where(x => x.Tag == tag).Select(x => x.TicketId).Contains(t.Id));
        }

        if (q.CustomerId is { } customerId)
        {
            tickets = tickets.Where(t => t.CustomerId == customerId);
        }

        if (q.CreatedFrom is { } from)
        {
            tickets = tickets.Where(t => t.CreatedAt >= from.ToUniversalTime());
        }

        if (q.CreatedTo is { } to)
        {
            tickets = tickets.Where(t => t.CreatedAt < to.ToUniversalTime());
        }

        if (q.Overdue is { } overdue)
        {
            tickets = overdue
                ? tickets.Where(t => t.Status != TicketStatus.Closed && t.DueAt < now)
                : tickets.Where(t => t.Status == TicketStatus.Closed || t.DueAt == null || t.DueAt >= now);
        }

        if (q.NeedsReview is { } needsReview)
        {
            tickets = tickets.Where(t => t.Routing != null && t.Routing.NeedsReview == needsReview);
        }

        return tickets;
    }

    private static IQueryable<Ticket> Sort(IQueryable<Ticket> tickets, TicketQuery q)
    {
        var ascending = string.Equals(q.Order, "asc", StringComparison.OrdinalIgnoreCase);
        return (q.Sort?.ToLowerInvariant() ?? "created") switch
        {
            "updated" => ascending ? tickets.OrderBy(t => t.UpdatedAt).ThenBy(t => t.Id) : tickets.OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id),
            "priority" => ascending ? tickets.OrderBy(t => t.Priority).ThenBy(t => t.Id) : tickets.OrderByDescending(t => t.Priority).ThenByDescending(t => t.Id),
            "key" => ascending ? tickets.OrderBy(t => t.Id) : tickets.OrderByDescending(t => t.Id),
            _ => ascending ? tickets.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id) : tickets.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id),
        };
    }

    private static PageLinks Links(HttpRequest request, int page, int size, int total)
    {
        string Link(int p)
        {
            var query = request.Query.Where(kv => kv.Key is not ("page" or "pageSize"))
                .SelectMany(kv => kv.Value.Select(v => KeyValuePair.Create(kv.Key, v)))
                .Append(KeyValuePair.Create("page", (string?)p.ToString()))
                .Append(KeyValuePair.Create("pageSize", (string?)size.ToString()));
            return request.Path + QueryString.Create(query).ToUriComponent();
        }

        var last = Math.Max(1, (int)Math.Ceiling(total / (double)size));
        return new PageLinks(Link(page), page < last ? Link(page + 1) : null, page > 1 ? Link(Math.Min(page - 1, last)) : null);
    }
}
