using System.Text.Json;
using TicketRouting.Core.Workflow;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Workflow;

public sealed record WorkflowRuleResponse(
    int Id, string Name, int Position, List<string> Events, WorkflowConditions Conditions, List<WorkflowAction> Actions, bool Stop, bool Active);

public static class WorkflowRuleMapper
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WorkflowRule ToRule(WorkflowRuleEntity e) => new(
        e.Id, e.Name, e.Events.Split(' '), Conditions(e), Actions(e), e.Stop);

    public static WorkflowRuleResponse ToResponse(WorkflowRuleEntity e) =>
        new(e.Id, e.Name, e.Position, e.Events.Split(' ').ToList(), Conditions(e), Actions(e), e.Stop, e.Active);

    public static void Apply(WorkflowRuleRequest request, WorkflowRuleEntity e)
    {
        e.Name = request.Name.Trim();
        e.Position = request.Position;
        e.Events = string.Join(' ', request.Events.Distinct());
        e.ConditionsJson = JsonSerializer.Serialize(request.Conditions ?? new(), Json);
        e.ActionsJson = JsonSerializer.Serialize(request.Actions.Select(a => new WorkflowAction(a.Type!, a.Value!.Trim())).ToList(), Json);
        e.Stop = request.Stop;
        e.Active = request.Active;
    }

    private static WorkflowConditions Conditions(WorkflowRuleEntity e) =>
        JsonSerializer.Deserialize<WorkflowConditions>(e.ConditionsJson, Json) ?? new();

    private static List<WorkflowAction> Actions(WorkflowRuleEntity e) =>
        JsonSerializer.Deserialize<List<WorkflowAction>>(e.ActionsJson, Json) ?? [];
}
