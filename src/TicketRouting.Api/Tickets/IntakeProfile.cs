using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace TicketRouting.Api.Tickets;

public enum IntakePhase
{
    /// <summary>On the request's thread: classification and preparing the ticket.</summary>
    Classify,

    /// <summary>From joining the queue to the start of the batch that holds the ticket.</summary>
    QueueWait,

    /// <summary>The department locks of a batch, waiting for them included, with the agents' snapshot read under them.</summary>
    Lock,

    /// <summary>Before the locks: webhook subscriptions, workflow rules, customers (found or added).</summary>
    Read,

    /// <summary>Balancing in memory, building the entities, marking the agents.</summary>
    Assign,

    /// <summary>SaveChanges: the batched inserts.</summary>
    Save,

    /// <summary>A whole transaction of the writer (begin to commit, retries included).</summary>
    Transaction,

    /// <summary>From holding the department locks (snapshot read) to the end of the commit that releases them.</summary>
    Held,

    /// <summary>After the inserts: the webhook events (outbox rows) and workflow rules of the batch's tickets.</summary>
    Announce,

    /// <summary>From the end of the batch's work to the end of its commit.</summary>
    Commit,

    /// <summary>Before the work: the writer's scope, its services, and the transaction's start (SQLite: BEGIN IMMEDIATE).</summary>
    Begin,
}

/// <summary>
/// Stopwatch timing of intake's phases when <c>Intake:Profile</c> is on (load tests): cheap enough to leave in,
/// and a no-op otherwise. Totals are per process since start; the writer logs them every few seconds.
/// </summary>
public sealed class IntakeProfile(IOptions<IntakeOptions> options)
{
    private readonly bool _enabled = options.Value.Profile;
    private readonly long[] _ticks = new long[Enum.GetValues<IntakePhase>().Length];
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private long _batches;
    private long _tickets;
    private long _largestBatch;
    private long _deferred;

    public bool Enabled => _enabled;

    public long Start() => _enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Adds the time since <paramref name="since"/> to the phase; returns now, the start of the next phase.</summary>
    public long Lap(IntakePhase phase, long since)
    {
        if (!_enabled)
        {
            return 0;
        }

        var now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref _ticks[(int)phase], now - since);
        return now;
    }

    /// <summary>Adds the time from <paramref name="since"/> to <paramref name="until"/> to the phase.</summary>
    public void Lap(IntakePhase phase, long since, long until)
    {
        if (_enabled)
        {
            Interlocked.Add(ref _ticks[(int)phase], until - since);
        }
    }

    public void Batch(int size)
    {
        if (_enabled)
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _tickets, size);
            if (size > Interlocked.Read(ref _largestBatch))
            {
                Interlocked.Exchange(ref _largestBatch, size);
            }
        }
    }

    /// <summary>Tickets a batch put off because another transaction held their department (PostgreSQL).</summary>
    public void Deferred(int count)
    {
        if (_enabled)
        {
            Interlocked.Add(ref _deferred, count);
        }
    }

    public override string ToString()
    {
        var batches = Math.Max(1, Interlocked.Read(ref _batches));
        var tickets = Math.Max(1, Interlocked.Read(ref _tickets));
        var wall = Stopwatch.GetElapsedTime(_startedAt).TotalMilliseconds;
        string PerTicket(IntakePhase p) => $"{Ms(p) * 1000 / tickets:0.0}";
        string PerBatch(IntakePhase p) => $"{Ms(p) / batches:0.00}";
        return $"{_tickets} tickets in {_batches} batches (mean {(double)_tickets / batches:0.0}, largest {_largestBatch}; "
            + $"{Interlocked.Read(ref _deferred)} put off to a later batch); "
            + $"writer busy {Ms(IntakePhase.Transaction) / wall:P0} of {wall / 1000:0.0} s; "
            + $"per batch ms: lock {PerBatch(IntakePhase.Lock)}, read {PerBatch(IntakePhase.Read)}, assign {PerBatch(IntakePhase.Assign)}, "
            + $"save {PerBatch(IntakePhase.Save)}, announce {PerBatch(IntakePhase.Announce)}, "
            + $"begin {PerBatch(IntakePhase.Begin)}, commit {PerBatch(IntakePhase.Commit)}, transaction {PerBatch(IntakePhase.Transaction)}, locks held after the snapshot {PerBatch(IntakePhase.Held)}; "
            + $"per ticket µs: classify {PerTicket(IntakePhase.Classify)}, queue wait {PerTicket(IntakePhase.QueueWait)}, "
            + $"writer {PerTicket(IntakePhase.Transaction)}";
    }

    private double Ms(IntakePhase phase) =>
        Interlocked.Read(ref _ticks[(int)phase]) * 1000.0 / Stopwatch.Frequency;
}
