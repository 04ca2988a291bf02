using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TicketRouting.Api;

/// <summary>
/// The service's own metrics and traces (Meter and ActivitySource "TicketRouting"), exported by OpenTelemetry
/// (Prometheus scrape at /metrics, OTLP when configured). Static so that any feature can record without wiring.
/// </summary>
public static class TicketRoutingTelemetry
{
    public const string Name = "TicketRouting";

    public static readonly Meter Meter = new(Name, "1.0");
    public static readonly ActivitySource ActivitySource = new(Name, "1.0");

    private static readonly Counter<long> Routed = Meter.CreateCounter<long>(
        "ticketrouting.tickets.routed", "{ticket}", "Tickets routed, by department and classifier.");
    private static readonly Counter<long> NeedsReview = Meter.CreateCounter<long>(
        "ticketrouting.tickets.needs_review", "{ticket}", "Tickets routed below the confidence threshold (sent to the fallback, flagged).");
    private static readonly Counter<long> Reassigned = Meter.CreateCounter<long>(
        "ticketrouting.tickets.reassigned", "{ticket}", "Tickets reassigned by hand, by the department they were moved away from (misroutes).");
    private static readonly Counter<long> LoginFailures = Meter.CreateCounter<long>(
        "ticketrouting.login.failures", "{attempt}", "Failed logins (unknown user, wrong password, locked or inactive account).");
    private static readonly Counter<long> Lockouts = Meter.CreateCounter<long>(
        "ticketrouting.login.lockouts", "{attempt}", "Failed logins on a locked account.");

    /// <summary>A ticket was saved with its routing decision (call after the commit).</summary>
    public static void TicketRouted(string department, string classifier, bool needsReview)
    {
        var tags = new TagList { { "department", department }, { "classifier", classifier } };
        Routed.Add(1, tags);
        if (needsReview)
        {
            NeedsReview.Add(1, tags);
        }
    }

    /// <summary>A supervisor moved a ticket away from <paramref name="fromDepartment"/> (call after the commit).</summary>
    public static void TicketReassigned(string fromDepartment, string toDepartment) =>
        Reassigned.Add(1, new TagList { { "department", fromDepartment }, { "to_department", toDepartment } });

    public static void LoginFailed(bool locked)
    {
        LoginFailures.Add(1);
        if (locked)
        {
            Lockouts.Add(1);
        }
    }

    /// <summary>A span of the intake (classify, claim, commit); null when nobody listens.</summary>
    public static Activity? StartIntakeStep(string step, string? ticketKey = null)
    {
        var activity = ActivitySource.StartActivity($"ticket.{step}");
        if (ticketKey is not null)
        {
            activity?.SetTag("ticket.key", ticketKey);
        }

        return activity;
    }
}
