using TicketRouting.Core.Domain;

namespace TicketRouting.Api.Tickets;

/// <summary>Hours to resolve a ticket, per priority: the ticket's due time.</summary>
public sealed class SlaOptions
{
    public const string Section = "Sla";

    public double LowHours { get; set; } = 72;
    public double MediumHours { get; set; } = 24;
    public double HighHours { get; set; } = 8;
    public double CriticalHours { get; set; } = 2;

    public DateTimeOffset DueAt(DateTimeOffset createdAt, TicketPriority priority) => createdAt.AddHours(priority switch
    {
        TicketPriority.Low => LowHours,
        TicketPriority.High => HighHours,
        TicketPriority.Critical => CriticalHours,
        _ => MediumHours,
    });
}
