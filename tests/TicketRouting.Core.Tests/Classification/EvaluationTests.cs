using TicketRouting.Core.Classification.Evaluation;

namespace TicketRouting.Core.Tests.Classification;

public class EvaluationTests
{
    [Fact]
    public void ReadRecords_QuotedCommasQuotesAndLineBreaks_ParsesRfc4180()
    {
        var csv = "subject,description,label\r\n\"Hello, you\",\"line 1\nsaid \"\"hi\"\"\",billing\r\n,plain,orders";

        var records = CsvReader.ReadRecords(new StringReader(csv)).ToList();

        Assert.Equal(3, records.Count);
        Assert.Equal(["Hello, you", "line 1\nsaid \"hi\"", "billing"], records[1]);
        Assert.Equal(["", "plain", "orders"], records[2]);
    }

    [Fact]
    public void Compute_KnownPredictions_GivesAccuracyF1AndConfusion()
    {
        Prediction[] predictions =
        [
            new("a", "a", 0.9), new("a", "b", 0.4), new("b", "b", 0.8), new("b", "b", 0.3),
        ];

        var report = ClassificationReport.Compute(["a", "b"], predictions);

        Assert.Equal(0.75, report.Accuracy);
        Assert.Equal(1, report.Confusion[0, 1]);
        Assert.Equal(2.0 / 3, report.PerClass[1].Precision, 6);
        Assert.Equal(0.5, report.PerClass[0].Recall, 6);
        Assert.Equal((2.0 / 3 + 0.8) / 2, report.MacroF1, 6);
        var at = report.AtThreshold(0.5);
        Assert.Equal(1.0, at.Precision);
        Assert.Equal(0.5, at.Coverage);
        Assert.Equal(0.45, report.ChooseThreshold(0.95).Threshold, 6);
        Assert.Equal(0.45, report.ChooseThresholdForCoverage(0.5).Threshold, 6);
        Assert.Equal(0.0, report.ChooseThresholdForCoverage(0.75).Threshold, 6);
    }
}
