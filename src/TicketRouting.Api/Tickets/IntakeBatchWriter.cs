using System.Diagnostics;
using Microsoft.Extensions.Options;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Core.Routing.Policies;
using TicketRouting.Data;

namespace TicketRouting.Api.Tickets;

/// <summary>
/// The one writer of this process's intake queue (group commit): takes what is waiting, up to
/// <c>Intake:MaxBatchSize</c>, and writes it in one transaction through <see cref="TransactionRunner"/> (bounded
/// retries on conflicts, then 503 for that batch only, nothing written). A batch that fails otherwise (a ticket the
/// database refuses) is written again one ticket per transaction, so that only the failing ticket fails.
/// </summary>
public sealed partial class IntakeBatchWriter(
    IntakeQueue queue,
    IServiceScopeFactory scopes,
    IOptions<IntakeOptions> options,
    IOptions<SlaOptions> sla,
    IntakeProfile profile,
    RoutingPolicy policy,
    TimeProvider clock,
    ILogger<IntakeBatchWriter> logger) : BackgroundService
{
    private static readonly TimeSpan ProfileEvery = TimeSpan.FromSeconds(2);

    // Tickets the last batch put off (their department was another process's at that moment): first in the next one.
    private readonly List<PendingTicket> _putOff = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingTicket>(options.Value.MaxBatchSize);
        var lastReport = Stopwatch.GetTimestamp();
        var underLoad = false; // the previous batch held more than one ticket: a small batch may linger
        try
        {
            while (_putOff.Count > 0 || await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.AddRange(_putOff);
                _putOff.Clear();
                TakeWaiting(batch, options.Value.MaxBatchSize);
                if (batch.Count == 0)
                {
                    continue;
                }

                if (underLoad && batch.Count < LingerTarget && options.Value.LingerMilliseconds > 0)
                {
                    await LingerAsync(batch, stoppingToken);
                }

                underLoad = batch.Count > 1;

                // A batch in flight is finished even when the service is stopping: its requests are waiting for it.
                await WriteAsync(batch, CancellationToken.None);
                batch.Clear();
                if (profile.Enabled && Stopwatch.GetElapsedTime(lastReport) > ProfileEvery)
                {
                    LogProfile(profile.ToString());
                    lastReport = Stopwatch.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: answer what is still waiting below.
        }

        queue.Close();
        var stopping = new ConcurrencyExhaustedException(new OperationCanceledException("The service is stopping."));
        _putOff.ForEach(p => p.Fail(stopping));
        while (queue.Reader.TryRead(out var pending))
        {
            pending.Fail(stopping);
        }
    }

    /// <summary>Moves the tickets waiting in the queue into the batch, up to <paramref name="limit"/> tickets in all.</summary>
    private void TakeWaiting(List<PendingTicket> batch, int limit)
    {
        while (batch.Count < limit && queue.Reader.TryRead(out var pending))
        {
            if (!pending.TryTake())
            {
                continue; // its request gave up (timeout, client gone) before it was written: never written
            }

            profile.Lap(IntakePhase.QueueWait, pending.EnqueuedAt);
            batch.Add(pending);
        }
    }

    private int LingerTarget => Math.Min(options.Value.LingerMinBatch, options.Value.MaxBatchSize);

    /// <summary>
    /// Under load, a batch below <c>Intake:LingerMinBatch</c> (8) waits up to <c>Intake:LingerMilliseconds</c> (1) for
    /// more tickets, as PostgreSQL's own commit_delay/commit_siblings do for commits: each batch's cost is mostly fixed
    /// (the snapshot, the insert command and the commit, a round trip each on a server; on PostgreSQL the department
    /// locks other processes wait for), so fuller batches cost less per ticket. "Under load" means the previous batch
    /// held more than one ticket, so a lone ticket at a quiet time is written at once. Stopping ends the wait; the
    /// batch is written as it is. Measured: README, "Intake, fourth pass".
    /// </summary>
    private async Task LingerAsync(List<PendingTicket> batch, CancellationToken stoppingToken)
    {
        using var linger = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        linger.CancelAfter(TimeSpan.FromMilliseconds(options.Value.LingerMilliseconds));
        try
        {
            while (batch.Count < LingerTarget && await queue.Reader.WaitToReadAsync(linger.Token))
            {
                TakeWaiting(batch, LingerTarget);
            }
        }
        catch (OperationCanceledException)
        {
            // The linger is over (or the service is stopping): write what was taken.
        }
    }

    private async Task WriteAsync(List<PendingTicket> batch, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        // One span per batch, linked to the requests it answers (each request's trace shows its own queue wait).
        using var span = TicketRoutingTelemetry.ActivitySource.StartActivity(
            "ticket.batch", ActivityKind.Internal, default(ActivityContext),
            links: batch.Where(p => p.RequestSpan != default).Select(p => new ActivityLink(p.RequestSpan)));
        span?.SetTag("ticket.batch_size", batch.Count);
        var outcome = "failed";
        try
        {
            var written = await WriteInOneTransactionAsync(batch, ct);
            outcome = "committed";
            for (var i = 0; i < batch.Count; i++)
            {
                if (written[i] is { } ticket)
                {
                    batch[i].Complete(ticket);
                }
                else
                {
                    batch[i].Deferrals++;
                    _putOff.Add(batch[i]);
                }
            }
        }
        catch (ConcurrencyExhaustedException ex)
        {
            // Bounded retries ran out (a busy database): this batch's requests get 503 + Retry-After; nothing was written.
            outcome = "unavailable";
            batch.ForEach(p => p.Fail(ex));
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            outcome = "retried_one_by_one";
            LogBatchFailed(batch.Count, ex.GetBaseException().Message);
            foreach (var pending in batch)
            {
                await WriteAsync([pending], ct);
            }
        }
        catch (Exception ex)
        {
            batch.ForEach(p => p.Fail(ex));
        }
        finally
        {
            span?.SetTag("ticket.outcome", outcome);
            TicketRoutingTelemetry.IntakeBatchWritten(batch.Count, Stopwatch.GetElapsedTime(started), outcome);
        }
    }

    private async Task<List<TicketResponse?>> WriteInOneTransactionAsync(List<PendingTicket> batch, CancellationToken ct)
    {
        var started = profile.Start();
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var write = new IntakeBatch(
            services.GetRequiredService<TicketsDbContext>(), services.GetRequiredService<DepartmentWorkload>(), sla.Value, profile,
            services.GetRequiredService<Webhooks.WebhookOutbox>(), services.GetRequiredService<Workflow.WorkflowRunner>(),
            services.GetRequiredService<TicketReader>(), policy, services.GetRequiredService<Agents.AgentScheduleCache>(),
            options.Value.MaxDeferrals);
        var workDone = DateTimeOffset.UtcNow;
        var workDoneAt = 0L;
        var written = await services.GetRequiredService<TransactionRunner>()
            .RunAsync(async token =>
            {
                var responses = await write.WriteAsync(batch, clock.GetUtcNow(), token);
                workDone = DateTimeOffset.UtcNow;
                workDoneAt = profile.Start();
                return responses;
            }, ct);
        TicketRoutingTelemetry.RecordIntakeStep("commit", workDone, DateTimeOffset.UtcNow, batch.Count); // the runner's commit
        profile.Lap(IntakePhase.Commit, workDoneAt);
        if (write.WorkStartedAt != 0)
        {
            profile.Lap(IntakePhase.Begin, started, write.WorkStartedAt); // the last try's start; retries count in Transaction
        }
        if (write.LockedAt != 0)
        {
            profile.Lap(IntakePhase.Held, write.LockedAt);
        }

        profile.Lap(IntakePhase.Transaction, started);
        profile.Batch(written.Count(w => w is not null));
        return written;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} tickets failed ({Reason}); writing them one by one")]
    private partial void LogBatchFailed(int count, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Intake profile: {Profile}")]
    private partial void LogProfile(string profile);
}
