using System.Text.Json;

namespace TicketRouting.Api.Classifier;

/// <summary>
/// The guard of a manual activation, the same rule as the one applied after training: the model's held-out
/// accuracy and macro-F1 must be at least those of the classifier it was measured against (the one active
/// when it was trained), and there must have been held-out tickets. Anything else needs <c>force</c>.
/// </summary>
public static class ActivationGuard
{
    public static string? Refusal(string? metricsJson)
    {
        if (metricsJson is null)
        {
            return "Not activated: this model has no held-out metrics (force to activate).";
        }

        var metrics = JsonSerializer.Deserialize<JsonElement>(metricsJson);
        var heldOut = metrics.GetProperty("heldOutTickets").GetInt32();
        if (heldOut == 0)
        {
            return "Not activated: no held-out confirmed tickets to compare it with the active classifier (force to activate).";
        }

        var (model, baseline) = (metrics.GetProperty("model"), metrics.GetProperty("baseline"));
        double Value(JsonElement report, string name) => report.GetProperty(name).GetDouble();
        return Value(model, "accuracy") >= Value(baseline, "accuracy") && Value(model, "macroF1") >= Value(baseline, "macroF1")
            ? null
            : $"Not activated: worse than {baseline.GetProperty("classifier").GetString()} {baseline.GetProperty("version").GetString()} "
                + $"on {heldOut} held-out tickets (accuracy {Value(model, "accuracy"):0.000} vs {Value(baseline, "accuracy"):0.000}, "
                + $"macro-F1 {Value(model, "macroF1"):0.000} vs {Value(baseline, "macroF1"):0.000}); force to activate.";
    }
}
