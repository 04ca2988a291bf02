using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;

namespace TicketRouting.Api.Classifier;

/// <summary>/api/classifier/models: the model registry (admin).</summary>
public static class ModelRegistryApi
{
    public static RouteGroupBuilder MapClassifierModels(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/classifier/models").WithTags("Classifier models").RequireAuthorization(Policies.Admin);
        group.MapPost("/", StartTrainingAsync)
            .WithSummary("Train a model from the confirmed tickets and the base data, in the background; { activate?, force? }.");
        group.MapGet("/", async (ModelRegistry registry, CancellationToken ct) => TypedResults.Ok(await registry.ListAsync(ct)))
            .WithSummary("The models, newest first.");
        group.MapGet("/{id:int}", FindAsync).WithName("GetClassifierModel")
            .WithSummary("A model: status, training data, held-out metrics against the baseline, per-department thresholds.");
        group.MapPost("/{id:int}/activate", (int id, bool? force, ModelRegistry registry, CancellationToken ct) => registry.ActivateAsync(id, force ?? false, ct))
            .WithSummary("Route with this model in every process (within Routing:RefreshSeconds); activating an older one is a rollback. "
                + "409 when its held-out metrics are below the classifier it was measured against, unless ?force=true.");
        group.MapGet("/{id:int}/replay", (int id, DateTimeOffset? since, ModelReplay replay, CancellationToken ct) => replay.ReplayAsync(id, since, ct))
            .WithSummary("What-if: the confirmed tickets (since a date) routed by this model against the active classifier.");
        return group;
    }

    private static async Task<Results<Accepted<ModelResponse>, ProblemHttpResult>> StartTrainingAsync(
        TrainModelRequest? body, ModelRegistry registry, ClaimsPrincipal principal, CancellationToken ct)
    {
        var request = body ?? new TrainModelRequest();
        var id = await registry.StartAsync(request.Activate, request.Force, CurrentUser.From(principal).Name, ct);
        return id is null
            ? Problems.Conflict("A model is being trained already; wait for it to finish.")
            : TypedResults.Accepted($"/api/classifier/models/{id}", await registry.FindAsync(id.Value, ct));
    }

    private static async Task<Results<Ok<ModelResponse>, ProblemHttpResult>> FindAsync(int id, ModelRegistry registry, CancellationToken ct) =>
        await registry.FindAsync(id, ct) is { } model ? TypedResults.Ok(model) : Problems.NotFound($"Model {id} does not exist.");
}
