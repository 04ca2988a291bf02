using Microsoft.EntityFrameworkCore;
using TicketRouting.Data.Entities;

namespace TicketRouting.Data;

/// <summary>
/// The service's database. Each provider has a subclass (<see cref="SqliteTicketsDbContext"/>, ...) that owns
/// that provider's migrations; the application always asks for this base type.
/// </summary>
public abstract class TicketsDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Agent> Agents => Set<Agent>();
    public DbSet<AgentShift> AgentShifts => Set<AgentShift>();
    public DbSet<AgentAbsence> AgentAbsences => Set<AgentAbsence>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<TicketTag> TicketTags => Set<TicketTag>();
    public DbSet<RoutingRecord> RoutingRecords => Set<RoutingRecord>();
    public DbSet<TicketEvent> TicketEvents => Set<TicketEvent>();
    public DbSet<TicketComment> TicketComments => Set<TicketComment>();
    public DbSet<KeywordRuleEntity> KeywordRules => Set<KeywordRuleEntity>();
    public DbSet<RuleSetRevision> RuleSetRevisions => Set<RuleSetRevision>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<ClassifierModel> ClassifierModels => Set<ClassifierModel>();
    public DbSet<TicketAttachment> TicketAttachments => Set<TicketAttachment>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WorkflowRuleEntity> WorkflowRules => Set<WorkflowRuleEntity>();
    public DbSet<IdempotencyKey> IdempotencyKeys => Set<IdempotencyKey>();

    public abstract DatabaseProvider Provider { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TicketsDbContext).Assembly);
}

public sealed class SqliteTicketsDbContext(DbContextOptions<SqliteTicketsDbContext> options) : TicketsDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    // SQLite has no date type: store UTC ticks so that ordering and range filters run in SQL.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}

public sealed class PostgresTicketsDbContext(DbContextOptions<PostgresTicketsDbContext> options) : TicketsDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class SqlServerTicketsDbContext(DbContextOptions<SqlServerTicketsDbContext> options) : TicketsDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;
}
