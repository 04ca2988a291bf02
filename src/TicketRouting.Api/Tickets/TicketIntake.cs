using TicketRouting.Api.Auth;
using TicketRouting.Api.Classifier;
using TicketRouting.Api.Departments;
using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing.Policies;

namespace TicketRouting.Api.Tickets;

/// <summary>
/// POST /api/ticket: classify (in memory, on the request's thread, in parallel with other requests), then join
/// the intake queue; <see cref="IntakeBatchWriter"/> locks the department, claims the least-loaded eligible agent
/// (or queues the ticket) and saves it with its routing decision and history, together with the other tickets
/// waiting at that moment, in one transaction. The answer comes after that commit.
/// </summary>
public sealed partial class TicketIntake(
    IntakeQueue queue,
    ClassifierRuntime classifier,
    DepartmentDirectory departments,
    IntakeProfile profile,
    ILogger<TicketIntake> logger)
{
    public async Task<TicketResponse> CreateAsync(
        CreateTicketRequest request, CurrentUser user, CancellationToken ct, IdempotencyClaim? idempotency = null, TicketSource? source = null)
    {
        var started = profile.Start();
        var classify = TicketRoutingTelemetry.StartIntakeStep("classify");
        var decision = classifier.Decide(request.Subject, request.Description);
        if (source?.Department is { } given)
        {
            // The department the file gives wins; the routing record keeps what the classifier predicted.
            decision = decision with { Department = given, NeedsReview = false };
        }

        var department = departments.Find(decision.Department)
            ?? departments.Find(classifier.Policy.FallbackDepartment)
            ?? throw new InvalidOperationException($"Department '{decision.Department}' is not in the database.");
        var priority = request.Priority is null ? TicketPriority.Medium : ParsePriority(request.Priority);
        var requirements = TicketRequirements.Create(
            request.Language ?? LanguageDetector.Detect(request.Subject, request.Description),
            request.Skills?.Select(s => s.Trim().ToLowerInvariant()) ?? [],
            request.OptionalSkills?.Select(s => s.Trim().ToLowerInvariant()) ?? []);
        classify?.SetTag("ticket.department", department.Slug).Dispose(); // before the ticket joins the queue under the request's span
        var pending = new PendingTicket(request, user, decision, department, priority, requirements)
        {
            Idempotency = idempotency,
            Source = source,
        };
        profile.Lap(IntakePhase.Classify, started);

        var created = await queue.SubmitAsync(pending, ct);
        TicketRoutingTelemetry.RecordIntakeStep("queue_wait", pending.QueuedAt, pending.QueuedAt + pending.QueueWait);
        LogRouted(created.Key, created.Department.Slug, decision.Classification.Classifier, decision.Classification.Confidence,
            decision.NeedsReview, created.Assignee?.Name ?? "the queue");
        return created;
    }

    private static TicketPriority ParsePriority(string value) =>
        PriorityNames.TryParse(value, out var priority) ? priority : TicketPriority.Medium;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Routed {Key} to {Department} ({Classifier} {Confidence:0.00}, review: {NeedsReview}), assigned to {Agent}")]
    private partial void LogRouted(string key, string department, string classifier, double confidence, bool needsReview, string agent);
}
