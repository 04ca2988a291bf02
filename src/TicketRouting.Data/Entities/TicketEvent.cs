namespace TicketRouting.Data.Entities;

public static class TicketEventTypes
{
    public const string Created = "created";
    public const string Routed = "routed";
    public const string Assigned = "assigned";
    public const string Queued = "queued";
    public const string Reassigned = "reassigned";
    public const string Status = "status";
    public const string Priority = "priority";
    public const string Comment = "comment";
    public const string Deleted = "deleted";
    public const string Project = "project";

    /// <summary>A stalled ticket the rescue could not move (no other eligible agent): it stays; noted once per stall.</summary>
    public const string Stalled = "stalled";

    /// <summary>A queued ticket's requirements relaxed after the skill timeout (optional skills, then the language).</summary>
    public const string Relaxed = "relaxed";

    /// <summary>An action of a workflow rule; the actor is the rule's name.</summary>
    public const string Workflow = "workflow";
}

/// <summary>One line of a ticket's history. Kept when the ticket is deleted (soft delete).</summary>
public class TicketEvent
{
    public long Id { get; set; }
    public int TicketId { get; set; }
    public required string Type { get; set; }
    public int? ActorUserId { get; set; }
    public string? ActorName { get; set; }
    public DateTimeOffset At { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Reason { get; set; }

    /// <summary>Extra JSON detail, e.g. the routing decision for <c>routed</c>.</summary>
    public string? DataJson { get; set; }
}
