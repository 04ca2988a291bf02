using TicketRouting.Core.Classification;
using TicketRouting.Core.Classification.Model;
using TicketRouting.Core.Domain;

namespace TicketRouting.Core.Tests.Classification;

public class HybridClassifierTests
{
    private static readonly ModelClassifier Model = new(TextModelTrainer.Train(TestData.Tickets, TestData.Options()));

    [Fact]
    public void Classify_ModelUnsureAndNoRuleMatches_FallsBackForReview()
    {
        var hybrid = new HybridClassifier(
            new KeywordRulesClassifier(TestData.Rules((Departments.Billing, "facture", 3)), Departments.General), Model);
        var policy = new ConfidencePolicy(0.6, Departments.General);

        var decision = policy.Decide(hybrid.Classify("", "zxcv qwerty"));

        Assert.True(decision.NeedsReview);
        Assert.Equal(Departments.General, decision.Department);
        Assert.Equal("hybrid", decision.Classification.Classifier);
    }

    [Fact]
    public void Classify_ModelInDoubt_RulesBreakTheTie()
    {
        var rules = new KeywordRulesClassifier(TestData.Rules((Departments.Sales, "zxcv", 5)), Departments.General);
        var hybrid = new HybridClassifier(rules, Model, new HybridOptions { ModelTrust = 1.01, RulesWeight = 0.6 });

        var result = hybrid.Classify("", "zxcv qwerty");

        Assert.Equal(Departments.Sales, result.Department);
        Assert.Contains("sales:zxcv", result.Evidence);
    }

    [Fact]
    public void Classify_ModelConfident_ModelDecidesEvenAgainstRules()
    {
        var rules = new KeywordRulesClassifier(TestData.Rules((Departments.Sales, "password", 5)), Departments.General);
        var hybrid = new HybridClassifier(rules, Model, new HybridOptions { ModelTrust = 0.0 });

        var result = hybrid.Classify("Password", "I forgot my password and cannot log in");

        Assert.Equal(Departments.Accounts, result.Department);
    }

    [Fact]
    public void Create_NoKindAndModelFileExists_BuildsHybridElseRules()
    {
        var path = Path.GetTempFileName();
        try
        {
            TextModelFile.Save(Model.Model, path);
            var rules = TestData.Rules((Departments.Billing, "facture", 3));

            Assert.IsType<HybridClassifier>(ClassifierFactory.Create(null, rules, path, Departments.General));
            Assert.IsType<ModelClassifier>(ClassifierFactory.Create("model", rules, path, Departments.General));
            Assert.IsType<KeywordRulesClassifier>(ClassifierFactory.Create(null, rules, path + ".missing", Departments.General));
            Assert.Throws<ArgumentException>(() => ClassifierFactory.Create("neural", rules, path, Departments.General));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
