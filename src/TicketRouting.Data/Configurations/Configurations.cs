using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketRouting.Core.Domain;
using TicketRouting.Data.Entities;

namespace TicketRouting.Data.Configurations;

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.Property(d => d.Slug).HasMaxLength(40);
        builder.Property(d => d.NameFr).HasMaxLength(100);
        builder.Property(d => d.NameEn).HasMaxLength(100);
        builder.HasIndex(d => d.Slug).IsUnique();
    }
}

internal sealed class AgentConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(100);
        builder.Property(a => a.Email).HasMaxLength(254);
        builder.HasIndex(a => a.Email).IsUnique();
        builder.HasIndex(a => a.DepartmentId);
        builder.HasIndex(a => a.UserId).IsUnique();
        builder.HasOne(a => a.Department).WithMany(d => d.Agents).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.User).WithOne(u => u.Agent).HasForeignKey<Agent>(a => a.UserId)
            .OnDelete(DeleteBehavior.SetNull);
        builder.Property(a => a.Skills).HasMaxLength(500);
        builder.Property(a => a.Languages).HasMaxLength(100);
        builder.Property(a => a.TimeZone).HasMaxLength(64).HasDefaultValue("UTC");
        // Kept by the triggers on Tickets only (see Agent.OpenTickets): never inserted or updated by EF Core.
        var openTickets = builder.Property(a => a.OpenTickets).HasDefaultValue(0).Metadata;
        openTickets.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        openTickets.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
    }
}

internal sealed class AgentShiftConfiguration : IEntityTypeConfiguration<AgentShift>
{
    public void Configure(EntityTypeBuilder<AgentShift> builder)
    {
        builder.HasOne(s => s.Agent).WithMany(a => a.Shifts).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.AgentId);
    }
}

