using TicketRouting.Core.Domain;

namespace TicketRouting.Api.Tickets;

/// <summary>Query string of GET /api/ticket. Lists accept repeated keys or commas (status=open,blocked).</summary>
public sealed class TicketQuery
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public string[]? Status { get; set; }
    public string[]? Priority { get; set; }
    public int? DepartmentId { get; set; }
    public string? Department { get; set; }
    public int? AssigneeId { get; set; }
    public bool? Unassigned { get; set; }
    public string? Tag { get; set; }

    /// <summary>A project's key (WEB).</summary>
    public string? Project { get; set; }
    public int? CustomerId { get; set; }
    public DateTimeOffset? CreatedFrom { get; set; }
    public DateTimeOffset? CreatedTo { get; set; }
    public bool? Overdue { get; set; }
    public bool? NeedsReview { get; set; }

    /// <summary>Text searched in subject and description (case-insensitive).</summary>
    public string? Q { get; set; }

    /// <summary>created (default), updated, priority or key.</summary>
    public string? Sort { get; set; }

    /// <summary>desc (default) or asc.</summary>
    public string? Order { get; set; }

    public int? Page { get; set; }
    public int? PageSize { get; set; }

    internal static readonly string[] SortKeys = ["created", "updated", "priority", "key"];

    internal static IEnumerable<string> Split(string[]? values) =>
        values?.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) ?? [];

    /// <summary>Parsed filters, or the field errors that make the query invalid.</summary>
    internal (List<TicketStatus> Statuses, List<TicketPriority> Priorities, Dictionary<string, string[]> Errors) Parse()
    {
        var errors = new Dictionary<string, string[]>();
        var statuses = new List<TicketStatus>();
        foreach (var value in Split(Status))
        {
            if (StatusNames.TryParse(value, out var status))
            {
                statuses.Add(status);
            }
            else
            {
                errors["status"] = [$"Unknown status '{value}': use {StatusNames.List}."];
            }
        }

        var priorities = new List<TicketPriority>();
        foreach (var value in Split(Priority))
        {
            if (PriorityNames.TryParse(value, out var priority))
            {
                priorities.Add(priority);
            }
            else
            {
                errors["priority"] = [$"Unknown priority '{value}': use {PriorityNames.List}."];
            }
        }

        if (Sort is not null && !SortKeys.Contains(Sort.ToLowerInvariant()))
        {
            errors["sort"] = [$"Sort by one of {string.Join(", ", SortKeys)}."];
        }

        if (Order is not null && Order.ToLowerInvariant() is not ("asc" or "desc"))
        {
            errors["order"] = ["Order is asc or desc."];
        }

        if (Page is < 1)
        {
            errors["page"] = ["Pages start at 1."];
        }

        if (PageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"Page size is 1 to {MaxPageSize}."];
        }

        if ((long)((Page ?? 1) - 1) * (PageSize ?? DefaultPageSize) > int.MaxValue)
        {
            errors["page"] = ["The page is beyond any possible result."];
        }

        foreach (var (name, value, max) in new[] { ("q", Q, 200), ("tag", Tag, CreateTicketRequest.MaxTagLength), ("department", Department, 40) })
        {
            if (value is { } text && (text.Length > max || text.Contains('\0')))
            {
                errors[name] = [$"At most {max} characters, without NUL characters."];
            }
        }

        return (statuses, priorities, errors);
    }
}
