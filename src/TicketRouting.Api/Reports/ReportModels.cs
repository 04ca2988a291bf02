namespace TicketRouting.Api.Reports;

/// <summary>Query of every report: whole UTC days, <c>from</c> included, <c>to</c> included.</summary>
public sealed class ReportQuery
{
    public const int MaxDays = 366;

    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }

    internal (DateTimeOffset From, DateTimeOffset To, Dictionary<string, string[]> Errors) Range(DateTimeOffset now)
    {
        var to = To ?? DateOnly.FromDateTime(now.UtcDateTime);
        var from = From ?? to.AddDays(-29);
        var errors = new Dictionary<string, string[]>();
        if (from > to)
        {
            errors["from"] = ["from must not be after to."];
        }
        else if (to.DayNumber - from.DayNumber >= MaxDays)
        {
            errors["to"] = [$"A report covers at most {MaxDays} days."];
        }

        return (Start(from), Start(to.AddDays(1)), errors);
    }

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

public sealed record DailyRow(DateOnly Date, string Department, int Created, int Closed, int Reopened);

/// <summary>Durations in minutes; median and p90 by nearest rank; null when no ticket reached the step.</summary>
public sealed record DurationSummary(int Tickets, double? MedianMinutes, double? P90Minutes);

/// <summary>SLA of the tickets created in the range that have a due time: met (closed in time), breached (closed late or overdue).</summary>
public sealed record SlaSummary(int Met, int Breached, int Pending, double? Compliance);

public sealed record TimesRow(
    string Department, int Created, DurationSummary FirstAssignment, DurationSummary FirstAgentAction, DurationSummary Close, SlaSummary Sla);

public sealed record AgentActivityRow(int AgentId, string Name, string Department, int Handled, int Closed, int ReassignedAway);
