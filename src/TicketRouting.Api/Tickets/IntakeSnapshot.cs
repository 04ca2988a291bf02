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
/// PostgreSQL the lock updates themselves (in id order), then every agent of the batch's departments with the open
/// tickets they hold, their weekly shifts and their current absences. EF Core's LINQ pipeline (parameter extraction,
/// SQL generation for the list parameters, materialization) was a fifth of the writer's CPU for these reads; the
/// names and value conversions still come from EF Core's model (<see cref="IntakeSql"/>), so the SQL cannot drift.
/// Department ids are integers from the department directory, written into the SQL as numbers.
/// </summary>
internal static class IntakeSnapshot
{
    public static async Task<Dictionary<int, List<AgentCandidate>>> LockAndReadAsync(
        TicketsDbContext db, List<int> departmentIds, DateTimeOffset now, CancellationToken ct)
    {
        var sql = IntakeSql.For(db);
        var ids = string.Join(", ", departmentIds);
        var text = new StringBuilder();
        if (db.Provider == DatabaseProvider.Postgres)
        {
            foreach (var id in departmentIds)
            {
                text.Append(sql.LockDepartment).Append(id).Append(";\n");
            }
        }

        text.Append(sql.Candidates).Append('(').Append(ids).Append(") ORDER BY a.").Append(sql.Q("Id")).Append(";\n");
        text.Append(sql.Shifts).Append('(').Append(ids).Append("));\n");
        text.Append(sql.Absences).Append('(').Append(ids).Append("));");

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = text.ToString();
        command.Parameters.Add(sql.Parameter<AgentAbsence>(command, nameof(AgentAbsence.From), "@now", now));

        var agents = new List<(int Department, AgentCandidate Candidate, string Skills, string Languages, string Zone)>();
        var shifts = new Dictionary<int, List<AgentShift>>();
        var absences = new Dictionary<int, List<AgentAbsence>>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
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
                var shift = new AgentShift
                {
                    AgentId = reader.GetInt32(0), Day = (DayOfWeek)reader.GetInt32(1), StartMinute = reader.GetInt32(2), EndMinute = reader.GetInt32(3),
                };
                (shifts.TryGetValue(shift.AgentId, out var list) ? list : shifts[shift.AgentId] = []).Add(shift);
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var absence = new AgentAbsence
                {
                    AgentId = reader.GetInt32(0),
                    From = sql.Read<AgentAbsence, DateTimeOffset>(nameof(AgentAbsence.From), reader, 1),
                    To = sql.Read<AgentAbsence, DateTimeOffset>(nameof(AgentAbsence.To), reader, 2),
                };
                (absences.TryGetValue(absence.AgentId, out var list) ? list : absences[absence.AgentId] = []).Add(absence);
            }
        }

        var candidates = departmentIds.ToDictionary(id => id, _ => new List<AgentCandidate>());
        foreach (var (department, candidate, skills, languages, zone) in agents)
        {
            var profile = AgentProfiles.ToProfile(skills, languages, zone,
                shifts.GetValueOrDefault(candidate.AgentId) ?? [], absences.GetValueOrDefault(candidate.AgentId) ?? []);
            candidates[department].Add(candidate with { Profile = profile });
        }

        return candidates;
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
        var tickets = Table<Ticket>();
        LockDepartment = $"UPDATE {Table<Department>()} SET {Q("AssignmentVersion")} = {Q("AssignmentVersion")} + 1 WHERE {Q("Id")} = ";
        Candidates =
            $"SELECT a.{Col<Agent>("Id")}, a.{Col<Agent>("DepartmentId")}, a.{Col<Agent>("Name")}, "
            + $"(SELECT COUNT(*) FROM {tickets} t WHERE t.{Col<Ticket>("DeletedAt")} IS NULL AND t.{Col<Ticket>("AssigneeId")} = a.{Col<Agent>("Id")} "
            + $"AND t.{Col<Ticket>("Status")} <> {(int)TicketStatus.Closed}), "
            + $"a.{Col<Agent>("Capacity")}, a.{Col<Agent>("Available")}, a.{Col<Agent>("LastAssignedAt")}, a.{Col<Agent>("Skills")}, "
            + $"a.{Col<Agent>("Languages")}, a.{Col<Agent>("TimeZone")} FROM {Table<Agent>()} a WHERE a.{Col<Agent>("DepartmentId")} IN ";
        var agentsOf = $"(SELECT {Col<Agent>("Id")} FROM {Table<Agent>()} WHERE {Col<Agent>("DepartmentId")} IN ";
        Shifts = $"SELECT {Col<AgentShift>("AgentId")}, {Col<AgentShift>("Day")}, {Col<AgentShift>("StartMinute")}, {Col<AgentShift>("EndMinute")} "
            + $"FROM {Table<AgentShift>()} WHERE {Col<AgentShift>("AgentId")} IN {agentsOf}";
        Absences = $"SELECT {Col<AgentAbsence>("AgentId")}, {Col<AgentAbsence>("From")}, {Col<AgentAbsence>("To")} FROM {Table<AgentAbsence>()} "
            + $"WHERE {Col<AgentAbsence>("From")} <= @now AND {Col<AgentAbsence>("To")} > @now AND {Col<AgentAbsence>("AgentId")} IN {agentsOf}";
    }

    public static IntakeSql For(TicketsDbContext db) => Cache.GetValue(db.Model, _ => new IntakeSql(db));

    public string LockDepartment { get; }
    public string Candidates { get; }
    public string Shifts { get; }
    public string Absences { get; }

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
