namespace TicketRouting.Data.Entities;

public class Agent
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    public int DepartmentId { get; set; }
    public Department Department { get; set; } = null!;
    public bool Available { get; set; } = true;
    public int Capacity { get; set; } = 25;
    public DateTimeOffset? LastAssignedAt { get; set; }

    /// <summary>
    /// Live, not-closed tickets assigned to the agent, kept by the database's own triggers on Tickets (migration
    /// OpenTicketCounter), so that every path that assigns, moves, closes, reopens, deletes or restores a ticket keeps
    /// it exact, plain SQL included. EF Core never writes it. Read by the intake snapshot instead of counting.
    /// </summary>
    public int OpenTickets { get; private set; }
    public int? UserId { get; set; }
    public User? User { get; set; }
    public List<Ticket> Tickets { get; set; } = [];

    /// <summary>Free-form skill tags, lower case, comma-separated (read with the candidates in one query).</summary>
    public string Skills { get; set; } = "";

    /// <summary>Language codes (fr, en ...), comma-separated; empty: not filtered by language.</summary>
    public string Languages { get; set; } = "";

    /// <summary>IANA time zone of the agent's weekly hours.</summary>
    public string TimeZone { get; set; } = "UTC";

    public List<AgentShift> Shifts { get; set; } = [];
    public List<AgentAbsence> Absences { get; set; } = [];
}

/// <summary>A weekly working window in the agent's time zone; an end at or before the start crosses midnight.</summary>
public class AgentShift
{
    public int Id { get; set; }
    public int AgentId { get; set; }
    public Agent Agent { get; set; } = null!;
    public DayOfWeek Day { get; set; }
    public int StartMinute { get; set; }
    public int EndMinute { get; set; }
}

/// <summary>Leave from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive).</summary>
public class AgentAbsence
{
    public int Id { get; set; }
    public int AgentId { get; set; }
    public Agent Agent { get; set; } = null!;
    public DateTimeOffset From { get; set; }
    public DateTimeOffset To { get; set; }
    public string? Reason { get; set; }
}
