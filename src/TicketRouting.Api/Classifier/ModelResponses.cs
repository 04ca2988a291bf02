using System.Text.Json;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Classifier;

public sealed class TrainModelRequest
{
    /// <summary>Activate the new model when it is not worse than the active classifier on the held-out tickets.</summary>
    public bool Activate { get; set; }

    /// <summary>Activate even if it is worse (skips the guard).</summary>
    public bool Force { get; set; }
}

public sealed record ModelResponse(
    int Id, string Version, string Status, string? Reason, bool Active, string? RequestedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, DateTimeOffset? ActivatedAt,
    JsonElement? TrainingData, JsonElement? Metrics, JsonElement? Thresholds);

/// <summary>A model of the list: everything but the held-out details.</summary>
public sealed record ModelSummary(
    int Id, string Version, string Status, string? Reason, bool Active, string? RequestedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, DateTimeOffset? ActivatedAt);

internal static class ModelMapper
{
    public static ModelResponse ToResponse(this ClassifierModel m) => new(
        m.Id, m.Version, m.Status, m.Reason, m.Active, m.RequestedBy, m.CreatedAt, m.FinishedAt, m.ActivatedAt,
        Parse(m.TrainingSummaryJson), Parse(m.MetricsJson), Parse(m.ThresholdsJson));

    private static JsonElement? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<JsonElement>(json);
}
