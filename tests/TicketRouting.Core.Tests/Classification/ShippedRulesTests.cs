using TicketRouting.Core.Classification;
using TicketRouting.Core.Domain;

namespace TicketRouting.Core.Tests.Classification;

public class ShippedRulesTests
{
    private readonly KeywordRulesClassifier _classifier = new(TestData.ShippedRules(), Departments.General);
    private readonly ConfidencePolicy _policy = new(0.5, Departments.General);

    [Theory]
    [InlineData("Bonjour, ma facture de mars est fausse, j'ai été prélevé deux fois", Departments.Billing)]
    [InlineData("The app crashes with an error when I open settings", Departments.Technical)]
    [InlineData("Mon colis n'est toujours pas livré, le suivi ne bouge plus", Departments.Orders)]
    [InlineData("I want to return these shoes and get a refund", Departments.Returns)]
    [InlineData("J'ai oublié mon mot de passe et mon compte est bloqué", Departments.Accounts)]
    [InlineData("We would like a quote for 40 licenses and a demo", Departments.Sales)]
    [InlineData("Quels sont vos horaires d'ouverture le samedi ?", Departments.General)]
    public void Classify_RealTicket_RoutesToDepartmentConfidently(string text, string expected)
    {
        var decision = _policy.Decide(_classifier.Classify("", text));

        Assert.Equal(expected, decision.Department);
        Assert.False(decision.NeedsReview);
    }

    [Fact]
    public void Classify_Gibberish_GoesToFallbackForReview()
    {
        var decision = _policy.Decide(_classifier.Classify("", "asdf qwerty"));

        Assert.Equal(Departments.General, decision.Department);
        Assert.True(decision.NeedsReview);
        Assert.Empty(decision.Classification.Evidence);
    }

    [Fact]
    public void Classify_RepeatedCalls_AllocateOnlyTheResult()
    {
        var ticket = string.Concat(Enumerable.Repeat("Ma facture est fausse, j'ai été prélevé deux fois. ", 20));
        for (var i = 0; i < 20; i++)
        {
            _classifier.Classify("Facture", ticket);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            _classifier.Classify("Facture", ticket);
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        Assert.InRange(perCall, 1, 1024);
    }

    [Fact]
    public void ShippedRules_EveryRule_IsValidAndEveryDepartmentIsCoveredInBothLanguages()
    {
        var rules = TestData.ShippedRules().Rules;

        Assert.All(rules, r => Assert.Empty(r.Validate()));
        foreach (var department in Departments.Default)
        {
            Assert.True(rules.Count(r => r.Department == department && r.Weight > 0) >= 40, department);
        }
    }
}
