using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Core.Classification;
using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing.Policies;

namespace TicketRouting.Api.Tickets;

/// <summary>Group commit of POST /api/ticket (issue 10).</summary>
public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>At most this many waiting tickets are written by one transaction.</summary>
    [Range(1, 1000)]
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>
    /// Under load (the previous batch held more than one ticket), a batch smaller than this waits up to
    /// <see cref="LingerMilliseconds"/> for more tickets before it is written (0: never waits).
    /// </summary>
    [Range(0, 1000)]
    public int LingerMinBatch { get; set; } = 8;

    /// <summary>How long a small batch waits for more tickets under load (0: never waits; at most 10 s).</summary>
    [Range(0, 10_000)]
    public double LingerMilliseconds { get; set; } = 1;

    /// <summary>
    /// PostgreSQL: how many batches may put a ticket off because another transaction (another process's batch) holds
    /// its department at that moment, before a batch waits for that department's lock (0: every batch waits for every
    /// department of its tickets). A batch whose departments are all held waits for them at once.
    /// </summary>
    [Range(0, 100)]
    public int MaxDeferrals { get; set; } = 4;

    /// <summary>Tickets that may wait for the writer before new requests wait to join the queue.</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 4096;

    /// <summary>Time the writer's phases and log a summary every few seconds (for load tests).</summary>
    public bool Profile { get; set; }
}

/// <summary>
/// A classified ticket waiting for the writer. Everything that needs no database (trimming, tags, the JSON of
/// the decision) is prepared on the request's thread, so that the single writer only does what must be serial.
/// </summary>
public sealed class PendingTicket(
    CreateTicketRequest request,
    CurrentUser user,
    DepartmentDecision decision,
    DepartmentRef department,
    TicketPriority priority,
    TicketRequirements requirements)
{
    public CreateTicketRequest Request { get; } = request;
    public CurrentUser User { get; } = user;
    public DepartmentDecision Decision { get; } = decision;
    public DepartmentRef Department { get; } = department;
    public TicketPriority Priority { get; } = priority;
    public string Subject { get; } = request.Subject.Trim();
    public IReadOnlyList<string> Tags { get; } = TagRules.Normalize(request.Tags).ToList();
    public string? CustomerEmail { get; } = request.Customer?.Email.Trim().ToLowerInvariant();
    public string? CustomerName { get; } = request.Customer?.Name?.Trim();
    public string ScoresJson { get; } = TicketMapper.Serialize(
        decision.Classification.Scores.ToDictionary(s => s.Key, s => Math.Round(s.Value, 4)));
    public string EvidenceJson { get; } = TicketMapper.Serialize(decision.Classification.Evidence.Take(20));
    /// <summary>Language and skills the agent needs: the request's, else the language detected from the text.</summary>
    public TicketRequirements Requirements { get; } = requirements;
    public string RoutedJson { get; } = TicketMapper.Serialize(new
    {
        predicted = decision.Classification.Department,
        confidence = Math.Round(decision.Classification.Confidence, 4),
        needsReview = decision.NeedsReview,
        language = requirements.Language,
        requiredSkills = requirements.RequiredSkills.Order(StringComparer.Ordinal),
        optionalSkills = requirements.OptionalSkills.Order(StringComparer.Ordinal),
    });

    public long EnqueuedAt { get; } = Stopwatch.GetTimestamp();

    /// <summary>Wall-clock time of joining the queue (the queue-wait span's start).</summary>
    public DateTimeOffset QueuedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>How long the ticket waited before the writer took it: measured once, for both the histogram and the span.</summary>
    public TimeSpan QueueWait { get; private set; }

    /// <summary>The request's span, so that the writer's batch span can link to the requests it serves.</summary>
    public ActivityContext RequestSpan { get; } = Activity.Current?.Context ?? default;

    /// <summary>How many batches have put this ticket off so far (its department was another process's; writer only).</summary>
    internal int Deferrals { get; set; }

    /// <summary>The request's Idempotency-Key, if it sent one (see <see cref="IdempotentIntake"/>).</summary>
    public IdempotencyClaim? Idempotency { get; init; }

    /// <summary>An imported ticket's id, status and creation date in the system it comes from (see <see cref="SourcedIntake"/>).</summary>
    public TicketSource? Source { get; init; }

    // Continuations run on the thread pool, not on the writer's thread.
    private readonly TaskCompletionSource<TicketResponse> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TicketResponse> Completion => _completion.Task;

    // 0: waiting in the queue, 1: taken into a batch by the writer, 2: withdrawn by its request (never written).
    private int _state;

    /// <summary>The writer takes the ticket into a batch, unless its request withdrew it first.</summary>
    public bool TryTake()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            return false;
        }

        QueueWait = Stopwatch.GetElapsedTime(EnqueuedAt);
        TicketRoutingTelemetry.IntakeQueueWaited(QueueWait);
        return true;
    }

    /// <summary>The request gives up while the ticket still waits in the queue, so it will never be written.</summary>
    public bool TryWithdraw() => Interlocked.CompareExchange(ref _state, 2, 0) == 0;

    public void Complete(TicketResponse ticket) => _completion.TrySetResult(ticket);

    public void Fail(Exception error) => _completion.TrySetException(error);
}

/// <summary>
/// The in-process intake queue: requests classify in parallel, then wait here for <see cref="IntakeBatchWriter"/>,
/// which writes what is waiting in one transaction. A request's task completes only after the commit holding its ticket.
/// </summary>
public sealed class IntakeQueue(IOptions<IntakeOptions> options)
{
    private readonly Channel<PendingTicket> _channel = Channel.CreateBounded<PendingTicket>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<PendingTicket> Reader => _channel.Reader;

    public async Task<TicketResponse> SubmitAsync(PendingTicket ticket, CancellationToken ct)
    {
        if (!_channel.Writer.TryWrite(ticket))
        {
            try
            {
                await _channel.Writer.WriteAsync(ticket, ct);
            }
            catch (ChannelClosedException ex)
            {
                throw new ConcurrencyExhaustedException(ex);
            }
        }

        try
        {
            return await ticket.Completion.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested && !ticket.TryWithdraw())
        {
            // Already taken into a batch: the batch's outcome (bounded by Database:WaitSeconds) is the answer, so that
            // a request never reports failure for a ticket that was written.
            return await ticket.Completion;
        }
    }

    /// <summary>No new tickets (the service is stopping): they get a 503 and may be sent again.</summary>
    public void Close() => _channel.Writer.TryComplete();
}
