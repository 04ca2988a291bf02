using System.Text.Json;
using TicketRouting.Core.Classification.Model;

namespace TicketRouting.Core.Tests.Classification;

public class ModelClassifierTests
{
    private static readonly ModelClassifier Classifier = new(TextModelTrainer.Train(TestData.Tickets, TestData.Options()));

    [Fact]
    public void Classify_ManyThreadsAtOnce_GiveTheSameAnswersAsOneThread()
    {
        var texts = TestData.Tickets.Select(t => t.Description).ToArray();
        var expected = texts.Select(t => Classifier.Classify("", t).Scores.Values.ToArray()).ToArray();

        var results = new double[texts.Length * 20][];
        Parallel.For(0, results.Length, i => results[i] = Classifier.Classify("", texts[i % texts.Length]).Scores.Values.ToArray());

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(expected[i % texts.Length], results[i]);
        }
    }

    [Fact]
    public void Classify_ResultAsJson_HasScoresAsAnObjectOfDepartments()
    {
        var result = Classifier.Classify("Facture", "j'ai été prélevé deux fois");

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerDefaults.Web)));

        var scores = json.RootElement.GetProperty("scores");
        Assert.Equal(JsonValueKind.Object, scores.ValueKind);
        Assert.Equal(result.Scores["billing"], scores.GetProperty("billing").GetDouble());
        Assert.Equal("model", json.RootElement.GetProperty("classifier").GetString());
    }
}
