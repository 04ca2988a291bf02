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

    // Intake (group commit of POST /api/ticket): explicit buckets, the SDK's default ones are for milliseconds.
    private static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram(
        "ticketrouting.intake.batch.size", "{ticket}", "Tickets written by one intake transaction (group commit).",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000] });
    private static readonly Histogram<double> TransactionDuration = Meter.CreateHistogram(
        "ticketrouting.intake.transaction.duration", "s", "One intake batch's transaction, begin to commit, retries included.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
    private static readonly Histogram<double> QueueWait = Meter.CreateHistogram(
        "ticketrouting.intake.queue_wait.duration", "s", "Time a classified ticket waited in the intake queue for the writer.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    /// <summary>The writer committed (or gave up on) a batch; <paramref name="outcome"/>: committed, retried_one_by_one, unavailable, failed.</summary>
    public static void IntakeBatchWritten(int size, TimeSpan transaction, string outcome)
    {
        var tags = new TagList { { "outcome", outcome } };
        BatchSize.Record(size, tags);
        TransactionDuration.Record(transaction.TotalSeconds, tags);
    }

    /// <summary>A ticket left the intake queue for a batch.</summary>
    public static void IntakeQueueWaited(TimeSpan wait) => QueueWait.Record(wait.TotalSeconds);

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

    /// <summary>
    /// A span that already happened (queue wait, commit), measured by the caller: from <paramref name="start"/> to
    /// <paramref name="end"/>, under the current span; links tie a batch to its requests.
    /// </summary>
    public static void RecordIntakeStep(
        string step, DateTimeOffset start, DateTimeOffset end, int? batchSize = null, IEnumerable<ActivityLink>? links = null)
    {
        using var activity = ActivitySource.StartActivity($"ticket.{step}", ActivityKind.Internal, default(ActivityContext), links: links, startTime: start);
        if (activity is null)
        {
            return;
        }

        if (batchSize is { } size)
        {
            activity.SetTag("ticket.batch_size", size);
        }

        activity.SetEndTime(end.UtcDateTime);
    }

    /// <summary>A span of the intake (classify, claim, insert, batch); null when nobody listens.</summary>
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
