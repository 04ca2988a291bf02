using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Departments;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Api.Tickets;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Agents;

public sealed class CreateAgentRequest
{
    [Required, StringLength(100)]
    public string Name { get; set; } = "";

    [Required, EmailAddress, StringLength(254)]
    public string Email { get; set; } = "";

    [Required]
    public int? DepartmentId { get; set; }

    [Range(0, 1000)]
    public int Capacity { get; set; } = 25;

    public bool Available { get; set; } = true;
}

/// <summary>Admins add agents; a new agent with room takes the department's queued tickets at once.</summary>
public sealed class AgentAdministration(
    TicketsDbContext db, TransactionRunner transactions, DepartmentWorkload workload, DepartmentDirectory departments,
    AgentWorkloadQuery query)
{
    public async Task<Results<Created<AgentResponse>, ProblemHttpResult>> CreateAsync(
        CreateAgentRequest request, CurrentUser user, CancellationToken ct)
    {
        var departmentId = request.DepartmentId!.Value;
        if (departments.Find(departmentId) is null)
        {
            return Problems.NotFound($"Department {departmentId} does not exist.");
        }

        var email = request.Email.Trim().ToLowerInvariant();
        var agentId = await transactions.RunAsync(async token =>
        {
            if (await db.Agents.AnyAsync(a => a.Email == email, token))
            {
                return (int?)null;
            }

            await workload.LockAsync(departmentId, token);
            var agent = new Agent
            {
                Name = request.Name.Trim(),
                Email = email,
                DepartmentId = departmentId,
                Capacity = request.Capacity,
                Available = request.Available,
            };
            db.Agents.Add(agent);
            await db.SaveChangesAsync(token);
            await workload.DispatchQueueAsync(departmentId, new CurrentActor(user.Id, user.Name), token);
            return agent.Id;
        }, ct);

        if (agentId is null)
        {
            return Problems.Conflict($"An agent with the e-mail address {email} exists.");
        }

        var created = (await query.ListAsync(null, agentId, ct)).Single();
        return TypedResults.Created($"/api/agent/{created.Id}", created);
    }
}
