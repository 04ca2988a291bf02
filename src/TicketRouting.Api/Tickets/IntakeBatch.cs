using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Agents;
using TicketRouting.Api.Webhooks;
using TicketRouting.Api.Workflow;
using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing;
using TicketRouting.Core.Routing.Policies;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

/// <summary>
/// One try at writing a batch of tickets, inside the caller's transaction: find or add the batch's customers before
/// any department lock, then lock each department of the batch once (in
/// id order, as every claim does) and read the agents' loads once, assign the tickets one
/// after another in memory with <see cref="RoutingPolicy"/> (eligibility by availability, capacity, shift, absence,
/// language and skills; the returning customer's last agent), then insert everything with plain SQL
/// (<see cref="IntakeInserts"/>; SQL Server: one SaveChanges). On SQLite the transaction already holds the database's
/// only write lock (BEGIN IMMEDIATE), which is every department's; on PostgreSQL the row locks and the reads go in one
/// command (<see cref="IntakeSnapshot"/>), and a department another process holds at that moment is not waited for
/// until its tickets were put off a few batches (<see cref="LockPlan"/>). A customer's last assigned ticket is read before the locks: a ticket another
/// process commits for the same customer in between is not seen by the returning-customer preference (loads and
/// capacity are read under the locks). Everything is built afresh on each try, so a retried batch starts clean.
/// </summary>
internal sealed class IntakeBatch(
    TicketsDbContext db, DepartmentWorkload workload, SlaOptions sla, IntakeProfile profile,
    WebhookOutbox outbox, WorkflowRunner workflow, TicketReader reader, RoutingPolicy policy, AgentScheduleCache schedules,
    int maxDeferrals)
{
    /// <summary>When the last try took the department locks (a <see cref="IntakeProfile"/> timestamp; 0 when not profiling).</summary>
    public long LockedAt { get; private set; }

    /// <summary>When the last try's own work started, inside the transaction (an <see cref="IntakeProfile"/> timestamp).</summary>
    public long WorkStartedAt { get; private set; }

    /// <summary>
    /// The batch's answers, in its order; null for a ticket not written by this batch (PostgreSQL: its department was
    /// locked by another transaction, see <see cref="LockPlan"/>), which the writer puts in its next batch.
    /// </summary>
    public Task<List<TicketResponse?>> WriteAsync(IReadOnlyList<PendingTicket> batch, DateTimeOffset now, CancellationToken ct) =>
        IdempotentIntake.Applies(batch)
            ? IdempotentIntake.WriteAsync(db, batch, now, fresh => WriteUnseenAsync(fresh, now, ct), ct)
            : WriteUnseenAsync(batch, now, ct);

    // Imported tickets whose source id is already stored are answered with that ticket, not written again.
    private Task<List<TicketResponse?>> WriteUnseenAsync(IReadOnlyList<PendingTicket> batch, DateTimeOffset now, CancellationToken ct) =>
        SourcedIntake.WriteAsync(db, reader, batch, unseen => WriteNewAsync(unseen, now, ct), ct);

    private async Task<List<TicketResponse?>> WriteNewAsync(IReadOnlyList<PendingTicket> batch, DateTimeOffset now, CancellationToken ct)
    {
        var phase = profile.Start();
        WorkStartedAt = phase;
        // Everything that needs no department lock comes first, so that on a server the locks are held only for
        // the snapshot, one command of inserts and the commit while the other processes wait for them: the
        // customers (found or added; new ones in e-mail order, so two processes adding the same two customers take
        // their unique keys in the same order). The batch's ticket ids (PostgreSQL), the active webhook
        // subscriptions and the workflow rules come with the snapshot: under the locks, but in the same round trip
        // (SQL Server, which keeps EF Core: read here).
        var plainSql = IntakeInserts.Supports(db);
        if (!plainSql)
        {
            await outbox.PreloadAsync(ct); // plain SQL: in the snapshot command below
            await workflow.PreloadAsync(ct);
        }

        var departmentIds = batch.Select(t => t.Department.Id).Distinct().Order().ToList();
        var (customers, previous) = await FindOrAddCustomersAsync(batch, now, ct);
        if (plainSql && db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(ct); // new customers first: the tickets refer to their ids
        }

        var inserts = plainSql ? new IntakeInserts(db) : null;
        IReadOnlyList<int> ticketIds = [];
        phase = profile.Lap(IntakePhase.Read, phase);

        // Span of the locks, the reads and the assignment in memory.
        var claim = TicketRoutingTelemetry.StartIntakeStep("claim")?.SetTag("ticket.batch_size", batch.Count);
        Dictionary<int, List<AgentCandidate>> candidates;
        HashSet<int>? locked = null; // null: every department of the batch is locked
        if (plainSql)
        {
            // One round trip: locks, the batch's ticket ids (PostgreSQL) and reads (a second one only when shifts or
            // absences changed since the last batch).
            var scheduleCache = policy.Options.Policies.Enabled ? schedules : null;
            var locks = db.Provider == DatabaseProvider.Postgres ? LockPlan(batch, departmentIds) : null;
            var extras = new IntakeSnapshot.Extras(inserts!.ReserveTicketIdsSql(batch.Count));
            candidates = await IntakeSnapshot.LockAndReadAsync(db, departmentIds, locks, now, scheduleCache, extras, ct);
            if (locks is not null && extras.Locked.Count == 0)
            {
                // Another process holds every department of the batch: wait for them, so that every batch writes
                // something (no retry loop), and read the agents again under the locks.
                var waited = new IntakeSnapshot.Extras(null);
                waited.TicketIds.AddRange(extras.TicketIds);
                extras = waited;
                candidates = await IntakeSnapshot.LockAndReadAsync(
                    db, departmentIds, new IntakeSnapshot.DepartmentLocks(departmentIds, []), now, scheduleCache, extras, ct);
            }

            locked = locks is null || extras.Locked.Count == departmentIds.Count ? null : [.. extras.Locked];
            ticketIds = extras.TicketIds;
            outbox.UseActiveSubscriptions(extras.Subscriptions);
            workflow.UseActiveRules(extras.Rules);
        }
        else
        {
            await workload.LockAsync(departmentIds, ct);
            candidates = await CandidatesAsync(departmentIds, now, ct);
        }

        phase = profile.Lap(IntakePhase.Lock, phase);
        LockedAt = phase;

        var tickets = new List<(Ticket Ticket, AgentRef? Agent)>(batch.Count);
        var writing = new List<PendingTicket>(batch.Count); // the tickets of locked departments, in the batch's order
        var assigned = new List<int>();
        foreach (var pending in batch)
        {
            if (locked is not null && !locked.Contains(pending.Department.Id))
            {
                continue; // its department is another transaction's now: the next batch writes it
            }

            writing.Add(pending);
            var agents = candidates[pending.Department.Id];
            var customer = pending.CustomerEmail is { } email ? customers[email] : null;
            var routing = pending.Source?.Status == TicketStatus.Closed
                ? new RoutingChoice(new BalancerChoice(null, LeastLoadedBalancer.TieBreakNone, []), pending.Requirements, []) // loads nobody
                : policy.Choose(agents, new RoutingRequest(
                    pending.Requirements, now, customer is not null ? previous.GetValueOrDefault(customer.Id) : null));
            var choice = routing.Balancer;
            // Built before the load changes below: the routing record keeps the loads this ticket was decided on.
            var ticket = NewTicket(pending, routing, customer, now);
            if (ticketIds.Count > 0)
            {
                ticket.Id = ticketIds[tickets.Count];
            }

            if (!plainSql)
            {
                db.Tickets.Add(ticket);
            }

            if (choice.Agent is { } agent)
            {
                // The next ticket of the batch sees this one's load, as the next request would.
                var index = agents.FindIndex(c => c.AgentId == agent.AgentId);
                agents[index] = agent with { OpenTickets = agent.OpenTickets + 1, LastAssignedAt = now };
                if (!assigned.Contains(agent.AgentId))
                {
                    assigned.Add(agent.AgentId);
                }
            }

            tickets.Add((ticket, choice.Agent is { } a ? new AgentRef(a.AgentId, a.Name) : null));
        }

        if (assigned.Count > 0 && !plainSql)
        {
            // The tie-break's "least recently assigned": one statement for every agent of the batch.
            await db.Agents.Where(a => assigned.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastAssignedAt, now), ct);
        }

        claim?.Dispose();
        phase = profile.Lap(IntakePhase.Assign, phase);
        using var insert = TicketRoutingTelemetry.StartIntakeStep("insert")?.SetTag("ticket.batch_size", batch.Count);
        if (inserts is not null)
        {
            await inserts.InsertAsync(tickets.Select(t => t.Ticket).ToList(), assigned, now, ct); // with the agents' last assignment
        }
        else
        {
            await db.SaveChangesAsync(ct);
        }

        phase = profile.Lap(IntakePhase.Save, phase);

        var responses = writing.Select((pending, i) => Respond(pending, tickets[i].Ticket, tickets[i].Agent, now)).ToList();
        await AnnounceAsync(writing, tickets, responses, ct);
        profile.Lap(IntakePhase.Announce, phase);
        if (writing.Count == batch.Count)
        {
            return [.. responses];
        }

        var answers = writing.Zip(responses).ToDictionary(w => w.First, w => w.Second);
        profile.Deferred(batch.Count - writing.Count);
        return batch.Select(pending => answers.GetValueOrDefault(pending)).ToList();
    }

    /// <summary>
    /// PostgreSQL: a batch waits only for the departments of tickets already put off <c>Intake:MaxDeferrals</c> times
    /// (0: for every department, as each claim does), and takes the others only if they are free. Two processes
    /// writing at the same moment then write different departments side by side instead of taking turns on the locks:
    /// the tickets of a department the other process holds go into this process's next batch, first, and after
    /// MaxDeferrals batches their department is waited for, so that no ticket waits for ever.
    /// </summary>
    private IntakeSnapshot.DepartmentLocks LockPlan(IReadOnlyList<PendingTicket> batch, List<int> departmentIds)
    {
        if (maxDeferrals == 0)
        {
            return new(departmentIds, []);
        }

        var wait = batch.Where(p => p.Deferrals >= maxDeferrals).Select(p => p.Department.Id).Distinct().Order().ToList();
        return new(wait, departmentIds.Except(wait).ToList());
    }

    /// <summary>
    /// The new tickets' webhook events (outbox rows) and workflow rules, in the batch's transaction: a batch that
    /// rolls back announces nothing. A ticket the rules changed is answered as it now is.
    /// </summary>
    private async Task AnnounceAsync(
        IReadOnlyList<PendingTicket> batch, List<(Ticket Ticket, AgentRef? Agent)> tickets, List<TicketResponse> responses, CancellationToken ct)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            var (ticket, agent) = tickets[i];
            var decision = batch[i].Decision;
            await outbox.AddAsync(ticket, WebhookEventTypes.Created, new { actor = batch[i].User.Name }, ct);
            await outbox.AddAsync(ticket, WebhookEventTypes.Routed, new
            {
                department = decision.Department,
                predictedDepartment = decision.Classification.Department,
                confidence = Math.Round(decision.Classification.Confidence, 4),
                needsReview = decision.NeedsReview,
                classifier = decision.Classification.Classifier,
            }, ct);
            if (ticket.Status != TicketStatus.Closed)
            {
                await (agent is null
                    ? outbox.AddAsync(ticket, WebhookEventTypes.Queued, new { reason = "no available agent below capacity" }, ct)
                    : outbox.AddAsync(ticket, WebhookEventTypes.Assigned, new { agentId = agent.Id, agent = agent.Name }, ct));
            }

            if (ticket.Status != TicketStatus.Open) // an imported ticket's status in the system it comes from
            {
                await outbox.AddAsync(ticket, WebhookEventTypes.StatusChanged,
                    new { from = StatusNames.Name(TicketStatus.Open), to = StatusNames.Name(ticket.Status), actor = batch[i].User.Name }, ct);
            }

            if (await workflow.RunAsync(ticket.Id, WebhookEventTypes.Created, ct) && await reader.FindAsync(ticket.Id, ct) is { } changed)
            {
                responses[i] = changed with { Customer = responses[i].Customer };
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Every agent of the batch's departments with their open-ticket count and profile (two queries in all).</summary>
    private async Task<Dictionary<int, List<AgentCandidate>>> CandidatesAsync(List<int> departmentIds, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await AgentCandidates.ReadAsync(
            db, db.Agents.Where(a => departmentIds.Contains(a.DepartmentId)), now, ct, policy.Options.Policies.Enabled);
        return departmentIds.ToDictionary(id => id, id => rows.Where(r => r.DepartmentId == id).Select(r => r.Candidate).ToList());
    }

    /// <summary>
    /// One customer per e-mail address: those already stored are read in one query, new ones are added once even
    /// when several tickets of the batch bring them. Another process adding the same address first makes the
    /// insert fail on the unique key; the transaction runner then retries the batch, which reads it.
    /// The same query brings each stored customer's last assigned ticket (its agent and time), for the returning-customer rule.
    /// </summary>
    private async Task<(Dictionary<string, Customer> Customers, Dictionary<int, PreviousTicket> Previous)> FindOrAddCustomersAsync(
        IReadOnlyList<PendingTicket> batch, DateTimeOffset now, CancellationToken ct)
    {
        var emails = batch.Where(t => t.CustomerEmail is not null).Select(t => t.CustomerEmail!).Distinct().ToList();
        if (emails.Count == 0)
        {
            return ([], []);
        }

        Dictionary<string, Customer> customers;
        Dictionary<int, PreviousTicket> previous = [];
        if (policy.Options.Policies.Enabled && policy.Options.StickyDays > 0)
        {
            // The returning-customer rule's last ticket comes with the customer, only from within the rule's window.
            var since = now - TimeSpan.FromDays(policy.Options.StickyDays);
            var stored = await db.Customers.Where(c => emails.Contains(c.Email))
                .Select(c => new
                {
                    Customer = c,
                    Last = c.Tickets.Where(t => t.AssigneeId != null && t.CreatedAt >= since).OrderByDescending(t => t.CreatedAt)
                        .Select(t => new { t.AssigneeId, t.CreatedAt }).FirstOrDefault(),
                })
                .ToListAsync(ct);
            customers = stored.ToDictionary(s => s.Customer.Email, s => s.Customer);
            previous = stored.Where(s => s.Last is not null)
                .ToDictionary(s => s.Customer.Id, s => new PreviousTicket(s.Last!.AssigneeId!.Value, s.Last.CreatedAt));
        }
        else
        {
            customers = await db.Customers.Where(c => emails.Contains(c.Email)).ToDictionaryAsync(c => c.Email, ct);
        }

        foreach (var pending in batch.Where(t => t.CustomerEmail is not null).OrderBy(t => t.CustomerEmail, StringComparer.Ordinal))
        {
            if (!customers.TryGetValue(pending.CustomerEmail!, out var customer))
            {
                customer = new Customer { Email = pending.CustomerEmail!, Name = pending.CustomerName, CreatedAt = now };
                db.Customers.Add(customer);
                customers.Add(customer.Email, customer);
            }
            else if (customer.Name is null && pending.CustomerName is not null)
            {
                customer.Name = pending.CustomerName;
            }
        }

        return (customers, previous);
    }

    private Ticket NewTicket(PendingTicket pending, RoutingChoice routing, Customer? customer, DateTimeOffset now)
    {
        var choice = routing.Balancer;
        var created = pending.Source?.CreatedAt ?? now;
        var ticket = new Ticket
        {
            Subject = pending.Subject,
            Description = pending.Request.Description,
            Priority = pending.Priority,
            DepartmentId = pending.Department.Id,
            AssigneeId = choice.Agent?.AgentId,
            Customer = customer,
            CustomerId = customer is { Id: > 0 } ? customer.Id : null,
            CreatedByUserId = pending.User.RecordedId,
            Status = pending.Source?.Status ?? TicketStatus.Open,
            SourceId = pending.Source?.Id,
            CreatedAt = created,
            UpdatedAt = now,
            DueAt = sla.DueAt(created, pending.Priority),
            Tags = pending.Tags.Select(t => new TicketTag { Tag = t }).ToList(),
            Routing = TicketRecords.Routing(pending, choice, now),
        };
        ticket.Events.AddRange(TicketRecords.History(pending, routing, now));
        return ticket;
    }

    private static TicketResponse Respond(PendingTicket pending, Ticket ticket, AgentRef? agent, DateTimeOffset now) =>
        TicketMapper.ToResponse(
            ticket,
            pending.Department,
            agent,
            // The portal gets back what it sent, not a name another portal may have stored.
            ticket.Customer is { } c ? new CustomerRef(c.Id, c.Email, pending.User.IsPortal ? pending.CustomerName : c.Name) : null,
            now);
}
