using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Api.Tickets;
using TicketRouting.Core.Classification;

namespace TicketRouting.Api.Classifier;

public sealed class PredictRequest
{
    [Required, StringLength(CreateTicketRequest.MaxSubject)]
    public string Subject { get; set; } = "";

    [StringLength(CreateTicketRequest.MaxDescription)]
    public string Description { get; set; } = "";
}

public sealed record PredictResponse(
    string Department, bool NeedsReview, string Predicted, double Confidence, double MinConfidence,
    IReadOnlyDictionary<string, double> Scores, IReadOnlyList<string> Evidence, string Classifier, string Version);

public static class ClassifierApi
{
    public static RouteGroupBuilder MapClassifier(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/classifier").WithTags("Classifier").RequireAuthorization(Policies.Supervisor);
        group.MapPost("/predict", Predict).Validate<PredictRequest>()
            .WithSummary("Dry run: the department, scores and evidence the classifier gives; nothing is saved.");
        group.MapGet("/rules", async (KeywordRulesStore store, CancellationToken ct) => TypedResults.Ok(await store.ReadAsync(ct)))
            .RequireAuthorization(Policies.Admin).WithSummary("The keyword rules: { version, departments: { slug: { term: weight } } }.");
        group.MapPut("/rules", ReplaceRulesAsync).RequireAuthorization(Policies.Admin)
            .WithSummary("Replace the keyword rules (validated, applied at once without a restart, recorded).");
        return group;
    }

    private static Ok<PredictResponse> Predict(PredictRequest request, ClassifierRuntime runtime)
    {
        var decision = runtime.Decide(request.Subject, request.Description);
        var c = decision.Classification;
        return TypedResults.Ok(new PredictResponse(
            decision.Department, decision.NeedsReview, c.Department, c.Confidence, runtime.Policy.MinConfidence,
            c.Scores, c.Evidence, c.Classifier, c.Version));
    }

    private static async Task<Results<Ok<KeywordRuleFile>, ValidationProblem>> ReplaceRulesAsync(
        KeywordRuleFile? body, KeywordRulesStore store, ClaimsPrincipal principal, CancellationToken ct)
    {
        if (body?.Departments is null)
        {
            return Problems.Invalid("departments", "Give { version?, departments: { slug: { term: weight } } }.");
        }

        var user = CurrentUser.From(principal);
        var errors = await store.ReplaceAsync(body, new CurrentActor(user.Id, user.Name), ct);
        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: "Invalid rules")
            : TypedResults.Ok(await store.ReadAsync(ct));
    }
}
