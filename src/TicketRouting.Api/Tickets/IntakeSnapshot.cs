using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using TicketRouting.Api.Agents;
using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

/// <summary>
/// What the intake writer reads under the department locks, in one command (one round trip to a server): on
/// PostgreSQL the locks themselves (those waited for in id order, then those taken only if free, see
/// <see cref="DepartmentLocks"/>), then every agent of the batch's departments with the open
/// tickets they hold (<c>Agents.OpenTickets</c>, kept by the database's triggers: constant time, where counting them
/// from the index grew with each agent's open tickets) and, with the routing policies on, the fingerprint of the shifts and absences tables. Shifts and
/// absences come from <see cref="AgentScheduleCache"/>: read again (a second command) only when the fingerprint moved,
/// and not at all with the policies off. EF Core's LINQ pipeline (parameter extraction, SQL generation for the list
/// parameters, materialization) was a fifth of the writer's CPU for these reads; the names and value conversions still
/// come from EF Core's model (<see cref="IntakeSql"/>), so the SQL cannot drift. Department ids are integers from the
/// department directory, written into the SQL as numbers.
/// </summary>
internal static class IntakeSnapshot
{
    // schedules: null with the policies off; every agent then keeps the unrestricted profile.
    /// <summary>
    /// What else the batch needs from the same round trip: the ticket ids to reserve (PostgreSQL: a query from
    /// <see cref="IntakeInserts.ReserveTicketIdsSql"/>, a few microseconds of the server's time under the locks instead
    /// of a round trip of its own), and the active webhook subscriptions and workflow rules (read in the batch's own
    /// transaction; before, two EF Core queries per batch).
    /// </summary>
    public sealed class Extras(string? reserveIds)
    {
        public string? ReserveIds { get; } = reserveIds;
        public List<int> TicketIds { get; } = [];
        /// <summary>PostgreSQL: the departments this transaction now holds (those waited for, and those that were free).</summary>
        public List<int> Locked { get; } = [];
        public List<(int Id, string Events)> Subscriptions { get; } = [];
        public List<WorkflowRuleEntity> Rules { get; } = [];
    }

    /// <summary>
    /// PostgreSQL's department locks of one batch: <paramref name="Wait"/> are locked waiting for them (in id order, as
    /// every claim does), then <paramref name="Try"/> only if no other transaction holds them at that moment (SKIP
    /// LOCKED, never waits, so it cannot deadlock with the waits).
    /// </summary>
    public sealed record DepartmentLocks(IReadOnlyList<int> Wait, IReadOnlyList<int> Try);

