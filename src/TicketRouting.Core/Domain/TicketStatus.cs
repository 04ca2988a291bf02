namespace TicketRouting.Core.Domain;

public enum TicketStatus
{
    Open = 0,
    InProgress = 1,
    Blocked = 2,
    Closed = 3,
}

/// <summary>The lifecycle of DESIGN.md: which status may follow which, and what counts as load.</summary>
public static class TicketLifecycle
{
    /// <summary>Statuses that count towards an agent's load.</summary>
    public static readonly IReadOnlyList<TicketStatus> OpenStatuses =
        [TicketStatus.Open, TicketStatus.InProgress, TicketStatus.Blocked];

    private static readonly Dictionary<TicketStatus, TicketStatus[]> Transitions = new()
    {
        [TicketStatus.Open] = [TicketStatus.InProgress, TicketStatus.Closed],
        [TicketStatus.InProgress] = [TicketStatus.Open, TicketStatus.Closed, TicketStatus.Blocked],
        [TicketStatus.Blocked] = [TicketStatus.InProgress, TicketStatus.Open],
        [TicketStatus.Closed] = [TicketStatus.Open, TicketStatus.InProgress],
    };

    public static bool IsOpen(TicketStatus status) => status != TicketStatus.Closed;

    public static IReadOnlyList<TicketStatus> AllowedTargets(TicketStatus from) => Transitions[from];

    public static bool CanMove(TicketStatus from, TicketStatus to) => Transitions[from].Contains(to);
}
