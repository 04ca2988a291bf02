using TicketRouting.Core.Classification;
using TicketRouting.Core.Classification.Evaluation;

namespace TicketRouting.Core.Tests.Classification;

public class ThresholdsAndReplayTests
{
    private static ClassificationResult Result(string department, double confidence) =>
        new(department, confidence, new Dictionary<string, double> { [department] = confidence }, [], "model", "test");

    [Fact]
    public void Decide_DepartmentThatNoLongerExists_FallsBackForReviewLikeALowConfidence()
    {
        var policy = new ConfidencePolicy(0.55, "general", null, ["network", "general"]);

        var decision = policy.Decide(Result("legal", 0.99));

        Assert.Equal(("general", true), (decision.Department, decision.NeedsReview));
        Assert.Equal(("network", false), (policy.Decide(Result("network", 0.99)).Department, policy.Decide(Result("network", 0.99)).NeedsReview));
    }

    [Fact]
    public void Decide_DepartmentThreshold_ReplacesTheGlobalOneForThatDepartmentOnly()
    {
        var policy = new ConfidencePolicy(0.55, "general", new Dictionary<string, double> { ["network"] = 0.3, ["security"] = 0.9 });

        Assert.Equal("network", policy.Decide(Result("network", 0.4)).Department);
        Assert.Equal("general", policy.Decide(Result("security", 0.8)).Department);
        Assert.Equal("database", policy.Decide(Result("database", 0.6)).Department);
    }

    [Fact]
    public void Choose_PerDepartment_TakesTheLowestThresholdReachingTheTargetPrecision()
    {
        // network: right at 0.5 and above, wrong below; security: too few predictions to choose.
        var predictions = new List<Prediction>
        {
            new("network", "network", 0.9), new("network", "network", 0.7), new("network", "network", 0.5),
            new("database", "network", 0.35), new("security", "network", 0.2), new("network", "network", 0.6),
            new("security", "security", 0.9),
        };

        var thresholds = DepartmentThresholds.Choose(predictions, targetPrecision: 0.85, globalThreshold: 0.55);

        Assert.Equal(new DepartmentThreshold(0.4, 1, 0.6667, 6, true), thresholds["network"]);
        Assert.Equal(new DepartmentThreshold(0.55, 1, 1, 1, false), thresholds["security"]);
    }

    [Fact]
    public void Choose_TargetOutOfReach_NeverGoesBelowTheGlobalThreshold()
    {
        var predictions = Enumerable.Range(0, 6).Select(i => new Prediction("database", "network", 0.1 + (i * 0.1))).ToList();

        var threshold = DepartmentThresholds.Choose(predictions, 0.85, 0.55)["network"];

        Assert.True(threshold.Threshold >= 0.55);
        Assert.Equal(0, threshold.Precision);
    }

    [Fact]
    public void Compute_Replay_CountsMovesAccuracyAndConfusionChanges()
    {
        ReplayedTicket[] tickets =
        [
            new("network", "general", "network"), new("network", "general", "network"),
            new("database", "database", "network"), new("security", "security", "security"),
        ];

        var report = ReplayReport.Compute(tickets);

        Assert.Equal((4, 3, 0.5, 0.75, 2, 1), (report.Tickets, report.WouldMove, report.ActiveAccuracy, report.CandidateAccuracy,
            report.FixedByCandidate, report.BrokenByCandidate));
        Assert.Equal(new ConfusionChange("network", "general", 2, 0), report.ConfusionChanges[0]);
        Assert.Contains(new ConfusionChange("database", "network", 0, 1), report.ConfusionChanges);
        Assert.DoesNotContain(report.ConfusionChanges, c => c.Actual == "security");
    }
}