internal sealed class AgentAbsenceConfiguration : IEntityTypeConfiguration<AgentAbsence>
{
    public void Configure(EntityTypeBuilder<AgentAbsence> builder)
    {
        builder.Property(a => a.Reason).HasMaxLength(200);
        builder.HasOne(a => a.Agent).WithMany(a => a.Absences).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.AgentId, a.To });
    }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.Property(u => u.Username).HasMaxLength(64);
        builder.Property(u => u.NormalizedUsername).HasMaxLength(64);
        builder.Property(u => u.DisplayName).HasMaxLength(100);
        builder.Property(u => u.PasswordHash).HasMaxLength(200);
        builder.Property(u => u.Role).HasMaxLength(20);
        builder.Property(u => u.SecurityStamp).HasMaxLength(64);
        builder.HasIndex(u => u.NormalizedUsername).IsUnique();
    }
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.HasIndex(c => c.Email).IsUnique();
    }
}

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    // Same text as the query filter below produces; quoted identifiers read the same on SQLite, PostgreSQL and SQL Server.
    private const string LiveTickets = "\"DeletedAt\" IS NULL";

    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.Property(t => t.Subject).HasMaxLength(200);
        builder.Property(t => t.Description).HasMaxLength(20_000);
        builder.Ignore(t => t.Key);
        builder.HasQueryFilter(t => t.DeletedAt == null);
        // The open-ticket counter's triggers (migration OpenTicketCounter): EF Core then reads generated values back
        // without RETURNING/OUTPUT, which SQL Server refuses on tables with triggers.
        builder.ToTable(tb => tb.HasTrigger(OpenTicketTriggers.Name));
        builder.HasOne(t => t.Department).WithMany().OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(t => t.Assignee).WithMany(a => a.Tickets).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(t => t.Customer).WithMany(c => c.Tickets).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(t => t.Tags).WithOne().HasForeignKey(t => t.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Events).WithOne().HasForeignKey(e => e.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(t => t.Routing).WithOne().HasForeignKey<RoutingRecord>(r => r.TicketId)
            .OnDelete(DeleteBehavior.Cascade);

        // Load counts (assignee + status), the department queue (department, assignee null, priority, age)
        // and the default listing (newest first) are the hot queries.
        builder.HasIndex(t => new { t.AssigneeId, t.Status });

        // Every agent's open-ticket count (the intake's candidate snapshot, the workload view, reassignment): an index
        // that holds only live, not-closed tickets, so the count reads the agent's open tickets only (the index above
        // walks every ticket the agent ever closed too, and reads a table row for each to test the deleted flag). Status
        // and DeletedAt are columns of it so that SQLite counts from the index alone (it does not treat the filter's
        // terms as covered). The filter reads as EF Core and IntakeSql write the predicate (3 = TicketStatus.Closed) so
        // SQLite matches it.
        builder.HasIndex(t => new { t.AssigneeId, t.Status, t.DeletedAt }, "IX_Tickets_AssigneeId_Open")
            .HasFilter($"{LiveTickets} AND \"Status\" <> {(int)TicketStatus.Closed}");
        builder.HasIndex(t => new { t.DepartmentId, t.Status, t.AssigneeId, t.Priority, t.CreatedAt });

        // Every ticket query carries the soft-delete filter, so the listing indexes are partial on it: the newest-first
        // page and the total count (SQLite has no stored row count) then read a narrow index instead of the table,
        // 10 ms -> 1-2 ms over 100,000 tickets (tests/TicketRouting.Benchmarks -- --plans).
        builder.HasIndex(t => t.CreatedAt).HasFilter(LiveTickets);
        builder.HasIndex(t => t.UpdatedAt);

        // sort=priority (Priority, Id) and priority filters: without it a full scan plus a sort of every match.
        builder.HasIndex(t => new { t.Priority, t.Id }).HasFilter(LiveTickets);

        // Overdue (search and stats): "Status <> Closed AND DueAt < now". A (Status, DueAt) index cannot serve
        // "<>"; an index on the not-closed backlog by due date can, and holds only the backlog. The filter must
        // read as EF Core writes the predicate (3 = TicketStatus.Closed) for SQLite to match it.
        builder.HasIndex(t => t.DueAt, "IX_Tickets_DueAt_NotClosed")
            .HasFilter($"{LiveTickets} AND \"Status\" <> {(int)TicketStatus.Closed}");
        builder.HasIndex(t => t.CustomerId);
        builder.HasIndex(t => t.CreatedByUserId);
        builder.HasOne(t => t.Project).WithMany().OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(t => t.ProjectId);
        builder.Property(t => t.SourceId).HasMaxLength(100);
        builder.HasIndex(t => t.SourceId).IsUnique();
        builder.HasMany(t => t.Attachments).WithOne().HasForeignKey(a => a.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TicketTagConfiguration : IEntityTypeConfiguration<TicketTag>
{
    public void Configure(EntityTypeBuilder<TicketTag> builder)
    {
        builder.HasKey(t => new { t.TicketId, t.Tag });
        builder.Property(t => t.Tag).HasMaxLength(50);
        builder.HasIndex(t => t.Tag);
    }
}

internal sealed class RoutingRecordConfiguration : IEntityTypeConfiguration<RoutingRecord>
{
    public void Configure(EntityTypeBuilder<RoutingRecord> builder)
    {
        builder.HasKey(r => r.TicketId);
        builder.Property(r => r.Classifier).HasMaxLength(40);
        builder.Property(r => r.ClassifierVersion).HasMaxLength(80);
        builder.Property(r => r.PredictedDepartment).HasMaxLength(40);
        builder.Property(r => r.Department).HasMaxLength(40);
        builder.Property(r => r.TieBreak).HasMaxLength(40);
    }
}

internal sealed class TicketEventConfiguration : IEntityTypeConfiguration<TicketEvent>
{
    public void Configure(EntityTypeBuilder<TicketEvent> builder)
    {
        builder.Property(e => e.Type).HasMaxLength(20);
        builder.Property(e => e.ActorName).HasMaxLength(100);
        // "department/agent name": slug (40) + "/" + name (100), with room to spare.
        builder.Property(e => e.From).HasMaxLength(200);
        builder.Property(e => e.To).HasMaxLength(200);
        builder.Property(e => e.Reason).HasMaxLength(1000);
        builder.HasIndex(e => new { e.TicketId, e.Id });
    }
}

internal sealed class TicketCommentConfiguration : IEntityTypeConfiguration<TicketComment>
{
    public void Configure(EntityTypeBuilder<TicketComment> builder)
    {
        builder.Property(c => c.AuthorName).HasMaxLength(100);
        builder.Property(c => c.AuthorRole).HasMaxLength(20);
        builder.Property(c => c.Body).HasMaxLength(10_000);
        builder.HasIndex(c => new { c.TicketId, c.Id });
    }
}

internal sealed class KeywordRuleConfiguration : IEntityTypeConfiguration<KeywordRuleEntity>
{
    public void Configure(EntityTypeBuilder<KeywordRuleEntity> builder)
    {
        builder.ToTable("KeywordRules");
        builder.Property(r => r.Term).HasMaxLength(100);
        builder.HasIndex(r => new { r.DepartmentId, r.Term }).IsUnique();
        builder.HasOne(r => r.Department).WithMany().OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RuleSetRevisionConfiguration : IEntityTypeConfiguration<RuleSetRevision>
{
    public void Configure(EntityTypeBuilder<RuleSetRevision> builder)
    {
        builder.Property(r => r.Version).HasMaxLength(80);
        builder.Property(r => r.ChangedByName).HasMaxLength(100);
    }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> builder)
    {
        builder.Property(r => r.TokenHash).HasMaxLength(64);
        builder.HasIndex(r => r.TokenHash).IsUnique();
        builder.HasIndex(r => r.FamilyId);
        builder.HasIndex(r => r.UserId);
        builder.HasOne(r => r.User).WithMany().OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.Property(s => s.Url).HasMaxLength(2000);
        builder.Property(s => s.Events).HasMaxLength(500);
        // Data Protection payload (an encrypted secret of up to 200 characters is about 400).
        builder.Property(s => s.Secret).HasMaxLength(1000);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.Property(d => d.EventType).HasMaxLength(40);
        builder.Property(d => d.State).HasMaxLength(20);
        builder.Property(d => d.LastError).HasMaxLength(1000);
        builder.Property(d => d.LeaseOwner).HasMaxLength(100);
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        // The worker's scan (pending and due) and the per-ticket order check (earlier pending row of the same ticket).
        builder.HasIndex(d => new { d.State, d.NextAttemptAt });
        builder.HasIndex(d => new { d.SubscriptionId, d.TicketId, d.Id });
    }
}

internal sealed class WorkflowRuleConfiguration : IEntityTypeConfiguration<WorkflowRuleEntity>
{
    public void Configure(EntityTypeBuilder<WorkflowRuleEntity> builder)
    {
        builder.ToTable("WorkflowRules");
        builder.Property(r => r.Name).HasMaxLength(100);
        builder.Property(r => r.Events).HasMaxLength(200);
        builder.Property(r => r.ConditionsJson).HasMaxLength(20_000);
        builder.Property(r => r.ActionsJson).HasMaxLength(20_000);
        builder.HasIndex(r => r.Name).IsUnique();
    }
}

internal sealed class IdempotencyKeyConfiguration : IEntityTypeConfiguration<IdempotencyKey>
{
    public void Configure(EntityTypeBuilder<IdempotencyKey> builder)
    {
        builder.Property(k => k.Key).HasMaxLength(128);
        builder.Property(k => k.BodyHash).HasMaxLength(64);
        // One row per portal and key: a second process racing the first fails on it and replays the winner.
        builder.HasIndex(k => new { k.UserId, k.Key }).IsUnique();
        builder.HasIndex(k => k.CreatedAt); // the clean-up of expired keys
        // No foreign keys, as for the outbox: the row only replays an answer and expires with Intake:IdempotencyHours.
    }
}
