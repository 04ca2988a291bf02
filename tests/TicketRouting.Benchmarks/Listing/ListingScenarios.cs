namespace TicketRouting.Benchmarks.Listing;

/// <summary>The GET /api/ticket requests measured by the benchmarks and explained by --plans.</summary>
public static class ListingScenarios
{
    // Agent 1 is the first agent of seed/agents.json (billing); it holds about 1/35 of the tickets.
    public const string DefaultPage = "/api/ticket";
    public const string StatusAndDepartment = "/api/ticket?status=open&department=billing";
    public const string PrioritySorted = "/api/ticket?priority=high,critical&sort=priority";
    public const string AssigneeOpenWork = "/api/ticket?assigneeId=1&status=open,in_progress";
    public const string Tag = "/api/ticket?tag=vip";
    public const string TextSearch = "/api/ticket?q=invoice";
    public const string Overdue = "/api/ticket?overdue=true";
    public const string Unassigned = "/api/ticket?unassigned=true";
    public const string DeepPage = "/api/ticket?page=400&pageSize=50";

    public static readonly (string Name, string Url)[] All =
    [
        (nameof(DefaultPage), DefaultPage),
        (nameof(StatusAndDepartment), StatusAndDepartment),
        (nameof(PrioritySorted), PrioritySorted),
        (nameof(AssigneeOpenWork), AssigneeOpenWork),
        (nameof(Tag), Tag),
        (nameof(TextSearch), TextSearch),
        (nameof(Overdue), Overdue),
        (nameof(Unassigned), Unassigned),
        (nameof(DeepPage), DeepPage),
    ];
}