    /// <summary>
    /// Locks (PostgreSQL: as <paramref name="locks"/> says; SQLite: the transaction holds the database's write lock
    /// already) and reads the agents of <paramref name="departmentIds"/>.
    /// </summary>
    public static async Task<Dictionary<int, List<AgentCandidate>>> LockAndReadAsync(
        TicketsDbContext db, List<int> departmentIds, DepartmentLocks? locks, DateTimeOffset now, AgentScheduleCache? schedules, Extras extras,
        CancellationToken ct)
    {
        var sql = IntakeSql.For(db);
        var text = new StringBuilder();
        if (locks is not null)
        {
            foreach (var id in locks.Wait)
            {
                text.Append(sql.LockDepartment).Append(id).Append(";\n");
            }

            extras.Locked.AddRange(locks.Wait);
            if (locks.Try.Count > 0)
            {
                text.Append(sql.TryLockDepartments).Append('(').AppendJoin(", ", locks.Try).Append(") ORDER BY ")
                    .Append(sql.Q("Id")).Append(" FOR NO KEY UPDATE SKIP LOCKED;\n");
            }
        }

        if (extras.ReserveIds is not null)
        {
            text.Append(extras.ReserveIds).Append('\n');
        }

        text.Append(sql.Candidates).Append('(').AppendJoin(", ", departmentIds).Append(") ORDER BY a.").Append(sql.Q("Id")).Append(';');
        text.Append('\n').Append(sql.ActiveSubscriptions).Append('\n').Append(sql.ActiveRules);
        if (schedules is not null)
        {
            text.Append('\n').Append(sql.ScheduleFingerprint);
        }

        var agents = new List<(int Department, AgentCandidate Candidate, string Skills, string Languages, string Zone)>();
        var fingerprint = default(ScheduleFingerprint);
        await using (var command = Command(db, text.ToString()))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (locks is { Try.Count: > 0 })
            {
                while (await reader.ReadAsync(ct))
                {
                    extras.Locked.Add(reader.GetInt32(0));
                }

                await reader.NextResultAsync(ct);
            }

            if (extras.ReserveIds is not null)
            {
                while (await reader.ReadAsync(ct))
                {
                    extras.TicketIds.Add(Convert.ToInt32(reader.GetValue(0)));
                }

                await reader.NextResultAsync(ct);
            }

            while (await reader.ReadAsync(ct))
            {
                agents.Add((reader.GetInt32(1), new AgentCandidate(
                    reader.GetInt32(0), reader.GetString(2), Convert.ToInt32(reader.GetValue(3)), reader.GetInt32(4),
                    reader.GetBoolean(5), reader.IsDBNull(6) ? null : sql.Read<Agent, DateTimeOffset>(nameof(Agent.LastAssignedAt), reader, 6)),
                    reader.GetString(7), reader.GetString(8), reader.GetString(9)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                extras.Subscriptions.Add((reader.GetInt32(0), reader.GetString(1)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                extras.Rules.Add(new WorkflowRuleEntity
                {
                    Id = reader.GetInt32(0), Name = reader.GetString(1), Events = reader.GetString(2),
                    ConditionsJson = reader.GetString(3), ActionsJson = reader.GetString(4), Stop = reader.GetBoolean(5),
                });
            }

            if (schedules is not null && await reader.NextResultAsync(ct) && await reader.ReadAsync(ct))
            {
                fingerprint = ReadFingerprint(reader);
            }
        }

        var candidates = departmentIds.ToDictionary(id => id, _ => new List<AgentCandidate>());
        var cached = schedules is null ? null : schedules.Current(fingerprint) ?? await ReloadAsync(db, sql, schedules, now, ct);
        foreach (var (department, candidate, skills, languages, zone) in agents)
        {
            candidates[department].Add(cached is null ? candidate : candidate with { Profile = cached.Profile(candidate.AgentId, skills, languages, zone) });
        }

        return candidates;
    }

    /// <summary>Every shift and every absence not yet over, after their fingerprint (so the rows are at least as new as it).</summary>
    private static async Task<AgentScheduleCache.Schedules> ReloadAsync(
        TicketsDbContext db, IntakeSql sql, AgentScheduleCache schedules, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = Command(db, $"{sql.ScheduleFingerprint}\n{sql.Shifts};\n{sql.Absences};");
        command.Parameters.Add(sql.Parameter<AgentAbsence>(command, nameof(AgentAbsence.To), "@now", now));
        var shifts = new List<AgentShift>();
        var absences = new List<AgentAbsence>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var fingerprint = ReadFingerprint(reader);
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            shifts.Add(new AgentShift
            {
                AgentId = reader.GetInt32(0), Day = (DayOfWeek)reader.GetInt32(1), StartMinute = reader.GetInt32(2), EndMinute = reader.GetInt32(3),
            });
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            absences.Add(new AgentAbsence
            {
                AgentId = reader.GetInt32(0),
                From = sql.Read<AgentAbsence, DateTimeOffset>(nameof(AgentAbsence.From), reader, 1),
                To = sql.Read<AgentAbsence, DateTimeOffset>(nameof(AgentAbsence.To), reader, 2),
            });
        }

        return schedules.Store(fingerprint, shifts, absences);
    }

    private static ScheduleFingerprint ReadFingerprint(DbDataReader reader) => new(
        Convert.ToInt64(reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1)), Convert.ToInt64(reader.GetValue(2)), Convert.ToInt64(reader.GetValue(3)));

    private static DbCommand Command(TicketsDbContext db, string text)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = text;
        return command;
    }
}

