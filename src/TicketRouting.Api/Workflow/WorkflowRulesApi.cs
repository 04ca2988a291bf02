using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Departments;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Core.Workflow;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Workflow;

/// <summary>Admins list, add, replace and remove workflow rules.</summary>
public static class WorkflowRulesApi
{
    public static RouteGroupBuilder MapWorkflowRules(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/workflow-rules").WithTags("Workflow rules").RequireAuthorization(Policies.Admin);
        group.MapGet("/", ListAsync).WithSummary("The rules in the order they run.");
        group.MapPost("/", CreateAsync).Validate<WorkflowRuleRequest>().WithSummary("Add a rule.");
        group.MapPut("/{id:int}", ReplaceAsync).Validate<WorkflowRuleRequest>().WithSummary("Replace a rule.");
        group.MapDelete("/{id:int}", DeleteAsync).WithSummary("Remove a rule.");
        return group;
    }

    private static async Task<Ok<List<WorkflowRuleResponse>>> ListAsync(TicketsDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.WorkflowRules.AsNoTracking().OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(ct))
            .Select(WorkflowRuleMapper.ToResponse).ToList());

    private static async Task<Results<Created<WorkflowRuleResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        WorkflowRuleRequest request, TicketsDbContext db, DepartmentDirectory departments, TransactionRunner transactions,
        TimeProvider clock, CancellationToken ct)
    {
        if (await ReferencesAsync(request, db, departments, ct) is { } invalid)
        {
            return invalid;
        }

        var rule = await transactions.RunAsync(async token =>
        {
            if (await db.WorkflowRules.AnyAsync(r => r.Name == request.Name.Trim(), token))
            {
                return null;
            }

            var entity = new WorkflowRuleEntity { Name = "", Events = "", ConditionsJson = "", ActionsJson = "", CreatedAt = clock.GetUtcNow() };
            WorkflowRuleMapper.Apply(request, entity);
            entity.UpdatedAt = entity.CreatedAt;
            db.WorkflowRules.Add(entity);
            await db.SaveChangesAsync(token);
            return entity;
        }, ct);
        return rule is null
            ? Problems.Conflict($"A workflow rule named '{request.Name.Trim()}' exists.")
            : TypedResults.Created($"/api/workflow-rules/{rule.Id}", WorkflowRuleMapper.ToResponse(rule));
    }

    private static async Task<Results<Ok<WorkflowRuleResponse>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        int id, WorkflowRuleRequest request, TicketsDbContext db, DepartmentDirectory departments, TransactionRunner transactions,
        TimeProvider clock, CancellationToken ct)
    {
        if (await ReferencesAsync(request, db, departments, ct) is { } invalid)
        {
            return invalid;
        }

        var outcome = await transactions.RunAsync<IResult>(async token =>
        {
            var entity = await db.WorkflowRules.SingleOrDefaultAsync(r => r.Id == id, token);
            if (entity is null)
            {
                return Problems.NotFound($"Workflow rule {id} does not exist.");
            }

            if (await db.WorkflowRules.AnyAsync(r => r.Id != id && r.Name == request.Name.Trim(), token))
            {
                return Problems.Conflict($"A workflow rule named '{request.Name.Trim()}' exists.");
            }

            WorkflowRuleMapper.Apply(request, entity);
            entity.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(token);
            return TypedResults.Ok(WorkflowRuleMapper.ToResponse(entity));
        }, ct);
        return outcome switch
        {
            Ok<WorkflowRuleResponse> ok => ok,
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("Unexpected outcome."),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(int id, TicketsDbContext db, CancellationToken ct) =>
        await db.WorkflowRules.Where(r => r.Id == id).ExecuteDeleteAsync(ct) == 1
            ? TypedResults.NoContent()
            : Problems.NotFound($"Workflow rule {id} does not exist.");

    /// <summary>Departments and subscriptions named by the rule must exist (400 with the field otherwise).</summary>
    private static async Task<ValidationProblem?> ReferencesAsync(
        WorkflowRuleRequest request, TicketsDbContext db, DepartmentDirectory departments, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Conditions?.Departments?.FirstOrDefault(d => departments.Find(d) is null) is { } unknown)
        {
            errors["conditions.departments"] = [$"Unknown department '{unknown}'."];
        }

        for (var i = 0; i < request.Actions.Count; i++)
        {
            var action = request.Actions[i];
            if (action.Type == WorkflowActionTypes.RouteToDepartment && departments.Find(action.Value!.Trim()) is null)
            {
                errors[$"actions[{i}]"] = [$"Unknown department '{action.Value}'."];
            }
            else if (action.Type == WorkflowActionTypes.SendWebhook && int.TryParse(action.Value, out var subscriptionId)
                && !await db.WebhookSubscriptions.AnyAsync(s => s.Id == subscriptionId, ct))
            {
                errors[$"actions[{i}]"] = [$"Webhook subscription {subscriptionId} does not exist."];
            }
        }

        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors, title: "Invalid request");
    }
}
