using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Api.Tickets;
using TicketRouting.Data;

namespace TicketRouting.Api.Agents;

public sealed class UpdateAgentRequest : IValidatableObject
{
    public bool? Available { get; set; }

    [Range(0, 1000)]
    public int? Capacity { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Available is null && Capacity is null)
        {
            yield return new ValidationResult("Give available, capacity, or both.", [nameof(Available), nameof(Capacity)]);
        }
    }
}

public static class AgentsApi
{
    public static RouteGroupBuilder MapAgents(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/agent").WithTags("Agents").RequireAuthorization(Policies.Agent);
        group.MapGet("/", ListAsync)
            .WithSummary("The workload view: every agent's department, open tickets, capacity, availability and department queue.");
        group.MapGet("/{id:int}", GetAsync).WithSummary("One agent's workload.");
        group.MapPost("/", (CreateAgentRequest request, AgentAdministration admin, ClaimsPrincipal principal, CancellationToken ct) =>
                admin.CreateAsync(request, CurrentUser.From(principal), ct))
            .Validate<CreateAgentRequest>().RequireAuthorization(Policies.Admin)
            .WithSummary("Add an agent to a department (admin); link a login to it with POST /api/user.");
        group.MapPatch("/{id:int}", UpdateAsync).Validate<UpdateAgentRequest>().RequireAuthorization(Policies.Supervisor)
            .WithSummary("Set availability and/or capacity; queued tickets are handed out at once if room appears.");
        group.MapAgentProfiles();
        return group;
    }

    private static async Task<Results<Ok<List<AgentResponse>>, ProblemHttpResult>> ListAsync(
        int? departmentId, AgentWorkloadQuery query, Departments.DepartmentDirectory departments, CancellationToken ct)
    {
        if (departmentId is { } d && departments.Find(d) is null)
        {
            return Problems.NotFound($"Department {d} does not exist.");
        }

        return TypedResults.Ok(await query.ListAsync(departmentId, null, ct));
    }

    private static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> GetAsync(int id, AgentWorkloadQuery query, CancellationToken ct) =>
        (await query.ListAsync(null, id, ct)).SingleOrDefault() is { } agent
            ? TypedResults.Ok(agent)
            : Problems.NotFound($"Agent {id} does not exist.");

    private static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> UpdateAsync(
        int id, UpdateAgentRequest request, TicketsDbContext db, TransactionRunner transactions, DepartmentWorkload workload,
        AgentWorkloadQuery query, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = CurrentUser.From(principal);
        var found = await transactions.RunAsync(async token =>
        {
            var departmentId = await db.Agents.Where(a => a.Id == id).Select(a => (int?)a.DepartmentId).SingleOrDefaultAsync(token);
            if (departmentId is null)
            {
                return false;
            }

            await workload.LockAsync(departmentId.Value, token);
            var agent = await db.Agents.SingleAsync(a => a.Id == id, token);
            agent.Available = request.Available ?? agent.Available;
            agent.Capacity = request.Capacity ?? agent.Capacity;
            await db.SaveChangesAsync(token);
            await workload.DispatchQueueAsync(departmentId.Value, new CurrentActor(user.Id, user.Name), token);
            return true;
        }, ct);

        return found ? TypedResults.Ok((await query.ListAsync(null, id, ct)).Single()) : Problems.NotFound($"Agent {id} does not exist.");
    }
}
