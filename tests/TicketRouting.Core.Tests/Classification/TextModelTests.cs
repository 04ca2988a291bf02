using TicketRouting.Core.Classification.Model;
using TicketRouting.Core.Domain;

namespace TicketRouting.Core.Tests.Classification;

public class TextModelTests
{
    private static readonly TextModel Model = TextModelTrainer.Train(TestData.Tickets, TestData.Options());

    [Theory]
    [InlineData(TrainingAlgorithms.LinearSvm)]
    [InlineData(TrainingAlgorithms.LogisticRegression)]
    public void Train_SameDataAndSeed_SavesIdenticalFiles(string algorithm)
    {
        var first = SaveBytes(TextModelTrainer.Train(TestData.Tickets, TestData.Options(algorithm)));
        var second = SaveBytes(TextModelTrainer.Train(TestData.Tickets, TestData.Options(algorithm)));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Train_DifferentSeed_ChangesWeights()
    {
        var a = SaveBytes(TextModelTrainer.Train(TestData.Tickets, TestData.Options(TrainingAlgorithms.LogisticRegression)));
        var b = SaveBytes(TextModelTrainer.Train(
            TestData.Tickets, TestData.Options(TrainingAlgorithms.LogisticRegression) with { Seed = 7 }));

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void SaveAndLoad_ReloadedModel_PredictsTheSameProbabilities()
    {
        var path = Path.GetTempFileName();
        try
        {
            TextModelFile.Save(Model, path);
            var reloaded = TextModelFile.Load(path);

            Assert.Equal(Model.Labels, reloaded.Labels);
            Assert.Equal(Model.Settings, reloaded.Settings);
            Assert.Equal(Model.Info.TrainingFingerprint, reloaded.Info.TrainingFingerprint);
            foreach (var text in new[] { "ma facture est fausse", "the app crashes", "asdf qwerty", "" })
            {
                Assert.Equal(Predict(Model, text), Predict(reloaded, text));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Train_ModelFile_CarriesFingerprintOfTheRows()
    {
        var changed = TestData.Tickets.Select((t, i) => i == 0 ? t with { Label = Departments.General } : t).ToList();

        var other = TextModelTrainer.Train(changed, TestData.Options());

        Assert.StartsWith("sha256:", Model.Info.TrainingFingerprint);
        Assert.NotEqual(Model.Info.TrainingFingerprint, other.Info.TrainingFingerprint);
        Assert.Equal(TestData.Tickets.Length, Model.Info.TrainingRows);
    }

    [Theory]
    [InlineData("FACTURES fausses, prélevé 2 fois", Departments.Billing)]
    [InlineData("L'application PLANTE, message d'erreur", Departments.Technical)]
    [InlineData("forgot my password, can't log in", Departments.Accounts)]
    public void Classify_UnseenWording_PicksDepartmentWithEvidence(string text, string expected)
    {
        var result = new ModelClassifier(Model).Classify("", text);

        Assert.Equal(expected, result.Department);
        Assert.InRange(result.Confidence, 1.0 / Departments.Default.Count, 1);
        Assert.Equal(1, result.Scores.Values.Sum(), 6);
        Assert.NotEmpty(result.Evidence);
    }

    [Fact]
    public void Classify_RepeatedCalls_AllocateTheSameSmallAmount()
    {
        var classifier = new ModelClassifier(Model);
        var ticket = string.Concat(Enumerable.Repeat("Ma facture est fausse, j'ai été prélevé deux fois. ", 20));
        for (var i = 0; i < 50; i++)
        {
            classifier.Classify("Facture", ticket); // warm up: tiered JIT and the thread's scratch
        }

        var first = AllocatedPerCall(() => classifier.Classify("Facture", ticket), 200);
        var second = AllocatedPerCall(() => classifier.Classify("Facture", ticket), 200);

        Assert.InRange(first, 1, 1024);
        Assert.Equal(first, second);
    }

    private static long AllocatedPerCall(Action action, int calls)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            action();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / calls;
    }

    private static double[] Predict(TextModel model, string text)
    {
        var p = new double[model.Labels.Count];
        model.Predict("", text, p);
        return p;
    }

    private static byte[] SaveBytes(TextModel model)
    {
        var path = Path.GetTempFileName();
        try
        {
            TextModelFile.Save(model, path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
