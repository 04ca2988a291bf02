namespace TicketRouting.Data.Entities;

public static class ClassifierModelStatus
{
    public const string Training = "training";
    public const string Ready = "ready";
    public const string Failed = "failed";
}

/// <summary>
/// One trained (or training, or failed) text model of the registry. The bytes are the model file, so every
/// API process on the database loads the active model without files to copy. At most one row is
/// <c>training</c> (a filtered unique index), so trainings never overlap, whichever process starts them.
/// </summary>
public class ClassifierModel
{
    public int Id { get; set; }
    public required string Version { get; set; }
    public string Status { get; set; } = ClassifierModelStatus.Training;

    /// <summary>Why training failed, or why a requested activation was refused by the guard.</summary>
    public string? Reason { get; set; }

    public bool Active { get; set; }
    public bool ActivateRequested { get; set; }
    public bool Force { get; set; }

    /// <summary>Who asked: a user's name, or <c>automatic</c> for Routing:Learning:RetrainAfter.</summary>
    public string? RequestedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset? ActivatedAt { get; set; }

    /// <summary>Training rows per department: { service: {...}, base: {...} }.</summary>
    public string? TrainingSummaryJson { get; set; }

    /// <summary>Held-out metrics of the new model and of the classifier active when it was trained (baseline).</summary>
    public string? MetricsJson { get; set; }

    /// <summary>Per-department confidence thresholds chosen on the held-out slice.</summary>
    public string? ThresholdsJson { get; set; }

    public byte[]? ModelBytes { get; set; }
}
