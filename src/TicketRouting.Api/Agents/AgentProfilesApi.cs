using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Agents;

/// <summary>Skills and languages (admin), weekly shifts and absences (supervisor) of an agent.</summary>
public static class AgentProfilesApi
{
    public static void MapAgentProfiles(this RouteGroupBuilder group)
    {
        group.MapPut("/{id:int}/skills", UpdateSkillsAsync).Validate<UpdateAgentSkillsRequest>().RequireAuthorization(Policies.Admin)
            .WithSummary("Replace the agent's skill tags and language codes (admin).");
        group.MapPut("/{id:int}/schedule", UpdateScheduleAsync).Validate<UpdateAgentScheduleRequest>().RequireAuthorization(Policies.Supervisor)
            .WithSummary("Replace the agent's weekly shifts, in their time zone; no shift at all means always on shift.");
        group.MapPost("/{id:int}/absences", AddAbsenceAsync).Validate<CreateAbsenceRequest>().RequireAuthorization(Policies.Supervisor)
            .WithSummary("Record an absence (from inclusive, to exclusive).");
        group.MapDelete("/{id:int}/absences/{absenceId:int}", DeleteAbsenceAsync).RequireAuthorization(Policies.Supervisor)
            .WithSummary("Cancel an absence.");
    }

    private static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> UpdateSkillsAsync(
        int id, UpdateAgentSkillsRequest request, TicketsDbContext db, AgentWorkloadQuery query, CancellationToken ct)
    {
        var changed = await db.Agents.Where(a => a.Id == id).ExecuteUpdateAsync(
            s => s.SetProperty(a => a.Skills, AgentProfiles.Join(request.Skills!)).SetProperty(a => a.Languages, AgentProfiles.Join(request.Languages!)), ct);
        return changed == 0 ? Problems.NotFound($"Agent {id} does not exist.") : TypedResults.Ok((await query.ListAsync(null, id, ct)).Single());
    }

    private static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> UpdateScheduleAsync(
        int id, UpdateAgentScheduleRequest request, TicketsDbContext db, TransactionRunner transactions, AgentWorkloadQuery query, CancellationToken ct)
    {
        var found = await transactions.RunAsync(async token =>
        {
            var agent = await db.Agents.Include(a => a.Shifts).SingleOrDefaultAsync(a => a.Id == id, token);
            if (agent is null)
            {
                return false;
            }

            agent.TimeZone = request.TimeZone;
            db.AgentShifts.RemoveRange(agent.Shifts);
            agent.Shifts = [.. request.Shifts!.Select(s => new AgentShift
            {
                Day = Enum.Parse<DayOfWeek>(s.Day, ignoreCase: true),
                StartMinute = AgentProfiles.Minute(s.From)!.Value,
                EndMinute = AgentProfiles.Minute(s.To)!.Value,
            })];
            await db.SaveChangesAsync(token);
            return true;
        }, ct);
        return found ? TypedResults.Ok((await query.ListAsync(null, id, ct)).Single()) : Problems.NotFound($"Agent {id} does not exist.");
    }

    private static async Task<Results<Created<AbsenceResponse>, ProblemHttpResult>> AddAbsenceAsync(
        int id, CreateAbsenceRequest request, TicketsDbContext db, CancellationToken ct)
    {
        if (!await db.Agents.AnyAsync(a => a.Id == id, ct))
        {
            return Problems.NotFound($"Agent {id} does not exist.");
        }

        var absence = new AgentAbsence { AgentId = id, From = request.From!.Value, To = request.To!.Value, Reason = request.Reason?.Trim() };
        db.AgentAbsences.Add(absence);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/agent/{id}/absences/{absence.Id}", new AbsenceResponse(absence.Id, absence.From, absence.To, absence.Reason));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAbsenceAsync(int id, int absenceId, TicketsDbContext db, CancellationToken ct) =>
        await db.AgentAbsences.Where(a => a.Id == absenceId && a.AgentId == id).ExecuteDeleteAsync(ct) == 0
            ? Problems.NotFound($"Agent {id} has no absence {absenceId}.")
            : TypedResults.NoContent();
}
