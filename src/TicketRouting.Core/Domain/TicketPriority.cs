namespace TicketRouting.Core.Domain;

/// <summary>Ticket priority; the numeric order is the queue order (higher first).</summary>
public enum TicketPriority
{
    Low = 0,
    Medium = 1,
    High = 2,
    Critical = 3,
}