/// <summary>
/// The intake's SQL text built once per EF Core model from its table names, column names and type mappings
/// (value converters such as SQLite's UTC ticks), so that plain SQL reads and writes what EF Core would.
/// </summary>
internal sealed class IntakeSql
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Microsoft.EntityFrameworkCore.Metadata.IModel, IntakeSql> Cache = new();

    private readonly Microsoft.EntityFrameworkCore.Metadata.IModel _model;
    private readonly ISqlGenerationHelper _helper;

    private IntakeSql(TicketsDbContext db)
    {
        _model = db.Model;
        _helper = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<ISqlGenerationHelper>(db);
        LockDepartment = $"UPDATE {Table<Department>()} SET {Q("AssignmentVersion")} = {Q("AssignmentVersion")} + 1 WHERE {Q("Id")} = ";
        // The same row lock as LockDepartment's UPDATE (FOR NO KEY UPDATE conflicts with it), taken only when free.
        TryLockDepartments = $"SELECT {Q("Id")} FROM {Table<Department>()} WHERE {Q("Id")} IN ";
        Candidates =
            $"SELECT a.{Col<Agent>("Id")}, a.{Col<Agent>("DepartmentId")}, a.{Col<Agent>("Name")}, "
            + $"a.{Col<Agent>(nameof(Agent.OpenTickets))}, " // kept by the database's triggers (OpenTicketTriggers): no count per batch
            + $"a.{Col<Agent>("Capacity")}, a.{Col<Agent>("Available")}, a.{Col<Agent>("LastAssignedAt")}, a.{Col<Agent>("Skills")}, "
            + $"a.{Col<Agent>("Languages")}, a.{Col<Agent>("TimeZone")} FROM {Table<Agent>()} a WHERE a.{Col<Agent>("DepartmentId")} IN ";
        var shifts = Table<AgentShift>();
        var absences = Table<AgentAbsence>();
        ScheduleFingerprint = $"SELECT (SELECT COUNT(*) FROM {shifts}), (SELECT COALESCE(MAX({Col<AgentShift>("Id")}), 0) FROM {shifts}), "
            + $"(SELECT COUNT(*) FROM {absences}), (SELECT COALESCE(MAX({Col<AgentAbsence>("Id")}), 0) FROM {absences});";
        Shifts = $"SELECT {Col<AgentShift>("AgentId")}, {Col<AgentShift>("Day")}, {Col<AgentShift>("StartMinute")}, {Col<AgentShift>("EndMinute")} FROM {shifts}";
        Absences = $"SELECT {Col<AgentAbsence>("AgentId")}, {Col<AgentAbsence>("From")}, {Col<AgentAbsence>("To")} FROM {absences} "
            + $"WHERE {Col<AgentAbsence>("To")} > @now";
        ActiveSubscriptions = $"SELECT {Col<WebhookSubscription>("Id")}, {Col<WebhookSubscription>("Events")} FROM {Table<WebhookSubscription>()} "
            + $"WHERE {Col<WebhookSubscription>("Active")};";
        ActiveRules = $"SELECT {Col<WorkflowRuleEntity>("Id")}, {Col<WorkflowRuleEntity>("Name")}, {Col<WorkflowRuleEntity>("Events")}, "
            + $"{Col<WorkflowRuleEntity>("ConditionsJson")}, {Col<WorkflowRuleEntity>("ActionsJson")}, {Col<WorkflowRuleEntity>("Stop")} "
            + $"FROM {Table<WorkflowRuleEntity>()} WHERE {Col<WorkflowRuleEntity>("Active")} "
            + $"ORDER BY {Col<WorkflowRuleEntity>("Position")}, {Col<WorkflowRuleEntity>("Id")};";
    }

    public static IntakeSql For(TicketsDbContext db) => Cache.GetValue(db.Model, _ => new IntakeSql(db));

    public string LockDepartment { get; }
    public string TryLockDepartments { get; }
    public string Candidates { get; }
    public string ScheduleFingerprint { get; }
    public string Shifts { get; }
    public string Absences { get; }
    public string ActiveSubscriptions { get; }
    public string ActiveRules { get; }

    public string Q(string identifier) => _helper.DelimitIdentifier(identifier);

    public string Table<T>() => Q(_model.FindEntityType(typeof(T))!.GetTableName()!);

    private string Col<T>(string property) => Q(Property<T>(property).GetColumnName());

    private Microsoft.EntityFrameworkCore.Metadata.IProperty Property<T>(string name) => _model.FindEntityType(typeof(T))!.FindProperty(name)!;

    /// <summary>A parameter holding <paramref name="value"/> as the property's column stores it.</summary>
    public DbParameter Parameter<T>(DbCommand command, string property, string name, object? value)
    {
        var p = Property<T>(property);
        return ((RelationalTypeMapping)p.GetTypeMapping()).CreateParameter(command, name, value, p.IsNullable);
    }

    /// <summary>A column value read back through the property's value converter.</summary>
    public TValue Read<T, TValue>(string property, DbDataReader reader, int ordinal)
    {
        var converter = Property<T>(property).GetTypeMapping().Converter;
        return converter is null ? reader.GetFieldValue<TValue>(ordinal) : (TValue)converter.ConvertFromProvider(reader.GetValue(ordinal))!;
    }
}
