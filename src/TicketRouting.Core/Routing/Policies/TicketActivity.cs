namespace TicketRouting.Core.Routing.Policies;

/// <summary>What a line of a ticket's history means to the maintenance policies.</summary>
public enum TicketActionKind
{
    /// <summary>The ticket was given to its current assignee (assigned, reassigned, rescued, given back).</summary>
    Assignment,

    /// <summary>A status change or a comment.</summary>
    Action,

    /// <summary>A rescue of a stalled ticket (a reassignment by the rescue).</summary>
    Rescue,

    /// <summary>A stalled ticket found no other eligible agent and stayed.</summary>
    StallNoted,
}

/// <summary>One line of history as the policies read it: what, by which user (null: the system), when.</summary>
public sealed record TicketAction(TicketActionKind Kind, int? ActorUserId, DateTimeOffset At);

/// <summary>
/// A ticket's history summed up for the rescue and give-back decisions: when its assignee got it, whether they acted on it
/// since (a status change or a comment), how many times it was rescued, and when a stall without rescue was last noted.
/// </summary>
public sealed record TicketActivity(DateTimeOffset LastActionAt, bool Started, int Rescues, DateTimeOffset? StallNotedAt)
{
    /// <param name="events">The ticket's history in any order.</param>
    /// <param name="assigneeUserId">The user account of the current assignee (null: an agent without a login never acts).</param>
    /// <param name="createdAt">Used when the history has no assignment (an imported ticket).</param>
    public static TicketActivity From(IEnumerable<TicketAction> events, int? assigneeUserId, DateTimeOffset createdAt)
    {
        var ordered = events.OrderBy(e => e.At).ToList();
        var assignedAt = ordered.LastOrDefault(e => e.Kind is TicketActionKind.Assignment or TicketActionKind.Rescue)?.At ?? createdAt;
        var byAssignee = ordered.Where(e => e.Kind == TicketActionKind.Action && assigneeUserId is not null && e.ActorUserId == assigneeUserId).ToList();
        var lastAction = byAssignee.Where(e => e.At >= assignedAt).Select(e => (DateTimeOffset?)e.At).LastOrDefault() ?? assignedAt;
        return new TicketActivity(
            lastAction,
            byAssignee.Count > 0,
            ordered.Count(e => e.Kind == TicketActionKind.Rescue),
            ordered.LastOrDefault(e => e.Kind == TicketActionKind.StallNoted)?.At);
    }
}

/// <summary>What the rescue does with an assigned ticket.</summary>
public enum RescueVerdict
{
    /// <summary>Not stalled, out of rescues, or the stall was already noted.</summary>
    Leave,

    /// <summary>Move it to <see cref="RescueDecision.Target"/>.</summary>
    Move,

    /// <summary>Stalled, but no other eligible agent: it stays, and the history says so once.</summary>
    NoteStall,
}

public sealed record RescueDecision(RescueVerdict Verdict, RoutingChoice? Routing)
{
    public AgentCandidate? Target => Routing?.Agent;
}

/// <summary>What the give-back does with an assigned ticket whose agent stopped working.</summary>
public sealed record GiveBackDecision(bool GiveBack, string? Cause, RoutingChoice? Routing);
