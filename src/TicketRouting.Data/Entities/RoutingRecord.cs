namespace TicketRouting.Data.Entities;

/// <summary>The classifier's decision and the balancer's view at the time a ticket was routed.</summary>
public class RoutingRecord
{
    public int TicketId { get; set; }
    public required string Classifier { get; set; }
    public required string ClassifierVersion { get; set; }
    public required string PredictedDepartment { get; set; }
    public required string Department { get; set; }
    public double Confidence { get; set; }
    public bool NeedsReview { get; set; }

    /// <summary>JSON: department → score.</summary>
    public required string ScoresJson { get; set; }

    /// <summary>JSON: matched terms or strongest features.</summary>
    public required string EvidenceJson { get; set; }

    /// <summary>JSON: the candidate agents with their loads at decision time.</summary>
    public required string CandidatesJson { get; set; }
    public required string TieBreak { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
}
